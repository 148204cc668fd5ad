/* Join wizard, the form steps: the organisation to join (HQ or a branch)
 * and the level with its annual fee, then one step per section of the
 * server's form schema; where a returning applicant picks up; the draft as
 * the PUT body (join_wizard.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "i18n_setup.h"
#include "ui.h"
#include "screens/join_wizard.h"
#include "words.h"
#include "reply.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"

static void add_id_option(struct form_field *f, long long id, const char *label)
{
	char v[32];

	snprintf(v, sizeof(v), "%lld", id);
	form_add_option(f, v, label);
}

static void choose_build(struct join *j)
{
	struct form_field *f;
	const cJSON *o;
	char v[32];

	form_free(&j->choose);
	form_init(&j->choose);
	form_add(&j->choose, FT_HEADING, "", _("Where and how do you want to join?"), 0, 0, NULL);
	f = form_add(&j->choose, FT_SELECT, "org_id", _("Join through"), FF_REQUIRED, 0, NULL);
	cJSON_ArrayForEach(o, j->orgs) {
		const char *kind = json_s(o, "kind"), *name = lang_name(o);
		char *lab;

		if (json_ll(o, "id", -1) < 0 || !name)
			continue;
		lab = kind && !strcmp(kind, "hq") ? xasprintf(_("%s (apply directly)"), name)
		                                  : xstrdup(name);
		add_id_option(f, json_ll(o, "id", -1), lab);
		free(lab);
	}
	f = form_add(&j->choose, FT_SELECT, "level_id", _("Level"), FF_REQUIRED, 0, NULL);
	cJSON_ArrayForEach(o, j->levels) {
		char money[MONEY_BUFSZ], *lab;

		if (json_ll(o, "id", -1) < 0 || !lang_name(o))
			continue;
		lab = xasprintf(_("%s, %s a year"), lang_name(o),
		                money_format(json_ll(o, "annual_fee", 0), money));
		add_id_option(f, json_ll(o, "id", -1), lab);
		free(lab);
	}
	form_add(&j->choose, FT_BUTTON, "next", _("Next"), 0, 0, NULL);
	form_add(&j->choose, FT_BUTTON, "save", _("Save draft"), 0, 0, NULL);
	if (json_ll(j->app, "org_id", -1) > 0) {
		snprintf(v, sizeof(v), "%lld", json_ll(j->app, "org_id", -1));
		form_set_value(&j->choose, "org_id", v);
	}
	if (json_ll(j->app, "level_id", -1) > 0) {
		snprintf(v, sizeof(v), "%lld", json_ll(j->app, "level_id", -1));
		form_set_value(&j->choose, "level_id", v);
	}
}

static void choose_to_json(const struct join *j, cJSON *body)
{
	char *org = form_value(&j->choose, "org_id"), *lvl = form_value(&j->choose, "level_id");

	if (*org)
		json_add_int(body, "org_id", atoll(org));
	if (*lvl)
		json_add_int(body, "level_id", atoll(lvl));
	free(org);
	free(lvl);
}

/* The catalogue entry whose id the select holds. */
static const cJSON *chosen(const struct form *fm, const char *name, const cJSON *items)
{
	char *v = form_value(fm, name);
	long long id = *v ? atoll(v) : -1;
	const cJSON *o;

	free(v);
	cJSON_ArrayForEach(o, items)
		if (json_ll(o, "id", -2) == id)
			return o;
	return NULL;
}

const char *join_org_name(const struct join *j)
{
	return lang_name(chosen(&j->choose, "org_id", j->orgs));
}

const char *join_level_name(const struct join *j, long long *fee)
{
	const cJSON *l = chosen(&j->choose, "level_id", j->levels);

	if (fee)
		*fee = json_ll(l, "annual_fee", 0);
	return lang_name(l);
}

/* Text by the language shown: obj[key_zh] / obj[key_en] / obj[key]. */
static const char *join_lang_text(const cJSON *obj, const char *key)
{
	bool en = !strcmp(i18n_language(), "en");
	char k[64];
	const char *t;

	snprintf(k, sizeof(k), "%s_%s", key, en ? "en" : "zh");
	t = json_s(obj, k);
	if (!t) {
		snprintf(k, sizeof(k), "%s_%s", key, en ? "zh" : "en");
		t = json_s(obj, k);
	}
	if (!t)
		t = json_s(obj, key);
	if (!t && cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(obj, key)))
		t = json_s(cJSON_GetObjectItemCaseSensitive(obj, key), en ? "en" : "zh_CN");
	return t;
}

/* The schema's field object for a name (for hints and limits). */
static const cJSON *join_schema_field(const struct join *j, const char *name)
{
	const cJSON *sec, *f;

	cJSON_ArrayForEach(sec, cJSON_GetObjectItemCaseSensitive(j->schema, "sections"))
		cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(sec, "fields"))
			if (json_s(f, "name") && !strcmp(json_s(f, "name"), name))
				return f;
	return NULL;
}

static const cJSON *join_profile(const struct join *j)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(j->app, "profile");

	return cJSON_IsObject(p) ? p : NULL;
}

