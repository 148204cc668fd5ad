/* The payment voucher (缴费凭证) of a paid order: its summary and Roster's
 * own PDF of it (pay.h). It is not a financial receipt: the dues receipt
 * and fapiao are issued by the association and listed under my invoices.
 * At a kiosk the PDF goes to the member's phone; saving it on the kiosk is
 * offered only when the kiosk's configuration allows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/join_handoff.h"
#include "screens/pay.h"
#include "widgets/progress.h"
#include "format.h"
#include "reply.h"
#include "config.h"
#include "download.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { T_ORDER = 1, T_PDF };

struct receipt {
	long long id;
	cJSON *order;
	char *error;
	char *saved;         /* full path of the saved voucher */
	char doc[48];        /* hand-off document name "voucher:<id>" */
	bool downloading;
};

/* The voucher's number: voucher_no, or receipt_no from an older server. */
static const char *voucher_no(const cJSON *order)
{
	return json_s(order, "voucher_no") ? json_s(order, "voucher_no") : json_s(order, "receipt_no");
}

static int rc_open(struct screen *s, void *arg)
{
	struct receipt *p = s->priv;
	char path[64];

	if (!arg)
		return -1;
	p->id = *(const long long *)arg;
	s->title = _("Payment voucher");
	if (!app_config(s->app)->kiosk)
		s->help = _("D save voucher  P phone  Enter/Esc done");
	else if (download_saves_here(s->app))
		s->help = _("P phone  D save here  Enter/Esc done");
	else
		s->help = _("P phone  Enter/Esc done");
	snprintf(path, sizeof(path), "/orders/%lld", p->id);
	app_request(s, T_ORDER, "GET", path, NULL);
	return 0;
}

static void rc_reply(struct screen *s, const struct api_reply *r)
{
	struct receipt *p = s->priv;
	char *name;

	if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED) {
		app_reply_error(s, r);
		return;
	}
	if (r->tag == T_PDF)
		p->downloading = false;
	if (r->err != ERR_OK) {
		free(p->error);
		p->error = xstrdup(r->server_message ? r->server_message : r->message);
		return;
	}
	if (r->tag == T_ORDER) {
		if (!cJSON_IsObject(r->json)) {
			free(p->error);
			p->error = xstrdup(_(err_message(ERR_BAD_REPLY)));
			return;
		}
		cJSON_Delete(p->order);
		p->order = cJSON_Duplicate(r->json, 1);
		return;
	}
	name = xasprintf("voucher-%s.pdf", json_s(p->order, "order_no") ? json_s(p->order, "order_no") : "order");
	download_reply(s->app, name, r, DOWNLOAD_PDF, &p->saved, &p->error);
	free(name);
}

static void rc_draw(struct screen *s)
{
	struct receipt *p = s->priv;
	int y, x, h, w, row;
	const char *paid;
	char *t, when[TIME_TEXT_SZ];

	app_body(s->app, &y, &x, &h, &w);
	if (!p->order) {
		if (p->error)
			ui_print(y + 1, x + 2, w - 4, p->error, ui_attr(UI_ERROR));
		else
			spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Loading…"));
		return;
	}
	row = y + 1;
	if (json_s(p->order, "status") && order_status_of(json_s(p->order, "status")) == ORDER_STATUS_PAID)
		ui_print(row++, x + 2, w - 4, _("Payment received. Thank you!"), ui_attr(UI_OK));
	row++;
	pay_draw_summary(p->order, &row, x + 2, w - 4);
	paid = time_text(p->order, "paid_at", true, when);
	if (*paid) {
		char *lab = utf8_pad(_("Paid on"), 12);

		ui_print(row, x + 2, 12, lab, ui_attr(UI_LABEL));
		ui_print(row++, x + 15, w - 17, paid, ui_attr(UI_NORMAL));
		free(lab);
	}
	if (voucher_no(p->order)) {
		char *lab = utf8_pad(_("Voucher no."), 12);

		ui_print(row, x + 2, 12, lab, ui_attr(UI_LABEL));
		ui_print(row++, x + 15, w - 17, voucher_no(p->order), ui_attr(UI_NORMAL));
		free(lab);
	}
	row++;
	if (!app_config(s->app)->kiosk) {
		ui_print(row++, x + 2, w - 4, _("D: save the payment voucher (PDF)   P: download it on your phone"),
		         ui_attr(UI_LABEL));
	} else {
		ui_print(row++, x + 2, w - 4, _("P: get the payment voucher on your phone (QR code)"),
		         ui_attr(UI_LABEL));
		if (download_saves_here(s->app))
			ui_print(row++, x + 2, w - 4, _("D: save it on this kiosk (removed when you sign out)"),
			         ui_attr(UI_DIM));
	}
	ui_print(row++, x + 2, w - 4, _("The dues receipt or invoice is issued by the association (My invoices)."),
	         ui_attr(UI_DIM));
	if (p->downloading) {
		spinner_draw(row++, x + 2, w - 4, app_now_ms(), _("Downloading…"));
	} else if (p->error) {
		ui_print(row++, x + 2, w - 4, p->error, ui_attr(UI_ERROR));
	} else if (p->saved) {
		t = xasprintf(_("Saved to %s"), p->saved);
		ui_print(row++, x + 2, w - 4, t, ui_attr(UI_OK));
		free(t);
	}
}

static int rc_key(struct screen *s, wint_t k)
{
	struct receipt *p = s->priv;
	struct handoff_arg ha;
	char path[64];

	switch (k) {
	case KEY_ESC: case '\r': case '\n': case KF(KEY_ENTER):
		return SCR_CLOSE;
	case 'd': case 'D':
		if (!p->order || p->downloading)
			return SCR_HANDLED;
		if (!download_saves_here(s->app))
			return rc_key(s, 'p'); /* a kiosk: the phone it is */
		p->downloading = true;
		xfree(&p->error);
		snprintf(path, sizeof(path), "/orders/%lld/voucher.pdf", p->id);
		app_request(s, T_PDF, "GET", path, NULL);
		return SCR_REDRAW;
	case 'p': case 'P':
		if (!p->order)
			return SCR_HANDLED;
		memset(&ha, 0, sizeof(ha));
		snprintf(p->doc, sizeof(p->doc), "voucher:%lld", p->id);
		ha.title = _("Payment voucher on your phone");
		ha.purpose = "download";
		ha.doc = p->doc;
		app_push(s->app, &scr_handoff_ops, &ha, 0);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void rc_close(struct screen *s)
{
	struct receipt *p = s->priv;

	cJSON_Delete(p->order);
	free(p->error);
	free(p->saved);
}

const struct screen_ops scr_pay_receipt_ops = {
	.name = "pay_receipt",
	.priv_size = sizeof(struct receipt),
	.open = rc_open,
	.draw = rc_draw,
	.key = rc_key,
	.reply = rc_reply,
	.close = rc_close,
};
