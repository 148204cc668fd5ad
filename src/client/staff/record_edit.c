/* Edit a member's approved record (PUT /members/{id}): the fields of the
 * member's form filled with the profile, and the reason, which the server
 * requires and keeps in the audit log with the fields before and after.
 * Only the fields that changed are sent; a new mobile or e-mail becomes
 * what the member signs in with. Closes with 1 once saved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/form.h"
#include "i18n_setup.h"
#include "reply.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

#define REASON_MAX 500

enum { T_FORM = 1, T_SAVE };
enum { P_DONE = 1 };

struct record_edit {
	long id;
	cJSON *profile;          /* the approved profile (copy) */
	char *name;
	struct form form;
	bool built;
	char *note;
};

static const cJSON *member_of(const cJSON *record)
{
	return cJSON_GetObjectItemCaseSensitive(record, "member");
}

static void build(struct record_edit *e, const cJSON *schema)
{
	form_free(&e->form);
	form_init(&e->form);
	form_from_schema(&e->form, schema, i18n_language());
	form_fill(&e->form, e->profile);
	form_add(&e->form, FT_HEADING, "", _("Why"), 0, 0, NULL);
	form_add(&e->form, FT_TEXT, "reason", _("Reason (kept in the audit log)"), FF_REQUIRED,
	         REASON_MAX, NULL);
	form_add(&e->form, FT_BUTTON, "save", _("Save the record"), 0, 0, NULL);
	form_add(&e->form, FT_BUTTON, "cancel", _("Cancel"), 0, 0, NULL);
	e->form.focus = 0;
	while (e->form.focus < e->form.n && e->form.f[e->form.focus].type == FT_HEADING)
		e->form.focus++;
	e->built = true;
}

static int re_open(struct screen *s, void *arg)
{
	struct record_edit *e = s->priv;
	const struct staff_record_arg *a = arg;
	const cJSON *m = member_of(a->record);
	char path[48];

	e->id = a->id;
	e->profile = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(m, "profile"), 1);
	if (!e->profile)
		e->profile = cJSON_CreateObject();
	e->name = xstrdup(json_str_or(m, "name", json_str_or(m, "username", "")));
	form_init(&e->form);
	s->title = _("Edit the member's record");
	s->help = _("Tab next field  Enter continue  Esc back");
	if (a->form) {
		build(e, a->form);
	} else {
		snprintf(path, sizeof(path), "/forms/%s",
		         !strcmp(json_str_or(m, "member_type", ""), "unit") ? "unit" : "individual");
		app_request(s, T_FORM, "GET", path, NULL);
	}
	return 0;
}

static void re_draw(struct screen *s)
{
	struct record_edit *e = s->priv;
	char *intro;

	if (!e->built) {
		form_screen_draw(s, &e->form, _("Loading..."), NULL, false, 2);
		return;
	}
	intro = xasprintf(_("%s: the change applies at once and the member is told."), e->name);
	form_screen_draw(s, &e->form, intro, e->note, false, 2);
	free(intro);
}

static void set_note(struct record_edit *e, const char *text)
{
	free(e->note);
	e->note = text ? xstrdup(text) : NULL;
}

/* The fields whose value differs from the approved profile. */
static cJSON *changed(const struct record_edit *e)
{
	cJSON *out = cJSON_CreateObject();
	char nb[32];

	for (size_t i = 0; i < e->form.n; i++) {
		const struct form_field *f = &e->form.f[i];
		char *now;

		if (f->type == FT_HEADING || f->type == FT_BUTTON || !strcmp(f->name, "reason"))
			continue;
		now = form_value(&e->form, f->name);
		if (strcmp(now, json_text(e->profile, f->name, nb)))
			json_add_str(out, f->name, now);
		free(now);
	}
	return out;
}

static void save(struct screen *s)
{
	struct record_edit *e = s->priv;
	cJSON *body, *ch;
	char path[48], *reason;

	if (app_busy(s))
		return;
	set_note(e, NULL);
	form_clear_errors(&e->form);
	if (form_validate(&e->form))
		return;
	ch = changed(e);
	if (!ch->child) {
		cJSON_Delete(ch);
		set_note(e, _("Nothing has changed."));
		return;
	}
	body = cJSON_CreateObject();
	cJSON_AddItemToObject(body, "profile", ch);
	reason = form_value(&e->form, "reason");
	json_add_str(body, "reason", reason);
	free(reason);
	snprintf(path, sizeof(path), "/members/%ld", e->id);
	app_request(s, T_SAVE, "PUT", path, body);
}

static int re_key(struct screen *s, wint_t k)
{
	struct record_edit *e = s->priv;

	if (!e->built)
		return SCR_IGNORED;
	switch (form_key(&e->form, k)) {
	case FORM_HANDLED:
		return SCR_REDRAW;
	case FORM_ACTION:
		if (!strcmp(e->form.action, "cancel"))
			return SCR_CLOSE;
		save(s);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void re_reply(struct screen *s, const struct api_reply *r)
{
	struct record_edit *e = s->priv;

	if (reply_session_gone(s, r))
		return;
	if (r->tag == T_FORM) {
		if (r->err != ERR_OK)
			app_reply_error(s, r);
		else
			build(e, r->json);
		return;
	}
	if (r->err != ERR_OK) {
		char *why = reply_error_text(r);
		const cJSON *f = r->fields, *prof;

		prof = cJSON_GetObjectItemCaseSensitive(f, "profile");
		if (cJSON_IsObject(prof))
			f = prof;
		if (f)
			form_set_server_errors(&e->form, f);
		set_note(e, why);
		free(why);
		return;
	}
	dialog_message(s->app, _("Member record"), _("The record was saved."), P_DONE);
}

static void re_resume(struct screen *s, int tag, int value)
{
	(void)value;
	if (tag == P_DONE)
		app_close(s, 1);
}

static void re_close(struct screen *s)
{
	struct record_edit *e = s->priv;

	form_free(&e->form);
	cJSON_Delete(e->profile);
	free(e->name);
	free(e->note);
}

const struct screen_ops scr_staff_record_edit_ops = {
	.name = "staff_record_edit", .priv_size = sizeof(struct record_edit),
	.open = re_open, .draw = re_draw, .key = re_key, .reply = re_reply,
	.resume = re_resume, .close = re_close,
};
