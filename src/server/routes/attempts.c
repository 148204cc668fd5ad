/* A member's payment attempts: each QR code shown for an order is one
 * attempt with its own out_trade_no at the gateway.
 *
 *	GET  /orders/{id}/attempts                the order's attempts, oldest first
 *	POST /orders/{id}/attempts/{no}/close     the member left the QR screen:
 *	                                          the attempt is closed at its
 *	                                          gateway so the code cannot be
 *	                                          paid any more
 *
 * Closing an attempt already closed, expired or settled changes nothing and
 * answers it as it is (a client may close on every exit). An attempt the
 * gateway reports paid before it could be closed is taken as a payment, and
 * the answer shows the order paid. */
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "pay/pay.h"
#include "pay/refund.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/attempts.h"
#include "store/orders.h"
#include "store/store.h"
#include "views/order.h"

static cJSON *attempt_json(const struct attempt *a)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "payment_id", a->id);
	json_add_str(o, "out_trade_no", a->token);
	json_add_str(o, "provider", a->provider);
	json_add_str(o, "status", a->status);
	json_add_int(o, "amount", a->amount);
	json_add_int(o, "created_at", a->created_at);
	json_add_int(o, "expires_at", a->expires_at);
	json_add_bool(o, "closed", a->closed_at != 0);
	if (a->paid_at)
		json_add_int(o, "paid_at", a->paid_at);
	else
		cJSON_AddNullToObject(o, "paid_at");
	return o;
}

static void add_attempt(const struct attempt *a, void *arg)
{
	cJSON_AddItemToArray(arg, attempt_json(a));
}

static void route_attempts_list(struct req *req, struct resp *resp)
{
	struct order o;
	cJSON *items;

	if (!route_my_order(req, resp, &o))
		return;
	items = cJSON_CreateArray();
	if (store_attempt_list(req->db, o.id, add_attempt, items) != ST_OK) {
		cJSON_Delete(items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	cJSON *out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "items", items);
	resp_json(resp, 200, out);
}

static void route_attempt_close(struct req *req, struct resp *resp)
{
	const char *no = req->params[1];
	struct attempt a;
	struct order o;
	enum roster_err e;
	const char *outcome;
	int state, rc;
	cJSON *out;

	if (!route_my_order(req, resp, &o))
		return;
	rc = no ? store_attempt_by_token(req->db, no, &a) : ST_NOTFOUND;
	if (rc == ST_OK && a.order_id != o.id)
		rc = ST_NOTFOUND;
	if (rc != ST_OK) {
		resp_error(resp, rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (!a.closed_at && (strcmp(a.status, "pending") == 0 || strcmp(a.status, "expired") == 0)) {
		const struct pay_provider *p = pay_provider_find(a.provider);
		e = p ? p->close(a.token) : ERR_UNAVAILABLE;
		if (e == ERR_CONFLICT) {
			/* paid while the member was leaving: take the money */
			e = pay_query_apply(req->db, a.token, &state, &outcome);
			if (e == ERR_OK)
				store_attempt_closed(req->db, a.id);
		} else if (e == ERR_OK) {
			if (store_attempt_closed(req->db, a.id) != ST_OK)
				e = ERR_INTERNAL;
		}
		if (e != ERR_OK) {
			resp_error(resp, e == ERR_UNAVAILABLE ? ERR_UNAVAILABLE : ERR_INTERNAL,
			           e == ERR_UNAVAILABLE
			           ? _("The payment service cannot be reached; please try again.") : NULL,
			           NULL);
			return;
		}
		http_wake();
	}
	if (store_attempt_get(req->db, a.id, &a) != ST_OK ||
	    store_order_get(req->db, o.id, &o) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	out = attempt_json(&a);
	cJSON_AddItemToObject(out, "order", view_order(req->db, &o));
	resp_json(resp, 200, out);
}

const struct route routes_attempts[] = {
	{ "GET", "/orders/{id}/attempts", route_attempts_list, ROLE_MEMBER, 0 },
	{ "POST", "/orders/{id}/attempts/{no}/close", route_attempt_close, ROLE_MEMBER, 0 },
	{ 0 }
};
