/* A member's orders (我的订单).
 *
 *	GET  /orders?status=&year=&kind=&page=&per_page=
 *	GET  /orders/{id}?wait=N&since=V   long poll: answers when the order's
 *	                                   version differs from V (default: the
 *	                                   version at the start) or N <= 30 s pass
 *	POST /orders/{id}/cancel
 *	POST /orders/{id}/pay {"method":"qr","provider":"sandbox"}
 *	     (Idempotency-Key header)
 *	GET  /orders/{id}/voucher.pdf       paid orders only: the payment voucher
 *	                                   (缴费凭证), not a financial receipt
 *	GET  /orders/{id}/receipt.pdf       its older name
 *
 * Another member's order answers 404, as if it did not exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/codes.h"
#include "roster/i18n.h"
#include "i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "service/documents.h"
#include "offload.h"
#include "pay/pay.h"
#include "pay/refund.h"
#include "log.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "server.h"
#include "store/audit.h"
#include "store/orders.h"
#include "store/attempts.h"
#include "store/payments.h"
#include "store/store.h"
#include "routes/idempotency.h"
#include "views/order.h"
#include "views/order_page.h"

#define WAIT_MAX 30            /* seconds a long poll may last */

/* The page's orders, gathered first so that their objects take a fixed
 * number of statements (views/order_page.h). */
struct list_ctx {
	struct order *rows;
	size_t n;
};

static void list_row(const struct order *o, void *arg)
{
	struct list_ctx *c = arg;

	c->rows = xrealloc(c->rows, (c->n + 1) * sizeof *c->rows);
	c->rows[c->n++] = *o;
}

