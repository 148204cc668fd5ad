/* Confirm several bank transfers at once, by the order numbers on a bank
 * statement: the officer pastes or types them (one or many per line,
 * separated by spaces, commas or semicolons) into a text box, "Check"
 * asks the server what each number matches without confirming anything
 * (POST /review/bank-transfers/confirm with dry_run), and "Confirm"
 * confirms them (the same request for real); each time the screen shows
 * the answer number by number: the member, amount and payer of the
 * transfer found, or why the number cannot be confirmed. Opened from the
 * transfers screen ("b"); closes with 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "reply.h"
#include "staff/staff.h"
#include "widgets/textarea.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

#define TEXT_MAX 8000
#define TEXT_ROWS 5

enum { F_TEXT, F_CHECK, F_CONFIRM, F_RESULTS, F__COUNT };
enum { T_CHECK = 1, T_CONFIRM };

struct bulk {
	struct textarea text;
	int focus;
	cJSON *answer;            /* the last answer (check or confirm) */
	bool checked;             /* answer is a check of the text as it is */
	bool done;                /* answer is a confirmation */
	int top;                  /* first result line shown */
	int shown;                /* result lines that fit */
	char *error;
};

static int bulk_open(struct screen *s, void *arg)
{
	struct bulk *b = s->priv;

	(void)arg;
	textarea_init(&b->text, TEXT_MAX);
	s->title = _("Confirm transfers by order number");
	s->help = _("Tab next  Enter check / confirm (new line in the text)  Esc back");
	return 0;
}

static const cJSON *items(const struct bulk *b)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(b->answer, "items");

	return cJSON_IsArray(it) ? it : NULL;
}

static int64_t count(const struct bulk *b, const char *key)
{
	return json_int_or(b->answer, key, 0);
}

/* "D2026000012  周一  ¥300.00  张三  A bank transfer waits; …" */
static char *result_line(const cJSON *it)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(it, "member");
	const char *name = json_s(m, "name");
	char money[MONEY_BUFSZ] = "", *no = utf8_pad(json_str_or(it, "order_no", ""), 16), *line;

	if (!name || !*name)
		name = json_s(m, "username");
	if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(it, "amount")))
		money_format(json_int_or(it, "amount", 0), money);
	if (name)
		line = xasprintf("%s %s %s %s  %s", no, name, money, json_str_or(it, "payer_name", ""),
		                 json_str_or(it, "message", ""));
	else
		line = xasprintf("%s %s", no, json_str_or(it, "message", ""));
	free(no);
	return line;
}

static enum ui_role result_role(const cJSON *it)
{
	const char *r = json_str_or(it, "result", "");

	if (!strcmp(r, "ready") || !strcmp(r, "confirmed"))
		return UI_OK;
	return !strcmp(r, "duplicate") ? UI_DIM : UI_ERROR;
}

static void bulk_draw(struct screen *s)
{
	struct bulk *b = s->priv;
	const cJSON *list = items(b), *it;
	int y, x, h, w, cy = -1, cx = -1, row, n, i;
	char buf[256];

	app_body(s->app, &y, &x, &h, &w);
	ui_print(y + 1, x + 2, w - 4, _("Order numbers (paste a bank statement's; one or many per line):"),
	         ui_attr(UI_LABEL));
	textarea_draw(&b->text, y + 2, x + 2, TEXT_ROWS, w - 4,
	              ui_attr(b->focus == F_TEXT ? UI_FIELD_FOCUS : UI_FIELD), &cy, &cx);
	row = y + 2 + TEXT_ROWS + 1;
	ui_print(row, x + 2, 14, _("[ Check ]"), ui_attr(b->focus == F_CHECK ? UI_SELECTED : UI_NORMAL));
	if (b->checked && count(b, "ready") > 0) {
		snprintf(buf, sizeof(buf), _("[ Confirm %lld ]"), (long long)count(b, "ready"));
		ui_print(row, x + 18, 24, buf, ui_attr(b->focus == F_CONFIRM ? UI_SELECTED : UI_NORMAL));
	}
	row += 2;
	if (b->error) {
		ui_print(row, x + 2, w - 4, b->error, ui_attr(UI_ERROR));
		row++;
	} else if (b->answer) {
		if (b->done)
			snprintf(buf, sizeof(buf), _("Confirmed: %lld. Not confirmed: %lld."),
			         (long long)count(b, "confirmed"), (long long)count(b, "failed"));
		else
			snprintf(buf, sizeof(buf), _("Checked: %lld can be confirmed, %lld cannot."),
			         (long long)count(b, "ready"), (long long)count(b, "failed"));
		ui_print(row++, x + 2, w - 4, buf, ui_attr(UI_HEADING));
	}
	n = list ? cJSON_GetArraySize(list) : 0;
	b->shown = y + h - row;
	if (b->shown < 1)
		b->shown = 1;
	if (b->top > n - b->shown)
		b->top = n - b->shown > 0 ? n - b->shown : 0;
	for (i = 0; list && i < b->shown && b->top + i < n; i++) {
		char *line;

		it = cJSON_GetArrayItem(list, b->top + i);
		line = result_line(it);
		ui_print(row + i, x + 2, w - 4, line,
		         ui_attr(b->focus == F_RESULTS && i == 0 ? UI_SELECTED : result_role(it)));
		free(line);
	}
	if (b->focus == F_TEXT && cy >= 0)
		app_cursor(s->app, cy, cx);
}

