/* The SQLite backend: connections, the per-connection statement cache,
 * transactions and migrations. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "assoc_time.h"
#include "roster/embed.h"
#include "roster/xalloc.h"
#include "log.h"
#include "server.h"
#include "store/db.h"

struct stmt_slot {
	char *sql;             /* NULL = empty slot */
	uint64_t hash;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *h;
	struct stmt_slot *slots;
	size_t nslots;         /* power of two */
	size_t used;
	int tx_depth;
	bool tx_failed;        /* an inner rollback happened */
	bool in_read;          /* a db_read_begin snapshot is open */
};

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

struct db *db_open(const char *path)
{
	struct db *db = xcalloc(1, sizeof *db);
	int rc;
	char *pragmas;

	rc = sqlite3_open_v2(path, &db->h,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK) {
		log_error("database %s: %s", path, db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, g_cfg ? g_cfg->busy_timeout_ms : 5000);
	/* WAL lets readers run beside the one writer; NORMAL sync is durable in
	 * WAL except for the last transactions on power loss */
	pragmas = xasprintf("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	                    " PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;");
	rc = db_exec(db, pragmas);
	free(pragmas);
	if (rc != ST_OK)
		goto fail;
	db->nslots = 64;
	db->slots = xcalloc(db->nslots, sizeof *db->slots);
	return db;
fail:
	if (db->h)
		sqlite3_close(db->h);
	free(db);
	return NULL;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->tx_depth > 0)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	for (size_t i = 0; i < db->nslots; i++) {
		if (db->slots[i].sql) {
			sqlite3_finalize(db->slots[i].st);
			free(db->slots[i].sql);
		}
	}
	free(db->slots);
	sqlite3_close(db->h);
	free(db);
}

static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;

static void thread_db_free(void *p)
{
	db_close(p);
}

static void thread_key_make(void)
{
	pthread_key_create(&thread_key, thread_db_free);
}

struct db *db_thread(void)
{
	struct db *db;

	pthread_once(&thread_once, thread_key_make);
	db = pthread_getspecific(thread_key);
	if (!db) {
		db = db_open(g_cfg->db_path);
		if (db)
			pthread_setspecific(thread_key, db);
	}
	return db;
}

sqlite3 *db_handle(struct db *db)
{
	return db->h;
}

int db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("sql: %s", msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return ST_ERROR;
	}
	return ST_OK;
}

static void cache_grow(struct db *db)
{
	struct stmt_slot *old = db->slots;
	size_t oldn = db->nslots;

	db->nslots *= 2;
	db->slots = xcalloc(db->nslots, sizeof *db->slots);
	for (size_t i = 0; i < oldn; i++) {
		if (!old[i].sql)
			continue;
		size_t j = old[i].hash & (db->nslots - 1);
		while (db->slots[j].sql)
			j = (j + 1) & (db->nslots - 1);
		db->slots[j] = old[i];
	}
	free(old);
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
	uint64_t h = sql_hash(sql);
	size_t i = h & (db->nslots - 1);
	sqlite3_stmt *st;

	while (db->slots[i].sql) {
		if (db->slots[i].hash == h && strcmp(db->slots[i].sql, sql) == 0) {
			st = db->slots[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
		i = (i + 1) & (db->nslots - 1);
	}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_error("sql prepare: %s in: %s", sqlite3_errmsg(db->h), sql);
		return NULL;
	}
	if ((db->used + 1) * 10 > db->nslots * 7) {
		cache_grow(db);
		i = h & (db->nslots - 1);
		while (db->slots[i].sql)
			i = (i + 1) & (db->nslots - 1);
	}
	db->slots[i].sql = xstrdup(sql);
	db->slots[i].hash = h;
	db->slots[i].st = st;
	db->used++;
	return st;
}

int db_bind(sqlite3_stmt *st, const char *fmt, ...)
{
	va_list ap;
	int idx = 1, rc = SQLITE_OK;

	va_start(ap, fmt);
	for (const char *f = fmt; *f && rc == SQLITE_OK; f++, idx++) {
		switch (*f) {
		case 'i':
			rc = sqlite3_bind_int64(st, idx, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = sqlite3_bind_int(st, idx, va_arg(ap, int));
			break;
		case 'f':
			rc = sqlite3_bind_double(st, idx, va_arg(ap, double));
			break;
		case 't': {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, idx);
			break;
		}
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			rc = p ? sqlite3_bind_blob64(st, idx, p, n, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, idx);
			break;
		}
		case 'n':
			rc = sqlite3_bind_null(st, idx);
			break;
		default:
			log_error("db_bind: bad format '%c'", *f);
			rc = SQLITE_MISUSE;
		}
	}
	va_end(ap);
	if (rc != SQLITE_OK) {
		log_error("sql bind: %s", sqlite3_errstr(rc));
		return ST_ERROR;
	}
	return ST_OK;
}

