/* The sandbox payment page: what a payer's phone opens from the QR code of a
 * sandbox trade (pay/sandbox.c).
 *
 *	GET  /pay/sb/{token}   amount, order number, association, and a
 *	                       "Confirm payment" button
 *	POST /pay/sb/{token}   confirm: the sandbox "gateway" builds its signed
 *	                       callback and delivers it to the callback handler
 *	                       (pay_callback_apply), the path a real gateway's
 *	                       POST /pay/callback/<provider> takes
 *
 * A page speaks the language the member was using when the code was made
 * (payments.lang), whatever the phone's browser asks for; codes made before
 * that was kept follow the browser's Accept-Language. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "roster/i18n.h"
#include "roster/money.h"
#include "roster/xalloc.h"
#include "html/page.h"
#include "pay/pay.h"
#include "pay/provider.h"
#include "routes/routes.h"
#include "store/catalogue.h"
#include "store/orders.h"
#include "store/payments.h"
#include "i18n.h"
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
	if (rc == ST_OK) {
		/* the page speaks the language the code was made in */
		char lang[3];
		if (store_payment_lang(req->db, p->id, lang) == ST_OK && lang[0])
			i18n_thread_set(lang);
		rc = store_order_get(req->db, p->order_id, o);
	}
	if (rc != ST_OK || !pay_provider_find("sandbox")) {
		payment_free(p);
		message(resp, rc == ST_ERROR ? 500 : 404, _("Unknown payment code"), "bad",
		        _("There is no such payment."));
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
		message(resp, 410, _("Code expired"), "bad",
		        strcmp(o->status, "paid") == 0
		        ? _("The order was paid another way.")
		        : waiting
		        ? _("A bank transfer was reported for this order and awaits confirmation;"
		            " it can no longer be paid by QR code.")
		        : _("This code has expired; get a new one in the member system."));
		return false;
	}
	return true;
}

static void paid_page(struct resp *resp, const struct order *o)
{
	char fen[MONEY_BUFSZ], *no = html_escape(o->order_no);
	char *done = html_escape(_("Payment complete")), *order = html_escape(_("Order"));
	char *close = html_escape(_("You can close this page."));
	char *body = xasprintf("<p class=\"ok\">%s</p>"
	                       "<p class=\"amount\">%s</p><dl><dt>%s</dt><dd>%s</dd></dl>"
	                       "<p class=\"muted\">%s</p>",
	                       done, money_format(o->amount, fen), order, no, close);

	html_page_send(resp, 200, _("Payment complete"), body);
	free(body);
	free(close);
	free(order);
	free(done);
	free(no);
}

static void route_sandbox_page(struct req *req, struct resp *resp)
{
	struct payment p;
	struct order o;
	char fen[MONEY_BUFSZ], *assoc = NULL, *a, *no, *what, *w, *body;
	char *l_payee, *l_order, *l_for, *l_confirm, *l_note;
	bool paid;

	if (!trade_load(req, resp, &p, &o, &paid))
		return;
	if (paid) {
		paid_page(resp, &o);
		payment_free(&p);
		return;
	}
	if (store_setting_get(req->db, i18n_thread_english() ? "association.name_en"
	                      : "association.name_zh", &assoc) != ST_OK || !assoc || !*assoc) {
		free(assoc);
		if (store_setting_get(req->db, "association.name_zh", &assoc) != ST_OK)
			assoc = xstrdup("");
	}
	a = html_escape(assoc);
	no = html_escape(o.order_no);
	if (strcmp(o.kind, "dues") == 0)
		w = o.year_from == o.year_to
		    ? xasprintf(_("Dues %d"), o.year_from)
		    : xasprintf(_("Dues %d–%d"), o.year_from, o.year_to);
	else
		w = xstrdup(_("Level change difference"));
	what = html_escape(w);
	l_payee = html_escape(_("Payee"));
	l_order = html_escape(_("Order"));
	l_for = html_escape(_("For"));
	l_confirm = html_escape(_("Confirm payment"));
	l_note = html_escape(_("Sandbox payment: no real money moves."));
	body = xasprintf(
		"<p class=\"amount\">%s</p>"
		"<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>"
		"<form method=\"post\"><button type=\"submit\">%s</button></form>"
		"<p class=\"muted\">%s</p>",
		money_format(o.amount, fen), l_payee, a, l_order, no, l_for, what, l_confirm, l_note);
	html_page_send(resp, 200, _("Confirm payment"), body);
	free(body);
	free(l_note);
	free(l_confirm);
	free(l_for);
	free(l_order);
	free(l_payee);
	free(w);
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
			message(resp, 500, _("Payment failed"), "bad",
			        _("The sandbox signing key is not available."));
			goto done;
		}
		struct sig_ctx sc = { sig };
		struct pay_callback_in in = { body, strlen(body), sig_header, &sc };
		e = pay_callback_apply(req->db, &pay_sandbox, &in);
		if (e != ERR_OK) {
			message(resp, err_http_status(e) >= 400 ? err_http_status(e) : 500,
			        _("Payment failed"), "bad", _("The payment could not be confirmed."));
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
