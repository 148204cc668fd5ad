/* 公告动态: GET /notices (pinned first, then newest; public),
 * GET /notices/{id}; staff: POST /notices, PUT /notices/{id},
 * DELETE /notices/{id}. A branch officer publishes for their own branch
 * (org is set to it) and edits or deletes only their branch's notices; HQ
 * staff and admin publish for the association or, with org_id, for a
 * branch, and manage every notice. */
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "routes/routes.h"
#include "routes/route_util.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/notices.h"
#include "store/store.h"

#define TITLE_MAX 200      /* characters */
#define BODY_MAX 20000

static cJSON *notice_json(struct db *db, const struct notice *n)
{
	cJSON *o = cJSON_CreateObject();
	struct org g;

	json_add_int(o, "id", n->id);
	json_add_str(o, "title", n->title);
	json_add_str(o, "body", n->body);
	json_add_str(o, "title_en", n->title_en);
	json_add_str(o, "body_en", n->body_en);
	json_add_bool(o, "pinned", n->pinned);
	json_add_int(o, "created_at", n->created_at);
	json_add_int(o, "updated_at", n->updated_at);
	if (n->org_id && store_org_get(db, n->org_id, &g) == ST_OK) {
		cJSON *r = cJSON_AddObjectToObject(o, "org");
		json_add_int(r, "id", g.id);
		json_add_str(r, "code", g.code);
		json_add_str(r, "name_zh", g.name_zh);
		json_add_str(r, "name_en", g.name_en);
		org_free(&g);
	} else {
		cJSON_AddNullToObject(o, "org");
	}
	return o;
}

/* May the caller change notice n? A branch officer: their branch's only. */
static bool notice_mine(const struct req *req, const struct notice *n)
{
	int64_t scope = route_caller_scope(req);

	return !scope || n->org_id == scope;
}

static void route_notices_list(struct req *req, struct resp *resp)
{
	struct notice *v;
	size_t n;
	int64_t total;
	int page, per_page;
	cJSON *items;

	req_page(req, &page, &per_page);
	if (store_notice_list(req->db, (page - 1) * per_page, per_page, &v, &n, &total) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	items = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(items, notice_json(req->db, &v[i]));
	notices_free(v, n);
	resp_list(resp, items, total, page, per_page);
}

static void route_notices_get(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0);
	struct notice n;

	if (id < 0 || store_notice_get(req->db, id, &n) != ST_OK) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	resp_json(resp, 200, notice_json(req->db, &n));
	notice_free(&n);
}

/* One text of a notice: required ones must be non-blank; titles are one
 * line. Absent keys leave *out alone. */
static void notice_text(const cJSON *body, const char *key, bool required, bool one_line,
                        size_t max, char **out, cJSON *fields)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(body, key);
	const char *s;

	if (!it)
		return;
	if (!cJSON_IsString(it) && !(cJSON_IsNull(it) && !required)) {
		json_add_str(fields, key, _("Expected text."));
		return;
	}
	s = cJSON_IsString(it) ? it->valuestring : "";
	if (required && !*s) {
		json_add_str(fields, key, _("This field is required."));
		return;
	}
	if (utf8_chars(s) > max) {
		json_add_str(fields, key, _("This text is too long."));
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && (one_line || (*p != '\n' && *p != '\t'))) || *p == 0x7F) {
			json_add_str(fields, key, _("This text contains characters that are not allowed."));
			return;
		}
	}
	*out = *s ? (char *)s : NULL;
}

