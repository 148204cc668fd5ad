/* Notices (公告) for staff: the published list (GET /notices, pinned
 * first); "n" writes a new one and Enter edits the selected one in the
 * editor (scr_staff_notice_edit_ops); "p" pins or unpins, "x" deletes after
 * a confirmation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "format.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { T_LIST = 1, T_PIN, T_DELETE };
enum { P_EDIT = 1, P_DELETE };

struct notices {
	cJSON *list;
	struct stable t;
	int page;
	bool loaded;
	cJSON *editing;          /* copy handed to the editor */
};

static const cJSON *items(const struct notices *v)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(v->list, "items");

	return cJSON_IsArray(it) ? it : NULL;
}

static const cJSON *selected(const struct notices *v)
{
	return items(v) ? cJSON_GetArrayItem(items(v), v->t.sel) : NULL;
}

static void notices_fetch(struct screen *s)
{
	struct notices *v = s->priv;
	char path[64];

	snprintf(path, sizeof(path), "/notices?page=%d&per_page=50", v->page);
	app_request(s, T_LIST, "GET", path, NULL);
}

static int notices_open(struct screen *s, void *arg)
{
	struct notices *v = s->priv;

	(void)arg;
	s->title = _("Notices");
	/* headquarters publish notices; branch officers read them */
	s->help = staff_is_branch(s->app) ? _("Enter read  g refresh")
	                                  : _("n new  Enter edit  p pin/unpin  x delete  g refresh");
	v->page = 1;
	notices_fetch(s);
	return 0;
}

static void notices_draw(struct screen *s)
{
	struct notices *v = s->priv;
	const cJSON *it = items(v);
	int y, x, h, w, i, rows;
	char pg[64], when[32];

	app_body(s->app, &y, &x, &h, &w);
	{
		const char *hd[] = { "", _("Title"), _("Published") };
		int widths[] = { 4, w - 2 - 4 - 16 - 4, 16 };
		char *line = staff_row(3, hd, widths);

		ui_print(y, x + 1, w - 2, line, ui_attr(UI_HEADING));
		free(line);
	}
	if (!it) {
		ui_print(y + 2, x + 2, w - 4, v->loaded ? _("The list could not be loaded.") : _("Loading..."),
		         ui_attr(UI_DIM));
		return;
	}
	v->t.n = cJSON_GetArraySize(it);
	rows = h - 2;
	stable_fit(&v->t, rows);
	if (!v->t.n)
		ui_print(y + 2, x + 2, w - 4, _("No notices yet. Press n to write one."), ui_attr(UI_DIM));
	for (i = 0; i < rows && v->t.top + i < v->t.n; i++) {
		const cJSON *e = cJSON_GetArrayItem(it, v->t.top + i);
		const char *cells[3];
		int widths[] = { 4, w - 2 - 4 - 16 - 4, 16 };
		char *line;

		cells[0] = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "pinned")) ? _("TOP") : "";
		cells[1] = json_str_or(e, "title", "");
		cells[2] = unix_time_text(json_int_or(e, "created_at", 0), when);
		line = staff_row(3, cells, widths);
		ui_print_pad(y + 1 + i, x + 1, w - 2, line,
		             ui_attr(v->t.top + i == v->t.sel ? UI_SELECTED : UI_NORMAL));
		free(line);
	}
	ui_print(y + h - 1, x + 1, w - 2, staff_page_text(v->list, pg), ui_attr(UI_DIM));
}

