/* Pay one order by QR code (pay.h): the provider's code_url drawn as a QR
 * code with the amount, the order number and a countdown. The screen
 * long-polls GET /orders/{id}?wait=25, so it turns into the payment voucher
 * the moment the payment lands, without the payer touching a key. Each code
 * is a payment attempt (its out_trade_no); leaving the screen unpaid closes
 * it on the server (POST /orders/{id}/attempts/{no}/close), so the code
 * cannot be paid any more. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/join_handoff.h"
#include "screens/pay.h"
#include "widgets/progress.h"
#include "widgets/qr.h"
#include "reply.h"
#include "text.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"

enum { T_ORDER = 1, T_PAY, T_WAIT };

#define PAY_WAIT_SECS 25       /* long-poll length; below the client's stall limit */
#define PAY_RETRY_MS  1000     /* first pause after a failed or cut-short poll */
#define PAY_RETRY_MAX 30000    /* the pause doubles up to this */
#define PAY_SHORT_MS  2000     /* a poll answered sooner, unchanged, was cut short */

struct pay_qr {
	long long id;
	cJSON *order;            /* GET /orders/{id} */
	char *code_url;          /* from POST /orders/{id}/pay */
	char *trade_no;          /* its attempt's out_trade_no */
	bool paid;               /* the order is paid: nothing to close */
	long long expires;       /* epoch seconds of the code, -1 unknown */
	char *error;
	char *ended;             /* the order ended unpaid: why */
	bool waiting;            /* a long poll is in flight */
	int64_t retry_at;        /* app_now_ms() of the next poll after a failure */
	int64_t sent_at;         /* app_now_ms() the long poll went out */
	int misses;              /* polls in a row that failed or came back early */
	bool unreachable;        /* the last poll failed: say so */
	long long shown_sec;     /* the second the countdown last showed */
	char idem[33];           /* Idempotency-Key of the pay request */
};

static void pq_order_path(const struct pay_qr *p, char *buf, size_t len, bool wait)
{
	if (wait)
		snprintf(buf, len, "/orders/%lld?wait=%d", p->id, PAY_WAIT_SECS);
	else
		snprintf(buf, len, "/orders/%lld", p->id);
}

static void pq_ask_code(struct screen *s)
{
	struct pay_qr *p = s->priv;
	cJSON *body = cJSON_CreateObject();
	char path[64];

	/* the server picks its configured provider */
	json_add_str(body, "method", "qr");
	snprintf(path, sizeof(path), "/orders/%lld/pay", p->id);
	if (!p->idem[0])
		pay_new_idem_key(p->idem);
	app_request_idem(s, T_PAY, "POST", path, body, p->idem);
}

static void pq_wait(struct screen *s)
{
	struct pay_qr *p = s->priv;
	char path[64];

	pq_order_path(p, path, sizeof(path), true);
	p->waiting = true;
	p->retry_at = 0;
	p->sent_at = app_now_ms();
	app_request(s, T_WAIT, "GET", path, NULL);
}

/* The next poll after a miss: 1 s, 2 s, 4 s … up to 30 s, so a server that
 * restarts (answering at once, or not at all) is not asked in a loop. */
static void pq_back_off(struct pay_qr *p)
{
	int64_t pause = PAY_RETRY_MS;

	for (int i = 0; i < p->misses && pause < PAY_RETRY_MAX; i++)
		pause *= 2;
	if (pause > PAY_RETRY_MAX)
		pause = PAY_RETRY_MAX;
	p->misses++;
	p->retry_at = app_now_ms() + pause;
}

static int pq_open(struct screen *s, void *arg)
{
	struct pay_qr *p = s->priv;
	char path[64];

	if (!arg)
		return -1;
	p->id = *(const long long *)arg;
	p->expires = -1;
	s->title = _("Pay by QR code");
	s->help = _("R new code  Esc back");
	s->wants_tick = true;
	pq_order_path(p, path, sizeof(path), false);
	app_request(s, T_ORDER, "GET", path, NULL);
	pq_ask_code(s);
	return 0;
}

/* The order is paid: this screen becomes the payment voucher. */
static void pq_paid(struct screen *s)
{
	struct pay_qr *p = s->priv;
	struct app *app = s->app;
	long long id = p->id;

	p->paid = true;
	app_close(s, 1);
	app_push(app, &scr_pay_receipt_ops, &id, 0);
}

