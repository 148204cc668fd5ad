/* ?include= on the routes member screens open with (included.h). */
#include <stdlib.h>
#include <string.h>

#include "included.h"
#include "views/application.h"
#include "service/catalogue.h"
#include "service/catalogue_json.h"
#include "http.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "store/applications.h"
#include "store/store.h"

/* How many applications of a kind the branch_joins piece holds (one page
 * of the list route at its largest). */
#define INC_LIST_MAX 100

static const struct {
	const char *name;
	unsigned bit;
} inc_names[] = {
	{ "orgs", INC_ORGS },
	{ "levels", INC_LEVELS },
	{ "form", INC_FORM },
	{ "profile_change", INC_PROFILE_CHANGE },
	{ "level_change", INC_LEVEL_CHANGE },
	{ "branch_joins", INC_BRANCH_JOINS },
};
#define INC_N (sizeof(inc_names) / sizeof(inc_names[0]))

/* "orgs, levels, form": the names of the bits in allowed, for the error. */
static char *allowed_list(unsigned allowed)
{
	char *out = xstrdup(""), *t;

	for (size_t i = 0; i < INC_N; i++) {
		if (!(allowed & inc_names[i].bit))
			continue;
		t = xasprintf("%s%s%s", out, *out ? ", " : "", inc_names[i].name);
		free(out);
		out = t;
	}
	return out;
}

bool included_parse(struct req *req, struct resp *resp, unsigned allowed, unsigned *want)
{
	const char *q = req_query(req, "include");
	char *copy, *rest, *tok;
	bool ok = true;

	*want = 0;
	if (!q || !*q)
		return true;
	copy = rest = xstrdup(q);
	/* strsep, not strtok: "orgs,,form" has an empty name, which is refused */
	while (ok && (tok = strsep(&rest, ",")) != NULL) {
		size_t i;

		for (i = 0; i < INC_N; i++)
			if (strcmp(tok, inc_names[i].name) == 0)
				break;
		if (i < INC_N && (allowed & inc_names[i].bit))
			*want |= inc_names[i].bit;
		else
			ok = false;
	}
	free(copy);
	if (!ok) {
		cJSON *fields = cJSON_CreateObject();
		char *names = allowed_list(allowed), *why;

		why = xasprintf(_("Unknown value; this route can include: %s."), names);
		json_add_str(fields, "include", why);
		free(why);
		free(names);
		resp_fields_error(resp, fields);
		*want = 0;
	}
	return ok;
}

/* The latest application of kind in detail, JSON null when there is none;
 * NULL on a store error. */
static cJSON *latest_of_kind(struct req *req, const char *kind)
{
	struct application_filter f = { 0 };
	struct application *v = NULL, a;
	size_t n = 0;
	int64_t total;
	cJSON *out;
	int rc;

	f.account_id = req->who.account_id;
	f.kind = kind;
	if (store_application_list(req->db, &f, 0, 1, &v, &n, &total) != ST_OK)
		return NULL;
	if (n == 0) {
		applications_free(v, n);
		return cJSON_CreateNull();
	}
	/* read it as GET /applications/{id} does, so the two answers match */
	rc = store_application_get(req->db, v[0].id, &a);
	applications_free(v, n);
	if (rc != ST_OK)
		return NULL;
	out = view_application(req->db, &a, VIEW_APP_DETAIL);
	application_free(&a);
	return out;
}

/* The list of the caller's applications of kind, as GET /applications
 * answers its first page of INC_LIST_MAX; NULL on a store error. */
static cJSON *list_of_kind(struct req *req, const char *kind)
{
	struct application_filter f = { 0 };
	struct application *v = NULL;
	size_t n = 0;
	int64_t total;
	cJSON *o, *items;

	f.account_id = req->who.account_id;
	f.kind = kind;
	if (store_application_list(req->db, &f, 0, INC_LIST_MAX, &v, &n, &total) != ST_OK)
		return NULL;
	items = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(items, view_application(req->db, &v[i], 0));
	applications_free(v, n);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", items);
	json_add_int(o, "total", total);
	json_add_int(o, "page", 1);
	json_add_int(o, "per_page", INC_LIST_MAX);
	return o;
}

/* One piece; NULL on a store error. */
static cJSON *piece(struct req *req, unsigned bit, const char *member_type)
{
	bool typed = member_type && (!strcmp(member_type, "individual") || !strcmp(member_type, "unit"));
	cJSON *v;

	switch (bit) {
	case INC_ORGS:
		return catalogue_orgs_json(req->db);
	case INC_LEVELS:
		return catalogue_levels_json(req->db, typed ? member_type : NULL);
	case INC_FORM:
		v = typed ? catalogue_form(req->db, member_type) : NULL;
		return v ? v : cJSON_CreateNull();
	case INC_PROFILE_CHANGE:
		return latest_of_kind(req, "profile_change");
	case INC_LEVEL_CHANGE:
		return latest_of_kind(req, "level_change");
	case INC_BRANCH_JOINS:
		return list_of_kind(req, "branch_join");
	default:
		return cJSON_CreateNull();
	}
}

bool included_add(struct req *req, cJSON *obj, unsigned want, const char *member_type)
{
	cJSON *inc;

	if (!want)
		return true;
	inc = cJSON_CreateObject();
	for (size_t i = 0; i < INC_N; i++) {
		cJSON *v;

		if (!(want & inc_names[i].bit))
			continue;
		v = piece(req, inc_names[i].bit, member_type);
		if (!v) {
			cJSON_Delete(inc);
			return false;
		}
		cJSON_AddItemToObject(inc, inc_names[i].name, v);
	}
	cJSON_AddItemToObject(obj, "included", inc);
	return true;
}
