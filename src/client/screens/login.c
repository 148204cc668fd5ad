/* Sign in with a username, an e-mail address or a mobile number. */
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <sodium.h>

#include "app.h"
#include "config.h"
#include "ui.h"
#include "screens/screens.h"
#include "widgets/dialog.h"
#include "widgets/form.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/validate.h"
#include "roster/xalloc.h"

enum { REQ_LOGIN = 1 };

struct login {
	struct form form;
	char *note;          /* the last failure, shown above the buttons */
};

static int login_open(struct screen *s, void *arg)
{
	struct login *l = s->priv;

	s->title = _("Sign in");
	s->help = _("Tab next field  Enter sign in  Esc back");
	form_init(&l->form);
	form_add(&l->form, FT_TEXT, "login", _("Username, e-mail or mobile"), FF_REQUIRED, 128, NULL);
	form_add(&l->form, FT_PASSWORD, "password", _("Password"), FF_REQUIRED, 128, NULL);
	form_add(&l->form, FT_BUTTON, "submit", _("Sign in"), 0, 0, NULL);
	form_add(&l->form, FT_BUTTON, "forgot", _("Forgot password"), 0, 0, NULL);
	form_add(&l->form, FT_BUTTON, "back", _("Back"), 0, 0, NULL);
	if (arg) {
		form_set_value(&l->form, "login", arg);
		form_focus(&l->form, "password");
	}
	return 0;
}

static void login_draw(struct screen *s)
{
	struct login *l = s->priv;

	form_screen_draw(s, &l->form,
	                 _("Sign in with your username, e-mail address or mobile number."),
	                 l->note, false, 3);
}

static void set_note(struct login *l, const char *msg)
{
	free(l->note);
	l->note = msg ? xstrdup(msg) : NULL;
}

static void login_submit(struct screen *s)
{
	struct login *l = s->priv;
	char *login, norm[12];
	cJSON *body;

	if (app_busy(s))
		return;
	set_note(l, NULL);
	if (form_validate(&l->form))
		return;
	login = form_value(&l->form, "login");
	body = form_to_json(&l->form, false);
	/* +86 138 0013 8000 and 13800138000 are the same account */
	if (!strchr(login, '@') && val_mobile_normalise(login, norm))
		cJSON_ReplaceItemInObjectCaseSensitive(body, "login", cJSON_CreateString(norm));
	free(login);
	app_request(s, REQ_LOGIN, "POST", "/auth/login", body);
	/* the password has left: nothing of it stays on the screen */
	form_wipe_secrets(&l->form);
}

static int login_key(struct screen *s, wint_t k)
{
	struct login *l = s->priv;

	switch (form_key(&l->form, k)) {
	case FORM_ACTION:
		if (!strcmp(l->form.action, "submit"))
			login_submit(s);
		else if (!strcmp(l->form.action, "forgot"))
			app_push(s->app, &scr_forgot_ops, NULL, 0);
		else
			return SCR_CLOSE;
		return SCR_REDRAW;
	case FORM_HANDLED:
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void login_reply(struct screen *s, const struct api_reply *r)
{
	struct login *l = s->priv;
	const char *token;
	const cJSON *account;

	if (r->err == ERR_OK) {
		token = json_str_or(r->json, "token", NULL);
		account = cJSON_GetObjectItemCaseSensitive(r->json, "account");
		if (!token || !cJSON_IsObject(account)) {
			set_note(l, _(err_message(ERR_BAD_REPLY)));
			return;
		}
		/* a shared front-desk terminal, not the SSH door (--ssh), where
		 * each connection is the person's own */
		if (app_config(s->app)->kiosk && !app_config(s->app)->may_quit &&
		    !app_config(s->app)->kiosk_staff &&
		    app_is_staff_role(json_str_or(account, "role", "member"))) {
			/* a staff session on a public machine: ended at once */
			app_session_set(s->app, token, account);
			app_sign_out(s->app);
			dialog_error(s->app, _("Staff accounts cannot sign in at this kiosk. Use the staff console."), 0);
			return;
		}
		app_session_set(s->app, token, account);
		app_enter_home(s->app); /* closes this screen */
		return;
	}
	form_focus(&l->form, "password");
	if (r->err == ERR_BAD_CREDENTIALS || r->err == ERR_UNAUTHORIZED) {
		set_note(l, _(err_message(ERR_BAD_CREDENTIALS)));
	} else if (r->err == ERR_RATE_LIMITED) {
		char *msg = r->retry_after > 0
		            ? xasprintf(_("%s Try again in %d seconds."), r->message, r->retry_after)
		            : xstrdup(r->message);

		set_note(l, msg);
		free(msg);
	} else if (r->err == ERR_VALIDATION && r->fields) {
		form_set_server_errors(&l->form, r->fields);
		set_note(l, r->message);
	} else if (r->err == ERR_CANCELLED) {
		set_note(l, r->message);
	} else {
		app_reply_error(s, r);
	}
}

static void login_close(struct screen *s)
{
	struct login *l = s->priv;

	form_free(&l->form);
	free(l->note);
}

const struct screen_ops scr_login_ops = {
	.name = "login",
	.priv_size = sizeof(struct login),
	.open = login_open,
	.draw = login_draw,
	.key = login_key,
	.reply = login_reply,
	.close = login_close,
};
