/* rosterd: the Roster API server. `rosterd serve|init|user …`. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "roster/i18n.h"
#include "cli.h"
#include "roster/paths.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rosterd COMMAND [OPTIONS]\n"
		"\n"
		"commands:\n"
		"  serve       run the API server (until SIGTERM or SIGINT)\n"
		"  init        create or migrate the database and load the shipped defaults\n"
		"              (--demo: also demo accounts and data)\n"
		"  user add    create an account (staff, admins) with a password from stdin\n"
		"  reconcile   ask the payment gateways about a day's payments (--date D)\n"
		"  jobs run-now|log   run the scheduled jobs now; the log of runs\n"
		"  import FILE.csv    bring existing members in (--dry-run: only check)\n"
		"  export members|orders|invoices   CSV on standard output\n"
		"  backup FILE        copy the database, also while it is serving\n"
		"  restore FILE       replace the database with a backup (server stopped)\n"
		"  seed               made-up members and orders, to measure (make bench)\n"
		"\n"
		"  rosterd COMMAND --help   options of a command\n"
		"  rosterd --version        version\n"
		"\n"
		"Configuration: rosterd.conf(5); see rosterd(8).\n");
}

/* Messages and mails are in the configured language whatever the
 * environment's locale is: gettext follows LANGUAGE as long as LC_MESSAGES
 * is not the plain "C" locale, and C.UTF-8 is always there. */
static void i18n_setup(void)
{
	const char *dir = getenv("ROSTER_LOCALEDIR");

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	if (!setlocale(LC_MESSAGES, "C.UTF-8"))
		setlocale(LC_MESSAGES, "");
	bindtextdomain(ROSTER_TEXTDOMAIN, dir && *dir ? dir : paths_locale_dir());
	bind_textdomain_codeset(ROSTER_TEXTDOMAIN, "UTF-8");
	textdomain(ROSTER_TEXTDOMAIN);
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("rosterd %s\n", ROSTER_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "rosterd: libsodium cannot start\n");
		return 1;
	}
	/* the language itself comes from the configuration (cli_config_end) */
	i18n_setup();
	if (strcmp(argv[1], "serve") == 0)
		rc = cli_serve(argc - 1, argv + 1);
	else if (strcmp(argv[1], "init") == 0)
		rc = cli_init(argc - 1, argv + 1);
	else if (strcmp(argv[1], "user") == 0)
		rc = cli_user(argc - 1, argv + 1);
	else if (strcmp(argv[1], "reconcile") == 0)
		rc = cli_reconcile(argc - 1, argv + 1);
	else if (strcmp(argv[1], "jobs") == 0)
		rc = cli_jobs(argc - 1, argv + 1);
	else if (strcmp(argv[1], "import") == 0)
		rc = cli_import(argc - 1, argv + 1);
	else if (strcmp(argv[1], "export") == 0)
		rc = cli_export(argc - 1, argv + 1);
	else if (strcmp(argv[1], "backup") == 0)
		rc = cli_backup(argc - 1, argv + 1);
	else if (strcmp(argv[1], "restore") == 0)
		rc = cli_restore(argc - 1, argv + 1);
	else if (strcmp(argv[1], "seed") == 0)
		rc = cli_seed(argc - 1, argv + 1);
	else {
		fprintf(stderr, "rosterd: unknown command \"%s\"\n", argv[1]);
		usage(stderr);
		rc = 2;
	}
	return rc;
}
