/* One order: summary and the choice of payment method (pay.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <sodium.h>

#include "app.h"
#include "ui.h"
#include "screens/pay.h"
#include "widgets/menu.h"
#include "widgets/progress.h"
#include "reply.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/money.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { T_ORDER = 1 };
enum { M_QR = 1, M_BANK };

static const struct menu_item pay_methods[] = {
	{ N_("Pay by QR code (scan with a phone)"), M_QR, 'q' },
	{ N_("Pay by bank transfer"), M_BANK, 'b' },
};

struct pay_order {
	long long id;
	cJSON *order;        /* GET /orders/{id} */
	char *error;
	struct menu menu;
};

long long pay_order_id(const cJSON *order)
{
	return json_ll(order, "id", -1);
}

char *pay_years_text(const cJSON *years)
{
	const cJSON *y;
	long long first = 0, prev = 0;
	bool run = true;
	size_t n = 0;
	char *out, *t;

	cJSON_ArrayForEach(y, years) {
		long long v;

		if (!cJSON_IsNumber(y))
			continue;
		v = (long long)y->valuedouble;
		if (n == 0)
			first = v;
		else if (v != prev + 1)
			run = false;
		prev = v;
		n++;
	}
	if (n == 0)
		return xstrdup("");
	if (n == 1)
		return xasprintf("%lld", first);
	if (run)
		return xasprintf("%lld–%lld", first, prev);
	out = xstrdup("");
	cJSON_ArrayForEach(y, years) {
		if (!cJSON_IsNumber(y))
			continue;
		t = xasprintf("%s%s%lld", out, *out ? ", " : "", (long long)y->valuedouble);
		free(out);
		out = t;
	}
	return out;
}

char *pay_order_item(const cJSON *order)
{
	const char *kind = json_s(order, "kind");
	char *years, *t;

	if (kind && order_kind_of(kind) == ORDER_KIND_LEVEL_CHANGE)
		return xstrdup(_("Level change (fee difference)"));
	if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(order, "years"))) {
		years = pay_years_text(cJSON_GetObjectItemCaseSensitive(order, "years"));
	} else {
		long long from = json_ll(order, "year_from", 0), to = json_ll(order, "year_to", from);

		years = !from ? xstrdup("") : to > from ? xasprintf("%lld–%lld", from, to)
		                                        : xasprintf("%lld", from);
	}
	t = *years ? xasprintf(_("Dues for %s"), years) : xstrdup(_("Dues"));
	free(years);
	return t;
}

void pay_new_idem_key(char out[33])
{
	unsigned char raw[16];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, 33, raw, sizeof(raw));
}

struct screen *pay_order(struct app *app, long long order_id, int tag)
{
	return app_push(app, &scr_pay_order_ops, &order_id, tag);
}

static int po_open(struct screen *s, void *arg)
{
	struct pay_order *p = s->priv;
	char path[64];

	if (!arg)
		return -1;
	p->id = *(const long long *)arg;
	menu_init(&p->menu, pay_methods, sizeof(pay_methods) / sizeof(pay_methods[0]));
	s->title = _("Pay an order");
	s->help = _("Enter choose  Q QR code  B bank transfer  Esc back");
	snprintf(path, sizeof(path), "/orders/%lld", p->id);
	app_request(s, T_ORDER, "GET", path, NULL);
	return 0;
}

static void po_reply(struct screen *s, const struct api_reply *r)
{
	struct pay_order *p = s->priv;
	const char *status;

	if (r->err != ERR_OK) {
		free(p->error);
		p->error = xstrdup(r->server_message ? r->server_message : r->message);
		if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED)
			app_reply_error(s, r);
		return;
	}
	if (!cJSON_IsObject(r->json)) {
		free(p->error);
		p->error = xstrdup(_(err_message(ERR_BAD_REPLY)));
		return;
	}
	cJSON_Delete(p->order);
	p->order = cJSON_Duplicate(r->json, 1);
	status = json_s(p->order, "status");
	if (status && order_status_of(status) == ORDER_STATUS_PAID) {
		/* nothing left to pay: the payment voucher is what matters now */
		struct app *app = s->app;
		long long id = p->id;
		int tag = s->push_tag;

		app_close(s, 1);
		app_push(app, &scr_pay_receipt_ops, &id, tag);
	}
}

