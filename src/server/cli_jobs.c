/* rosterd jobs run-now | log: the scheduled jobs from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "config.h"
#include "log.h"
#include "mail.h"
#include "service/schedule.h"
#include "store/jobs.h"
#include "store/store.h"

static void jobs_usage(FILE *f)
{
	fprintf(f,
		"usage: rosterd jobs run-now [--config FILE] [--db PATH] [--set SECTION.KEY=VALUE]\n"
		"       rosterd jobs log [--limit N] [--config FILE] [--db PATH]\n"
		"  run-now  run every scheduled job once, now (refused while a serving\n"
		"           instance holds the scheduler lease)\n"
		"  log      the latest runs, newest first\n");
}

static void run_print(const struct job_run *r, void *arg)
{
	char started[32];
	time_t t = (time_t)r->started_at;
	struct tm tm;

	(void)arg;
	gmtime_r(&t, &tm);
	strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)r->id, started, r->trigger, r->status,
	       r->owner, r->detail ? r->detail : "");
}

int cli_jobs(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_CONFIG_OPTIONS,
		{ "limit", required_argument, NULL, 'n' },
		{ "help",  no_argument,       NULL, 'h' },
		{ 0 }
	};
	static struct config cfg;
	const char *cmd;
	char *detail = NULL, *holder = NULL;
	struct db *db;
	int opt, rc, limit = 20;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		jobs_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	cmd = argv[1];
	if (strcmp(cmd, "run-now") != 0 && strcmp(cmd, "log") != 0) {
		fprintf(stderr, "rosterd: unknown jobs command \"%s\"\n", cmd);
		jobs_usage(stderr);
		return 2;
	}
	argc--;
	argv++;
	if (cli_config_begin(&cfg, argc, argv) != 0)
		return 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': limit = atoi(optarg); break;
		case 'h': jobs_usage(stdout); return 0;
		case '?': jobs_usage(stderr); return 2;
		default:
			if (cli_config_option(&cfg, opt, optarg) != 0)
				return 2;
		}
	}
	if (optind < argc || limit <= 0) {
		jobs_usage(stderr);
		return 2;
	}
	if (cli_config_end(&cfg) != 0)
		return 2;
	db = db_open(cfg.db_path);
	if (!db)
		return 1;
	if (store_migrate(db, NULL) != ST_OK) {
		db_close(db);
		return 1;
	}
	if (strcmp(cmd, "log") == 0) {
		rc = store_job_run_list(db, limit, run_print, NULL) == ST_OK ? 0 : 1;
		db_close(db);
		config_free(&cfg);
		return rc;
	}
	if (mail_start() != 0) {
		db_close(db);
		return 1;
	}
	switch (schedule_run(db, "command", &detail, &holder)) {
	case ST_OK:
		printf("%s\n", detail);
		rc = 0;
		break;
	case ST_CONFLICT:
		fprintf(stderr, "rosterd: instance %s holds the scheduler lease and runs the jobs;"
		        " ask it with POST /api/v1/jobs/run (admin)\n", holder ? holder : "?");
		rc = 1;
		break;
	default:
		fprintf(stderr, "rosterd: some jobs failed%s%s\n", detail ? ": " : "",
		        detail ? detail : "");
		rc = 1;
	}
	free(detail);
	free(holder);
	mail_stop();
	db_close(db);
	config_free(&cfg);
	return rc;
}
