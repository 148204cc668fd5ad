/* Forgot password (signed out): a code goes to the account's e-mail, then
 * the code and a new password set it. */
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <sodium.h>

#include "app.h"
#include "ui.h"
#include "screens/screens.h"
#include "widgets/dialog.h"
#include "widgets/form.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { REQ_CODE = 1, REQ_RESET };
enum { TAG_DONE = 1 };

struct forgot {
	struct form form;
	int stage;           /* 0 ask for the e-mail, 1 code and new password */
	char *email;
	char *note;
	bool note_ok;
};

static void set_note(struct forgot *f, const char *msg, bool ok)
{
	free(f->note);
	f->note = msg ? xstrdup(msg) : NULL;
	f->note_ok = ok;
}

static void build_stage(struct forgot *f)
{
	struct form_field *ff;

	form_free(&f->form);
	form_init(&f->form);
	if (f->stage == 0) {
		form_add(&f->form, FT_TEXT, "email", _("E-mail"), FF_REQUIRED, 254, "email");
		if (f->email)
			form_set_value(&f->form, "email", f->email);
		form_add(&f->form, FT_BUTTON, "send", _("Send code"), 0, 0, NULL);
		form_add(&f->form, FT_BUTTON, "back", _("Back"), 0, 0, NULL);
	} else {
		form_add(&f->form, FT_TEXT, "code", _("Code from the e-mail"), FF_REQUIRED, 6, NULL);
		form_add(&f->form, FT_PASSWORD, "new_password", _("New password"), FF_REQUIRED, 128,
		         "password");
		ff = form_add(&f->form, FT_PASSWORD, "new_password2", _("New password again"),
		              FF_REQUIRED, 128, NULL);
		ff->same_as = xstrdup("new_password");
		form_add(&f->form, FT_BUTTON, "reset", _("Set new password"), 0, 0, NULL);
		form_add(&f->form, FT_BUTTON, "resend", _("Send a new code"), 0, 0, NULL);
		form_add(&f->form, FT_BUTTON, "back", _("Back"), 0, 0, NULL);
	}
}

static int forgot_open(struct screen *s, void *arg)
{
	struct forgot *f = s->priv;

	s->title = _("Forgot password");
	s->help = _("Tab next field  Enter continue  Esc back");
	form_init(&f->form);
	build_stage(f);
	return 0;
}

static void forgot_draw(struct screen *s)
{
	struct forgot *f = s->priv;

	form_screen_draw(s, &f->form, f->stage == 0
	                 ? _("Enter the e-mail address of your account. We will send you a code.")
	                 : _("Enter the code from the e-mail and choose a new password."),
	                 f->note, f->note_ok, 2);
}

static void send_code(struct screen *s)
{
	struct forgot *f = s->priv;
	cJSON *body = cJSON_CreateObject();

	json_add_str(body, "email", f->email);
	app_request(s, REQ_CODE, "POST", "/auth/email-code", body);
}

static int forgot_key(struct screen *s, wint_t k)
{
	struct forgot *f = s->priv;
	cJSON *body;

	switch (form_key(&f->form, k)) {
	case FORM_HANDLED:
		return SCR_REDRAW;
	case FORM_ACTION:
		break;
	default:
		return SCR_IGNORED;
	}
	if (!strcmp(f->form.action, "back")) {
		if (f->stage == 0)
			return SCR_CLOSE;
		f->stage = 0;
		set_note(f, NULL, false);
		build_stage(f);
		return SCR_REDRAW;
	}
	if (app_busy(s))
		return SCR_HANDLED;
	if (!strcmp(f->form.action, "resend")) {
		send_code(s);
		return SCR_REDRAW;
	}
	if (form_validate(&f->form))
		return SCR_REDRAW;
	set_note(f, NULL, false);
	if (!strcmp(f->form.action, "send")) {
		free(f->email);
		f->email = form_value(&f->form, "email");
		send_code(s);
	} else if (!strcmp(f->form.action, "reset")) {
		body = form_to_json(&f->form, false);
		cJSON_DeleteItemFromObjectCaseSensitive(body, "new_password2");
		json_add_str(body, "email", f->email);
		app_request(s, REQ_RESET, "POST", "/auth/password/reset", body);
		form_wipe_secrets(&f->form);
		form_set_value(&f->form, "code", "");
	}
	return SCR_REDRAW;
}

static void forgot_reply(struct screen *s, const struct api_reply *r)
{
	struct forgot *f = s->priv;

	if (r->err == ERR_OK && r->tag == REQ_CODE) {
		char *msg = xasprintf(_("If %s belongs to an account, a code is on its way."), f->email);

		if (f->stage == 0) {
			f->stage = 1;
			build_stage(f);
		}
		set_note(f, msg, true);
		free(msg);
		return;
	}
	if (r->err == ERR_OK) {
		dialog_message(s->app, _("Password changed"),
		               _("Your password has been changed. Please sign in."), TAG_DONE);
		return;
	}
	if (r->err == ERR_CODE_INVALID || r->err == ERR_GONE) {
		form_set_error(&f->form, "code", r->message);
		form_focus(&f->form, "code");
		return;
	}
	if (r->err == ERR_VALIDATION && r->fields && form_set_server_errors(&f->form, r->fields)) {
		set_note(f, r->message, false);
		return;
	}
	if (r->err == ERR_RATE_LIMITED || r->err == ERR_CANCELLED) {
		char *msg = r->retry_after > 0
		            ? xasprintf(_("%s Try again in %d seconds."), r->message, r->retry_after)
		            : xstrdup(r->message);

		set_note(f, msg, false);
		free(msg);
		return;
	}
	app_reply_error(s, r);
}

static void forgot_resume(struct screen *s, int tag, int value)
{
	if (tag == TAG_DONE) {
		struct app *app = s->app;

		app_reset(app, &scr_welcome_ops, NULL);
		app_push(app, &scr_login_ops, NULL, 0);
	}
}

static void forgot_close(struct screen *s)
{
	struct forgot *f = s->priv;

	form_free(&f->form);
	free(f->email);
	free(f->note);
}

const struct screen_ops scr_forgot_ops = {
	.name = "forgot_password",
	.priv_size = sizeof(struct forgot),
	.open = forgot_open,
	.draw = forgot_draw,
	.key = forgot_key,
	.reply = forgot_reply,
	.resume = forgot_resume,
	.close = forgot_close,
};