/* Look at an order reply: paid, ended or still waiting. Returns true when
 * the screen is gone. */
static bool pq_check_order(struct screen *s, const cJSON *o)
{
	struct pay_qr *p = s->priv;
	const char *st = json_s(o, "status");

	cJSON_Delete(p->order);
	p->order = cJSON_Duplicate(o, 1);
	if (st && order_status_of(st) == ORDER_STATUS_PAID) {
		pq_paid(s);
		return true;
	}
	if (st && order_status_of(st) != ORDER_STATUS_UNPAID) {
		free(p->ended);
		p->ended = xstrdup(order_status_words(st));
	}
	return false;
}

/* Leaving unpaid: the attempt is closed at its gateway. The request
 * outlives the screen; an attempt paid meanwhile is taken as a payment by
 * the server, which is what the order then shows. */
static void pq_close_attempt(struct screen *s)
{
	struct pay_qr *p = s->priv;
	char *path;

	if (!p->trade_no || p->paid || !app_session(s->app)->token)
		return;
	path = xasprintf("/orders/%lld/attempts/%s/close", p->id, p->trade_no);
	app_request_detached(s, "POST", path, NULL);
	free(path);
}

static void pq_reply(struct screen *s, const struct api_reply *r)
{
	struct pay_qr *p = s->priv;

	if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED) {
		app_reply_error(s, r);
		return;
	}
	if (r->err == ERR_CANCELLED) {
		/* Esc while the long poll was out: the payer wants to leave */
		app_close(s, 0);
		return;
	}
	switch (r->tag) {
	case T_ORDER:
		if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
			free(p->error);
			p->error = xstrdup(r->server_message ? r->server_message : r->message);
			return;
		}
		if (pq_check_order(s, r->json))
			return;
		break;
	case T_PAY:
		if (r->err != ERR_OK || !json_s(r->json, "code_url")) {
			free(p->error);
			p->error = xstrdup(r->err != ERR_OK && r->server_message ? r->server_message
			                   : r->err != ERR_OK ? r->message : _(err_message(ERR_BAD_REPLY)));
			if (r->err == ERR_CONFLICT) {
				/* paid meanwhile, or no longer payable: look again */
				char path[64];

				pq_order_path(p, path, sizeof(path), false);
				app_request(s, T_ORDER, "GET", path, NULL);
			}
			return;
		}
		free(p->code_url);
		p->code_url = xstrdup(json_s(r->json, "code_url"));
		if (p->trade_no && json_s(r->json, "out_trade_no") &&
		    strcmp(p->trade_no, json_s(r->json, "out_trade_no")) != 0)
			pq_close_attempt(s); /* a new code replaces the one shown */
		free(p->trade_no);
		p->trade_no = json_s(r->json, "out_trade_no") ? xstrdup(json_s(r->json, "out_trade_no"))
		                                              : NULL;
		p->expires = handoff_parse_time(cJSON_GetObjectItemCaseSensitive(r->json, "expires_at"));
		xfree(&p->error);
		break;
	case T_WAIT:
		p->waiting = false;
		if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
			/* keep trying, less and less often: the payment may still land */
			p->unreachable = true;
			pq_back_off(p);
			return;
		}
		p->unreachable = false;
		if (pq_check_order(s, r->json))
			return;
		if (app_now_ms() - p->sent_at < PAY_SHORT_MS) {
			/* answered at once with nothing new: a server going down */
			pq_back_off(p);
			return;
		}
		p->misses = 0;
		break;
	}
	if (p->code_url && p->order && !p->ended && !p->waiting)
		pq_wait(s);
}

static bool pq_tick(struct screen *s, int64_t now)
{
	struct pay_qr *p = s->priv;

	if (p->retry_at && now >= p->retry_at && !p->waiting && !p->ended && p->code_url)
		pq_wait(s);
	if ((long long)time(NULL) == p->shown_sec)
		return false;
	p->shown_sec = (long long)time(NULL);
	return true;
}

