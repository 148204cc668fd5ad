/* Give money back (HQ staff and administrators): the order by its number
 * (GET /review/orders/{no}: the member, the payments that took money and
 * the refunds made of them), the payment to refund, the amount (empty: all
 * that is left of it; less makes a partial refund), the cause (paid twice,
 * membership ended, other) and a reason the member sees; "Refund" sends
 * POST /review/payments/{id}/refund under an Idempotency-Key kept until
 * the server answers, so sending again after a lost answer never refunds
 * twice. Closes with 1 once the refund is recorded, saying its state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>
#include <curl/curl.h>

#include "app.h"
#include "ui.h"
#include "reply.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/edit.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"

#define MAX_PAYS 6
#define REASON_MAX 80

enum { F_ORDER, F_PAYMENT, F_AMOUNT, F_CAUSE, F_REASON, F_SEND, F__COUNT };
enum { T_ORDER = 1, T_REFUND };
enum { P_DONE = 1 };

struct pay_row {
	long long id;
	long long amount, left;   /* fen */
	char label[96];
};

struct refund_issue {
	struct staff_refund_arg arg;
	struct edit order, amount, reason;
	int focus;
	cJSON *od;                /* GET /review/orders/{no} */
	struct pay_row pays[MAX_PAYS];
	int npays, sel;
	int cause;                /* enum refund_cause */
	char key[64];             /* Idempotency-Key of the refund being asked */
	char *error;
};

static void new_key(struct refund_issue *v)
{
	static unsigned n;

	snprintf(v->key, sizeof(v->key), "refund-%ld-%lld-%u", (long)getpid(),
	         (long long)app_now_ms(), ++n);
}

static void lookup(struct screen *s)
{
	struct refund_issue *v = s->priv;
	char *no = edit_text(&v->order), *esc, *path;

	xfree(&v->error);
	if (!*no) {
		v->error = xstrdup(_("Please enter the order number."));
		free(no);
		return;
	}
	esc = curl_easy_escape(NULL, no, 0);
	path = xasprintf("/review/orders/%s", esc ? esc : "");
	app_request(s, T_ORDER, "GET", path, NULL);
	free(path);
	curl_free(esc);
	free(no);
}

static int refund_open(struct screen *s, void *arg)
{
	struct refund_issue *v = s->priv;

	v->arg = *(const struct staff_refund_arg *)arg;
	edit_init(&v->order, 40, false);
	edit_init(&v->amount, 16, false);
	edit_init(&v->reason, REASON_MAX, false);
	v->cause = refund_cause_of(v->arg.cause ? v->arg.cause : "membership_ended");
	if (v->cause < 0)
		v->cause = REFUND_CAUSE_OTHER;
	new_key(v);
	s->title = _("Refund");
	s->help = _("Tab next  Left/Right choose  Enter look up / refund  Esc back");
	if (v->arg.order_no && *v->arg.order_no) {
		edit_set(&v->order, v->arg.order_no);
		v->focus = F_AMOUNT;
		lookup(s);
	}
	return 0;
}

static bool took_money(const cJSON *p)
{
	const char *st = json_str_or(p, "status", "");

	return !strcmp(st, "succeeded") || !strcmp(st, "refund_due") || !strcmp(st, "confirmed");
}

/* The payments that took money, with what refunds left of each. */
static void gather(struct refund_issue *v)
{
	const cJSON *p, *r;
	char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ];

	v->npays = 0;
	v->sel = 0;
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(v->od, "payments")) {
		struct pay_row *row;
		bool bank = !strcmp(json_str_or(p, "method", ""), "bank_transfer");

		if (!took_money(p) || v->npays == MAX_PAYS)
			continue;
		row = &v->pays[v->npays];
		row->id = json_int_or(p, "id", 0);
		row->amount = row->left = json_int_or(p, "amount", 0);
		cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(v->od, "refunds"))
			if (json_int_or(r, "payment_id", 0) == row->id &&
			    refund_status_of(json_s(r, "status")) != REFUND_STATUS_FAILED)
				row->left -= json_int_or(r, "amount", 0);
		snprintf(row->label, sizeof(row->label), _("%s %s, %s, left %s"),
		         bank ? _("Bank transfer") : _("QR code"),
		         bank ? "" : json_str_or(p, "provider", ""),
		         money_format(row->amount, m1), money_format(row->left, m2));
		if (row->id == v->arg.payment_id)
			v->sel = v->npays;
		v->npays++;
	}
}

