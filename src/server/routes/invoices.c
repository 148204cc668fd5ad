/* Invoices (发票 / 我的票据).
 *
 *	POST /orders/{id}/invoice {title_type, title, tax_no, kind, address,
 *	     phone, bank, account, email}       member; an unpaid or paid order
 *	                                        (补开 afterwards), one per order
 *	GET  /invoices?status=&year=&page=&per_page=
 *	GET  /invoices/{id}
 *	PUT  /invoices/{id}                     only while requested
 *	GET  /invoices/{id}/file                after issue
 *	GET  /review/invoices?status=requested|issued|all   staff; paid orders
 *	POST /review/invoices/{id}/issue        staff; multipart invoice_no +
 *	                                        file (a PDF)
 *
 * The rules of a request are in store/invoices.c (invoice_fields_parse).
 * Staff issue invoices for paid orders only; branch staff only for their
 * branch's members. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "service/files.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/audit.h"
#include "store/invoices.h"
#include "store/members.h"
#include "store/messages.h"
#include "store/orders.h"
#include "store/store.h"
#include "views/invoice.h"

static void route_invoice_request(struct req *req, struct resp *resp)
{
	cJSON *errs = cJSON_CreateObject();
	struct invoice_fields f;
	struct invoice inv;
	struct order o;
	int64_t id;
	int rc;

	if (!route_my_order(req, resp, &o)) {
		cJSON_Delete(errs);
		return;
	}
	if (!invoice_fields_parse(req->json, "", &f, errs)) {
		resp_fields_error(resp, errs);
		return;
	}
	cJSON_Delete(errs);
	if (strcmp(o.status, "paid") != 0 && strcmp(o.status, "unpaid") != 0) {
		invoice_fields_free(&f);
		resp_error(resp, ERR_CONFLICT, _("This order is no longer open."), NULL);
		return;
	}
	rc = db_begin(req->db);
	if (rc == ST_OK)
		rc = store_invoice_insert(req->db, o.id, o.account_id, o.amount, &f, &id);
	if (rc == ST_OK)
		rc = store_order_touch(req->db, o.id);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "invoice.request", "invoice", id, NULL);
	if (rc == ST_OK)
		rc = db_commit(req->db);
	else
		db_rollback(req->db);
	invoice_fields_free(&f);
	if (rc == ST_EXISTS) {
		resp_error(resp, ERR_EXISTS, _("An invoice has been asked for this order already."),
		           NULL);
		return;
	}
	if (rc != ST_OK || store_invoice_get(req->db, id, &inv) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 201, view_invoice(&inv));
	invoice_free(&inv);
}

/* Invoice {id}: with mine the caller's own, else one within the staff
 * caller's scope; false (404 sent) otherwise. */
static bool invoice_param(struct req *req, struct resp *resp, struct invoice *inv, bool mine)
{
	int64_t id = req_param_id(req, 0), scope = mine ? 0 : route_caller_scope(req);
	int rc = id > 0 ? store_invoice_get(req->db, id, inv) : ST_NOTFOUND;

	if (rc == ST_OK && ((mine && inv->account_id != req->who.account_id) ||
	                    (scope && store_member_in_org(req->db, inv->account_id, scope) != 1))) {
		invoice_free(inv);
		rc = ST_NOTFOUND;
	}
	if (rc != ST_OK) {
		resp_error(resp, rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL, NULL, NULL);
		return false;
	}
	return true;
}

static bool my_invoice(struct req *req, struct resp *resp, struct invoice *inv)
{
	return invoice_param(req, resp, inv, true);
}

static void list_row(const struct invoice *inv, void *arg)
{
	cJSON_AddItemToArray(arg, view_invoice(inv));
}

/* ?status= and ?year= of a list; false (422 sent) when junk. all_word: the
 * status that means "any" for this list (NULL: absent means any). */
static bool list_filter(struct req *req, struct resp *resp, struct invoice_filter *f,
                        const char *dflt)
{
	const char *status = req_query(req, "status");
	cJSON *errs = cJSON_CreateObject();

	f->status = dflt;
	if (status && *status) {
		if (strcmp(status, "all") == 0)
			f->status = NULL;
		else if (code_valid(CODES_INVOICE_STATUS, status))
			f->status = status;
		else
			json_add_str(errs, "status", _("Unknown status."));
	}
	route_query_year(req, errs, &f->year);
	return !resp_fields_error(resp, errs);
}

