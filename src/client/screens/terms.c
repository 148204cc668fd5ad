/* The membership terms (入会须知): read to the end, then accept. Closes with
 * value 1 when accepted, 0 otherwise. */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/screens.h"
#include "widgets/textview.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { REQ_TERMS = 1 };

struct terms {
	struct textview tv;
	char *heading;
	bool loaded;         /* a reply came (the text or the reason why not) */
	bool missing;        /* the server has no terms to show */
	bool tried_accept;   /* "a" before the end: say why nothing happened */
};

static int terms_open(struct screen *s, void *arg)
{
	struct terms *t = s->priv;

	s->title = _("Membership terms");
	s->help = _("Up/Down PgUp/PgDn read  a accept  Esc decline");
	textview_set(&t->tv, _("Loading the membership terms..."));
	app_request(s, REQ_TERMS, "GET", "/terms", NULL);
	return 0;
}

static void terms_draw(struct screen *s)
{
	struct terms *t = s->priv;
	int y, x, h, w;

	app_body(s->app, &y, &x, &h, &w);
	ui_print(y, x + 2, w - 4, t->heading ? t->heading : _("Membership terms"),
	         ui_attr(UI_HEADING));
	textview_draw(&t->tv, y + 2, x + 2, h - 5, w - 4);
	if (!t->loaded)
		return;
	if (textview_at_end(&t->tv))
		ui_print(y + h - 2, x + 2, w - 4,
		         _("Press a to accept the terms and continue, or Esc to decline."),
		         ui_attr(UI_OK));
	else
		ui_print(y + h - 2, x + 2, w - 4,
		         t->tried_accept ? _("Please read the terms to the end first (PgDn).")
		                         : _("Read to the end to accept (PgDn)."),
		         ui_attr(t->tried_accept ? UI_ERROR : UI_DIM));
}

static int terms_key(struct screen *s, wint_t k)
{
	struct terms *t = s->priv;

	if (textview_key(&t->tv, k))
		return SCR_REDRAW;
	if (k == 'a' || k == 'A' || k == '\r' || k == '\n') {
		if (t->loaded && textview_at_end(&t->tv)) {
			app_close(s, 1);
			return SCR_HANDLED;
		}
		t->tried_accept = true;
		return SCR_REDRAW;
	}
	if (k == KEY_ESC || k == 'q') {
		app_close(s, 0);
		return SCR_HANDLED;
	}
	return SCR_IGNORED;
}

static void terms_reply(struct screen *s, const struct api_reply *r)
{
	struct terms *t = s->priv;
	const char *title, *body;

	t->loaded = true;
	if (r->err == ERR_OK) {
		title = app_json_text(r->json, "title");
		body = app_json_text(r->json, "body");
		if (!body)
			body = "";
		free(t->heading);
		t->heading = title ? xstrdup(title) : NULL;
		textview_set(&t->tv, body);
		return;
	}
	if (r->err == ERR_NOT_FOUND) {
		/* the association has not published its terms yet */
		t->missing = true;
		textview_set(&t->tv, _("The association has not published its membership terms yet. "
		                       "By registering you agree to the terms it publishes."));
		return;
	}
	if (r->err == ERR_CANCELLED) {
		app_close(s, 0);
		return;
	}
	t->loaded = false;
	textview_set(&t->tv, r->message);
	app_reply_error(s, r);
}

static void terms_close(struct screen *s)
{
	struct terms *t = s->priv;

	textview_free(&t->tv);
	free(t->heading);
}

const struct screen_ops scr_terms_ops = {
	.name = "terms",
	.priv_size = sizeof(struct terms),
	.open = terms_open,
	.draw = terms_draw,
	.key = terms_key,
	.reply = terms_reply,
	.close = terms_close,
};
