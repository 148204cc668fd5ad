/* My orders (orders.h): GET /orders?status=&year=&kind= a page at a time,
 * GET /orders/{id} for the one shown; POST /orders/{id}/cancel, and
 * GET /orders/{id}/receipt.pdf into the download folder. Paying is the
 * payment screens' job (pay_order), invoices the invoice screens'. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/invoices.h"
#include "screens/orders.h"
#include "screens/pay.h"
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "format.h"
#include "reply.h"
#include "text.h"
#include "download.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/money.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { T_LIST = 1, T_ONE, T_CANCEL, T_RECEIPT };
enum { C_PAY = 1, C_CANCEL, C_INVOICE };

#define ORDERS_PER_PAGE 20

static const char *const statuses[] = { "", "unpaid", "paid", "cancelled", "closed" };
static const char *const kinds[] = { "", "dues", "level_change" };
#define NSTATUSES (sizeof(statuses) / sizeof(statuses[0]))
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

struct orders {
	struct list list;
	long page;
	size_t status, kind;  /* indices into statuses[], kinds[] */
	int year;             /* 0 = any */
	bool loading;
	unsigned gen;         /* of the latest list fetch */
	char *error;
	/* one order */
	bool showing;
	bool one_loading;
	bool busy;            /* cancel or download running */
	long long order_id;
	cJSON *order;         /* GET /orders/{id} */
	char *note;           /* what the last action did (the saved path …) */
};

static void orders_fetch(struct screen *s)
{
	struct orders *o = s->priv;
	char path[192], year[24] = "";

	o->loading = true;
	if (o->year)
		snprintf(year, sizeof(year), "&year=%d", o->year);
	snprintf(path, sizeof(path), "/orders?page=%ld&per_page=%d%s%s%s%s%s", o->page,
	         ORDERS_PER_PAGE, *statuses[o->status] ? "&status=" : "", statuses[o->status],
	         *kinds[o->kind] ? "&kind=" : "", kinds[o->kind], year);
	app_request(s, REPLY_TAG(T_LIST, ++o->gen), "GET", path, NULL);
}

static void order_fetch(struct screen *s, long long id)
{
	struct orders *o = s->priv;
	char path[64];

	o->showing = true;
	o->one_loading = true;
	o->order_id = id;
	snprintf(path, sizeof(path), "/orders/%lld", id);
	app_request(s, T_ONE, "GET", path, NULL);
}

static const cJSON *order_invoice(const cJSON *order)
{
	const cJSON *inv = cJSON_GetObjectItemCaseSensitive(order, "invoice");

	return cJSON_IsObject(inv) ? inv : NULL;
}

static void orders_help(struct screen *s)
{
	struct orders *o = s->priv;
	const char *st = json_s(o->order, "status");

	if (!o->showing)
		s->help = _("Enter open  S status  Y year  K kind  PgUp/PgDn  R refresh  Esc back");
	else if (order_status_of(st) == ORDER_STATUS_UNPAID)
		s->help = order_invoice(o->order)
		          ? _("P pay  C cancel  I view the invoice  Esc back to the list")
		          : _("P pay  C cancel  I ask for an invoice  Esc back to the list");
	else if (order_status_of(st) == ORDER_STATUS_PAID)
		s->help = order_invoice(o->order)
		          ? _("D download the receipt  I view the invoice  Esc back to the list")
		          : _("D download the receipt  I ask for an invoice  Esc back to the list");
	else
		s->help = _("Esc back to the list");
}

static int orders_open(struct screen *s, void *arg)
{
	struct orders *o = s->priv;

	list_init(&o->list);
	o->page = 1;
	s->title = _("My orders");
	orders_fetch(s);
	if (arg)
		order_fetch(s, *(const long long *)arg);
	orders_help(s);
	return 0;
}

