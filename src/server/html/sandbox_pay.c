/* The sandbox payment page: what a payer's phone opens from the QR code of a
 * sandbox trade (pay/sandbox.c).
 *
 *	GET  /pay/sb/{token}   amount, order number, association, and a
 *	                       "确认支付 / Confirm payment" button
 *	POST /pay/sb/{token}   confirm: the sandbox "gateway" builds its signed
 *	                       callback and delivers it to the callback handler
 *	                       (pay_callback_apply), the path a real gateway's
 *	                       POST /pay/callback/<provider> takes
 *
 * Pages are bilingual (Chinese first): the payer's phone may speak either. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "roster/money.h"
#include "roster/xalloc.h"
#include "html/page.h"
#include "pay/pay.h"
#include "pay/provider.h"
#include "routes/routes.h"
#include "store/catalogue.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"

static void message(struct resp *resp, int status, const char *title, const char *cls,
                    const char *text)
{
	char *x = html_escape(text);
	char *body = xasprintf("<p class=\"%s\">%s</p>", cls, x);

	html_page_send(resp, status, title, body);
	free(x);
	free(body);
}

/* The trade {token} and its order; false (page sent) when the code cannot
 * be paid. paid: the trade succeeded already (then true is returned). */
static bool trade_load(struct req *req, struct resp *resp, struct payment *p,
                       struct order *o, bool *paid)
{
	const char *token = req->params[0];
	int rc;

	*paid = false;
	memset(p, 0, sizeof *p);
	rc = strlen(token) <= 64 ? store_payment_by_token(req->db, token, p) : ST_NOTFOUND;
	if (rc == ST_OK && strcmp(p->provider, "sandbox") != 0)
		rc = ST_NOTFOUND;
	if (rc == ST_OK)
		rc = store_order_get(req->db, p->order_id, o);
	if (rc != ST_OK || !pay_provider_find("sandbox")) {
		payment_free(p);
		message(resp, rc == ST_ERROR ? 500 : 404, "无效的支付码 / Unknown payment code", "bad",
		        "没有找到这笔支付。 / There is no such payment.");
		return false;
	}
	/* The payment and the order were read one after the other: a
	 * confirmation that committed in between shows a pending payment of a
	 * paid order. Both change in one transaction, so reading the payment
	 * again tells whether it was this one. */
	if (strcmp(p->status, "pending") == 0 && strcmp(o->status, "paid") == 0) {
		struct payment again;
		memset(&again, 0, sizeof again);
		if (store_payment_by_token(req->db, token, &again) == ST_OK) {
			payment_free(p);
			*p = again;
		}
	}
	if (strcmp(p->status, "succeeded") == 0) {
		*paid = true;
		return true;
	}
	if (strcmp(p->status, "pending") != 0 || p->expires_at <= store_now() ||
	    strcmp(o->status, "unpaid") != 0) {
		struct payment bt;
		bool waiting = strcmp(o->status, "unpaid") == 0 &&
		               store_payment_pending_bank(req->db, o->id, &bt) == ST_OK;
		if (waiting)
			payment_free(&bt);
		payment_free(p);
		message(resp, 410, "支付码已失效 / Code expired", "bad",
		        strcmp(o->status, "paid") == 0
		        ? "该订单已通过其他方式支付。 / The order was paid another way."
		        : waiting
		        ? "该订单已登记银行转账，正等待确认，不再接受扫码支付。 / A bank transfer was"
		          " reported for this order and awaits confirmation; it can no longer be"
		          " paid by QR code."
		        : "此支付码已失效，请在会员系统中重新获取。 / This code has expired;"
		          " get a new one in the member system.");
		return false;
	}
	return true;
}

static void paid_page(struct resp *resp, const struct order *o)
{
	char fen[MONEY_BUFSZ], *no = html_escape(o->order_no);
	char *body = xasprintf("<p class=\"ok\">支付成功 / Payment complete</p>"
	                       "<p class=\"amount\">%s</p><dl><dt>订单号 Order</dt><dd>%s</dd></dl>"
	                       "<p class=\"muted\">可以关闭此页面。 / You can close this page.</p>",
	                       money_format(o->amount, fen), no);

	html_page_send(resp, 200, "支付成功 / Payment complete", body);
	free(body);
	free(no);
}

