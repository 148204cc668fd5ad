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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "routes/routes.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "pay/refund.h"
#include "store/orders.h"
#include "store/refunds.h"
#include "views/member_page.h"
#include "store/payments.h"
#include "store/store.h"
#include "views/payment.h"
#include "views/payment_page.h"

/* The refunds made on a page, kept until the page's orders and members
 * are read together after it. */
struct refund_ctx {
	cJSON *items;
	struct refund_ref {
		int64_t order_id, account_id;
		char provider[16];
	} *refs;
	size_t n;
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
	struct refund_ref *ref;

	c->refs = xrealloc(c->refs, (c->n + 1) * sizeof *c->refs);
	ref = &c->refs[c->n++];
	ref->order_id = r->order_id;
	ref->account_id = r->account_id;
	snprintf(ref->provider, sizeof ref->provider, "%s", r->provider);
	cJSON_AddItemToArray(c->items, pay_refund_json(r));
}

/* Each refund's order_no, provider and member, the page's orders and
 * members read together. */
static int made_finish(struct db *db, struct refund_ctx *c)
{
	int64_t *ids = xcalloc(c->n ? c->n : 1, sizeof *ids);
	cJSON **members = xcalloc(c->n ? c->n : 1, sizeof *members), *o;
	struct order *orders = NULL;
	size_t norders = 0, i = 0;
	int rc = ST_OK;

	for (size_t k = 0; k < c->n; k++)
		ids[k] = c->refs[k].order_id;
	if (c->n && store_orders_by_ids(db, ids, c->n, &orders, &norders) != ST_OK)
		rc = ST_ERROR;
	for (size_t k = 0; k < c->n; k++)
		ids[k] = c->refs[k].account_id;
	if (view_member_refs(db, ids, c->n, members) != ST_OK)
		rc = ST_ERROR;
	cJSON_ArrayForEach(o, c->items) {
		for (size_t k = 0; k < norders; k++)
			if (orders[k].id == c->refs[i].order_id)
				json_add_str(o, "order_no", orders[k].order_no);
		json_add_str(o, "provider", c->refs[i].provider);
		cJSON_AddItemToObject(o, "member", members[i]);
		i++;
	}
	free(orders);
	free(members);
	free(ids);
	return rc;
}

static void route_refunds_made(struct req *req, struct resp *resp)
{
	struct refund_ctx c = { 0 };
	const char *status = req_query(req, "status");
	int page, per_page, rc;
	int64_t total;

	if (status && *status && !code_valid(CODES_REFUND_STATUS, status)) {
		cJSON *errs = cJSON_CreateObject();

		json_add_str(errs, "status", _("Unknown status."));
		resp_fields_error(resp, errs);
		return;
	}
	req_page(req, &page, &per_page);
	c.items = cJSON_CreateArray();
	rc = store_refund_page(req->db, status, per_page, (page - 1) * per_page, made_row, &c,
	                       &total);
	if (made_finish(req->db, &c) != ST_OK)
		rc = ST_ERROR;
	free(c.refs);
	if (rc != ST_OK) {
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
