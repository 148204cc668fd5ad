/* Phone hand-off: QR code of a short-lived link (join_handoff.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/join_handoff.h"
#include "widgets/progress.h"
#include "widgets/qr.h"
#include "reply.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { T_LINK = 1, T_POLL };

struct handoff {
	struct handoff_arg arg;  /* strings borrowed from the pusher */
	char *url;               /* NULL until the server answered */
	long long expires;       /* epoch seconds, -1 unknown */
	int64_t next_poll;       /* app_now_ms() of the next poll */
	bool polling;            /* a poll is in flight */
	bool failed;             /* the link could not be made */
	bool done;               /* the upload landed */
	long long shown_sec;     /* the second the countdown last showed */
	char *error;
};

long long handoff_parse_time(const cJSON *v)
{
	struct tm tm;
	const char *end;

	if (cJSON_IsNumber(v))
		return (long long)v->valuedouble;
	if (!cJSON_IsString(v))
		return -1;
	memset(&tm, 0, sizeof(tm));
	end = strptime(v->valuestring, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		end = strptime(v->valuestring, "%Y-%m-%d %H:%M:%S", &tm);
	if (!end)
		return -1;
	/* an offset other than Z is not expected from rosterd; treat as UTC */
	return (long long)timegm(&tm);
}

static void handoff_ask(struct screen *s)
{
	struct handoff *h = s->priv;
	cJSON *body = cJSON_CreateObject();

	json_add_str(body, "purpose", h->arg.purpose);
	json_add_str(body, "doc", h->arg.doc);
	app_request(s, T_LINK, "POST", "/handoff", body);
}

static int handoff_open(struct screen *s, void *arg)
{
	struct handoff *h = s->priv;
	const struct handoff_arg *a = arg;

	if (!a || !a->purpose || !a->doc)
		return -1;
	h->arg = *a;
	h->expires = -1;
	s->title = a->title ? a->title : _("Use your phone");
	s->help = _("Esc back");
	handoff_ask(s);
	return 0;
}

static void handoff_reply(struct screen *s, const struct api_reply *r)
{
	struct handoff *h = s->priv;

	if (r->tag == T_POLL) {
		h->polling = false;
		h->next_poll = app_now_ms() + HANDOFF_POLL_MS;
		if (r->err == ERR_OK && h->arg.landed && h->arg.landed(r->json, h->arg.ctx)) {
			h->done = true;
			app_close(s, 1);
		} else if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED) {
			app_reply_error(s, r);
		}
		return;
	}
	if (r->err != ERR_OK) {
		h->failed = true;
		free(h->error);
		h->error = xstrdup(r->server_message ? r->server_message : r->message);
		if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED)
			app_reply_error(s, r);
		return;
	}
	if (!json_s(r->json, "url")) {
		h->failed = true;
		free(h->error);
		h->error = xstrdup(_(err_message(ERR_BAD_REPLY)));
		return;
	}
	h->url = xstrdup(json_s(r->json, "url"));
	h->expires = handoff_parse_time(cJSON_GetObjectItemCaseSensitive(r->json, "expires_at"));
	if (h->arg.poll_path) {
		h->next_poll = app_now_ms() + HANDOFF_POLL_MS;
	}
	s->wants_tick = true;
}

static bool handoff_tick(struct screen *s, int64_t now)
{
	struct handoff *h = s->priv;

	if (h->arg.poll_path && h->url && !h->polling && now >= h->next_poll &&
	    !h->done && (h->expires < 0 || time(NULL) < h->expires)) {
		h->polling = true;
		app_request(s, T_POLL, "GET", h->arg.poll_path, NULL);
	}
	/* the countdown changes once a second: repaint only then, which keeps
	 * a slow line quiet */
	if ((long long)time(NULL) == h->shown_sec)
		return false;
	h->shown_sec = (long long)time(NULL);
	return true;
}

static void handoff_draw(struct screen *s)
{
	struct handoff *h = s->priv;
	int y, x, hh, w, qr_rows = 0, qr_cols = 0, tx, tw, row;
	char buf[256];
	bool upload = !strcmp(h->arg.purpose, "upload_attachment");

	app_body(s->app, &y, &x, &hh, &w);
	if (h->failed) {
		ui_print(y + 1, x + 2, w - 4, _("The phone link could not be made."), ui_attr(UI_ERROR));
		ui_print(y + 2, x + 2, w - 4, h->error ? h->error : "", ui_attr(UI_NORMAL));
		return;
	}
	if (!h->url) {
		spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Making a link for your phone…"));
		return;
	}
	if (!qr_measure(h->url, &qr_rows, &qr_cols) || qr_rows > hh || qr_cols > w / 2 + 8) {
		qr_rows = 0;
		qr_cols = 0;
	}
	if (qr_cols > 0 && app_utf8(s->app)) {
		qr_draw(h->url, y, x + 1, hh, qr_cols);
		tx = x + qr_cols + 3;
	} else {
		tx = x + 2;
	}
	tw = x + w - tx - 1;
	row = y + 1;
	ui_print(row++, tx, tw, upload ? _("Scan the code with your phone,")
	                              : _("Scan the code with your phone"), ui_attr(UI_HEADING));
	ui_print(row++, tx, tw, upload ? _("then take a photo of the signed form")
	                              : _("to download the document there."), ui_attr(UI_HEADING));
	if (upload)
		ui_print(row++, tx, tw, _("or choose its PDF and send it."), ui_attr(UI_HEADING));
	row++;
	ui_print(row++, tx, tw, _("Or open this link:"), ui_attr(UI_LABEL));
	{
		size_t st[4], ln[4];
		int n = ui_wrap(h->url, tw, st, ln, 4), i;

		for (i = 0; i < n && i < 4; i++) {
			char *part = xstrndup(h->url + st[i], ln[i]);

			ui_print(row++, tx, tw, part, ui_attr(UI_NORMAL) | A_BOLD);
			free(part);
		}
	}
	row++;
	if (h->expires >= 0) {
		long long left = h->expires - (long long)time(NULL);

		if (left > 0) {
			snprintf(buf, sizeof(buf), _("The link works for %lld:%02lld more."),
			         left / 60, left % 60);
			ui_print(row++, tx, tw, buf, ui_attr(UI_NORMAL));
		} else {
			ui_print(row++, tx, tw, _("The link has expired. Press R for a new one."),
			         ui_attr(UI_ERROR));
		}
	}
	ui_print(row++, tx, tw, _("It can be used once."), ui_attr(UI_DIM));
	if (upload) {
		row++;
		spinner_draw(row++, tx, tw, app_now_ms(), _("Waiting for the upload;"));
		ui_print(row++, tx + 2, tw - 2, _("this page updates by itself."), ui_attr(UI_DIM));
	}
}

static int handoff_key(struct screen *s, wint_t k)
{
	struct handoff *h = s->priv;

	if (k == KEY_ESC)
		return SCR_CLOSE;
	if ((k == 'r' || k == 'R') && !app_busy(s)) {
		xfree(&h->url);
		xfree(&h->error);
		h->failed = false;
		h->expires = -1;
		handoff_ask(s);
		return SCR_REDRAW;
	}
	return SCR_IGNORED;
}

static void handoff_close(struct screen *s)
{
	struct handoff *h = s->priv;

	free(h->url);
	free(h->error);
}

const struct screen_ops scr_handoff_ops = {
	.name = "handoff",
	.priv_size = sizeof(struct handoff),
	.open = handoff_open,
	.draw = handoff_draw,
	.key = handoff_key,
	.reply = handoff_reply,
	.tick = handoff_tick,
	.close = handoff_close,
};
