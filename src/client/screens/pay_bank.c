/* Pay one order by bank transfer (pay.h): the association's account from
 * GET /bank-account, a form saying what was transferred, then "awaiting
 * confirmation" until the staff find the money. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "app.h"
#include "i18n_setup.h"
#include "ui.h"
#include "screens/pay.h"
#include "config.h"
#include "screens/file_picker.h"
#include "widgets/form.h"
#include "widgets/progress.h"
#include "reply.h"
#include "download.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { T_ACCOUNT = 1, T_ORDER, T_SEND, T_SCAN };
enum { C_PICK = 1 };

struct pay_bank {
	long long id;
	cJSON *account;      /* GET /bank-account */
	cJSON *order;        /* GET /orders/{id} */
	struct form form;
	bool filled;         /* form defaults set from the order */
	bool sending;
	bool sent;           /* the server took it: awaiting confirmation */
	char *error;
	char *pick;          /* the bank receipt scan the picker chose */
	int scan_id;         /* its upload in flight, 0 none */
	bool scanned;        /* a scan is attached */
};

static int bk_open(struct screen *s, void *arg)
{
	struct pay_bank *p = s->priv;
	char path[64];

	if (!arg)
		return -1;
	p->id = *(const long long *)arg;
	s->title = _("Pay by bank transfer");
	s->help = _("Tab next field  Enter send  Esc back");
	form_init(&p->form);
	form_add(&p->form, FT_TEXT, "payer_name", _("Paid by (name)"), FF_REQUIRED, 100, NULL);
	form_add(&p->form, FT_TEXT, "bank", _("From bank"), FF_REQUIRED, 100, NULL);
	form_add(&p->form, FT_TEXT, "account_tail", _("Account (last 4 to 6 digits)"), FF_REQUIRED, 6, NULL);
	form_add(&p->form, FT_TEXT, "date", _("Date (YYYY-MM-DD)"), FF_REQUIRED, 10, "date");
	form_add(&p->form, FT_TEXT, "amount", _("Amount (yuan)"), FF_REQUIRED, 20, NULL);
	form_add(&p->form, FT_TEXT, "reference", _("Transfer note / reference"), 0, 100, NULL);
	form_add(&p->form, FT_BUTTON, "send", _("Send for confirmation"), 0, 0, NULL);
	form_add(&p->form, FT_BUTTON, "back", _("Back"), 0, 0, NULL);
	s->wants_tick = true;
	app_request(s, T_ACCOUNT, "GET", "/bank-account", NULL);
	snprintf(path, sizeof(path), "/orders/%lld", p->id);
	app_request(s, T_ORDER, "GET", path, NULL);
	return 0;
}

/* Defaults a payer would otherwise type: today, the order amount, the order
 * number as the transfer note. */
static void bk_fill_defaults(struct pay_bank *p)
{
	char money[MONEY_BUFSZ], today[16];
	time_t now = time(NULL);
	struct tm tm;

	if (p->filled || !p->order)
		return;
	p->filled = true;
	if (localtime_r(&now, &tm) && strftime(today, sizeof(today), "%Y-%m-%d", &tm))
		form_set_value(&p->form, "date", today);
	form_set_value(&p->form, "amount", money_plain(json_ll(p->order, "amount", 0), money));
	if (json_s(p->order, "order_no"))
		form_set_value(&p->form, "reference", json_s(p->order, "order_no"));
}

static void bk_reply(struct screen *s, const struct api_reply *r)
{
	struct pay_bank *p = s->priv;

	if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED) {
		app_reply_error(s, r);
		return;
	}
	switch (r->tag) {
	case T_ACCOUNT:
	case T_ORDER:
		if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
			free(p->error);
			p->error = xstrdup(r->err != ERR_OK ? (r->server_message ? r->server_message : r->message)
			                   : _(err_message(ERR_BAD_REPLY)));
			return;
		}
		if (r->tag == T_ACCOUNT) {
			cJSON_Delete(p->account);
			p->account = cJSON_Duplicate(r->json, 1);
		} else {
			cJSON_Delete(p->order);
			p->order = cJSON_Duplicate(r->json, 1);
			bk_fill_defaults(p);
		}
		return;
	case T_SCAN:
		p->scan_id = 0;
		if (r->err != ERR_OK) {
			free(p->error);
			p->error = xasprintf(_("Upload failed: %s"),
			                     r->server_message ? r->server_message : r->message);
			return;
		}
		p->scanned = true;
		xfree(&p->error);
		return;
	case T_SEND:
		p->sending = false;
		if (r->err == ERR_OK) {
			p->sent = true;
			s->help = _("S attach scan  Enter done");
			xfree(&p->error);
			return;
		}
		if (r->err == ERR_VALIDATION && r->fields &&
		    form_set_server_errors(&p->form, r->fields) > 0) {
			free(p->error);
			p->error = xstrdup(r->message);
			return;
		}
		app_reply_error(s, r);
		return;
	}
}

