/* A fee reduction or exemption for one member (HQ staff and admins): the
 * member's unpaid orders (GET /members/{id}) to choose from, the new
 * amount in yuan (0 waives the fee: the order is settled at once) and the
 * reason, sent after a confirmation that names the order as
 * POST /review/orders/{id}/reduce. Closes with 1 once the server took it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/edit.h"
#include "format.h"
#include "words.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"

#define AMOUNT_MAX 16
#define REASON_MAX 200
#define SHOWN 6

enum { F_ORDERS, F_AMOUNT, F_REASON, F_SEND, F__COUNT };
enum { T_MEMBER = 1, T_REDUCE };
enum { P_CONFIRM = 1, P_DONE };

struct reduce {
	long member_id;
	cJSON *unpaid;            /* the member's unpaid orders (an array we own) */
	char *name;               /* the member's name */
	bool loaded;
	int sel, focus;
	struct edit amount, reason;
	int64_t fen;              /* the amount confirmed */
	char *error;
};

static const cJSON *order_sel(const struct reduce *r)
{
	return r->unpaid ? cJSON_GetArrayItem(r->unpaid, r->sel) : NULL;
}

static int nunpaid(const struct reduce *r)
{
	return r->unpaid ? cJSON_GetArraySize(r->unpaid) : 0;
}

static void fetch(struct screen *s)
{
	struct reduce *r = s->priv;
	char path[64];

	snprintf(path, sizeof(path), "/members/%ld", r->member_id);
	app_request(s, T_MEMBER, "GET", path, NULL);
}

static int reduce_open(struct screen *s, void *arg)
{
	struct reduce *r = s->priv;

	r->member_id = arg ? *(const long *)arg : 0;
	edit_init(&r->amount, AMOUNT_MAX, false);
	edit_init(&r->reason, REASON_MAX, false);
	s->title = _("Reduce or waive a fee");
	s->help = _("Up/Down order  Tab next  Enter send  r refresh  Esc back");
	fetch(s);
	return 0;
}

/* "DUES-2026-0001  2026-2026  ¥800.00" */
static void order_line(const cJSON *o, char *buf, size_t n)
{
	char money[MONEY_BUFSZ], years[32];

	if (json_int_or(o, "year_from", 0) &&
	    json_int_or(o, "year_from", 0) == json_int_or(o, "year_to", 0))
		snprintf(years, sizeof(years), "%lld", (long long)json_int_or(o, "year_from", 0));
	else if (json_int_or(o, "year_from", 0))
		snprintf(years, sizeof(years), "%lld-%lld", (long long)json_int_or(o, "year_from", 0),
		         (long long)json_int_or(o, "year_to", 0));
	else
		snprintf(years, sizeof(years), "%s", _("level change"));
	snprintf(buf, n, "%-20s %-12s %s", json_str_or(o, "order_no", ""), years,
	         money_format(json_int_or(o, "amount", 0), money));
}

