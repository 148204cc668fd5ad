/* Reading result rows into structs (see rows.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/xalloc.h"
#include "store/rows.h"

int db_fetch_one(struct db_stmt *st, void *out, size_t size, db_row_reader read)
{
	int rc = db_row(st);

	if (rc < 0)
		return ST_ERROR;
	if (rc == 0)
		return ST_NOTFOUND;
	memset(out, 0, size);
	read(st, out);
	db_reset(st);
	return ST_OK;
}

int db_fetch_all(struct db_stmt *st, size_t size, db_row_reader read, void **out, size_t *n)
{
	unsigned char *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	while ((rc = db_row(st)) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, cap * size);
		}
		memset(v + len * size, 0, size);
		read(st, v + len * size);
		len++;
	}
	*out = v;
	*n = len;
	return rc < 0 ? ST_ERROR : ST_OK;
}

int db_fetch_all_ids(struct db *db, const char *sql, const int64_t *ids, size_t n,
                     size_t size, db_row_reader read, void **out, size_t *count)
{
	unsigned char *all = NULL;
	size_t len = 0;
	int rc = ST_OK;

	for (size_t off = 0; off < n && rc == ST_OK; off += DB_IDS_MAX) {
		struct db_stmt *st = db_stmt(db, sql);
		void *part = NULL;
		size_t k = 0;

		if (!st || db_bind_ids(st, ids + off, n - off) != ST_OK) {
			rc = ST_ERROR;
			break;
		}
		rc = db_fetch_all(st, size, read, &part, &k);
		if (k) {
			all = xrealloc(all, (len + k) * size);
			memcpy(all + len * size, part, k * size);
			len += k;
		}
		free(part);
	}
	*out = all;
	*count = len;
	return rc;
}

void db_col_copy(struct db_stmt *st, int i, char *out, size_t n)
{
	const char *s = db_col_ctext(st, i);

	snprintf(out, n, "%s", s ? s : "");
}

void db_col_blob(struct db_stmt *st, int i, void **data, size_t *len)
{
	const void *p = db_col_bytes(st, i, len);

	*data = xmalloc(*len);
	if (*len)
		memcpy(*data, p, *len);
}

int db_next_yearly_no(struct db *db, const char *max_sql, char letter, int year,
                      char out[32])
{
	char lo[16], hi[16];
	struct db_stmt *st;
	int rc, seq = 0;

	snprintf(lo, sizeof lo, "%c%04d", letter, year);
	snprintf(hi, sizeof hi, "%c%04d", letter, year + 1);
	st = db_stmt(db, max_sql);
	if (!st || db_bind(st, "tt", lo, hi) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc < 0)
		return ST_ERROR;
	if (rc == 1 && db_col_ctext(st, 0))
		seq = atoi(db_col_ctext(st, 0) + 5);
	db_reset(st);
	snprintf(out, 32, "%c%04d%06d", letter, year, seq + 1);
	return ST_OK;
}
