/* The storage interface the rest of rosterd uses. The default backend is
 * SQLite (db.c); everything above store/ sees only `struct db` and the
 * functions of store/<table>.h, so another backend can implement them later.
 *
 * Conventions: times are INTEGER unix seconds, dates TEXT "YYYY-MM-DD",
 * money INTEGER fen. Functions return ST_* codes. Strings returned in structs
 * are malloc'd and freed by the struct's *_free function. */
#ifndef ROSTERD_STORE_H
#define ROSTERD_STORE_H

#include <stdbool.h>
#include <stdint.h>

struct db;

enum {
	ST_OK = 0,
	ST_NOTFOUND = 1,   /* no such row */
	ST_EXISTS = 2,     /* a unique key is taken */
	ST_CONFLICT = 3,   /* the row is not in the state the change needs */
	ST_ERROR = -1,     /* anything else (logged where it happened) */
};

/* Is path a PostgreSQL URL (postgresql://… or postgres://…) rather than an
 * SQLite file? */
bool db_path_is_pg(const char *path);

/* Open (creating when absent) the database at path. Returns NULL and logs
 * on failure. WAL, busy timeout, foreign keys on. */
struct db *db_open(const char *path);
void db_close(struct db *db);

/* The calling thread's connection to g_cfg->db_path, opened on first use and
 * closed when the thread exits. NULL (logged) when it cannot be opened. */
struct db *db_thread(void);

/* Transactions. db_begin starts a write transaction at once (BEGIN
 * IMMEDIATE) so two writers never deadlock half-way. Nested calls only count:
 * the outermost commit commits; a rollback at any depth makes the whole
 * transaction roll back (the outer db_commit then returns ST_ERROR). */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
bool db_in_tx(const struct db *db);
/* For a long write transaction that is rolled back whole when any statement
 * fails (an import, a seed): on PostgreSQL its statements then run without a
 * savepoint each, which thousands of would slow every snapshot. Ends with
 * the transaction. */
void db_bulk(struct db *db);

/* A read snapshot (deferred BEGIN) around a run of reads that take no write:
 * the connection takes its WAL read lock once instead of once per statement.
 * db_begin inside a snapshot ends it first. Ended by db_read_end or, at the
 * latest, db_request_done. No-ops inside a write transaction. */
void db_read_begin(struct db *db);
void db_read_end(struct db *db);

/* SQL statements run on the connection since it opened: a query at its
 * first row, every db_run and db_exec (not BEGIN and COMMIT). The request
 * log's sql= is the difference over a request. */
uint64_t db_statements(const struct db *db);

/* After each request: reset every statement (ending read snapshots) and roll
 * back a transaction left open by mistake (logged). */
void db_request_done(struct db *db);

/* Apply the embedded migrations that are not yet applied, each in its own
 * transaction. Returns ST_OK or ST_ERROR. *applied (may be NULL) counts them. */
int store_migrate(struct db *db, int *applied);
/* Highest applied migration number; 0 for a fresh database. */
int store_schema_version(struct db *db);

/* On PostgreSQL, call on_order (on another thread) whenever an order of
 * any instance on the database becomes paid or closed; nothing on SQLite,
 * where one instance serves. 0, or -1 when the thread cannot start. */
int store_events_start(void (*on_order)(void));
void store_events_stop(void);

/* Current time as unix seconds (UTC). */
int64_t store_now(void);
/* Today's date in the association's time zone (association.timezone,
 * DST included) as "YYYY-MM-DD". */
void store_today(char out[11]);

#endif
