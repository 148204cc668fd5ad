/* rosterd backup FILE / rosterd restore FILE: copies of the whole database
 * (accounts, members, orders, files, keys' users …) through SQLite's online
 * backup API (PostgreSQL's: cli_backup_pg.c), so a backup can be taken while rosterd serves: it is one
 * consistent snapshot, and writers carry on (WAL) while it is read. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "roster/xalloc.h"
#include "cli.h"
#include "cli_backup_pg.h"
#include "config.h"
#include "log.h"
#include "store/db.h"
#include "store/db_sqlite.h"
#include "store/jobs.h"
#include "store/store.h"

static void backup_usage(FILE *f)
{
	fprintf(f,
		"usage: rosterd backup FILE [--config FILE] [--db PATH]\n"
		"       rosterd restore FILE [--force] [--config FILE] [--db PATH]\n"
		"  backup   write a consistent copy of the database to FILE (also while serving)\n"
		"  restore  replace the database with the backup in FILE; stop rosterd first\n"
		"           (the database as it was is kept as PATH.before-restore)\n");
}

/* Copy the whole of src into dst ("main" to "main") in one step: one read
 * snapshot of src. SQLITE_OK or an SQLite error code. */
static int copy_db(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc;

	if (!b)
		return sqlite3_errcode(dst);
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Is path a sound Roster database? NULL when so, else why (static). */
static const char *check_db(const char *path, int *version)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	const char *why = NULL;

	*version = 0;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		why = "cannot be opened";
		goto out;
	}
	if (sqlite3_prepare_v2(h, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW ||
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
		why = "is not a sound SQLite database";
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(h, "SELECT MAX(version) FROM schema_version", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) <= 0) {
		why = "is not a Roster database";
		goto out;
	}
	*version = sqlite3_column_int(st, 0);
out:
	sqlite3_finalize(st);
	sqlite3_close(h);
	return why;
}

/* Options shared by both commands: FILE and the configuration. */
static int parse(int argc, char **argv, struct config *cfg, const char **file, bool *force)
{
	static const struct option opts[] = {
		CLI_CONFIG_OPTIONS,
		{ "force", no_argument, NULL, 'f' },
		{ "help",  no_argument, NULL, 'h' },
		{ 0 }
	};
	int opt;

	if (cli_config_begin(cfg, argc, argv) != 0)
		return 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': *force = true; break;
		case 'h': backup_usage(stdout); return -1;
		case '?': backup_usage(stderr); return 2;
		default:
			if (cli_config_option(cfg, opt, optarg) != 0)
				return 2;
		}
	}
	if (optind != argc - 1) {
		backup_usage(stderr);
		return 2;
	}
	*file = argv[optind];
	if (cli_config_end(cfg) != 0)
		return 2;
	log_set_level(1);
	return 0;
}

int cli_backup(int argc, char **argv)
{
	static struct config cfg;
	const char *file = NULL, *why;
	bool force = false;
	sqlite3 *out = NULL;
	struct db *db = NULL;
	char *tmp = NULL;
	int rc, version;

	rc = parse(argc, argv, &cfg, &file, &force);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (db_path_is_pg(cfg.db_path)) {
		rc = backup_pg(&cfg, file);
		config_free(&cfg);
		return rc;
	}
	if (access(cfg.db_path, R_OK) != 0) {
		fprintf(stderr, "rosterd: %s: %s\n", cfg.db_path, strerror(errno));
		return 1;
	}
	db = db_open(cfg.db_path);
	if (!db)
		return 1;
	/* written beside the target and renamed: a half-written backup never
	 * has the name of a good one */
	tmp = xasprintf("%s.part", file);
	unlink(tmp);
	rc = 1;
	if (sqlite3_open(tmp, &out) != SQLITE_OK) {
		fprintf(stderr, "rosterd: %s: %s\n", tmp, sqlite3_errmsg(out));
		goto done;
	}
	/* one self-contained file: the copy takes the source's WAL mode with
	 * its pages, and a WAL file left beside it would not be copied along */
	if (copy_db(out, db_sqlite_handle(db)) != SQLITE_OK ||
	    sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "rosterd: backup failed: %s\n", sqlite3_errmsg(out));
		goto done;
	}
	sqlite3_close(out);
	out = NULL;
	if ((why = check_db(tmp, &version)) != NULL) {
		fprintf(stderr, "rosterd: the copy %s\n", why);
		goto done;
	}
	if (rename(tmp, file) != 0) {
		fprintf(stderr, "rosterd: %s: %s\n", file, strerror(errno));
		goto done;
	}
	printf("rosterd: backup of %s written to %s (schema %d)\n", cfg.db_path, file, version);
	rc = 0;
done:
	if (out)
		sqlite3_close(out);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	db_close(db);
	config_free(&cfg);
	return rc;
}

/* Is a serving rosterd using the database? A serving instance renews the
 * scheduler lease, and restoring under it would pull the database from
 * under its feet; says so on stderr, naming what (the database) and what
 * to do (advice). */
bool restore_in_use(struct db *db, const char *what, const char *advice)
{
	char *holder = NULL;
	bool used = store_schema_version(db) > 0 &&
	            store_lease_take(db, "scheduler", "rosterd-restore", (int64_t)time(NULL), 1,
	                             &holder) == ST_CONFLICT;

	if (used)
		fprintf(stderr, "rosterd: %s is in use by rosterd (%s); %s, or use --force\n", what,
		        holder ? holder : "?", advice);
	else
		store_lease_release(db, "scheduler", "rosterd-restore");
	free(holder);
	return used;
}

int cli_restore(int argc, char **argv)
{
	static struct config cfg;
	const char *file = NULL, *why;
	bool force = false;
	sqlite3 *in = NULL, *keep = NULL;
	struct db *db = NULL;
	char *saved = NULL;
	int rc, version;

	rc = parse(argc, argv, &cfg, &file, &force);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (db_path_is_pg(cfg.db_path)) {
		rc = restore_pg(&cfg, file, force);
		config_free(&cfg);
		return rc;
	}
	if ((why = check_db(file, &version)) != NULL) {
		fprintf(stderr, "rosterd: %s %s\n", file, why);
		return 1;
	}
	db = db_open(cfg.db_path);
	if (!db)
		return 1;
	rc = 1;
	if (!force && restore_in_use(db, cfg.db_path, "stop it first"))
		goto done;
	saved = xasprintf("%s.before-restore", cfg.db_path);
	unlink(saved);
	if (sqlite3_open(saved, &keep) != SQLITE_OK || copy_db(keep, db_sqlite_handle(db)) != SQLITE_OK) {
		fprintf(stderr, "rosterd: cannot keep the current database as %s: %s\n", saved,
		        sqlite3_errmsg(keep));
		goto done;
	}
	if (sqlite3_open_v2(file, &in, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    copy_db(db_sqlite_handle(db), in) != SQLITE_OK) {
		fprintf(stderr, "rosterd: restore failed: %s\n", sqlite3_errmsg(db_sqlite_handle(db)));
		goto done;
	}
	/* the backup may be older than this rosterd */
	if (store_migrate(db, NULL) != ST_OK)
		goto done;
	printf("rosterd: %s restored from %s (schema %d); the previous database is in %s\n",
	       cfg.db_path, file, version, saved);
	rc = 0;
done:
	if (in)
		sqlite3_close(in);
	if (keep)
		sqlite3_close(keep);
	free(saved);
	db_close(db);
	config_free(&cfg);
	return rc;
}