static void reduce_draw(struct screen *s)
{
	struct reduce *r = s->priv;
	int y, x, h, w, row, cx, top;
	char line[160];

	app_body(s->app, &y, &x, &h, &w);
	if (!r->loaded) {
		ui_print(y + 1, x + 2, w - 4, r->error ? r->error : _("Loading..."),
		         ui_attr(r->error ? UI_ERROR : UI_DIM));
		return;
	}
	row = y + 1;
	ui_print(row++, x + 2, w - 4, r->name, ui_attr(UI_HEADING));
	row++;
	if (!nunpaid(r)) {
		ui_print(row, x + 2, w - 4, _("This member has no unpaid order."), ui_attr(UI_DIM));
		return;
	}
	ui_print(row++, x + 2, w - 4, _("Unpaid orders:"), ui_attr(UI_LABEL));
	top = r->sel >= SHOWN ? r->sel - SHOWN + 1 : 0;
	for (int i = top; i < nunpaid(r) && i < top + SHOWN; i++) {
		order_line(cJSON_GetArrayItem(r->unpaid, i), line, sizeof(line));
		ui_print_pad(row++, x + 4, w - 6, line,
		             ui_attr(i == r->sel ? (r->focus == F_ORDERS ? UI_SELECTED : UI_FIELD)
		                                 : UI_NORMAL));
	}
	row++;
	ui_print(row, x + 2, 24, _("New amount (yuan)"), ui_attr(UI_LABEL));
	cx = edit_draw(&r->amount, row, x + 26, 14,
	               ui_attr(r->focus == F_AMOUNT ? UI_FIELD_FOCUS : UI_FIELD));
	if (r->focus == F_AMOUNT)
		app_cursor(s->app, row, cx);
	ui_print(row++, x + 42, w - 44, _("0 waives the fee"), ui_attr(UI_DIM));
	row++;
	ui_print(row, x + 2, 24, _("Reason"), ui_attr(UI_LABEL));
	cx = edit_draw(&r->reason, row, x + 26, w - 28,
	               ui_attr(r->focus == F_REASON ? UI_FIELD_FOCUS : UI_FIELD));
	if (r->focus == F_REASON)
		app_cursor(s->app, row, cx);
	row += 2;
	ui_print(row++, x + 2, 20, _("[ Send ]"),
	         ui_attr(r->focus == F_SEND ? UI_SELECTED : UI_NORMAL));
	if (r->error)
		ui_print(row + 1, x + 2, w - 4, r->error, ui_attr(UI_ERROR));
}

static void set_error(struct reduce *r, const char *text)
{
	free(r->error);
	r->error = text ? xstrdup(text) : NULL;
}

/* Check what was typed; ask before sending. */
static void ask(struct screen *s)
{
	struct reduce *r = s->priv;
	const cJSON *o = order_sel(r);
	char *amount = edit_text(&r->amount), *reason = edit_text(&r->reason), *msg;
	char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ];
	int64_t fen = 0;

	if (!o)
		goto out;
	if (money_parse(amount, &fen) != 0) {
		set_error(r, _("Type the new amount in yuan, e.g. 400 or 0."));
		r->focus = F_AMOUNT;
		goto out;
	}
	if (fen >= json_int_or(o, "amount", 0)) {
		set_error(r, _("A reduction asks less than the order does now."));
		r->focus = F_AMOUNT;
		goto out;
	}
	if (!*reason) {
		set_error(r, _("Please give a reason."));
		r->focus = F_REASON;
		goto out;
	}
	set_error(r, NULL);
	r->fen = fen;
	money_format(json_int_or(o, "amount", 0), m1);
	if (fen == 0)
		msg = xasprintf(_("Waive order %s (%s)? It is settled at once, no money moving."),
		                json_str_or(o, "order_no", ""), m1);
	else
		msg = xasprintf(_("Reduce order %s from %s to %s?"), json_str_or(o, "order_no", ""),
		                m1, money_format(fen, m2));
	dialog_confirm(s->app, _("Reduce or waive a fee"), msg, fen ? _("Reduce") : _("Waive"),
	               _("Cancel"), P_CONFIRM);
	free(msg);
out:
	free(amount);
	free(reason);
}

