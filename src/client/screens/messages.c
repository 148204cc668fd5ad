/* Message centre (messages.h): GET /messages a page at a time (the server
 * puts unread ones first), POST /messages/{id}/read when one is opened,
 * POST /messages/read-all. The list rows carry the whole text, so reading
 * needs no further fetch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "record_view.h"
#include "ui.h"
#include "screens/messages.h"
#include "format.h"
#include "text.h"
#include "words.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { T_READ = 1, T_READ_ALL };

struct messages {
	long long unread;     /* the server's count, or -1 when it sent none */
	long long reading;    /* the message being marked read */
};

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

static const char *dot_cell(const cJSON *it, char buf[RV_CELLSZ])
{
	return msg_unread(it) ? (ui_is_utf8() ? "●" : "*") : "";
}

static const char *title_cell(const cJSON *it, char buf[RV_CELLSZ])
{
	const char *t = lang_text(it, "title");

	return t ? t : "";
}

static const char *heading(const struct rv *rv, char buf[RV_CELLSZ])
{
	const struct messages *m = rv->own;
	long long n = m->unread;

	if (n < 0) {
		n = 0;
		for (int i = 0; i < rv->t.n; i++)
			n += rv->t.rows[i].data && msg_unread(rv->t.rows[i].data);
	}
	snprintf(buf, RV_CELLSZ, _("Unread: %lld"), n);
	return buf;
}

static char *message_text(struct rv *rv, const cJSON *it)
{
	char *text = NULL, date[TIME_TEXT_SZ];

	text_add(&text, time_text(it, "created_at", true, date));
	text_add(&text, "");
	text_add(&text, lang_text(it, "body"));
	return text;
}

static void message_draw(struct rv *rv, const cJSON *it, int y, int x, int h, int w)
{
	const char *title = lang_text(it, "title");

	ui_print(y + 1, x, w, title ? title : "", ui_attr(UI_HEADING));
	textview_draw(&rv->tv, y + 3, x, h - 3, w);
}

/* Opened: tell the server it was read the first time. */
static void message_opened(struct rv *rv, const cJSON *it)
{
	struct messages *m = rv->own;
	char path[64];

	if (!msg_unread(it))
		return;
	m->reading = json_int_or(it, "id", 0);
	snprintf(path, sizeof(path), "/messages/%lld/read", m->reading);
	rv_request(rv, T_READ, "POST", path, NULL);
}

/* Read on the server: so here too, without moving the list. */
static void mark_read(struct rv *rv, long long id)
{
	struct messages *m = rv->own;

	for (int i = 0; i < rv->t.n; i++) {
		cJSON *it = rv->t.rows[i].data;

		if (rv->t.rows[i].id != id)
			continue;
		if (it && msg_unread(it)) {
			cJSON_DeleteItemFromObjectCaseSensitive(it, "read");
			cJSON_AddBoolToObject(it, "read", 1);
			if (m->unread > 0)
				m->unread--;
		}
		free(rv->t.rows[i].cells[0]);
		rv->t.rows[i].cells[0] = xstrdup("");
	}
}

static int read_all(struct rv *rv, const cJSON *it)
{
	rv_note(rv, NULL);
	rv_request(rv, T_READ_ALL, "POST", "/messages/read-all", NULL);
	return SCR_REDRAW;
}

static void messages_reply(struct rv *rv, int tag, const struct api_reply *r)
{
	struct messages *m = rv->own;

	if (r->err != ERR_OK) {
		rv_error(rv, rv_reply_text(r));
		return;
	}
	if (tag == T_READ) {
		mark_read(rv, m->reading);
	} else if (tag == T_READ_ALL) {
		rv_note(rv, _("All messages are marked read."));
		rv_refresh(rv);
	}
}

static void messages_loaded(struct rv *rv, const cJSON *reply)
{
	struct messages *m = rv->own;

	m->unread = json_int_or(reply, "unread", -1);
}

static int messages_open(struct rv *rv, void *arg)
{
	struct messages *m = rv->own;

	m->unread = -1;
	return 0;
}

static const struct rv_col cols[] = {
	{ .head = "", .width = 2, .cell = dot_cell },
	{ .head = N_("Date"), .width = 16, .key = "created_at", .fmt = RV_DATETIME },
	{ .head = N_("Title"), .cell = title_cell },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'A', .label = N_("mark all read"), .flags = RV_A_LIST, .run = read_all },
	{ 0 },
};

static const struct rv_detail detail = {
	.text = message_text, .draw = message_draw, .opened = message_opened,
};

static const struct rv_decl messages = {
	.title = N_("Message centre"),
	.path = "/messages",
	.per_page = 20,
	.cols = cols,
	.actions = actions,
	.detail = &detail,
	.refresh_key = 'R',
	.heading = heading,
	.own_size = sizeof(struct messages),
	.open = messages_open,
	.loaded = messages_loaded,
	.reply = messages_reply,
};

const struct screen_ops scr_messages_ops = RV_SCREEN("messages", messages);