static void route_orders_list(struct req *req, struct resp *resp)
{
	struct order_filter f = { .account_id = req->who.account_id };
	cJSON *errs = cJSON_CreateObject();
	struct list_ctx c = { 0 };
	cJSON *items;
	int page, per_page, rc;
	int64_t total;

	f.status = req_query(req, "status");
	f.kind = req_query(req, "kind");
	if (f.status && !*f.status)
		f.status = NULL;
	if (f.kind && !*f.kind)
		f.kind = NULL;
	if (f.status && !code_valid(CODES_ORDER_STATUS, f.status))
		json_add_str(errs, "status", _("Unknown status."));
	if (f.kind && !code_valid(CODES_ORDER_KIND, f.kind))
		json_add_str(errs, "kind", _("Unknown kind."));
	route_query_year(req, errs, &f.year);
	if (resp_fields_error(resp, errs))
		return;
	req_page(req, &page, &per_page);
	items = cJSON_CreateArray();
	rc = store_order_list(req->db, &f, per_page, (page - 1) * per_page, list_row, &c, &total);
	if (rc == ST_OK)
		rc = view_orders_add(req->db, c.rows, c.n, items);
	free(c.rows);
	if (rc != ST_OK) {
		cJSON_Delete(items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, items, total, page, per_page);
}

static void route_orders_get(struct req *req, struct resp *resp)
{
	const char *wait = req_query(req, "wait"), *since = req_query(req, "since");
	long wait_s = 0;
	struct order o;

	if (wait && *wait) {
		char *end;
		wait_s = strtol(wait, &end, 10);
		if (*end || wait_s < 0) {
			resp_error(resp, ERR_VALIDATION, NULL, NULL);
			return;
		}
		if (wait_s > WAIT_MAX)
			wait_s = WAIT_MAX;
	}
	if (!route_my_order(req, resp, &o))
		return;
	if (req->poll_round == 0) {
		char *end;
		long long v = since && *since ? strtoll(since, &end, 10) : 0;
		req->poll_mark = since && *since && !*end ? v : o.version;
	}
	/* a long poll answers when the order changed, or at its deadline */
	if (wait_s > 0 && o.version == req->poll_mark && !req->poll_final) {
		resp_poll_again(resp, req->poll_started_ms + wait_s * 1000);
		return;
	}
	resp_json(resp, 200, view_order(req->db, &o));
	if (wait_s > 0)
		resp->no_etag = true;
}

static void route_orders_cancel(struct req *req, struct resp *resp)
{
	struct order o;
	struct payment p;
	int rc;

	if (!route_my_order(req, resp, &o))
		return;
	if (strcmp(o.status, "unpaid") != 0) {
		resp_error(resp, ERR_CONFLICT, _("Only an unpaid order can be cancelled."), NULL);
		return;
	}
	/* checked and ended in one transaction, so a transfer reported at the
	 * same moment cannot slip in between */
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		return;
	}
	rc = store_payment_pending_bank(req->db, o.id, &p);
	if (rc == ST_OK) {
		payment_free(&p);
		db_rollback(req->db);
		resp_error(resp, ERR_CONFLICT,
		           _("A bank transfer for this order is waiting for confirmation."), NULL);
		return;
	}
	rc = rc == ST_NOTFOUND ? pay_order_end(req->db, &o, "cancelled", req->who.account_id)
	                       : ST_ERROR;
	if (rc != ST_OK)
		db_rollback(req->db);
	else if (db_commit(req->db) != ST_OK)
		rc = ST_ERROR;
	if (rc == ST_CONFLICT) {
		resp_error(resp, ERR_CONFLICT, _("Only an unpaid order can be cancelled."), NULL);
		return;
	}
	if (rc != ST_OK || store_order_get(req->db, o.id, &o) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	http_wake();
	/* the order's codes must not take money any more */
	pay_attempts_close(req->db, o.id);
	resp_json(resp, 200, view_order(req->db, &o));
}

static void route_orders_pay(struct req *req, struct resp *resp)
{
	cJSON *errs = cJSON_CreateObject(), *out = NULL;
	const char *method = "qr", *provider = "sandbox", *key, *msg = NULL;
	const struct pay_provider *pp = NULL;
	char scope[64], *base = NULL, *token = NULL, *code_url = NULL, *text = NULL;
	struct payment p = { 0 }, bank = { 0 };
	struct order o;
	enum roster_err e = ERR_INTERNAL;
	int64_t pid, now = store_now(), expires;
	int status = 200, rc;

	if (!route_idem_key(req, resp, &key)) {
		cJSON_Delete(errs);
		return;
	}
	json_get_str(req->json, "method", false, &method, errs);
	json_get_str(req->json, "provider", false, &provider, errs);
	if (method && strcmp(method, "qr") != 0)
		json_add_str(errs, "method", strcmp(method, "bank_transfer") == 0
		             ? _("Report a bank transfer with POST /orders/{id}/bank-transfer.")
		             : _("Unknown payment method."));
	else if (provider && !(pp = pay_provider_find(provider)) && strcmp(provider, "sandbox") == 0) {
		/* pay.sandbox = 0: say so, rather than pretend it never existed */
		json_add_str(errs, "provider", _("Sandbox payments are switched off on this server."));
		resp_error(resp, ERR_VALIDATION,
		           _("Sandbox payments are switched off on this server."), errs);
		return;
	} else if (provider && !pp)
		json_add_str(errs, "provider", _("Unknown payment provider."));
	if (resp_fields_error(resp, errs))
		return;
	if (!route_my_order(req, resp, &o))
		return;
	snprintf(scope, sizeof scope, "POST /orders/%lld/pay", (long long)o.id);
	/* A new attempt is made at the gateway before the transaction, so no
	 * write lock is held while the gateway answers; a request that finds
	 * a live code shows that one instead. */
	expires = now + (g_cfg ? g_cfg->pay_qr_ttl : 1800);
	if (expires > o.closes_at)
		expires = o.closes_at;
	rc = store_payment_live_qr(req->db, o.id, pp->name, now, &p);
	payment_free(&p);
	if (rc == ST_NOTFOUND && strcmp(o.status, "unpaid") == 0) {
		char subject[96], otn[72];
		if (store_attempt_next_no(req->db, o.id, o.order_no, otn) != ST_OK)
			goto fail_early;
		base = route_base_url(req);
		snprintf(subject, sizeof subject, "%s %s",
		         strcmp(o.kind, "dues") == 0 ? "会费" : "等级变更", o.order_no);
		struct pay_trade t = {
			.order_no = o.order_no, .amount = o.amount, .subject = subject,
			.expires_at = expires, .base_url = base, .out_trade_no = otn,
		};
		if ((e = pp->create(&t, &token, &code_url)) != ERR_OK) {
			msg = e == ERR_UNAVAILABLE
			      ? _("The payment service cannot be reached; please try again.") : NULL;
			goto fail_early;
		}
		e = ERR_INTERNAL;
	}
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		goto done;
	}
	if (route_idem_check(req, resp, key, scope))
		goto done;
	/* re-read inside the transaction: it may have been paid meanwhile */
	if (store_order_get(req->db, o.id, &o) != ST_OK)
		goto fail;
	if (strcmp(o.status, "unpaid") != 0) {
		e = ERR_CONFLICT;
		msg = strcmp(o.status, "paid") == 0 ? _("This order is paid already.")
		                                    : _("This order is no longer open.");
		goto fail;
	}
	rc = store_payment_pending_bank(req->db, o.id, &bank);
	payment_free(&bank);
	if (rc == ST_OK) {
		e = ERR_CONFLICT;
		msg = _("A bank transfer for this order is waiting for confirmation.");
		goto fail;
	}
	/* one live code per order and provider: asking again shows the same */
	rc = store_payment_live_qr(req->db, o.id, pp->name, now, &p);
	if (rc == ST_ERROR)
		goto fail;
	if (rc == ST_NOTFOUND) {
		if (!token) {
			e = ERR_CONFLICT;
			msg = _("Please try again.");
			goto fail;
		}
		if (store_payment_insert_qr(req->db, o.id, o.account_id, pp->name, token, code_url,
		                            o.amount, expires, i18n_thread_lang(), &pid) != ST_OK ||
		    store_payment_get(req->db, pid, &p) != ST_OK ||
		    store_audit(req->db, req->who.account_id, "payment.create", "payment", pid,
		                pp->name) != ST_OK)
			goto fail;
		xfree(&token);
		status = 201;
		if (pp == &pay_sandbox)
			log_warn("order %s: sandbox payment code (no real money; pay.sandbox = 0"
			         " switches it off)", o.order_no);
	}
	out = view_qr(&o, &p);
	text = json_print(out);
	if (key && route_idem_save(req, key, scope, status, text) != ST_OK)
		goto fail;
	if (db_commit(req->db) != ST_OK) {
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		goto done;
	}
	resp_bytes(resp, status, "application/json", text, strlen(text), true);
	text = NULL;
	goto done;
fail:
	db_rollback(req->db);
fail_early:
	resp_error(resp, e, msg, NULL);
done:
	/* made at the gateway but not used (another request's code was
	 * live, or this one failed): closed so it can never be paid; a
	 * gateway that answered a repeated number with the live trade itself
	 * is left alone */
	if (token && !(p.token && strcmp(p.token, token) == 0) && pp->close(token) != ERR_OK)
		log_warn("order %s: an unused %s attempt could not be closed", o.order_no, pp->name);
	payment_free(&p);
	cJSON_Delete(out);
	free(text);
	free(base);
	free(token);
	free(code_url);
}

