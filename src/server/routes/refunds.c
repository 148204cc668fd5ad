/* Money to give back (staff, HQ and admin):
 *
 *	GET /review/refunds?page=&per_page=
 *
 * QR payments marked refund_due: money that arrived for an order paid
 * already (another trade, or a bank transfer), or for an order that ended
 * and whose years a newer order holds. Oldest money first, each with its
 * order and member. The money is the association's to return; branch staff
 * do not see this list. */
#include "pay/pay.h"
#include "routes/routes.h"
#include "roster/json.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"

struct refund_ctx {
	struct db *db;
	cJSON *items;
};

static cJSON *refund_json(struct db *db, const struct payment *p)
{
	cJSON *o = cJSON_CreateObject();
	struct order od;

	json_add_int(o, "id", p->id);
	json_add_int(o, "amount", p->amount);
	json_add_str(o, "method", p->method);
	json_add_str(o, "provider", p->provider);
	json_add_str(o, "trade_no", p->token);
	json_add_int(o, "paid_at", p->paid_at);
	json_add_int(o, "recorded_at", p->updated_at);
	if (store_order_get(db, p->order_id, &od) == ST_OK)
		cJSON_AddItemToObject(o, "order", pay_order_json(db, &od));
	else
		cJSON_AddNullToObject(o, "order");
	cJSON_AddItemToObject(o, "member", pay_payer_json(db, p->account_id, true));
	return o;
}

static void refund_row(const struct payment *p, void *arg)
{
	struct refund_ctx *c = arg;

	cJSON_AddItemToArray(c->items, refund_json(c->db, p));
}

static void route_refunds_list(struct req *req, struct resp *resp)
{
	struct refund_ctx c = { .db = req->db };
	int page, per_page;
	int64_t total;

	req_page(req, &page, &per_page);
	c.items = cJSON_CreateArray();
	if (store_refund_list(req->db, per_page, (page - 1) * per_page, refund_row, &c,
	                      &total) != ST_OK) {
		cJSON_Delete(c.items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, c.items, total, page, per_page);
}

const struct route routes_refunds[] = {
	{ "GET", "/review/refunds", route_refunds_list, ROLES_HQ, 0 },
	{ 0 }
};
