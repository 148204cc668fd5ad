/* Bank transfers: the member reports one, staff confirm or reject it.
 *
 *	POST /orders/{id}/bank-transfer {"payer_name","bank","account_tail",
 *	     "date","amount","reference"}          member; amount must equal the
 *	                                           order's, in fen
 *	POST /orders/{id}/bank-transfer/scan       member; multipart field "file":
 *	                                           PDF, PNG or JPEG (by content)
 *	GET  /review/bank-transfers?status=pending|confirmed|rejected|not_needed|all
 *	GET  /review/bank-transfers/{id}
 *	GET  /review/bank-transfers/{id}/scan
 *	POST /review/bank-transfers/{id}/confirm   order paid, as by a callback
 *	POST /review/bank-transfers/{id}/reject {"reason"}
 *
 * Branch staff see and act only on their branch's members (another
 * branch's transfer answers 404). Reporting a transfer expires the order's
 * open QR codes; while it waits, no new code is given and the order cannot
 * be cancelled or closed. Money from a QR code shown before still settles
 * the order (it has moved; refusing it would help nobody), and the
 * transfer is then closed as not_needed (pay_settle). A rejection makes
 * the order payable again and gives the member at least order_close_days
 * more. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/validate.h"
#include "roster/xalloc.h"
#include "pay/pay.h"
#include "pay/refund.h"
#include "service/files.h"
#include "service/notify.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "server.h"
#include "store/audit.h"
#include "store/members.h"
#include "store/messages.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"
#include "views/order.h"
#include "views/payment.h"
#include "views/payment_page.h"

/* ---------------------------------------------------------------- member */

/* A required single-line text field of at most max characters. */
static const char *text_in(const cJSON *in, const char *key, size_t max, bool required,
                           cJSON *errs)
{
	const char *s = NULL, *why;

	if (json_get_str(in, key, required, &s, errs) != 0 || !s)
		return NULL;
	if (!*s) {
		if (required)
			json_add_str(errs, key, _("Required."));
		return NULL;
	}
	if ((why = route_line_problem(s, max))) {
		json_add_str(errs, key, why);
		return NULL;
	}
	return s;
}

