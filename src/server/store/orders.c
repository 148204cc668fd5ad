/* orders and order_years tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "assoc_time.h"
#include "log.h"
#include "store/catalogue.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/members.h"
#include "store/orders.h"
#include "server.h"

#define ORDER_COLS "id, order_no, account_id, kind, status, amount, unit_fee, level_id," \
                   " from_level_id, application_id, year_from, year_to, method, provider," \
                   " receipt_no, created_at, updated_at, paid_at, closes_at, version"

static void order_read(struct db_stmt *st, void *row)
{
	struct order *o = row;

	memset(o, 0, sizeof *o);
	o->id = db_col_int(st, 0);
	db_col_copy(st, 1, o->order_no, sizeof o->order_no);
	o->account_id = db_col_int(st, 2);
	db_col_copy(st, 3, o->kind, sizeof o->kind);
	db_col_copy(st, 4, o->status, sizeof o->status);
	o->amount = db_col_int(st, 5);
	o->unit_fee = db_col_int(st, 6);
	o->level_id = db_col_int(st, 7);
	o->from_level_id = db_col_int(st, 8);
	o->application_id = db_col_int(st, 9);
	o->year_from = (int)db_col_int(st, 10);
	o->year_to = (int)db_col_int(st, 11);
	db_col_copy(st, 12, o->method, sizeof o->method);
	db_col_copy(st, 13, o->provider, sizeof o->provider);
	db_col_copy(st, 14, o->receipt_no, sizeof o->receipt_no);
	o->created_at = db_col_int(st, 15);
	o->updated_at = db_col_int(st, 16);
	o->paid_at = db_col_int(st, 17);
	o->closes_at = db_col_int(st, 18);
	o->version = db_col_int(st, 19);
}

int store_order_get(struct db *db, int64_t id, struct order *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ORDER_COLS " FROM orders WHERE id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, order_read);
}

int store_order_by_no(struct db *db, const char *order_no, struct order *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ORDER_COLS " FROM orders WHERE order_no = ?");

	if (!st || db_bind(st, "t", order_no) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, order_read);
}

int store_orders_by_ids(struct db *db, const int64_t *ids, size_t count, struct order **out,
                        size_t *n)
{
	void *rows = NULL;
	int rc = db_fetch_all_ids(db, "SELECT " ORDER_COLS " FROM orders WHERE id IN (" DB_IDS ")",
	                          ids, count, sizeof **out, order_read, &rows, n);

	if (rc != ST_OK) {
		free(rows);
		rows = NULL;
		*n = 0;
	}
	*out = rows;
	return rc;
}

/* D/L + YYYYMMDD (the association's date) + 6 random digits: not guessable
 * in sequence and unique by the table's key (a clash is retried). */
static void order_no_make(const char *kind, int64_t now, char out[ORDER_NO_LEN])
{
	char date[11], day[9];

	assoc_date(now, date);
	snprintf(day, sizeof day, "%.4s%.2s%.2s", date, date + 5, date + 8);
	snprintf(out, ORDER_NO_LEN, "%c%s%06u", strcmp(kind, "dues") == 0 ? 'D' : 'L', day,
	         (unsigned)randombytes_uniform(1000000));
}

static int years_claim(struct db *db, int64_t order_id, int64_t account_id, int from, int to)
{
	struct db_stmt *st;
	int rc;

	for (int y = from; y <= to; y++) {
		st = db_stmt(db, "INSERT INTO order_years (order_id, account_id, year, live)"
		                 " VALUES (?, ?, ?, 1)"
		                 " ON CONFLICT (order_id, year) DO UPDATE SET live = 1");
		if (!st || db_bind(st, "iid", order_id, account_id, y) != ST_OK)
			return ST_ERROR;
		if ((rc = db_run(st)) != ST_OK)
			return rc == ST_CONFLICT ? ST_EXISTS : rc;
	}
	return ST_OK;
}

