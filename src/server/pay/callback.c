/* Provider callbacks: verified, then applied exactly once. The event id is
 * inserted under a unique key in the transaction that settles the order, so
 * of two deliveries of one event (a gateway's retry, a replay, a payer
 * pressing "confirm" twice) only the first changes anything, and the second
 * still gets the provider's acknowledgement, which stops its retries.
 *
 * What an event does is decided from the trade and the order as they are
 * inside that transaction:
 *
 *	trade already counted (succeeded or refund_due)  nothing: a second
 *	        notification of one trade (gateways send them, with new event
 *	        ids) is recorded as a duplicate and acknowledged
 *	order unpaid                                      pays it
 *	order cancelled or closed, its years still free   revives and pays it
 *	order paid (by another trade or a bank transfer),
 *	or its years taken by a newer order               refund_due
 *
 * Every change is a guarded UPDATE (only from the state the decision was
 * made on); should one find the state changed, nothing is written and the
 * provider is asked to retry (ERR_UNAVAILABLE), so no interleaving counts
 * money twice. */
#include <stdio.h>
#include <string.h>
#include "roster/xalloc.h"
#include "log.h"
#include "pay/pay.h"
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

/* Has this trade's money been counted already (it paid the order, or it
 * was set aside for a refund)? */
static bool trade_counted(const struct payment *pm)
{
	return strcmp(pm->status, "succeeded") == 0 || strcmp(pm->status, "refund_due") == 0;
}

/* Decide what the event does with order o (read in the transaction); may
 * revive a cancelled or closed order. "paid", "refund_due", "duplicate";
 * NULL on a store error. */
static const char *decide(struct db *db, const struct payment *pm, struct order *o)
{
	bool years_free;

	if (trade_counted(pm))
		return "duplicate";
	if (strcmp(o->status, "unpaid") == 0)
		return "paid";
	if (strcmp(o->status, "paid") == 0)
		return "refund_due";
	/* cancelled or closed: the money pays it after all if it still can */
	if (store_order_years_free(db, o->id, &years_free) != ST_OK)
		return NULL;
	if (!years_free)
		return "refund_due";
	if (store_order_revive(db, o->id) != ST_OK)
		return NULL;
	strcpy(o->status, "unpaid");
	return "paid";
}

enum roster_err pay_callback_apply(struct db *db, const struct pay_provider *p,
                                   const struct pay_callback_in *in)
{
	struct pay_event ev;
	struct order o;
	struct payment pm = { 0 };
	const char *why = NULL, *outcome;
	enum roster_err e;
	int64_t paid_at;
	int rc;

	/* nothing the caller sent reaches the log: event ids and trade
	 * numbers may carry the trade's token (the sandbox's do) */
	e = p->verify(in, &ev, &why);
	if (e != ERR_OK) {
		log_warn("%s callback refused: %s", p->name, why ? why : err_code(e));
		return e;
	}
	if (db_begin(db) != ST_OK)
		return ERR_UNAVAILABLE;
	rc = store_order_by_no(db, ev.order_no, &o);
	if (rc == ST_OK)
		rc = store_payment_by_token(db, ev.trade_no, &pm);
	if (rc == ST_OK && (pm.order_id != o.id || strcmp(pm.provider, p->name) != 0))
		rc = ST_NOTFOUND;
	if (rc != ST_OK) {
		log_warn("%s callback refused: no such order or trade", p->name);
		e = rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL;
		goto rollback;
	}
	if (ev.amount != o.amount || ev.amount != pm.amount) {
		log_warn("%s callback refused: amount %lld for order %s of %lld", p->name,
		         (long long)ev.amount, o.order_no, (long long)o.amount);
		e = ERR_CONFLICT;
		goto rollback;
	}
	if (!(outcome = decide(db, &pm, &o)))
		goto internal;
	rc = store_pay_event_insert(db, p->name, ev.event_id, o.id, pm.id, ev.amount, outcome);
	if (rc == ST_EXISTS) {
		/* handled before: nothing to do but say so again */
		db_rollback(db);
		payment_free(&pm);
		return ERR_OK;
	}
	if (rc != ST_OK)
		goto internal;
	paid_at = sane_paid_at(ev.paid_at, &o);
	if (strcmp(outcome, "paid") == 0) {
		rc = store_payment_succeed(db, pm.id, ev.event_id, paid_at, 0);
		if (rc == ST_OK)
			rc = pay_settle(db, &o, "qr", p->name, paid_at, 0);
	} else if (strcmp(outcome, "refund_due") == 0) {
		log_warn("%s callback: order %s was settled already; payment %lld needs a refund",
		         p->name, o.order_no, (long long)pm.id);
		rc = store_payment_refund_due(db, pm.id, ev.event_id, paid_at);
		if (rc == ST_OK)
			rc = store_audit(db, 0, "payment.refund_due", "payment", pm.id, NULL);
	} else {
		log_info("%s callback: payment %lld of order %s was notified again; nothing changes",
		         p->name, (long long)pm.id, o.order_no);
	}
	if (rc == ST_CONFLICT) {
		/* the state the decision rested on changed under it */
		log_warn("%s callback for order %s met a concurrent change; asked to retry",
		         p->name, o.order_no);
		e = ERR_UNAVAILABLE;
		goto rollback;
	}
	if (rc != ST_OK)
		goto internal;
	payment_free(&pm);
	return db_commit(db) == ST_OK ? ERR_OK : ERR_UNAVAILABLE;
internal:
	e = ERR_INTERNAL;
rollback:
	db_rollback(db);
	payment_free(&pm);
	return e;
}
