/* Reading result rows into structs, and numbering series, for the table
 * files in store/ only. A table file writes one reader that fills a struct
 * from the columns of the current row, and these step the statement:
 *
 *	static void thing_read(struct db_stmt *st, void *row)
 *	{
 *		struct thing *t = row;
 *		t->id = db_col_int(st, 0);
 *	}
 *	...
 *	if (!st || db_bind(st, "i", id) != ST_OK)
 *		return ST_ERROR;
 *	return db_fetch_one(st, out, sizeof *out, thing_read);
 */
#ifndef ROSTERD_ROWS_H
#define ROSTERD_ROWS_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

/* Fills the zeroed struct at row from the current row of st. */
typedef void (*db_row_reader)(struct db_stmt *st, void *row);

/* The one row of a bound statement into out (size bytes, zeroed before the
 * row is read): ST_OK, ST_NOTFOUND when there is no row, ST_ERROR. out is
 * left as it was unless ST_OK: a caller that frees it whatever happens
 * zeroes it first. */
int db_fetch_one(struct db_stmt *st, void *out, size_t size, db_row_reader read);

/* Every row of a bound statement into a malloc'd array of elements of size
 * bytes (*out NULL when there are none). On error the rows read so far are
 * still in *out and *n for the caller to free. */
int db_fetch_all(struct db_stmt *st, size_t size, db_row_reader read, void **out, size_t *n);

/* The same for a query whose only parameters are DB_IDS (db.h): run for
 * ids[0..n), one run per DB_IDS_MAX of them, every row into one array. sql
 * is a literal, as for db_stmt. */
int db_fetch_all_ids(struct db *db, const char *sql, const int64_t *ids, size_t n,
                     size_t size, db_row_reader read, void **out, size_t *count);

/* Column i copied into the fixed buffer out of n bytes ("" for NULL; cut
 * to fit). */
void db_col_copy(struct db_stmt *st, int i, char *out, size_t n);

/* A malloc'd copy of blob column i into *data, its size into *len. */
void db_col_blob(struct db_stmt *st, int i, void **data, size_t *len);

/* The next number of a yearly series: letter + year + 6-digit sequence,
 * one above the highest of that year that max_sql finds. max_sql is a
 * literal "SELECT MAX(col) FROM table WHERE col >= ? AND col < ?"; the
 * caller holds the write transaction, so no two callers get one number. */
int db_next_yearly_no(struct db *db, const char *max_sql, char letter, int year,
                      char out[32]);

#endif