static int years_release(struct db *db, int64_t order_id)
{
	struct db_stmt *st = db_stmt(db, "UPDATE order_years SET live = 0 WHERE order_id = ?");

	if (!st || db_bind(st, "i", order_id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_order_insert(struct db *db, const struct order_new *o, int64_t *id)
{
	int64_t now = store_now();
	char no[ORDER_NO_LEN];
	int rc = ST_ERROR;
	bool dues = strcmp(o->kind, "dues") == 0;

	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	for (int attempt = 0; attempt < 8; attempt++) {
		struct db_stmt *st = db_stmt(db,
			"INSERT INTO orders (order_no, account_id, kind, status, amount, unit_fee,"
			" level_id, from_level_id, application_id, year_from, year_to, created_at,"
			" updated_at, closes_at) VALUES (?, ?, ?, 'unpaid', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		order_no_make(o->kind, now, no);
		if (!st || db_bind(st, "titiiiiiddiii", no, o->account_id, o->kind, o->amount,
		                   o->unit_fee, o->level_id, o->from_level_id, o->application_id,
		                   o->year_from, o->year_to, now, now, o->closes_at) != ST_OK)
			goto fail;
		/* absent values are NULL, not 0 */
		if ((!o->from_level_id && db_bind_null(st, 7) != ST_OK) ||
		    (!o->application_id && db_bind_null(st, 8) != ST_OK) ||
		    (!o->year_from && db_bind_null(st, 9) != ST_OK) ||
		    (!o->year_to && db_bind_null(st, 10) != ST_OK))
			goto fail;
		rc = db_run(st);
		if (rc != ST_EXISTS)
			break;
	}
	if (rc != ST_OK)
		goto fail;
	*id = db_last_id(db);
	if (dues && (rc = years_claim(db, *id, o->account_id, o->year_from, o->year_to)) != ST_OK)
		goto fail;
	if (db_commit(db) != ST_OK)
		return ST_ERROR;
	return ST_OK;
fail:
	db_rollback(db);
	return rc == ST_OK ? ST_ERROR : rc;
}

/* [start, end) unix seconds of a year of the association's calendar. */
static void year_bounds(int year, int64_t *start, int64_t *end)
{
	*start = assoc_day_time(year, 1, 1, 0);
	*end = assoc_day_time(year + 1, 1, 1, 0);
}

int store_order_list(struct db *db, const struct order_filter *f, int limit, int offset,
                     void (*fn)(const struct order *, void *), void *arg, int64_t *total)
{
	int64_t from = 0, to = INT64_MAX;
	struct db_stmt *st;
	struct order o;
	int rc;

	if (f->year)
		year_bounds(f->year, &from, &to);
	st = db_stmt(db, "SELECT COUNT(*) FROM orders WHERE account_id = ?"
	                 " AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR kind = ?3)"
	                 " AND created_at >= ?4 AND created_at < ?5");
	if (!st || db_bind(st, "ittii", f->account_id, f->status, f->kind, from, to) != ST_OK)
		return ST_ERROR;
	if (db_row(st) != 1)
		return ST_ERROR;
	*total = db_col_int(st, 0);
	db_reset(st);
	if (limit == 0)
		return ST_OK;      /* LIMIT 0 selects nothing: only the count was wanted */
	st = db_stmt(db, "SELECT " ORDER_COLS " FROM orders WHERE account_id = ?"
	                 " AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR kind = ?3)"
	                 " AND created_at >= ?4 AND created_at < ?5"
	                 " ORDER BY created_at DESC, id DESC LIMIT ?6 OFFSET ?7");
	if (!st || db_bind(st, "ittiidd", f->account_id, f->status, f->kind, from, to,
	                   limit, offset) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		order_read(st, &o);
		if (fn)
			fn(&o, arg);
	}
	return rc < 0 ? ST_ERROR : ST_OK;
}

int store_order_years_taken(struct db *db, int64_t account_id, int from, int to,
                            uint64_t *paid_mask, uint64_t *unpaid_mask)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT y.year, o.status FROM order_years y JOIN orders o ON o.id = y.order_id"
		" WHERE y.account_id = ? AND y.live = 1 AND y.year >= ? AND y.year <= ?");
	int rc;

	*paid_mask = *unpaid_mask = 0;
	if (to - from >= 64)
		return ST_ERROR;
	if (!st || db_bind(st, "idd", account_id, from, to) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		int y = (int)db_col_int(st, 0);
		const char *s = db_col_ctext(st, 1);
		uint64_t bit = UINT64_C(1) << (y - from);
		if (s && strcmp(s, "paid") == 0)
			*paid_mask |= bit;
		else
			*unpaid_mask |= bit;
	}
	return rc < 0 ? ST_ERROR : ST_OK;
}

/* A member's orders of one status read by the account (DB_INDEXED): SQLite
 * read them along orders_status or orders_paid, every paid order in the
 * association (2.4 s of 1,000,000 orders for GET /dues/quote) or every
 * unpaid one in December, where a member has a few dozen orders at most. */
int store_order_last_paid_year(struct db *db, int64_t account_id, int *year)
{
	struct db_stmt *st = db_stmt(db, DB_INDEXED(db, "SELECT MAX(year_to) FROM orders", "orders_account",
		" WHERE account_id = ? AND kind = 'dues' AND status = 'paid'"));
	int rc;

	*year = 0;
	if (!st || db_bind(st, "i", account_id) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc < 0)
		return ST_ERROR;
	if (rc == 1)
		*year = (int)db_col_int(st, 0);
	db_reset(st);
	return ST_OK;
}

int store_order_unpaid_of_kind(struct db *db, int64_t account_id, const char *kind,
                               int64_t *order_id)
{
	struct db_stmt *st = db_stmt(db, DB_INDEXED(db, "SELECT id FROM orders", "orders_account",
		" WHERE account_id = ? AND kind = ? AND status = 'unpaid' ORDER BY id DESC LIMIT 1"));
	int rc;

	*order_id = 0;
	if (!st || db_bind(st, "it", account_id, kind) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc < 0)
		return ST_ERROR;
	if (rc == 1)
		*order_id = db_col_int(st, 0);
	db_reset(st);
	return ST_OK;
}

/* The next receipt number of year: R + year + 6-digit sequence, numbered
 * without gaps in the order payments land (callers hold the write
 * transaction, so two payments cannot take the same number). */
static int receipt_no_next(struct db *db, int year, char out[32])
{
	return db_next_yearly_no(db, "SELECT MAX(receipt_no) FROM orders"
	                             " WHERE receipt_no >= ? AND receipt_no < ?", 'R', year, out);
}

int store_order_mark_paid(struct db *db, int64_t id, const char *method,
                          const char *provider, int64_t paid_at)
{
	char receipt[32];
	struct db_stmt *st;
	int rc;

	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	if ((rc = receipt_no_next(db, assoc_year(paid_at), receipt)) != ST_OK)
		goto fail;
	st = db_stmt(db, "UPDATE orders SET status = 'paid', method = ?, provider = ?,"
	                 " receipt_no = ?, paid_at = ?, updated_at = ?, version = version + 1"
	                 " WHERE id = ? AND status = 'unpaid'");
	rc = ST_ERROR;
	if (!st || db_bind(st, "tttiii", method, provider, receipt, paid_at, store_now(), id) != ST_OK)
		goto fail;
	if ((rc = db_run(st)) != ST_OK)
		goto fail;
	if (db_changes(db) != 1) {
		rc = ST_CONFLICT;
		goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return rc;
}

int store_order_revive(struct db *db, int64_t id)
{
	struct order o;
	struct db_stmt *st;
	int rc;

	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	if ((rc = store_order_get(db, id, &o)) != ST_OK)
		goto fail;
	if (strcmp(o.status, "cancelled") != 0 && strcmp(o.status, "closed") != 0) {
		rc = ST_CONFLICT;
		goto fail;
	}
	if (strcmp(o.kind, "dues") == 0 &&
	    (rc = years_claim(db, id, o.account_id, o.year_from, o.year_to)) != ST_OK)
		goto fail;
	st = db_stmt(db, "UPDATE orders SET status = 'unpaid', updated_at = ?,"
	                 " version = version + 1 WHERE id = ?");
	rc = ST_ERROR;
	if (!st || db_bind(st, "ii", store_now(), id) != ST_OK || (rc = db_run(st)) != ST_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return rc;
}

int store_order_years_free(struct db *db, int64_t id, bool *free_)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT COUNT(*) FROM order_years y WHERE y.order_id = ? AND EXISTS"
		" (SELECT 1 FROM order_years z WHERE z.account_id = y.account_id"
		" AND z.year = y.year AND z.live = 1 AND z.order_id <> y.order_id)");

	if (!st || db_bind(st, "i", id) != ST_OK || db_row(st) != 1)
		return ST_ERROR;
	*free_ = db_col_int(st, 0) == 0;
	db_reset(st);
	return ST_OK;
}

int store_order_end(struct db *db, int64_t id, const char *status)
{
	struct db_stmt *st;
	int rc;

	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	st = db_stmt(db, "UPDATE orders SET status = ?, updated_at = ?, version = version + 1"
	                 " WHERE id = ? AND status = 'unpaid'");
	rc = ST_ERROR;
	if (!st || db_bind(st, "tii", status, store_now(), id) != ST_OK ||
	    (rc = db_run(st)) != ST_OK)
		goto fail;
	if (db_changes(db) != 1) {
		rc = ST_CONFLICT;
		goto fail;
	}
	if ((rc = years_release(db, id)) != ST_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return rc;
}

int store_order_keep_open(struct db *db, int64_t id, int64_t until)
{
	struct db_stmt *st = db_stmt(db, "UPDATE orders SET closes_at = ?1, updated_at = ?2,"
	                               " version = version + 1"
	                               " WHERE id = ?3 AND status = 'unpaid' AND closes_at < ?1");

	if (!st || db_bind(st, "iii", until, store_now(), id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_order_touch(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "UPDATE orders SET updated_at = ?, version = version + 1"
	                               " WHERE id = ?");

	if (!st || db_bind(st, "ii", store_now(), id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_order_due_to_close(struct db *db, int64_t now, int64_t *ids, int max)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT o.id FROM orders o WHERE o.status = 'unpaid' AND o.closes_at <= ?"
		" AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id"
		" AND p.method = 'bank_transfer' AND p.status = 'pending')"
		" ORDER BY o.closes_at LIMIT ?");
	int rc, n = 0;

	if (!st || db_bind(st, "id", now, max) != ST_OK)
		return -1;
	while (n < max && (rc = db_row(st)) == 1)
		ids[n++] = db_col_int(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : n;
}

/* ---------------------------------------------------------------- level change */

/* The year of a "YYYY-MM-DD" date; 0 when there is none. */
static int date_year(const char *d)
{
	return d && strlen(d) >= 4 ? atoi(d) : 0;
}

int orders_create_level_change(struct db *db, int64_t account_id, int64_t application_id,
                               int64_t new_level_id, int64_t *order_id)
{
	struct member m = { 0 };
	struct level from = { 0 }, to = { 0 };
	char today[11];
	int rc, this_year, last_year, years;
	int64_t diff;

	*order_id = 0;
	rc = store_member_get(db, account_id, &m);
	if (rc != ST_OK)
		return rc;
	if ((rc = store_level_get(db, new_level_id, &to)) != ST_OK)
		goto done;
	if (m.level_id && (rc = store_level_get(db, m.level_id, &from)) != ST_OK)
		goto done;
	store_today(today);
	this_year = date_year(today);
	last_year = date_year(m.valid_until);
	years = last_year >= this_year ? last_year - this_year + 1 : 0;
	diff = to.annual_fee - (m.level_id ? from.annual_fee : 0);
	rc = ST_OK;
	if (years <= 0 || diff <= 0)
		goto done;  /* nothing owed: the caller applies the level now */
	struct order_new on = {
		.account_id = account_id,
		.kind = "level_change",
		.amount = diff * years,
		.unit_fee = diff,
		.level_id = new_level_id,
		.from_level_id = m.level_id,
		.application_id = application_id,
		.year_from = this_year,
		.year_to = last_year,
		.closes_at = store_now() + (int64_t)(g_cfg ? g_cfg->order_close_days : 7) * 86400,
	};
	rc = store_order_insert(db, &on, order_id);
	if (rc == ST_OK)
		log_info("level change order %lld for account %lld: %lld fen",
		         (long long)*order_id, (long long)account_id, (long long)on.amount);
done:
	member_free(&m);
	level_free(&from);
	level_free(&to);
	return rc;
}