static void draw_refunds(const struct refund_issue *v, int *row, int x, int w, int last)
{
	const cJSON *r;
	char m[MONEY_BUFSZ], *line;

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(v->od, "refunds")) {
		if (*row > last)
			return;
		line = xasprintf("%s  %s  %s  %s", json_str_or(r, "refund_no", ""),
		                 money_format(json_int_or(r, "amount", 0), m),
		                 refund_status_words(json_s(r, "status")), json_str_or(r, "reason", ""));
		ui_print((*row)++, x, w, line, ui_attr(UI_NORMAL));
		free(line);
	}
}

static void field(struct screen *s, struct edit *e, bool focus, int y, int x, int w)
{
	int cx = edit_draw(e, y, x, w, ui_attr(focus ? UI_FIELD_FOCUS : UI_FIELD));

	if (focus)
		app_cursor(s->app, y, cx);
}

static void refund_draw(struct screen *s)
{
	struct refund_issue *v = s->priv;
	int y, x, h, w, row, i, lx = 2 + 16;
	char buf[256], m[MONEY_BUFSZ];
	const cJSON *mem = cJSON_GetObjectItemCaseSensitive(v->od, "member");

	app_body(s->app, &y, &x, &h, &w);
	row = y + 1;
	ui_print(row, x + 2, 16, _("Order number"), ui_attr(UI_LABEL));
	field(s, &v->order, v->focus == F_ORDER, row++, x + lx, 24);
	if (v->od) {
		snprintf(buf, sizeof(buf), "%s %s · %s · %s",
		         json_str_or(mem, "name", json_str_or(mem, "username", "")),
		         json_str_or(mem, "member_no", ""),
		         order_status_words(json_s(v->od, "status")),
		         money_format(json_int_or(v->od, "amount", 0), m));
		ui_print(row, x + lx, w - lx - 2, buf, ui_attr(UI_NORMAL));
	}
	row += 2;
	ui_print(row++, x + 2, w - 4, _("Payment to refund:"), ui_attr(UI_LABEL));
	if (v->od && !v->npays)
		ui_print(row++, x + 4, w - 6, _("No payment of this order took money."), ui_attr(UI_DIM));
	for (i = 0; i < v->npays && i < 3; i++) {
		snprintf(buf, sizeof(buf), "%s %s", i == v->sel ? ">" : " ", v->pays[i].label);
		ui_print(row++, x + 4, w - 6, buf,
		         ui_attr(i == v->sel ? (v->focus == F_PAYMENT ? UI_SELECTED : UI_HEADING)
		                             : UI_NORMAL));
	}
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(v->od, "refunds")) > 0) {
		ui_print(row++, x + 2, w - 4, _("Refunds made:"), ui_attr(UI_LABEL));
		draw_refunds(v, &row, x + 4, w - 6, y + h - 9);
	}
	row = row > y + h - 8 ? row : y + h - 8;
	if (v->npays)
		snprintf(buf, sizeof(buf), _("Amount (empty: all that is left, %s)"),
		         money_format(v->pays[v->sel].left, m));
	else
		snprintf(buf, sizeof(buf), "%s", _("Amount"));
	ui_print(row++, x + 2, w - 4, buf, ui_attr(UI_LABEL));
	field(s, &v->amount, v->focus == F_AMOUNT, row++, x + lx, 16);
	ui_print(row, x + 2, 16, _("Cause"), ui_attr(UI_LABEL));
	snprintf(buf, sizeof(buf), "< %s >", refund_cause_words(code_name(CODES_REFUND_CAUSE, v->cause)));
	ui_print(row++, x + lx, w - lx - 2, buf, ui_attr(v->focus == F_CAUSE ? UI_SELECTED : UI_FIELD));
	ui_print(row, x + 2, 16, _("Reason"), ui_attr(UI_LABEL));
	field(s, &v->reason, v->focus == F_REASON, row++, x + lx, w - lx - 2);
	row++;
	ui_print(row++, x + 2, 16, _("[ Refund ]"), ui_attr(v->focus == F_SEND ? UI_SELECTED : UI_NORMAL));
	if (v->error)
		ui_print(row, x + 2, w - 4, v->error, ui_attr(UI_ERROR));
}

static void send_refund(struct screen *s)
{
	struct refund_issue *v = s->priv;
	char *amount = edit_text(&v->amount), *reason = edit_text(&v->reason), path[96];
	int64_t fen = 0;
	cJSON *body;

	xfree(&v->error);
	if (!v->npays) {
		v->error = xstrdup(v->od ? _("No payment of this order took money.")
		                         : _("Please look up the order first."));
		v->focus = F_ORDER;
	} else if (*amount && (money_parse(amount, &fen) != 0 || fen <= 0)) {
		v->error = xstrdup(_("The amount is not a sum of money, like 50 or 50.00."));
		v->focus = F_AMOUNT;
	} else if (fen > v->pays[v->sel].left) {
		v->error = xstrdup(_("That is more than is left of this payment."));
		v->focus = F_AMOUNT;
	} else if (!*reason) {
		v->error = xstrdup(_("Please give a reason; the member sees it."));
		v->focus = F_REASON;
	} else {
		body = cJSON_CreateObject();
		if (fen)
			json_add_int(body, "amount", fen);
		json_add_str(body, "cause", code_name(CODES_REFUND_CAUSE, v->cause));
		json_add_str(body, "reason", reason);
		snprintf(path, sizeof(path), "/review/payments/%lld/refund", v->pays[v->sel].id);
		app_request_idem(s, T_REFUND, "POST", path, body, v->key);
	}
	free(amount);
	free(reason);
}

