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
#include "views/catalogue.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "roster/xalloc.h"
#include "store/applications.h"
#include "store/staff_queries.h"
#include "store/store.h"
#include "service/workflow.h"

/* A ?status= the queue takes: an application status past the draft, or
 * "pending" (both stages), "decided" (approved or rejected: the history)
 * or "all". */
static bool queue_status(const char *s)
{
	return (code_valid(CODES_APP_STATUS, s) && app_status_of(s) != APP_STATUS_DRAFT) ||
	       strcmp(s, "pending") == 0 || strcmp(s, "decided") == 0 ||
	       strcmp(s, "all") == 0;
}

struct twins {
	cJSON *items;
	bool branch;           /* a branch officer: who the match is stays HQ's */
};

static void twin_json(int64_t account_id, const char *member_no, const char *name,
                      const char *field, void *arg)
{
	struct twins *tw = arg;
	cJSON *t = cJSON_CreateObject();

	if (tw->branch) {
		cJSON_AddNullToObject(t, "account_id");
		cJSON_AddNullToObject(t, "member_no");
		cJSON_AddNullToObject(t, "name");
	} else {
		json_add_int(t, "account_id", account_id);
		json_add_str(t, "member_no", member_no);
		json_add_str(t, "name", name);
	}
	json_add_str(t, "field", field);
	cJSON_AddItemToArray(tw->items, t);
}

/* An application as a reviewer sees it: may_act (false when the caller
 * cannot decide it now, with may_act_reason), and in the detail the
 * members already holding the resident ID number or credit code it names
 * (identity_matches) and the last decision taken on it. */
static cJSON *review_json(struct req *req, const struct view_refs *refs,
                          const struct application *a, unsigned flags)
{
	cJSON *j = view_application_listed(req->db, refs, a, flags);
	const char *why = NULL;
	bool may = wf_may_decide(req->db, &req->who, a, &why);

	json_add_bool(j, "may_act", may);
	json_add_str(j, "may_act_reason", may ? NULL : why);
	if (flags & VIEW_APP_DETAIL) {
		cJSON *profile = cJSON_Parse(a->profile ? a->profile : "{}");
		struct twins tw = { cJSON_AddArrayToObject(j, "identity_matches"),
		                    req->who.role == ROLE_BRANCH_STAFF };
		struct app_decision d;

		if (strcmp(a->kind, "join") == 0 || strcmp(a->kind, "profile_change") == 0)
			staff_identity_twins(req->db, a->account_id,
			                     json_str_or(profile, "id_number", NULL),
			                     json_str_or(profile, "uscc", NULL), twin_json, &tw);
		cJSON_Delete(profile);
		if (staff_app_last_decision(req->db, a->id, NULL, &d) == ST_OK && d.actor_id) {
			cJSON *o = cJSON_AddObjectToObject(j, "last_decision");
			json_add_str(o, "by", d.actor);
			json_add_str(o, "decision", d.action);
			json_add_str(o, "stage", d.from_status);
			json_add_int(o, "at", d.at);
		} else {
			cJSON_AddNullToObject(j, "last_decision");
		}
	}
	return j;
}

/* "%q%" with LIKE's wildcards escaped by '!' (caller frees); NULL for none. */
static char *like_of(const char *q)
{
	char *out, *p;

	if (!q || !*q)
		return NULL;
	out = xmalloc(strlen(q) * 2 + 3);
	p = out;
	*p++ = '%';
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '!')
			*p++ = '!';
		*p++ = *q;
	}
	*p++ = '%';
	*p = '\0';
	return out;
}

/* ?stage=branch|hq, ?status= (pending_branch, pending_hq, approved,
 * rejected, pending (both stages, the default), decided, all), ?kind=,
 * ?org_id=, ?q=. */
static void route_review_list(struct req *req, struct resp *resp)
{
	const char *stage = req_query(req, "stage"), *status = req_query(req, "status");
	const char *kind = req_query(req, "kind"), *org = req_query(req, "org_id");
	const char *q = req_query(req, "q");
	char *pat = NULL;
	struct application_filter f = { 0 };
	cJSON *fields = cJSON_CreateObject(), *items;
	struct application *v;
	struct view_refs refs;
	size_t n;
	int64_t total;
	int page, per_page, rc;
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
	if (q && strlen(q) > 200)
		json_add_str(fields, "q", _("The search text is too long."));
	if (resp_fields_error(resp, fields))
		return;
	f.exclude_drafts = true;
	/* the queue: oldest first; a history: the newest decision first */
	f.oldest_first = !f.status || strncmp(f.status, "pending", 7) == 0;
	pat = like_of(q);
	f.q = pat;
	if (req->who.role == ROLE_BRANCH_STAFF) {
		if (req->who.org_id <= 0) {
			free(pat);
			resp_list(resp, cJSON_CreateArray(), 0, 1, 20);
			return;
		}
		f.review_org_id = req->who.org_id;
	}
	req_page(req, &page, &per_page);
	rc = store_application_list(req->db, &f, (page - 1) * per_page, per_page, &v, &n, &total);
	free(pat);
	if (rc != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	/* the page's levels and organisations in two statements, not three an
	 * application */
	if (view_refs_load(req->db, &refs) != ST_OK) {
		applications_free(v, n);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	items = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(items, review_json(req, &refs, &v[i], 0));
	view_refs_free(&refs);
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
	resp_json(resp, 200, review_json(req, NULL, &a, VIEW_APP_DETAIL | VIEW_APP_STAFF));
	application_free(&a);
}

static void decide(struct req *req, struct resp *resp, bool approve)
{
	int64_t id = req_param_id(req, 0);
	const char *reason = NULL, *reason_code = NULL;
	struct wf_out o = { 0 };
	struct application a;
	cJSON *fields = cJSON_CreateObject();

	if (id < 0) {
		cJSON_Delete(fields);
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	json_get_str(req->json, "reason", false, &reason, fields);
	json_get_str(req->json, "reason_code", false, &reason_code, fields);
	if (resp_fields_error(resp, fields))
		return;
	wf_decide(req->db, &req->who, id, approve, reason, reason_code, &o);
	if (o.err != ERR_OK) {
		wf_send_error(resp, &o);
		return;
	}
	if (store_application_get(req->db, id, &a) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 200, review_json(req, NULL, &a, VIEW_APP_DETAIL | VIEW_APP_STAFF));
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
