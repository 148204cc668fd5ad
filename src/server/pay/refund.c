/* Refunds (see refund.h). A refund row is committed before the gateway is
 * asked, so a crash or a timeout in between leaves a refund "processing"
 * that pay_refund_check (and rosterd reconcile) asks about and, when the
 * gateway never got it, sends again under the same number: the money goes
 * back once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/codes.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"
#include "log.h"
#include "pay/pay.h"
#include "pay/refund.h"
#include "store/attempts.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/messages.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/refunds.h"
#include "store/store.h"

static bool cause_known(const char *c)
{
	return code_valid(CODES_REFUND_CAUSE, c);
}

/* Tell the member how a refund ended (inside the caller's transaction). */
static int refund_message(struct db *db, const struct refund *r, const char *order_no)
{
	char fen[MONEY_BUFSZ];
	char *zh, *en;
	int rc;
	bool ok = strcmp(r->status, "succeeded") == 0;

	money_format(r->amount, fen);
	if (ok) {
		zh = xasprintf("订单 %s 的 %s 已退回原支付账户（%s）。", order_no, fen, r->reason);
		en = xasprintf("%s of order %s has been refunded to the account it was paid from (%s).",
		               fen, order_no, r->reason);
	} else {
		zh = xasprintf("订单 %s 的 %s 退款未成功，工作人员将与您联系。", order_no, fen);
		en = xasprintf("The refund of %s for order %s did not go through; staff will contact you.",
		               fen, order_no);
	}
	rc = store_message_add(db, r->account_id, "payment", ok ? "退款成功" : "退款未成功",
	                       ok ? "Refund made" : "Refund failed", zh, en, "order", r->order_id);
	free(zh);
	free(en);
	return rc;
}

/* processing -> status in one transaction with its message and audit row.
 * ST_CONFLICT when it had ended already (a repeat: nothing to do). */
static int refund_end(struct db *db, int64_t id, const char *status, const char *gateway_no,
                      const char *failure)
{
	struct refund r = { 0 };
	struct order o = { 0 };
	int rc;

	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	if ((rc = store_refund_finish(db, id, status, gateway_no, failure)) != ST_OK ||
	    (rc = store_refund_get(db, id, &r)) != ST_OK ||
	    (rc = store_order_get(db, r.order_id, &o)) != ST_OK ||
	    (rc = refund_message(db, &r, o.order_no)) != ST_OK ||
	    (rc = store_audit(db, 0, strcmp(status, "succeeded") == 0 ? "refund.succeeded"
	                                                             : "refund.failed",
	                      "refund", id, failure)) != ST_OK)
		goto fail;
	refund_free(&r);
	if (db_commit(db) != ST_OK)
		return ST_ERROR;
	log_info("refund %lld %s", (long long)id, status);
	return ST_OK;
fail:
	refund_free(&r);
	db_rollback(db);
	return rc == ST_OK ? ST_ERROR : rc;
}

/* Ask the gateway for refund r (new, or again under its number). */
static enum roster_err refund_send(struct db *db, const struct refund *r, const char *base_url)
{
	const struct pay_provider *p = pay_provider_find(r->provider);
	struct pay_refund_result res;
	struct attempt a = { 0 };
	enum roster_err e;

	if (!p)
		return ERR_UNAVAILABLE;
	if (store_attempt_get(db, r->payment_id, &a) != ST_OK)
		return ERR_INTERNAL;
	struct pay_refund pr = {
		.token = a.token, .gateway_no = a.gateway_no, .refund_no = r->refund_no,
		.amount = r->amount, .total = a.amount, .reason = r->reason, .base_url = base_url,
	};
	e = p->refund(&pr, &res);
	if (e == ERR_UNAVAILABLE) {
		log_warn("refund %s: %s did not answer; it stays processing", r->refund_no, p->name);
		return ERR_UNAVAILABLE;
	}
	if (e == ERR_CONFLICT || strcmp(res.status, "failed") == 0) {
		log_warn("refund %s: %s refused: %s", r->refund_no, p->name, res.why);
		return refund_end(db, r->id, "failed", res.gateway_refund_no,
		                  res.why[0] ? res.why : "refused") == ST_ERROR ? ERR_INTERNAL : ERR_OK;
	}
	if (strcmp(res.status, "succeeded") == 0 &&
	    refund_end(db, r->id, "succeeded", res.gateway_refund_no, NULL) == ST_ERROR)
		return ERR_INTERNAL;
	return ERR_OK;
}