static const char *bk_note(const cJSON *acc)
{
	bool en = !strcmp(i18n_language(), "en");
	const char *n = json_s(acc, en ? "note_en" : "note_zh");

	return n ? n : json_s(acc, "note");
}

/* The account to pay into, as label/value rows; returns the next row. */
static int bk_draw_account(const struct pay_bank *p, int row, int x, int w)
{
	char money[MONEY_BUFSZ];
	const char *labels[5] = { _("Account name"), _("Bank"), _("Account no."),
	                          _("Amount"), _("Transfer note") };
	const char *vals[5];
	const char *note = bk_note(p->account);
	int i;

	vals[0] = json_s(p->account, "account_name");
	vals[1] = json_s(p->account, "bank");
	vals[2] = json_s(p->account, "account_no");
	vals[3] = p->order ? money_format(json_ll(p->order, "amount", 0), money) : NULL;
	vals[4] = json_s(p->order, "order_no");
	ui_print(row++, x, w, _("Transfer the amount to this account:"), ui_attr(UI_HEADING));
	for (i = 0; i < 5; i++) {
		char *lab = utf8_pad(labels[i], 14);

		ui_print(row, x, 14, lab, ui_attr(UI_LABEL));
		ui_print(row++, x + 15, w - 15, vals[i] ? vals[i] : "-",
		         ui_attr(UI_NORMAL) | (i >= 2 ? A_BOLD : 0));
		free(lab);
	}
	if (note) {
		size_t st[3], ln[3];
		int n = ui_wrap(note, w, st, ln, 3);

		for (i = 0; i < n && i < 3; i++) {
			char *part = xstrndup(note + st[i], ln[i]);

			ui_print(row++, x, w, part, ui_attr(UI_DIM));
			free(part);
		}
	}
	return row;
}