/* The member's view of a transfer: the transfer with its order. */
static void transfer_reply(struct req *req, struct resp *resp, int status, int64_t id)
{
	struct payment p;
	struct order o;
	cJSON *out;

	if (store_payment_get(req->db, id, &p) != ST_OK ||
	    store_order_get(req->db, p.order_id, &o) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	out = view_transfer(&p);
	cJSON_AddItemToObject(out, "order", view_order(req->db, &o));
	resp_json(resp, status, out);
	payment_free(&p);
}

static void route_transfer_create(struct req *req, struct resp *resp)
{
	cJSON *errs = cJSON_CreateObject();
	struct bank_transfer_new b = { 0 };
	const char *why, *msg = NULL;
	struct payment pend;
	char today[11];
	struct order o;
	int64_t id;
	enum roster_err e = ERR_INTERNAL;
	int rc;

	if (!route_my_order(req, resp, &o)) {
		cJSON_Delete(errs);
		return;
	}
	b.payer_name = text_in(req->json, "payer_name", 100, true, errs);
	b.bank = text_in(req->json, "bank", 100, true, errs);
	b.account_tail = text_in(req->json, "account_tail", 8, true, errs);
	b.transfer_date = text_in(req->json, "date", 10, true, errs);
	b.reference = text_in(req->json, "reference", 100, false, errs);
	if (b.account_tail) {
		size_t n = strlen(b.account_tail);
		bool digits = n >= 4 && n <= 6;
		for (size_t i = 0; digits && i < n; i++)
			digits = isdigit((unsigned char)b.account_tail[i]);
		if (!digits)
			json_add_str(errs, "account_tail", _("The last 4 to 6 digits of the account."));
	}
	store_today(today);
	if (b.transfer_date) {
		if ((why = val_date(b.transfer_date)))
			json_add_str(errs, "date", _(why));
		else if (strcmp(b.transfer_date, today) > 0)
			json_add_str(errs, "date", _("The date is in the future."));
	}
	if (json_get_int(req->json, "amount", true, &b.amount, errs) == 0 && b.amount != o.amount)
		json_add_str(errs, "amount", _("The amount must equal the order's amount."));
	if (resp_fields_error(resp, errs))
		return;
	b.order_id = o.id;
	b.account_id = o.account_id;
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		return;
	}
	if (store_order_get(req->db, o.id, &o) != ST_OK)
		goto fail;
	if (strcmp(o.status, "unpaid") != 0) {
		e = ERR_CONFLICT;
		msg = strcmp(o.status, "paid") == 0 ? _("This order is paid already.")
		                                    : _("This order is no longer open.");
		goto fail;
	}
	rc = store_payment_pending_bank(req->db, o.id, &pend);
	if (rc == ST_OK)
		payment_free(&pend);
	if (rc == ST_OK || (rc = store_payment_insert_bank(req->db, &b, &id)) == ST_EXISTS) {
		e = ERR_CONFLICT;
		msg = _("A bank transfer for this order is waiting for confirmation.");
		goto fail;
	}
	/* the transfer is how this order is paid now: codes shown before stop */
	if (rc != ST_OK || store_payment_expire_qr(req->db, o.id, store_now()) != ST_OK ||
	    store_order_touch(req->db, o.id) != ST_OK ||
	    store_audit(req->db, req->who.account_id, "bank_transfer.create", "payment", id,
	                NULL) != ST_OK)
		goto fail;
	if (db_commit(req->db) != ST_OK) {
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		return;
	}
	/* and at their gateways too, so they cannot take money any more */
	pay_attempts_close(req->db, o.id);
	http_wake();
	transfer_reply(req, resp, 201, id);
	return;
fail:
	db_rollback(req->db);
	resp_error(resp, e, msg, NULL);
}

/* The type of an upload by its first bytes; NULL when not accepted. */
static const char *sniff_type(const unsigned char *d, size_t n)
{
	if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return "image/jpeg";
	return NULL;
}

static void route_transfer_scan(struct req *req, struct resp *resp)
{
	const struct upload *up = req_upload(req, "file");
	char hex[65];
	struct payment p;
	const char *type;
	struct order o;
	int rc;

	if (!route_my_order(req, resp, &o))
		return;
	if (!up || up->len == 0) {
		cJSON *errs = cJSON_CreateObject();
		json_add_str(errs, "file", _("Choose a file."));
		resp_fields_error(resp, errs);
		return;
	}
	if (!(type = sniff_type(up->data, up->len))) {
		resp_error(resp, ERR_UNSUPPORTED_TYPE, _("Upload a PDF, PNG or JPEG file."), NULL);
		return;
	}
	rc = store_payment_pending_bank(req->db, o.id, &p);
	if (rc != ST_OK) {
		resp_error(resp, rc == ST_NOTFOUND ? ERR_CONFLICT : ERR_INTERNAL,
		           rc == ST_NOTFOUND ? _("Report the bank transfer first.") : NULL, NULL);
		return;
	}
	file_sha256_hex(up->data, up->len, hex);
	rc = db_begin(req->db);
	if (rc == ST_OK)
		rc = store_payment_set_scan(req->db, p.id, up->data, up->len, type, hex);
	if (rc == ST_OK)
		rc = store_order_touch(req->db, o.id);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "bank_transfer.scan", "payment", p.id,
		                 type);
	if (rc == ST_OK)
		rc = db_commit(req->db);
	else
		db_rollback(req->db);
	if (rc != ST_OK)
		resp_error(resp, rc == ST_CONFLICT ? ERR_CONFLICT : ERR_INTERNAL, NULL, NULL);
	else
		transfer_reply(req, resp, 200, p.id);
	payment_free(&p);
}

/* ---------------------------------------------------------------- staff */

