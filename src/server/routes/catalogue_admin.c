/* The catalogue edited by admins, with its history.
 *
 *	GET /catalogue                   everything, inactive rows too: orgs,
 *	                                 levels, terms, reasons, settings
 *	PUT /catalogue/levels/{code}     create or change a level (fee, names,
 *	                                 rank, active, lifetime)
 *	PUT /catalogue/orgs/{code}       create or change a branch (or HQ)
 *	PUT /catalogue/terms             the membership terms
 *	PUT /catalogue/reasons/{code}    a rejection reason template
 *	PUT /catalogue/settings/{key}    association.*, bank.*, dues.validity
 *	GET /catalogue/history           who changed what, when: before/after
 *
 * Each change is one transaction with its history row and audit entry.
 * The public routes (GET /levels …) show a change within their cache time
 * (60 s). `rosterd init` loads the data files again and overrides what
 * was edited here (the history keeps both). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "http.h"
#include "route.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/catalogue_edit.h"
#include "store/store.h"

#define NAME_MAX_CHARS 100
#define TEXT_MAX_CHARS 500
#define TERMS_MAX_CHARS 20000

/* ---------------------------------------------------------------- JSON of rows */

static cJSON *level_json(struct db *db, const struct level *l)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", l->id);
	json_add_str(o, "code", l->code);
	json_add_str(o, "member_type", l->member_type);
	json_add_str(o, "name_zh", l->name_zh);
	json_add_str(o, "name_en", l->name_en);
	json_add_int(o, "annual_fee", l->annual_fee);
	json_add_int(o, "rank", l->rank);
	json_add_bool(o, "active", l->active);
	json_add_bool(o, "lifetime", store_level_is_lifetime(db, l->id) == 1);
	return o;
}

static cJSON *org_json(const struct org *g)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", g->id);
	json_add_str(o, "code", g->code);
	json_add_str(o, "kind", g->kind);
	json_add_str(o, "name_zh", g->name_zh);
	json_add_str(o, "name_en", g->name_en);
	json_add_str(o, "address", g->address);
	json_add_str(o, "contact", g->contact);
	json_add_str(o, "phone", g->phone);
	json_add_str(o, "email", g->email);
	json_add_int(o, "rank", g->rank);
	json_add_bool(o, "active", g->active);
	return o;
}

static cJSON *terms_json(const struct terms *t)
{
	cJSON *o = cJSON_CreateObject();

	json_add_str(o, "version", t->version);
	json_add_str(o, "title_zh", t->title_zh);
	json_add_str(o, "title_en", t->title_en);
	json_add_str(o, "body_zh", t->body_zh);
	json_add_str(o, "body_en", t->body_en);
	json_add_int(o, "updated_at", t->updated_at);
	return o;
}

static void reason_json(const struct reason_row *r, void *arg)
{
	cJSON *o = cJSON_CreateObject();

	json_add_str(o, "code", r->code);
	json_add_str(o, "scope", r->scope);
	json_add_str(o, "text_zh", r->text_zh);
	json_add_str(o, "text_en", r->text_en);
	json_add_int(o, "rank", r->rank);
	json_add_bool(o, "active", r->active);
	cJSON_AddItemToArray(arg, o);
}

static void setting_json(const char *key, const char *value, void *arg)
{
	json_add_str(arg, key, value);
}

/* The reason with that code as JSON, or NULL. */
struct find_reason { const char *code; cJSON *found; };

static void reason_find(const struct reason_row *r, void *arg)
{
	struct find_reason *f = arg;
	cJSON *a;

	if (f->found || strcmp(r->code, f->code) != 0)
		return;
	a = cJSON_CreateArray();
	reason_json(r, a);
	f->found = cJSON_DetachItemFromArray(a, 0);
	cJSON_Delete(a);
}

/* ---------------------------------------------------------------- GET /catalogue */

