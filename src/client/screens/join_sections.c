/* Join wizard: the application form's sections built from the server's
 * schema, and where a returning applicant picks up (join_wizard.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_setup.h"
#include "screens/join_wizard.h"
#include "reply.h"
#include "roster/i18n.h"
#include "roster/xalloc.h"

/* Text by the language shown: obj[key_zh] / obj[key_en] / obj[key]. */
const char *join_lang_text(const cJSON *obj, const char *key)
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
const cJSON *join_schema_field(const struct join *j, const char *name)
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

void join_build_sections(struct join *j)
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
		return join_review_step(j);
	if (json_ll(j->app, "org_id", -1) <= 0 || json_ll(j->app, "level_id", -1) <= 0)
		return 0;
	for (i = 0; i < j->nsec; i++)
		if (form_has_empty_required(&j->sec[i].form))
			return (int)i + 1;
	if (!join_attachments(j) || cJSON_GetArraySize(join_attachments(j)) == 0)
		return join_docs_step(j);
	return join_review_step(j);
}
