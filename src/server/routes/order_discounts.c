/* Fee reductions and exemptions approved by staff.
 *
 *	POST /review/orders/{id}/reduce   {"amount":FEN,"reason":"…"}
 *
 * HQ staff and admins lower what an unpaid order asks (0 < amount < the
 * current amount), or waive it (amount 0: the order is settled at once
 * with method "exempt", no money moving). The reason is required; it shows
 * on the order (discount, list_amount, discount_reason) and on its payment
 * voucher, reaches the member as a message, and is audited. QR codes
 * already shown for the old amount stop working; an order whose bank
 * transfer waits for review is left alone (409). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"
#include "http.h"
#include "route.h"
#include "pay/pay.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/audit.h"
#include "store/discounts.h"
#include "store/messages.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"
#include "views/order.h"

#define REASON_MAX_CHARS 200

static int tell_member(struct db *db, const struct order *o, int64_t amount, const char *reason)
{
	char was[MONEY_BUFSZ], now[MONEY_BUFSZ], *zh, *en;
	int rc;

	money_format(o->amount, was);
	money_format(amount, now);
	if (amount == 0) {
		zh = xasprintf("订单 %s 的会费 %s 已获批准免缴。原因：%s", o->order_no, was, reason);
		en = xasprintf("The dues of order %s (%s) are waived. Reason: %s", o->order_no, was,
		               reason);
	} else {
		zh = xasprintf("订单 %s 的应付金额已由 %s 减为 %s。原因：%s", o->order_no, was, now,
		               reason);
		en = xasprintf("Order %s now asks %s instead of %s. Reason: %s", o->order_no, now,
		               was, reason);
	}
	rc = store_message_add(db, o->account_id, "order", amount ? "会费减免" : "会费免缴",
	                       amount ? "Fee reduced" : "Fee waived", zh, en, "order", o->id);
	free(zh);
	free(en);
	return rc;
}

static void route_order_reduce(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0), amount = -1;
	cJSON *errs = cJSON_CreateObject();
	const char *reason = NULL, *why;
	struct order o;
	struct payment p;
	char *detail;
	int rc;

	if (json_get_int(req->json, "amount", true, &amount, errs) == 0 && amount < 0)
		json_add_str(errs, "amount", _("An amount in fen, 0 or more."));
	if (json_get_str(req->json, "reason", true, &reason, errs) == 0) {
		if (!*reason)
			json_add_str(errs, "reason", _("Say why the fee is reduced."));
		else if ((why = route_line_problem(reason, REASON_MAX_CHARS)))
			json_add_str(errs, "reason", why);
	}
	if (resp_fields_error(resp, errs))
		return;
	if (id <= 0 || (rc = store_order_get(req->db, id, &o)) == ST_NOTFOUND) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	if (rc != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (strcmp(o.status, "unpaid") != 0) {
		resp_error(resp, ERR_CONFLICT, _("Only an unpaid order can be reduced."), NULL);
		return;
	}
	if (amount >= o.amount) {
		errs = cJSON_CreateObject();
		json_add_str(errs, "amount", _("A reduction asks less than the order does now."));
		resp_fields_error(resp, errs);
		return;
	}
	rc = store_payment_pending_bank(req->db, id, &p);
	if (rc == ST_OK) {
		payment_free(&p);
		resp_error(resp, ERR_CONFLICT,
		           _("A bank transfer for this order waits for review: confirm or reject it first."),
		           NULL);
		return;
	}
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (amount > 0) {
		rc = store_order_reduce(req->db, id, amount, reason, req->who.account_id);
		if (rc == ST_OK)
			rc = store_payment_expire_qr(req->db, id, store_now());
	} else {
		struct order waived = o;
		rc = store_order_exempt(req->db, id, reason, req->who.account_id);
		/* settled as if paid, for nothing: the membership moves, a voucher
		 * is made */
		waived.amount = 0;
		if (rc == ST_OK)
			rc = pay_settle(req->db, &waived, "exempt", NULL, store_now(), req->who.account_id);
	}
	if (rc == ST_OK)
		rc = tell_member(req->db, &o, amount, reason);
	detail = xasprintf("{\"from\":%lld,\"to\":%lld}", (long long)o.amount, (long long)amount);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, amount ? "order.reduce" : "order.exempt",
		                 "order", id, detail);
	free(detail);
	if (rc != ST_OK || db_commit(req->db) != ST_OK) {
		if (rc != ST_OK)
			db_rollback(req->db);
		resp_error(resp, rc == ST_CONFLICT ? ERR_CONFLICT : ERR_INTERNAL, NULL, NULL);
		return;
	}
	http_wake();
	if (store_order_get(req->db, id, &o) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 200, view_order(req->db, &o));
}

const struct route routes_order_discounts[] = {
	{ "POST", "/review/orders/{id}/reduce", route_order_reduce, ROLES_HQ, 0 },
	{ 0 }
};
