/* refunds table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/db.h"
#include "store/refunds.h"
#include "store/rows.h"

#define REFUND_COLS "id, order_id, payment_id, account_id, provider, refund_no, amount, cause," \
                    " reason, status, gateway_refund_no, failure, requested_by, created_at," \
                    " updated_at, finished_at, request_key"

void refund_free(struct refund *r)
{
	if (!r)
		return;
	free(r->reason);
	free(r->gateway_refund_no);
	free(r->failure);
	free(r->request_key);
	memset(r, 0, sizeof *r);
}

static void refund_read(struct db_stmt *st, void *row)
{
	struct refund *r = row;

	r->id = db_col_int(st, 0);
	r->order_id = db_col_int(st, 1);
	r->payment_id = db_col_int(st, 2);
	r->account_id = db_col_int(st, 3);
	db_col_copy(st, 4, r->provider, sizeof r->provider);
	db_col_copy(st, 5, r->refund_no, sizeof r->refund_no);
	r->amount = db_col_int(st, 6);
	db_col_copy(st, 7, r->cause, sizeof r->cause);
	r->reason = db_col_text(st, 8);
	db_col_copy(st, 9, r->status, sizeof r->status);
	r->gateway_refund_no = db_col_text(st, 10);
	r->failure = db_col_text(st, 11);
	r->requested_by = db_col_int(st, 12);
	r->created_at = db_col_int(st, 13);
	r->updated_at = db_col_int(st, 14);
	r->finished_at = db_col_int(st, 15);
	r->request_key = db_col_text(st, 16);
}

int store_refund_insert(struct db *db, const struct refund *r, const char *order_no,
                        int64_t *id)
{
	struct db_stmt *st = db_stmt(db, "SELECT count(*) FROM refunds WHERE order_id = ?");
	int64_t n = 0, now = store_now();
	char no[72];
	int rc;

	if (!st || db_bind(st, "i", r->order_id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_row(st)) < 0)
		return ST_ERROR;
	if (rc == 1)
		n = db_col_int(st, 0);
	db_reset(st);
	snprintf(no, sizeof no, "%sR%lld", order_no, (long long)n + 1);
	st = db_stmt(db, "INSERT INTO refunds (order_id, payment_id, account_id, provider, refund_no,"
	                 " amount, cause, reason, requested_by, request_key, created_at, updated_at)"
	                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st || db_bind(st, "iiitti" "tti" "tii", r->order_id, r->payment_id, r->account_id,
	                   r->provider, no, r->amount, r->cause, r->reason, r->requested_by,
	                   r->request_key, now, now) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	*id = db_last_id(db);
	return ST_OK;
}

int store_refund_get(struct db *db, int64_t id, struct refund *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " REFUND_COLS " FROM refunds WHERE id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, refund_read);
}

int store_refund_by_no(struct db *db, const char *refund_no, struct refund *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " REFUND_COLS " FROM refunds WHERE refund_no = ?");

	if (!st || db_bind(st, "t", refund_no) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, refund_read);
}

int store_refund_by_key(struct db *db, int64_t payment_id, const char *key,
                        struct refund *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " REFUND_COLS " FROM refunds"
	                               " WHERE payment_id = ? AND request_key = ?");

	if (!st || db_bind(st, "it", payment_id, key) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, refund_read);
}

int store_refund_finish(struct db *db, int64_t id, const char *status,
                        const char *gateway_refund_no, const char *failure)
{
	int64_t now = store_now();
	struct db_stmt *st = db_stmt(db,
		"UPDATE refunds SET status = ?, gateway_refund_no = coalesce(?, gateway_refund_no),"
		" failure = ?, updated_at = ?, finished_at = ? WHERE id = ? AND status = 'processing'");
	int rc;

	if (!st || db_bind(st, "tttiii", status, gateway_refund_no && *gateway_refund_no
	                   ? gateway_refund_no : NULL, failure, now, now, id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}

int store_refund_sum(struct db *db, int64_t payment_id, int64_t *sum)
{
	struct db_stmt *st = db_stmt(db, "SELECT coalesce(sum(amount), 0) FROM refunds"
	                               " WHERE payment_id = ? AND status <> 'failed'");
	int rc;

	*sum = 0;
	if (!st || db_bind(st, "i", payment_id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_row(st)) < 0)
		return ST_ERROR;
	if (rc == 1)
		*sum = db_col_int(st, 0);
	db_reset(st);
	return ST_OK;
}

int store_refunds_of(struct db *db, int64_t order_id,
                     void (*fn)(const struct refund *, void *), void *arg)
{
	struct db_stmt *st = order_id
		? db_stmt(db, "SELECT " REFUND_COLS " FROM refunds WHERE order_id = ? ORDER BY id")
		: db_stmt(db, "SELECT " REFUND_COLS " FROM refunds WHERE status = 'processing'"
		              " ORDER BY id");
	struct refund *rows = NULL;
	size_t n = 0;
	int rc;

	if (!st || (order_id && db_bind(st, "i", order_id) != ST_OK))
		return ST_ERROR;
	rc = db_fetch_all(st, sizeof *rows, refund_read, (void **)&rows, &n);
	for (size_t i = 0; i < n; i++) {
		if (rc == ST_OK)
			fn(&rows[i], arg);
		refund_free(&rows[i]);
	}
	free(rows);
	return rc;
}

int store_refunds_of_orders(struct db *db, const int64_t *order_ids, size_t n,
                            void (*fn)(const struct refund *, void *), void *arg)
{
	struct refund *rows = NULL;
	size_t k = 0;
	int rc = db_fetch_all_ids(db, "SELECT " REFUND_COLS " FROM refunds"
	                              " WHERE order_id IN (" DB_IDS ") ORDER BY id",
	                          order_ids, n, sizeof *rows, refund_read, (void **)&rows, &k);

	for (size_t i = 0; i < k; i++) {
		if (rc == ST_OK)
			fn(&rows[i], arg);
		refund_free(&rows[i]);
	}
	free(rows);
	return rc;
}

int store_refund_page(struct db *db, const char *status, int limit, int offset,
                      void (*fn)(const struct refund *, void *), void *arg, int64_t *total)
{
	struct db_stmt *st = db_stmt(db, "SELECT COUNT(*) FROM refunds WHERE (? = '' OR status = ?)");
	struct refund *rows = NULL;
	size_t n = 0;
	int rc;

	if (!status)
		status = "";
	if (!st || db_bind(st, "tt", status, status) != ST_OK || db_row(st) != 1)
		return ST_ERROR;
	*total = db_col_int(st, 0);
	db_reset(st);
	st = db_stmt(db, "SELECT " REFUND_COLS " FROM refunds WHERE (? = '' OR status = ?)"
	                 " ORDER BY id DESC LIMIT ? OFFSET ?");
	if (!st || db_bind(st, "ttdd", status, status, limit, offset) != ST_OK)
		return ST_ERROR;
	rc = db_fetch_all(st, sizeof *rows, refund_read, (void **)&rows, &n);
	for (size_t i = 0; i < n; i++) {
		if (rc == ST_OK)
			fn(&rows[i], arg);
		refund_free(&rows[i]);
	}
	free(rows);
	return rc;
}
