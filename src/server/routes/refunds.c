/* Money to give back, and money given back (staff, HQ and admin):
 *
 *	GET /review/refunds?page=&per_page=
 *	GET /review/refunds?show=made&status=&page=&per_page=
 *
 * The second lists every refund recorded, newest first, with its order
 * number and member; status is processing, succeeded or failed.
 *
 * QR payments marked refund_due: money that arrived for an order paid
 * already (another trade, or a bank transfer), or for an order that ended
 * and whose years a newer order holds. Oldest money first, each with its
 * order and member. The money is the association's to return; branch staff
 * do not see this list. */
#include <stdlib.h>
#include <string.h>
#include "routes/routes.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "pay/refund.h"
#include "store/orders.h"
#include "store/refunds.h"
#include "views/member.h"
#include "store/payments.h"
#include "store/store.h"
#include "views/payment.h"
#include "views/payment_page.h"

struct refund_ctx {
	struct db *db;
	cJSON *items;
};

static void refund_row(const struct payment *p, void *arg)
{
	view_refund_add(arg, p);
}

static void route_refunds_made(struct req *req, struct resp *resp);

static void route_refunds_list(struct req *req, struct resp *resp)
{
	struct payment_page pg = { 0 };
	const char *show = req_query(req, "show");
	int page, per_page, rc;
	int64_t total;

	if (show && strcmp(show, "made") == 0) {
		route_refunds_made(req, resp);
		return;
	}
	if (show && *show && strcmp(show, "due") != 0) {
		cJSON *errs = cJSON_CreateObject();

		json_add_str(errs, "show", _("Unknown list."));
		resp_fields_error(resp, errs);
		return;
	}
	req_page(req, &page, &per_page);
	pg.items = cJSON_CreateArray();
	rc = store_refund_list(req->db, per_page, (page - 1) * per_page, refund_row, &pg, &total);
	/* the page's orders and members, after its rows */
	if (payment_page_finish(req->db, &pg) != ST_OK)
		rc = ST_ERROR;
	if (rc != ST_OK) {
		cJSON_Delete(pg.items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, pg.items, total, page, per_page);
}

static void made_row(const struct refund *r, void *arg)
{
	struct refund_ctx *c = arg;
	cJSON *o = pay_refund_json(r);
	struct order od;

	if (store_order_get(c->db, r->order_id, &od) == ST_OK)
		json_add_str(o, "order_no", od.order_no);
	json_add_str(o, "provider", r->provider);
	cJSON_AddItemToObject(o, "member", view_member_ref(c->db, r->account_id));
	cJSON_AddItemToArray(c->items, o);
}

static void route_refunds_made(struct req *req, struct resp *resp)
{
	struct refund_ctx c = { .db = req->db };
	const char *status = req_query(req, "status");
	int page, per_page;
	int64_t total;

	if (status && *status && !code_valid(CODES_REFUND_STATUS, status)) {
		cJSON *errs = cJSON_CreateObject();

		json_add_str(errs, "status", _("Unknown status."));
		resp_fields_error(resp, errs);
		return;
	}
	req_page(req, &page, &per_page);
	c.items = cJSON_CreateArray();
	if (store_refund_page(req->db, status, per_page, (page - 1) * per_page, made_row, &c,
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
