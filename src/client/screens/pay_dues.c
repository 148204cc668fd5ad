/* Pay dues (pay.h, scr_pay_ops): choose the year(s) with the amount the
 * server quotes, optional invoice details, confirm, and the order is made;
 * paying it is pay_order.c's job. An unpaid dues order already waiting is
 * offered first, since its years cannot be ordered twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/pay.h"
#include "screens/pay_invoice.h"
#include "widgets/form.h"
#include "widgets/progress.h"
#include "words.h"
#include "reply.h"
#include "text.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { T_YEARS = 1, T_QUOTE, T_UNPAID, T_ORDER };
enum step { S_YEARS, S_INVOICE, S_CONFIRM };

#define DUES_MAX_YEARS 10

struct pay_dues {
	enum step step;
	int years[DUES_MAX_YEARS];  /* the years that may be paid, in order */
	int nyears_allowed;
	int chosen;                 /* how many of them (from the first) */
	cJSON *quote;               /* the quote for the chosen years */
	bool ready;                 /* the allowed years are known */
	long long unpaid_id;        /* an unpaid dues order waiting, or 0 */
	cJSON *unpaid;
	struct form yf;             /* step 1 */
	struct form inv;            /* step 2 */
	char *error;
	bool ordering;
	char idem[33];              /* Idempotency-Key of this order: a retry
	                             * after a lost answer reuses it */
};

static const char *dues_chosen_value(const struct pay_dues *p)
{
	static char buf[16];

	snprintf(buf, sizeof(buf), "%d", p->chosen);
	return buf;
}

/* "?years=2026,2027" for the first n allowed years. */
static char *dues_years_query(const struct pay_dues *p, int n)
{
	char *q = xstrdup("/dues/quote?years="), *t;
	int i;

	for (i = 0; i < n && i < p->nyears_allowed; i++) {
		t = xasprintf("%s%s%d", q, i ? "," : "", p->years[i]);
		free(q);
		q = t;
	}
	return q;
}

static void dues_quote(struct screen *s)
{
	struct pay_dues *p = s->priv;
	char *path = dues_years_query(p, p->chosen);

	app_request(s, T_QUOTE, "GET", path, NULL);
	free(path);
}

/* Build step 1 once the allowed years are known. */
static void dues_build_years_form(struct pay_dues *p)
{
	struct form_field *f;
	int i;

	form_free(&p->yf);
	form_init(&p->yf);
	f = form_add(&p->yf, FT_SELECT, "years", _("Pay for"), FF_REQUIRED, 0, NULL);
	for (i = 0; i < p->nyears_allowed; i++) {
		char val[16], *lab;

		snprintf(val, sizeof(val), "%d", i + 1);
		if (i == 0)
			lab = xasprintf(_("%d (1 year)"), p->years[0]);
		else
			lab = xasprintf(_("%d–%d (%d years)"), p->years[0], p->years[i], i + 1);
		form_add_option(f, val, lab);
		free(lab);
	}
	form_set_value(&p->yf, "years", dues_chosen_value(p));
	form_add(&p->yf, FT_CHECK, "invoice", _("I need an invoice"), 0, 0, NULL);
	form_add(&p->yf, FT_BUTTON, "next", _("Next"), 0, 0, NULL);
}

static int dues_open(struct screen *s, void *arg)
{
	struct pay_dues *p = s->priv;

	s->title = _("Pay dues");
	s->help = _("←/→ change years  Space tick  Enter next  Esc back");
	form_init(&p->yf);
	form_init(&p->inv);
	pay_invoice_form(&p->inv, app_session(s->app)->account);
	form_add(&p->inv, FT_BUTTON, "next", _("Next"), 0, 0, NULL);
	form_add(&p->inv, FT_BUTTON, "back", _("Back"), 0, 0, NULL);
	p->chosen = 1;
	/* without years the quote says which years may be paid */
	app_request(s, T_YEARS, "GET", "/dues/quote", NULL);
	app_request(s, T_UNPAID, "GET", "/orders?status=unpaid&kind=dues", NULL);
	return 0;
}