static void build_sections(struct join *j)
{
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(j->schema, "sections"), *sec;
	size_t i, k;

	for (i = 0; i < j->nsec; i++) {
		free(j->sec[i].title);
		form_free(&j->sec[i].form);
	}
	free(j->sec);
	j->nsec = (size_t)cJSON_GetArraySize(secs);
	j->sec = xcalloc(j->nsec ? j->nsec : 1, sizeof(*j->sec));
	i = 0;
	cJSON_ArrayForEach(sec, secs) {
		struct join_section *js = &j->sec[i++];
		const char *t = join_lang_text(sec, "title");

		js->title = xstrdup(t ? t : "");
		form_init(&js->form);
		form_from_schema(&js->form, sec, i18n_language());
		/* the shipped schemas say "max_len" */
		for (k = 0; k < js->form.n; k++) {
			const cJSON *f = join_schema_field(j, js->form.f[k].name);
			long long max = json_ll(f, "max_len", 0);

			if (max > 0 && js->form.f[k].edit.max == 0)
				js->form.f[k].edit.max = (size_t)max;
		}
		form_add(&js->form, FT_BUTTON, "next", _("Next"), 0, 0, NULL);
		form_add(&js->form, FT_BUTTON, "back", _("Back"), 0, 0, NULL);
		form_add(&js->form, FT_BUTTON, "save", _("Save draft"), 0, 0, NULL);
		if (join_profile(j))
			form_fill(&js->form, join_profile(j));
	}
}

static bool form_has_empty_required(struct form *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++) {
		struct form_field *f = &fm->f[i];
		char *v;
		bool empty;

		if (!(f->flags & FF_REQUIRED) || f->type == FT_HEADING || f->type == FT_BUTTON)
			continue;
		v = form_value(fm, f->name);
		empty = !*v;
		free(v);
		if (empty)
			return true;
	}
	return false;
}

/* Where a returning applicant picks up: the first step that still needs
 * something, or the review when everything is there. */
int join_resume_step(struct join *j)
{
	size_t i;

	if (!j->editable)
		return join_step_of(j, &join_review_step_ops);
	if (json_ll(j->app, "org_id", -1) <= 0 || json_ll(j->app, "level_id", -1) <= 0)
		return 0;
	for (i = 0; i < j->nsec; i++)
		if (form_has_empty_required(&j->sec[i].form))
			return (int)i + 1;
	if (!join_attachments(j) || cJSON_GetArraySize(join_attachments(j)) == 0)
		return join_step_of(j, &join_docs_step_ops);
	return join_step_of(j, &join_review_step_ops);
}

cJSON *join_body(const struct join *j)
{
	cJSON *body = cJSON_CreateObject(), *profile = cJSON_CreateObject();
	size_t i;

	choose_to_json(j, body);
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

void join_build_steps(struct join *j)
{
	int i = 0;
	size_t k;

	choose_build(j);
	build_sections(j);
	free(j->steps);
	j->nsteps = (int)j->nsec + 3;
	j->steps = xcalloc((size_t)j->nsteps, sizeof(*j->steps));
	j->steps[i++] = (struct join_step){ &join_form_step_ops, _("Organisation and level"), &j->choose };
	for (k = 0; k < j->nsec; k++)
		j->steps[i++] = (struct join_step){ &join_form_step_ops, j->sec[k].title, &j->sec[k].form };
	j->steps[i++] = (struct join_step){ &join_docs_step_ops, _("Signed application form"), NULL };
	j->steps[i++] = (struct join_step){ &join_review_step_ops, _("Review and submit"), NULL };
}

/* ----- the ops of a form step */

static struct form *step_form(const struct screen *s)
{
	const struct join *j = s->priv;

	return j->steps[j->step].form;
}

static void form_step_draw(struct screen *s, int y, int x, int h, int w)
{
	struct join *j = s->priv;
	struct form *fm = step_form(s);
	const struct form_field *f = fm->focus < fm->n ? &fm->f[fm->focus] : NULL;
	const char *hint = f ? join_lang_text(join_schema_field(j, f->name), "hint") : NULL;
	int cy = -1, cx = -1;

	form_draw(fm, y, x, h - (hint ? 1 : 0), w, &cy, &cx);
	if (hint)
		ui_print(y + h - 1, x, w, hint, ui_attr(UI_DIM));
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

/* A key that only moves about the form (Enter is a line break in a
 * multi-line field). */
static bool is_nav_key(const struct form *fm, wint_t k)
{
	bool enter = k == '\r' || k == '\n' || k == KF(KEY_ENTER);

	if (enter && fm->focus < fm->n && fm->f[fm->focus].type == FT_AREA)
		return false;
	return k == '\t' || k == KF(KEY_BTAB) || k == KF(KEY_UP) || k == KF(KEY_DOWN) ||
	       enter || k == KEY_CTRL('n') || k == KEY_CTRL('p');
}

static int form_step_key(struct screen *s, wint_t k)
{
	struct join *j = s->priv;
	struct form *fm = step_form(s);
	bool nav = is_nav_key(fm, k);

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
		if (!nav) {
			j->dirty = true;
			if (!j->note_bad)
				xfree(&j->note);  /* "saved at" is no longer true */
		}
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static bool form_step_validate(struct screen *s)
{
	return form_validate(step_form(s)) == 0;
}

const struct join_step_ops join_form_step_ops = {
	.name = "form",
	.help = N_("Tab next field  PgDn next step  PgUp back  ^G go to step  F2 save  Esc leave"),
	.draw = form_step_draw,
	.key = form_step_key,
	.validate = form_step_validate,
};
