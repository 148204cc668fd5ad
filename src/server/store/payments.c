/* payments and pay_events tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/xalloc.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/payments.h"

#define PAYMENT_COLS "id, order_id, account_id, method, provider, status, amount, token," \
                     " code_url, payer_name, bank, account_tail, transfer_date, reference," \
                     " scan_type, length(scan), reason, reviewed_by, reviewed_at, event_id," \
                     " created_at, updated_at, expires_at, paid_at"

void payment_free(struct payment *p)
{
	if (!p)
		return;
	free(p->token);
	free(p->code_url);
	free(p->payer_name);
	free(p->bank);
	free(p->account_tail);
	free(p->transfer_date);
	free(p->reference);
	free(p->scan_type);
	free(p->reason);
	free(p->event_id);
	memset(p, 0, sizeof *p);
}

static void payment_read(struct db_stmt *st, void *row)
{
	struct payment *p = row;

	memset(p, 0, sizeof *p);
	p->id = db_col_int(st, 0);
	p->order_id = db_col_int(st, 1);
	p->account_id = db_col_int(st, 2);
	db_col_copy(st, 3, p->method, sizeof p->method);
	db_col_copy(st, 4, p->provider, sizeof p->provider);
	db_col_copy(st, 5, p->status, sizeof p->status);
	p->amount = db_col_int(st, 6);
	p->token = db_col_text(st, 7);
	p->code_url = db_col_text(st, 8);
	p->payer_name = db_col_text(st, 9);
	p->bank = db_col_text(st, 10);
	p->account_tail = db_col_text(st, 11);
	p->transfer_date = db_col_text(st, 12);
	p->reference = db_col_text(st, 13);
	p->scan_type = db_col_text(st, 14);
	p->scan_size = db_col_int(st, 15);
	p->reason = db_col_text(st, 16);
	p->reviewed_by = db_col_int(st, 17);
	p->reviewed_at = db_col_int(st, 18);
	p->event_id = db_col_text(st, 19);
	p->created_at = db_col_int(st, 20);
	p->updated_at = db_col_int(st, 21);
	p->expires_at = db_col_int(st, 22);
	p->paid_at = db_col_int(st, 23);
}

int store_payment_get(struct db *db, int64_t id, struct payment *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " PAYMENT_COLS " FROM payments WHERE id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, payment_read);
}

int store_payment_by_token(struct db *db, const char *token, struct payment *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " PAYMENT_COLS " FROM payments WHERE token = ?");

	if (!st || db_bind(st, "t", token) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, payment_read);
}

int store_payment_live_qr(struct db *db, int64_t order_id, const char *provider,
                          int64_t now, struct payment *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " PAYMENT_COLS " FROM payments WHERE order_id = ? AND method = 'qr'"
		" AND provider = ? AND status = 'pending' AND expires_at > ?"
		" ORDER BY id DESC LIMIT 1");

	if (!st || db_bind(st, "iti", order_id, provider, now) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, payment_read);
}

int store_payment_pending_bank(struct db *db, int64_t order_id, struct payment *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " PAYMENT_COLS " FROM payments WHERE order_id = ?"
		" AND method = 'bank_transfer' AND status = 'pending'");

	if (!st || db_bind(st, "i", order_id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, payment_read);
}

int store_payment_last_bank(struct db *db, int64_t order_id, struct payment *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " PAYMENT_COLS " FROM payments WHERE order_id = ?"
		" AND method = 'bank_transfer' ORDER BY id DESC LIMIT 1");

	if (!st || db_bind(st, "i", order_id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, payment_read);
}

int store_payment_last_banks(struct db *db, const int64_t *order_ids, size_t n,
                             void (*fn)(const struct payment *, void *), void *arg)
{
	struct payment *rows = NULL;
	size_t k = 0;
	int rc = db_fetch_all_ids(db,
		"SELECT " PAYMENT_COLS " FROM payments WHERE id IN"
		" (SELECT MAX(id) FROM payments WHERE method = 'bank_transfer'"
		" AND order_id IN (" DB_IDS ") GROUP BY order_id)",
		order_ids, n, sizeof *rows, payment_read, (void **)&rows, &k);

	for (size_t i = 0; i < k; i++) {
		if (rc == ST_OK)
			fn(&rows[i], arg);
		payment_free(&rows[i]);
	}
	free(rows);
	return rc;
}

int store_payment_insert_qr(struct db *db, int64_t order_id, int64_t account_id,
                            const char *provider, const char *token, const char *code_url,
                            int64_t amount, int64_t expires_at, const char *lang,
                            int64_t *id)
{
	int64_t now = store_now();
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO payments (order_id, account_id, method, provider, token, code_url,"
		" amount, status, created_at, updated_at, expires_at, lang)"
		" VALUES (?, ?, 'qr', ?, ?, ?, ?, 'pending', ?, ?, ?, ?)");
	int rc;

	if (!st || db_bind(st, "iitttiiiit", order_id, account_id, provider, token, code_url,
	                   amount, now, now, expires_at, lang) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) == ST_OK)
		*id = db_last_id(db);
	return rc;
}

int store_payment_lang(struct db *db, int64_t id, char lang[3])
{
	struct db_stmt *st = db_stmt(db, "SELECT lang FROM payments WHERE id = ?");
	int rc;

	lang[0] = '\0';
	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc <= 0)
		return rc < 0 ? ST_ERROR : ST_NOTFOUND;
	if (!db_col_null(st, 0))
		snprintf(lang, 3, "%s", db_col_ctext(st, 0));
	db_reset(st);
	return ST_OK;
}

int store_payment_insert_bank(struct db *db, const struct bank_transfer_new *b, int64_t *id)
{
	int64_t now = store_now();
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO payments (order_id, account_id, method, amount, status, payer_name,"
		" bank, account_tail, transfer_date, reference, created_at, updated_at)"
		" VALUES (?, ?, 'bank_transfer', ?, 'pending', ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st || db_bind(st, "iiitttttii", b->order_id, b->account_id, b->amount,
	                   b->payer_name, b->bank, b->account_tail, b->transfer_date,
	                   b->reference, now, now) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) == ST_OK)
		*id = db_last_id(db);
	return rc;
}

int store_payment_set_scan(struct db *db, int64_t id, const void *data, size_t len,
                           const char *type, const char *sha256_hex)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE payments SET scan = ?, scan_type = ?, scan_sha256 = ?, updated_at = ?"
		" WHERE id = ? AND method = 'bank_transfer' AND status = 'pending'");
	int rc;

	if (!st || db_bind(st, "bttii", data, len, type, sha256_hex, store_now(), id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}

int store_payment_scan(struct db *db, int64_t id, void **data, size_t *len, char **type)
{
	struct db_stmt *st = db_stmt(db, "SELECT scan, scan_type FROM payments WHERE id = ?"
	                               " AND scan IS NOT NULL");
	int rc;

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc <= 0)
		return rc < 0 ? ST_ERROR : ST_NOTFOUND;
	db_col_blob(st, 0, data, len);
	*type = db_col_text(st, 1);
	db_reset(st);
	return ST_OK;
}

int store_payment_succeed(struct db *db, int64_t id, const char *event_id,
                          int64_t paid_at, int64_t reviewer)
{
	int64_t now = store_now();
	struct db_stmt *st = db_stmt(db,
		"UPDATE payments SET status = 'succeeded', event_id = ?, paid_at = ?, updated_at = ?,"
		" reviewed_by = ?, reviewed_at = ? WHERE id = ?"
		" AND status IN ('pending', 'expired')");
	int rc;

	if (!st || db_bind(st, "tiiiii", event_id, paid_at, now, reviewer, now, id) != ST_OK)
		return ST_ERROR;
	/* a QR payment has no reviewer */
	if (!reviewer && (db_bind_null(st, 4) != ST_OK ||
	                  db_bind_null(st, 5) != ST_OK))
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}

