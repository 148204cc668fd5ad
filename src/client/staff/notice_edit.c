/* Write or edit a notice: a title line, the body in the multi-line editor
 * (widgets/textarea: Chinese, line breaks, wrapping, a
 * pasted text with all its paragraphs), and whether it
 * is pinned. F2 (or Tab to the Save button and Enter) sends POST /notices for a new notice
 * or PUT /notices/{id}; the server's per-field reasons show under the
 * fields. A branch officer's notice is their branch's (the server sets
 * it). Closes with 1 once saved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/edit.h"
#include "widgets/textarea.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

#define TITLE_MAX 100
#define BODY_MAX 10000

enum { F_TITLE, F_BODY, F_PINNED, F_SAVE, F__COUNT };
enum { T_SAVE = 1 };
enum { P_SAVED = 1, P_DISCARD };

struct notice_edit {
	long id;                 /* 0 = new */
	struct edit title;
	struct textarea body;
	bool pinned;
	int focus;
	bool dirty;
	char *error;
};

static int ne_open(struct screen *s, void *arg)
{
	struct notice_edit *e = s->priv;
	const cJSON *n = arg;

	edit_init(&e->title, TITLE_MAX, false);
	textarea_init(&e->body, BODY_MAX);
	if (cJSON_IsObject(n)) {
		e->id = (long)json_int_or(n, "id", 0);
		edit_set(&e->title, json_str_or(n, "title", ""));
		textarea_set(&e->body, json_str_or(n, "body", ""));
		e->pinned = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(n, "pinned"));
	}
	s->title = e->id ? _("Edit notice")
	           : staff_is_branch(s->app) ? _("New notice for your branch") : _("New notice");
	s->help = _("Tab next field  F2 save  Enter new line in the text  Esc back");
	return 0;
}

static void ne_draw(struct screen *s)
{
	struct notice_edit *e = s->priv;
	int y, x, h, w, cx, cy, bodyh;
	char count[64];

	app_body(s->app, &y, &x, &h, &w);
	ui_print(y + 1, x + 2, 10, _("Title"), ui_attr(UI_LABEL));
	cx = edit_draw(&e->title, y + 1, x + 12, w - 14,
	               ui_attr(e->focus == F_TITLE ? UI_FIELD_FOCUS : UI_FIELD));
	if (e->focus == F_TITLE)
		app_cursor(s->app, y + 1, cx);
	ui_print(y + 3, x + 2, 10, _("Text"), ui_attr(UI_LABEL));
	snprintf(count, sizeof(count), _("%zu of %d characters"), e->body.e.len, BODY_MAX);
	ui_print(y + 3, x + w - 2 - 30, 30, count, ui_attr(UI_DIM));
	bodyh = h - 9;
	ui_box(y + 4, x + 1, bodyh + 2, w - 2, ui_attr(e->focus == F_BODY ? UI_HEADING : UI_DIM));
	textarea_draw(&e->body, y + 5, x + 2, bodyh, w - 4, ui_attr(UI_NORMAL), &cy, &cx);
	if (e->focus == F_BODY && cy >= 0)
		app_cursor(s->app, cy, cx);
	ui_print(y + h - 3, x + 2, w - 4, e->pinned ? _("[x] Pinned to the top") : _("[ ] Pinned to the top"),
	         ui_attr(e->focus == F_PINNED ? UI_SELECTED : UI_NORMAL));
	ui_print(y + h - 2, x + 2, 20, _("[ Save ]"), ui_attr(e->focus == F_SAVE ? UI_SELECTED : UI_NORMAL));
	if (e->error)
		ui_print(y + h - 1, x + 2, w - 4, e->error, ui_attr(UI_ERROR));
}