static void orders_fill(struct orders *o, const cJSON *reply)
{
	static const int widths[] = { 16, 10, 18, 11, 0 };
	const cJSON *it;

	list_clear(&o->list);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(reply, "items")) {
		long long id = json_ll(it, "id", -1);
		char date[TIME_TEXT_SZ], money[MONEY_BUFSZ], *item, *row;
		const char *cells[5];

		if (id < 0)
			continue;
		cells[0] = json_s(it, "order_no");
		cells[1] = time_text(it, "created_at", false, date);
		cells[2] = item = pay_order_item(it);
		cells[3] = money_format(json_ll(it, "amount", 0), money);
		cells[4] = order_status_words(json_s(it, "status"));
		row = text_row(cells, widths, 5);
		list_add(&o->list, row, (long)id);
		free(row);
		free(item);
	}
	reply_paging(&o->list, reply, o->page, ORDERS_PER_PAGE);
}

static void save_receipt(struct screen *s, const struct api_reply *r)
{
	struct orders *o = s->priv;
	char *name, *path = NULL;

	name = xasprintf("receipt-%s.pdf", json_s(o->order, "order_no") ? json_s(o->order, "order_no")
	                                                                  : "order");
	if (download_reply(s->app, name, r, DOWNLOAD_PDF, &path, &o->error)) {
		free(o->note);
		o->note = xasprintf(_("Saved to %s"), path);
		free(path);
	}
	free(name);
}

static void orders_reply(struct screen *s, const struct api_reply *r)
{
	struct orders *o = s->priv;

	int tag = REPLY_TAG_KIND(r->tag);

	if (reply_session_gone(s, r))
		return;
	if (tag == T_LIST && REPLY_TAG_STALE(r->tag, o->gen))
		return;
	switch (tag) {
	case T_LIST: o->loading = false; break;
	case T_ONE: o->one_loading = false; break;
	default: o->busy = false; break;
	}
	if (r->err != ERR_OK) {
		free(o->error);
		o->error = reply_error_text(r);
		return;
	}
	xfree(&o->error);
	switch (tag) {
	case T_LIST:
		if (cJSON_IsObject(r->json))
			orders_fill(o, r->json);
		break;
	case T_ONE:
		if (!cJSON_IsObject(r->json)) {
			o->error = xstrdup(_(err_message(ERR_BAD_REPLY)));
			break;
		}
		if (json_ll(r->json, "id", -1) != o->order_id)
			break;    /* about an order opened before */
		cJSON_Delete(o->order);
		o->order = cJSON_Duplicate(r->json, 1);
		break;
	case T_CANCEL:
		free(o->note);
		o->note = xstrdup(_("The order is cancelled."));
		order_fetch(s, o->order_id);
		orders_fetch(s);
		break;
	case T_RECEIPT:
		save_receipt(s, r);
		break;
	}
	orders_help(s);
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

static void order_draw(struct screen *s, int y, int x, int h, int w)
{
	struct orders *o = s->priv;
	const cJSON *p = o->order, *inv;
	const char *st;
	char date[TIME_TEXT_SZ], *t;
	int row = y + 1;

	if (o->one_loading && !p) {
		spinner_draw(row, x, w, app_now_ms(), _("Loading…"));
		return;
	}
	if (!p) {
		ui_print(row, x, w, o->error ? o->error : "", ui_attr(UI_ERROR));
		return;
	}
	st = json_s(p, "status");
	pay_draw_summary(p, &row, x, w);
	detail_row(&row, x, w, _("Ordered"), time_text(p, "created_at", true, date));
	detail_row(&row, x, w, _("Paid on"), time_text(p, "paid_at", true, date));
	detail_row(&row, x, w, _("Paid by"), pay_method_words(json_s(p, "method")));
	detail_row(&row, x, w, _("Receipt no."), json_s(p, "receipt_no"));
	if (order_status_of(st) == ORDER_STATUS_UNPAID)
		detail_row(&row, x, w, _("Pay before"), time_text(p, "closes_at", true, date));
	if ((inv = order_invoice(p)) != NULL) {
		t = xasprintf("%s%s%s", invoice_status_words(json_s(inv, "status")),
		              json_s(inv, "invoice_no") ? " " : "",
		              json_s(inv, "invoice_no") ? json_s(inv, "invoice_no") : "");
		detail_row(&row, x, w, _("Invoice"), t);
		free(t);
	}
	row++;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "awaiting_confirmation")))
		ui_print(row++, x, w, _("A bank transfer for this order is awaiting confirmation by the staff."),
		         ui_attr(UI_OK));
	else if (transfer_status_of(json_s(cJSON_GetObjectItemCaseSensitive(p, "bank_transfer"),
	                                   "status")) == TRANSFER_STATUS_NOT_NEEDED)
		ui_print(row++, x, w, _("The bank transfer you reported was not needed: the order was"
		                        " paid by QR code meanwhile."), ui_attr(UI_LABEL));
	if (order_status_of(st) == ORDER_STATUS_UNPAID)
		ui_print(row++, x, w, inv ? _("P: pay   C: cancel   I: view the invoice")
		                          : _("P: pay   C: cancel   I: ask for an invoice"),
		         ui_attr(UI_LABEL));
	else if (order_status_of(st) == ORDER_STATUS_PAID)
		ui_print(row++, x, w, inv ? _("D: download the receipt   I: view the invoice")
		                          : _("D: download the receipt   I: ask for an invoice"),
		         ui_attr(UI_LABEL));
	if (o->busy)
		spinner_draw(row, x, w, app_now_ms(), _("Working…"));
	else if (o->error)
		ui_print(row, x, w, o->error, ui_attr(UI_ERROR));
	else if (o->note)
		ui_print(row, x, w, o->note, ui_attr(UI_OK));
	(void)h;
}