/* Fill n from the body (strings borrowed from it); false when answered. */
static bool notice_from_body(struct req *req, struct resp *resp, struct notice *n, bool create)
{
	cJSON *fields = cJSON_CreateObject();
	const cJSON *pin = cJSON_GetObjectItemCaseSensitive(req->json, "pinned");

	if (create && !cJSON_HasObjectItem(req->json, "title"))
		json_add_str(fields, "title", _("This field is required."));
	if (create && !cJSON_HasObjectItem(req->json, "body"))
		json_add_str(fields, "body", _("This field is required."));
	notice_text(req->json, "title", true, true, TITLE_MAX, &n->title, fields);
	notice_text(req->json, "body", true, false, BODY_MAX, &n->body, fields);
	notice_text(req->json, "title_en", false, true, TITLE_MAX, &n->title_en, fields);
	notice_text(req->json, "body_en", false, false, BODY_MAX, &n->body_en, fields);
	if (pin && !cJSON_IsBool(pin))
		json_add_str(fields, "pinned", _("Expected true or false."));
	else if (pin)
		n->pinned = cJSON_IsTrue(pin);
	return !resp_fields_error(resp, fields);
}

static void send_notice(struct req *req, struct resp *resp, int64_t id, int status)
{
	struct notice n;

	if (store_notice_get(req->db, id, &n) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, status, notice_json(req->db, &n));
	notice_free(&n);
}

static void route_notices_post(struct req *req, struct resp *resp)
{
	struct notice n = { 0 };
	int64_t id;
	int rc;

	if (!notice_from_body(req, resp, &n, true))
		return;
	n.org_id = route_caller_scope(req);
	if (!n.org_id) {
		int64_t org = 0;
		cJSON *fields = cJSON_CreateObject();
		struct org g = { 0 };

		if (json_get_int(req->json, "org_id", false, &org, fields) == 0 && org) {
			if (store_org_get(req->db, org, &g) != ST_OK)
				json_add_str(fields, "org_id", _("Not an organisation id."));
			else if (strcmp(g.kind, "branch") == 0)
				n.org_id = org;
			if (g.id)
				org_free(&g);
		}
		if (resp_fields_error(resp, fields))
			return;
	}
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	rc = store_notice_insert(req->db, &n, req->who.account_id, &id);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "notice.create", "notice", id, NULL);
	if (rc != ST_OK) {
		db_rollback(req->db);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (db_commit(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	send_notice(req, resp, id, 201);
}

static void route_notices_put(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0);
	struct notice cur, upd;
	int rc;

	if (id < 0 || store_notice_get(req->db, id, &cur) != ST_OK) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	if (!notice_mine(req, &cur)) {
		notice_free(&cur);
		resp_error(resp, ERR_FORBIDDEN, _("This notice is not your branch's."), NULL);
		return;
	}
	/* absent keys keep what the notice has */
	upd = cur;
	if (!notice_from_body(req, resp, &upd, false)) {
		notice_free(&cur);
		return;
	}
	if (db_begin(req->db) != ST_OK) {
		notice_free(&cur);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	rc = store_notice_update(req->db, id, &upd);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "notice.update", "notice", id, NULL);
	notice_free(&cur);
	if (rc != ST_OK) {
		db_rollback(req->db);
		resp_error(resp, rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (db_commit(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	send_notice(req, resp, id, 200);
}

static void route_notices_delete(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0);
	struct notice cur;
	cJSON *o;
	int rc;

	if (id < 0 || store_notice_get(req->db, id, &cur) != ST_OK) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	rc = notice_mine(req, &cur);
	notice_free(&cur);
	if (!rc) {
		resp_error(resp, ERR_FORBIDDEN, _("This notice is not your branch's."), NULL);
		return;
	}
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	rc = store_notice_delete(req->db, id);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "notice.delete", "notice", id, NULL);
	if (rc != ST_OK) {
		db_rollback(req->db);
		resp_error(resp, rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (db_commit(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	o = cJSON_CreateObject();
	json_add_int(o, "id", id);
	json_add_bool(o, "deleted", true);
	resp_json(resp, 200, o);
}

const struct route routes_notices[] = {
	{ "GET", "/notices", route_notices_list, 0, 0 },
	{ "GET", "/notices/{id}", route_notices_get, 0, 0 },
	{ "POST", "/notices", route_notices_post, ROLES_STAFF, 0 },
	{ "PUT", "/notices/{id}", route_notices_put, ROLES_STAFF, 0 },
	{ "DELETE", "/notices/{id}", route_notices_delete, ROLES_STAFF, 0 },
	{ 0 }
};
