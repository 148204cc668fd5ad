/* Connections, the per-connection statement cache, transactions and
 * migrations, over either backend (db_sqlite.c, db_pg.c). */
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
#include "store/db_backend.h"
#include "store/tallies.h"

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

bool db_path_is_pg(const char *path)
{
	return path && (strncmp(path, "postgresql://", 13) == 0 ||
	                strncmp(path, "postgres://", 11) == 0);
}

void db_base_init(struct db *db, const struct db_ops *ops)
{
	db->ops = ops;
	db->nslots = 64;
	db->slots = xcalloc(db->nslots, sizeof *db->slots);
}

void db_base_free(struct db *db)
{
	for (size_t i = 0; i < db->nslots; i++) {
		if (db->slots[i].sql) {
			db->ops->finalize(db->slots[i].st);
			free(db->slots[i].sql);
		}
	}
	free(db->slots);
	db->slots = NULL;
	db->nslots = 0;
}

struct db *db_open(const char *path)
{
	return db_path_is_pg(path) ? db_pg_open(path) : db_sqlite_open(path);
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

bool db_is_pg(const struct db *db)
{
	return db->ops->pg;
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

int db_exec(struct db *db, const char *sql)
{
	db->statements++;
	return db->ops->exec(db, sql);
}

int db_plan(struct db *db, enum db_plan plan)
{
	static const char *const sql[] = {
		[DB_PLAN_CHOSEN] = "RESET plan_cache_mode",
		[DB_PLAN_CUSTOM] = "SET plan_cache_mode = force_custom_plan",
		[DB_PLAN_GENERIC] = "SET plan_cache_mode = force_generic_plan",
	};

	return db_is_pg(db) ? db_exec(db, sql[plan]) : ST_OK;
}

uint64_t db_statements(const struct db *db)
{
	return db ? db->statements : 0;
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

struct db_stmt *db_stmt(struct db *db, const char *sql)
{
	uint64_t h = sql_hash(sql);
	size_t i = h & (db->nslots - 1);
	struct db_stmt *st;

	while (db->slots[i].sql) {
		if (db->slots[i].hash == h && strcmp(db->slots[i].sql, sql) == 0) {
			st = db->slots[i].st;
			db->ops->reset(st);
			db->ops->clear_bindings(st);
			st->counted = false;
			return st;
		}
		i = (i + 1) & (db->nslots - 1);
	}
	st = db->ops->prepare(db, sql);
	if (!st)
		return NULL;
	if ((db->used + 1) * 10 > db->nslots * 7) {
		cache_grow(db);
		i = h & (db->nslots - 1);
		while (db->slots[i].sql)
			i = (i + 1) & (db->nslots - 1);
	}
	db->slots[i].sql = xstrdup(sql);
	db->slots[i].hash = h;
	db->slots[i].st = st;
	st->db = db;
	st->sql = db->slots[i].sql;
	st->counted = false;
	db->used++;
	return st;
}

int db_bind(struct db_stmt *st, const char *fmt, ...)
{
	va_list ap;
	int idx = 1, rc = ST_OK;

	va_start(ap, fmt);
	for (const char *f = fmt; *f && rc == ST_OK; f++, idx++) {
		struct db_val v = { .kind = *f };

		switch (*f) {
		case 'i':
			v.i = va_arg(ap, int64_t);
			break;
		case 'd':
			v.kind = 'i';
			v.i = va_arg(ap, int);
			break;
		case 'f':
			v.f = va_arg(ap, double);
			break;
		case 't':
			v.t = va_arg(ap, const char *);
			if (!v.t)
				v.kind = 'n';
			break;
		case 'b':
			v.p = va_arg(ap, const void *);
			v.n = va_arg(ap, size_t);
			if (!v.p)
				v.kind = 'n';
			break;
		case 'n':
			break;
		default:
			log_error("db_bind: bad format '%c'", *f);
			rc = ST_ERROR;
			continue;
		}
		rc = st->db->ops->bind(st, idx, &v);
	}
	va_end(ap);
	return rc;
}

int db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	struct db_val val = { .kind = 'i', .i = v };

	return st->db->ops->bind(st, idx, &val);
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	struct db_val val = { .kind = s ? 't' : 'n', .t = s };

	return st->db->ops->bind(st, idx, &val);
}

int db_bind_null(struct db_stmt *st, int idx)
{
	struct db_val val = { .kind = 'n' };

	return st->db->ops->bind(st, idx, &val);
}

int db_row(struct db_stmt *st)
{
	int rc;

	/* a query counts once, at its first row */
	if (!st->counted) {
		st->db->statements++;
		st->counted = true;
	}
	rc = st->db->ops->row(st);
	if (rc != 1)
		st->counted = false;
	return rc;
}

int db_run(struct db_stmt *st)
{
	st->db->statements++;
	return st->db->ops->run(st);
}

void db_reset(struct db_stmt *st)
{
	if (st) {
		st->counted = false;
		st->db->ops->reset(st);
	}
}

int db_bind_ids(struct db_stmt *st, const int64_t *ids, size_t n)
{
	int rc = ST_OK;

	for (size_t i = 0; i < DB_IDS_MAX && rc == ST_OK; i++)
		rc = i < n ? db_bind_int(st, (int)i + 1, ids[i]) : db_bind_null(st, (int)i + 1);
	return rc;
}

char *db_col_text(struct db_stmt *st, int i)
{
	const char *s = st->db->ops->col_text(st, i);

	return s ? xstrdup(s) : NULL;
}

const char *db_col_ctext(struct db_stmt *st, int i)
{
	return st->db->ops->col_text(st, i);
}

int64_t db_col_int(struct db_stmt *st, int i)
{
	return st->db->ops->col_int(st, i);
}

bool db_col_null(struct db_stmt *st, int i)
{
	return st->db->ops->col_null(st, i);
}

const void *db_col_bytes(struct db_stmt *st, int i, size_t *len)
{
	const void *p = st->db->ops->col_blob(st, i, len);

	if (!p)
		*len = 0;
	return p;
}

int db_col_count(struct db_stmt *st)
{
	return st->db->ops->col_count(st);
}

const char *db_col_name(struct db_stmt *st, int i)
{
	return st->db->ops->col_name(st, i);
}

int64_t db_last_id(struct db *db)
{
	return db->ops->last_id(db);
}

int db_changes(struct db *db)
{
	return db->ops->changes(db);
}

void db_read_begin(struct db *db)
{
	if (db->tx_depth > 0 || db->in_read)
		return;
	if (db->ops->read_begin(db))
		db->in_read = true;
}

void db_read_end(struct db *db)
{
	if (!db->in_read)
		return;
	db->in_read = false;
	db->ops->read_end(db);
}

int db_begin(struct db *db)
{
	/* a write on top of a read snapshot could fail with BUSY_SNAPSHOT
	 * without waiting: start the write transaction afresh */
	db_read_end(db);
	if (db->tx_depth > 0) {
		db->tx_depth++;
		return ST_OK;
	}
	if (db->ops->tx_begin(db) != ST_OK)
		return ST_ERROR;
	db->tx_depth = 1;
	db->tx_failed = false;
	return ST_OK;
}

int db_commit(struct db *db)
{
	if (db->tx_depth == 0) {
		log_error("db_commit without a transaction");
		return ST_ERROR;
	}
	if (--db->tx_depth > 0)
		return db->tx_failed ? ST_ERROR : ST_OK;
	db->bulk = false;
	if (db->tx_failed) {
		db->tx_failed = false;
		db->ops->tx_rollback(db);
		return ST_ERROR;
	}
	return db->ops->tx_commit(db);
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
	db->bulk = false;
	db->ops->tx_rollback(db);
}

void db_bulk(struct db *db)
{
	if (db->tx_depth > 0)
		db->bulk = true;
}

bool db_in_tx(const struct db *db)
{
	return db->tx_depth > 0;
}

void db_request_done(struct db *db)
{
	/* a statement left mid-way keeps its read snapshot, so this connection
	 * would stop seeing other workers' writes */
	db->ops->reset_busy(db);
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
	                   " applied_at BIGINT NOT NULL)");
}

int store_schema_version(struct db *db)
{
	struct db_stmt *st;
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
	struct db_stmt *st = db_stmt(db, "SELECT 1 FROM schema_version WHERE version = ?");
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
	/* another instance may be starting on the same database */
	db->ops->migrate_lock(db, true);
	if (ensure_version_table(db) != ST_OK)
		goto fail_unlocked;
	/* the backend's migrations are in file-name order, so NNN order */
	for (size_t i = 0; i < *db->ops->migrations_count; i++) {
		const struct roster_blob *m = &db->ops->migrations[i];
		int version = migration_number(m->name);
		struct db_stmt *st;
		int done;

		/* 000_*: definitions every start replaces (CREATE OR REPLACE),
		 * so a fix reaches databases made before it; not recorded */
		if (version == 0 && strncmp(m->name, "000_", 4) == 0) {
			if (db_exec(db, (const char *)m->data) != ST_OK) {
				log_error("migration %s failed", m->name);
				goto fail_unlocked;
			}
			continue;
		}
		if (version <= 0) {
			log_error("migration %s: the name must start with its number", m->name);
			goto fail_unlocked;
		}
		/* cheap check first; repeated inside the transaction because
		 * another instance may be migrating at the same time */
		if (migration_applied(db, version) == 1)
			continue;
		if (db_begin(db) != ST_OK)
			goto fail_unlocked;
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
			goto fail_unlocked;
		log_info("migration %s applied", m->name);
		count++;
	}
	if (store_tallies_check(db) != ST_OK)
		goto fail_unlocked;
	db->ops->migrate_lock(db, false);
	if (applied)
		*applied = count;
	return ST_OK;
fail:
	db_rollback(db);
fail_unlocked:
	db->ops->migrate_lock(db, false);
	return ST_ERROR;
}
