/* Staff accounts, for admins:
 *
 *	GET  /staff/accounts?q=&role=&status=&org=&page=&per_page=
 *	POST /staff/accounts                  {username,email,mobile?,role,org_id?,password}
 *	PUT  /staff/accounts/{id}             {role, org_id}
 *	POST /staff/accounts/{id}/disable     {reason?}
 *	POST /staff/accounts/{id}/enable
 *	POST /staff/accounts/{id}/password    {password}
 *
 * A disabled account's sessions end at once; so do those of an account
 * whose password an admin sets. Every change is in the audit log with
 * before and after (service/staff_admin.c). */
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "caller.h"
#include "route.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "service/auth.h"
#include "service/staff_admin.h"
#include "store/accounts.h"
#include "store/catalogue.h"
#include "store/store.h"

static const char *const staff_roles[] = { "branch_staff", "hq_staff", "admin", NULL };
static const char *const account_statuses[] = { "active", "disabled", NULL };

static cJSON *staff_json(struct db *db, const struct account *a)
{
	cJSON *o = cJSON_CreateObject();
	struct org g;

	json_add_int(o, "id", a->id);
	json_add_str(o, "username", a->username);
	json_add_str(o, "email", a->email);
	json_add_str(o, "mobile", a->mobile);
	json_add_str(o, "role", a->role);
	if (a->org_id && store_org_get(db, a->org_id, &g) == ST_OK) {
		cJSON *r = cJSON_AddObjectToObject(o, "org");
		json_add_int(r, "id", g.id);
		json_add_str(r, "code", g.code);
		json_add_str(r, "name_zh", g.name_zh);
		json_add_str(r, "name_en", g.name_en);
		org_free(&g);
	} else {
		cJSON_AddNullToObject(o, "org");
	}
	json_add_str(o, "status", a->status);
	json_add_int(o, "created_at", a->created_at);
	if (a->last_login_at)
		json_add_int(o, "last_login_at", a->last_login_at);
	else
		cJSON_AddNullToObject(o, "last_login_at");
	return o;
}

struct list_ctx {
	struct db *db;
	cJSON *items;
};

static void list_row(const struct account *a, void *arg)
{
	struct list_ctx *c = arg;

	cJSON_AddItemToArray(c->items, staff_json(c->db, a));
}

