/* Record dues a member paid outside the system, in cash or by a transfer
 * the association saw on its statement (POST /members/{id}/offline-payment):
 * the years, the method, the amount (the level's annual fee times the
 * years, filled in), the day it was paid and a note. The server makes the
 * dues order for the next unpaid years and settles it like any payment:
 * paid, a receipt number, the voucher, the membership and the certificate
 * renewed, the member told. Closes with 1 once recorded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/form.h"
#include "reply.h"
#include "words.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"

#define YEARS_OFFERED 4

enum { T_LEVELS = 1, T_SAVE };
enum { P_DONE = 1 };

struct offline_pay {
	long id;
	char *name;
	long long level_id;
	int64_t fee;             /* the level's annual fee in fen; 0 while unknown */
	struct form form;
	char *note;
	int years_shown;         /* the years the amount was filled in for */
};

static void fill_amount(struct offline_pay *p)
{
	char *y = form_value(&p->form, "years"), buf[MONEY_BUFSZ];
	int years = atoi(y);

	free(y);
	if (p->fee > 0 && years > 0 && years != p->years_shown) {
		form_set_value(&p->form, "amount", money_plain(p->fee * years, buf));
		p->years_shown = years;
	}
}

static int op_open(struct screen *s, void *arg)
{
	struct offline_pay *p = s->priv;
	const struct staff_record_arg *a = arg;
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(a->record, "member");
	struct form_field *f;
	char today[11], n[4];
	time_t now = time(NULL);
	struct tm tm;

	p->id = a->id;
	p->name = xstrdup(json_str_or(m, "name", json_str_or(m, "username", "")));
	p->level_id = json_int_or(cJSON_GetObjectItemCaseSensitive(m, "level"), "id",
	                          json_int_or(m, "level_id", 0));
	form_init(&p->form);
	f = form_add(&p->form, FT_SELECT, "years", _("Years"), FF_REQUIRED, 0, NULL);
	for (int i = 1; i <= YEARS_OFFERED; i++) {
		snprintf(n, sizeof(n), "%d", i);
		form_add_option(f, n, n);
	}
	f->sel = 0;
	f = form_add(&p->form, FT_SELECT, "method", _("Paid by"), FF_REQUIRED, 0, NULL);
	form_add_option(f, "cash", _("Cash"));
	form_add_option(f, "transfer", _("Bank transfer outside the system"));
	f->sel = 0;
	form_add(&p->form, FT_TEXT, "amount", _("Amount (yuan)"), FF_REQUIRED, 16, NULL);
	form_add(&p->form, FT_TEXT, "paid_on", _("Paid on (YYYY-MM-DD)"), FF_REQUIRED, 10, "date");
	form_add(&p->form, FT_TEXT, "reference", _("Note (receipt, reference)"), 0, 100, NULL);
	form_add(&p->form, FT_BUTTON, "save", _("Record the payment"), 0, 0, NULL);
	form_add(&p->form, FT_BUTTON, "cancel", _("Cancel"), 0, 0, NULL);
	if (localtime_r(&now, &tm)) {
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		form_set_value(&p->form, "paid_on", today);
	}
	s->title = _("Record an offline payment");
	s->help = _("Tab next field  Left/Right choose  Enter continue  Esc back");
	app_request(s, T_LEVELS, "GET", "/levels", NULL);
	return 0;
}

static void op_draw(struct screen *s)
{
	struct offline_pay *p = s->priv;
	char *intro, fee[MONEY_BUFSZ];

	if (p->fee > 0)
		intro = xasprintf(_("%s: annual fee %s. The order covers the next unpaid years."),
		                  p->name, money_format(p->fee, fee));
	else
		intro = xasprintf(_("%s: the order covers the next unpaid years."), p->name);
	form_screen_draw(s, &p->form, intro, p->note, false, 2);
	free(intro);
}

static void set_note(struct offline_pay *p, const char *text)
{
	free(p->note);
	p->note = text ? xstrdup(text) : NULL;
}

static void save(struct screen *s)
{
	struct offline_pay *p = s->priv;
	char *years, *method, *amount, *paid_on, *ref, path[64];
	int64_t fen = 0;
	cJSON *body;

	if (app_busy(s))
		return;
	set_note(p, NULL);
	form_clear_errors(&p->form);
	if (form_validate(&p->form))
		return;
	amount = form_value(&p->form, "amount");
	if (money_parse(amount, &fen) != 0 || fen <= 0) {
		form_set_error(&p->form, "amount", _("An amount in yuan, such as 300 or 300.00."));
		form_focus(&p->form, "amount");
		free(amount);
		return;
	}
	free(amount);
	years = form_value(&p->form, "years");
	method = form_value(&p->form, "method");
	paid_on = form_value(&p->form, "paid_on");
	ref = form_value(&p->form, "reference");
	body = cJSON_CreateObject();
	json_add_int(body, "years", atoi(years));
	json_add_str(body, "method", method);
	json_add_int(body, "amount", fen);
	json_add_str(body, "paid_on", paid_on);
	if (*ref)
		json_add_str(body, "reference", ref);
	free(years);
	free(method);
	free(paid_on);
	free(ref);
	snprintf(path, sizeof(path), "/members/%ld/offline-payment", p->id);
	app_request(s, T_SAVE, "POST", path, body);
}

static int op_key(struct screen *s, wint_t k)
{
	struct offline_pay *p = s->priv;
	enum form_event ev = form_key(&p->form, k);

	switch (ev) {
	case FORM_HANDLED:
		fill_amount(p);
		return SCR_REDRAW;
	case FORM_ACTION:
		if (!strcmp(p->form.action, "cancel"))
			return SCR_CLOSE;
		save(s);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void op_reply(struct screen *s, const struct api_reply *r)
{
	struct offline_pay *p = s->priv;
	const cJSON *it;
	char *msg, m[MONEY_BUFSZ];

	if (reply_session_gone(s, r))
		return;
	if (r->tag == T_LEVELS) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r->json, "items"))
			if (json_int_or(it, "id", -1) == p->level_id)
				p->fee = json_int_or(it, "annual_fee", 0);
		fill_amount(p);
		return;
	}
	if (r->err != ERR_OK) {
		char *why = reply_error_text(r);

		if (r->fields)
			form_set_server_errors(&p->form, r->fields);
		set_note(p, why);
		free(why);
		return;
	}
	msg = xasprintf(_("Order %s is paid: %s for %lld-%lld, receipt %s."),
	                json_str_or(r->json, "order_no", ""),
	                money_format(json_int_or(r->json, "amount", 0), m),
	                (long long)json_int_or(r->json, "year_from", 0),
	                (long long)json_int_or(r->json, "year_to", 0),
	                json_str_or(r->json, "receipt_no", "-"));
	dialog_message(s->app, _("Offline payment"), msg, P_DONE);
	free(msg);
}

static void op_resume(struct screen *s, int tag, int value)
{
	(void)value;
	if (tag == P_DONE)
		app_close(s, 1);
}

static void op_close(struct screen *s)
{
	struct offline_pay *p = s->priv;

	form_free(&p->form);
	free(p->name);
	free(p->note);
}

const struct screen_ops scr_staff_offline_pay_ops = {
	.name = "staff_offline_pay", .priv_size = sizeof(struct offline_pay),
	.open = op_open, .draw = op_draw, .key = op_key, .reply = op_reply,
	.resume = op_resume, .close = op_close,
};
