/* Change password (signed in): with the current password, or with a code
 * sent to the account's e-mail. */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/screens.h"
#include "widgets/dialog.h"
#include "widgets/form.h"
#include "widgets/menu.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { REQ_CHANGE = 1, REQ_CODE, REQ_RESET };
enum { M_OLD = 1, M_CODE, M_BACK };
enum { TAG_DONE = 1 };

static const struct menu_item password_items[] = {
	{ N_("With my current password"), M_OLD, 'o' },
	{ N_("With a code sent to my e-mail"), M_CODE, 'e' },
	{ N_("Back"), M_BACK, 'b' },
};

struct password {
	struct menu menu;
	struct form form;
	int way;             /* 0 choosing, M_OLD or M_CODE */
	char *note;
	bool note_ok;
};

static void set_note(struct password *p, const char *msg, bool ok)
{
	free(p->note);
	p->note = msg ? xstrdup(msg) : NULL;
	p->note_ok = ok;
}

static void add_new_fields(struct form *fm)
{
	struct form_field *f;

	form_add(fm, FT_PASSWORD, "new_password", _("New password"), FF_REQUIRED, 128, "password");
	f = form_add(fm, FT_PASSWORD, "new_password2", _("New password again"), FF_REQUIRED, 128, NULL);
	f->same_as = xstrdup("new_password");
	form_add(fm, FT_BUTTON, "submit", _("Change password"), 0, 0, NULL);
	form_add(fm, FT_BUTTON, "back", _("Back"), 0, 0, NULL);
}

static const char *account_email(struct screen *s)
{
	return json_str_or(app_session(s->app)->account, "email", "");
}

static void choose(struct screen *s, int way)
{
	struct password *p = s->priv;

	p->way = way;
	form_free(&p->form);
	form_init(&p->form);
	set_note(p, NULL, false);
	if (way == M_OLD) {
		form_add(&p->form, FT_PASSWORD, "old_password", _("Current password"), FF_REQUIRED, 128, NULL);
	} else {
		form_add(&p->form, FT_TEXT, "code", _("Code from the e-mail"), FF_REQUIRED, 6, NULL);
		app_request(s, REQ_CODE, "POST", "/auth/email-code", cJSON_CreateObject());
	}
	add_new_fields(&p->form);
}

static int password_open(struct screen *s, void *arg)
{
	struct password *p = s->priv;

	s->title = _("Change password");
	s->help = _("Tab next field  Enter continue  Esc back");
	menu_init(&p->menu, password_items, sizeof(password_items) / sizeof(password_items[0]));
	form_init(&p->form);
	return 0;
}

static void password_draw(struct screen *s)
{
	struct password *p = s->priv;
	int y, x, h, w, cy = -1, cx = -1;

	if (p->way != 0) {
		form_screen_draw(s, &p->form, p->way == M_OLD
		                 ? _("Enter your current password and the new one.")
		                 : _("Enter the code from the e-mail and the new password."),
		                 p->note, p->note_ok, 2);
		return;
	}
	app_body(s->app, &y, &x, &h, &w);
	ui_print(y + 1, x + 2, w - 4, _("How do you want to prove it is you?"), ui_attr(UI_NORMAL));
	menu_draw(&p->menu, y + 3, x + 2, 44, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static void submit(struct screen *s)
{
	struct password *p = s->priv;
	cJSON *body;

	if (app_busy(s) || form_validate(&p->form))
		return;
	set_note(p, NULL, false);
	body = form_to_json(&p->form, false);
	cJSON_DeleteItemFromObjectCaseSensitive(body, "new_password2");
	if (p->way == M_OLD) {
		app_request(s, REQ_CHANGE, "POST", "/auth/password", body);
	} else {
		json_add_str(body, "email", account_email(s));
		app_request(s, REQ_RESET, "POST", "/auth/password/reset", body);
		form_set_value(&p->form, "code", "");
	}
	form_wipe_secrets(&p->form);
}

static int password_key(struct screen *s, wint_t k)
{
	struct password *p = s->priv;
	int id;

	if (p->way == 0) {
		id = menu_key(&p->menu, k);
		if (id == MENU_IGNORED)
			return SCR_IGNORED;
		if (id == M_BACK)
			return SCR_CLOSE;
		if (id == M_OLD || id == M_CODE)
			choose(s, id);
		return SCR_REDRAW;
	}
	switch (form_key(&p->form, k)) {
	case FORM_HANDLED:
		return SCR_REDRAW;
	case FORM_ACTION:
		if (!strcmp(p->form.action, "back")) {
			app_cancel_requests(s);
			p->way = 0;
			set_note(p, NULL, false);
		} else {
			submit(s);
		}
		return SCR_REDRAW;
	default:
		if (k == KEY_ESC) {
			p->way = 0;
			set_note(p, NULL, false);
			return SCR_REDRAW;
		}
		return SCR_IGNORED;
	}
}

static void password_reply(struct screen *s, const struct api_reply *r)
{
	struct password *p = s->priv;

	if (r->err == ERR_OK && r->tag == REQ_CODE) {
		char *msg = xasprintf(_("A code has been sent to %s."), account_email(s));

		set_note(p, msg, true);
		free(msg);
		return;
	}
	if (r->err == ERR_OK) {
		dialog_message(s->app, _("Password changed"), _("Your password has been changed."),
		               TAG_DONE);
		return;
	}
	if (r->err == ERR_BAD_CREDENTIALS) {
		form_set_error(&p->form, "old_password", _("The current password is wrong."));
		form_focus(&p->form, "old_password");
		return;
	}
	if (r->err == ERR_CODE_INVALID || r->err == ERR_GONE) {
		form_set_error(&p->form, "code", r->message);
		form_focus(&p->form, "code");
		return;
	}
	if (r->err == ERR_VALIDATION && r->fields && form_set_server_errors(&p->form, r->fields)) {
		set_note(p, r->message, false);
		return;
	}
	if (r->err == ERR_RATE_LIMITED || r->err == ERR_CANCELLED) {
		char *msg = r->retry_after > 0
		            ? xasprintf(_("%s Try again in %d seconds."), r->message, r->retry_after)
		            : xstrdup(r->message);

		set_note(p, msg, false);
		free(msg);
		return;
	}
	app_reply_error(s, r);
}

static void password_resume(struct screen *s, int tag, int value)
{
	if (tag == TAG_DONE)
		app_close(s, 1);
}

static void password_close(struct screen *s)
{
	struct password *p = s->priv;

	form_free(&p->form);
	free(p->note);
}

const struct screen_ops scr_password_ops = {
	.name = "change_password",
	.priv_size = sizeof(struct password),
	.open = password_open,
	.draw = password_draw,
	.key = password_key,
	.reply = password_reply,
	.resume = password_resume,
	.close = password_close,
};
