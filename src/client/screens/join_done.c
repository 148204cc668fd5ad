/* The join wizard's done page: submitted, what happens next, and the way to
 * the member centre (join.h). */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/join.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/xalloc.h"

struct join_done {
	char *status;        /* the application's status after submit */
};

static int done_open(struct screen *s, void *arg)
{
	struct join_done *d = s->priv;

	d->status = xstrdup(arg ? (const char *)arg : "");
	s->title = _("Application submitted");
	s->help = _("Enter member centre");
	return 0;
}

static void done_draw(struct screen *s)
{
	struct join_done *d = s->priv;
	int y, x, h, w, row;
	char *t;

	app_body(s->app, &y, &x, &h, &w);
	x += 2;
	w -= 4;
	row = y + 2;
	ui_print(row++, x, w, _("Your application has been submitted."), ui_attr(UI_OK));
	row++;
	if (*d->status) {
		t = xasprintf(_("Status: %s"), app_status_words(d->status));
		ui_print(row++, x, w, t, ui_attr(UI_NORMAL) | A_BOLD);
		free(t);
	}
	ui_print(row++, x, w, app_status_of(d->status) == APP_STATUS_PENDING_BRANCH
	         ? _("The branch reviews it first, then the headquarters.")
	         : _("The headquarters reviews it."), ui_attr(UI_NORMAL));
	ui_print(row++, x, w, _("You will get a message with the result; once approved, pay the dues."),
	         ui_attr(UI_NORMAL));
	row += 2;
	ui_print(row, x, w, _("[ Enter: go to the member centre ]"), ui_attr(UI_SELECTED));
	app_cursor(s->app, row, x + 2);
}

static int done_key(struct screen *s, wint_t k)
{
	if (k == '\r' || k == '\n' || k == KF(KEY_ENTER) || k == KEY_ESC) {
		app_enter_home(s->app);
		return SCR_HANDLED;
	}
	return SCR_IGNORED;
}

static void done_close(struct screen *s)
{
	struct join_done *d = s->priv;

	free(d->status);
}

const struct screen_ops scr_join_done_ops = {
	.name = "join_done",
	.priv_size = sizeof(struct join_done),
	.open = done_open,
	.draw = done_draw,
	.key = done_key,
	.close = done_close,
};
