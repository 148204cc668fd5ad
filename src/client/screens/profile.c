/* Member information (profile.h): one request, GET /member/profile with
 * the form schema and the latest profile change embedded
 * (?include=form,profile_change); the profile is drawn field by field in
 * the schema's order. Editing fills the schema's form with it, and only the
 * fields that changed go to POST /member/profile-changes: a reviewer
 * approves them before they apply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "i18n_setup.h"
#include "ui.h"
#include "screens/profile.h"
#include "widgets/form.h"
#include "widgets/progress.h"
#include "widgets/textview.h"
#include "format.h"
#include "words.h"
#include "reply.h"
#include "text.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { T_PROFILE = 1, T_SEND, T_PUT, T_SUBMIT };

#define LABEL_COLS 20

struct profile {
	cJSON *reply;          /* GET /member/profile (without "included") */
	cJSON *schema;         /* included.form */
	cJSON *last;           /* included.profile_change: the latest change, or NULL */
	cJSON *rejected;       /* the same when it was rejected (to edit it), else NULL */
	int loading;           /* requests in flight */
	char *error;
	char *note;            /* "sent for review" */
	struct textview tv;
	bool edit_on_load;     /* opened to edit */
	/* editing */
	bool editing;
	bool sending;
	struct form form;
};

/* The latest change was turned down: it is edited and sent again (the
 * server keeps one open change of a member). */
static bool last_rejected(const struct profile *p)
{
	return p->last && app_status_of(json_s(p->last, "status")) == APP_STATUS_REJECTED;
}

/* The approved values: "profile" of the reply (or the reply itself). */
static const cJSON *profile_values(const struct profile *p)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(p->reply, "profile");

	return cJSON_IsObject(v) ? v : p->reply;
}

/* A change waiting for review, if the server tells. */
static const cJSON *profile_pending(const struct profile *p)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(p->reply, "pending_change");

	if (!cJSON_IsObject(v))
		v = cJSON_GetObjectItemCaseSensitive(p->reply, "pending");
	return cJSON_IsObject(v) ? v : NULL;
}

static void profile_load(struct screen *s)
{
	struct profile *p = s->priv;

	p->loading++;
	app_request(s, T_PROFILE, "GET", "/member/profile?include=form,profile_change", NULL);
}

/* Take a piece of the reply (an object, else NULL) into *slot. */
static void keep_part(cJSON **slot, const cJSON *part)
{
	cJSON_Delete(*slot);
	*slot = cJSON_IsObject(part) ? cJSON_Duplicate(part, 1) : NULL;
}

static void profile_help(struct screen *s)
{
	struct profile *p = s->priv;

	s->help = p->editing ? _("Tab/Up/Down move  F2 submit  Esc stop editing")
	                     : _("E edit (sent for review)  Up/Down scroll  R refresh  Esc back");
}

static int profile_open(struct screen *s, void *arg)
{
	struct profile *p = s->priv;

	s->title = _("Member information");
	p->edit_on_load = arg != NULL;
	form_init(&p->form);
	profile_help(s);
	profile_load(s);
	return 0;
}

/* The shown text of a value: a select's option label, else the value. */
static char *field_value_text(const cJSON *field, const cJSON *v)
{
	const cJSON *o;

	if (cJSON_IsNumber(v))
		return xasprintf("%.15g", v->valuedouble);
	if (!cJSON_IsString(v))
		return xstrdup("");
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(field, "options")) {
		if (cJSON_IsObject(o) && json_s(o, "value") && !strcmp(json_s(o, "value"), v->valuestring))
			return xstrdup(lang_text(o, "label") ? lang_text(o, "label") : v->valuestring);
	}
	return xstrdup(v->valuestring);
}

/* The view: each section's fields with their values, in schema order. */
static void profile_text(struct profile *p)
{
	const cJSON *vals = profile_values(p), *sec, *f;
	char *text = NULL;

	cJSON_ArrayForEach(sec, cJSON_GetObjectItemCaseSensitive(p->schema, "sections")) {
		const char *title = lang_text(sec, "title");

		if (text)
			text_add(&text, "");
		if (title)
			text_add(&text, title);
		cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(sec, "fields")) {
			const char *name = json_s(f, "name"), *label = lang_text(f, "label");
			char *val;

			if (!name)
				continue;
			val = field_value_text(f, cJSON_GetObjectItemCaseSensitive(vals, name));
			if (id_number_field(json_s(f, "validator"))) {
				char *shown = id_number_masked(val);

				free(val);
				val = shown;
			}
			text_line(&text, LABEL_COLS, label ? label : name, val);
			free(val);
		}
	}
	textview_set(&p->tv, text ? text : "");
	free(text);
}

