/* Register: the terms first (terms.c), then the account fields and the
 * member type. On success the new member is signed in with what was just
 * typed and taken to the membership application. The server answers a
 * registration the same way whether the e-mail or mobile had an account
 * already (it mails that account's owner instead): when that sign-in fails,
 * the screen says to check the mail, which tells each case what to do. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/screens.h"
#include "screens/join.h"
#include "widgets/dialog.h"
#include "widgets/form.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/validate.h"
#include "roster/xalloc.h"

enum { REQ_REGISTER = 1, REQ_LOGIN };
enum { TAG_TERMS = 1, TAG_DONE };

struct reg {
	struct form form;
	char *note;
	char *username;      /* kept for the sign-in screen after success */
	char *email;         /* where the server's mail went */
	char *password;      /* held from register to the sign-in; wiped */
};

static void forget_password(struct reg *g)
{
	if (g->password) {
		sodium_memzero(g->password, strlen(g->password));
		free(g->password);
		g->password = NULL;
	}
}

static int register_open(struct screen *s, void *arg)
{
	struct reg *g = s->priv;
	struct form_field *f;

	s->title = _("Register");
	s->help = _("Tab next field  Left/Right change choice  Enter register  Esc back");
	form_init(&g->form);
	form_add(&g->form, FT_TEXT, "username", _("Username"), FF_REQUIRED, 32, "username");
	form_add(&g->form, FT_TEXT, "email", _("E-mail"), FF_REQUIRED, 254, "email");
	form_add(&g->form, FT_TEXT, "mobile", _("Mobile"), FF_REQUIRED, 20, "mobile");
	form_add(&g->form, FT_PASSWORD, "password", _("Password"), FF_REQUIRED, 128, "password");
	f = form_add(&g->form, FT_PASSWORD, "password2", _("Password again"), FF_REQUIRED, 128, NULL);
	f->same_as = xstrdup("password");
	f = form_add(&g->form, FT_SELECT, "member_type", _("Member type"), FF_REQUIRED, 0, NULL);
	form_add_option(f, "individual", _("Individual member"));
	form_add_option(f, "unit", _("Unit (organisation) member"));
	form_add(&g->form, FT_BUTTON, "submit", _("Register"), 0, 0, NULL);
	form_add(&g->form, FT_BUTTON, "back", _("Back"), 0, 0, NULL);
	/* the terms come first; declining them ends the registration */
	app_push(s->app, &scr_terms_ops, NULL, TAG_TERMS);
	return 0;
}

static void register_draw(struct screen *s)
{
	struct reg *g = s->priv;

	form_screen_draw(s, &g->form,
	        _("Create your account. The membership application follows."),
	        g->note, false, 2);
}

static void set_note(struct reg *g, const char *msg)
{
	free(g->note);
	g->note = msg ? xstrdup(msg) : NULL;
}

static void register_submit(struct screen *s)
{
	struct reg *g = s->priv;
	cJSON *body;
	char *mobile, norm[12];

	if (app_busy(s))
		return;
	set_note(g, NULL);
	if (form_validate(&g->form))
		return;
	body = form_to_json(&g->form, false);
	cJSON_DeleteItemFromObjectCaseSensitive(body, "password2");
	mobile = form_value(&g->form, "mobile");
	if (val_mobile_normalise(mobile, norm))
		cJSON_ReplaceItemInObjectCaseSensitive(body, "mobile", cJSON_CreateString(norm));
	free(mobile);
	json_add_bool(body, "agree_terms", true);
	free(g->username);
	g->username = form_value(&g->form, "username");
	free(g->email);
	g->email = form_value(&g->form, "email");
	forget_password(g);
	g->password = form_value(&g->form, "password");
	app_request(s, REQ_REGISTER, "POST", "/auth/register", body);
	form_wipe_secrets(&g->form);
}

static int register_key(struct screen *s, wint_t k)
{
	struct reg *g = s->priv;

	switch (form_key(&g->form, k)) {
	case FORM_ACTION:
		if (!strcmp(g->form.action, "submit"))
			register_submit(s);
		else
			return SCR_CLOSE;
		return SCR_REDRAW;
	case FORM_HANDLED:
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void register_reply(struct screen *s, const struct api_reply *r)
{
	struct reg *g = s->priv;

	if (r->tag == REQ_LOGIN) {
		const char *token = json_str_or(r->json, "token", NULL);
		const cJSON *account = cJSON_GetObjectItemCaseSensitive(r->json, "account");

		if (r->err == ERR_OK && token && cJSON_IsObject(account)) {
			struct app *app = s->app;

			app_session_set(app, token, account);
			app_enter_home(app); /* closes this screen */
			app_push(app, &scr_join_ops, NULL, 1);
			return;
		}
		/* no account of this password: the address had one already, and
		 * its owner was mailed; the same words either way */
		{
			char *t = xasprintf(_("Please check your mail at %s: it tells you how to go on."),
			                    g->email ? g->email : "");
			dialog_message(s->app, _("Check your mail"), t, TAG_DONE);
			free(t);
		}
		return;
	}
	if (r->err == ERR_OK) {
		cJSON *body = cJSON_CreateObject();

		json_add_str(body, "login", g->username ? g->username : "");
		json_add_str(body, "password", g->password ? g->password : "");
		forget_password(g);
		app_request(s, REQ_LOGIN, "POST", "/auth/login", body);
		return;
	}
	forget_password(g);
	if (r->err == ERR_CANCELLED) {
		set_note(g, r->message);
		return;
	}
	if ((r->err == ERR_VALIDATION || r->err == ERR_EXISTS || r->err == ERR_CONFLICT) &&
	    r->fields && form_set_server_errors(&g->form, r->fields) > 0) {
		set_note(g, r->message);
		return;
	}
	if (r->err == ERR_EXISTS || r->err == ERR_VALIDATION) {
		set_note(g, r->server_message ? r->server_message : r->message);
		return;
	}
	app_reply_error(s, r);
}

static void register_resume(struct screen *s, int tag, int value)
{
	struct reg *g = s->priv;

	if (tag == TAG_TERMS && value != 1) {
		app_close(s, 0);
	} else if (tag == TAG_DONE) {
		char *user = g->username ? xstrdup(g->username) : NULL;
		struct app *app = s->app;

		app_reset(app, &scr_welcome_ops, NULL); /* closes this screen */
		app_push(app, &scr_login_ops, user, 0);
		free(user);
	}
}

static void register_close(struct screen *s)
{
	struct reg *g = s->priv;

	form_free(&g->form);
	free(g->note);
	free(g->username);
	free(g->email);
	forget_password(g);
}

const struct screen_ops scr_register_ops = {
	.name = "register",
	.priv_size = sizeof(struct reg),
	.open = register_open,
	.draw = register_draw,
	.key = register_key,
	.reply = register_reply,
	.resume = register_resume,
	.close = register_close,
};
