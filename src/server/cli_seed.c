/* rosterd seed: many made-up members and orders in a database, to measure
 * rosterd at a large association's size (see store/seed.h and rosterd(8)).
 * Never on a database with real members: the accounts it adds can sign in
 * with the password printed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "config.h"
#include "log.h"
#include "service/auth.h"
#include "store/seed.h"
#include "store/store.h"

#define SEED_PASSWORD "Seed-Member-2026"

static void seed_usage(FILE *f)
{
	fprintf(f,
		"usage: rosterd seed [--members N] [--orders N] [--seed N]\n"
		"                    [--config FILE] [--db PATH]\n"
		"  adds N made-up members (default 200000) and N orders (default 1000000)\n"
		"  to a database made by `rosterd init`; their password is " SEED_PASSWORD "\n");
}

static int count_arg(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0) {
		fprintf(stderr, "rosterd: \"%s\" is not a count\n", s);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_seed(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_CONFIG_OPTIONS,
		{ "members", required_argument, NULL, 'm' },
		{ "orders",  required_argument, NULL, 'o' },
		{ "seed",    required_argument, NULL, 's' },
		{ "help",    no_argument,       NULL, 'h' },
		{ 0 }
	};
	static struct config cfg;
	struct seed_opts so = { .members = 200000, .orders = 1000000, .seed = 0 };
	struct seed_result res;
	char hash[crypto_pwhash_STRBYTES];
	struct timespec t0, t1;
	int64_t seed = 0;
	struct db *db;
	int opt, rc;

	if (cli_config_begin(&cfg, argc, argv) != 0)
		return 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'm':
			if (count_arg(optarg, &so.members) != 0)
				return 2;
			break;
		case 'o':
			if (count_arg(optarg, &so.orders) != 0)
				return 2;
			break;
		case 's':
			if (count_arg(optarg, &seed) != 0)
				return 2;
			so.seed = (uint64_t)seed;
			break;
		case 'h': seed_usage(stdout); return 0;
		case '?': seed_usage(stderr); return 2;
		default:
			if (cli_config_option(&cfg, opt, optarg) != 0)
				return 2;
		}
	}
	if (optind != argc || so.members <= 0) {
		seed_usage(stderr);
		return 2;
	}
	if (cli_config_end(&cfg) != 0)
		return 2;
	log_set_level(1);
	db = db_open(cfg.db_path);
	if (!db)
		return 1;
	if (store_schema_version(db) <= 0) {
		fprintf(stderr, "rosterd: %s is not a Roster database (run rosterd init)\n",
		        cfg.db_path);
		db_close(db);
		return 1;
	}
	if (store_migrate(db, NULL) != ST_OK || auth_password_hash(SEED_PASSWORD, hash) != 0) {
		db_close(db);
		return 1;
	}
	so.password_hash = hash;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = store_seed(db, &so, &res);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	db_close(db);
	config_free(&cfg);
	switch (rc) {
	case ST_OK:
		printf("rosterd: %lld members (accounts %lld to %lld) and %lld orders (%lld paid)"
		       " added in %.1f s; password " SEED_PASSWORD "\n",
		       (long long)res.members, (long long)res.first_account,
		       (long long)res.last_account, (long long)res.orders, (long long)res.paid,
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		return 0;
	case ST_NOTFOUND:
		fprintf(stderr, "rosterd: the catalogue has no levels or branches (run rosterd init)\n");
		return 1;
	case ST_CONFLICT:
		fprintf(stderr, "rosterd: that many orders do not fit the members and years"
		        " seeded; nothing was added\n");
		return 1;
	default:
		fprintf(stderr, "rosterd: seeding failed; nothing was added\n");
		return 1;
	}
}