static void dues_set_error(struct pay_dues *p, const struct api_reply *r)
{
	const cJSON *why = cJSON_GetObjectItemCaseSensitive(r->fields, "years");

	free(p->error);
	/* the reason about the years says more than "some fields are wrong" */
	if (cJSON_IsString(why) && *why->valuestring)
		p->error = xstrdup(why->valuestring);
	else
		p->error = xstrdup(r->server_message ? r->server_message : r->message);
}

/* The years that may be paid from a quote reply: "choices"; failing that,
 * the quoted "years". */
static void dues_take_years(struct pay_dues *p, const cJSON *q)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(q, "choices"), *y;

	if (!cJSON_IsArray(a))
		a = cJSON_GetObjectItemCaseSensitive(q, "years");
	p->nyears_allowed = 0;
	cJSON_ArrayForEach(y, a) {
		if (!cJSON_IsNumber(y) || p->nyears_allowed >= DUES_MAX_YEARS)
			continue;
		/* only a run of consecutive years: validity runs to the last */
		if (p->nyears_allowed && (int)y->valuedouble != p->years[p->nyears_allowed - 1] + 1)
			break;
		p->years[p->nyears_allowed++] = (int)y->valuedouble;
	}
}

/* The server names invoice fields "invoice.title" and so on. */
static int dues_invoice_errors(struct pay_dues *p, const cJSON *fields)
{
	cJSON *mine = cJSON_CreateObject();
	const cJSON *f;
	int n;

	cJSON_ArrayForEach(f, fields)
		if (f->string && cJSON_IsString(f) && !strncmp(f->string, "invoice.", 8))
			json_add_str(mine, f->string + 8, f->valuestring);
	n = form_set_server_errors(&p->inv, mine);
	cJSON_Delete(mine);
	return n;
}

static void dues_reply(struct screen *s, const struct api_reply *r)
{
	struct pay_dues *p = s->priv;
	const cJSON *items, *first;

	if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED) {
		app_reply_error(s, r);
		return;
	}
	switch (r->tag) {
	case T_YEARS:
		if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
			dues_set_error(p, r);
			return;
		}
		dues_take_years(p, r->json);
		if (p->nyears_allowed == 0) {
			free(p->error);
			p->error = xstrdup(_("There are no years to pay for now."));
			return;
		}
		p->ready = true;
		dues_build_years_form(p);
		/* asked without years, the server quotes the first payable one,
		 * which is the choice the form starts with: no second quote */
		cJSON_Delete(p->quote);
		p->quote = cJSON_Duplicate(r->json, 1);
		return;
	case T_QUOTE:
		if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
			dues_set_error(p, r);
			return;
		}
		xfree(&p->error);
		cJSON_Delete(p->quote);
		p->quote = cJSON_Duplicate(r->json, 1);
		return;
	case T_UNPAID:
		if (r->err != ERR_OK)
			return; /* only a hint: the years step still works */
		items = cJSON_GetObjectItemCaseSensitive(r->json, "items");
		first = cJSON_IsArray(items) ? cJSON_GetArrayItem(items, 0) : NULL;
		if (cJSON_IsObject(first) && pay_order_id(first) > 0) {
			p->unpaid_id = pay_order_id(first);
			cJSON_Delete(p->unpaid);
			p->unpaid = cJSON_Duplicate(first, 1);
		}
		return;
	case T_ORDER:
		p->ordering = false;
		if (r->err == ERR_OK && pay_order_id(r->json) > 0) {
			struct app *app = s->app;
			long long id = pay_order_id(r->json);
			int tag = s->push_tag;

			/* the order exists now: going back must not make another */
			app_close(s, 0);
			pay_order(app, id, tag);
			return;
		}
		if (r->err == ERR_VALIDATION && r->fields && dues_invoice_errors(p, r->fields) > 0) {
			p->step = S_INVOICE;
			return;
		}
		if (r->err != ERR_OK) {
			app_reply_error(s, r);
			return;
		}
		free(p->error);
		p->error = xstrdup(_(err_message(ERR_BAD_REPLY)));
		return;
	}
}

static void dues_draw_label(int row, int x, int w, const char *label, const char *value,
                            attr_t a)
{
	char *lab = utf8_pad(label, 14);

	ui_print(row, x, 14, lab, ui_attr(UI_LABEL));
	ui_print(row, x + 15, w - 15, value ? value : "-", a);
	free(lab);
}

