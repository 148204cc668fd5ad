/* Message centre (messages.h): GET /messages a page at a time (the server
 * puts unread ones first), POST /messages/{id}/read when one is opened,
 * POST /messages/read-all. The list rows carry the whole text, so reading
 * needs no further fetch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/messages.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "widgets/textview.h"
#include "format.h"
#include "words.h"
#include "reply.h"
#include "text.h"
#include "roster/i18n.h"
#include "roster/xalloc.h"

/* A read mark's tag is minus the message id. */
enum { T_LIST = 1, T_READ_ALL };

#define MESSAGES_PER_PAGE 20

struct messages {
	struct list list;
	cJSON *items;         /* the page shown: array of messages */
	long page;
	long long unread;     /* the server's count, or -1 when it sent none */
	bool loading;
	unsigned gen;         /* of the latest list fetch */
	char *error;
	char *note;           /* what the last action did */
	/* reading one */
	const cJSON *open;    /* borrowed from items, NULL when the list shows */
	struct textview tv;
};

static void messages_fetch(struct screen *s)
{
	struct messages *m = s->priv;
	char path[80];

	m->loading = true;
	snprintf(path, sizeof(path), "/messages?page=%ld&per_page=%d", m->page, MESSAGES_PER_PAGE);
	app_request(s, REPLY_TAG(T_LIST, ++m->gen), "GET", path, NULL);
}

/* "read" (true/false) when the server sends it, else a missing or null
 * "read_at". */
static bool msg_unread(const cJSON *it)
{
	const cJSON *read = cJSON_GetObjectItemCaseSensitive(it, "read");
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(it, "read_at");

	if (cJSON_IsBool(read))
		return cJSON_IsFalse(read);
	return !at || cJSON_IsNull(at);
}

static const cJSON *msg_by_id(const struct messages *m, long long id)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, m->items)
		if (json_ll(it, "id", -1) == id)
			return it;
	return NULL;
}

static char *msg_row(const cJSON *it, bool utf8)
{
	static const int widths[] = { 2, 16, 0 };
	const char *cells[3];
	char date[TIME_TEXT_SZ];
	const char *title = lang_text(it, "title");

	cells[0] = msg_unread(it) ? (utf8 ? "●" : "*") : "";
	cells[1] = time_text(it, "created_at", true, date);
	cells[2] = title ? title : "";
	return text_row(cells, widths, 3);
}

static void messages_fill(struct screen *s)
{
	struct messages *m = s->priv;
	const cJSON *it;
	long keep = list_selected_id(&m->list);
	size_t i;

	list_clear(&m->list);
	cJSON_ArrayForEach(it, m->items) {
		long long id = json_ll(it, "id", -1);
		char *row;

		if (id < 0)
			continue;
		row = msg_row(it, app_utf8(s->app));
		list_add(&m->list, row, (long)id);
		free(row);
	}
	/* stay on the row that was selected (after marking read) */
	for (i = 0; i < m->list.nview; i++)
		if (m->list.rows[m->list.view[i]].id == keep)
			m->list.sel = i;
}

static long long unread_on_page(const struct messages *m)
{
	const cJSON *it;
	long long n = 0;

	cJSON_ArrayForEach(it, m->items)
		n += msg_unread(it);
	return n;
}

static void messages_help(struct screen *s)
{
	struct messages *m = s->priv;

	s->help = m->open ? _("Up/Down scroll  Esc back to the list")
	                  : _("Enter read  A mark all read  PgUp/PgDn pages  R refresh  Esc back");
}

static int messages_open(struct screen *s, void *arg)
{
	struct messages *m = s->priv;

	list_init(&m->list);
	m->page = 1;
	m->unread = -1;
	s->title = _("Message centre");
	messages_help(s);
	messages_fetch(s);
	return 0;
}

/* Show one message; tell the server it was read the first time. */
static void message_read(struct screen *s, long long id)
{
	struct messages *m = s->priv;
	char *text = NULL, date[TIME_TEXT_SZ], path[64];
	const cJSON *it = msg_by_id(m, id);

	if (!it)
		return;
	m->open = it;
	text_add(&text, time_text(it, "created_at", true, date));
	text_add(&text, "");
	text_add(&text, lang_text(it, "body"));
	textview_set(&m->tv, text);
	free(text);
	if (msg_unread(it)) {
		snprintf(path, sizeof(path), "/messages/%lld/read", id);
		if (id > 0 && id < (long long)INT_MAX)
			app_request(s, -(int)id, "POST", path, NULL);
	}
	messages_help(s);
}

static void mark_read(cJSON *it)
{
	cJSON_DeleteItemFromObjectCaseSensitive(it, "read");
	cJSON_AddBoolToObject(it, "read", 1);
}

