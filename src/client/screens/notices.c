/* Notices (notices.h): GET /notices a page at a time, GET /notices/{id} for
 * the one being read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/notices.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "widgets/textview.h"
#include "format.h"
#include "words.h"
#include "reply.h"
#include "text.h"
#include "roster/i18n.h"
#include "roster/xalloc.h"

enum { T_LIST = 1, T_ONE };

#define NOTICES_PER_PAGE 20

struct notices {
	struct list list;
	long page;
	bool loading;
	unsigned gen;         /* of the latest list fetch */
	char *error;          /* the last failure */
	/* reading one */
	bool reading;
	bool one_loading;
	long long notice_id;  /* the one being read */
	cJSON *notice;        /* GET /notices/{id} */
	struct textview tv;
};

static void notices_fetch(struct screen *s, long page)
{
	struct notices *n = s->priv;
	char path[80];

	n->loading = true;
	snprintf(path, sizeof(path), "/notices?page=%ld&per_page=%d", page, NOTICES_PER_PAGE);
	app_request(s, REPLY_TAG(T_LIST, ++n->gen), "GET", path, NULL);
}

static void notice_fetch(struct screen *s, long long id)
{
	struct notices *n = s->priv;
	char path[64];

	n->reading = true;
	n->one_loading = true;
	n->notice_id = id;
	cJSON_Delete(n->notice);
	n->notice = NULL;
	textview_set(&n->tv, "");
	snprintf(path, sizeof(path), "/notices/%lld", id);
	app_request(s, T_ONE, "GET", path, NULL);
}

static void notices_help(struct screen *s)
{
	struct notices *n = s->priv;

	s->help = n->reading ? _("Up/Down scroll  Esc back to the list")
	                     : _("Enter read  PgUp/PgDn pages  / filter  R refresh  Esc back");
}

static int notices_open(struct screen *s, void *arg)
{
	struct notices *n = s->priv;

	list_init(&n->list);
	n->page = 1;
	s->title = _("Notices");
	notices_fetch(s, 1);
	if (arg)
		notice_fetch(s, *(const long long *)arg);
	notices_help(s);
	return 0;
}

static void notices_fill(struct notices *n, const cJSON *reply)
{
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(reply, "items"), *it;
	static const int widths[] = { 10, 0 };

	list_clear(&n->list);
	cJSON_ArrayForEach(it, items) {
		char date[TIME_TEXT_SZ], *title, *row;
		const char *cells[2];
		long long id = json_ll(it, "id", -1);

		if (id < 0)
			continue;
		cells[0] = time_text(it, "created_at", false, date);
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "pinned")))
			title = xasprintf("%s %s", _("[Pinned]"),
			                  lang_text(it, "title") ? lang_text(it, "title") : "");
		else
			title = xstrdup(lang_text(it, "title") ? lang_text(it, "title") : "");
		cells[1] = title;
		row = text_row(cells, widths, 2);
		list_add(&n->list, row, (long)id);
		free(row);
		free(title);
	}
	reply_paging(&n->list, reply, n->page, NOTICES_PER_PAGE);
}

static void notices_reply(struct screen *s, const struct api_reply *r)
{
	struct notices *n = s->priv;
	char *text = NULL, date[TIME_TEXT_SZ];

	int tag = REPLY_TAG_KIND(r->tag);

	if (reply_session_gone(s, r))
		return;
	if (tag == T_LIST && REPLY_TAG_STALE(r->tag, n->gen))
		return;
	if (tag == T_LIST)
		n->loading = false;
	else
		n->one_loading = false;
	if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
		free(n->error);
		n->error = r->err != ERR_OK ? reply_error_text(r) : xstrdup(_(err_message(ERR_BAD_REPLY)));
		return;
	}
	xfree(&n->error);
	if (tag == T_LIST) {
		notices_fill(n, r->json);
		return;
	}
	if (json_ll(r->json, "id", -1) != n->notice_id)
		return;   /* about a notice opened before */
	cJSON_Delete(n->notice);
	n->notice = cJSON_Duplicate(r->json, 1);
	text_add(&text, time_text(n->notice, "created_at", true, date));
	text_add(&text, "");
	text_add(&text, lang_text(n->notice, "body"));
	textview_set(&n->tv, text);
	free(text);
}

static void notices_draw(struct screen *s)
{
	struct notices *n = s->priv;
	int y, x, h, w, cy = -1, cx = -1;

	app_body(s->app, &y, &x, &h, &w);
	if (n->reading) {
		if (n->one_loading) {
			spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Loading…"));
			return;
		}
		if (!n->notice) {
			ui_print(y + 1, x + 2, w - 4, n->error ? n->error : "", ui_attr(UI_ERROR));
			return;
		}
		ui_print(y + 1, x + 2, w - 4, lang_text(n->notice, "title") ? lang_text(n->notice, "title") : "",
		         ui_attr(UI_HEADING));
		textview_draw(&n->tv, y + 3, x + 2, h - 4, w - 4);
		return;
	}
	ui_print(y, x + 2, w - 4, _("Notices from the association, pinned ones first."),
	         ui_attr(UI_LABEL));
	if (n->error)
		ui_print(y + 1, x + 2, w - 4, n->error, ui_attr(UI_ERROR));
	else if (n->loading && n->list.n == 0)
		spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Loading…"));
	/* an empty list while it loads is not "nothing here" yet */
	if (!n->loading || n->list.n)
		list_draw(&n->list, y + 2, x + 2, h - 2, w - 4, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static int notices_key(struct screen *s, wint_t k)
{
	struct notices *n = s->priv;

	if (n->reading) {
		if (k == KEY_ESC || k == 'q') {
			n->reading = false;
			notices_help(s);
			return SCR_REDRAW;
		}
		return textview_key(&n->tv, (unsigned)k) ? SCR_REDRAW : SCR_IGNORED;
	}
	switch (list_key(&n->list, (unsigned)k)) {
	case LIST_HANDLED:
		return SCR_REDRAW;
	case LIST_SELECT:
		notice_fetch(s, list_selected_id(&n->list));
		notices_help(s);
		return SCR_REDRAW;
	case LIST_PAGE_NEXT:
		n->page = n->list.page + 1;
		notices_fetch(s, n->page);
		return SCR_REDRAW;
	case LIST_PAGE_PREV:
		n->page = n->list.page > 1 ? n->list.page - 1 : 1;
		notices_fetch(s, n->page);
		return SCR_REDRAW;
	case LIST_IGNORED:
		break;
	}
	if (k == 'r' || k == 'R') {
		notices_fetch(s, n->page);
		return SCR_REDRAW;
	}
	if (k == KEY_ESC)
		return SCR_CLOSE;
	return SCR_IGNORED;
}

static void notices_close(struct screen *s)
{
	struct notices *n = s->priv;

	list_free(&n->list);
	cJSON_Delete(n->notice);
	textview_free(&n->tv);
	free(n->error);
}

const struct screen_ops scr_notices_ops = {
	.name = "notices",
	.priv_size = sizeof(struct notices),
	.open = notices_open,
	.draw = notices_draw,
	.key = notices_key,
	.reply = notices_reply,
	.close = notices_close,
};