/* Level, fee and the amount for the chosen years; returns the next row. */
static int dues_draw_quote(const struct pay_dues *p, int row, int x, int w)
{
	char money[MONEY_BUFSZ], *years;
	const cJSON *q = p->quote;
	long long fee = json_ll(q, "unit_fee", -1);

	if (!q)
		return row;
	dues_draw_label(row++, x, w, _("Level"), lang_name_of(q, "level"), ui_attr(UI_NORMAL));
	if (fee >= 0) {
		char *t = xasprintf(_("%s a year"), money_format(fee, money));

		dues_draw_label(row++, x, w, _("Annual fee"), t, ui_attr(UI_NORMAL));
		free(t);
	}
	years = pay_years_text(cJSON_GetObjectItemCaseSensitive(q, "years"));
	dues_draw_label(row++, x, w, _("Years"), years, ui_attr(UI_NORMAL));
	free(years);
	dues_draw_label(row++, x, w, _("Amount"), money_format(json_ll(q, "amount", 0), money),
	                ui_attr(UI_HEADING));
	if (json_s(q, "valid_until"))
		dues_draw_label(row++, x, w, _("Valid until"), json_s(q, "valid_until"),
		                ui_attr(UI_NORMAL));
	return row;
}

static void dues_draw_confirm(struct pay_dues *p, int row, int x, int w)
{
	char *inv_text = NULL, *title;
	bool want = form_field(&p->yf, "invoice") && form_field(&p->yf, "invoice")->checked;

	ui_print(row++, x, w, _("Please check the order:"), ui_attr(UI_HEADING));
	row++;
	row = dues_draw_quote(p, row, x, w);
	if (want) {
		title = form_value(&p->inv, "title");
		inv_text = xasprintf(_("Requested: %s"), title);
		free(title);
	}
	dues_draw_label(row++, x, w, _("Invoice"), want ? inv_text : _("Not requested"),
	                ui_attr(UI_NORMAL));
	free(inv_text);
	row++;
	if (p->ordering)
		spinner_draw(row, x, w, app_now_ms(), _("Making the order…"));
	else
		ui_print(row, x, w, _("Enter: confirm the order   Backspace: back"), ui_attr(UI_LABEL));
}

