/* The history of catalogue edits (admins; GET /catalogue/history), newest
 * first: when, who, what and the fields changed; "o" filters by kind of
 * object. Enter shows one edit field by field, "before → after". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "record_view.h"
#include "staff/staff.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

static const char *who_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	(void)buf;
	return json_str_or(e, "actor", _("rosterd init"));
}

static const char *object_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	(void)buf;
	return staff_cat_object_words(json_str_or(e, "object", ""));
}

/* A setting's change is about its value: name the setting. */
static const char *field_name(const cJSON *e, const char *key)
{
	if (!strcmp(key, "value") && !strcmp(json_str_or(e, "object", ""), "setting"))
		return staff_cat_field_words(json_str_or(e, "object_id", ""));
	return staff_cat_field_words(key);
}

static bool same(const cJSON *a, const cJSON *b)
{
	return a && b ? cJSON_Compare(a, b, true) : a == b;
}

/* The keys whose value differs between before and after, in after's
 * order, then those only before had. */
static int changed_keys(const cJSON *e, const char *keys[], int max)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(e, "before");
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "after"), *it;
	int n = 0;

	if (!cJSON_IsObject(b))
		b = NULL;
	if (!cJSON_IsObject(a))
		a = NULL;
	cJSON_ArrayForEach(it, a) {
		if (n < max && !same(it, b ? cJSON_GetObjectItemCaseSensitive(b, it->string) : NULL) &&
		    strcmp(it->string, "updated_at") && strcmp(it->string, "id"))
			keys[n++] = it->string;
	}
	cJSON_ArrayForEach(it, b) {
		if (n < max && a && !cJSON_GetObjectItemCaseSensitive(a, it->string))
			keys[n++] = it->string;
	}
	return n;
}

static const char *change_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	const char *keys[32];
	int n = changed_keys(e, keys, 32), used = 0;

	buf[0] = '\0';
	if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(e, "before")))
		return _("created");
	for (int i = 0; i < n && used < RV_CELLSZ - 1; i++) {
		int k = snprintf(buf + used, (size_t)(RV_CELLSZ - used), "%s%s", i ? ", " : "",
		                 field_name(e, keys[i]));

		if (k < 0)
			break;
		used += k;
	}
	return buf;
}

static const char *label(const cJSON *e, char buf[RV_CELLSZ])
{
	snprintf(buf, RV_CELLSZ, "%s %s", object_cell(e, NULL), json_str_or(e, "object_id", ""));
	return buf;
}

/* The edit, field by field. */
static char *detail_text(struct rv *rv, const cJSON *e)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(e, "before");
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "after");
	const char *keys[64];
	char when[RV_CELLSZ], *out, *t;
	int n = changed_keys(e, keys, 64);

	(void)rv;
	rv_format(e, "at", RV_DATETIME, when);
	out = xasprintf(_("%s %s\nChanged on %s by %s.\n"), object_cell(e, NULL),
	                json_str_or(e, "object_id", ""), when, who_cell(e, NULL));
	if (!cJSON_IsObject(b)) {
		t = xasprintf("%s%s\n", out, _("Created with:"));
		free(out);
		out = t;
	}
	for (int i = 0; i < n; i++) {
		const cJSON *vb = cJSON_IsObject(b) ? cJSON_GetObjectItemCaseSensitive(b, keys[i]) : NULL;
		const cJSON *va = cJSON_GetObjectItemCaseSensitive(a, keys[i]);
		char *sb = staff_cat_value_text(keys[i], vb), *sa = staff_cat_value_text(keys[i], va);

		if (cJSON_IsObject(b))
			t = xasprintf(_("%s\n%s:\n  %s\n  → %s\n"), out, field_name(e, keys[i]), sb, sa);
		else
			t = xasprintf(_("%s\n%s: %s\n"), out, field_name(e, keys[i]), sa);
		free(out);
		out = t;
		free(sb);
		free(sa);
	}
	if (!n) {
		t = xasprintf("%s\n%s\n", out, _("Nothing changed in it."));
		free(out);
		out = t;
	}
	return out;
}

static const char *hint(const struct rv *rv, const cJSON *e)
{
	(void)rv;
	(void)e;
	return _("Up/Down scroll  Esc back to the list");
}

static const struct rv_col cols[] = {
	{ .head = N_("When"), .width = 16, .key = "at", .fmt = RV_DATETIME },
	{ .head = N_("Who"), .width = 10, .cell = who_cell },
	{ .head = N_("What"), .width = 10, .cell = object_cell },
	{ .head = N_("Code"), .width = 14, .key = "object_id" },
	{ .head = N_("Changed"), .cell = change_cell },
	{ 0 },
};

static const struct rv_choice objects[] = {
	{ "", N_("All") }, { "level", "" }, { "org", "" }, { "terms", "" }, { "reason", "" },
	{ "setting", "" }, { NULL, NULL },
};

static const struct rv_filter filters[] = {
	{ .key = 'k', .label = N_("Object"), .param = "object", .kind = RV_F_CHOICES,
	  .choices = objects, .words = staff_cat_object_words },
	{ 0 },
};

static const struct rv_detail detail = {
	.text = detail_text,
	.hint = hint,
};

static const struct rv_decl history = {
	.title = N_("Catalogue history"),
	.path = "/catalogue/history",
	.per_page = 50,
	.cols = cols,
	.filters = filters,
	.detail = &detail,
	.empty = N_("No edit yet."),
	.label = label,
};

const struct screen_ops scr_staff_catalogue_history_ops = RV_SCREEN("staff_catalogue_history", history);
