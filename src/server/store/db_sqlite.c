/* The SQLite backend: one database file, WAL, writers one at a time
 * (BEGIN IMMEDIATE). */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include "roster/xalloc.h"
#include "log.h"
#include "server.h"
#include "store/db_backend.h"
#include "store/db_sqlite.h"

struct sq_db {
	struct db base;
	sqlite3 *h;
};

struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
};

static sqlite3 *handle_of(struct db *db)
{
	return ((struct sq_db *)db)->h;
}

static sqlite3_stmt *st_of(struct db_stmt *st)
{
	return ((struct sq_stmt *)st)->st;
}

static int sq_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(handle_of(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("sql: %s", msg ? msg : sqlite3_errmsg(handle_of(db)));
		sqlite3_free(msg);
		return ST_ERROR;
	}
	return ST_OK;
}

static void sq_close(struct db *db)
{
	struct sq_db *s = (struct sq_db *)db;

	if (db->tx_depth > 0)
		sqlite3_exec(s->h, "ROLLBACK", NULL, NULL, NULL);
	db_base_free(db);
	sqlite3_close(s->h);
	free(s);
}

static struct db_stmt *sq_prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *h;
	struct sq_stmt *st;

	if (sqlite3_prepare_v3(handle_of(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &h, NULL) != SQLITE_OK) {
		log_error("sql prepare: %s in: %s", sqlite3_errmsg(handle_of(db)), sql);
		return NULL;
	}
	st = xcalloc(1, sizeof *st);
	st->st = h;
	return &st->base;
}

static void sq_finalize(struct db_stmt *st)
{
	sqlite3_finalize(st_of(st));
	free(st);
}

static void sq_reset(struct db_stmt *st)
{
	sqlite3_reset(st_of(st));
}

static void sq_clear_bindings(struct db_stmt *st)
{
	sqlite3_clear_bindings(st_of(st));
}

static int sq_bind(struct db_stmt *st, int idx, const struct db_val *v)
{
	sqlite3_stmt *h = st_of(st);
	int rc;

	switch (v->kind) {
	case 'i':
		rc = sqlite3_bind_int64(h, idx, v->i);
		break;
	case 'f':
		rc = sqlite3_bind_double(h, idx, v->f);
		break;
	case 't':
		rc = sqlite3_bind_text(h, idx, v->t, -1, SQLITE_TRANSIENT);
		break;
	case 'b':
		rc = sqlite3_bind_blob64(h, idx, v->p, v->n, SQLITE_TRANSIENT);
		break;
	default:
		rc = sqlite3_bind_null(h, idx);
	}
	if (rc != SQLITE_OK) {
		log_error("sql bind %d: %s", idx, sqlite3_errstr(rc));
		return ST_ERROR;
	}
	return ST_OK;
}

static int sq_row(struct db_stmt *st)
{
	sqlite3_stmt *h = st_of(st);
	int rc = sqlite3_step(h);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		log_error("sql: %s in: %s", sqlite3_errmsg(sqlite3_db_handle(h)), sqlite3_sql(h));
	sqlite3_reset(h);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int sq_run(struct db_stmt *st)
{
	sqlite3_stmt *h = st_of(st);
	int rc = sqlite3_step(h);
	int ret = ST_OK;

	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		ret = ST_OK;
	else if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		ret = ST_EXISTS;
	else if ((rc & 0xff) == SQLITE_CONSTRAINT)
		ret = ST_CONFLICT;
	else {
		log_error("sql: %s in: %s", sqlite3_errmsg(sqlite3_db_handle(h)), sqlite3_sql(h));
		ret = ST_ERROR;
	}
	sqlite3_reset(h);
	return ret;
}

static const char *sq_col_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st_of(st), i);
}

static int64_t sq_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st_of(st), i);
}

static bool sq_col_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(st_of(st), i) == SQLITE_NULL;
}

static const void *sq_col_blob(struct db_stmt *st, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(st_of(st), i);

	*len = (size_t)sqlite3_column_bytes(st_of(st), i);
	return p;
}

static int sq_col_count(struct db_stmt *st)
{
	return sqlite3_column_count(st_of(st));
}

static const char *sq_col_name(struct db_stmt *st, int i)
{
	return sqlite3_column_name(st_of(st), i);
}

static int64_t sq_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(handle_of(db));
}

static int sq_changes(struct db *db)
{
	return sqlite3_changes(handle_of(db));
}

