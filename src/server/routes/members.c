/* The member register for staff: search and filter, one member's detail
 * with orders, applications and certificate (the CSV export of the same
 * list: members_export.c).
 *
 *	GET /members?q=&status=&level=&org=&page=&per_page=
 *	GET /members/{id}
 *
 * Branch staff see only members of their branch (joined through it or
 * added by a branch join): the scope is applied in every query, so another
 * branch's member answers 404 and asking for another branch's list answers
 * 403. Opening a member and exporting are audited: both read personal
 * data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "http.h"
#include "route.h"
#include "server.h"
#include "routes/members_query.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/staff_queries.h"
#include "views/catalogue.h"

/* A positive id from the query, 0 when absent; -1 when junk. */
static int64_t query_id(const struct req *req, const char *key)
{
	const char *v = req_query(req, key);
	char *end;
	long long n;

	if (!v || !*v)
		return 0;
	n = strtoll(v, &end, 10);
	if (*end || n <= 0)
		return -1;
	return n;
}

bool route_members_query(struct req *req, struct resp *resp, struct member_query *q,
                          char today[11])
{
	cJSON *errs = cJSON_CreateObject();
	const char *status = req_query(req, "status");

	memset(q, 0, sizeof(*q));
	store_today(today);
	q->today = today;
	q->grace_days = g_cfg ? g_cfg->grace_days : 90;
	q->scope_org = route_caller_scope(req);
	q->q = req_query(req, "q");
	if (q->q && strlen(q->q) > 200)
		cJSON_AddStringToObject(errs, "q", _("The search text is too long."));
	if (status && *status) {
		if (!code_valid(CODES_MEMBER_STATUS, status) ||
		    member_status_of(status) == MEMBER_STATUS_NONE)
			cJSON_AddStringToObject(errs, "status", _("Unknown status."));
		q->status = status;
	}
	q->level_id = query_id(req, "level");
	if (q->level_id < 0)
		cJSON_AddStringToObject(errs, "level", _("Not a level id."));
	q->org_id = query_id(req, "org");
	if (q->org_id < 0)
		cJSON_AddStringToObject(errs, "org", _("Not an organisation id."));
	if (resp_fields_error(resp, errs))
		return false;
	/* a branch officer asking for another branch is refused, not quietly
	 * given their own */
	if (q->scope_org && q->org_id && q->org_id != q->scope_org) {
		resp_error(resp, ERR_FORBIDDEN, NULL, NULL);
		return false;
	}
	return true;
}

/* What the row callbacks add to: the database (for the org objects of a
 * member's branches and applications, views/catalogue.h) and the JSON they
 * fill. */
struct rows {
	struct db *db;
	cJSON *into;
};

/* A member's row holds its level and organisation (joined in the same
 * statement): no statement more for them. */
static cJSON *member_json(const struct member_row *r)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", r->account_id);
	json_add_str(o, "username", r->username);
	json_add_str(o, "email", r->email);
	json_add_str(o, "mobile", r->mobile);
	json_add_str(o, "member_type", r->member_type);
	json_add_str(o, "name", r->name);
	json_add_str(o, "member_no", r->member_no);
	json_add_str(o, "status", r->status);
	json_add_str(o, "effective_status", r->effective_status);
	json_add_str(o, "status_reason", r->status_reason);
	json_add_str(o, "valid_until", r->valid_until);
	json_add_str(o, "uscc", r->uscc);
	cJSON_AddItemToObject(o, "level",
	                      view_level_of(r->level_id, r->level_code, r->level_member_type,
	                                    r->level_zh, r->level_en, r->level_annual_fee));
	cJSON_AddItemToObject(o, "org", view_org_of(r->org_id, r->org_code, r->org_kind,
	                                            r->org_zh, r->org_en));
	if (r->joined_at)
		json_add_int(o, "joined_at", r->joined_at);
	else
		cJSON_AddNullToObject(o, "joined_at");
	json_add_int(o, "created_at", r->created_at);
	return o;
}

static void list_row(const struct member_row *r, void *arg)
{
	struct rows *c = arg;

	cJSON_AddItemToArray(c->into, member_json(r));
}

static void route_members_list(struct req *req, struct resp *resp)
{
	struct member_query q;
	char today[11];
	int page, per_page;
	int64_t total = 0;
	struct rows c = { .db = req->db };

	if (!route_members_query(req, resp, &q, today))
		return;
	req_page(req, &page, &per_page);
	c.into = cJSON_CreateArray();
	if (staff_members_search(req->db, &q, per_page, (page - 1) * per_page,
	                         list_row, &c, &total) != ST_OK) {
		cJSON_Delete(c.into);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, c.into, total, page, per_page);
}

/* ---------------------------------------------------------------- detail */

static void detail_row(const struct member_row *r, void *arg)
{
	struct rows *c = arg;
	cJSON *m = member_json(r), *profile;

	json_add_str(m, "account_status", r->account_status);
	if (r->last_login_at)
		json_add_int(m, "last_login_at", r->last_login_at);
	else
		cJSON_AddNullToObject(m, "last_login_at");
	profile = cJSON_Parse(r->profile ? r->profile : "{}");
	if (!cJSON_IsObject(profile)) {
		cJSON_Delete(profile);
		profile = cJSON_CreateObject();
	}
	cJSON_AddItemToObject(m, "profile", profile);
	cJSON_AddItemToObject(c->into, "member", m);
}

