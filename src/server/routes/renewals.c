/* Membership over time, for staff, admins and the member.
 *
 *	GET  /renewals?state=expiring&days=N   members whose membership ends
 *	                                        within N days (default 30)
 *	GET  /renewals?state=grace              members in grace
 *	GET  /renewals?state=lapsed             members whose membership lapsed
 *	POST /renewals/remind                   {"member_ids":[…]}: remind now
 *	GET  /members/{id}/history              a member's periods, gaps, grace,
 *	                                        expiry and reminders
 *	GET  /membership/history                the caller's own history
 *	POST /jobs/run                          run the scheduled jobs now (admin)
 *	GET  /jobs/runs                         the log of runs (admin)
 *
 * Staff lists are scoped like the member register: a branch officer sees
 * and reminds the members of their branch only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "assoc_time.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "http.h"
#include "route.h"
#include "server.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "service/renewal.h"
#include "service/schedule.h"
#include "store/jobs.h"
#include "store/members.h"
#include "store/renewal_list.h"
#include "store/store.h"

#define REMIND_MAX 500          /* members in one "remind now" */

static void item_json(const struct renewal_item *r, void *arg)
{
	struct { cJSON *items; const char *today; } *c = arg;
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", r->account_id);
	json_add_str(o, "username", r->username);
	json_add_str(o, "email", r->email);
	json_add_str(o, "name", r->name);
	json_add_str(o, "member_no", r->member_no);
	json_add_str(o, "level", r->level_code);
	json_add_str(o, "org", r->org_code);
	json_add_str(o, "valid_until", r->valid_until);
	json_add_int(o, "days_left", renewal_days_between(c->today, r->valid_until));
	if (r->last_reminded_at)
		json_add_int(o, "last_reminded_at", r->last_reminded_at);
	else
		cJSON_AddNullToObject(o, "last_reminded_at");
	cJSON_AddItemToArray(c->items, o);
}