int store_payment_reject(struct db *db, int64_t id, const char *reason, int64_t reviewer)
{
	int64_t now = store_now();
	struct db_stmt *st = db_stmt(db,
		"UPDATE payments SET status = 'rejected', reason = ?, reviewed_by = ?,"
		" reviewed_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'");
	int rc;

	if (!st || db_bind(st, "tiiii", reason, reviewer, now, now, id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}

int store_payment_refund_due(struct db *db, int64_t id, const char *event_id, int64_t paid_at)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE payments SET status = 'refund_due', event_id = ?, paid_at = ?,"
		" updated_at = ? WHERE id = ? AND method = 'qr' AND status IN ('pending', 'expired')");
	int rc;

	if (!st || db_bind(st, "tiii", event_id, paid_at, store_now(), id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}

int store_payment_not_needed(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE payments SET status = 'not_needed', updated_at = ? WHERE id = ?"
		" AND method = 'bank_transfer' AND status = 'pending'");
	int rc;

	if (!st || db_bind(st, "ii", store_now(), id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}

int store_payment_expire_qr(struct db *db, int64_t order_id, int64_t now)
{
	struct db_stmt *st;

	if (order_id) {
		st = db_stmt(db, "UPDATE payments SET status = 'expired', updated_at = ?"
		                 " WHERE order_id = ? AND method = 'qr' AND status = 'pending'");
		if (!st || db_bind(st, "ii", now, order_id) != ST_OK)
			return ST_ERROR;
	} else {
		st = db_stmt(db, "UPDATE payments SET status = 'expired', updated_at = ?1"
		                 " WHERE method = 'qr' AND status = 'pending' AND expires_at <= ?1");
		if (!st || db_bind(st, "i", now) != ST_OK)
			return ST_ERROR;
	}
	return db_run(st);
}

/* A branch's members: joined through it or added to it by a branch join
 * (the scope staff lists use everywhere); org 0 = everyone. */
#define IN_ORG(acc, org) \
	"(" org " = 0 OR EXISTS (SELECT 1 FROM members ms WHERE ms.account_id = " acc \
	" AND ms.org_id = " org ") OR EXISTS (SELECT 1 FROM member_branches mb" \
	" WHERE mb.account_id = " acc " AND mb.org_id = " org "))"

int store_bank_review_list(struct db *db, const struct bank_review_filter *f,
                           int limit, int offset,
                           void (*fn)(const struct payment *, void *), void *arg,
                           int64_t *total)
{
	struct db_stmt *st;
	struct payment p;
	int rc;

	st = db_stmt(db, "SELECT COUNT(*) FROM payments p WHERE p.method = 'bank_transfer'"
	                 " AND (?1 IS NULL OR p.status = ?1) AND " IN_ORG("p.account_id", "?2"));
	if (!st || db_bind(st, "ti", f->status, f->org_id) != ST_OK)
		return ST_ERROR;
	if (db_row(st) != 1)
		return ST_ERROR;
	*total = db_col_int(st, 0);
	db_reset(st);
	st = db_stmt(db, "SELECT p.id, p.order_id, p.account_id, p.method, p.provider, p.status,"
	                 " p.amount, p.token, p.code_url, p.payer_name, p.bank, p.account_tail,"
	                 " p.transfer_date, p.reference, p.scan_type, length(p.scan), p.reason,"
	                 " p.reviewed_by, p.reviewed_at, p.event_id, p.created_at, p.updated_at,"
	                 " p.expires_at, p.paid_at"
	                 " FROM payments p WHERE p.method = 'bank_transfer'"
	                 " AND (?1 IS NULL OR p.status = ?1) AND " IN_ORG("p.account_id", "?2")
	                 " ORDER BY p.created_at, p.id LIMIT ?3 OFFSET ?4");
	if (!st || db_bind(st, "tidd", f->status, f->org_id, limit, offset) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		payment_read(st, &p);
		fn(&p, arg);
		payment_free(&p);
	}
	return rc < 0 ? ST_ERROR : ST_OK;
}

/* Money still to give back: what refunds (made or under way, see
 * store/refunds.h) have not covered yet. */
#define NOT_REFUNDED " AND amount > (SELECT coalesce(sum(r.amount), 0) FROM refunds r" \
                     " WHERE r.payment_id = payments.id AND r.status <> 'failed')"

int store_refund_list(struct db *db, int limit, int offset,
                      void (*fn)(const struct payment *, void *), void *arg, int64_t *total)
{
	struct db_stmt *st;
	struct payment p;
	int rc;

	st = db_stmt(db, "SELECT COUNT(*) FROM payments WHERE status = 'refund_due'" NOT_REFUNDED);
	if (!st || db_row(st) != 1)
		return ST_ERROR;
	*total = db_col_int(st, 0);
	db_reset(st);
	if (limit == 0)
		return ST_OK;
	st = db_stmt(db, "SELECT " PAYMENT_COLS " FROM payments WHERE status = 'refund_due'"
	                 NOT_REFUNDED " ORDER BY paid_at, id LIMIT ? OFFSET ?");
	if (!st || db_bind(st, "dd", limit, offset) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		payment_read(st, &p);
		fn(&p, arg);
		payment_free(&p);
	}
	return rc < 0 ? ST_ERROR : ST_OK;
}

int store_pay_event_insert(struct db *db, const char *provider, const char *event_id,
                           int64_t order_id, int64_t payment_id, int64_t amount,
                           const char *outcome)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO pay_events (provider, event_id, order_id, payment_id, amount, outcome,"
		" received_at) VALUES (?, ?, ?, ?, ?, ?, ?)");

	if (!st || db_bind(st, "ttiiiti", provider, event_id, order_id, payment_id, amount,
	                   outcome, store_now()) != ST_OK)
		return ST_ERROR;
	if ((!order_id && db_bind_null(st, 3) != ST_OK) ||
	    (!payment_id && db_bind_null(st, 4) != ST_OK))
		return ST_ERROR;
	return db_run(st);
}

int store_payment_count_succeeded(struct db *db, int64_t order_id, int64_t *n)
{
	struct db_stmt *st = db_stmt(db, "SELECT COUNT(*) FROM payments WHERE order_id = ?"
	                               " AND status = 'succeeded'");

	if (!st || db_bind(st, "i", order_id) != ST_OK || db_row(st) != 1)
		return ST_ERROR;
	*n = db_col_int(st, 0);
	db_reset(st);
	return ST_OK;
}
