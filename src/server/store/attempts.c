/* Payment attempts (payments rows of method 'qr'); see attempts.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/attempts.h"
#include "store/db.h"
#include "store/rows.h"

#define ATTEMPT_COLS "id, order_id, account_id, coalesce(provider, ''), status, amount," \
                     " coalesce(token, ''), coalesce(gateway_no, ''), created_at," \
                     " coalesce(expires_at, 0), coalesce(closed_at, 0), coalesce(paid_at, 0)"

static void attempt_read(struct db_stmt *st, void *row)
{
	struct attempt *a = row;

	a->id = db_col_int(st, 0);
	a->order_id = db_col_int(st, 1);
	a->account_id = db_col_int(st, 2);
	db_col_copy(st, 3, a->provider, sizeof a->provider);
	db_col_copy(st, 4, a->status, sizeof a->status);
	a->amount = db_col_int(st, 5);
	db_col_copy(st, 6, a->token, sizeof a->token);
	db_col_copy(st, 7, a->gateway_no, sizeof a->gateway_no);
	a->created_at = db_col_int(st, 8);
	a->expires_at = db_col_int(st, 9);
	a->closed_at = db_col_int(st, 10);
	a->paid_at = db_col_int(st, 11);
}

int store_attempt_next_no(struct db *db, int64_t order_id, const char *order_no,
                          char out[72])
{
	struct db_stmt *st = db_stmt(db, "SELECT count(*) FROM payments WHERE order_id = ?"
	                               " AND method = 'qr'");
	int64_t n = 0;
	int rc;

	if (!st || db_bind(st, "i", order_id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_row(st)) < 0)
		return ST_ERROR;
	if (rc == 1)
		n = db_col_int(st, 0);
	db_reset(st);
	snprintf(out, 72, "%s_%lld", order_no, (long long)n + 1);
	return ST_OK;
}

int store_attempt_get(struct db *db, int64_t id, struct attempt *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ATTEMPT_COLS " FROM payments"
	                               " WHERE id = ? AND method = 'qr'");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, attempt_read);
}

int store_attempt_by_token(struct db *db, const char *token, struct attempt *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ATTEMPT_COLS " FROM payments"
	                               " WHERE token = ? AND method = 'qr'");

	if (!st || db_bind(st, "t", token) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, attempt_read);
}

static int each(struct db_stmt *st, void (*fn)(const struct attempt *, void *), void *arg)
{
	struct attempt *rows = NULL;
	size_t n = 0;
	int rc = db_fetch_all(st, sizeof *rows, attempt_read, (void **)&rows, &n);

	for (size_t i = 0; rc == ST_OK && i < n; i++)
		fn(&rows[i], arg);
	free(rows);
	return rc;
}

int store_attempt_list(struct db *db, int64_t order_id,
                       void (*fn)(const struct attempt *, void *), void *arg)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ATTEMPT_COLS " FROM payments"
	                               " WHERE order_id = ? AND method = 'qr' ORDER BY id");

	if (!st || db_bind(st, "i", order_id) != ST_OK)
		return ST_ERROR;
	return each(st, fn, arg);
}

int store_attempt_list_open(struct db *db, int64_t order_id,
                            void (*fn)(const struct attempt *, void *), void *arg)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ATTEMPT_COLS " FROM payments"
	                               " WHERE order_id = ? AND method = 'qr' AND closed_at IS NULL"
	                               " AND status IN ('pending', 'expired') ORDER BY id");

	if (!st || db_bind(st, "i", order_id) != ST_OK)
		return ST_ERROR;
	return each(st, fn, arg);
}

int store_attempt_list_day(struct db *db, const char *provider, int64_t from, int64_t to,
                           void (*fn)(const struct attempt *, void *), void *arg)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ATTEMPT_COLS " FROM payments"
	                               " WHERE method = 'qr' AND provider = ?1 AND (status = 'pending'"
	                               " OR (created_at >= ?2 AND created_at < ?3)"
	                               " OR (paid_at >= ?2 AND paid_at < ?3)) ORDER BY id");

	if (!st || db_bind(st, "tii", provider, from, to) != ST_OK)
		return ST_ERROR;
	return each(st, fn, arg);
}

int store_attempt_closed(struct db *db, int64_t id)
{
	int64_t now = store_now();
	struct db_stmt *st = db_stmt(db,
		"UPDATE payments SET closed_at = ?1, updated_at = ?1,"
		" status = CASE status WHEN 'pending' THEN 'expired' ELSE status END"
		" WHERE id = ?2 AND method = 'qr' AND closed_at IS NULL");

	if (!st || db_bind(st, "ii", now, id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_attempt_set_gateway_no(struct db *db, int64_t id, const char *gateway_no)
{
	struct db_stmt *st = db_stmt(db, "UPDATE payments SET gateway_no = ?"
	                               " WHERE id = ? AND gateway_no IS NULL");

	if (!gateway_no || !*gateway_no)
		return ST_OK;
	if (!st || db_bind(st, "ti", gateway_no, id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_attempt_checked(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "UPDATE payments SET checked_at = ? WHERE id = ?");

	if (!st || db_bind(st, "ii", store_now(), id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}
