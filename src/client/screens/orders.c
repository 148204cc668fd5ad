/* My orders (orders.h): GET /orders?status=&year=&kind= a page at a time,
 * GET /orders/{id} for the one shown; POST /orders/{id}/cancel, and
 * GET /orders/{id}/voucher.pdf (the payment voucher, 缴费凭证) into the
 * download folder, or at a kiosk to the member's phone. Paying is the
 * payment screens' job (pay_order), invoices the invoice screens'. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "record_view.h"
#include "ui.h"
#include "screens/invoices.h"
#include "screens/join_handoff.h"
#include "screens/orders.h"
#include "screens/pay.h"
#include "reply.h"
#include "download.h"
#include "format.h"
#include "text.h"
#include "words.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { T_VOUCHER = 1 };
enum { C_PAY = 1, C_INVOICE, C_FORM };

struct orders {
	struct invoice_form_arg fa;
	long long invoice_id;
	char doc[48];            /* hand-off document "voucher:<id>" */
};

static const cJSON *order_invoice(const cJSON *order)
{
	const cJSON *inv = cJSON_GetObjectItemCaseSensitive(order, "invoice");

	return cJSON_IsObject(inv) ? inv : NULL;
}

static const char *item_cell(const cJSON *it, char buf[RV_CELLSZ])
{
	char *item = pay_order_item(it);

	snprintf(buf, RV_CELLSZ, "%s", item ? item : "");
	free(item);
	return buf;
}

static void detail_row(int *row, int x, int w, const char *label, const char *value)
{
	char *lab;

	if (!value || !*value)
		return;
	lab = utf8_pad(label, 12);
	ui_print(*row, x, 12, lab, ui_attr(UI_LABEL));
	ui_print(*row, x + 13, w - 13, value, ui_attr(UI_NORMAL));
	free(lab);
	(*row)++;
}

static void order_draw(struct rv *rv, const cJSON *p, int y, int x, int h, int w)
{
	const cJSON *rf;
	const char *st = json_s(p, "status");
	char date[TIME_TEXT_SZ], *t;
	int row = y + 1;

	pay_draw_summary(p, &row, x, w);
	if (order_kind_of(json_s(p, "kind")) == ORDER_KIND_LEVEL_CHANGE &&
	    (t = fee_difference_text(p)) != NULL) {
		detail_row(&row, x, w, _("Fee computed"), t);
		free(t);
	}
	detail_row(&row, x, w, _("Ordered"), time_text(p, "created_at", true, date));
	detail_row(&row, x, w, _("Paid on"), time_text(p, "paid_at", true, date));
	detail_row(&row, x, w, _("Paid by"), pay_method_words(json_s(p, "method")));
	detail_row(&row, x, w, _("Voucher no."), json_s(p, "voucher_no") ? json_s(p, "voucher_no")
	                                                               : json_s(p, "receipt_no"));
	if (order_status_of(st) == ORDER_STATUS_UNPAID)
		detail_row(&row, x, w, _("Pay before"), time_text(p, "closes_at", true, date));
	/* the invoice is in the summary above: one row, not two */
	/* money given back: each refund with its amount, state and reason */
	cJSON_ArrayForEach(rf, cJSON_GetObjectItemCaseSensitive(p, "refunds")) {
		char m[MONEY_BUFSZ];

		t = xasprintf("%s %s  %s", money_format(json_int_or(rf, "amount", 0), m),
		              refund_status_words(json_s(rf, "status")), json_str_or(rf, "reason", ""));
		detail_row(&row, x, w, _("Refund"), t);
		free(t);
	}
	row++;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "awaiting_confirmation")))
		ui_print(row, x, w, _("A bank transfer for this order is awaiting confirmation by the staff."),
		         ui_attr(UI_OK));
	else if (transfer_status_of(json_s(cJSON_GetObjectItemCaseSensitive(p, "bank_transfer"),
	                                   "status")) == TRANSFER_STATUS_NOT_NEEDED)
		ui_print(row, x, w, _("The bank transfer you reported was not needed: the order was"
		                      " paid by QR code meanwhile."), ui_attr(UI_LABEL));
}

static bool unpaid(const struct rv *rv, const cJSON *p)
{
	return order_status_of(json_s(p, "status")) == ORDER_STATUS_UNPAID;
}

static bool paid(const struct rv *rv, const cJSON *p)
{
	return order_status_of(json_s(p, "status")) == ORDER_STATUS_PAID;
}

static bool invoice_ok(const struct rv *rv, const cJSON *p)
{
	return order_invoice(p) || paid(rv, p) || unpaid(rv, p);
}

static const char *hint(const struct rv *rv, const cJSON *p)
{
	const cJSON *inv = order_invoice(p);

	if (unpaid(rv, p))
		return inv ? _("P: pay   C: cancel   I: view the invoice")
		           : _("P: pay   C: cancel   I: ask for an invoice");
	if (paid(rv, p))
		return inv ? _("D: payment voucher   I: view the invoice")
		           : _("D: payment voucher   I: ask for an invoice");
	return NULL;
}

static int pay(struct rv *rv, const cJSON *p)
{
	pay_order(rv->s->app, rv->one_id, rv_tag(C_PAY));
	return SCR_REDRAW;
}