/* The refund a request with rq's key made before: ST_OK (*id set),
 * ST_NOTFOUND or ST_ERROR. */
static int refund_by_key(struct db *db, const struct refund_request *rq, int64_t *id)
{
	struct refund r = { 0 };
	int rc = store_refund_by_key(db, rq->payment_id, rq->key, &r);

	if (rc == ST_OK) {
		*id = r.id;
		refund_free(&r);
	}
	return rc;
}

/* A repeated request: the refund it made, asked about again while it is
 * processing. */
static enum roster_err refund_again(struct db *db, const struct refund_request *rq, int64_t id,
                                    bool *again)
{
	enum roster_err e = pay_refund_check(db, id, rq->base_url);

	*again = true;
	return e == ERR_UNAVAILABLE ? ERR_OK : e;
}

enum roster_err pay_refund_request(struct db *db, const struct refund_request *rq,
                                   int64_t *id, bool *again, const char **why)
{
	struct payment pm = { 0 };
	struct order o = { 0 };
	struct refund r = { 0 };
	enum roster_err e = ERR_INTERNAL;
	int64_t done = 0, amount = rq->amount;
	bool bank;
	int rc;

	*why = NULL;
	*again = false;
	if (rq->key && (rc = refund_by_key(db, rq, id)) != ST_NOTFOUND)
		return rc == ST_OK ? refund_again(db, rq, *id, again) : ERR_INTERNAL;
	if (!cause_known(rq->cause)) {
		*why = "cause";
		return ERR_VALIDATION;
	}
	if (!rq->reason || !*rq->reason) {
		*why = "reason";
		return ERR_VALIDATION;
	}
	if (db_begin(db) != ST_OK)
		return ERR_UNAVAILABLE;
	/* again inside the transaction: the same request sent twice at once
	 * has both looked before either wrote */
	if (rq->key && (rc = refund_by_key(db, rq, id)) != ST_NOTFOUND) {
		db_rollback(db);
		return rc == ST_OK ? refund_again(db, rq, *id, again) : ERR_INTERNAL;
	}
	rc = store_payment_get(db, rq->payment_id, &pm);
	if (rc != ST_OK) {
		e = rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL;
		goto fail;
	}
	if (store_order_get(db, pm.order_id, &o) != ST_OK)
		goto fail;
	/* only money that arrived can go back */
	if (strcmp(pm.status, "succeeded") != 0 && strcmp(pm.status, "refund_due") != 0) {
		e = ERR_CONFLICT;
		*why = "This payment took no money.";
		goto fail;
	}
	bank = strcmp(pm.method, "bank_transfer") == 0;
	if (store_refund_sum(db, pm.id, &done) != ST_OK)
		goto fail;
	if (amount == 0)
		amount = pm.amount - done;
	if (amount < 0) {
		e = ERR_VALIDATION;
		*why = "amount";
		goto fail;
	}
	if (amount == 0 || done + amount > pm.amount) {
		e = ERR_CONFLICT;
		*why = "That is more than is left of this payment.";
		goto fail;
	}
	r.order_id = o.id;
	r.payment_id = pm.id;
	r.account_id = pm.account_id;
	snprintf(r.provider, sizeof r.provider, "%s", bank ? "bank_transfer" : pm.provider);
	r.amount = amount;
	snprintf(r.cause, sizeof r.cause, "%s", rq->cause);
	r.reason = (char *)rq->reason;
	r.requested_by = rq->actor;
	r.request_key = (char *)rq->key;
	if (store_refund_insert(db, &r, o.order_no, id) != ST_OK ||
	    store_audit(db, rq->actor, "refund.request", "refund", *id, rq->cause) != ST_OK)
		goto fail;
	r.reason = NULL;
	r.request_key = NULL;
	if (db_commit(db) != ST_OK) {
		e = ERR_UNAVAILABLE;
		goto done;
	}
	payment_free(&pm);
	if (store_refund_get(db, *id, &r) != ST_OK)
		return ERR_INTERNAL;
	if (bank) {
		/* paid back by staff from the association's account */
		e = refund_end(db, r.id, "succeeded", NULL, NULL) == ST_OK ? ERR_OK : ERR_INTERNAL;
	} else {
		e = refund_send(db, &r, rq->base_url);
		if (e == ERR_UNAVAILABLE)
			e = ERR_OK;    /* recorded; the check sends it again */
	}
	refund_free(&r);
	return e;
fail:
	r.reason = NULL;
	r.request_key = NULL;
	db_rollback(db);
done:
	payment_free(&pm);
	return e;
}

