/* The join wizard's frame: loading, the step table, saving the draft (暂存)
 * and leaving (join.h, join_wizard.h). A step is reached only through its
 * ops in j->steps. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "app.h"
#include "config.h"
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

int join_step_of(const struct join *j, const struct join_step_ops *ops)
{
	int i;

	for (i = 0; i < j->nsteps; i++)
		if (j->steps[i].ops == ops)
			return i;
	return -1;
}

static const struct join_step_ops *step_ops(const struct join *j)
{
	return j->steps[j->step].ops;
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
	join_build_steps(j);
	j->built = true;
	join_goto(s, join_resume_step(j));
}

void join_goto(struct screen *s, int step)
{
	struct join *j = s->priv;

	if (step < 0)
		step = 0;
	if (step >= j->nsteps)
		step = j->nsteps - 1;
	if (!j->editable)
		step = join_step_of(j, &join_review_step_ops);
	j->step = step;
	s->help = !j->editable ? _("Up/Down scroll  Esc back")
	          : app_config(s->app)->kiosk && step_ops(j)->kiosk_help ? _(step_ops(j)->kiosk_help)
	          : _(step_ops(j)->help);
	if (step_ops(j)->open)
		step_ops(j)->open(s);
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
	int placed, first = -1, i;

	placed = 0;
	for (i = 0; i < j->nsteps; i++) {
		int n = j->steps[i].form ? form_set_server_errors(j->steps[i].form, fields) : 0;

		if (n && first < 0)
			first = i;
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
	if (step_ops(j)->open)
		step_ops(j)->open(s); /* the step shows what was saved */
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
	int i;

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
	default:
		for (i = 0; j->built && i < j->nsteps; i++)
			if ((j->steps[i].ops->tags & (1u << r->tag)) && j->steps[i].ops->reply) {
				j->steps[i].ops->reply(s, r);
				return;
			}
		return;
	}
}

static void join_draw(struct screen *s)
{
	struct join *j = s->priv;
	int y, x, h, w;
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
	t = xasprintf(_("Step %d of %d: %s"), j->step + 1, j->nsteps, j->steps[j->step].title);
	ui_print(y, x, w, t, ui_attr(UI_HEADING));
	free(t);
	if (j->dirty && j->editable) {
		const char *u = _("(not saved)");
		int uw = (int)utf8_width(u);

		ui_print(y, x + w - uw, uw, u, ui_attr(UI_DIM));
	}
	step_ops(j)->draw(s, y + 2, x, h - 3, w);
	if (j->going) {
		t = xasprintf(_("Go to step: press 1 to %d (Esc: stay here)."), j->nsteps);
		ui_print(y + h - 1, x, w, t, ui_attr(UI_KEY));
		free(t);
	} else if (j->saving)
		spinner_draw(y + h - 1, x, w, app_now_ms(), _("Saving the draft…"));
	else if (j->note)
		ui_print(y + h - 1, x, w, j->note, ui_attr(j->note_bad ? UI_ERROR : UI_OK));
}

void join_next(struct screen *s)
{
	struct join *j = s->priv;

	if (step_ops(j)->validate && !step_ops(j)->validate(s)) {
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

/* Show another step, any one: what was typed is kept as a draft (saved
 * when changed) and checked only on submitting, so a member whose
 * application came back goes straight to the fields to fix. */
static void join_jump(struct screen *s, int step)
{
	struct join *j = s->priv;

	if (step == j->step)
		return;
	xfree(&j->note);
	if (j->dirty)
		join_save(s, JA_NONE);
	join_goto(s, step);
}

static int join_key(struct screen *s, wint_t k)
{
	struct join *j = s->priv;

	if (j->going) {
		j->going = false;
		if (k >= '1' && k <= '9' && (int)(k - '0') <= j->nsteps)
			join_jump(s, (int)(k - '0') - 1);
		return SCR_REDRAW;  /* any other key (Esc too) only ends the question */
	}
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
	if (k == KF(KEY_NPAGE) && j->editable && j->step < j->nsteps - 1) {
		join_next(s);
		return SCR_REDRAW;
	}
	if (k == KF(KEY_PPAGE) && j->editable && j->step > 0) {
		join_goto(s, j->step - 1);
		return SCR_REDRAW;
	}
	if (k == KEY_CTRL('g') && j->editable) {
		j->going = true;
		return SCR_REDRAW;
	}
	/* on the review a digit is the step to go back to */
	if (j->editable && step_ops(j) == &join_review_step_ops && k >= '1' && k <= '9' &&
	    (int)(k - '0') <= j->nsteps) {
		join_jump(s, (int)(k - '0') - 1);
		return SCR_REDRAW;
	}
	return step_ops(j)->key(s, k);
}

static void join_resume(struct screen *s, int tag, int value)
{
	struct join *j = s->priv;
	int i;

	if (tag == JC_LEAVE) {
		if (value == 1)
			join_save(s, JA_LEAVE);
		else
			app_close(s, 0);
		return;
	}
	for (i = 0; i < j->nsteps; i++)
		if ((j->steps[i].ops->children & (1u << tag)) && j->steps[i].ops->resume) {
			j->steps[i].ops->resume(s, tag, value);
			return;
		}
}

static bool join_tick(struct screen *s, int64_t now)
{
	struct join *j = s->priv;

	bool repaint = false;
	int i;

	(void)now;
	if (!j->built || j->saving)
		return true; /* spinners */
	for (i = 0; i < j->nsteps; i++)
		if (j->steps[i].ops->tick && j->steps[i].ops->tick(s))
			repaint = true;
	return repaint;
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
	free(j->steps);
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