/* Transfer {id} within the caller's scope; false (404 sent) otherwise. */
static bool scoped_transfer(struct req *req, struct resp *resp, struct payment *p)
{
	int64_t id = req_param_id(req, 0);
	int rc;

	memset(p, 0, sizeof *p);
	rc = id > 0 ? store_payment_get(req->db, id, p) : ST_NOTFOUND;
	if (rc == ST_OK && strcmp(p->method, "bank_transfer") != 0)
		rc = ST_NOTFOUND;
	if (rc == ST_OK && route_caller_scope(req) &&
	    store_member_in_org(req->db, p->account_id, route_caller_scope(req)) != 1)
		rc = ST_NOTFOUND;
	if (rc != ST_OK) {
		payment_free(p);
		resp_error(resp, rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL, NULL, NULL);
		return false;
	}
	return true;
}

static void review_row(const struct payment *p, void *arg)
{
	view_transfer_review_add(arg, p);
}

static void route_review_list(struct req *req, struct resp *resp)
{
	const char *status = req_query(req, "status");
	struct bank_review_filter f = { .status = "pending", .org_id = route_caller_scope(req) };
	struct payment_page pg = { 0 };
	int page, per_page, rc;
	int64_t total;

	if (status && *status) {
		if (strcmp(status, "all") == 0)
			f.status = NULL;
		else if (transfer_status_of(status) == TRANSFER_STATUS_CONFIRMED)
			f.status = "succeeded";
		else if (code_valid(CODES_TRANSFER_STATUS, status))
			f.status = status;
		else {
			cJSON *errs = cJSON_CreateObject();
			json_add_str(errs, "status", _("Unknown status."));
			resp_fields_error(resp, errs);
			return;
		}
	}
	req_page(req, &page, &per_page);
	pg.items = cJSON_CreateArray();
	rc = store_bank_review_list(req->db, &f, per_page, (page - 1) * per_page, review_row, &pg,
	                            &total);
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

static void route_review_get(struct req *req, struct resp *resp)
{
	struct payment p;

	if (!scoped_transfer(req, resp, &p))
		return;
	resp_json(resp, 200, view_transfer_review(req->db, &p));
	payment_free(&p);
}

static void route_review_scan(struct req *req, struct resp *resp)
{
	struct payment p;
	void *data = NULL;
	size_t len = 0;
	char *type = NULL, *name;
	const char *ext;

	if (!scoped_transfer(req, resp, &p))
		return;
	if (store_payment_scan(req->db, p.id, &data, &len, &type) != ST_OK) {
		payment_free(&p);
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	ext = strcmp(type, "application/pdf") == 0 ? "pdf"
	    : strcmp(type, "image/png") == 0 ? "png" : "jpg";
	name = xasprintf("transfer-%lld.%s", (long long)p.id, ext);
	route_send_attachment(resp, type, data, len, name);
	free(name);
	free(type);
	payment_free(&p);
}

static void route_review_confirm(struct req *req, struct resp *resp)
{
	struct payment p;
	struct order o;
	const char *msg = NULL;
	enum roster_err e = ERR_INTERNAL;
	int rc;

	if (!scoped_transfer(req, resp, &p))
		return;
	if (db_begin(req->db) != ST_OK) {
		payment_free(&p);
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		return;
	}
	/* the transfer and the order as they are now, inside the transaction */
	if (store_order_get(req->db, p.order_id, &o) != ST_OK)
		goto fail;
	rc = store_payment_succeed(req->db, p.id, NULL, store_now(), req->who.account_id);
	if (rc == ST_CONFLICT) {
		e = ERR_CONFLICT;
		msg = _("This transfer has been dealt with already.");
		goto fail;
	}
	if (rc != ST_OK)
		goto fail;
	rc = pay_settle(req->db, &o, "bank_transfer", NULL, store_now(), req->who.account_id);
	if (rc == ST_CONFLICT) {
		e = ERR_CONFLICT;
		msg = _("The order is not open for payment.");
		goto fail;
	}
	if (rc != ST_OK ||
	    store_audit(req->db, req->who.account_id, "bank_transfer.confirm", "payment", p.id,
	                NULL) != ST_OK)
		goto fail;
	if (db_commit(req->db) != ST_OK) {
		payment_free(&p);
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		return;
	}
	http_wake();
	payment_free(&p);
	store_payment_get(req->db, req_param_id(req, 0), &p);
	resp_json(resp, 200, view_transfer_review(req->db, &p));
	payment_free(&p);
	return;
fail:
	db_rollback(req->db);
	payment_free(&p);
	resp_error(resp, e, msg, NULL);
}

static void route_review_reject(struct req *req, struct resp *resp)
{
	cJSON *errs = cJSON_CreateObject();
	const char *reason = text_in(req->json, "reason", 500, true, errs);
	int days = g_cfg ? g_cfg->order_close_days : 7;
	char *zh = NULL, *en = NULL;
	struct payment p;
	struct order o;
	int rc;

	if (resp_fields_error(resp, errs))
		return;
	if (!scoped_transfer(req, resp, &p))
		return;
	if (db_begin(req->db) != ST_OK) {
		payment_free(&p);
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		return;
	}
	rc = store_payment_reject(req->db, p.id, reason, req->who.account_id);
	if (rc == ST_CONFLICT) {
		db_rollback(req->db);
		payment_free(&p);
		resp_error(resp, ERR_CONFLICT, _("This transfer has been dealt with already."), NULL);
		return;
	}
	if (rc != ST_OK || store_order_get(req->db, p.order_id, &o) != ST_OK)
		goto fail;
	zh = xasprintf("订单 %s 的银行转账未能确认，原因：%s。您可以重新提交转账信息，或改用扫码支付。",
	               o.order_no, reason);
	en = xasprintf("The bank transfer for order %s could not be confirmed: %s."
	               " You can report the transfer again or pay by QR code.", o.order_no, reason);
	if (store_order_keep_open(req->db, o.id, store_now() + (int64_t)days * 86400) != ST_OK ||
	    store_order_touch(req->db, o.id) != ST_OK ||
	    store_message_add(req->db, o.account_id, "payment", "银行转账未通过确认",
	                      "Bank transfer not confirmed", zh, en, "order", o.id) != ST_OK ||
	    notify_mail(req->db, o.account_id, "银行转账未通过确认", "Bank transfer not confirmed",
	                zh, en) != ST_OK ||
	    store_audit(req->db, req->who.account_id, "bank_transfer.reject", "payment", p.id,
	                reason) != ST_OK)
		goto fail;
	if (db_commit(req->db) != ST_OK)
		goto fail_nort;
	http_wake();
	payment_free(&p);
	store_payment_get(req->db, req_param_id(req, 0), &p);
	resp_json(resp, 200, view_transfer_review(req->db, &p));
	payment_free(&p);
	free(zh);
	free(en);
	return;
fail:
	db_rollback(req->db);
fail_nort:
	payment_free(&p);
	free(zh);
	free(en);
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
}

const struct route routes_bank_transfers[] = {
	{ "POST", "/orders/{id}/bank-transfer", route_transfer_create, ROLE_MEMBER, 0 },
	{ "POST", "/orders/{id}/bank-transfer/scan", route_transfer_scan, ROLE_MEMBER, ROUTE_UPLOAD },
	{ "GET", "/review/bank-transfers", route_review_list, ROLES_STAFF, 0 },
	{ "GET", "/review/bank-transfers/{id}", route_review_get, ROLES_STAFF, 0 },
	{ "GET", "/review/bank-transfers/{id}/scan", route_review_scan, ROLES_STAFF, 0 },
	{ "POST", "/review/bank-transfers/{id}/confirm", route_review_confirm, ROLES_STAFF, 0 },
	{ "POST", "/review/bank-transfers/{id}/reject", route_review_reject, ROLES_STAFF, 0 },
	{ 0 }
};
