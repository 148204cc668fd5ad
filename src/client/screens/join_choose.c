/* Join wizard, first step: the organisation to join (HQ or a branch) and
 * the level with its annual fee (join_wizard.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void join_choose_build(struct join *j)
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

void join_choose_to_json(const struct join *j, cJSON *body)
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