static void dues_draw(struct screen *s)
{
	struct pay_dues *p = s->priv;
	int y, x, h, w, row, cy = -1, cx = -1;
	char money[MONEY_BUFSZ];

	app_body(s->app, &y, &x, &h, &w);
	x += 2;
	w -= 4;
	row = y + 1;
	if (p->unpaid_id > 0 && p->step == S_YEARS) {
		char *item = pay_order_item(p->unpaid), *t;

		t = xasprintf(_("An order is waiting to be paid: %s, %s (%s). Press O to pay it."),
		              json_s(p->unpaid, "order_no") ? json_s(p->unpaid, "order_no") : "",
		              item, money_format(json_ll(p->unpaid, "amount", 0), money));
		row += print_wrapped(row, x, w, 2, t, ui_attr(UI_OK));
		free(item);
		free(t);
		row++;
	}
	if (!p->ready) {
		if (p->error)
			ui_print(row, x, w, p->error, ui_attr(UI_ERROR));
		else
			spinner_draw(row, x, w, app_now_ms(), _("Loading…"));
		return;
	}
	switch (p->step) {
	case S_YEARS:
		row += print_wrapped(row, x, w, 2,
		                        _("Dues are paid per calendar year; membership is valid until 31 December of the last year paid."),
		                        ui_attr(UI_DIM));
		row++;
		form_draw(&p->yf, row, x, 5, w, &cy, &cx);
		row += 6;
		row = dues_draw_quote(p, row, x, w);
		break;
	case S_INVOICE:
		ui_print(row++, x, w, _("Invoice details"), ui_attr(UI_HEADING));
		form_draw(&p->inv, row, x, y + h - row - 1, w, &cy, &cx);
		break;
	case S_CONFIRM:
		dues_draw_confirm(p, row, x, w);
		break;
	}
	if (p->error && p->ready)
		ui_print(y + h - 1, x, w, p->error, ui_attr(UI_ERROR));
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static void dues_make_order(struct screen *s)
{
	struct pay_dues *p = s->priv;
	cJSON *body = cJSON_CreateObject(), *years = cJSON_AddArrayToObject(body, "years");
	int i;

	json_add_str(body, "kind", "dues");
	for (i = 0; i < p->chosen && i < p->nyears_allowed; i++)
		cJSON_AddItemToArray(years, cJSON_CreateNumber(p->years[i]));
	if (form_field(&p->yf, "invoice")->checked)
		cJSON_AddItemToObject(body, "invoice", pay_invoice_json(&p->inv));
	p->ordering = true;
	if (!p->idem[0])
		pay_new_idem_key(p->idem);
	app_request_idem(s, T_ORDER, "POST", "/orders", body, p->idem);
}

static int dues_key_years(struct screen *s, wint_t k)
{
	struct pay_dues *p = s->priv;
	enum form_event ev = form_key(&p->yf, (unsigned)k);
	char *v;
	int n;

	if (ev == FORM_IGNORED)
		return SCR_IGNORED;
	v = form_value(&p->yf, "years");
	n = atoi(v);
	free(v);
	if (n >= 1 && n != p->chosen) {
		p->chosen = n;
		dues_quote(s);
	}
	if (ev == FORM_ACTION) {
		if (!p->quote || app_busy(s))
			return SCR_REDRAW; /* wait for the amount first */
		p->step = form_field(&p->yf, "invoice")->checked ? S_INVOICE : S_CONFIRM;
		s->help = p->step == S_INVOICE ? _("Tab next field  ←/→ choose  PgDn next  Esc back")
		                               : _("Enter confirm  Backspace back  Esc cancel");
	}
	return SCR_REDRAW;
}

static int dues_key(struct screen *s, wint_t k)
{
	struct pay_dues *p = s->priv;

	if (k == KEY_ESC)
		return SCR_CLOSE;
	if ((k == 'o' || k == 'O') && p->unpaid_id > 0 && p->step == S_YEARS) {
		struct app *app = s->app;
		long long id = p->unpaid_id;
		int tag = s->push_tag;

		app_close(s, 0);
		pay_order(app, id, tag);
		return SCR_HANDLED;
	}
	if (!p->ready || p->ordering)
		return SCR_IGNORED;
	switch (p->step) {
	case S_YEARS:
		return dues_key_years(s, k);
	case S_INVOICE:
		if (k == KF(KEY_NPAGE)) {
			if (pay_invoice_check(&p->inv))
				p->step = S_CONFIRM;
			return SCR_REDRAW;
		}
		switch (form_key(&p->inv, (unsigned)k)) {
		case FORM_ACTION:
			if (!strcmp(p->inv.action, "back"))
				p->step = S_YEARS;
			else if (pay_invoice_check(&p->inv))
				p->step = S_CONFIRM;
			return SCR_REDRAW;
		case FORM_HANDLED:
			return SCR_REDRAW;
		default:
			return SCR_IGNORED;
		}
	case S_CONFIRM:
		if (k == '\r' || k == '\n' || k == KF(KEY_ENTER)) {
			dues_make_order(s);
			return SCR_REDRAW;
		}
		if (k == KF(KEY_BACKSPACE) || k == 127 || k == 8 || k == KF(KEY_LEFT)) {
			p->idem[0] = '\0';  /* what is ordered may change */
			p->step = form_field(&p->yf, "invoice")->checked ? S_INVOICE : S_YEARS;
			return SCR_REDRAW;
		}
		return SCR_IGNORED;
	}
	return SCR_IGNORED;
}

static void dues_close(struct screen *s)
{
	struct pay_dues *p = s->priv;

	cJSON_Delete(p->quote);
	cJSON_Delete(p->unpaid);
	form_free(&p->yf);
	form_free(&p->inv);
	free(p->error);
}

const struct screen_ops scr_pay_ops = {
	.name = "pay_dues",
	.priv_size = sizeof(struct pay_dues),
	.open = dues_open,
	.draw = dues_draw,
	.key = dues_key,
	.reply = dues_reply,
	.close = dues_close,
};