static int voucher(struct rv *rv, const cJSON *p)
{
	struct orders *o = rv->own;
	char path[80];

	if (rv->busy)
		return SCR_HANDLED;
	if (!download_saves_here(rv->s->app)) {
		/* a kiosk keeps no documents: the member's phone gets it */
		struct handoff_arg ha = {
			.title = _("Payment voucher on your phone"),
			.purpose = "download",
			.doc = o->doc,
		};

		snprintf(o->doc, sizeof(o->doc), "voucher:%lld", rv->one_id);
		rv_push(rv, &scr_handoff_ops, &ha, 0);
		return SCR_REDRAW;
	}
	rv->busy = true;
	rv_note(rv, _("Working…"));
	snprintf(path, sizeof(path), "/orders/%lld/voucher.pdf", rv->one_id);
	rv_request(rv, T_VOUCHER, "GET", path, NULL);
	return SCR_REDRAW;
}

static int invoice(struct rv *rv, const cJSON *p)
{
	struct orders *o = rv->own;
	const cJSON *inv = order_invoice(p);

	if (inv && (o->invoice_id = json_ll(inv, "id", -1)) > 0) {
		rv_push(rv, &scr_invoices_ops, &o->invoice_id, C_INVOICE);
		return SCR_REDRAW;
	}
	memset(&o->fa, 0, sizeof(o->fa));
	o->fa.order_id = rv->one_id;
	rv_push(rv, &scr_invoice_form_ops, &o->fa, C_FORM);
	return SCR_REDRAW;
}

static void orders_reply(struct rv *rv, int tag, const struct api_reply *r)
{
	const char *no = json_s(rv->one, "order_no");
	char *name;

	rv->busy = false;
	rv_note(rv, NULL);
	if (r->err != ERR_OK) {
		rv_error(rv, rv_reply_text(r));
		return;
	}
	name = xasprintf("voucher-%s.pdf", no ? no : "order");
	rv_save(rv, name, r, true);
	free(name);
}

/* Back from paying or the invoice: the order may have changed. */
static void orders_resume(struct rv *rv, int tag, int value)
{
	if (tag == C_FORM && value == 1)
		rv_note(rv, _("Your invoice request was sent."));
	rv_refresh(rv);
}

/* arg: an order id to open at once, or NULL. */
static int orders_open(struct rv *rv, void *arg)
{
	if (arg)
		rv_show(rv, *(const long long *)arg);
	return 0;
}

static const char *label(const cJSON *it, char buf[RV_CELLSZ])
{
	char money[MONEY_BUFSZ];

	snprintf(buf, RV_CELLSZ, "%s (%s)", json_s(it, "order_no") ? json_s(it, "order_no") : "",
	         money_format(json_ll(it, "amount", 0), money));
	return buf;
}

static const struct rv_col cols[] = {
	{ .head = N_("Order no."), .width = 16, .key = "order_no" },
	{ .head = N_("Date"), .width = 10, .key = "created_at", .fmt = RV_DATE },
	{ .head = N_("Item"), .width = 18, .cell = item_cell },
	{ .head = N_("Amount"), .width = 11, .key = "amount", .fmt = RV_MONEY },
	{ .head = N_("Status"), .key = "status", .words = order_status_words },
	{ 0 },
};

static const struct rv_choice statuses[] = {
	{ "", N_("All") }, { "unpaid", "" }, { "paid", "" }, { "cancelled", "" }, { "closed", "" },
	{ NULL, NULL },
};

static const struct rv_choice kinds[] = {
	{ "", N_("All") }, { "dues", "" }, { "level_change", "" }, { NULL, NULL },
};

static const struct rv_filter filters[] = {
	{ .key = 'S', .label = N_("Status"), .param = "status", .kind = RV_F_CHOICES,
	  .choices = statuses, .words = order_status_words },
	{ .key = 'Y', .label = N_("Year"), .param = "year", .kind = RV_F_YEAR },
	{ .key = 'K', .label = N_("Kind"), .param = "kind", .kind = RV_F_CHOICES,
	  .choices = kinds, .words = order_kind_words },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'P', .label = N_("pay"), .flags = RV_A_DETAIL, .can = unpaid, .run = pay },
	{ .key = 'C', .label = N_("cancel"), .flags = RV_A_DETAIL, .can = unpaid,
	  .method = "POST", .path = "/orders/%lld/cancel", .confirm_title = N_("Cancel the order"),
	  .confirm_one = N_("Cancel the order %s? It cannot be paid afterwards."),
	  .yes = N_("Cancel the order"), .no = N_("Keep it"),
	  .done_one = N_("The order is cancelled."), .done_many = N_("Cancelled: %d.") },
	{ .key = 'D', .label = N_("payment voucher"), .flags = RV_A_DETAIL, .can = paid,
	  .run = voucher },
	{ .key = 'I', .label = N_("invoice"), .flags = RV_A_DETAIL, .can = invoice_ok,
	  .run = invoice },
	{ 0 },
};

static const struct rv_detail detail = {
	.path = "/orders/%lld", .draw = order_draw, .hint = hint,
};

static const struct rv_decl orders = {
	.title = N_("My orders"),
	.path = "/orders",
	.per_page = 20,
	.cols = cols,
	.filters = filters,
	.actions = actions,
	.detail = &detail,
	.refresh_key = 'R',
	.label = label,
	.own_size = sizeof(struct orders),
	.open = orders_open,
	.reply = orders_reply,
	.resume = orders_resume,
};

const struct screen_ops scr_orders_ops = RV_SCREEN("orders", orders);