static bool is_enter(wint_t k)
{
	return k == '\r' || k == '\n' || k == KF(KEY_ENTER);
}

static int refund_key(struct screen *s, wint_t k)
{
	struct refund_issue *v = s->priv;
	bool left = k == KF(KEY_LEFT), right = k == KF(KEY_RIGHT) || k == ' ';

	if (app_busy(s))
		return k == KEY_ESC ? SCR_IGNORED : SCR_HANDLED;
	if (k == '\t' || k == KF(KEY_DOWN) || k == KF(KEY_BTAB) || k == KF(KEY_UP)) {
		bool back = k == KF(KEY_BTAB) || k == KF(KEY_UP);

		v->focus = (v->focus + (back ? F__COUNT - 1 : 1)) % F__COUNT;
		return SCR_REDRAW;
	}
	switch (v->focus) {
	case F_ORDER:
		if (is_enter(k)) {
			lookup(s);
			return SCR_REDRAW;
		}
		return edit_key(&v->order, k) ? SCR_REDRAW : SCR_IGNORED;
	case F_PAYMENT:
		if ((left || right) && v->npays) {
			v->sel = (v->sel + (left ? v->npays - 1 : 1)) % v->npays;
			return SCR_REDRAW;
		}
		break;
	case F_CAUSE:
		if (left || right) {
			int n = (int)code_count(CODES_REFUND_CAUSE);

			v->cause = (v->cause + (left ? n - 1 : 1)) % n;
			return SCR_REDRAW;
		}
		break;
	case F_AMOUNT:
	case F_REASON:
		if (!is_enter(k))
			return edit_key(v->focus == F_AMOUNT ? &v->amount : &v->reason, k)
			       ? SCR_REDRAW : SCR_IGNORED;
		break;
	default:
		break;
	}
	if (is_enter(k)) {
		if (v->focus == F_SEND)
			send_refund(s);
		else
			v->focus++;
		return SCR_REDRAW;
	}
	return SCR_IGNORED;
}

static void refund_reply(struct screen *s, const struct api_reply *r)
{
	struct refund_issue *v = s->priv;
	char m[MONEY_BUFSZ], *msg;

	if (reply_session_gone(s, r))
		return;
	if (r->tag == T_REFUND && r->status)
		new_key(v);  /* answered: the next request is another refund */
	if (r->err != ERR_OK) {
		const cJSON *why = r->fields && cJSON_IsString(r->fields->child) ? r->fields->child : NULL;

		free(v->error);
		v->error = reply_error_text(r);
		if (why) {
			msg = xasprintf("%s %s", v->error, why->valuestring);
			free(v->error);
			v->error = msg;
		}
		if (r->tag == T_ORDER) {
			cJSON_Delete(v->od);
			v->od = NULL;
			v->npays = 0;
			v->focus = F_ORDER;
		}
		return;
	}
	if (r->tag == T_ORDER) {
		cJSON_Delete(v->od);
		v->od = cJSON_Duplicate(r->json, 1);
		gather(v);
		if (v->focus == F_ORDER)
			v->focus = v->npays > 1 ? F_PAYMENT : F_AMOUNT;
		return;
	}
	msg = xasprintf(_("Refund %s of %s: %s."), json_str_or(r->json, "refund_no", ""),
	                money_format(json_int_or(r->json, "amount", 0), m),
	                refund_status_words(json_s(r->json, "status")));
	dialog_message(s->app, _("Refund"), msg, P_DONE);
	free(msg);
}

static void refund_resume(struct screen *s, int tag, int value)
{
	(void)value;
	if (tag == P_DONE)
		app_close(s, 1);
}

static void refund_close(struct screen *s)
{
	struct refund_issue *v = s->priv;

	edit_free(&v->order);
	edit_free(&v->amount);
	edit_free(&v->reason);
	cJSON_Delete(v->od);
	free(v->error);
}

const struct screen_ops scr_staff_refund_issue_ops = {
	.name = "staff_refund_issue", .priv_size = sizeof(struct refund_issue),
	.open = refund_open, .draw = refund_draw, .key = refund_key, .reply = refund_reply,
	.resume = refund_resume, .close = refund_close,
};
