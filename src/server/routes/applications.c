/* 我的申请 — a member's applications of every kind: GET /applications,
 * GET|PUT /applications/{id}, POST /applications/{id}/submit; making the
 * kinds other than the join: POST /level-changes, POST /branch-joins; and
 * GET /branches/mine. (Profile changes: routes/profile.c.) */
#include <stdlib.h>
#include <string.h>
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "views/application.h"
#include "views/catalogue.h"
#include "included.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/applications.h"
#include "store/members.h"
#include "store/store.h"
#include "service/workflow.h"

/* Read ?kind= and ?status= (an application status, or "pending": either
 * review stage) into f; false (answered 422) when unknown. */
static bool list_filters(struct req *req, struct resp *resp, struct application_filter *f)
{
	const char *kind = req_query(req, "kind"), *status = req_query(req, "status");
	cJSON *fields = cJSON_CreateObject();

	if (kind && *kind && !code_valid(CODES_APP_KIND, kind))
		json_add_str(fields, "kind", _("Unknown kind of application."));
	if (status && *status && !code_valid(CODES_APP_STATUS, status) && strcmp(status, "pending") != 0)
		json_add_str(fields, "status", _("Unknown status."));
	if (resp_fields_error(resp, fields))
		return false;
	f->kind = kind && *kind ? kind : NULL;
	f->status = status && *status ? status : NULL;
	return true;
}

static void route_applications_list(struct req *req, struct resp *resp)
{
	struct application_filter f = { 0 };
	struct application *v;
	size_t n;
	int64_t total;
	int page, per_page;
	cJSON *items;

	if (!list_filters(req, resp, &f))
		return;
	f.account_id = req->who.account_id;
	req_page(req, &page, &per_page);
	if (store_application_list(req->db, &f, (page - 1) * per_page, per_page,
	                           &v, &n, &total) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	items = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(items, view_application(req->db, &v[i], 0));
	applications_free(v, n);
	resp_list(resp, items, total, page, per_page);
}

/* The caller's application id (404 answered otherwise). */
static bool own_application(struct req *req, struct resp *resp, struct application *a)
{
	int64_t id = req_param_id(req, 0);

	if (id < 0 || store_application_get(req->db, id, a) != ST_OK) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return false;
	}
	if (a->account_id != req->who.account_id) {
		application_free(a);
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return false;
	}
	return true;
}

static void send_application(struct req *req, struct resp *resp, int64_t id, int status)
{
	struct application a;

	if (store_application_get(req->db, id, &a) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, status, view_application(req->db, &a, VIEW_APP_DETAIL));
	application_free(&a);
}

static void route_applications_get(struct req *req, struct resp *resp)
{
	struct application a;

	if (!own_application(req, resp, &a))
		return;
	resp_json(resp, 200, view_application(req->db, &a, VIEW_APP_DETAIL));
	application_free(&a);
}

static void route_applications_put(struct req *req, struct resp *resp)
{
	struct wf_out o = { 0 };
	int64_t id = req_param_id(req, 0);

	if (id < 0) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	wf_edit(req->db, &req->who, id, req->json, &o);
	if (o.err != ERR_OK) {
		wf_send_error(resp, &o);
		return;
	}
	send_application(req, resp, id, 200);
}

static void route_applications_submit(struct req *req, struct resp *resp)
{
	struct wf_out o = { 0 };
	int64_t id = req_param_id(req, 0);

	if (id < 0) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	wf_submit(req->db, &req->who, id, &o);
	if (o.err != ERR_OK) {
		wf_send_error(resp, &o);
		return;
	}
	send_application(req, resp, id, 200);
}

static void create(struct req *req, struct resp *resp, const char *kind)
{
	struct wf_out o = { 0 };

	wf_create(req->db, &req->who, kind, req->json, &o);
	if (o.err != ERR_OK) {
		wf_send_error(resp, &o);
		return;
	}
	send_application(req, resp, o.id, 201);
}

static void route_level_changes_post(struct req *req, struct resp *resp)
{
	create(req, resp, "level_change");
}

static void route_branch_joins_post(struct req *req, struct resp *resp)
{
	create(req, resp, "branch_join");
}

