/* The reason dialog: type a reason (a few lines in the multi-line editor;
 * Enter sends, a paste keeps its lines), or pick one of the association's
 * templates (GET /reason-templates?scope=) and edit it. Drawn over the
 * screen that asked; closes with 1 and the text in *arg->result, or 0. */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/textarea.h"
#include "words.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

#define REASON_MAX 500
#define SHOWN 8
#define TEXT_ROWS 3  /* lines of the reason shown */

enum { T_TEMPLATES = 1 };

struct reason {
	struct staff_reason_arg arg;
	char *title;
	struct textarea edit;
	cJSON *templates;        /* items of the reply */
	int n, sel, top;          /* templates, the one highlighted, the first shown */
	bool on_list;            /* the template list has the keys */
	char *error;
};

static const cJSON *tpl_items(const struct reason *r)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(r->templates, "items");

	return cJSON_IsArray(it) ? it : NULL;
}

static int reason_open(struct screen *s, void *arg)
{
	struct reason *r = s->priv;
	char path[96];

	r->arg = *(const struct staff_reason_arg *)arg;
	r->title = xstrdup(r->arg.title ? r->arg.title : _("Reason"));
	textarea_init(&r->edit, REASON_MAX);
	r->edit.enter_ends = true;
	if (r->arg.note) {
		s->help = _("Enter send  Esc cancel");
		return 0;         /* a note on an approval: no templates */
	}
	s->help = _("Tab templates/text  Up/Down choose  Enter use/send  Esc cancel");
	snprintf(path, sizeof(path), "/reason-templates?scope=%s",
	         r->arg.scope ? r->arg.scope : "any");
	app_request(s, T_TEMPLATES, "GET", path, NULL);
	return 0;
}

static void reason_draw(struct screen *s)
{
	struct reason *r = s->priv;
	const cJSON *it = tpl_items(r);
	int y, x, h, w, row, shown, i, cy, cx;

	shown = r->n < SHOWN ? r->n : SHOWN;
	dialog_frame(s->app, r->title, shown + 5 + TEXT_ROWS, 70, &y, &x, &h, &w);
	row = y;
	if (!r->arg.note)
		ui_print(row, x, w, it && r->n ? _("Templates (Enter uses one):") : _("No templates."),
		         ui_attr(UI_LABEL));
	row++;
	if (r->sel < r->top)
		r->top = r->sel;
	if (shown > 0 && r->sel >= r->top + shown)
		r->top = r->sel - shown + 1;
	for (i = 0; it && i < shown && r->top + i < r->n; i++) {
		int k = r->top + i;
		const cJSON *tp = cJSON_GetArrayItem(it, k);
		bool sel = r->on_list && k == r->sel;

		ui_print_pad(row++, x, w, text_or(lang_text(tp, "text"), ""),
		             ui_attr(sel ? UI_SELECTED : UI_DIALOG));
	}
	row++;
	ui_print(row++, x, w, r->arg.note ? _("Note (optional):") :
	         r->arg.optional ? _("Reason (optional):") : _("Reason:"), ui_attr(UI_LABEL));
	textarea_draw(&r->edit, row, x, TEXT_ROWS, w,
	              ui_attr(r->on_list ? UI_FIELD : UI_FIELD_FOCUS), &cy, &cx);
	if (!r->on_list && cy >= 0)
		app_cursor(s->app, cy, cx);
	row += TEXT_ROWS;
	if (r->error)
		ui_print(row, x, w, r->error, ui_attr(UI_ERROR));
}

static int reason_key(struct screen *s, wint_t k)
{
	struct reason *r = s->priv;
	const cJSON *it = tpl_items(r);

	if (k == '\t' || k == KF(KEY_BTAB)) {
		if (r->n)
			r->on_list = !r->on_list;
		return SCR_REDRAW;
	}
	if (r->on_list) {
		if (k == KF(KEY_UP) || k == KF(KEY_DOWN)) {
			r->sel += k == KF(KEY_UP) ? (r->sel > 0 ? -1 : 0) : (r->sel + 1 < r->n ? 1 : 0);
			return SCR_REDRAW;
		}
		if (k == '\r' || k == '\n' || k == KF(KEY_ENTER)) {
			const cJSON *tp = it ? cJSON_GetArrayItem(it, r->sel) : NULL;

			if (tp)
				edit_set(&r->edit.e, text_or(lang_text(tp, "text"), ""));
			r->on_list = false;
			return SCR_REDRAW;
		}
		return SCR_IGNORED;
	}
	if (k == '\r' || k == '\n' || k == KF(KEY_ENTER)) {
		char *text = textarea_text(&r->edit);
		const char *p = text;

		while (*p == ' ' || *p == '\n')
			p++;
		if (!*p && !r->arg.optional) {
			free(text);
			free(r->error);
			r->error = xstrdup(_("Please give a reason."));
			return SCR_REDRAW;
		}
		if (r->arg.result)
			*r->arg.result = text;
		else
			free(text);
		app_close(s, 1);
		return SCR_HANDLED;
	}
	if (k == KF(KEY_UP) && r->n) {
		/* from the first line of the text up into the templates */
		if (!textarea_up(&r->edit))
			r->on_list = true;
		return SCR_REDRAW;
	}
	if (textarea_key(&r->edit, k)) {
		xfree(&r->error);
		return SCR_REDRAW;
	}
	return SCR_IGNORED;
}

static void reason_reply(struct screen *s, const struct api_reply *rep)
{
	struct reason *r = s->priv;

	if (rep->err != ERR_OK || !cJSON_IsObject(rep->json))
		return;  /* no templates: typing still works */
	cJSON_Delete(r->templates);
	r->templates = cJSON_Duplicate(rep->json, 1);
	r->n = tpl_items(r) ? cJSON_GetArraySize(tpl_items(r)) : 0;
	r->on_list = r->n > 0 && r->edit.e.len == 0;
}

static void reason_close(struct screen *s)
{
	struct reason *r = s->priv;

	free(r->title);
	free(r->error);
	textarea_free(&r->edit);
	cJSON_Delete(r->templates);
}

const struct screen_ops scr_staff_reason_ops = {
	.name = "staff_reason", .priv_size = sizeof(struct reason), .flags = SCR_F_OVERLAY,
	.open = reason_open, .draw = reason_draw, .key = reason_key, .reply = reason_reply,
	.close = reason_close,
};