static void route_staff_list(struct req *req, struct resp *resp)
{
	struct staff_account_filter f = { 0 };
	cJSON *errs = cJSON_CreateObject();
	struct list_ctx c = { req->db, NULL };
	const char *org = req_query(req, "org");
	int64_t total = 0;
	int page, per_page;

	f.q = req_query(req, "q");
	f.role = req_query(req, "role");
	f.status = req_query(req, "status");
	if (f.q && !*f.q)
		f.q = NULL;
	if (f.role && !*f.role)
		f.role = NULL;
	if (f.status && !*f.status)
		f.status = NULL;
	if (f.q && strlen(f.q) > 200)
		json_add_str(errs, "q", _("The search text is too long."));
	if (f.role && !route_in_list(staff_roles, f.role))
		json_add_str(errs, "role", _("Unknown role."));
	if (f.status && !route_in_list(account_statuses, f.status))
		json_add_str(errs, "status", _("Unknown status."));
	if (org && *org) {
		char *end;
		f.org_id = strtoll(org, &end, 10);
		if (*end || f.org_id <= 0)
			json_add_str(errs, "org", _("Not an organisation id."));
	}
	if (resp_fields_error(resp, errs))
		return;
	req_page(req, &page, &per_page);
	c.items = cJSON_CreateArray();
	if (store_account_list_staff(req->db, &f, per_page, (page - 1) * per_page,
	                             list_row, &c, &total) != ST_OK) {
		cJSON_Delete(c.items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, c.items, total, page, per_page);
}

/* Answer with the account as it is now (200), or the step's error. */
static void answer(struct req *req, struct resp *resp, int64_t id, const struct admin_out *o,
                   int status)
{
	struct account a;

	if (o->err != ERR_OK) {
		resp_error(resp, o->err, o->msg, NULL);
		return;
	}
	if (store_account_get(req->db, id, &a) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, status, staff_json(req->db, &a));
	account_free(&a);
}

static void route_staff_create(struct req *req, struct resp *resp)
{
	cJSON *errs = cJSON_CreateObject();
	const char *username = NULL, *email = NULL, *mobile = NULL, *role = NULL;
	const char *password = NULL, *field = NULL, *why = NULL;
	int64_t org_id = 0, id = 0;
	struct admin_out o = { 0 };
	int rc;

	json_get_str(req->json, "username", true, &username, errs);
	json_get_str(req->json, "email", true, &email, errs);
	json_get_str(req->json, "mobile", false, &mobile, errs);
	json_get_str(req->json, "role", true, &role, errs);
	json_get_str(req->json, "password", true, &password, errs);
	json_get_int(req->json, "org_id", false, &org_id, errs);
	if (role && !route_in_list(staff_roles, role))
		json_add_str(errs, "role", _("Unknown role."));
	else if (role && !strcmp(role, "branch_staff") && !admin_is_branch(req->db, org_id))
		json_add_str(errs, "org_id", _("Choose the officer's branch."));
	if (resp_fields_error(resp, errs))
		return;
	if (mobile && !*mobile)
		mobile = NULL;
	rc = auth_account_create(req->db, req->who.account_id, role,
	                         strcmp(role, "branch_staff") ? 0 : org_id,
	                         username, email, mobile, NULL, password, &id, &field, &why);
	if (rc == ST_EXISTS) {
		errs = cJSON_CreateObject();
		json_add_str(errs, field ? field : "username", _("This is taken."));
		resp_error(resp, ERR_EXISTS, NULL, errs);
		return;
	}
	if (rc == ST_CONFLICT) {
		errs = cJSON_CreateObject();
		json_add_str(errs, field ? field : "username", _(why));
		resp_error(resp, ERR_VALIDATION, NULL, errs);
		return;
	}
	if (rc != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	answer(req, resp, id, &o, 201);
}

static void route_staff_update(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0), org_id = 0;
	cJSON *errs = cJSON_CreateObject();
	const char *role = NULL;
	struct admin_out o = { 0 };

	json_get_str(req->json, "role", true, &role, errs);
	json_get_int(req->json, "org_id", false, &org_id, errs);
	if (role && !route_in_list(staff_roles, role))
		json_add_str(errs, "role", _("Unknown role."));
	if (resp_fields_error(resp, errs))
		return;
	admin_set_role(req->db, req->who.account_id, id, role, org_id, &o);
	if (o.err == ERR_VALIDATION) {
		errs = cJSON_CreateObject();
		json_add_str(errs, strcmp(role, "branch_staff") ? "role" : "org_id", o.msg);
		resp_error(resp, ERR_VALIDATION, NULL, errs);
		return;
	}
	answer(req, resp, id, &o, 200);
}

static void set_status(struct req *req, struct resp *resp, bool enable)
{
	int64_t id = req_param_id(req, 0);
	const char *reason = NULL;
	cJSON *errs = cJSON_CreateObject();
	struct admin_out o = { 0 };
	const char *why;

	json_get_str(req->json, "reason", false, &reason, errs);
	if (reason && (why = route_line_problem(reason, 200)))
		json_add_str(errs, "reason", why);
	if (resp_fields_error(resp, errs))
		return;
	admin_set_status(req->db, req->who.account_id, id, ADMIN_STAFF, enable,
	                 reason && *reason ? reason : NULL, &o);
	answer(req, resp, id, &o, 200);
}

static void route_staff_disable(struct req *req, struct resp *resp)
{
	set_status(req, resp, false);
}

static void route_staff_enable(struct req *req, struct resp *resp)
{
	set_status(req, resp, true);
}

static void route_staff_password(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0);
	const char *password = NULL;
	cJSON *errs = cJSON_CreateObject();
	struct admin_out o = { 0 };

	json_get_str(req->json, "password", true, &password, errs);
	if (resp_fields_error(resp, errs))
		return;
	admin_set_password(req->db, req->who.account_id, id, ADMIN_STAFF, password, &o);
	if (o.err == ERR_VALIDATION) {
		errs = cJSON_CreateObject();
		json_add_str(errs, "password", o.msg);
		resp_error(resp, ERR_VALIDATION, NULL, errs);
		return;
	}
	answer(req, resp, id, &o, 200);
}

const struct route routes_staff_accounts[] = {
	{ "GET",  "/staff/accounts",               route_staff_list,     ROLE_ADMIN, 0 },
	{ "POST", "/staff/accounts",               route_staff_create,   ROLE_ADMIN, 0 },
	{ "PUT",  "/staff/accounts/{id}",          route_staff_update,   ROLE_ADMIN, 0 },
	{ "POST", "/staff/accounts/{id}/disable",  route_staff_disable,  ROLE_ADMIN, 0 },
	{ "POST", "/staff/accounts/{id}/enable",   route_staff_enable,   ROLE_ADMIN, 0 },
	{ "POST", "/staff/accounts/{id}/password", route_staff_password, ROLE_ADMIN, 0 },
	{ 0 }
};