static void bulk_send(struct screen *s, bool dry)
{
	struct bulk *b = s->priv;
	cJSON *body = cJSON_CreateObject();
	char *text = textarea_text(&b->text);

	xfree(&b->error);
	json_add_str(body, "text", text);
	if (dry)
		cJSON_AddTrueToObject(body, "dry_run");
	free(text);
	app_request(s, dry ? T_CHECK : T_CONFIRM, "POST", "/review/bank-transfers/confirm", body);
}

static int bulk_key(struct screen *s, wint_t k)
{
	struct bulk *b = s->priv;
	bool can_confirm = b->checked && count(b, "ready") > 0;

	if (app_busy(s))
		return k == KEY_ESC ? SCR_IGNORED : SCR_HANDLED;
	if (k == '\t' || k == KF(KEY_BTAB)) {
		do
			b->focus = (b->focus + (k == '\t' ? 1 : F__COUNT - 1)) % F__COUNT;
		while ((b->focus == F_CONFIRM && !can_confirm) || (b->focus == F_RESULTS && !items(b)));
		return SCR_REDRAW;
	}
	switch (b->focus) {
	case F_TEXT:
		if (textarea_key(&b->text, k)) {
			/* the check was of another text */
			b->checked = false;
			return SCR_REDRAW;
		}
		break;
	case F_CHECK:
		if (k == '\r' || k == '\n' || k == ' ' || k == KF(KEY_ENTER)) {
			bulk_send(s, true);
			return SCR_REDRAW;
		}
		break;
	case F_CONFIRM:
		if (k == '\r' || k == '\n' || k == ' ' || k == KF(KEY_ENTER)) {
			bulk_send(s, false);
			return SCR_REDRAW;
		}
		break;
	case F_RESULTS:
		if (k == KF(KEY_UP) || k == KF(KEY_PPAGE)) {
			b->top -= k == KF(KEY_UP) ? 1 : b->shown;
			if (b->top < 0)
				b->top = 0;
			return SCR_REDRAW;
		}
		if (k == KF(KEY_DOWN) || k == KF(KEY_NPAGE)) {
			b->top += k == KF(KEY_DOWN) ? 1 : b->shown;
			return SCR_REDRAW;
		}
		break;
	default:
		break;
	}
	if (b->focus != F_TEXT && (k == KF(KEY_LEFT) || k == KF(KEY_RIGHT))) {
		b->focus = b->focus == F_CHECK && can_confirm ? F_CONFIRM : F_CHECK;
		return SCR_REDRAW;
	}
	return SCR_IGNORED;
}

static void bulk_reply(struct screen *s, const struct api_reply *r)
{
	struct bulk *b = s->priv;

	if (reply_session_gone(s, r))
		return;
	cJSON_Delete(b->answer);
	b->answer = NULL;
	b->checked = b->done = false;
	b->top = 0;
	if (r->err != ERR_OK) {
		const cJSON *why = r->fields && cJSON_IsString(r->fields->child) ? r->fields->child : NULL;

		free(b->error);
		b->error = why ? xstrdup(why->valuestring) : reply_error_text(r);
		b->focus = F_TEXT;
		return;
	}
	b->answer = cJSON_Duplicate(r->json, 1);
	if (r->tag == T_CHECK) {
		b->checked = true;
		b->focus = count(b, "ready") > 0 ? F_CONFIRM : F_TEXT;
	} else {
		b->done = true;
		b->focus = F_RESULTS;
	}
}

static void bulk_close(struct screen *s)
{
	struct bulk *b = s->priv;

	textarea_free(&b->text);
	cJSON_Delete(b->answer);
	free(b->error);
}

const struct screen_ops scr_staff_transfers_bulk_ops = {
	.name = "staff_transfers_bulk", .priv_size = sizeof(struct bulk),
	.open = bulk_open, .draw = bulk_draw, .key = bulk_key, .reply = bulk_reply,
	.close = bulk_close,
};
