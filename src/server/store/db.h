/* SQLite helpers for the table files in store/ only (the rest of the server
 * uses store.h). Statements are prepared once per connection and cached by
 * their SQL text; always pass a string literal, never SQL built from input.
 *
 *	sqlite3_stmt *st = db_stmt(db, "SELECT name FROM things WHERE id = ?");
 *	if (!st || db_bind(st, "i", id) != ST_OK)
 *		return ST_ERROR;
 *	int rc = db_row(st);              // 1 row, 0 none, -1 error
 *	if (rc == 1)
 *		out->name = db_col_text(st, 0);
 *	db_reset(st);                     // ends the read: always reset
 *
 * A cached statement is shared by everything on the connection: reset it
 * before calling code that may use the same SQL. */
#ifndef ROSTERD_DB_H
#define ROSTERD_DB_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include "store.h"

/* The cached statement for sql, reset and with bindings cleared; NULL (logged)
 * when it does not prepare. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);
/* Bind parameters 1.. from fmt: 'i' int64_t, 'd' int, 't' const char *
 * (NULL binds NULL), 'b' const void * then size_t, 'n' nothing (NULL),
 * 'f' double. Returns ST_OK or ST_ERROR. */
int db_bind(sqlite3_stmt *st, const char *fmt, ...);
/* Step a query: 1 = a row is ready, 0 = no more rows (statement reset),
 * -1 = error (logged, statement reset). */
int db_row(sqlite3_stmt *st);
/* Run a statement that returns no rows and reset it: ST_OK, ST_EXISTS for a
 * UNIQUE or PRIMARY KEY violation, ST_CONFLICT for another constraint
 * (CHECK, FOREIGN KEY, NOT NULL), ST_ERROR otherwise (logged). */
int db_run(sqlite3_stmt *st);
void db_reset(sqlite3_stmt *st);

/* Column i: malloc'd copy or NULL for NULL. */
char *db_col_text(sqlite3_stmt *st, int i);
/* Borrowed text of column i (valid until the next step/reset) or NULL. */
const char *db_col_ctext(sqlite3_stmt *st, int i);
int64_t db_col_int(sqlite3_stmt *st, int i);
bool db_col_null(sqlite3_stmt *st, int i);

/* Rowid of the last INSERT and rows changed by the last statement. */
int64_t db_last_id(struct db *db);
int db_changes(struct db *db);
/* Run SQL text without parameters (DDL, PRAGMA); ST_OK or ST_ERROR. */
int db_exec(struct db *db, const char *sql);
/* The raw handle, for what the helpers above don't cover. */
sqlite3 *db_handle(struct db *db);

#endif