/* The organisation joined through, the branches added, and open branch
 * join applications: {"items":[{"org","via","status","application_id",
 * "since"}]}; ?include=orgs,branch_joins adds what the join-a-branch
 * screen draws besides (included.h). */
static void route_branches_mine(struct req *req, struct resp *resp)
{
	struct application_filter f = { 0 };
	struct member m;
	struct member_branch *b = NULL;
	struct application *v = NULL;
	size_t nb = 0, nv = 0;
	int64_t total;
	cJSON *items, *it;
	unsigned want;
	int rc;

	if (!included_parse(req, resp, INC_ORGS | INC_BRANCH_JOINS, &want))
		return;
	items = cJSON_CreateArray();
	rc = store_member_get(req->db, req->who.account_id, &m);
	if (rc == ST_ERROR)
		goto fail;
	if (rc == ST_OK && m.org_id) {
		it = cJSON_CreateObject();
		cJSON_AddItemToObject(it, "org", view_org_ref(req->db, m.org_id));
		json_add_str(it, "via", "join");
		json_add_str(it, "status", wf_member_approved(&m) ? "member" : "applying");
		cJSON_AddNullToObject(it, "application_id");
		if (m.joined_at)
			json_add_int(it, "since", m.joined_at);
		else
			cJSON_AddNullToObject(it, "since");
		cJSON_AddItemToArray(items, it);
	}
	if (rc == ST_OK)
		member_free(&m);
	if (store_member_branch_list(req->db, req->who.account_id, &b, &nb) != ST_OK)
		goto fail;
	for (size_t i = 0; i < nb; i++) {
		it = cJSON_CreateObject();
		cJSON_AddItemToObject(it, "org", view_org_ref(req->db, b[i].org_id));
		json_add_str(it, "via", "branch_join");
		json_add_str(it, "status", "member");
		if (b[i].application_id)
			json_add_int(it, "application_id", b[i].application_id);
		else
			cJSON_AddNullToObject(it, "application_id");
		json_add_int(it, "since", b[i].joined_at);
		cJSON_AddItemToArray(items, it);
	}
	free(b);
	f.account_id = req->who.account_id;
	f.kind = "branch_join";
	if (store_application_list(req->db, &f, 0, 100, &v, &nv, &total) != ST_OK)
		goto fail;
	for (size_t i = 0; i < nv; i++) {
		if (strcmp(v[i].status, "approved") == 0)
			continue;
		it = cJSON_CreateObject();
		cJSON_AddItemToObject(it, "org", view_org_ref(req->db, v[i].org_id));
		json_add_str(it, "via", "branch_join");
		json_add_str(it, "status", v[i].status);
		json_add_int(it, "application_id", v[i].id);
		cJSON_AddNullToObject(it, "since");
		cJSON_AddItemToArray(items, it);
	}
	applications_free(v, nv);
	/* one page holding everything: a member has a handful of branches */
	if (!want) {
		resp_list(resp, items, cJSON_GetArraySize(items), 1,
		          cJSON_GetArraySize(items) > 0 ? cJSON_GetArraySize(items) : 20);
		return;
	}
	it = cJSON_CreateObject();
	json_add_int(it, "total", cJSON_GetArraySize(items));
	json_add_int(it, "page", 1);
	json_add_int(it, "per_page", cJSON_GetArraySize(items) > 0 ? cJSON_GetArraySize(items) : 20);
	cJSON_AddItemToObjectCS(it, "items", items);
	if (!included_add(req, it, want, NULL)) {
		cJSON_Delete(it);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 200, it);
	return;
fail:
	cJSON_Delete(items);
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
}

const struct route routes_applications[] = {
	{ "GET", "/applications", route_applications_list, ROLE_MEMBER, 0 },
	{ "GET", "/applications/{id}", route_applications_get, ROLE_MEMBER, 0 },
	{ "PUT", "/applications/{id}", route_applications_put, ROLE_MEMBER, 0 },
	{ "POST", "/applications/{id}/submit", route_applications_submit, ROLE_MEMBER, 0 },
	{ "POST", "/level-changes", route_level_changes_post, ROLE_MEMBER, 0 },
	{ "POST", "/branch-joins", route_branch_joins_post, ROLE_MEMBER, 0 },
	{ "GET", "/branches/mine", route_branches_mine, ROLE_MEMBER, 0 },
	{ 0 }
};
