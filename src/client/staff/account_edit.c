/* A staff account, for admins: create one (username, e-mail, mobile,
 * role, branch and a first password, typed or generated), give one a new
 * role and branch (PUT /staff/accounts/{id}), or set a new password
 * (POST /staff/accounts/{id}/password; its sessions end). The password is
 * shown as typed so the admin can pass it on; "Generate" makes a random
 * one. The server's reasons land under their fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <sodium.h>

#include "app.h"
#include "ui.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/form.h"
#include "reply.h"
#include "words.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { T_ORGS = 1, T_SAVE };
enum { P_DONE = 1 };

struct account_edit {
	enum staff_account_mode mode;
	long long id;
	char *username;
	const char *role_was;
	long long org_was;
	struct form form;
	bool built;
	char *note;
	char *password;          /* what was sent, for the dialog after */
};

static const char *const roles[] = { "branch_staff", "hq_staff", "admin" };

/* Twelve characters in three groups, without look-alikes (0/O, 1/l). */
static void generate(char out[16])
{
	static const char abc[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	int o = 0;

	for (int i = 0; i < 12; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = abc[randombytes_uniform(sizeof(abc) - 1)];
	}
	out[o] = '\0';
}

static void add_password(struct form *fm)
{
	form_add(fm, FT_TEXT, "password", _("Password"), FF_REQUIRED, 128, "password");
}

static void add_role(struct account_edit *e, const cJSON *orgs)
{
	struct form_field *f;
	const cJSON *o;
	char id[32];

	f = form_add(&e->form, FT_SELECT, "role", _("Role"), FF_REQUIRED, 0, NULL);
	f->sel = 0;
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		form_add_option(f, roles[i], account_role_words(roles[i]));
		if (e->role_was && !strcmp(e->role_was, roles[i]))
			f->sel = (int)i;
	}
	f = form_add(&e->form, FT_SELECT, "org_id", _("Branch"), 0, 0, NULL);
	form_add_option(f, "", _("None (headquarters)"));
	f->sel = 0;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(orgs, "items")) {
		if (!strcmp(json_str_or(o, "kind", ""), "hq"))
			continue;
		snprintf(id, sizeof(id), "%lld", (long long)json_int_or(o, "id", 0));
		form_add_option(f, id, text_or(lang_name(o), id));
		if (json_int_or(o, "id", 0) == e->org_was)
			f->sel = (int)f->nopts - 1;
	}
}

static void build(struct account_edit *e, const cJSON *orgs)
{
	form_free(&e->form);
	form_init(&e->form);
	switch (e->mode) {
	case STAFF_ACCOUNT_NEW:
		form_add(&e->form, FT_TEXT, "username", _("Username"), FF_REQUIRED, 32, "username");
		form_add(&e->form, FT_TEXT, "email", _("E-mail"), FF_REQUIRED, 254, "email");
		form_add(&e->form, FT_TEXT, "mobile", _("Mobile (optional)"), 0, 11, "mobile");
		add_role(e, orgs);
		add_password(&e->form);
		form_add(&e->form, FT_BUTTON, "save", _("Create"), 0, 0, NULL);
		form_add(&e->form, FT_BUTTON, "generate", _("Generate"), 0, 0, NULL);
		break;
	case STAFF_ACCOUNT_ROLE:
		add_role(e, orgs);
		form_add(&e->form, FT_BUTTON, "save", _("Save"), 0, 0, NULL);
		break;
	case STAFF_ACCOUNT_PASSWORD:
		add_password(&e->form);
		form_add(&e->form, FT_BUTTON, "save", _("Set"), 0, 0, NULL);
		form_add(&e->form, FT_BUTTON, "generate", _("Generate"), 0, 0, NULL);
		break;
	}
	form_add(&e->form, FT_BUTTON, "cancel", _("Cancel"), 0, 0, NULL);
	e->built = true;
}

static int ae_open(struct screen *s, void *arg)
{
	struct account_edit *e = s->priv;
	const struct staff_account_arg *a = arg;
	const cJSON *acc = a ? a->account : NULL;

	e->mode = a ? a->mode : STAFF_ACCOUNT_NEW;
	e->id = json_int_or(acc, "id", 0);
	e->username = xstrdup(json_str_or(acc, "username", ""));
	e->role_was = NULL;
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (!strcmp(json_str_or(acc, "role", ""), roles[i]))
			e->role_was = roles[i];
	e->org_was = json_int_or(cJSON_GetObjectItemCaseSensitive(acc, "org"), "id", 0);
	form_init(&e->form);
	s->title = e->mode == STAFF_ACCOUNT_NEW ? _("New staff account")
	         : e->mode == STAFF_ACCOUNT_ROLE ? _("Role and branch") : _("Set a new password");
	s->help = _("Tab next field  Left/Right choose  Enter continue  Esc back");
	if (e->mode == STAFF_ACCOUNT_PASSWORD)
		build(e, NULL);
	else
		app_request(s, T_ORGS, "GET", "/orgs", NULL);
	return 0;
}