static void orders_draw(struct screen *s)
{
	struct orders *o = s->priv;
	int y, x, h, w, cy = -1, cx = -1;
	char year[16], *line;

	app_body(s->app, &y, &x, &h, &w);
	if (o->showing) {
		order_draw(s, y, x + 2, h, w - 4);
		return;
	}
	snprintf(year, sizeof(year), "%d", o->year);
	line = xasprintf(_("Status: %s    Year: %s    Kind: %s"),
	                 *statuses[o->status] ? order_status_words(statuses[o->status]) : _("All"),
	                 o->year ? year : _("All"),
	                 !*kinds[o->kind] ? _("All")
	                 : order_kind_words(kinds[o->kind]));
	ui_print(y, x + 2, w - 4, line, ui_attr(UI_LABEL));
	free(line);
	if (o->error)
		ui_print(y + 1, x + 2, w - 4, o->error, ui_attr(UI_ERROR));
	else if (o->loading && o->list.n == 0)
		spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Loading…"));
	else if (o->note)
		ui_print(y + 1, x + 2, w - 4, o->note, ui_attr(UI_OK));
	/* an empty list while it loads is not "nothing here" yet */
	if (!o->loading || o->list.n)
		list_draw(&o->list, y + 2, x + 2, h - 2, w - 4, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static int order_key(struct screen *s, wint_t k)
{
	struct orders *o = s->priv;
	const char *st = json_s(o->order, "status");
	const cJSON *inv = order_invoice(o->order);
	struct invoice_form_arg fa;
	char path[80];
	long long id;

	if (k == KEY_ESC || k == 'q') {
		o->showing = false;
		xfree(&o->note);
		xfree(&o->error);
		orders_help(s);
		return SCR_REDRAW;
	}
	if (!o->order || o->busy)
		return SCR_IGNORED;
	switch (k) {
	case 'p': case 'P':
		if (order_status_of(st) != ORDER_STATUS_UNPAID)
			return SCR_HANDLED;
		pay_order(s->app, o->order_id, C_PAY);
		return SCR_REDRAW;
	case 'c': case 'C':
		if (order_status_of(st) != ORDER_STATUS_UNPAID)
			return SCR_HANDLED;
		dialog_confirm(s->app, _("Cancel the order"),
		               _("Cancel this order? It cannot be paid afterwards."),
		               _("Cancel the order"), _("Keep it"), C_CANCEL);
		return SCR_REDRAW;
	case 'd': case 'D':
		if (order_status_of(st) != ORDER_STATUS_PAID)
			return SCR_HANDLED;
		o->busy = true;
		xfree(&o->note);
		xfree(&o->error);
		snprintf(path, sizeof(path), "/orders/%lld/receipt.pdf", o->order_id);
		app_request(s, T_RECEIPT, "GET", path, NULL);
		return SCR_REDRAW;
	case 'i': case 'I':
		if (inv && (id = json_ll(inv, "id", -1)) > 0) {
			app_push(s->app, &scr_invoices_ops, &id, C_INVOICE);
			return SCR_REDRAW;
		}
		if (order_status_of(st) != ORDER_STATUS_PAID && order_status_of(st) != ORDER_STATUS_UNPAID)
			return SCR_HANDLED;
		memset(&fa, 0, sizeof(fa));
		fa.order_id = o->order_id;
		app_push(s->app, &scr_invoice_form_ops, &fa, C_INVOICE);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

/* S, K, Y change a filter and R refreshes; false for any other key. */
static bool orders_filter_key(struct screen *s, wint_t k)
{
	struct orders *o = s->priv;

	switch (k) {
	case 's': case 'S':
		o->status = (o->status + 1) % NSTATUSES;
		break;
	case 'k': case 'K':
		o->kind = (o->kind + 1) % NKINDS;
		break;
	case 'y': case 'Y':
		/* any, this year, then back a year at a time */
		o->year = year_step(o->year);
		break;
	case 'r': case 'R':
		xfree(&o->note);
		orders_fetch(s);
		return true;
	default:
		return false;
	}
	paging_restart(&o->list, &o->page);
	xfree(&o->note);
	orders_fetch(s);
	return true;
}

static int orders_key(struct screen *s, wint_t k)
{
	struct orders *o = s->priv;

	if (o->showing)
		return order_key(s, k);
	/* the filter keys come before the list's own (k is also "up" there) */
	if (!o->list.filtering && orders_filter_key(s, k))
		return SCR_REDRAW;
	switch (list_key(&o->list, (unsigned)k)) {
	case LIST_HANDLED:
		return SCR_REDRAW;
	case LIST_SELECT:
		xfree(&o->note);
		cJSON_Delete(o->order);
		o->order = NULL;
		order_fetch(s, list_selected_id(&o->list));
		orders_help(s);
		return SCR_REDRAW;
	case LIST_PAGE_NEXT:
		o->page = o->list.page + 1;
		orders_fetch(s);
		return SCR_REDRAW;
	case LIST_PAGE_PREV:
		o->page = o->list.page > 1 ? o->list.page - 1 : 1;
		orders_fetch(s);
		return SCR_REDRAW;
	case LIST_IGNORED:
		break;
	}
	return k == KEY_ESC ? SCR_CLOSE : SCR_IGNORED;
}

static void orders_resume(struct screen *s, int tag, int value)
{
	struct orders *o = s->priv;
	char path[64];

	if (tag == C_CANCEL) {
		if (value != 1)
			return;
		o->busy = true;
		xfree(&o->note);
		snprintf(path, sizeof(path), "/orders/%lld/cancel", o->order_id);
		app_request(s, T_CANCEL, "POST", path, NULL);
		return;
	}
	/* back from paying or the invoice: the order may have changed */
	if (tag == C_INVOICE && value == 1) {
		free(o->note);
		o->note = xstrdup(_("Your invoice request was sent."));
	}
	if (o->showing)
		order_fetch(s, o->order_id);
	orders_fetch(s);
}

static void orders_close(struct screen *s)
{
	struct orders *o = s->priv;

	list_free(&o->list);
	cJSON_Delete(o->order);
	free(o->error);
	free(o->note);
}

const struct screen_ops scr_orders_ops = {
	.name = "orders",
	.priv_size = sizeof(struct orders),
	.open = orders_open,
	.draw = orders_draw,
	.key = orders_key,
	.reply = orders_reply,
	.resume = orders_resume,
	.close = orders_close,
};