int db_row(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		log_error("sql: %s in: %s", sqlite3_errmsg(sqlite3_db_handle(st)), sqlite3_sql(st));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int db_run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	int ret = ST_OK;

	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		ret = ST_OK;
	else if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		ret = ST_EXISTS;
	else if ((rc & 0xff) == SQLITE_CONSTRAINT)
		ret = ST_CONFLICT;
	else {
		log_error("sql: %s in: %s", sqlite3_errmsg(sqlite3_db_handle(st)), sqlite3_sql(st));
		ret = ST_ERROR;
	}
	sqlite3_reset(st);
	return ret;
}

void db_reset(sqlite3_stmt *st)
{
	if (st)
		sqlite3_reset(st);
}

char *db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

const char *db_col_ctext(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int64_t db_col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

bool db_col_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL;
}

int64_t db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

void db_read_begin(struct db *db)
{
	sqlite3_stmt *st;

	if (db->tx_depth > 0 || db->in_read)
		return;
	st = db_stmt(db, "BEGIN");
	if (st && db_run(st) == ST_OK)
		db->in_read = true;
}

void db_read_end(struct db *db)
{
	sqlite3_stmt *st;

	if (!db->in_read)
		return;
	db->in_read = false;
	/* a statement left mid-way would keep the snapshot past the COMMIT */
	for (st = sqlite3_next_stmt(db->h, NULL); st; st = sqlite3_next_stmt(db->h, st))
		if (sqlite3_stmt_busy(st))
			sqlite3_reset(st);
	st = db_stmt(db, "COMMIT");
	if (!st || db_run(st) != ST_OK)
		db_exec(db, "ROLLBACK");
}

int db_begin(struct db *db)
{
	sqlite3_stmt *st;

	/* a write on top of a read snapshot could fail with BUSY_SNAPSHOT
	 * without waiting: start the write transaction afresh */
	db_read_end(db);
	if (db->tx_depth > 0) {
		db->tx_depth++;
		return ST_OK;
	}
	st = db_stmt(db, "BEGIN IMMEDIATE");
	if (!st || db_run(st) != ST_OK)
		return ST_ERROR;
	db->tx_depth = 1;
	db->tx_failed = false;
	return ST_OK;
}

int db_commit(struct db *db)
{
	sqlite3_stmt *st;

	if (db->tx_depth == 0) {
		log_error("db_commit without a transaction");
		return ST_ERROR;
	}
	if (--db->tx_depth > 0)
		return db->tx_failed ? ST_ERROR : ST_OK;
	if (db->tx_failed) {
		db_exec(db, "ROLLBACK");
		db->tx_failed = false;
		return ST_ERROR;
	}
	st = db_stmt(db, "COMMIT");
	if (!st || db_run(st) != ST_OK) {
		db_exec(db, "ROLLBACK");
		return ST_ERROR;
	}
	return ST_OK;
}

void db_rollback(struct db *db)
{
	if (db->tx_depth == 0)
		return;
	if (--db->tx_depth > 0) {
		db->tx_failed = true;
		return;
	}
	db->tx_failed = false;
	/* reset readers first: an active statement would keep the rollback from
	 * releasing its locks cleanly */
	for (sqlite3_stmt *st = sqlite3_next_stmt(db->h, NULL); st; st = sqlite3_next_stmt(db->h, st))
		sqlite3_reset(st);
	db_exec(db, "ROLLBACK");
}

bool db_in_tx(const struct db *db)
{
	return db->tx_depth > 0;
}