static void ae_draw(struct screen *s)
{
	struct account_edit *e = s->priv;
	int y, x, h, w;
	char intro[256];

	if (!e->built) {
		app_body(s->app, &y, &x, &h, &w);
		ui_print(y + 1, x + 2, w - 4, _("Loading..."), ui_attr(UI_DIM));
		return;
	}
	if (e->mode == STAFF_ACCOUNT_NEW)
		snprintf(intro, sizeof(intro), "%s",
		         _("A branch officer needs a branch; headquarters staff and admins none."));
	else if (e->mode == STAFF_ACCOUNT_ROLE)
		snprintf(intro, sizeof(intro), _("%s: the new role applies from the next request."),
		         e->username);
	else
		snprintf(intro, sizeof(intro), _("%s: the account's open sessions end."), e->username);
	form_screen_draw(s, &e->form, intro, e->note, false, 2);
}

static void set_note(struct account_edit *e, const char *text)
{
	free(e->note);
	e->note = text ? xstrdup(text) : NULL;
}

static void save(struct screen *s)
{
	struct account_edit *e = s->priv;
	char *role = NULL, *org = NULL, path[96];
	cJSON *body;

	if (app_busy(s))
		return;
	set_note(e, NULL);
	form_clear_errors(&e->form);
	if (form_validate(&e->form))
		return;
	if (e->mode != STAFF_ACCOUNT_PASSWORD) {
		role = form_value(&e->form, "role");
		org = form_value(&e->form, "org_id");
		if (!strcmp(role, "branch_staff") && !*org) {
			form_set_error(&e->form, "org_id", _("Choose the officer's branch."));
			form_focus(&e->form, "org_id");
			goto out;
		}
	}
	body = cJSON_CreateObject();
	if (e->mode == STAFF_ACCOUNT_NEW) {
		char *v;

		v = form_value(&e->form, "username");
		json_add_str(body, "username", v);
		free(e->username);
		e->username = v;
		v = form_value(&e->form, "email");
		json_add_str(body, "email", v);
		free(v);
		v = form_value(&e->form, "mobile");
		if (*v)
			json_add_str(body, "mobile", v);
		free(v);
	}
	if (role) {
		json_add_str(body, "role", role);
		if (!strcmp(role, "branch_staff"))
			json_add_int(body, "org_id", strtoll(org, NULL, 10));
	}
	if (e->mode != STAFF_ACCOUNT_ROLE) {
		free(e->password);
		e->password = form_value(&e->form, "password");
		json_add_str(body, "password", e->password);
	}
	if (e->mode == STAFF_ACCOUNT_NEW) {
		app_request(s, T_SAVE, "POST", "/staff/accounts", body);
	} else {
		snprintf(path, sizeof(path), e->mode == STAFF_ACCOUNT_ROLE ? "/staff/accounts/%lld"
		         : "/staff/accounts/%lld/password", e->id);
		app_request(s, T_SAVE, e->mode == STAFF_ACCOUNT_ROLE ? "PUT" : "POST", path, body);
	}
out:
	free(role);
	free(org);
}

static int ae_key(struct screen *s, wint_t k)
{
	struct account_edit *e = s->priv;
	char pw[16];

	if (!e->built)
		return SCR_IGNORED;
	switch (form_key(&e->form, k)) {
	case FORM_HANDLED:
		return SCR_REDRAW;
	case FORM_ACTION:
		if (!strcmp(e->form.action, "cancel"))
			return SCR_CLOSE;
		if (!strcmp(e->form.action, "generate")) {
			generate(pw);
			form_set_value(&e->form, "password", pw);
			form_set_error(&e->form, "password", NULL);
			sodium_memzero(pw, sizeof(pw));
		} else {
			save(s);
		}
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void ae_reply(struct screen *s, const struct api_reply *r)
{
	struct account_edit *e = s->priv;
	char *msg;

	if (reply_session_gone(s, r))
		return;
	if (r->tag == T_ORGS) {
		if (r->err != ERR_OK) {
			app_reply_error(s, r);
			return;
		}
		build(e, r->json);
		return;
	}
	if (r->err != ERR_OK) {
		char *why = reply_error_text(r);

		if (r->fields)
			form_set_server_errors(&e->form, r->fields);
		set_note(e, why);
		free(why);
		return;
	}
	if (e->mode == STAFF_ACCOUNT_NEW)
		msg = xasprintf(_("The account %s was created. Its password:\n\n  %s\n\nPass it on in person."),
		                e->username, e->password);
	else if (e->mode == STAFF_ACCOUNT_PASSWORD)
		msg = xasprintf(_("The password of %s is now:\n\n  %s\n\nIts open sessions have ended."),
		                e->username, e->password);
	else
		msg = xasprintf(_("%s is now %s."), e->username,
		                account_role_words(json_str_or(r->json, "role", "")));
	form_wipe_secrets(&e->form);
	dialog_message(s->app, _("Staff account"), msg, P_DONE);
	sodium_memzero(msg, strlen(msg));
	free(msg);
}

static void ae_resume(struct screen *s, int tag, int value)
{
	(void)value;
	if (tag == P_DONE)
		app_close(s, 1);
}

static void ae_close(struct screen *s)
{
	struct account_edit *e = s->priv;

	form_wipe_all(&e->form);
	form_free(&e->form);
	if (e->password) {
		sodium_memzero(e->password, strlen(e->password));
		free(e->password);
	}
	free(e->username);
	free(e->note);
}

const struct screen_ops scr_staff_account_edit_ops = {
	.name = "staff_account_edit", .priv_size = sizeof(struct account_edit),
	.open = ae_open, .draw = ae_draw, .key = ae_key, .reply = ae_reply,
	.resume = ae_resume, .close = ae_close,
};
