/* The join wizard's frame: loading, the steps, saving the draft (暂存) and
 * leaving (join.h, join_wizard.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "app.h"
#include "i18n_setup.h"
#include "ui.h"
#include "screens/join.h"
#include "screens/join_wizard.h"
#include "widgets/dialog.h"
#include "widgets/progress.h"
#include "reply.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

int join_steps(const struct join *j)
{
	return (int)j->nsec + 3;
}

int join_docs_step(const struct join *j)
{
	return (int)j->nsec + 1;
}

int join_review_step(const struct join *j)
{
	return (int)j->nsec + 2;
}

const cJSON *join_attachments(const struct join *j)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(j->app, "attachments");

	return cJSON_IsArray(a) ? a : NULL;
}

void join_note(struct join *j, bool bad, const char *fmt, ...)
{
	va_list ap;
	char *t = NULL;

	va_start(ap, fmt);
	if (vasprintf(&t, fmt, ap) < 0)
		abort();
	va_end(ap);
	free(j->note);
	j->note = t;
	j->note_bad = bad;
}

static bool status_editable(const char *st)
{
	enum member_status m = member_status_of(st);

	return !st || m == MEMBER_STATUS_DRAFT || m == MEMBER_STATUS_REJECTED || m == MEMBER_STATUS_NONE;
}

static void join_build(struct screen *s)
{
	struct join *j = s->priv;
	const cJSON *ed = cJSON_GetObjectItemCaseSensitive(j->app, "editable");

	/* the server says; older answers only give the status */
	j->editable = cJSON_IsBool(ed) ? cJSON_IsTrue(ed) : status_editable(json_s(j->app, "status"));
	join_choose_build(j);
	join_build_sections(j);
	j->built = true;
	join_goto(s, join_resume_step(j));
}

static void join_help(struct screen *s)
{
	struct join *j = s->priv;

	if (!j->editable)
		s->help = _("Up/Down scroll  Esc back");
	else if (j->step == join_review_step(j))
		s->help = _("Enter submit  PgUp back  F2 save draft  Esc leave");
	else if (j->step == join_docs_step(j))
		s->help = _("D download  F file  P phone  X delete  PgDn next  PgUp back  F2 save");
	else
		s->help = _("Tab next field  PgDn next step  PgUp back  F2 save draft  Esc leave");
}

void join_goto(struct screen *s, int step)
{
	struct join *j = s->priv;

	if (step < 0)
		step = 0;
	if (step >= join_steps(j))
		step = join_steps(j) - 1;
	if (!j->editable)
		step = join_review_step(j);
	j->step = step;
	if (step == join_review_step(j))
		join_review_build(j);
	join_help(s);
}

static struct form *join_step_form(struct join *j)
{
	if (j->step == 0)
		return &j->choose;
	if (j->step >= 1 && j->step <= (int)j->nsec)
		return &j->sec[j->step - 1].form;
	return NULL;
}

static cJSON *join_body(const struct join *j)
{
	cJSON *body = cJSON_CreateObject(), *profile = cJSON_CreateObject();
	size_t i;

	join_choose_to_json(j, body);
	for (i = 0; i < j->nsec; i++) {
		cJSON *part = form_to_json(&j->sec[i].form, true), *f;

		while ((f = part->child)) {
			cJSON_DetachItemViaPointer(part, f);
			cJSON_DeleteItemFromObjectCaseSensitive(profile, f->string);
			cJSON_AddItemToObject(profile, f->string, f);
		}
		cJSON_Delete(part);
	}
	cJSON_AddItemToObject(body, "profile", profile);
	return body;
}

void join_save(struct screen *s, enum join_after then)
{
	struct join *j = s->priv;

	if (!j->editable) {
		j->after_save = JA_NONE;
		return;
	}
	j->after_save = then;
	j->saving = true;
	app_request(s, JT_SAVE, "PUT", "/application", join_body(j));
}