/* ---------------------------------------------------------------- voucher */

/* The PDF is drawn on the offload pool, with the pool's own connection. */
struct voucher_job {
	struct order o;
	struct doc_pdf d;
	enum roster_err e;
};

static void voucher_job_free(void *ctx)
{
	struct voucher_job *j = ctx;

	doc_pdf_free(&j->d);
	free(j);
}

static void voucher_render(struct db *db, void *ctx)
{
	struct voucher_job *j = ctx;

	j->e = db ? doc_voucher_pdf(db, &j->o, &j->d) : ERR_INTERNAL;
}

static void voucher_send(struct req *req, struct resp *resp, void *ctx)
{
	struct voucher_job *j = ctx;

	(void)req;
	if (j->e != ERR_OK) {
		resp_error(resp, j->e, j->e == ERR_CONFLICT ? _("A payment voucher is issued once the order is paid.")
		                                            : NULL, NULL);
		return;
	}
	route_send_attachment(resp, "application/pdf", j->d.data, j->d.len, j->d.filename);
	j->d.data = NULL;
}

static void route_orders_voucher(struct req *req, struct resp *resp)
{
	struct voucher_job *j = xcalloc(1, sizeof *j);

	if (!route_my_order(req, resp, &j->o)) {
		free(j);
		return;
	}
	if (strcmp(j->o.status, "paid") != 0) {
		voucher_job_free(j);
		resp_error(resp, ERR_CONFLICT, _("A payment voucher is issued once the order is paid."), NULL);
		return;
	}
	resp_offload(resp, voucher_render, voucher_send, j, voucher_job_free);
}

/* GET /me: how many orders wait for payment. */
void orders_me_extend(struct req *req, cJSON *me)
{
	struct order_filter f = { .account_id = req->who.account_id, .status = "unpaid" };
	int64_t total = 0;

	if (req->who.role != ROLE_MEMBER)
		return;
	if (store_order_list(req->db, &f, 0, 0, NULL, NULL, &total) == ST_OK)
		json_add_int(me, "unpaid_orders", total);
}

const struct route routes_orders[] = {
	{ "GET", "/orders", route_orders_list, ROLE_MEMBER, 0 },
	{ "GET", "/orders/{id}", route_orders_get, ROLE_MEMBER, ROUTE_NO_TOUCH },
	{ "POST", "/orders/{id}/cancel", route_orders_cancel, ROLE_MEMBER, 0 },
	{ "POST", "/orders/{id}/pay", route_orders_pay, ROLE_MEMBER, 0 },
	{ "GET", "/orders/{id}/voucher.pdf", route_orders_voucher, ROLE_MEMBER, 0 },
	{ "GET", "/orders/{id}/receipt.pdf", route_orders_voucher, ROLE_MEMBER, 0 },
	{ 0 }
};