static void pq_draw(struct screen *s)
{
	struct pay_qr *p = s->priv;
	int y, x, h, w, rows = 0, cols = 0, tx, tw, row;
	char money[MONEY_BUFSZ], buf[256], *item, *lab;

	app_body(s->app, &y, &x, &h, &w);
	if (!p->order || (!p->code_url && !p->error && !p->ended)) {
		if (p->error)
			ui_print(y + 1, x + 2, w - 4, p->error, ui_attr(UI_ERROR));
		else
			spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Preparing the payment code…"));
		return;
	}
	if (p->code_url && !p->ended && qr_measure(p->code_url, &rows, &cols) &&
	    app_utf8(s->app) && rows <= h && cols <= w / 2 + 8) {
		qr_draw(p->code_url, y, x + 1, h, cols);
		tx = x + cols + 3;
	} else {
		tx = x + 2;
	}
	tw = x + w - tx - 1;
	row = y + 1;
	ui_print(row++, tx, tw, _("Amount to pay"), ui_attr(UI_LABEL));
	ui_print(row++, tx, tw, money_format(json_ll(p->order, "amount", 0), money),
	         ui_attr(UI_HEADING));
	row++;
	lab = xasprintf("%s %s", _("Order no."), json_s(p->order, "order_no") ? json_s(p->order, "order_no") : "-");
	ui_print(row++, tx, tw, lab, ui_attr(UI_NORMAL));
	free(lab);
	item = pay_order_item(p->order);
	ui_print(row++, tx, tw, item, ui_attr(UI_NORMAL));
	free(item);
	row++;
	if (p->ended) {
		snprintf(buf, sizeof(buf), _("This order can no longer be paid: %s."), p->ended);
		ui_print(row++, tx, tw, buf, ui_attr(UI_ERROR));
		return;
	}
	if (p->error) {
		ui_print(row++, tx, tw, p->error, ui_attr(UI_ERROR));
		ui_print(row++, tx, tw, _("Press R to try again."), ui_attr(UI_DIM));
		return;
	}
	ui_print(row++, tx, tw, _("Scan the code with your phone to pay,"), ui_attr(UI_NORMAL));
	ui_print(row++, tx, tw, _("or open this link:"), ui_attr(UI_NORMAL));
	row += print_wrapped(row, tx, tw, 3, p->code_url, ui_attr(UI_NORMAL) | A_BOLD);
	if (p->expires >= 0) {
		long long left = p->expires - (long long)time(NULL);

		if (left > 0) {
			snprintf(buf, sizeof(buf), _("The code is valid for %lld:%02lld more."),
			         left / 60, left % 60);
			ui_print(row++, tx, tw, buf, ui_attr(UI_NORMAL));
		} else {
			ui_print(row++, tx, tw, _("The code has expired. Press R for a new one."),
			         ui_attr(UI_ERROR));
		}
	}
	row++;
	if (p->unreachable) {
		row += print_wrapped(row, tx, tw, 2, _("Cannot reach the server; retrying…"),
		                     ui_attr(UI_ERROR));
		print_wrapped(row, tx, tw, 2, _("A payment made meanwhile is not lost: this page shows it once the server answers."),
		              ui_attr(UI_DIM));
		return;
	}
	spinner_draw(row++, tx, tw, app_now_ms(), _("Waiting for the payment…"));
	print_wrapped(row, tx, tw, 2, _("This page updates by itself once you have paid."),
	                 ui_attr(UI_DIM));
}

static int pq_key(struct screen *s, wint_t k)
{
	struct pay_qr *p = s->priv;

	if (k == KEY_ESC)
		return SCR_CLOSE;
	if ((k == 'r' || k == 'R') && !p->ended) {
		p->idem[0] = '\0';
		xfree(&p->error);
		xfree(&p->code_url);
		p->expires = -1;
		pq_ask_code(s);
		if (!p->order) {
			char path[64];

			pq_order_path(p, path, sizeof(path), false);
			app_request(s, T_ORDER, "GET", path, NULL);
		}
		return SCR_REDRAW;
	}
	return SCR_IGNORED;
}

static void pq_close(struct screen *s)
{
	struct pay_qr *p = s->priv;

	pq_close_attempt(s);
	cJSON_Delete(p->order);
	free(p->code_url);
	free(p->trade_no);
	free(p->error);
	free(p->ended);
}

const struct screen_ops scr_pay_qr_ops = {
	.name = "pay_qr",
	.priv_size = sizeof(struct pay_qr),
	.open = pq_open,
	.draw = pq_draw,
	.key = pq_key,
	.reply = pq_reply,
	.tick = pq_tick,
	.close = pq_close,
};
