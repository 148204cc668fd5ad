/* Provider callbacks: verified, then applied exactly once. The event id is
 * inserted under a unique key in the transaction that settles the order, so
 * of two deliveries of one event (a gateway's retry, a replay, a payer
 * pressing "confirm" twice) only the first changes anything, and the second
 * still gets the provider's acknowledgement, which stops its retries. */
#include <stdio.h>
#include <string.h>
#include "roster/xalloc.h"
#include "log.h"
#include "pay/pay.h"
#include "server.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"

static void ack(const struct pay_provider *p, struct resp *resp)
{
	resp_bytes(resp, 200, p->ack_ctype, (void *)p->ack_body, strlen(p->ack_body), false);
	resp->no_etag = true;
}

/* The time the provider says the money moved, unless it is absurd. */
static int64_t sane_paid_at(int64_t paid_at, const struct order *o)
{
	int64_t now = store_now();

	if (paid_at < o->created_at - 86400 || paid_at > now + 3600)
		return now;
	return paid_at;
}

void pay_callback_handle(struct db *db, const struct pay_provider *p,
                         const struct pay_callback_in *in, struct resp *resp)
{
	struct pay_event ev;
	struct order o;
	struct payment pm = { 0 };
	const char *why = NULL, *outcome;
	enum roster_err e;
	int64_t paid_at;
	int rc;

	e = p->verify(in, &ev, &why);
	if (e != ERR_OK) {
		log_warn("%s callback refused: %s", p->name, why ? why : err_code(e));
		resp_error(resp, e, NULL, NULL);
		return;
	}
	if (db_begin(db) != ST_OK) {
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		return;
	}
	rc = store_order_by_no(db, ev.order_no, &o);
	if (rc == ST_OK)
		rc = store_payment_by_token(db, ev.trade_no, &pm);
	if (rc == ST_OK && (pm.order_id != o.id || strcmp(pm.provider, p->name) != 0))
		rc = ST_NOTFOUND;
	if (rc != ST_OK) {
		log_warn("%s callback %s: no such order or trade", p->name, ev.event_id);
		resp_error(resp, rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL, NULL, NULL);
		goto rollback;
	}
	if (ev.amount != o.amount || ev.amount != pm.amount) {
		log_warn("%s callback %s: amount %lld for order %s of %lld", p->name, ev.event_id,
		         (long long)ev.amount, o.order_no, (long long)o.amount);
		resp_error(resp, ERR_CONFLICT, NULL, NULL);
		goto rollback;
	}

	/* What this money does: pay the order, or (paid otherwise already, or
	 * its years taken by a newer order) wait for a refund. */
	outcome = "paid";
	if (strcmp(o.status, "cancelled") == 0 || strcmp(o.status, "closed") == 0) {
		bool years_free;
		if (store_order_years_free(db, o.id, &years_free) != ST_OK)
			goto internal;
		if (!years_free)
			outcome = "refund_due";
		else if (store_order_revive(db, o.id) != ST_OK)
			goto internal;
		else
			strcpy(o.status, "unpaid");
	} else if (strcmp(o.status, "paid") == 0) {
		outcome = "refund_due";
	}
	rc = store_pay_event_insert(db, p->name, ev.event_id, o.id, pm.id, ev.amount, outcome);
	if (rc == ST_EXISTS) {
		/* handled before: nothing to do but say so again */
		db_rollback(db);
		payment_free(&pm);
		ack(p, resp);
		return;
	}
	if (rc != ST_OK)
		goto internal;
	paid_at = sane_paid_at(ev.paid_at, &o);
	if (strcmp(outcome, "paid") == 0) {
		if ((rc = store_payment_succeed(db, pm.id, ev.event_id, paid_at, 0)) != ST_OK ||
		    (rc = pay_settle(db, &o, "qr", p->name, paid_at, 0)) != ST_OK)
			goto internal;
	} else {
		log_warn("%s event %s: order %s was settled already; payment %lld needs a refund",
		         p->name, ev.event_id, o.order_no, (long long)pm.id);
		if (store_payment_refund_due(db, pm.id, ev.event_id, paid_at) != ST_OK ||
		    store_audit(db, 0, "payment.refund_due", "payment", pm.id, ev.event_id) != ST_OK)
			goto internal;
	}
	if (db_commit(db) != ST_OK) {
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		payment_free(&pm);
		return;
	}
	payment_free(&pm);
	http_wake();
	ack(p, resp);
	return;
internal:
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
rollback:
	db_rollback(db);
	payment_free(&pm);
}