static void route_sandbox_page(struct req *req, struct resp *resp)
{
	struct payment p;
	struct order o;
	char fen[MONEY_BUFSZ], *assoc = NULL, *a, *no, *what, *body;
	bool paid;

	if (!trade_load(req, resp, &p, &o, &paid))
		return;
	if (paid) {
		paid_page(resp, &o);
		payment_free(&p);
		return;
	}
	if (store_setting_get(req->db, "association.name_zh", &assoc) != ST_OK)
		assoc = xstrdup("");
	a = html_escape(assoc);
	no = html_escape(o.order_no);
	if (strcmp(o.kind, "dues") == 0)
		what = o.year_from == o.year_to
		       ? xasprintf("%d 年会费 / Dues %d", o.year_from, o.year_from)
		       : xasprintf("%d–%d 年会费 / Dues %d–%d", o.year_from, o.year_to,
		                   o.year_from, o.year_to);
	else
		what = xstrdup("等级变更差额 / Level change");
	body = xasprintf(
		"<p class=\"amount\">%s</p>"
		"<dl><dt>收款方 Payee</dt><dd>%s</dd><dt>订单号 Order</dt><dd>%s</dd>"
		"<dt>项目 For</dt><dd>%s</dd></dl>"
		"<form method=\"post\"><button type=\"submit\">确认支付 / Confirm payment</button></form>"
		"<p class=\"muted\">沙箱支付：不会产生真实扣款。 / Sandbox payment: no real money"
		" moves.</p>",
		money_format(o.amount, fen), a, no, what);
	html_page_send(resp, 200, "确认支付 / Confirm payment", body);
	free(body);
	free(what);
	free(no);
	free(a);
	free(assoc);
	payment_free(&p);
}

struct sig_ctx {
	const char *signature;
};

static const char *sig_header(void *ctx, const char *name)
{
	struct sig_ctx *c = ctx;

	return strcasecmp(name, SANDBOX_SIG_HEADER) == 0 ? c->signature : NULL;
}

static void route_sandbox_confirm(struct req *req, struct resp *resp)
{
	struct payment p;
	struct order o;
	char *body = NULL, *sig = NULL;
	enum roster_err e;
	bool paid;

	if (!trade_load(req, resp, &p, &o, &paid))
		return;
	if (!paid) {
		/* the gateway's side: the payer confirmed, so it notifies the shop */
		if (sandbox_callback_build(p.token, o.order_no, p.amount, store_now(), &body,
		                           &sig) != ERR_OK) {
			message(resp, 500, "支付失败 / Payment failed", "bad",
			        "沙箱签名密钥不可用。 / The sandbox signing key is not available.");
			goto done;
		}
		struct sig_ctx sc = { sig };
		struct pay_callback_in in = { body, strlen(body), sig_header, &sc };
		e = pay_callback_apply(req->db, &pay_sandbox, &in);
		if (e != ERR_OK) {
			message(resp, err_http_status(e) >= 400 ? err_http_status(e) : 500,
			        "支付失败 / Payment failed", "bad",
			        "商户未能确认这笔支付。 / The payment could not be confirmed.");
			goto done;
		}
		http_wake();
		store_order_get(req->db, o.id, &o);
	}
	paid_page(resp, &o);
done:
	payment_free(&p);
	free(body);
	free(sig);
}

const struct route routes_sandbox_pay[] = {
	{ "GET", "/pay/sb/{token}", route_sandbox_page, 0, ROUTE_RAW | ROUTE_LOG_PATTERN },
	{ "POST", "/pay/sb/{token}", route_sandbox_confirm, 0, ROUTE_RAW | ROUTE_LOG_PATTERN },
	{ 0 }
};