static void messages_reply(struct screen *s, const struct api_reply *r)
{
	struct messages *m = s->priv;
	int tag = r->tag < 0 ? 0 : REPLY_TAG_KIND(r->tag);
	const cJSON *items;
	cJSON *it;

	if (reply_session_gone(s, r))
		return;
	if (tag == T_LIST && REPLY_TAG_STALE(r->tag, m->gen))
		return;
	if (tag == T_LIST)
		m->loading = false;
	if (r->err != ERR_OK) {
		free(m->error);
		m->error = reply_error_text(r);
		return;
	}
	xfree(&m->error);
	if (r->tag < 0) {
		/* read on the server: so here too */
		it = (cJSON *)msg_by_id(m, -(long long)r->tag);
		if (it && msg_unread(it)) {
			mark_read(it);
			if (m->unread > 0)
				m->unread--;
		}
		messages_fill(s);
		return;
	}
	switch (tag) {
	case T_LIST:
		items = cJSON_GetObjectItemCaseSensitive(r->json, "items");
		if (!cJSON_IsArray(items)) {
			m->error = xstrdup(_(err_message(ERR_BAD_REPLY)));
			return;
		}
		m->open = NULL;
		cJSON_Delete(m->items);
		m->items = cJSON_Duplicate(items, 1);
		m->unread = json_ll(r->json, "unread", -1);
		messages_fill(s);
		reply_paging(&m->list, r->json, m->page, MESSAGES_PER_PAGE);
		messages_help(s);
		break;
	case T_READ_ALL:
		free(m->note);
		m->note = xstrdup(_("All messages are marked read."));
		messages_fetch(s);
		break;
	}
}

static void messages_draw(struct screen *s)
{
	struct messages *m = s->priv;
	int y, x, h, w, cy = -1, cx = -1;
	char line[160];
	const char *title;

	app_body(s->app, &y, &x, &h, &w);
	if (m->open) {
		title = lang_text(m->open, "title");
		ui_print(y + 1, x + 2, w - 4, title ? title : "", ui_attr(UI_HEADING));
		textview_draw(&m->tv, y + 3, x + 2, h - 4, w - 4);
		return;
	}
	snprintf(line, sizeof(line), _("Unread: %lld"),
	         m->unread >= 0 ? m->unread : unread_on_page(m));
	ui_print(y, x + 2, w - 4, line, ui_attr(UI_LABEL));
	if (m->error)
		ui_print(y + 1, x + 2, w - 4, m->error, ui_attr(UI_ERROR));
	else if (m->loading && m->list.n == 0)
		spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Loading…"));
	else if (m->note)
		ui_print(y + 1, x + 2, w - 4, m->note, ui_attr(UI_OK));
	/* an empty list while it loads is not "nothing here" yet */
	if (!m->loading || m->list.n)
		list_draw(&m->list, y + 2, x + 2, h - 2, w - 4, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static int messages_key(struct screen *s, wint_t k)
{
	struct messages *m = s->priv;

	if (m->open) {
		if (k == KEY_ESC || k == 'q') {
			m->open = NULL;
			messages_help(s);
			return SCR_REDRAW;
		}
		return textview_key(&m->tv, (unsigned)k) ? SCR_REDRAW : SCR_IGNORED;
	}
	switch (list_key(&m->list, (unsigned)k)) {
	case LIST_HANDLED:
		return SCR_REDRAW;
	case LIST_SELECT:
		message_read(s, list_selected_id(&m->list));
		return SCR_REDRAW;
	case LIST_PAGE_NEXT:
		m->page = m->list.page + 1;
		messages_fetch(s);
		return SCR_REDRAW;
	case LIST_PAGE_PREV:
		m->page = m->list.page > 1 ? m->list.page - 1 : 1;
		messages_fetch(s);
		return SCR_REDRAW;
	case LIST_IGNORED:
		break;
	}
	switch (k) {
	case 'a': case 'A':
		xfree(&m->note);
		app_request(s, T_READ_ALL, "POST", "/messages/read-all", NULL);
		return SCR_REDRAW;
	case 'r': case 'R':
		xfree(&m->note);
		messages_fetch(s);
		return SCR_REDRAW;
	case KEY_ESC:
		return SCR_CLOSE;
	default:
		return SCR_IGNORED;
	}
}

static void messages_close(struct screen *s)
{
	struct messages *m = s->priv;

	list_free(&m->list);
	cJSON_Delete(m->items);
	textview_free(&m->tv);
	free(m->error);
	free(m->note);
}

const struct screen_ops scr_messages_ops = {
	.name = "messages",
	.priv_size = sizeof(struct messages),
	.open = messages_open,
	.draw = messages_draw,
	.key = messages_key,
	.reply = messages_reply,
	.close = messages_close,
};
