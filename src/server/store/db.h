/* SQL helpers for the table files in store/ only (the rest of the server
 * uses store.h). Two backends implement them: SQLite (db_sqlite.c, the
 * default) and PostgreSQL (db_pg.c, for a postgresql:// database). Statements
 * are prepared once per connection and cached by their SQL text; always pass
 * a string literal, never SQL built from input.
 *
 *	struct db_stmt *st = db_stmt(db, "SELECT name FROM things WHERE id = ?");
 *	if (!st || db_bind(st, "i", id) != ST_OK)
 *		return ST_ERROR;
 *	int rc = db_row(st);              // 1 row, 0 none, -1 error
 *	if (rc == 1)
 *		out->name = db_col_text(st, 0);
 *	db_reset(st);                     // ends the read: always reset
 *
 * The SQL is SQLite's dialect kept to what PostgreSQL also reads: `?` and
 * `?N` parameters (rewritten to $N there), LIKE (ILIKE there, as SQLite's LIKE
 * ignores case), ON CONFLICT, RETURNING. The few SQLite functions PostgreSQL
 * lacks (json_extract, two-argument max, date(...)) are defined there by
 * migrations/pg/000_compat.sql. Where the two must differ, db_is_pg chooses.
 *
 * A cached statement is shared by everything on the connection: reset it
 * before calling code that may use the same SQL. */
#ifndef ROSTERD_DB_H
#define ROSTERD_DB_H

#include <stddef.h>
#include <stdint.h>
#include "store.h"

struct db_stmt;

/* The cached statement for sql, reset and with bindings cleared; NULL (logged)
 * when it does not prepare. */
struct db_stmt *db_stmt(struct db *db, const char *sql);
/* Bind parameters 1.. from fmt: 'i' int64_t, 'd' int, 't' const char *
 * (NULL binds NULL), 'b' const void * then size_t, 'n' nothing (NULL),
 * 'f' double. Returns ST_OK or ST_ERROR. */
int db_bind(struct db_stmt *st, const char *fmt, ...);
/* A set of ids in one statement whose text stays the same (and so is
 * prepared once) whatever their number: DB_IDS is DB_IDS_MAX parameters,
 * ?1 to ?100, for "... WHERE order_id IN (" DB_IDS ")"; db_bind_ids binds
 * ids[0..n) to the first ones and NULL, which matches nothing, to the rest.
 * The statement has no other parameters. A longer list takes a run for each
 * DB_IDS_MAX ids (a page of a list is at most that long). */
#define DB_IDS_MAX 100
#define DB_IDS_10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define DB_IDS DB_IDS_10 ", " DB_IDS_10 ", " DB_IDS_10 ", " DB_IDS_10 ", " DB_IDS_10 ", " \
               DB_IDS_10 ", " DB_IDS_10 ", " DB_IDS_10 ", " DB_IDS_10 ", " DB_IDS_10
int db_bind_ids(struct db_stmt *st, const int64_t *ids, size_t n);
/* Bind one parameter by its number (1..): ST_OK or ST_ERROR. */
int db_bind_int(struct db_stmt *st, int idx, int64_t v);
int db_bind_text(struct db_stmt *st, int idx, const char *s);   /* NULL: NULL */
int db_bind_null(struct db_stmt *st, int idx);
/* Step a query: 1 = a row is ready, 0 = no more rows (statement reset),
 * -1 = error (logged, statement reset). */
int db_row(struct db_stmt *st);
/* Run a statement that returns no rows and reset it: ST_OK, ST_EXISTS for a
 * UNIQUE or PRIMARY KEY violation, ST_CONFLICT for another constraint
 * (CHECK, FOREIGN KEY, NOT NULL), ST_ERROR otherwise (logged). */
int db_run(struct db_stmt *st);
void db_reset(struct db_stmt *st);

/* Column i: malloc'd copy or NULL for NULL. */
char *db_col_text(struct db_stmt *st, int i);
/* Borrowed text of column i (valid until the next step/reset) or NULL. */
const char *db_col_ctext(struct db_stmt *st, int i);
int64_t db_col_int(struct db_stmt *st, int i);
bool db_col_null(struct db_stmt *st, int i);
/* Borrowed bytes of a BLOB column (valid until the next step/reset); *len
 * set; NULL for NULL or empty. */
const void *db_col_bytes(struct db_stmt *st, int i, size_t *len);
/* Result columns and their names (valid while the statement is cached). */
int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int i);

/* Id given to the row of the last INSERT and rows changed by the last
 * statement. */
int64_t db_last_id(struct db *db);
int db_changes(struct db *db);
/* Run SQL text without parameters (DDL, PRAGMA); ST_OK or ST_ERROR. */
int db_exec(struct db *db, const char *sql);
/* Is this connection PostgreSQL's? */
bool db_is_pg(const struct db *db);
/* The statement before table after, with SQLite told to read the table
 * along index: SQLite keeps no statistics here and, left to choose, may
 * read a whole table where the index leads to a few rows. PostgreSQL
 * chooses by its own statistics. All three are string literals. */
#define DB_INDEXED(db, before, index, after) \
	(db_is_pg(db) ? before after : before " INDEXED BY " index after)

/* How PostgreSQL plans the statements that follow on this connection:
 * as it chooses (its default), for each call's values, or once for any
 * values. Nothing on SQLite. Set one around a statement whose plan it
 * chooses badly, and DB_PLAN_CHOSEN after it; ST_OK or ST_ERROR. */
enum db_plan { DB_PLAN_CHOSEN, DB_PLAN_CUSTOM, DB_PLAN_GENERIC };
int db_plan(struct db *db, enum db_plan plan);

#endif