static void route_catalogue_all(struct req *req, struct resp *resp)
{
	cJSON *out = cJSON_CreateObject(), *a;
	struct level *lv = NULL;
	struct org *og = NULL;
	struct terms t = { 0 };
	size_t nl = 0, no = 0;
	int rc;

	db_read_begin(req->db);
	rc = store_org_list(req->db, true, &og, &no);
	if (rc == ST_OK)
		rc = store_level_list(req->db, NULL, true, &lv, &nl);
	a = cJSON_AddArrayToObject(out, "orgs");
	for (size_t i = 0; rc == ST_OK && i < no; i++)
		cJSON_AddItemToArray(a, org_json(&og[i]));
	a = cJSON_AddArrayToObject(out, "levels");
	for (size_t i = 0; rc == ST_OK && i < nl; i++)
		cJSON_AddItemToArray(a, level_json(req->db, &lv[i]));
	if (rc == ST_OK && store_terms_get(req->db, &t) == ST_OK) {
		cJSON_AddItemToObject(out, "terms", terms_json(&t));
		terms_free(&t);
	}
	if (rc == ST_OK)
		rc = store_reason_all(req->db, reason_json, cJSON_AddArrayToObject(out, "reasons"));
	if (rc == ST_OK)
		rc = store_setting_all(req->db, setting_json, cJSON_AddObjectToObject(out, "settings"));
	db_read_end(req->db);
	orgs_free(og, no);
	levels_free(lv, nl);
	if (rc != ST_OK) {
		cJSON_Delete(out);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 200, out);
}

/* ---------------------------------------------------------------- saving */

/* Record a change (before may be NULL), audit it, commit, answer after. */
static void finish(struct req *req, struct resp *resp, const char *object, const char *id,
                   cJSON *before, cJSON *after)
{
	char *b = before ? cJSON_PrintUnformatted(before) : NULL;
	char *a = cJSON_PrintUnformatted(after);
	char *action = xasprintf("catalogue.%s", object);
	int rc;

	rc = store_catalogue_history_add(req->db, req->who.account_id, object, id, b, a);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, action, object, 0, id);
	if (rc == ST_OK)
		rc = db_commit(req->db);
	else
		db_rollback(req->db);
	free(b);
	free(a);
	free(action);
	cJSON_Delete(before);
	if (rc != ST_OK) {
		cJSON_Delete(after);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 200, after);
}

static void fail(struct req *req, struct resp *resp, cJSON *before)
{
	db_rollback(req->db);
	cJSON_Delete(before);
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
}

/* A required single-line text of up to max characters into *out. */
static void need_line(const cJSON *body, const char *key, size_t max, const char **out,
                      cJSON *errs)
{
	const char *why;

	if (json_get_str(body, key, true, out, errs) == 0) {
		if (!**out)
			json_add_str(errs, key, _("Required."));
		else if ((why = route_line_problem(*out, max)))
			json_add_str(errs, key, why);
	}
}

static void opt_line(const cJSON *body, const char *key, size_t max, const char **out,
                     cJSON *errs)
{
	const char *why;

	if (json_get_str(body, key, false, out, errs) == 0 && *out && (why = route_line_problem(*out, max)))
		json_add_str(errs, key, why);
}

/* Codes are short ASCII: letters, digits, '_' (levels, reasons) or upper
 * case letters (organisations). */
