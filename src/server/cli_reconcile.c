/* rosterd reconcile: ask the payment gateways about a day's attempts. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "config.h"
#include "log.h"
#include "pay/provider.h"
#include "pay/reconcile.h"
#include "store/store.h"

static void reconcile_usage(FILE *f)
{
	fprintf(f,
		"usage: rosterd reconcile [--date YYYY-MM-DD] [--config FILE] [--db PATH]\n"
		"  Ask each payment gateway switched on about every attempt made or paid\n"
		"  that day (default: yesterday) and every attempt still open; settle what\n"
		"  a lost callback missed and list the differences. Exit 0 when nothing\n"
		"  is left for staff, 1 when differences remain or a gateway gave no answer.\n");
}

int cli_reconcile(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_CONFIG_OPTIONS,
		{ "date", required_argument, NULL, 'y' },
		{ "help", no_argument,       NULL, 'h' },
		{ 0 }
	};
	static struct config cfg;
	struct reconcile_totals t;
	const char *day = NULL;
	char why[256];
	struct db *db;
	int opt, rc;

	if (cli_config_begin(&cfg, argc, argv) != 0)
		return 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'y': day = optarg; break;
		case 'h': reconcile_usage(stdout); return 0;
		case '?': reconcile_usage(stderr); return 2;
		default:
			if (cli_config_option(&cfg, opt, optarg) != 0)
				return 2;
		}
	}
	if (optind < argc) {
		reconcile_usage(stderr);
		return 2;
	}
	if (cli_config_end(&cfg) != 0)
		return 2;
	if (!cfg.wx_mchid && !cfg.ali_app_id) {
		fprintf(stderr, "rosterd: no payment gateway is switched on"
		        " (wechat.mchid, alipay.app_id); nothing to reconcile\n");
		return 0;
	}
	if (pay_gateways_check(why, sizeof why) != 0) {
		fprintf(stderr, "rosterd: payment gateway: %s\n", why);
		return 1;
	}
	log_set_level(1);
	if (!(db = db_open(cfg.db_path)))
		return 1;
	if (store_migrate(db, NULL) != ST_OK) {
		db_close(db);
		return 1;
	}
	rc = reconcile_run(db, day, stdout, &t);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "rosterd: --date wants YYYY-MM-DD\n");
		return 2;
	}
	return t.differences || t.unanswered ? 1 : 0;
}
