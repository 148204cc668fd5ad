/* Money to give back (staff, HQ and admin):
 *
 *	GET /review/refunds?page=&per_page=
 *
 * QR payments marked refund_due: money that arrived for an order paid
 * already (another trade, or a bank transfer), or for an order that ended
 * and whose years a newer order holds. Oldest money first, each with its
 * order and member. The money is the association's to return; branch staff
 * do not see this list. */
#include "routes/routes.h"
#include "roster/json.h"
#include "store/payments.h"
#include "store/store.h"
#include "views/payment.h"

struct refund_ctx {
	struct db *db;
	cJSON *items;
};

static void refund_row(const struct payment *p, void *arg)
{
	struct refund_ctx *c = arg;

	cJSON_AddItemToArray(c->items, view_refund(c->db, p));
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
