/* Message and confirm dialogs (dialog.h). */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "ui.h"
#include "widgets/dialog.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

#define DLG_MAX_LINES 12

struct dialog {
	enum dialog_kind kind;
	char *title, *text, *yes, *no;
	int choice;            /* confirm: 1 yes, 0 no */
	void (*on_yes)(struct app *);
};

void dialog_frame(struct app *app, const char *title, int want_h, int want_w,
                  int *y, int *x, int *h, int *w)
{
	int by, bx, bh, bw, fy, fx, fh, fw;
	attr_t a = ui_attr(UI_DIALOG);

	app_body(app, &by, &bx, &bh, &bw);
	fh = want_h + 2 < bh ? want_h + 2 : bh;
	fw = want_w + 4 < bw ? want_w + 4 : bw;
	fy = by + (bh - fh) / 2;
	fx = bx + (bw - fw) / 2;
	ui_fill(fy, fx, fh, fw, a);
	ui_box(fy, fx, fh, fw, a);
	if (title && *title) {
		char buf[256];

		snprintf(buf, sizeof(buf), " %s ", title);
		ui_print(fy, fx + 2, fw - 4, buf, a | A_BOLD);
	}
	*y = fy + 1;
	*x = fx + 2;
	*h = fh - 2;
	*w = fw - 4;
}

static int dialog_open(struct screen *s, void *arg)
{
	struct dialog *d = s->priv;
	const struct dialog_arg *a = arg;

	d->kind = a->kind;
	d->title = xstrdup(a->title ? a->title : "");
	d->text = xstrdup(a->text ? a->text : "");
	d->yes = xstrdup(a->yes ? a->yes : a->kind == DLG_CONFIRM ? _("Yes") : _("OK"));
	d->no = xstrdup(a->no ? a->no : _("No"));
	d->choice = 1;
	d->on_yes = a->on_yes;
	s->help = d->kind == DLG_CONFIRM ? _("Enter choose  Left/Right switch  Esc no")
	                                 : _("Enter close");
	return 0;
}

static void dialog_draw(struct screen *s)
{
	struct dialog *d = s->priv;
	size_t starts[DLG_MAX_LINES], lens[DLG_MAX_LINES];
	int by, bx, bh, bw, want_w, n, i, y, x, h, w, bxpos;
	char yes[128], no[128], line[1024];
	attr_t a = ui_attr(UI_DIALOG);

	app_body(s->app, &by, &bx, &bh, &bw);
	want_w = (int)utf8_width(d->text);
	if ((int)utf8_width(d->title) + 4 > want_w)
		want_w = (int)utf8_width(d->title) + 4;
	if (want_w < 30)
		want_w = 30;
	if (want_w > bw - 8)
		want_w = bw - 8 > 10 ? bw - 8 : 10;
	if (want_w > 60)
		want_w = 60;
	n = ui_wrap(d->text, want_w, starts, lens, DLG_MAX_LINES);
	if (n > DLG_MAX_LINES)
		n = DLG_MAX_LINES;
	dialog_frame(s->app, d->title, n + 2, want_w, &y, &x, &h, &w);
	for (i = 0; i < n && i < h - 2; i++) {
		size_t l = lens[i] < sizeof(line) - 1 ? lens[i] : sizeof(line) - 1;

		memcpy(line, d->text + starts[i], l);
		line[l] = '\0';
		ui_print(y + i, x, w, line,
		         d->kind == DLG_ERROR ? (app_has_colour(s->app) ? (attr_t)COLOR_PAIR(9) | A_BOLD : a | A_BOLD) : a);
	}
	snprintf(yes, sizeof(yes), "[ %s ]", d->yes);
	snprintf(no, sizeof(no), "[ %s ]", d->no);
	if (d->kind == DLG_CONFIRM) {
		int tw = (int)utf8_width(yes) + 2 + (int)utf8_width(no);

		bxpos = x + (w - tw) / 2;
		ui_print(y + h - 1, bxpos, w, yes, d->choice ? ui_attr(UI_SELECTED) : a);
		ui_print(y + h - 1, bxpos + (int)utf8_width(yes) + 2, w, no,
		         d->choice ? a : ui_attr(UI_SELECTED));
		app_cursor(s->app, y + h - 1, d->choice ? bxpos + 2 : bxpos + (int)utf8_width(yes) + 4);
	} else {
		bxpos = x + (w - (int)utf8_width(yes)) / 2;
		ui_print(y + h - 1, bxpos, w, yes, ui_attr(UI_SELECTED));
		app_cursor(s->app, y + h - 1, bxpos + 2);
	}
}

static int dialog_key(struct screen *s, wint_t k)
{
	struct dialog *d = s->priv;

	switch (k) {
	case '\r': case '\n': case KF(KEY_ENTER):
		if (d->kind == DLG_CONFIRM && !d->choice) {
			app_close(s, 0);
			return SCR_HANDLED;
		}
		if (d->on_yes)
			d->on_yes(s->app);
		app_close(s, 1);
		return SCR_HANDLED;
	case KEY_ESC:
		app_close(s, 0);
		return SCR_HANDLED;
	case KF(KEY_LEFT): case KF(KEY_RIGHT): case '\t': case KF(KEY_BTAB):
		if (d->kind != DLG_CONFIRM)
			return SCR_HANDLED;
		d->choice = !d->choice;
		return SCR_REDRAW;
	case 'y': case 'Y':
		if (d->kind == DLG_CONFIRM) {
			if (d->on_yes)
				d->on_yes(s->app);
			app_close(s, 1);
			return SCR_HANDLED;
		}
		return SCR_HANDLED;
	case 'n': case 'N':
		if (d->kind == DLG_CONFIRM) {
			app_close(s, 0);
			return SCR_HANDLED;
		}
		return SCR_HANDLED;
	default:
		/* a dialog is modal: nothing reaches the screen below */
		return SCR_HANDLED;
	}
}

static void dialog_close(struct screen *s)
{
	struct dialog *d = s->priv;

	free(d->title);
	free(d->text);
	free(d->yes);
	free(d->no);
}

const struct screen_ops scr_dialog_ops = {
	.name = "dialog",
	.priv_size = sizeof(struct dialog),
	.flags = SCR_F_OVERLAY,
	.open = dialog_open,
	.draw = dialog_draw,
	.key = dialog_key,
	.close = dialog_close,
};

struct screen *dialog_message(struct app *app, const char *title, const char *text, int tag)
{
	struct dialog_arg a = { DLG_INFO, title, text, NULL, NULL, NULL };

	return app_push(app, &scr_dialog_ops, &a, tag);
}

struct screen *dialog_error(struct app *app, const char *text, int tag)
{
	struct dialog_arg a = { DLG_ERROR, _("Error"), text, NULL, NULL, NULL };

	return app_push(app, &scr_dialog_ops, &a, tag);
}

struct screen *dialog_confirm(struct app *app, const char *title, const char *text,
                              const char *yes, const char *no, int tag)
{
	struct dialog_arg a = { DLG_CONFIRM, title, text, yes, no, NULL };

	return app_push(app, &scr_dialog_ops, &a, tag);
}