static void edit_start(struct profile *p)
{
	form_free(&p->form);
	form_init(&p->form);
	if (form_from_schema(&p->form, p->schema, i18n_language()) < 0)
		return;
	form_fill(&p->form, profile_values(p));
	/* a rejected change starts from what was asked for last time */
	if (p->rejected)
		form_fill(&p->form, cJSON_GetObjectItemCaseSensitive(p->rejected, "profile"));
	form_add(&p->form, FT_BUTTON, "send", _("Submit for review"), 0, 0, NULL);
	form_add(&p->form, FT_BUTTON, "back", _("Cancel"), 0, 0, NULL);
	p->form.focus = 0;
	while (p->form.focus < p->form.n && p->form.f[p->form.focus].type == FT_HEADING)
		p->form.focus++;
	p->editing = true;
	xfree(&p->note);
	xfree(&p->error);
}

/* The fields whose value differs from the approved profile. */
static cJSON *changed_fields(const struct profile *p)
{
	const cJSON *vals = profile_values(p);
	cJSON *out = cJSON_CreateObject();
	size_t i;

	for (i = 0; i < p->form.n; i++) {
		const struct form_field *f = &p->form.f[i];
		const cJSON *old;
		char *now, *was;

		if (f->type == FT_HEADING || f->type == FT_BUTTON)
			continue;
		now = form_value(&p->form, f->name);
		old = cJSON_GetObjectItemCaseSensitive(vals, f->name);
		was = cJSON_IsString(old) ? xstrdup(old->valuestring)
		      : cJSON_IsNumber(old) ? xasprintf("%.15g", old->valuedouble) : xstrdup("");
		/* a one-line field shows only the first line of a longer text:
		 * leaving it alone must not cut the rest off */
		if (strchr(was, '\n') && !strncmp(now, was, strcspn(was, "\n")) &&
		    strlen(now) == strcspn(was, "\n"))
			;
		else if (strcmp(now, was))
			json_add_str(out, f->name, now);
		free(now);
		free(was);
	}
	return out;
}

static void profile_send(struct screen *s)
{
	struct profile *p = s->priv;
	cJSON *changes, *body;

	xfree(&p->error);
	if (form_validate(&p->form) > 0)
		return;
	changes = changed_fields(p);
	if (!changes->child) {
		cJSON_Delete(changes);
		p->error = xstrdup(_("Nothing has changed."));
		return;
	}
	body = cJSON_CreateObject();
	cJSON_AddItemToObject(body, "profile", changes);
	p->sending = true;
	if (last_rejected(p)) {
		char path[64];

		snprintf(path, sizeof(path), "/applications/%lld", json_ll(p->last, "id", 0));
		app_request(s, T_PUT, "PUT", path, body);
		return;
	}
	app_request(s, T_SEND, "POST", "/member/profile-changes", body);
}

static void profile_reply(struct screen *s, const struct api_reply *r)
{
	struct profile *p = s->priv;

	if (reply_session_gone(s, r))
		return;
	if (r->tag == T_PUT && r->err == ERR_OK) {
		char path[80];

		/* saved: now send it for review again */
		snprintf(path, sizeof(path), "/applications/%lld/submit", json_ll(p->last, "id", 0));
		app_request(s, T_SUBMIT, "POST", path, NULL);
		return;
	}
	if (r->tag == T_SEND || r->tag == T_PUT || r->tag == T_SUBMIT) {
		p->sending = false;
		if (r->err == ERR_OK) {
			p->editing = false;
			free(p->note);
			p->note = xstrdup(_("Your change was sent for review. It applies once it is approved."));
			profile_help(s);
			profile_load(s);
			return;
		}
		if (r->err == ERR_VALIDATION && r->fields) {
			const cJSON *inner = cJSON_GetObjectItemCaseSensitive(r->fields, "profile");

			if (form_set_server_errors(&p->form, cJSON_IsObject(inner) ? inner : r->fields) > 0)
				return;
		}
		free(p->error);
		p->error = reply_error_text(r);
		return;
	}
	p->loading--;
	if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
		free(p->error);
		p->error = r->err != ERR_OK ? reply_error_text(r) : xstrdup(_(err_message(ERR_BAD_REPLY)));
		return;
	}
	{
		const cJSON *inc = cJSON_GetObjectItemCaseSensitive(r->json, "included");

		keep_part(&p->schema, cJSON_GetObjectItemCaseSensitive(inc, "form"));
		keep_part(&p->last, cJSON_GetObjectItemCaseSensitive(inc, "profile_change"));
		/* the latest change comes in detail: a rejected one is edited from it */
		keep_part(&p->rejected, last_rejected(p) ? p->last : NULL);
		keep_part(&p->reply, r->json);
		cJSON_DeleteItemFromObjectCaseSensitive(p->reply, "included");
	}
	if (!p->schema) {
		free(p->error);
		p->error = xstrdup(_(err_message(ERR_BAD_REPLY)));
		return;
	}
	if (p->reply && p->schema && !p->loading) {
		profile_text(p);
		if (p->edit_on_load) {
			p->edit_on_load = false;
			edit_start(p);
			profile_help(s);
		}
	}
}