/* A branch the member joined: the org object with the day it was joined. */
static void branch_row(const struct member_branch_row *r, void *arg)
{
	struct rows *c = arg;
	cJSON *b = view_org_ref(c->db, r->org_id);

	if (!cJSON_IsObject(b)) {
		cJSON_Delete(b);
		return;
	}
	json_add_int(b, "joined_at", r->joined_at);
	cJSON_AddItemToArray(c->into, b);
}

static void order_row(const struct member_order_row *r, void *arg)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", r->id);
	json_add_str(o, "order_no", r->order_no);
	json_add_str(o, "kind", r->kind);
	json_add_str(o, "status", r->status);
	json_add_int(o, "amount", r->amount);
	if (r->year_from) {
		json_add_int(o, "year_from", r->year_from);
		json_add_int(o, "year_to", r->year_to);
	} else {
		cJSON_AddNullToObject(o, "year_from");
		cJSON_AddNullToObject(o, "year_to");
	}
	json_add_str(o, "method", r->method);
	json_add_str(o, "receipt_no", r->receipt_no);
	json_add_int(o, "created_at", r->created_at);
	if (r->paid_at)
		json_add_int(o, "paid_at", r->paid_at);
	else
		cJSON_AddNullToObject(o, "paid_at");
	json_add_str(o, "invoice_status", r->invoice_status);
	cJSON_AddItemToArray(arg, o);
}

static void app_row(const struct member_app_row *r, void *arg)
{
	struct rows *c = arg;
	cJSON *a = cJSON_CreateObject();

	json_add_int(a, "id", r->id);
	json_add_str(a, "kind", r->kind);
	json_add_str(a, "status", r->status);
	json_add_str(a, "status_reason", r->status_reason);
	cJSON_AddItemToObject(a, "org", view_org_ref(c->db, r->org_id));
	json_add_int(a, "created_at", r->created_at);
	if (r->submitted_at)
		json_add_int(a, "submitted_at", r->submitted_at);
	else
		cJSON_AddNullToObject(a, "submitted_at");
	if (r->decided_at)
		json_add_int(a, "decided_at", r->decided_at);
	else
		cJSON_AddNullToObject(a, "decided_at");
	cJSON_AddItemToArray(c->into, a);
}

static void cert_row(const struct member_cert_row *r, void *arg)
{
	cJSON *c = cJSON_AddObjectToObject(arg, "certificate");

	json_add_str(c, "cert_no", r->cert_no);
	json_add_str(c, "member_no", r->member_no);
	json_add_str(c, "name", r->name);
	json_add_str(c, "level_zh", r->level_zh);
	json_add_str(c, "level_en", r->level_en);
	json_add_str(c, "valid_until", r->valid_until);
	json_add_str(c, "issue_date", r->issue_date);
	json_add_int(c, "issued_at", r->issued_at);
}

static void route_members_get(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0);
	struct member_query q;
	char today[11];
	cJSON *out = NULL;
	struct rows c = { .db = req->db }, branches = { .db = req->db }, apps = { .db = req->db };
	int rc;

	memset(&q, 0, sizeof(q));
	store_today(today);
	q.today = today;
	q.grace_days = g_cfg ? g_cfg->grace_days : 90;
	q.scope_org = route_caller_scope(req);
	out = cJSON_CreateObject();
	c.into = out;
	rc = staff_member_get(req->db, id, &q, detail_row, &c);
	if (rc == ST_NOTFOUND) {
		/* another branch's member looks exactly like no member */
		cJSON_Delete(out);
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	if (rc != ST_OK)
		goto fail;
	branches.into = cJSON_AddArrayToObject(out, "branches");
	if (staff_member_branches(req->db, id, branch_row, &branches) != ST_OK ||
	    staff_member_orders(req->db, id, 50, order_row,
	                        cJSON_AddArrayToObject(out, "orders")) != ST_OK)
		goto fail;
	apps.into = cJSON_AddArrayToObject(out, "applications");
	if (staff_member_applications(req->db, id, 50, app_row, &apps) != ST_OK)
		goto fail;
	rc = staff_member_certificate(req->db, id, cert_row, out);
	if (rc == ST_NOTFOUND)
		cJSON_AddNullToObject(out, "certificate");
	else if (rc != ST_OK)
		goto fail;
	if (store_audit(req->db, req->who.account_id, "member.view", "member", id, NULL) != ST_OK)
		goto fail;
	resp_json(resp, 200, out);
	return;
fail:
	cJSON_Delete(out);
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
}

const struct route routes_members[] = {
	{ "GET", "/members/{id}",       route_members_get,    ROLES_STAFF, 0 },
	{ "GET", "/members",            route_members_list,   ROLES_STAFF, 0 },
	{ 0 }
};
