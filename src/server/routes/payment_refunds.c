/* Refunds, for HQ staff and administrators (the money is the
 * association's):
 *
 *	GET  /review/orders/{no}              an order by its number, with every
 *	                                      payment attempt, bank transfer and
 *	                                      refund: what staff refund from
 *	POST /review/payments/{id}/refund {"amount","cause","reason"}
 *	                                      full (amount 0 or absent) or partial;
 *	                                      cause paid_twice | membership_ended |
 *	                                      other; Idempotency-Key makes a retried
 *	                                      request find the first refund
 *	POST /review/refunds/{id}/check       ask the gateway how a processing
 *	                                      refund stands (sent again under the
 *	                                      same number when the gateway never
 *	                                      got it)
 *
 * The refund is recorded first, then asked of the gateway that took the
 * money under its own number (out_refund_no / out_request_no), so no retry
 * refunds twice. A bank transfer is paid back by staff from the
 * association's account; its refund is recorded as made. The member sees
 * every refund on the order (GET /orders/{id}, "refunds"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/codes.h"
#include "roster/json.h"
#include "pay/pay.h"
#include "pay/refund.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/attempts.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/refunds.h"
#include "store/store.h"
#include "routes/idempotency.h"
#include "views/member.h"
#include "views/order.h"
#include "views/payment.h"

static void add_payment(const struct attempt *a, void *arg)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", a->id);
	json_add_str(o, "method", "qr");
	json_add_str(o, "provider", a->provider);
	json_add_str(o, "out_trade_no", a->token);
	json_add_str(o, "gateway_no", a->gateway_no[0] ? a->gateway_no : NULL);
	json_add_str(o, "status", a->status);
	json_add_int(o, "amount", a->amount);
	json_add_int(o, "created_at", a->created_at);
	json_add_bool(o, "closed", a->closed_at != 0);
	if (a->paid_at)
		json_add_int(o, "paid_at", a->paid_at);
	else
		cJSON_AddNullToObject(o, "paid_at");
	cJSON_AddItemToArray(arg, o);
}

static cJSON *order_money_json(struct db *db, const struct order *o)
{
	cJSON *out = view_order(db, o), *pays = cJSON_CreateArray();
	struct payment bank = { 0 };

	store_attempt_list(db, o->id, add_payment, pays);
	if (store_payment_last_bank(db, o->id, &bank) == ST_OK) {
		cJSON *t = view_transfer(&bank);
		json_add_str(t, "method", "bank_transfer");
		cJSON_AddItemToArray(pays, t);
		payment_free(&bank);
	}
	cJSON_AddItemToObject(out, "payments", pays);
	cJSON_AddItemToObject(out, "member", view_member_ref(db, o->account_id));
	if (!cJSON_GetObjectItemCaseSensitive(out, "refunds"))
		cJSON_AddItemToObject(out, "refunds", pay_refunds_json(db, o->id));
	return out;
}

static void route_staff_order(struct req *req, struct resp *resp)
{
	struct order o;
	int rc = store_order_by_no(req->db, req->params[0], &o);

	if (rc != ST_OK) {
		resp_error(resp, rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 200, order_money_json(req->db, &o));
}

static void refund_reply(struct req *req, struct resp *resp, int status, int64_t id)
{
	struct refund r = { 0 };
	struct order o;
	cJSON *out;

	if (store_refund_get(req->db, id, &r) != ST_OK ||
	    store_order_get(req->db, r.order_id, &o) != ST_OK) {
		refund_free(&r);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	out = pay_refund_json(&r);
	json_add_str(out, "order_no", o.order_no);
	json_add_str(out, "provider", r.provider);
	refund_free(&r);
	resp_json(resp, status, out);
}

static void route_payment_refund(struct req *req, struct resp *resp)
{
	cJSON *errs = cJSON_CreateObject();
	const char *cause = NULL, *reason = NULL, *why, *key;
	char *base = NULL;
	int64_t amount = 0, id = 0;
	bool again;
	enum roster_err e;

	if (!route_idem_key(req, resp, &key)) {
		cJSON_Delete(errs);
		return;
	}
	json_get_int(req->json, "amount", false, &amount, errs);
	json_get_str(req->json, "cause", true, &cause, errs);
	json_get_str(req->json, "reason", true, &reason, errs);
	if (amount < 0)
		json_add_str(errs, "amount", _("The amount must be a positive number of fen."));
	if (cause && !code_valid(CODES_REFUND_CAUSE, cause))
		json_add_str(errs, "cause", _("Unknown cause."));
	if (reason && (why = route_line_problem(reason, 80)))
		json_add_str(errs, "reason", why);
	else if (reason && !*reason)
		json_add_str(errs, "reason", _("Required."));
	if (resp_fields_error(resp, errs))
		return;
	base = route_base_url(req);
	struct refund_request rq = {
		.payment_id = req_param_id(req, 0), .amount = amount, .cause = cause,
		.reason = reason, .base_url = base, .actor = req->who.account_id, .key = key,
	};
	e = rq.payment_id > 0 ? pay_refund_request(req->db, &rq, &id, &again, &why)
	                      : ERR_NOT_FOUND;
	free(base);
	if (e == ERR_CONFLICT) {
		resp_error(resp, e, strcmp(why, "This payment took no money.") == 0
		           ? _("This payment took no money.")
		           : _("That is more than is left of this payment."), NULL);
		return;
	}
	if (e != ERR_OK) {
		resp_error(resp, e, NULL, NULL);
		return;
	}
	http_wake();
	refund_reply(req, resp, again ? 200 : 201, id);
	if (again)
		resp_header(resp, "Idempotent-Replayed", "true");
}

static void route_refund_check(struct req *req, struct resp *resp)
{
	char *base = route_base_url(req);
	enum roster_err e = pay_refund_check(req->db, req_param_id(req, 0), base);

	free(base);
	if (e != ERR_OK) {
		resp_error(resp, e, e == ERR_UNAVAILABLE
		           ? _("The payment service cannot be reached; please try again.") : NULL,
		           NULL);
		return;
	}
	http_wake();
	refund_reply(req, resp, 200, req_param_id(req, 0));
}

const struct route routes_payment_refunds[] = {
	{ "GET", "/review/orders/{no}", route_staff_order, ROLES_HQ, 0 },
	{ "POST", "/review/payments/{id}/refund", route_payment_refund, ROLES_HQ, 0 },
	{ "POST", "/review/refunds/{id}/check", route_refund_check, ROLES_HQ, 0 },
	{ 0 }
};
