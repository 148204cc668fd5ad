/* Staff review of applications: GET /review/applications (the queues),
 * GET /review/applications/{id}, POST /review/applications/{id}/approve
 * and /reject. A branch officer sees only applications their branch
 * reviews (others answer 404) and acts only at the branch stage; HQ staff
 * act at the HQ stage; admin at both (see workflow.h). */
#include <stdlib.h>
#include <string.h>
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "views/application.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/applications.h"
#include "store/store.h"
#include "service/workflow.h"

/* A ?status= the queue takes: an application status past the draft, or
 * "pending" (both stages) or "all". */
static bool queue_status(const char *s)
{
	return (code_valid(CODES_APP_STATUS, s) && app_status_of(s) != APP_STATUS_DRAFT) ||
	       strcmp(s, "pending") == 0 || strcmp(s, "all") == 0;
}

static cJSON *review_json(struct req *req, const struct application *a, unsigned flags)
{
	cJSON *j = view_application(req->db, a, flags);

	json_add_bool(j, "may_act", wf_may_act(&req->who, a));
	return j;
}

/* ?stage=branch|hq, ?status= (pending_branch, pending_hq, approved,
 * rejected, pending (both stages, the default), all), ?kind=, ?org_id=. */
static void route_review_list(struct req *req, struct resp *resp)
{
	const char *stage = req_query(req, "stage"), *status = req_query(req, "status");
	const char *kind = req_query(req, "kind"), *org = req_query(req, "org_id");
	struct application_filter f = { 0 };
	cJSON *fields = cJSON_CreateObject(), *items;
	struct application *v;
	size_t n;
	int64_t total;
	int page, per_page;
	char *end;

	f.status = "pending";
	if (status && *status) {
		if (!queue_status(status))
			json_add_str(fields, "status", _("Unknown status."));
		else
			f.status = strcmp(status, "all") == 0 ? NULL : status;
	}
	if (stage && *stage) {
		const char *s = strcmp(stage, "branch") == 0 ? "pending_branch" :
		                strcmp(stage, "hq") == 0 ? "pending_hq" : NULL;
		if (!s)
			json_add_str(fields, "stage", _("Expected branch or hq."));
		else if (status && *status && f.status && strcmp(f.status, s) != 0 &&
		         strcmp(f.status, "pending") != 0)
			json_add_str(fields, "stage", _("The stage and the status do not agree."));
		else
			f.status = s;
	}
	if (kind && *kind) {
		if (!code_valid(CODES_APP_KIND, kind))
			json_add_str(fields, "kind", _("Unknown kind of application."));
		else
			f.kind = kind;
	}
	if (org && *org) {
		f.org_id = strtoll(org, &end, 10);
		if (*end || f.org_id <= 0)
			json_add_str(fields, "org_id", _("Expected a positive whole number."));
	}
	if (resp_fields_error(resp, fields))
		return;
	f.exclude_drafts = true;
	f.oldest_first = true;
	if (req->who.role == ROLE_BRANCH_STAFF) {
		if (req->who.org_id <= 0) {
			resp_list(resp, cJSON_CreateArray(), 0, 1, 20);
			return;
		}
		f.review_org_id = req->who.org_id;
	}
	req_page(req, &page, &per_page);
	if (store_application_list(req->db, &f, (page - 1) * per_page, per_page,
	                           &v, &n, &total) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	items = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(items, review_json(req, &v[i], 0));
	applications_free(v, n);
	resp_list(resp, items, total, page, per_page);
}

static void route_review_get(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0);
	struct application a;

	if (id < 0 || store_application_get(req->db, id, &a) != ST_OK) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	if (!wf_visible(&req->who, &a)) {
		application_free(&a);
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	resp_json(resp, 200, review_json(req, &a, VIEW_APP_DETAIL | VIEW_APP_STAFF));
	application_free(&a);
}

static void decide(struct req *req, struct resp *resp, bool approve)
{
	int64_t id = req_param_id(req, 0);
	const char *reason = NULL;
	struct wf_out o = { 0 };
	struct application a;
	cJSON *fields = cJSON_CreateObject();

	if (id < 0) {
		cJSON_Delete(fields);
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	json_get_str(req->json, "reason", false, &reason, fields);
	if (resp_fields_error(resp, fields))
		return;
	wf_decide(req->db, &req->who, id, approve, reason, &o);
	if (o.err != ERR_OK) {
		wf_send_error(resp, &o);
		return;
	}
	if (store_application_get(req->db, id, &a) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 200, review_json(req, &a, VIEW_APP_DETAIL | VIEW_APP_STAFF));
	application_free(&a);
}

static void route_review_approve(struct req *req, struct resp *resp)
{
	decide(req, resp, true);
}

static void route_review_reject(struct req *req, struct resp *resp)
{
	decide(req, resp, false);
}

const struct route routes_review[] = {
	{ "GET", "/review/applications", route_review_list, ROLES_STAFF, 0 },
	{ "GET", "/review/applications/{id}", route_review_get, ROLES_STAFF, 0 },
	{ "POST", "/review/applications/{id}/approve", route_review_approve, ROLES_STAFF, 0 },
	{ "POST", "/review/applications/{id}/reject", route_review_reject, ROLES_STAFF, 0 },
	{ 0 }
};