static bool code_ok(const char *s, bool upper)
{
	size_t n = strlen(s);

	if (n < 2 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = upper ? (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		                : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
		if (!ok)
			return false;
	}
	return true;
}

static bool code_param(struct req *req, struct resp *resp, bool upper, const char **code)
{
	*code = req->nparams > 0 ? req->params[0] : NULL;
	if (!*code || !code_ok(*code, upper)) {
		cJSON *errs = cJSON_CreateObject();
		json_add_str(errs, "code", upper ? _("Use 2 to 32 capital letters or digits.")
		                                 : _("Use 2 to 32 lower-case letters, digits or '_'."));
		resp_fields_error(resp, errs);
		return false;
	}
	return true;
}

static void route_level_put(struct req *req, struct resp *resp)
{
	cJSON *errs = cJSON_CreateObject(), *before = NULL;
	struct level l = { 0 }, old = { 0 }, now = { 0 };
	const char *code, *type = NULL;
	int64_t fee = -1, rank = 0;
	bool active = true, lifetime = false;
	int rc;

	if (!code_param(req, resp, false, &code)) {
		cJSON_Delete(errs);
		return;
	}
	if (json_get_str(req->json, "member_type", true, &type, errs) == 0 &&
	    strcmp(type, "individual") != 0 && strcmp(type, "unit") != 0)
		json_add_str(errs, "member_type", _("Must be individual or unit."));
	need_line(req->json, "name_zh", NAME_MAX_CHARS, (const char **)&l.name_zh, errs);
	need_line(req->json, "name_en", NAME_MAX_CHARS, (const char **)&l.name_en, errs);
	if (json_get_int(req->json, "annual_fee", true, &fee, errs) == 0 &&
	    (fee < 0 || fee > 100000000))
		json_add_str(errs, "annual_fee", _("A fee in fen from 0 to 100000000."));
	json_get_int(req->json, "rank", false, &rank, errs);
	json_get_bool(req->json, "active", false, &active, errs);
	json_get_bool(req->json, "lifetime", false, &lifetime, errs);
	if (resp_fields_error(resp, errs))
		return;
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	rc = store_level_by_code(req->db, code, &old);
	if (rc == ST_OK) {
		before = level_json(req->db, &old);
		/* members and orders refer to it by id: its kind stays */
		if (strcmp(old.member_type, type) != 0) {
			level_free(&old);
			db_rollback(req->db);
			cJSON_Delete(before);
			errs = cJSON_CreateObject();
			json_add_str(errs, "member_type", _("A level's member type cannot change."));
			resp_error(resp, ERR_CONFLICT, NULL, errs);
			return;
		}
		level_free(&old);
	} else if (rc != ST_NOTFOUND) {
		fail(req, resp, NULL);
		return;
	}
	l.code = (char *)code;
	l.member_type = (char *)type;
	l.annual_fee = fee;
	l.rank = (int)rank;
	if (store_level_upsert(req->db, &l, NULL) != ST_OK ||
	    store_level_set_flags(req->db, code, active, lifetime) != ST_OK ||
	    store_level_by_code(req->db, code, &now) != ST_OK) {
		fail(req, resp, before);
		return;
	}
	{
		cJSON *after = level_json(req->db, &now);
		level_free(&now);
		finish(req, resp, "level", code, before, after);
	}
}

static void route_org_put(struct req *req, struct resp *resp)
{
	cJSON *errs = cJSON_CreateObject(), *before = NULL;
	struct org g = { 0 }, old = { 0 }, now = { 0 };
	const char *code;
	int64_t rank = 0;
	bool active = true;
	int rc;

	if (!code_param(req, resp, true, &code)) {
		cJSON_Delete(errs);
		return;
	}
	need_line(req->json, "name_zh", NAME_MAX_CHARS, (const char **)&g.name_zh, errs);
	need_line(req->json, "name_en", NAME_MAX_CHARS, (const char **)&g.name_en, errs);
	opt_line(req->json, "address", TEXT_MAX_CHARS, (const char **)&g.address, errs);
	opt_line(req->json, "contact", NAME_MAX_CHARS, (const char **)&g.contact, errs);
	opt_line(req->json, "phone", NAME_MAX_CHARS, (const char **)&g.phone, errs);
	opt_line(req->json, "email", NAME_MAX_CHARS, (const char **)&g.email, errs);
	json_get_int(req->json, "rank", false, &rank, errs);
	json_get_bool(req->json, "active", false, &active, errs);
	if (resp_fields_error(resp, errs))
		return;
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	rc = store_org_by_code(req->db, code, &old);
	g.kind = "branch";
	if (rc == ST_OK) {
		before = org_json(&old);
		g.kind = strcmp(old.kind, "hq") == 0 ? "hq" : "branch";
		org_free(&old);
	} else if (rc != ST_NOTFOUND) {
		fail(req, resp, NULL);
		return;
	}
	if (strcmp(g.kind, "hq") == 0 && !active) {
		db_rollback(req->db);
		cJSON_Delete(before);
		errs = cJSON_CreateObject();
		json_add_str(errs, "active", _("The headquarters cannot be switched off."));
		resp_error(resp, ERR_CONFLICT, NULL, errs);
		return;
	}
	g.code = (char *)code;
	g.rank = (int)rank;
	if (store_org_upsert(req->db, &g, NULL) != ST_OK ||
	    store_org_set_active(req->db, code, active) != ST_OK ||
	    store_org_by_code(req->db, code, &now) != ST_OK) {
		fail(req, resp, before);
		return;
	}
	{
		cJSON *after = org_json(&now);
		org_free(&now);
		finish(req, resp, "org", code, before, after);
	}
}

static void route_terms_put(struct req *req, struct resp *resp)
{
	cJSON *errs = cJSON_CreateObject(), *before = NULL;
	struct terms t = { 0 }, old = { 0 }, now = { 0 };
	static const char *const bodies[] = { "body_zh", "body_en" };

	need_line(req->json, "version", NAME_MAX_CHARS, (const char **)&t.version, errs);
	need_line(req->json, "title_zh", NAME_MAX_CHARS, (const char **)&t.title_zh, errs);
	need_line(req->json, "title_en", NAME_MAX_CHARS, (const char **)&t.title_en, errs);
	for (int i = 0; i < 2; i++) {
		const char *b = NULL;
		if (json_get_str(req->json, bodies[i], true, &b, errs) == 0 &&
		    (!*b || strlen(b) > TERMS_MAX_CHARS * 4))
			json_add_str(errs, bodies[i], *b ? _("Too long.") : _("Required."));
		if (i == 0)
			t.body_zh = (char *)b;
		else
			t.body_en = (char *)b;
	}
	if (resp_fields_error(resp, errs))
		return;
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (store_terms_get(req->db, &old) == ST_OK) {
		before = terms_json(&old);
		terms_free(&old);
	}
	t.updated_at = store_now();
	if (store_terms_set(req->db, &t) != ST_OK || store_terms_get(req->db, &now) != ST_OK) {
		fail(req, resp, before);
		return;
	}
	{
		cJSON *after = terms_json(&now);
		terms_free(&now);
		finish(req, resp, "terms", "terms", before, after);
	}
}

static void route_reason_put(struct req *req, struct resp *resp)
{
	static const char *const scopes[] = { "application", "bank_transfer", "invoice", "any", NULL };
	cJSON *errs = cJSON_CreateObject();
	struct reason_template r = { 0 };
	struct find_reason before = { 0 }, after = { 0 };
	const char *code, *scope = NULL;
	int64_t rank = 0;
	bool active = true;

	if (!code_param(req, resp, false, &code)) {
		cJSON_Delete(errs);
		return;
	}
	if (json_get_str(req->json, "scope", true, &scope, errs) == 0 && !route_in_list(scopes, scope))
		json_add_str(errs, "scope", _("Must be application, bank_transfer, invoice or any."));
	need_line(req->json, "text_zh", TEXT_MAX_CHARS, (const char **)&r.text_zh, errs);
	need_line(req->json, "text_en", TEXT_MAX_CHARS, (const char **)&r.text_en, errs);
	json_get_int(req->json, "rank", false, &rank, errs);
	json_get_bool(req->json, "active", false, &active, errs);
	if (resp_fields_error(resp, errs))
		return;
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	before.code = after.code = code;
	r.code = (char *)code;
	r.scope = (char *)scope;
	r.rank = (int)rank;
	if (store_reason_all(req->db, reason_find, &before) != ST_OK ||
	    store_reason_upsert(req->db, &r) != ST_OK ||
	    store_reason_set_active(req->db, code, active) != ST_OK ||
	    store_reason_all(req->db, reason_find, &after) != ST_OK || !after.found) {
		cJSON_Delete(after.found);
		fail(req, resp, before.found);
		return;
	}
	finish(req, resp, "reason", code, before.found, after.found);
}

/* Settings admins may change, and what dues.validity may be. */
static const char *const setting_keys[] = {
	"association.name_zh", "association.name_en", "association.short_name_zh",
	"association.short_name_en", "association.website",
	"bank.account_name", "bank.bank", "bank.account_no", "bank.note_zh", "bank.note_en",
	"dues.validity", NULL
};

static void route_setting_put(struct req *req, struct resp *resp)
{
	static const char *const validity[] = { "calendar_year", "from_payment", NULL };
	const char *key = req->nparams > 0 ? req->params[0] : NULL, *value = NULL;
	cJSON *errs = cJSON_CreateObject(), *before = NULL, *after;
	char *old = NULL;
	int rc;

	if (!key || !route_in_list(setting_keys, key)) {
		cJSON_Delete(errs);
		resp_error(resp, ERR_NOT_FOUND, _("There is no such setting."), NULL);
		return;
	}
	opt_line(req->json, "value", TEXT_MAX_CHARS, &value, errs);
	if (!value)
		json_add_str(errs, "value", _("Required."));
	else if (strcmp(key, "dues.validity") == 0 && !route_in_list(validity, value))
		json_add_str(errs, "value", _("Must be calendar_year or from_payment."));
	if (resp_fields_error(resp, errs))
		return;
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	rc = store_setting_get(req->db, key, &old);
	if (rc == ST_OK) {
		before = cJSON_CreateObject();
		json_add_str(before, "value", old);
		free(old);
	} else if (rc != ST_NOTFOUND) {
		fail(req, resp, NULL);
		return;
	}
	if (store_setting_set(req->db, key, value) != ST_OK) {
		fail(req, resp, before);
		return;
	}
	after = cJSON_CreateObject();
	json_add_str(after, "value", value);
	finish(req, resp, "setting", key, before, after);
}

/* ---------------------------------------------------------------- history */

static void change_json(const struct catalogue_change *c, void *arg)
{
	cJSON *o = cJSON_CreateObject(), *b = c->before ? cJSON_Parse(c->before) : NULL;
	cJSON *a = cJSON_Parse(c->after);

	json_add_int(o, "id", c->id);
	json_add_int(o, "at", c->at);
	if (c->actor_id) {
		json_add_int(o, "actor_id", c->actor_id);
		json_add_str(o, "actor", c->actor);
	} else {
		cJSON_AddNullToObject(o, "actor_id");
		cJSON_AddNullToObject(o, "actor");
	}
	json_add_str(o, "object", c->object);
	json_add_str(o, "object_id", c->object_id);
	cJSON_AddItemToObject(o, "before", b ? b : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "after", a ? a : cJSON_CreateNull());
	cJSON_AddItemToArray(arg, o);
}

static void route_catalogue_history(struct req *req, struct resp *resp)
{
	static const char *const objects[] = { "level", "org", "terms", "reason", "setting", NULL };
	const char *object = req_query(req, "object"), *id = req_query(req, "code");
	cJSON *items;
	int page, per_page;
	int64_t total = 0;

	if (object && !*object)
		object = NULL;
	if (id && !*id)
		id = NULL;
	if (object && !route_in_list(objects, object)) {
		cJSON *errs = cJSON_CreateObject();
		json_add_str(errs, "object", _("Must be level, org, terms, reason or setting."));
		resp_fields_error(resp, errs);
		return;
	}
	req_page(req, &page, &per_page);
	items = cJSON_CreateArray();
	if (store_catalogue_history_list(req->db, object, id, per_page, (page - 1) * per_page,
	                                 change_json, items, &total) != ST_OK) {
		cJSON_Delete(items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, items, total, page, per_page);
}

const struct route routes_catalogue_admin[] = {
	{ "GET", "/catalogue", route_catalogue_all, ROLE_ADMIN, 0 },
	{ "PUT", "/catalogue/levels/{code}", route_level_put, ROLE_ADMIN, 0 },
	{ "PUT", "/catalogue/orgs/{code}", route_org_put, ROLE_ADMIN, 0 },
	{ "PUT", "/catalogue/terms", route_terms_put, ROLE_ADMIN, 0 },
	{ "PUT", "/catalogue/reasons/{code}", route_reason_put, ROLE_ADMIN, 0 },
	{ "PUT", "/catalogue/settings/{key}", route_setting_put, ROLE_ADMIN, 0 },
	{ "GET", "/catalogue/history", route_catalogue_history, ROLE_ADMIN, 0 },
	{ 0 }
};