enum roster_err pay_refund_check(struct db *db, int64_t id, const char *base_url)
{
	const struct pay_provider *p;
	struct pay_refund_result res;
	struct refund r = { 0 };
	struct attempt a = { 0 };
	enum roster_err e = ERR_OK;
	int known;

	if (store_refund_get(db, id, &r) != ST_OK)
		return ERR_NOT_FOUND;
	if (strcmp(r.status, "processing") != 0)
		goto done;
	if (!(p = pay_provider_find(r.provider))) {
		e = ERR_UNAVAILABLE;
		goto done;
	}
	if (store_attempt_get(db, r.payment_id, &a) != ST_OK) {
		e = ERR_INTERNAL;
		goto done;
	}
	known = p->refund_query(a.token, r.refund_no, &res);
	if (known < 0) {
		e = ERR_UNAVAILABLE;
	} else if (known == 0) {
		e = refund_send(db, &r, base_url);
	} else if (strcmp(res.status, "processing") != 0) {
		if (refund_end(db, r.id, res.status, res.gateway_refund_no,
		               res.why[0] ? res.why : NULL) == ST_ERROR)
			e = ERR_INTERNAL;
	}
done:
	refund_free(&r);
	return e;
}

enum roster_err pay_refund_event(struct db *db, const struct pay_provider *p,
                                 const struct pay_event *ev)
{
	struct refund r = { 0 };
	int rc = store_refund_by_no(db, ev->refund_no, &r);

	if (rc != ST_OK || strcmp(r.provider, p->name) != 0) {
		refund_free(&r);
		return rc == ST_ERROR ? ERR_INTERNAL : ERR_NOT_FOUND;
	}
	if (strcmp(ev->refund_status, "processing") != 0 && strcmp(r.status, "processing") == 0)
		rc = refund_end(db, r.id, ev->refund_status, ev->gateway_no, NULL);
	refund_free(&r);
	return rc == ST_ERROR ? ERR_INTERNAL : ERR_OK;
}

cJSON *pay_refund_json(const struct refund *r)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", r->id);
	json_add_str(o, "refund_no", r->refund_no);
	json_add_int(o, "payment_id", r->payment_id);
	json_add_int(o, "amount", r->amount);
	json_add_str(o, "cause", r->cause);
	json_add_str(o, "reason", r->reason);
	json_add_str(o, "status", r->status);
	json_add_int(o, "created_at", r->created_at);
	if (r->finished_at)
		json_add_int(o, "finished_at", r->finished_at);
	else
		cJSON_AddNullToObject(o, "finished_at");
	return o;
}

static void add_refund(const struct refund *r, void *arg)
{
	cJSON_AddItemToArray(arg, pay_refund_json(r));
}

cJSON *pay_refunds_json(struct db *db, int64_t order_id)
{
	cJSON *a = cJSON_CreateArray();

	store_refunds_of(db, order_id, add_refund, a);
	return a;
}