static int notices_key(struct screen *s, wint_t k)
{
	struct notices *v = s->priv;
	const cJSON *sel = selected(v);
	int y, x, h, w;
	char path[64];

	app_body(s->app, &y, &x, &h, &w);
	switch (stable_key(&v->t, k, h - 2)) {
	case STABLE_MOVED:
		return SCR_REDRAW;
	case STABLE_NEXT_PAGE:
		if (v->page * json_int_or(v->list, "per_page", 50) < json_int_or(v->list, "total", 0)) {
			v->page++;
			notices_fetch(s);
		}
		return SCR_REDRAW;
	case STABLE_PREV_PAGE:
		if (v->page > 1) {
			v->page--;
			notices_fetch(s);
		}
		return SCR_REDRAW;
	default:
		break;
	}
	if (staff_is_branch(s->app)) {
		switch (k) {
		case '\r': case '\n': case KF(KEY_ENTER):
			if (sel)
				dialog_message(s->app, json_str_or(sel, "title", ""),
				               json_str_or(sel, "body", ""), 0);
			return SCR_REDRAW;
		case 'n': case 'e': case 'p': case 'x': case KF(KEY_DC):
			dialog_message(s->app, _("Notices"),
			               _("Only headquarters staff publish notices."), 0);
			return SCR_REDRAW;
		default:
			break;
		}
	}
	switch (k) {
	case 'g':
		notices_fetch(s);
		return SCR_REDRAW;
	case 'n':
		app_push(s->app, &scr_staff_notice_edit_ops, NULL, P_EDIT);
		return SCR_REDRAW;
	case '\r': case '\n': case KF(KEY_ENTER): case 'e':
		if (!sel)
			return SCR_HANDLED;
		cJSON_Delete(v->editing);
		v->editing = cJSON_Duplicate(sel, 1);
		app_push(s->app, &scr_staff_notice_edit_ops, v->editing, P_EDIT);
		return SCR_REDRAW;
	case 'p': {
		cJSON *body;

		if (!sel)
			return SCR_HANDLED;
		body = cJSON_CreateObject();
		json_add_str(body, "title", json_str_or(sel, "title", ""));
		json_add_str(body, "body", json_str_or(sel, "body", ""));
		json_add_bool(body, "pinned", !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sel, "pinned")));
		snprintf(path, sizeof(path), "/notices/%lld", (long long)json_int_or(sel, "id", 0));
		app_request(s, T_PIN, "PUT", path, body);
		return SCR_REDRAW;
	}
	case 'x': case KF(KEY_DC): {
		char *msg;

		if (!sel)
			return SCR_HANDLED;
		msg = xasprintf(_("Delete the notice \"%s\"?"), json_str_or(sel, "title", ""));
		dialog_confirm(s->app, _("Delete notice"), msg, _("Delete"), _("Cancel"), P_DELETE);
		free(msg);
		return SCR_REDRAW;
	}
	default:
		return SCR_IGNORED;
	}
}

static void notices_resume(struct screen *s, int tag, int value)
{
	struct notices *v = s->priv;
	char path[64];

	if (tag == P_DELETE && value == 1 && selected(v)) {
		snprintf(path, sizeof(path), "/notices/%lld", (long long)json_int_or(selected(v), "id", 0));
		app_request(s, T_DELETE, "DELETE", path, NULL);
	} else if (tag == P_EDIT && value == 1) {
		notices_fetch(s);
	}
}

static void notices_reply(struct screen *s, const struct api_reply *r)
{
	struct notices *v = s->priv;

	if (r->tag == T_LIST)
		v->loaded = true;
	if (r->err != ERR_OK) {
		app_reply_error(s, r);
		return;
	}
	if (r->tag == T_LIST) {
		if (!cJSON_IsObject(r->json))
			return;
		cJSON_Delete(v->list);
		v->list = cJSON_Duplicate(r->json, 1);
	} else {
		notices_fetch(s);    /* pinned or deleted: the order changed */
	}
}

static void notices_close(struct screen *s)
{
	struct notices *v = s->priv;

	cJSON_Delete(v->list);
	cJSON_Delete(v->editing);
}

const struct screen_ops scr_staff_notices_ops = {
	.name = "staff_notices", .priv_size = sizeof(struct notices),
	.open = notices_open, .draw = notices_draw, .key = notices_key,
	.reply = notices_reply, .resume = notices_resume, .close = notices_close,
};
