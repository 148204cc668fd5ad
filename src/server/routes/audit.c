/* The audit trail, for admins and HQ staff:
 *
 *	GET /audit?actor=&actor_id=&member=&object_type=&object_id=&action=
 *	          &from=YYYY-MM-DD&to=YYYY-MM-DD&page=&per_page=
 *
 * Newest first. Dates are whole days in the association's time zone
 * (association.timezone), both ends included. detail is the JSON the step
 * recorded (staff decisions and account changes carry
 * {"before":…,"after":…}), or text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "route.h"
#include "assoc_time.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/audit.h"
#include "store/store.h"

/* A positive id from the query: 0 when absent, -1 (and errs[key]) when junk. */
static int64_t query_id(const struct req *req, const char *key, cJSON *errs)
{
	const char *v = req_query(req, key);
	char *end;
	long long n;

	if (!v || !*v)
		return 0;
	n = strtoll(v, &end, 10);
	if (*end || n <= 0) {
		json_add_str(errs, key, _("Expected a positive whole number."));
		return -1;
	}
	return n;
}

/* Start of a YYYY-MM-DD day of the association's calendar (unix seconds),
 * plus days (0 or 1); 0 when
 * absent, -1 (and errs[key]) when not a date. */
static int64_t query_day(const struct req *req, const char *key, int days, cJSON *errs)
{
	const char *v = req_query(req, key);
	int y, m, d;
	char tail;

	if (!v || !*v)
		return 0;
	if (sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 2000 || y > 2200 ||
	    m < 1 || m > 12 || d < 1 || d > 31) {
		json_add_str(errs, key, _("Expected a date (YYYY-MM-DD)."));
		return -1;
	}
	return assoc_day_time(y, m, d + days, 0);
}

static void audit_json(const struct audit_row *r, void *arg)
{
	cJSON *o = cJSON_CreateObject(), *detail = NULL;

	json_add_int(o, "id", r->id);
	json_add_int(o, "at", r->at);
	if (r->actor_id) {
		cJSON *a = cJSON_AddObjectToObject(o, "actor");
		json_add_int(a, "id", r->actor_id);
		json_add_str(a, "username", r->actor);
		json_add_str(a, "role", r->actor_role);
	} else {
		cJSON_AddNullToObject(o, "actor");
	}
	json_add_str(o, "action", r->action);
	json_add_str(o, "object_type", r->object_type);
	if (r->object_id)
		json_add_int(o, "object_id", r->object_id);
	else
		cJSON_AddNullToObject(o, "object_id");
	if (r->member_id)
		json_add_int(o, "member_id", r->member_id);
	else
		cJSON_AddNullToObject(o, "member_id");
	json_add_str(o, "address", r->address);
	if (r->detail && (r->detail[0] == '{' || r->detail[0] == '['))
		detail = cJSON_Parse(r->detail);
	if (detail)
		cJSON_AddItemToObject(o, "detail", detail);
	else
		json_add_str(o, "detail", r->detail);
	cJSON_AddItemToArray(arg, o);
}

static void route_audit_list(struct req *req, struct resp *resp)
{
	struct audit_filter f = { 0 };
	cJSON *errs = cJSON_CreateObject(), *items;
	int64_t total = 0;
	int page, per_page;

	f.actor_id = query_id(req, "actor_id", errs);
	f.member_id = query_id(req, "member", errs);
	f.object_id = query_id(req, "object_id", errs);
	f.actor = req_query(req, "actor");
	f.object_type = req_query(req, "object_type");
	f.action = req_query(req, "action");
	f.from = query_day(req, "from", 0, errs);
	f.to = query_day(req, "to", 1, errs);
	if (f.actor && !*f.actor)
		f.actor = NULL;
	if (f.object_type && !*f.object_type)
		f.object_type = NULL;
	if (f.action && !*f.action)
		f.action = NULL;
	if ((f.actor && strlen(f.actor) > 64) || (f.action && strlen(f.action) > 64) ||
	    (f.object_type && strlen(f.object_type) > 64))
		json_add_str(errs, "q", _("The search text is too long."));
	if (f.from > 0 && f.to > 0 && f.to <= f.from)
		json_add_str(errs, "to", _("The end is before the start."));
	if (resp_fields_error(resp, errs))
		return;
	req_page(req, &page, &per_page);
	items = cJSON_CreateArray();
	if (store_audit_list(req->db, &f, per_page, (page - 1) * per_page, audit_json, items,
	                     &total) != ST_OK) {
		cJSON_Delete(items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, items, total, page, per_page);
}

const struct route routes_audit[] = {
	{ "GET", "/audit", route_audit_list, ROLES_HQ, 0 },
	{ 0 }
};
