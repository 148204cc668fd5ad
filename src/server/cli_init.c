/* rosterd init: create or migrate the database, then run every part's
 * loader of shipped defaults (and demo data with --demo). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "service/catalogue.h"
#include "cli.h"
#include "config.h"
#include "service/auth.h"
#include "log.h"
#include "service/sign.h"
#include "store/catalogue.h"
#include "store/notices.h"
#include "store/store.h"

/* The demo accounts of `rosterd init --demo` (README and rosterd(8) list
 * them). Branch officers come from the catalogue's own demo seed. */
static const struct {
	const char *role, *username, *email, *mobile, *member_type, *password;
} demo_accounts[] = {
	{ "admin",    "admin", "admin@example.org", NULL,          NULL,         "Admin-Demo-2026" },
	{ "hq_staff", "hq",    "hq@example.org",    NULL,          NULL,         "Hq-Demo-2026" },
	{ "member",   "demo",  "demo@example.org",  "13800138000", "individual", "Member-Demo-2026" },
};

static int init_core_demo(struct db *db, bool demo)
{
	if (!demo)
		return 0;
	for (size_t i = 0; i < sizeof demo_accounts / sizeof demo_accounts[0]; i++) {
		const char *field, *why;
		int rc = auth_account_create(db, 0, demo_accounts[i].role, 0,
		                             demo_accounts[i].username, demo_accounts[i].email,
		                             demo_accounts[i].mobile, demo_accounts[i].member_type,
		                             demo_accounts[i].password, NULL, &field, &why);
		if (rc == ST_EXISTS)
			continue;   /* init runs again: keep what is there */
		if (rc != ST_OK) {
			log_error("demo account %s: %s %s", demo_accounts[i].username,
			          field ? field : "", why ? why : "");
			return -1;
		}
	}
	return 0;
}

/* Every branch of the demo has an officer, so its applications move
 * without an admin: <code>_staff (bj_staff, gd_staff …) with the demo
 * branch password, for each active branch that has none. */
static int init_demo_officers(struct db *db, bool demo)
{
	struct org *v = NULL;
	size_t n = 0;
	int rc = 0;

	if (!demo)
		return 0;
	if (store_org_list(db, false, &v, &n) != ST_OK)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char user[40], email[80];
		const char *field = NULL, *why = NULL;
		int r;

		if (strcmp(v[i].kind, "branch") != 0)
			continue;
		snprintf(user, sizeof user, "%s_staff", v[i].code);
		for (char *p = user; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		snprintf(email, sizeof email, "%s@example.org", user);
		r = auth_account_create(db, 0, "branch_staff", v[i].id, user, email, NULL, NULL,
		                        "Branch-Demo-2026", NULL, &field, &why);
		if (r != ST_OK && r != ST_EXISTS) {
			log_error("demo officer %s: %s %s", user, field ? field : "", why ? why : "");
			rc = -1;
		}
	}
	orgs_free(v, n);
	return rc;
}

static int init_keys(struct db *db, bool demo)
{
	(void)db;
	(void)demo;
	return sign_keys_create(g_cfg->key_dir);
}

static int init_catalogue(struct db *db, bool demo)
{
	char *err = NULL;

	if (catalogue_load(db, g_cfg->data_dir, &err) != 0) {
		fprintf(stderr, "rosterd: catalogue from %s:\n%s\n", g_cfg->data_dir, err ? err : "");
		free(err);
		return -1;
	}
	return demo ? catalogue_seed_demo(db) : 0;
}

/* Every part's init step, in order, after the migrations. Each loads its
 * shipped defaults idempotently (running init again updates, never
 * duplicates) and, when demo is set, its demo data. Add a line for yours. */
static const struct {
	const char *name;
	int (*fn)(struct db *db, bool demo);
} init_steps[] = {
	{ "keys",           init_keys },
	{ "catalogue",      init_catalogue },
	{ "demo accounts",  init_core_demo },
	{ "demo officers",  init_demo_officers },
	{ "notices",        store_notice_seed },
};

static void init_usage(FILE *f)
{
	fprintf(f, "usage: rosterd init [--config FILE] [--db PATH] [--data-dir DIR] [--demo]\n"
	           "                   [--demo-members]\n");
}

int cli_init(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_CONFIG_OPTIONS,
		{ "demo", no_argument, NULL, 'm' },
		{ "demo-members", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static struct config cfg;
	struct db *db;
	bool demo = false, members = false;
	int opt, applied = 0, rc = 0;


	if (cli_config_begin(&cfg, argc, argv) != 0)
		return 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'm': demo = true; break;
		case 'M': demo = members = true; break;
		case 'h': init_usage(stdout); return 0;
		case '?': init_usage(stderr); return 2;
		default:
			if (cli_config_option(&cfg, opt, optarg) != 0)
				return 2;
		}
	}
	if (optind < argc) {
		init_usage(stderr);
		return 2;
	}
	if (cli_config_end(&cfg) != 0)
		return 2;
	log_set_level(1);
	db = db_open(cfg.db_path);
	if (!db)
		return 1;
	if (store_migrate(db, &applied) != ST_OK) {
		db_close(db);
		return 1;
	}
	for (size_t i = 0; i < sizeof init_steps / sizeof init_steps[0]; i++) {
		if (init_steps[i].fn(db, demo) != 0) {
			fprintf(stderr, "rosterd: init step \"%s\" failed\n", init_steps[i].name);
			rc = 1;
			break;
		}
	}
	if (rc == 0 && members && cli_demo_members(db) != 0) {
		fprintf(stderr, "rosterd: init step \"demo members\" failed\n");
		rc = 1;
	}
	int version = store_schema_version(db);
	db_close(db);
	if (rc == 0)
		printf("rosterd: database %s ready (schema %d, %d migration%s applied)%s\n",
		       cfg.db_path, version, applied, applied == 1 ? "" : "s",
		       members ? ", demo data and members loaded" : demo ? ", demo data loaded" : "");
	config_free(&cfg);
	return rc;
}
