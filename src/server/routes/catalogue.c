/* The catalogue, read-only and public: organisations, levels, terms, form
 * schemas, the bank account; and the rejection reasons for staff.
 *
 * These change only when an operator reruns `rosterd init`, so clients may
 * keep them: the core adds an ETag to every answer and replies 304 to a
 * matching If-None-Match; a short max-age spares even that round trip. */
#include <stdlib.h>
#include <string.h>

#include "service/catalogue.h"
#include "service/catalogue_json.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "routes/routes.h"
#include "store/catalogue.h"
#include "store/store.h"

#define CATALOGUE_CACHE "public, max-age=60"

/* 200 with o, which clients may keep; the error missing when o is NULL. */
static void reply_cacheable(struct resp *resp, cJSON *o, enum roster_err missing)
{
	if (!o) {
		resp_error(resp, missing, NULL, NULL);
		return;
	}
	resp_json(resp, 200, o);
	resp_header(resp, "Cache-Control", CATALOGUE_CACHE);
}

/* True when t is absent (NULL) or a member type; otherwise sends a 422
 * naming the member_type field and returns false. */
static bool member_type_ok(struct resp *resp, const char *t)
{
	cJSON *errs;

	if (!t || strcmp(t, "individual") == 0 || strcmp(t, "unit") == 0)
		return true;
	errs = cJSON_CreateObject();
	json_add_str(errs, "member_type", _("Must be individual or unit."));
	resp_fields_error(resp, errs);
	return false;
}

/* {"items":items,"total":n,"page":1,"per_page":n}: a whole list on one page. */
static cJSON *whole_list(cJSON *items)
{
	cJSON *o = cJSON_CreateObject();
	int n = cJSON_GetArraySize(items);

	cJSON_AddItemToObject(o, "items", items);
	json_add_int(o, "total", n);
	json_add_int(o, "page", 1);
	json_add_int(o, "per_page", n);
	return o;
}

/* GET /orgs: HQ first, then the branches; with the association's names. */
static void route_orgs_list(struct req *req, struct resp *resp)
{
	reply_cacheable(resp, catalogue_orgs_json(req->db), ERR_INTERNAL);
}

/* GET /levels?member_type=: active levels by type, then rank. */
static void route_levels_list(struct req *req, struct resp *resp)
{
	const char *type = req_query(req, "member_type");

	if (type && !*type)
		type = NULL;
	if (!member_type_ok(resp, type))
		return;
	reply_cacheable(resp, catalogue_levels_json(req->db, type), ERR_INTERNAL);
}

/* GET /terms */
static void route_terms_get(struct req *req, struct resp *resp)
{
	struct terms t;
	cJSON *o;
	int rc = store_terms_get(req->db, &t);

	if (rc != ST_OK) {
		resp_error(resp, rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL, NULL, NULL);
		return;
	}
	o = cJSON_CreateObject();
	json_add_str(o, "version", t.version);
	json_add_str(o, "title_zh", t.title_zh);
	json_add_str(o, "title_en", t.title_en);
	json_add_str(o, "body_zh", t.body_zh);
	json_add_str(o, "body_en", t.body_en);
	json_add_int(o, "updated_at", t.updated_at);
	terms_free(&t);
	reply_cacheable(resp, o, ERR_INTERNAL);
}

/* GET /forms/{member_type}: the schema as loaded. */
static void route_forms_get(struct req *req, struct resp *resp)
{
	const char *type = req->params[0];

	if (strcmp(type, "individual") != 0 && strcmp(type, "unit") != 0) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	reply_cacheable(resp, catalogue_form(req->db, type), ERR_NOT_FOUND);
}

/* GET /bank-account: where bank transfers go. */
static void route_bank_get(struct req *req, struct resp *resp)
{
	static const char *const keys[] = {
		"account_name", "bank", "account_no", "note_zh", "note_en", NULL
	};
	cJSON *o = cJSON_CreateObject();

	for (const char *const *k = keys; *k; k++) {
		char *key = xasprintf("bank.%s", *k), *v = NULL;
		store_setting_get(req->db, key, &v);
		json_add_str(o, *k, v);
		free(v);
		free(key);
	}
	if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "account_no"))) {
		cJSON_Delete(o);
		o = NULL;
	}
	reply_cacheable(resp, o, ERR_NOT_FOUND);
}

/* GET /reason-templates?scope=: what staff pick from when rejecting. */
static void route_reasons_list(struct req *req, struct resp *resp)
{
	const char *scope = req_query(req, "scope");
	struct reason_template *r;
	size_t n;
	cJSON *items;

	if (scope && !*scope)
		scope = NULL;
	if (store_reason_list(req->db, scope, &r, &n) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	items = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *e = cJSON_CreateObject();
		json_add_str(e, "code", r[i].code);
		json_add_str(e, "scope", r[i].scope);
		json_add_str(e, "text_zh", r[i].text_zh);
		json_add_str(e, "text_en", r[i].text_en);
		cJSON_AddItemToArray(items, e);
	}
	reasons_free(r, n);
	resp_json(resp, 200, whole_list(items));
}

const struct route routes_catalogue[] = {
	{ "GET", "/orgs", route_orgs_list, 0, 0 },
	{ "GET", "/levels", route_levels_list, 0, 0 },
	{ "GET", "/terms", route_terms_get, 0, 0 },
	{ "GET", "/forms/{member_type}", route_forms_get, 0, 0 },
	{ "GET", "/bank-account", route_bank_get, 0, 0 },
	{ "GET", "/reason-templates", route_reasons_list, ROLES_STAFF, 0 },
	{ 0 }
};