static void invoice_list(struct req *req, struct resp *resp, const struct invoice_filter *f)
{
	cJSON *items = cJSON_CreateArray();
	int page, per_page;
	int64_t total;

	req_page(req, &page, &per_page);
	if (store_invoice_list(req->db, f, per_page, (page - 1) * per_page, list_row, items,
	                       &total) != ST_OK) {
		cJSON_Delete(items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, items, total, page, per_page);
}

static void route_invoices_list(struct req *req, struct resp *resp)
{
	struct invoice_filter f = { .account_id = req->who.account_id };

	if (list_filter(req, resp, &f, NULL))
		invoice_list(req, resp, &f);
}

static void route_invoices_get(struct req *req, struct resp *resp)
{
	struct invoice inv;

	if (!my_invoice(req, resp, &inv))
		return;
	resp_json(resp, 200, view_invoice(&inv));
	invoice_free(&inv);
}

static void route_invoices_put(struct req *req, struct resp *resp)
{
	cJSON *errs = cJSON_CreateObject();
	struct invoice_fields f;
	struct invoice inv;
	int rc;

	if (!my_invoice(req, resp, &inv)) {
		cJSON_Delete(errs);
		return;
	}
	if (!invoice_fields_parse(req->json, "", &f, errs)) {
		invoice_free(&inv);
		resp_fields_error(resp, errs);
		return;
	}
	cJSON_Delete(errs);
	rc = db_begin(req->db);
	if (rc == ST_OK)
		rc = store_invoice_update(req->db, inv.id, &f);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "invoice.update", "invoice", inv.id,
		                 NULL);
	if (rc == ST_OK)
		rc = db_commit(req->db);
	else
		db_rollback(req->db);
	invoice_fields_free(&f);
	if (rc == ST_CONFLICT) {
		invoice_free(&inv);
		resp_error(resp, ERR_CONFLICT, _("An invoice can be changed only until it is issued."),
		           NULL);
		return;
	}
	int64_t id = inv.id;
	invoice_free(&inv);
	if (rc != ST_OK || store_invoice_get(req->db, id, &inv) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 200, view_invoice(&inv));
	invoice_free(&inv);
}

static void send_file(struct db *db, struct resp *resp, const struct invoice *inv)
{
	void *data = NULL;
	size_t len = 0;
	char *name, *safe;

	if (store_invoice_file(db, inv->id, &data, &len) != ST_OK) {
		resp_error(resp, strcmp(inv->status, "issued") ? ERR_CONFLICT : ERR_NOT_FOUND,
		           strcmp(inv->status, "issued") ? _("The invoice has not been issued yet.")
		                                         : NULL, NULL);
		return;
	}
	/* the number is staff input: keep only safe characters in the header */
	safe = xstrdup(inv->invoice_no ? inv->invoice_no : "invoice");
	for (char *p = safe; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= 'a' && *p <= 'z') || *p == '-' || *p == '_'))
			*p = '_';
	name = xasprintf("invoice-%s.pdf", safe);
	route_send_attachment(resp, "application/pdf", data, len, name);
	free(name);
	free(safe);
}

static void route_invoices_file(struct req *req, struct resp *resp)
{
	struct invoice inv;

	if (!my_invoice(req, resp, &inv))
		return;
	send_file(req->db, resp, &inv);
	invoice_free(&inv);
}

/* ---------------------------------------------------------------- staff */

static bool scoped_invoice(struct req *req, struct resp *resp, struct invoice *inv)
{
	return invoice_param(req, resp, inv, false);
}

struct review_ctx {
	struct db *db;
	cJSON *items;
};

static void review_row(const struct invoice *inv, void *arg)
{
	struct review_ctx *c = arg;

	cJSON_AddItemToArray(c->items, view_invoice_review(c->db, inv));
}