static void profile_draw(struct screen *s)
{
	struct profile *p = s->priv;
	const cJSON *pend;
	int y, x, h, w, cy = -1, cx = -1, top;
	char date[TIME_TEXT_SZ], *t;

	app_body(s->app, &y, &x, &h, &w);
	x += 2;
	w -= 4;
	if (p->sending)
		spinner_draw(y, x, w, app_now_ms(), _("Sending…"));
	else if (p->error)
		ui_print(y, x, w, p->error, ui_attr(UI_ERROR));
	else if (p->note)
		ui_print(y, x, w, p->note, ui_attr(UI_OK));
	else if (p->editing)
		ui_print(y, x, w, _("Changes are reviewed by the association before they apply."),
		         ui_attr(UI_DIM));
	if (p->editing) {
		form_draw(&p->form, y + 2, x, h - 2, w, &cy, &cx);
		if (cy >= 0)
			app_cursor(s->app, cy, cx);
		return;
	}
	if (!p->reply || !p->schema) {
		if (p->loading)
			spinner_draw(y + 1, x, w, app_now_ms(), _("Loading…"));
		return;
	}
	top = y + 1;
	if ((pend = profile_pending(p)) != NULL) {
		t = xasprintf(_("A change sent on %s is awaiting review (%s)."),
		              time_text(pend, json_s(pend, "submitted_at") || json_ll(pend, "submitted_at", 0)
		                            ? "submitted_at" : "created_at", false, date),
		              app_status_words(json_s(pend, "status")));
		top += print_wrapped(top, x, w, 2, t, ui_attr(UI_HEADING));
		free(t);
	} else if (last_rejected(p)) {
		const char *why = json_s(p->last, "status_reason");

		t = xasprintf(_("Your last change was rejected (%s). Press E to edit and send it again."),
		              why && *why ? why : _("no reason given"));
		top += print_wrapped(top, x, w, 3, t, ui_attr(UI_ERROR));
		free(t);
	}
	textview_draw(&p->tv, top + 1, x, h - (top + 1 - y), w);
}

static int profile_key(struct screen *s, wint_t k)
{
	struct profile *p = s->priv;

	if (p->editing) {
		if (k == KEY_ESC) {
			p->editing = false;
			xfree(&p->error);
			profile_help(s);
			return SCR_REDRAW;
		}
		if (p->sending)
			return SCR_HANDLED;
		if (k == KF(KEY_F(2)) || k == KEY_CTRL('s')) {
			profile_send(s);
			return SCR_REDRAW;
		}
		switch (form_key(&p->form, (unsigned)k)) {
		case FORM_IGNORED:
			return SCR_IGNORED;
		case FORM_HANDLED:
			return SCR_REDRAW;
		case FORM_ACTION:
			if (p->form.action && !strcmp(p->form.action, "back")) {
				p->editing = false;
				xfree(&p->error);
				profile_help(s);
			} else {
				profile_send(s);
			}
			return SCR_REDRAW;
		}
		return SCR_IGNORED;
	}
	switch (k) {
	case 'e': case 'E':
		if (profile_pending(p)) {
			free(p->note);
			p->note = xstrdup(_("A change is awaiting review already; wait for its result."));
			return SCR_REDRAW;
		}
		if (p->reply && p->schema && !p->loading) {
			edit_start(p);
			profile_help(s);
		}
		return SCR_REDRAW;
	case 'r': case 'R':
		xfree(&p->note);
		xfree(&p->error);
		profile_load(s);
		return SCR_REDRAW;
	case KEY_ESC:
		return SCR_CLOSE;
	default:
		return textview_key(&p->tv, (unsigned)k) ? SCR_REDRAW : SCR_IGNORED;
	}
}

static void profile_close(struct screen *s)
{
	struct profile *p = s->priv;

	cJSON_Delete(p->reply);
	cJSON_Delete(p->schema);
	cJSON_Delete(p->last);
	cJSON_Delete(p->rejected);
	textview_free(&p->tv);
	form_free(&p->form);
	free(p->error);
	free(p->note);
}

const struct screen_ops scr_profile_ops = {
	.name = "profile",
	.priv_size = sizeof(struct profile),
	.open = profile_open,
	.draw = profile_draw,
	.key = profile_key,
	.reply = profile_reply,
	.close = profile_close,
};
