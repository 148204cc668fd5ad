/* Applying a verified payment event to its attempt and order, in one
 * transaction: the one place a gateway's word changes money, whether it
 * came as a callback (pay/callback.c) or as the answer to a query
 * (reconciliation, closing an attempt that was paid meanwhile).
 *
 * The event id is stored under a unique key in the same transaction, so a
 * replayed event changes nothing. What the money does is decided from the
 * attempt and the order as they are inside that transaction:
 *
 *	attempt already counted (succeeded or refund_due)  nothing: another
 *	        notification of one trade (gateways send them, with new ids)
 *	order unpaid                                        pays it (also from
 *	        an older attempt after a newer one was made)
 *	order cancelled or closed, its years still free     revives and pays it
 *	order paid (by another attempt or a transfer),
 *	or its years taken by a newer order                 refund_due
 *
 * Every change is guarded (only from the state the decision was made on);
 * should one find the state changed, nothing is written (ERR_UNAVAILABLE:
 * a gateway retries). */
#include <stdio.h>
#include <string.h>
#include "log.h"
#include "pay/pay.h"
#include "server.h"
#include "store/attempts.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"

/* The time the provider says the money moved, unless it is absurd. */
static int64_t sane_paid_at(int64_t paid_at, const struct order *o)
{
	int64_t now = store_now();

	if (paid_at < o->created_at - 86400 || paid_at > now + 3600)
		return now;
	return paid_at;
}

static const char *decide(struct db *db, const struct payment *pm, struct order *o)
{
	bool years_free;

	if (strcmp(pm->status, "succeeded") == 0 || strcmp(pm->status, "refund_due") == 0)
		return "duplicate";
	if (strcmp(o->status, "unpaid") == 0)
		return "paid";
	if (strcmp(o->status, "paid") == 0)
		return "refund_due";
	if (store_order_years_free(db, o->id, &years_free) != ST_OK)
		return NULL;
	if (!years_free)
		return "refund_due";
	if (store_order_revive(db, o->id) != ST_OK)
		return NULL;
	strcpy(o->status, "unpaid");
	return "paid";
}

enum roster_err pay_event_apply(struct db *db, const struct pay_provider *p,
                                const struct pay_event *ev, const char **outcome)
{
	struct payment pm = { 0 };
	struct order o;
	enum roster_err e = ERR_INTERNAL;
	int64_t paid_at;
	int rc;

	*outcome = NULL;
	if (db_begin(db) != ST_OK)
		return ERR_UNAVAILABLE;
	rc = store_payment_by_token(db, ev->trade_no, &pm);
	if (rc == ST_OK)
		rc = store_order_get(db, pm.order_id, &o);
	if (rc == ST_OK && (strcmp(pm.provider, p->name) != 0 || strcmp(pm.method, "qr") != 0 ||
	                    (ev->order_no[0] && strcmp(ev->order_no, o.order_no) != 0)))
		rc = ST_NOTFOUND;
	if (rc != ST_OK) {
		log_warn("%s event refused: no such order or attempt", p->name);
		e = rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL;
		goto fail;
	}
	if (ev->amount != o.amount || ev->amount != pm.amount) {
		log_warn("%s event refused: amount %lld for order %s of %lld", p->name,
		         (long long)ev->amount, o.order_no, (long long)o.amount);
		e = ERR_CONFLICT;
		goto fail;
	}
	if (!(*outcome = decide(db, &pm, &o)))
		goto fail;
	rc = store_pay_event_insert(db, p->name, ev->event_id, o.id, pm.id, ev->amount, *outcome);
	if (rc == ST_EXISTS) {
		/* handled before: nothing to do */
		*outcome = "duplicate";
		db_rollback(db);
		payment_free(&pm);
		return ERR_OK;
	}
	if (rc != ST_OK || store_attempt_set_gateway_no(db, pm.id, ev->gateway_no) != ST_OK)
		goto fail;
	paid_at = sane_paid_at(ev->paid_at, &o);
	if (strcmp(*outcome, "paid") == 0) {
		rc = store_payment_succeed(db, pm.id, ev->event_id, paid_at, 0);
		if (rc == ST_OK)
			rc = pay_settle(db, &o, "qr", p->name, paid_at, 0);
	} else if (strcmp(*outcome, "refund_due") == 0) {
		log_warn("%s: order %s was settled already; payment %lld needs a refund", p->name,
		         o.order_no, (long long)pm.id);
		rc = store_payment_refund_due(db, pm.id, ev->event_id, paid_at);
		if (rc == ST_OK)
			rc = store_audit(db, 0, "payment.refund_due", "payment", pm.id, NULL);
	} else {
		log_info("%s: payment %lld of order %s was reported again; nothing changes",
		         p->name, (long long)pm.id, o.order_no);
	}
	if (rc == ST_CONFLICT) {
		log_warn("%s event for order %s met a concurrent change", p->name, o.order_no);
		e = ERR_UNAVAILABLE;
		goto fail;
	}
	if (rc != ST_OK)
		goto fail;
	payment_free(&pm);
	/* the caller wakes long polls (pay/ knows no HTTP) */
	return db_commit(db) == ST_OK ? ERR_OK : ERR_UNAVAILABLE;
fail:
	db_rollback(db);
	payment_free(&pm);
	if (e != ERR_OK)
		*outcome = NULL;
	return e;
}