static void ne_save(struct screen *s)
{
	struct notice_edit *e = s->priv;
	char *title = edit_text(&e->title), *text = textarea_text(&e->body), path[64];
	cJSON *body;

	xfree(&e->error);
	if (!*title || !*text) {
		e->error = xstrdup(!*title ? _("Please give the notice a title.")
		                           : _("Please write the text of the notice."));
		e->focus = !*title ? F_TITLE : F_BODY;
		free(title);
		free(text);
		return;
	}
	body = cJSON_CreateObject();
	json_add_str(body, "title", title);
	json_add_str(body, "body", text);
	json_add_bool(body, "pinned", e->pinned);
	free(title);
	free(text);
	if (e->id) {
		snprintf(path, sizeof(path), "/notices/%ld", e->id);
		app_request(s, T_SAVE, "PUT", path, body);
	} else {
		app_request(s, T_SAVE, "POST", "/notices", body);
	}
}

static int ne_key(struct screen *s, wint_t k)
{
	struct notice_edit *e = s->priv;

	if (k == KF(KEY_F(2)) || k == KEY_CTRL('s')) {
		ne_save(s);
		return SCR_REDRAW;
	}
	if (k == '\t') {
		e->focus = (e->focus + 1) % F__COUNT;
		return SCR_REDRAW;
	}
	if (k == KF(KEY_BTAB)) {
		e->focus = (e->focus + F__COUNT - 1) % F__COUNT;
		return SCR_REDRAW;
	}
	if (k == KEY_ESC && e->dirty) {
		dialog_confirm(s->app, _("Discard changes"), _("Leave without saving?"),
		               _("Leave"), _("Stay"), P_DISCARD);
		return SCR_REDRAW;
	}
	switch (e->focus) {
	case F_TITLE:
		if (k == '\r' || k == KF(KEY_DOWN)) {
			e->focus = F_BODY;
			return SCR_REDRAW;
		}
		if (edit_key(&e->title, k)) {
			e->dirty = true;
			return SCR_REDRAW;
		}
		break;
	case F_BODY:
		if (textarea_key(&e->body, k)) {
			e->dirty = true;
			return SCR_REDRAW;
		}
		break;
	case F_PINNED:
		if (k == ' ' || k == '\r') {
			e->pinned = !e->pinned;
			e->dirty = true;
			return SCR_REDRAW;
		}
		break;
	case F_SAVE:
		if (k == '\r' || k == ' ') {
			ne_save(s);
			return SCR_REDRAW;
		}
		break;
	default:
		break;
	}
	if (e->focus != F_BODY && (k == KF(KEY_UP) || k == KF(KEY_DOWN))) {
		e->focus = (e->focus + (k == KF(KEY_UP) ? F__COUNT - 1 : 1)) % F__COUNT;
		return SCR_REDRAW;
	}
	return SCR_IGNORED;
}

static void ne_reply(struct screen *s, const struct api_reply *r)
{
	struct notice_edit *e = s->priv;
	const cJSON *f;

	if (r->err == ERR_OK) {
		e->dirty = false;
		dialog_message(s->app, _("Notice"), _("The notice was saved."), P_SAVED);
		return;
	}
	if (r->err == ERR_VALIDATION && r->fields && r->fields->child) {
		f = r->fields->child;
		free(e->error);
		e->error = xasprintf("%s: %s", !strcmp(f->string, "title") ? _("Title") :
		                     !strcmp(f->string, "body") ? _("Text") : f->string,
		                     cJSON_IsString(f) ? _(f->valuestring) : "");
		return;
	}
	app_reply_error(s, r);
}

static void ne_resume(struct screen *s, int tag, int value)
{
	if (tag == P_SAVED)
		app_close(s, 1);
	else if (tag == P_DISCARD && value == 1)
		app_close(s, 0);
}

static void ne_close(struct screen *s)
{
	struct notice_edit *e = s->priv;

	edit_free(&e->title);
	textarea_free(&e->body);
	free(e->error);
}

const struct screen_ops scr_staff_notice_edit_ops = {
	.name = "staff_notice_edit", .priv_size = sizeof(struct notice_edit),
	.open = ne_open, .draw = ne_draw, .key = ne_key, .reply = ne_reply,
	.resume = ne_resume, .close = ne_close,
};