static void bk_draw(struct screen *s)
{
	struct pay_bank *p = s->priv;
	int y, x, h, w, row, cy, cx;

	app_body(s->app, &y, &x, &h, &w);
	if (!p->account || !p->order) {
		if (p->error)
			ui_print(y + 1, x + 2, w - 4, p->error, ui_attr(UI_ERROR));
		else
			spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Loading…"));
		return;
	}
	row = bk_draw_account(p, y, x + 2, w - 4);
	row++;
	if (p->sent) {
		ui_print(row++, x + 2, w - 4, _("Sent. The transfer is awaiting confirmation by the staff."),
		         ui_attr(UI_OK));
		ui_print(row++, x + 2, w - 4,
		         _("You will get a message when it is confirmed; the order then shows as paid."),
		         ui_attr(UI_NORMAL));
		row++;
		if (p->scan_id) {
			int64_t done = 0, total = 0;

			ui_print(row, x + 2, 20, _("Uploading the scan"), ui_attr(UI_NORMAL));
			app_upload_progress(s, p->scan_id, &done, &total);
			progress_draw(row++, x + 23, w - 25, done, total);
		} else if (p->scanned) {
			ui_print(row++, x + 2, w - 4, _("The scan of the bank receipt is attached."),
			         ui_attr(UI_OK));
		} else {
			ui_print(row++, x + 2, w - 4,
			         _("S: attach a scan or photo of the bank receipt (optional)"),
			         ui_attr(UI_LABEL));
		}
		if (p->error)
			ui_print(row++, x + 2, w - 4, p->error, ui_attr(UI_ERROR));
		ui_print(row++, x + 2, w - 4, _("Press Enter to finish."), ui_attr(UI_DIM));
		return;
	}
	ui_print(row++, x + 2, w - 4, _("After transferring, tell us about it:"), ui_attr(UI_HEADING));
	form_draw(&p->form, row, x + 2, y + h - row - (p->error ? 1 : 0), w - 4, &cy, &cx);
	if (p->error)
		ui_print(y + h - 1, x + 2, w - 4, p->error, ui_attr(UI_ERROR));
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

/* Client-side checks the shared validators do not cover, then send. Every
 * field's error is shown at once; the cursor goes to the first. */
static void bk_send(struct screen *s)
{
	struct pay_bank *p = s->priv;
	char *amount, *tail;
	int64_t fen = 0;
	cJSON *body;
	char path[64];
	bool bad = false, tail_bad, amount_bad = false;
	int generic;
	size_t i;

	xfree(&p->error);
	generic = form_validate(&p->form);
	tail = form_value(&p->form, "account_tail");
	for (i = 0; tail[i]; i++)
		if (!isdigit((unsigned char)tail[i]))
			bad = true;
	tail_bad = bad || strlen(tail) < 4 || strlen(tail) > 6;
	if (tail_bad)
		form_set_error(&p->form, "account_tail", _("Enter the last 4 to 6 digits."));
	free(tail);
	amount = form_value(&p->form, "amount");
	if (money_parse(amount, &fen) != 0 || fen <= 0) {
		form_set_error(&p->form, "amount", _("Enter an amount such as 300 or 300.00."));
		amount_bad = true;
	} else if (fen != json_ll(p->order, "amount", -1)) {
		form_set_error(&p->form, "amount", _("The amount must equal the order amount."));
		amount_bad = true;
	}
	free(amount);
	if (generic > 0 || tail_bad || amount_bad) {
		/* form_validate put the cursor on the first field it refused */
		if (generic == 0)
			form_focus(&p->form, tail_bad ? "account_tail" : "amount");
		return;
	}
	body = form_to_json(&p->form, true);
	cJSON_DeleteItemFromObjectCaseSensitive(body, "amount");
	json_add_int(body, "amount", fen);
	snprintf(path, sizeof(path), "/orders/%lld/bank-transfer", p->id);
	p->sending = true;
	app_request(s, T_SEND, "POST", path, body);
}

static int bk_key(struct screen *s, wint_t k)
{
	struct pay_bank *p = s->priv;

	if (p->sent) {
		if (k == '\r' || k == '\n' || k == KF(KEY_ENTER) || k == KEY_ESC) {
			app_close(s, 1);
			return SCR_HANDLED;
		}
		if ((k == 's' || k == 'S') && !p->scan_id) {
			const struct config *cfg = app_config(s->app);
			struct file_picker_arg a = {
				.title = _("Choose the scan of the bank receipt"),
				.dir = download_dir(s->app),
				.locked = cfg->kiosk,
				.result = &p->pick,
			};

			app_push(s->app, &scr_file_picker_ops, &a, C_PICK);
			return SCR_REDRAW;
		}
		return SCR_IGNORED;
	}
	if (k == KEY_ESC)
		return SCR_CLOSE;
	if (!p->order || !p->account || p->sending)
		return SCR_IGNORED;
	switch (form_key(&p->form, (unsigned)k)) {
	case FORM_ACTION:
		if (!strcmp(p->form.action, "back"))
			return SCR_CLOSE;
		bk_send(s);
		return SCR_REDRAW;
	case FORM_HANDLED:
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void bk_resume(struct screen *s, int tag, int value)
{
	struct pay_bank *p = s->priv;
	char path[80];
	struct upload_part part = { .name = "file" };

	if (tag != C_PICK || value != 1 || !p->pick)
		return;
	part.file = p->pick;
	part.type = file_sniff_type(p->pick);
	snprintf(path, sizeof(path), "/orders/%lld/bank-transfer/scan", p->id);
	xfree(&p->error);
	p->scan_id = app_upload(s, T_SCAN, path, &part, 1);
}

static bool bk_tick(struct screen *s, int64_t now)
{
	struct pay_bank *p = s->priv;

	return p->scan_id != 0;
}

static void bk_close(struct screen *s)
{
	struct pay_bank *p = s->priv;

	cJSON_Delete(p->account);
	cJSON_Delete(p->order);
	form_free(&p->form);
	free(p->error);
	free(p->pick);
}

const struct screen_ops scr_pay_bank_ops = {
	.name = "pay_bank",
	.priv_size = sizeof(struct pay_bank),
	.open = bk_open,
	.draw = bk_draw,
	.key = bk_key,
	.reply = bk_reply,
	.resume = bk_resume,
	.tick = bk_tick,
	.close = bk_close,
};