static void route_review_list(struct req *req, struct resp *resp)
{
	struct invoice_filter f = { .paid_only = true, .org_id = route_caller_scope(req) };
	struct review_ctx c = { .db = req->db };
	int page, per_page;
	int64_t total;

	if (!list_filter(req, resp, &f, "requested"))
		return;
	req_page(req, &page, &per_page);
	c.items = cJSON_CreateArray();
	if (store_invoice_list(req->db, &f, per_page, (page - 1) * per_page, review_row, &c,
	                       &total) != ST_OK) {
		cJSON_Delete(c.items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, c.items, total, page, per_page);
}

static void route_review_get(struct req *req, struct resp *resp)
{
	struct invoice inv;

	if (!scoped_invoice(req, resp, &inv))
		return;
	resp_json(resp, 200, view_invoice_review(req->db, &inv));
	invoice_free(&inv);
}

static void route_review_file(struct req *req, struct resp *resp)
{
	struct invoice inv;

	if (!scoped_invoice(req, resp, &inv))
		return;
	send_file(req->db, resp, &inv);
	invoice_free(&inv);
}

static void route_review_issue(struct req *req, struct resp *resp)
{
	const char *no = req_form(req, "invoice_no");
	const struct upload *up = req_upload(req, "file");
	cJSON *errs = cJSON_CreateObject();
	char hex[65], *zh = NULL, *en = NULL;
	const char *why;
	struct invoice inv;
	int rc;

	if (!no || !*no)
		json_add_str(errs, "invoice_no", _("Required."));
	else if ((why = route_line_problem(no, 64)))
		json_add_str(errs, "invoice_no", why);
	if (!up || up->len == 0)
		json_add_str(errs, "file", _("Choose a file."));
	if (resp_fields_error(resp, errs))
		return;
	if (up->len < 5 || memcmp(up->data, "%PDF-", 5) != 0) {
		resp_error(resp, ERR_UNSUPPORTED_TYPE, _("The invoice file must be a PDF."), NULL);
		return;
	}
	if (!scoped_invoice(req, resp, &inv))
		return;
	if (strcmp(inv.order_status, "paid") != 0) {
		invoice_free(&inv);
		resp_error(resp, ERR_CONFLICT, _("An invoice is issued once its order is paid."), NULL);
		return;
	}
	file_sha256_hex(up->data, up->len, hex);
	zh = xasprintf("订单 %s 的发票（号码 %s）已开具，可在“我的票据”中下载。", inv.order_no, no);
	en = xasprintf("The invoice for order %s (number %s) has been issued. Download it from"
	               " My invoices.", inv.order_no, no);
	rc = db_begin(req->db);
	if (rc == ST_OK)
		rc = store_invoice_issue(req->db, inv.id, no, up->data, up->len, hex,
		                         req->who.account_id);
	if (rc == ST_OK)
		rc = store_order_touch(req->db, inv.order_id);
	if (rc == ST_OK)
		rc = store_message_add(req->db, inv.account_id, "invoice", "发票已开具",
		                       "Invoice issued", zh, en, "invoice", inv.id);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "invoice.issue", "invoice", inv.id, no);
	if (rc == ST_OK)
		rc = db_commit(req->db);
	else
		db_rollback(req->db);
	free(zh);
	free(en);
	int64_t id = inv.id;
	invoice_free(&inv);
	if (rc == ST_CONFLICT) {
		resp_error(resp, ERR_CONFLICT, _("This invoice has been issued already."), NULL);
		return;
	}
	if (rc != ST_OK || store_invoice_get(req->db, id, &inv) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 200, view_invoice_review(req->db, &inv));
	invoice_free(&inv);
}

const struct route routes_invoices[] = {
	{ "POST", "/orders/{id}/invoice", route_invoice_request, ROLE_MEMBER, 0 },
	{ "GET", "/invoices", route_invoices_list, ROLE_MEMBER, 0 },
	{ "GET", "/invoices/{id}", route_invoices_get, ROLE_MEMBER, 0 },
	{ "PUT", "/invoices/{id}", route_invoices_put, ROLE_MEMBER, 0 },
	{ "GET", "/invoices/{id}/file", route_invoices_file, ROLE_MEMBER, 0 },
	{ "GET", "/review/invoices", route_review_list, ROLES_STAFF, 0 },
	{ "GET", "/review/invoices/{id}", route_review_get, ROLES_STAFF, 0 },
	{ "GET", "/review/invoices/{id}/file", route_review_file, ROLES_STAFF, 0 },
	{ "POST", "/review/invoices/{id}/issue", route_review_issue, ROLES_STAFF, ROUTE_UPLOAD },
	{ 0 }
};