void pay_draw_summary(const cJSON *o, int *row, int x, int w)
{
	char money[MONEY_BUFSZ], *item = pay_order_item(o), *lab, *inv_text = NULL;
	const char *labels[5] = { _("Order no."), _("For"), _("Amount"), _("Status"), _("Invoice") };
	const char *vals[5];
	const cJSON *inv = cJSON_GetObjectItemCaseSensitive(o, "invoice");
	int i;

	vals[0] = json_s(o, "order_no");
	vals[1] = item;
	vals[2] = money_format(json_ll(o, "amount", 0), money);
	vals[3] = order_status_words(json_s(o, "status"));
	if (!cJSON_IsObject(inv))
		vals[4] = _("Not requested");
	else if (json_s(inv, "invoice_no"))
		vals[4] = inv_text = xasprintf(_("Issued, no. %s"), json_s(inv, "invoice_no"));
	else
		vals[4] = invoice_status_words(json_s(inv, "status"));
	for (i = 0; i < 5; i++) {
		lab = utf8_pad(labels[i], 12);
		ui_print(*row, x, 12, lab, ui_attr(UI_LABEL));
		ui_print(*row, x + 13, w - 13, vals[i] ? vals[i] : "-",
		         ui_attr(i == 2 ? UI_HEADING : UI_NORMAL));
		free(lab);
		(*row)++;
	}
	free(item);
	free(inv_text);
}

static void po_draw(struct screen *s)
{
	struct pay_order *p = s->priv;
	int y, x, h, w, row, cy = -1, cx = -1;
	const cJSON *bt;

	app_body(s->app, &y, &x, &h, &w);
	if (p->error && !p->order) {
		ui_print(y + 1, x + 2, w - 4, p->error, ui_attr(UI_ERROR));
		return;
	}
	if (!p->order) {
		spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Loading…"));
		return;
	}
	row = y + 1;
	pay_draw_summary(p->order, &row, x + 2, w - 4);
	row++;
	if (order_status_of(json_s(p->order, "status")) != ORDER_STATUS_UNPAID) {
		ui_print(row, x + 2, w - 4, _("This order cannot be paid any more."), ui_attr(UI_ERROR));
		return;
	}
	bt = cJSON_GetObjectItemCaseSensitive(p->order, "bank_transfer");
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p->order, "awaiting_confirmation")) ||
	    transfer_status_of(json_s(bt, "status")) == TRANSFER_STATUS_PENDING) {
		ui_print(row++, x + 2, w - 4,
		         _("A bank transfer for this order is awaiting confirmation by the staff."),
		         ui_attr(UI_OK));
		row++;
	}
	ui_print(row++, x + 2, w - 4, _("How would you like to pay?"), ui_attr(UI_HEADING));
	menu_draw(&p->menu, row, x + 2, w - 4 < 50 ? w - 4 : 50, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static int po_key(struct screen *s, wint_t k)
{
	struct pay_order *p = s->priv;
	int id;

	if (k == KEY_ESC)
		return SCR_CLOSE;
	if (!p->order || order_status_of(json_s(p->order, "status")) != ORDER_STATUS_UNPAID)
		return SCR_IGNORED;
	id = menu_key(&p->menu, (unsigned)k);
	if (id == MENU_MOVED)
		return SCR_REDRAW;
	if (id == M_QR) {
		app_push(s->app, &scr_pay_qr_ops, &p->id, M_QR);
		return SCR_REDRAW;
	}
	if (id == M_BANK) {
		app_push(s->app, &scr_pay_bank_ops, &p->id, M_BANK);
		return SCR_REDRAW;
	}
	return SCR_IGNORED;
}

/* Coming back from QR or bank transfer: 1 means paid or sent, which ends
 * this screen too; otherwise look at the order again. */
static void po_resume(struct screen *s, int tag, int value)
{
	struct pay_order *p = s->priv;
	char path[64];

	if (value == 1) {
		app_close(s, 1);
		return;
	}
	snprintf(path, sizeof(path), "/orders/%lld", p->id);
	app_request(s, T_ORDER, "GET", path, NULL);
}

static void po_close(struct screen *s)
{
	struct pay_order *p = s->priv;

	cJSON_Delete(p->order);
	free(p->error);
}

const struct screen_ops scr_pay_order_ops = {
	.name = "pay_order",
	.priv_size = sizeof(struct pay_order),
	.open = po_open,
	.draw = po_draw,
	.key = po_key,
	.reply = po_reply,
	.resume = po_resume,
	.close = po_close,
};
