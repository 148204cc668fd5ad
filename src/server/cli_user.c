/* rosterd user add: accounts made by the operator (staff, admins). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "roster/i18n.h"
#include "service/auth.h"
#include "cli.h"
#include "config.h"
#include "log.h"
#include "store/catalogue.h"
#include "store/store.h"

static void user_usage(FILE *f)
{
	fprintf(f,
		"usage: rosterd user add --role ROLE [--org ID|CODE] --username NAME --email ADDR\n"
		"                        [--mobile NUMBER] [--member-type individual|unit]\n"
		"                        --password-stdin [--config FILE] [--db PATH]\n"
		"  ROLE: member, branch_staff (needs --org), hq_staff, admin\n");
}

/* The first line of stdin, without its line end. */
static int read_password(char *buf, size_t len)
{
	if (!fgets(buf, (int)len, stdin))
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* --org takes a branch's id or code ("BJ"). 0, or -1 (printed). */
static int resolve_branch(struct db *db, const char *arg, int64_t *id)
{
	struct org o;
	char *end;
	long long n = strtoll(arg, &end, 10);
	int rc;

	if (*arg && !*end)
		rc = store_org_get(db, (int64_t)n, &o);
	else
		rc = store_org_by_code(db, arg, &o);
	if (rc != ST_OK) {
		fprintf(stderr, "rosterd: no organisation \"%s\" (run rosterd init first?)\n", arg);
		return -1;
	}
	if (strcmp(o.kind, "branch") != 0) {
		fprintf(stderr, "rosterd: \"%s\" is not a branch\n", arg);
		org_free(&o);
		return -1;
	}
	*id = o.id;
	org_free(&o);
	return 0;
}

static int user_add(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_CONFIG_OPTIONS,
		{ "role",           required_argument, NULL, 'r' },
		{ "org",            required_argument, NULL, 'O' },
		{ "username",       required_argument, NULL, 'u' },
		{ "email",          required_argument, NULL, 'e' },
		{ "mobile",         required_argument, NULL, 'M' },
		{ "member-type",    required_argument, NULL, 'T' },
		{ "password-stdin", no_argument,       NULL, 'P' },
		{ "help",           no_argument,       NULL, 'h' },
		{ 0 }
	};
	static struct config cfg;
	const char *role = NULL, *username = NULL, *email = NULL, *mobile = NULL;
	const char *member_type = NULL, *field, *why;
	const char *org_arg = NULL;
	int64_t org = 0;
	bool pw_stdin = false;
	char password[256];
	struct db *db;
	int64_t id = 0;
	int opt, rc;

	if (cli_config_begin(&cfg, argc, argv) != 0)
		return 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'r': role = optarg; break;
		case 'O': org_arg = optarg; break;
		case 'u': username = optarg; break;
		case 'e': email = optarg; break;
		case 'M': mobile = optarg; break;
		case 'T': member_type = optarg; break;
		case 'P': pw_stdin = true; break;
		case 'h': user_usage(stdout); return 0;
		case '?': user_usage(stderr); return 2;
		default:
			if (cli_config_option(&cfg, opt, optarg) != 0)
				return 2;
		}
	}
	if (!role || !username || !email || !pw_stdin || optind < argc) {
		user_usage(stderr);
		return 2;
	}
	if (cli_config_end(&cfg) != 0)
		return 2;
	if (read_password(password, sizeof password) != 0) {
		fprintf(stderr, "rosterd: no password on standard input\n");
		return 2;
	}
	log_set_level(1);
	db = db_open(cfg.db_path);
	if (!db) {
		sodium_memzero(password, sizeof password);
		return 1;
	}
	if (store_migrate(db, NULL) != ST_OK) {
		db_close(db);
		sodium_memzero(password, sizeof password);
		return 1;
	}
	if (org_arg && resolve_branch(db, org_arg, &org) != 0) {
		db_close(db);
		sodium_memzero(password, sizeof password);
		return 2;
	}
	rc = auth_account_create(db, 0, role, org, username, email, mobile,
	                         member_type ? member_type : "individual", password,
	                         &id, &field, &why);
	sodium_memzero(password, sizeof password);
	db_close(db);
	switch (rc) {
	case ST_OK:
		printf("rosterd: account %lld (%s, %s) created\n", (long long)id, username, role);
		return 0;
	case ST_EXISTS:
		fprintf(stderr, "rosterd: the %s is taken\n", field);
		return 1;
	case ST_CONFLICT:
		fprintf(stderr, "rosterd: %s: %s\n", field, _(why));
		return 2;
	default:
		fprintf(stderr, "rosterd: the account could not be created\n");
		return 1;
	}
}

int cli_user(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		user_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "add") == 0)
		return user_add(argc - 1, argv + 1);
	fprintf(stderr, "rosterd: unknown user command \"%s\"\n", argv[1]);
	user_usage(stderr);
	return 2;
}