static void route_renewals_list(struct req *req, struct resp *resp)
{
	static const char *const states[] = { "expiring", "grace", "lapsed", NULL };
	struct renewal_query q = { 0 };
	struct { cJSON *items; const char *today; } c;
	const char *days = req_query(req, "days");
	cJSON *errs = cJSON_CreateObject();
	char today[11], *end;
	int page, per_page;
	int64_t total = 0;
	long n = 30;

	q.state = req_query(req, "state");
	if (!q.state || !route_in_list(states, q.state))
		json_add_str(errs, "state", _("Choose expiring, grace or lapsed."));
	if (days && *days) {
		n = strtol(days, &end, 10);
		if (*end || n < 0 || n > 3650)
			json_add_str(errs, "days", _("A number of days from 0 to 3650."));
	}
	if (resp_fields_error(resp, errs))
		return;
	store_today(today);
	q.today = today;
	q.days = (int)n;
	q.grace_days = g_cfg ? g_cfg->grace_days : 90;
	q.scope_org = route_caller_scope(req);
	req_page(req, &page, &per_page);
	c.items = cJSON_CreateArray();
	c.today = today;
	if (store_renewal_list(req->db, &q, per_page, (page - 1) * per_page, item_json, &c,
	                       &total) != ST_OK) {
		cJSON_Delete(c.items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, c.items, total, page, per_page);
}

/* Remind one member now; *why (translated) when skipped. ST_* */
static int remind_one(struct req *req, int64_t id, const char *today, int64_t scope,
                      const char **why)
{
	struct renewal_mail mail = { 0 };
	struct member m = { 0 };
	int rc;

	*why = NULL;
	rc = store_renewal_in_scope(req->db, id, scope);
	if (rc != 1) {
		*why = _("No such member.");
		return rc < 0 ? ST_ERROR : ST_NOTFOUND;
	}
	if (db_begin(req->db) != ST_OK)
		return ST_ERROR;
	rc = store_member_get(req->db, id, &m);
	if (rc == ST_OK && (!m.valid_until || strcmp(m.status, "active") != 0)) {
		*why = strcmp(m.status, "expired") == 0
		       ? _("The membership has expired; there is nothing to renew.")
		       : _("The member has no membership to renew.");
		rc = ST_CONFLICT;
	}
	if (rc == ST_OK) {
		/* a second press, or a second officer, the same day sends nothing */
		int done = store_renewal_staff_reminded(req->db, id, m.valid_until,
		                                        assoc_date_start(today));

		if (done < 0) {
			rc = ST_ERROR;
		} else if (done == 1) {
			*why = _("Already reminded today.");
			rc = ST_EXISTS;
		}
	}
	if (rc == ST_OK)
		rc = renewal_remind(req->db, id, m.valid_until, today, req->who.account_id, &mail);
	member_free(&m);
	if (rc != ST_OK) {
		db_rollback(req->db);
		renewal_mail_drop(&mail);
		return rc;
	}
	if (db_commit(req->db) != ST_OK) {
		renewal_mail_drop(&mail);
		return ST_ERROR;
	}
	renewal_mail_send_free(&mail);
	return ST_OK;
}

static void route_renewals_remind(struct req *req, struct resp *resp)
{
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(req->json, "member_ids"), *it;
	cJSON *out, *done, *again, *skipped;
	int64_t scope = route_caller_scope(req);
	char today[11];
	int n;

	n = cJSON_IsArray(ids) ? cJSON_GetArraySize(ids) : 0;
	if (n == 0 || n > REMIND_MAX) {
		cJSON *errs = cJSON_CreateObject();
		json_add_str(errs, "member_ids", _("Choose from 1 to 500 members."));
		resp_fields_error(resp, errs);
		return;
	}
	cJSON_ArrayForEach(it, ids) {
		if (!cJSON_IsNumber(it) || it->valuedouble < 1 || it->valuedouble != (int64_t)it->valuedouble) {
			cJSON *errs = cJSON_CreateObject();
			json_add_str(errs, "member_ids", _("Member ids are whole numbers."));
			resp_fields_error(resp, errs);
			return;
		}
	}
	store_today(today);
	out = cJSON_CreateObject();
	done = cJSON_AddArrayToObject(out, "reminded");
	again = cJSON_AddArrayToObject(out, "already_reminded");
	skipped = cJSON_AddArrayToObject(out, "skipped");
	cJSON_ArrayForEach(it, ids) {
		int64_t id = (int64_t)it->valuedouble;
		const char *why;
		int rc = remind_one(req, id, today, scope, &why);

		if (rc == ST_OK) {
			cJSON_AddItemToArray(done, cJSON_CreateNumber((double)id));
		} else if (rc == ST_EXISTS) {
			cJSON_AddItemToArray(again, cJSON_CreateNumber((double)id));
		} else if (rc == ST_ERROR) {
			cJSON_Delete(out);
			resp_error(resp, ERR_INTERNAL, NULL, NULL);
			return;
		} else {
			cJSON *s = cJSON_CreateObject();
			json_add_int(s, "id", id);
			json_add_str(s, "reason", why);
			cJSON_AddItemToArray(skipped, s);
		}
	}
	resp_json(resp, 200, out);
}

static void history_json(const struct history_row *r, void *arg)
{
	cJSON *o = cJSON_CreateObject();

	json_add_str(o, "event", r->event);
	json_add_str(o, "from", r->date_from);
	json_add_str(o, "to", r->date_to);
	if (r->order_id)
		json_add_int(o, "order_id", r->order_id);
	else
		cJSON_AddNullToObject(o, "order_id");
	json_add_bool(o, "by_staff", r->actor_id != 0);
	json_add_str(o, "note", r->note);
	json_add_int(o, "at", r->at);
	cJSON_AddItemToArray(arg, o);
}

static void send_history(struct req *req, struct resp *resp, int64_t id)
{
	cJSON *items = cJSON_CreateArray();

	if (store_history_list(req->db, id, history_json, items) != ST_OK) {
		cJSON_Delete(items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, items, cJSON_GetArraySize(items), 1, cJSON_GetArraySize(items));
}

static void route_member_history(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0);

	if (id <= 0 || store_renewal_in_scope(req->db, id, route_caller_scope(req)) != 1) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	send_history(req, resp, id);
}

static void route_my_history(struct req *req, struct resp *resp)
{
	send_history(req, resp, req->who.account_id);
}

static void route_jobs_run(struct req *req, struct resp *resp)
{
	char *detail = NULL, *holder = NULL;
	cJSON *out;

	switch (schedule_run(req->db, "manual", &detail, &holder)) {
	case ST_OK:
		out = cJSON_Parse(detail);
		resp_json(resp, 200, out ? out : cJSON_CreateObject());
		break;
	case ST_CONFLICT:
		resp_error(resp, ERR_CONFLICT,
		           _("Another rosterd instance runs the scheduled jobs; try again on that one."),
		           NULL);
		break;
	default:
		resp_error(resp, ERR_INTERNAL, _("Some scheduled jobs failed; see the server log."),
		           NULL);
	}
	free(detail);
	free(holder);
}

static void run_json(const struct job_run *r, void *arg)
{
	cJSON *o = cJSON_CreateObject(), *d = r->detail ? cJSON_Parse(r->detail) : NULL;

	json_add_int(o, "id", r->id);
	json_add_str(o, "owner", r->owner);
	json_add_str(o, "trigger", r->trigger);
	json_add_str(o, "status", r->status);
	json_add_int(o, "clock", r->clock);
	json_add_int(o, "started_at", r->started_at);
	if (r->finished_at)
		json_add_int(o, "finished_at", r->finished_at);
	else
		cJSON_AddNullToObject(o, "finished_at");
	cJSON_AddItemToObject(o, "detail", d ? d : cJSON_CreateNull());
	cJSON_AddItemToArray(arg, o);
}

static void route_jobs_runs(struct req *req, struct resp *resp)
{
	cJSON *items = cJSON_CreateArray();
	int page, per_page;

	req_page(req, &page, &per_page);
	if (store_job_run_list(req->db, per_page, run_json, items) != ST_OK) {
		cJSON_Delete(items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, items, cJSON_GetArraySize(items), 1, per_page);
}

const struct route routes_renewals[] = {
	{ "GET", "/renewals", route_renewals_list, ROLES_STAFF, 0 },
	{ "POST", "/renewals/remind", route_renewals_remind, ROLES_STAFF, 0 },
	{ "GET", "/members/{id}/history", route_member_history, ROLES_STAFF, 0 },
	{ "GET", "/membership/history", route_my_history, ROLE_MEMBER, 0 },
	{ "POST", "/jobs/run", route_jobs_run, ROLE_ADMIN, 0 },
	{ "GET", "/jobs/runs", route_jobs_runs, ROLE_ADMIN, 0 },
	{ 0 }
};
