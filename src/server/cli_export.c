/* rosterd export members|orders|invoices: CSV (UTF-8 with a BOM, so
 * spreadsheet programs read the Chinese right; CRLF line ends) on standard
 * output or into --output FILE. The members file is what `rosterd import`
 * reads. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "config.h"
#include "csv.h"
#include "log.h"
#include "store/import.h"
#include "store/store.h"

static void export_usage(FILE *f)
{
	fprintf(f,
		"usage: rosterd export members|orders|invoices [--output FILE] [--no-bom]\n"
		"                     [--config FILE] [--db PATH]\n");
}

static void put_row(int n, const char *const *header, const char *const *vals, void *arg)
{
	FILE *f = arg;

	if (header)
		for (int c = 0; c < n; c++)
			csv_put(f, header[c], c == n - 1);
	if (vals)
		for (int c = 0; c < n; c++)
			csv_put(f, vals[c], c == n - 1);
}

int cli_export(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_CONFIG_OPTIONS,
		{ "output", required_argument, NULL, 'o' },
		{ "no-bom", no_argument,       NULL, 'B' },
		{ "help",   no_argument,       NULL, 'h' },
		{ 0 }
	};
	static struct config cfg;
	const char *what, *output = NULL;
	bool bom = true;
	struct db *db;
	FILE *f = stdout;
	int opt, rc;

	if (cli_config_begin(&cfg, argc, argv) != 0)
		return 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': output = optarg; break;
		case 'B': bom = false; break;
		case 'h': export_usage(stdout); return 0;
		case '?': export_usage(stderr); return 2;
		default:
			if (cli_config_option(&cfg, opt, optarg) != 0)
				return 2;
		}
	}
	if (optind != argc - 1) {
		export_usage(stderr);
		return 2;
	}
	what = argv[optind];
	if (strcmp(what, "members") != 0 && strcmp(what, "orders") != 0 &&
	    strcmp(what, "invoices") != 0) {
		export_usage(stderr);
		return 2;
	}
	if (cli_config_end(&cfg) != 0)
		return 2;
	log_set_level(1);
	db = db_open(cfg.db_path);
	if (!db)
		return 1;
	if (store_schema_version(db) <= 0) {
		fprintf(stderr, "rosterd: %s is not a Roster database\n", cfg.db_path);
		db_close(db);
		return 1;
	}
	if (output && !(f = fopen(output, "w"))) {
		fprintf(stderr, "rosterd: %s: %s\n", output, strerror(errno));
		db_close(db);
		return 1;
	}
	if (bom)
		fputs("\xEF\xBB\xBF", f);
	db_read_begin(db);
	rc = store_export(db, what, put_row, f) == ST_OK ? 0 : 1;
	db_read_end(db);
	if (fflush(f) != 0 || ferror(f))
		rc = 1;
	if (output && fclose(f) != 0)
		rc = 1;
	db_close(db);
	config_free(&cfg);
	return rc;
}