static int sq_simple(struct db *db, const char *sql)
{
	struct db_stmt *st = db_stmt(db, sql);

	return st ? db_run(st) : ST_ERROR;
}

static void sq_reset_busy(struct db *db)
{
	sqlite3 *h = handle_of(db);

	for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st; st = sqlite3_next_stmt(h, st))
		if (sqlite3_stmt_busy(st))
			sqlite3_reset(st);
}

static int sq_tx_begin(struct db *db)
{
	return sq_simple(db, "BEGIN IMMEDIATE");
}

static int sq_tx_commit(struct db *db)
{
	if (sq_simple(db, "COMMIT") != ST_OK) {
		sq_exec(db, "ROLLBACK");
		return ST_ERROR;
	}
	return ST_OK;
}

static void sq_tx_rollback(struct db *db)
{
	/* reset readers first: an active statement would keep the rollback from
	 * releasing its locks cleanly */
	sqlite3 *h = handle_of(db);

	for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st; st = sqlite3_next_stmt(h, st))
		sqlite3_reset(st);
	sq_exec(db, "ROLLBACK");
}

static bool sq_read_begin(struct db *db)
{
	return sq_simple(db, "BEGIN") == ST_OK;
}

static void sq_read_end(struct db *db)
{
	/* a statement left mid-way would keep the snapshot past the COMMIT */
	sq_reset_busy(db);
	if (sq_simple(db, "COMMIT") != ST_OK)
		sq_exec(db, "ROLLBACK");
}

static void sq_migrate_lock(struct db *db, bool take)
{
	(void)db;
	(void)take;
}

static const struct db_ops sq_ops = {
	.pg = false,
	.migrations = roster_migrations,
	.migrations_count = &roster_migrations_count,
	.close = sq_close,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.clear_bindings = sq_clear_bindings,
	.bind = sq_bind,
	.row = sq_row,
	.run = sq_run,
	.col_text = sq_col_text,
	.col_int = sq_col_int,
	.col_null = sq_col_null,
	.col_blob = sq_col_blob,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.last_id = sq_last_id,
	.changes = sq_changes,
	.exec = sq_exec,
	.tx_begin = sq_tx_begin,
	.tx_commit = sq_tx_commit,
	.tx_rollback = sq_tx_rollback,
	.read_begin = sq_read_begin,
	.read_end = sq_read_end,
	.reset_busy = sq_reset_busy,
	.migrate_lock = sq_migrate_lock,
};

/* Before the first connection: SQLite's global count of the memory it
 * holds takes one mutex on every allocation, shared by every worker's
 * connection; rosterd never reads it. */
static void sq_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct db *db_sqlite_open(const char *path)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	struct sq_db *s = xcalloc(1, sizeof *s);
	char *pragmas;
	int rc;

	pthread_once(&configured, sq_configure);
	rc = sqlite3_open_v2(path, &s->h,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK) {
		log_error("database %s: %s", path, s->h ? sqlite3_errmsg(s->h) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(s->h, 1);
	/* Plans never depend on the values bound. Otherwise a statement with
	 * "x LIKE ?" is prepared again each time it runs (SQLite looks at the
	 * pattern for its LIKE optimisation): a search's statements spent an
	 * eighth of their time being parsed again. The SQL is written to lead
	 * with its indexes whatever the values. */
	sqlite3_db_config(s->h, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)NULL);
	sqlite3_busy_timeout(s->h, g_cfg ? g_cfg->busy_timeout_ms : 5000);
	db_base_init(&s->base, &sq_ops);
	/* WAL lets readers run beside the one writer; NORMAL sync is durable in
	 * WAL except for the last transactions on power loss. A large database
	 * is read through mmap: a page another query read costs no system call
	 * (the pages are the kernel's page cache, shared by every connection). */
	pragmas = xasprintf("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	                    " PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
	                    " PRAGMA mmap_size = %lld;",
	                    (long long)(g_cfg ? g_cfg->mmap_mb : 1024) << 20);
	rc = sq_exec(&s->base, pragmas);
	free(pragmas);
	if (rc != ST_OK) {
		db_base_free(&s->base);
		goto fail;
	}
	return &s->base;
fail:
	if (s->h)
		sqlite3_close(s->h);
	free(s);
	return NULL;
}

sqlite3 *db_sqlite_handle(struct db *db)
{
	return db->ops == &sq_ops ? handle_of(db) : NULL;
}