static int reduce_key(struct screen *s, wint_t k)
{
	struct reduce *r = s->priv;

	if (k == 'q' && (r->focus == F_ORDERS || r->focus == F_SEND))
		return SCR_CLOSE;
	if (k == 'r' && (r->focus == F_ORDERS || r->focus == F_SEND || !nunpaid(r))) {
		fetch(s);
		return SCR_REDRAW;
	}
	if (!nunpaid(r))
		return SCR_IGNORED;
	if (k == KF(KEY_F(2))) {
		ask(s);
		return SCR_REDRAW;
	}
	if (k == '\t' || k == KF(KEY_BTAB)) {
		r->focus = (r->focus + (k == '\t' ? 1 : F__COUNT - 1)) % F__COUNT;
		return SCR_REDRAW;
	}
	if (k == '\r' || k == '\n' || k == KF(KEY_ENTER)) {
		if (r->focus == F_REASON || r->focus == F_SEND)
			ask(s);
		else
			r->focus++;
		return SCR_REDRAW;
	}
	switch (r->focus) {
	case F_ORDERS:
		if (k == KF(KEY_UP) && r->sel > 0)
			r->sel--;
		else if (k == KF(KEY_DOWN) && r->sel + 1 < nunpaid(r))
			r->sel++;
		else
			return SCR_IGNORED;
		return SCR_REDRAW;
	case F_AMOUNT:
		return edit_key(&r->amount, (unsigned)k) ? SCR_REDRAW : SCR_IGNORED;
	case F_REASON:
		return edit_key(&r->reason, (unsigned)k) ? SCR_REDRAW : SCR_IGNORED;
	default:
		return SCR_IGNORED;
	}
}

static void reduce_resume(struct screen *s, int tag, int value)
{
	struct reduce *r = s->priv;
	const cJSON *o = order_sel(r);
	char path[96], *reason;
	cJSON *body;

	if (tag == P_DONE) {
		app_close(s, 1);
		return;
	}
	if (tag != P_CONFIRM || value != 1 || !o)
		return;
	snprintf(path, sizeof(path), "/review/orders/%lld/reduce", (long long)json_int_or(o, "id", 0));
	body = cJSON_CreateObject();
	json_add_int(body, "amount", r->fen);
	reason = edit_text(&r->reason);
	json_add_str(body, "reason", reason);
	free(reason);
	app_request(s, T_REDUCE, "POST", path, body);
}

static void keep_unpaid(struct reduce *r, const cJSON *member)
{
	const cJSON *o, *m = cJSON_GetObjectItemCaseSensitive(member, "member");

	cJSON_Delete(r->unpaid);
	r->unpaid = cJSON_CreateArray();
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(member, "orders"))
		if (strcmp(json_str_or(o, "status", ""), "unpaid") == 0)
			cJSON_AddItemToArray(r->unpaid, cJSON_Duplicate(o, 1));
	free(r->name);
	r->name = xstrdup(json_str_or(m, "name", json_str_or(m, "username", "")));
	if (r->sel >= nunpaid(r))
		r->sel = 0;
	r->loaded = true;
}

static void reduce_reply(struct screen *s, const struct api_reply *rep)
{
	struct reduce *r = s->priv;

	if (rep->err != ERR_OK) {
		const char *why = rep->fields ? json_str_or(rep->fields, "amount",
		                                json_str_or(rep->fields, "reason", NULL)) : NULL;

		if (rep->tag == T_REDUCE && why)
			set_error(r, why);
		else if (rep->tag == T_MEMBER && !r->loaded)
			set_error(r, rep->server_message ? rep->server_message : rep->message);
		else
			app_reply_error(s, rep);
		return;
	}
	if (rep->tag == T_MEMBER && cJSON_IsObject(rep->json)) {
		keep_unpaid(r, rep->json);
	} else if (rep->tag == T_REDUCE) {
		dialog_message(s->app, _("Reduce or waive a fee"),
		               r->fen ? _("The fee was reduced; the member was told.")
		                      : _("The fee was waived and the order settled; the member was told."),
		               P_DONE);
	}
}

static void reduce_close(struct screen *s)
{
	struct reduce *r = s->priv;

	cJSON_Delete(r->unpaid);
	free(r->name);
	free(r->error);
	edit_free(&r->amount);
	edit_free(&r->reason);
}

const struct screen_ops scr_staff_reduce_ops = {
	.name = "staff_reduce", .priv_size = sizeof(struct reduce),
	.open = reduce_open, .draw = reduce_draw, .key = reduce_key, .reply = reduce_reply,
	.resume = reduce_resume, .close = reduce_close,
};