void db_request_done(struct db *db)
{
	/* a statement left mid-way keeps its read snapshot, so this connection
	 * would stop seeing other workers' writes */
	for (sqlite3_stmt *st = sqlite3_next_stmt(db->h, NULL); st; st = sqlite3_next_stmt(db->h, st))
		if (sqlite3_stmt_busy(st))
			sqlite3_reset(st);
	db_read_end(db);
	if (db->tx_depth > 0) {
		log_error("a transaction was left open; rolled back");
		db->tx_depth = 1;
		db_rollback(db);
	}
}

/* The test clock (testing.clock_file, accepted by config_finish only with
 * ROSTERD_TESTING=1): the file holds unix seconds or "YYYY-MM-DD HH:MM[:SS]"
 * in the association's time zone. It is read on every call, so a test moves the time of a
 * running server by rewriting it. An unreadable file is the real time. */
static bool test_clock(int64_t *out)
{
	char buf[64];
	struct tm tm = { 0 };
	size_t n;
	FILE *f;

	if (!g_cfg || !g_cfg->test_clock_file || !(f = fopen(g_cfg->test_clock_file, "r")))
		return false;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (sscanf(buf, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec) >= 5) {
		int64_t hour = assoc_day_time(tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour);

		if (hour < 0)
			return false;
		*out = hour + tm.tm_min * 60 + tm.tm_sec;
		return true;
	}
	if (buf[0] >= '0' && buf[0] <= '9') {
		*out = strtoll(buf, NULL, 10);
		return true;
	}
	return false;
}

int64_t store_now(void)
{
	int64_t t;

	if (test_clock(&t))
		return t;
	return (int64_t)time(NULL);
}

void store_today(char out[11])
{
	assoc_date(store_now(), out);
}

/* ---------------------------------------------------------------- migrations */

static int migration_number(const char *name)
{
	int n = 0;

	for (const char *p = name; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n;
}

static int ensure_version_table(struct db *db)
{
	return db_exec(db, "CREATE TABLE IF NOT EXISTS schema_version ("
	                   " version INTEGER PRIMARY KEY,"
	                   " name TEXT NOT NULL,"
	                   " applied_at INTEGER NOT NULL)");
}

int store_schema_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = 0;

	if (ensure_version_table(db) != ST_OK)
		return -1;
	st = db_stmt(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
	if (st && db_row(st) == 1)
		v = (int)db_col_int(st, 0);
	db_reset(st);
	return v;
}

static int migration_applied(struct db *db, int version)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM schema_version WHERE version = ?");
	int rc;

	if (!st || db_bind(st, "d", version) != ST_OK)
		return -1;
	rc = db_row(st);
	db_reset(st);
	return rc;
}

int store_migrate(struct db *db, int *applied)
{
	int count = 0;

	if (applied)
		*applied = 0;
	if (ensure_version_table(db) != ST_OK)
		return ST_ERROR;
	/* roster_migrations[] is in file-name order, so NNN order */
	for (size_t i = 0; i < roster_migrations_count; i++) {
		const struct roster_blob *m = &roster_migrations[i];
		int version = migration_number(m->name);
		sqlite3_stmt *st;
		int done;

		if (version <= 0) {
			log_error("migration %s: the name must start with its number", m->name);
			return ST_ERROR;
		}
		/* cheap check first; repeated inside the transaction because
		 * another instance may be migrating at the same time */
		if (migration_applied(db, version) == 1)
			continue;
		if (db_begin(db) != ST_OK)
			return ST_ERROR;
		done = migration_applied(db, version);
		if (done < 0)
			goto fail;
		if (done == 1) {
			db_commit(db);
			continue;
		}
		if (db_exec(db, (const char *)m->data) != ST_OK) {
			log_error("migration %s failed", m->name);
			goto fail;
		}
		st = db_stmt(db, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)");
		if (!st || db_bind(st, "dti", version, m->name, store_now()) != ST_OK || db_run(st) != ST_OK)
			goto fail;
		if (db_commit(db) != ST_OK)
			return ST_ERROR;
		log_info("migration %s applied", m->name);
		count++;
	}
	if (applied)
		*applied = count;
	return ST_OK;
fail:
	db_rollback(db);
	return ST_ERROR;
}
