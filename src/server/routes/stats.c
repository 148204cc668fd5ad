/* Figures for staff: the statistics page and the counts on the console's
 * home screen.
 *
 *	GET /stats          members by status, level and branch; money received
 *	                    per year
 *	GET /review/counts  what waits for the caller: applications per stage
 *	                    and kind, bank transfers, invoices — only what the
 *	                    caller can act on (HQ staff: not the branch stage;
 *	                    not an HQ stage whose branch stage they approved)
 *
 * Both are scoped like the member register: a branch officer gets the
 * figures of their branch, HQ staff and admin those of the whole
 * association. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster/json.h"
#include "http.h"
#include "route.h"
#include "server.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/store.h"
#include "store/staff_queries.h"

static void stat_json(const struct stat_row *r, void *arg)
{
	cJSON *o = cJSON_CreateObject();

	if (r->id)
		json_add_int(o, "id", r->id);
	json_add_str(o, r->id ? "code" : "status", r->key);
	if (r->id) {
		json_add_str(o, "name_zh", r->name_zh);
		json_add_str(o, "name_en", r->name_en);
	}
	if (r->member_type)
		json_add_str(o, "member_type", r->member_type);
	json_add_int(o, "count", r->count);
	json_add_int(o, "active", r->active);
	cJSON_AddItemToArray(arg, o);
}

static void dues_json(const struct stat_row *r, void *arg)
{
	cJSON *o = cJSON_CreateObject();
	long year = r->key ? strtol(r->key, NULL, 10) : 0;

	json_add_int(o, "year", year);
	json_add_int(o, "orders", r->count);
	json_add_int(o, "dues", r->amount);
	json_add_int(o, "level_change", r->amount_other);
	json_add_int(o, "total", r->amount + r->amount_other);
	cJSON_AddItemToArray(arg, o);
}

static void route_stats(struct req *req, struct resp *resp)
{
	struct member_query q;
	char today[11];
	cJSON *out = cJSON_CreateObject(), *by_status;
	int64_t total = 0;

	memset(&q, 0, sizeof(q));
	store_today(today);
	q.today = today;
	q.grace_days = g_cfg ? g_cfg->grace_days : 90;
	q.scope_org = route_caller_scope(req);
	if (q.scope_org)
		json_add_int(out, "scope_org", q.scope_org);
	else
		cJSON_AddNullToObject(out, "scope_org");
	json_add_str(out, "today", today);
	by_status = cJSON_AddArrayToObject(out, "by_status");
	if (staff_stats_by_status(req->db, &q, stat_json, by_status) != ST_OK ||
	    staff_stats_by_level(req->db, &q, stat_json,
	                         cJSON_AddArrayToObject(out, "by_level")) != ST_OK ||
	    staff_stats_by_branch(req->db, &q, stat_json,
	                          cJSON_AddArrayToObject(out, "by_branch")) != ST_OK ||
	    staff_stats_dues(req->db, &q, dues_json,
	                     cJSON_AddArrayToObject(out, "dues_by_year")) != ST_OK) {
		cJSON_Delete(out);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	for (const cJSON *it = by_status->child; it; it = it->next)
		total += json_int_or(it, "count", 0);
	json_add_int(out, "members", total);
	resp_json(resp, 200, out);
}

static void route_review_counts(struct req *req, struct resp *resp)
{
	static const char *const stages[2] = { "branch", "hq" };
	bool branch = req->who.role == ROLE_BRANCH_STAFF;
	struct review_counts rc;
	cJSON *out, *apps;
	int64_t all = 0;

	/* only what the caller can act on counts as theirs */
	if (staff_review_counts(req->db, branch ? req->who.org_id : 0, req->who.role,
	                        g_cfg && g_cfg->separate_stages ? req->who.account_id : 0,
	                        &rc) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	out = cJSON_CreateObject();
	json_add_str(out, "scope", branch ? "branch" : "all");
	if (branch)
		json_add_int(out, "org_id", req->who.org_id);
	else
		cJSON_AddNullToObject(out, "org_id");
	apps = cJSON_AddObjectToObject(out, "applications");
	for (int s = 0; s < 2; s++) {
		cJSON *stage = cJSON_AddObjectToObject(apps, stages[s]);
		int64_t sum = 0;

		for (int k = 0; k < 4; k++) {
			json_add_int(stage, staff_app_kinds[k], rc.apps[s][k]);
			sum += rc.apps[s][k];
		}
		json_add_int(stage, "total", sum);
		all += sum;
	}
	json_add_int(apps, "total", all);
	json_add_int(out, "bank_transfers", rc.bank_transfers);
	json_add_int(out, "invoices", rc.invoices);
	json_add_int(out, "total", all + rc.bank_transfers + rc.invoices);
	resp_json(resp, 200, out);
}

const struct route routes_stats[] = {
	{ "GET", "/stats",         route_stats,         ROLES_STAFF, 0 },
	/* the console's home polls it: polling must not keep a session alive */
	{ "GET", "/review/counts", route_review_counts, ROLES_STAFF, ROUTE_NO_TOUCH },
	{ 0 }
};