static int join_open(struct screen *s, void *arg)
{
	struct join *j = s->priv;
	const cJSON *acc = app_session(s->app)->account;
	const char *type = json_s(acc, "member_type");

	j->member_type = xstrdup(type && member_type_of(type) == MEMBER_TYPE_UNIT ? "unit" : "individual");
	form_init(&j->choose);
	s->title = _("Membership application");
	s->help = _("Esc back");
	s->wants_tick = true;
	/* one round trip: the catalogue pieces come embedded */
	app_request(s, JT_APP, "GET", "/application?include=orgs,levels,form", NULL);
	j->loading = 1;
	return 0;
}

/* The application object of a reply ({"application":{…}} or itself). */
static const cJSON *app_of(const cJSON *json)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(json, "application");

	return cJSON_IsObject(a) ? a : json;
}

static const cJSON *items_of(const cJSON *json)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(json, "items");

	return cJSON_IsArray(a) ? a : (cJSON_IsArray(json) ? json : NULL);
}

/* Put the server's per-field reasons on every step's fields and show the
 * first step that has one. Returns how many found a field. */
int join_place_errors(struct screen *s, const cJSON *fields)
{
	struct join *j = s->priv;
	int placed, first = -1;
	size_t i;

	placed = form_set_server_errors(&j->choose, fields);
	if (placed)
		first = 0;
	for (i = 0; i < j->nsec; i++) {
		int n = form_set_server_errors(&j->sec[i].form, fields);

		if (n && first < 0)
			first = (int)i + 1;
		placed += n;
	}
	if (first >= 0)
		join_goto(s, first);
	return placed;
}

/* Keep a copy of part (NULL or not an object/array: nothing) in *slot. */
static void join_keep(cJSON **slot, const cJSON *part)
{
	cJSON_Delete(*slot);
	*slot = cJSON_IsObject(part) || cJSON_IsArray(part) ? cJSON_Duplicate(part, 1) : NULL;
}

/* GET /application?include=orgs,levels,form: the application and, under
 * "included", the organisations, the levels and the form schema. */
static void join_loaded(struct screen *s, const struct api_reply *r)
{
	struct join *j = s->priv;
	const cJSON *inc;

	j->loading = 0;
	if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
		join_note(j, true, "%s", r->err != ERR_OK
		          ? (r->server_message ? r->server_message : r->message)
		          : _(err_message(ERR_BAD_REPLY)));
		return;
	}
	inc = cJSON_GetObjectItemCaseSensitive(r->json, "included");
	join_keep(&j->orgs, items_of(cJSON_GetObjectItemCaseSensitive(inc, "orgs")));
	join_keep(&j->levels, items_of(cJSON_GetObjectItemCaseSensitive(inc, "levels")));
	join_keep(&j->schema, cJSON_GetObjectItemCaseSensitive(inc, "form"));
	join_keep(&j->app, app_of(r->json));
	/* the pieces are kept apart; the application is what is saved back */
	if (j->app)
		cJSON_DeleteItemFromObjectCaseSensitive(j->app, "included");
	if (j->app && j->orgs && j->levels && j->schema)
		join_build(s);
	else
		join_note(j, true, "%s", _(err_message(ERR_BAD_REPLY)));
}

static void join_saved(struct screen *s, const struct api_reply *r)
{
	struct join *j = s->priv;
	enum join_after then = (enum join_after)j->after_save;
	char when[16] = "";
	time_t now = time(NULL);
	struct tm tm;

	j->saving = false;
	j->after_save = JA_NONE;
	if (r->err != ERR_OK) {
		if (r->err == ERR_VALIDATION && r->fields && join_place_errors(s, r->fields) > 0) {
			join_note(j, true, "%s", _("Some fields need attention; the draft was not saved."));
			return;
		}
		join_note(j, true, "%s", r->server_message ? r->server_message : r->message);
		if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED)
			app_reply_error(s, r);
		return;
	}
	if (cJSON_IsObject(r->json)) {
		cJSON_Delete(j->app);
		j->app = cJSON_Duplicate(app_of(r->json), 1);
	}
	j->dirty = false;
	if (localtime_r(&now, &tm))
		strftime(when, sizeof(when), "%H:%M", &tm);
	join_note(j, false, _("Draft saved at %s."), when);
	if (j->step == join_review_step(j))
		join_review_build(j);
	if (then == JA_PDF) {
		j->downloading = true;
		app_request(s, JT_PDF, "GET", "/application/form.pdf", NULL);
	} else if (then == JA_LEAVE) {
		app_close(s, 0);
	}
}

static void join_reply(struct screen *s, const struct api_reply *r)
{
	struct join *j = s->priv;

	switch (r->tag) {
	case JT_APP:
		if (!j->built) {
			if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED)
				app_reply_error(s, r);
			else
				join_loaded(s, r);
			return;
		}
		/* a refresh of the application (after a phone upload) */
		if (r->tag == JT_APP && r->err == ERR_OK && cJSON_IsObject(r->json)) {
			cJSON_Delete(j->app);
			j->app = cJSON_Duplicate(app_of(r->json), 1);
		}
		return;
	case JT_SAVE:
		join_saved(s, r);
		return;
	case JT_SUBMIT:
		join_review_reply(s, r);
		return;
	default:
		join_docs_reply(s, r);
		return;
	}
}

static const char *join_step_title(const struct join *j)
{
	if (j->step == 0)
		return _("Organisation and level");
	if (j->step <= (int)j->nsec)
		return j->sec[j->step - 1].title;
	if (j->step == join_docs_step(j))
		return _("Signed application form");
	return _("Review and submit");
}

static void join_draw(struct screen *s)
{
	struct join *j = s->priv;
	int y, x, h, w, cy = -1, cx = -1, body_h;
	struct form *fm;
	char *t;

	app_body(s->app, &y, &x, &h, &w);
	x += 1;
	w -= 2;
	if (!j->built) {
		if (j->note)
			ui_print(y + 1, x + 1, w - 2, j->note, ui_attr(UI_ERROR));
		else
			spinner_draw(y + 1, x + 1, w - 2, app_now_ms(), _("Loading your application…"));
		return;
	}
	t = xasprintf(_("Step %d of %d: %s"), j->step + 1, join_steps(j), join_step_title(j));
	ui_print(y, x, w, t, ui_attr(UI_HEADING));
	free(t);
	if (j->dirty && j->editable) {
		const char *u = _("(not saved)");
		int uw = (int)utf8_width(u);

		ui_print(y, x + w - uw, uw, u, ui_attr(UI_DIM));
	}
	body_h = h - 3;
	fm = join_step_form(j);
	if (fm) {
		const struct form_field *f = fm->focus < fm->n ? &fm->f[fm->focus] : NULL;
		const char *hint = f ? join_lang_text(join_schema_field(j, f->name), "hint") : NULL;

		form_draw(fm, y + 2, x, body_h - (hint ? 1 : 0), w, &cy, &cx);
		if (hint)
			ui_print(y + 1 + body_h, x, w, hint, ui_attr(UI_DIM));
	} else if (j->step == join_docs_step(j)) {
		join_docs_draw(s, y + 2, x, body_h, w);
	} else {
		join_review_draw(s, y + 2, x, body_h, w);
	}
	if (j->saving)
		spinner_draw(y + h - 1, x, w, app_now_ms(), _("Saving the draft…"));
	else if (j->note)
		ui_print(y + h - 1, x, w, j->note, ui_attr(j->note_bad ? UI_ERROR : UI_OK));
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

/* Next from a form step: check the step, save, go on. */
static void join_next(struct screen *s)
{
	struct join *j = s->priv;
	struct form *fm = join_step_form(j);

	if (fm && form_validate(fm) > 0) {
		join_note(j, true, "%s", _("Please correct the marked fields first."));
		return;
	}
	xfree(&j->note);
	if (j->dirty)
		join_save(s, JA_NONE);
	join_goto(s, j->step + 1);
}

static void join_leave(struct screen *s)
{
	struct join *j = s->priv;

	if (j->dirty && j->editable) {
		dialog_confirm(s->app, _("Leave the application"),
		               _("Save your draft before leaving?"),
		               _("Save"), _("Don't save"), JC_LEAVE);
		return;
	}
	app_close(s, 0);
}

static bool is_nav_key(wint_t k)
{
	return k == '\t' || k == KF(KEY_BTAB) || k == KF(KEY_UP) || k == KF(KEY_DOWN) ||
	       k == '\r' || k == '\n' || k == KF(KEY_ENTER) || k == KEY_CTRL('n') ||
	       k == KEY_CTRL('p');
}

static int join_key_form(struct screen *s, struct form *fm, wint_t k)
{
	struct join *j = s->priv;

	if (!j->editable)
		return SCR_IGNORED;
	switch (form_key(fm, (unsigned)k)) {
	case FORM_ACTION:
		if (!strcmp(fm->action, "save"))
			join_save(s, JA_NONE);
		else if (!strcmp(fm->action, "back"))
			join_goto(s, j->step - 1);
		else
			join_next(s);
		return SCR_REDRAW;
	case FORM_HANDLED:
		if (!is_nav_key(k)) {
			j->dirty = true;
			if (!j->note_bad)
				xfree(&j->note);  /* "saved at" is no longer true */
		}
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static int join_key(struct screen *s, wint_t k)
{
	struct join *j = s->priv;
	struct form *fm;

	if (k == KEY_ESC) {
		join_leave(s);
		return SCR_REDRAW;
	}
	if (!j->built)
		return SCR_IGNORED;
	if ((k == KF(KEY_F(2)) || k == KEY_CTRL('s')) && j->editable) {
		join_save(s, JA_NONE);
		return SCR_REDRAW;
	}
	if (k == KF(KEY_NPAGE) && j->editable && j->step < join_review_step(j)) {
		join_next(s);
		return SCR_REDRAW;
	}
	if (k == KF(KEY_PPAGE) && j->editable && j->step > 0) {
		join_goto(s, j->step - 1);
		return SCR_REDRAW;
	}
	fm = join_step_form(j);
	if (fm)
		return join_key_form(s, fm, k);
	if (j->step == join_docs_step(j))
		return join_docs_key(s, k);
	return join_review_key(s, k);
}

static void join_resume(struct screen *s, int tag, int value)
{
	if (tag == JC_LEAVE) {
		if (value == 1)
			join_save(s, JA_LEAVE);
		else
			app_close(s, 0);
		return;
	}
	join_docs_resume(s, tag, value);
}

static bool join_tick(struct screen *s, int64_t now)
{
	struct join *j = s->priv;

	if (!j->built || j->saving)
		return true; /* spinners */
	return join_docs_tick(s);
}

static void join_close(struct screen *s)
{
	struct join *j = s->priv;
	size_t i;

	free(j->member_type);
	cJSON_Delete(j->app);
	cJSON_Delete(j->orgs);
	cJSON_Delete(j->levels);
	cJSON_Delete(j->schema);
	form_free(&j->choose);
	for (i = 0; i < j->nsec; i++) {
		free(j->sec[i].title);
		form_free(&j->sec[i].form);
	}
	free(j->sec);
	free(j->pick);
	free(j->upload_name);
	textview_free(&j->review);
	free(j->note);
}

const struct screen_ops scr_join_ops = {
	.name = "join",
	.priv_size = sizeof(struct join),
	.open = join_open,
	.draw = join_draw,
	.key = join_key,
	.reply = join_reply,
	.resume = join_resume,
	.tick = join_tick,
	.close = join_close,
};
