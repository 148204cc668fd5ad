/* Messages staff send to a filtered set of members:
 *
 *	POST /broadcasts/preview      {filter}               -> {matched}
 *	POST /broadcasts              {filter, title_zh, title_en, body_zh,
 *	                               body_en, email}        -> 202, queued
 *	GET  /broadcasts              newest first, with progress
 *	GET  /broadcasts/{id}
 *	POST /broadcasts/{id}/cancel
 *
 * filter: {status, level, org, expiring_before (YYYY-MM-DD)}, each
 * optional, read like GET /members (a branch officer reaches their branch's
 * members only). The request only queues: the notify thread sends in
 * batches (a message each, and an e-mail in the member's language when
 * email is true) and resumes after a restart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "route.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "server.h"
#include "service/notify.h"
#include "store/audit.h"
#include "store/broadcasts.h"
#include "store/staff_queries.h"
#include "store/store.h"

#define TITLE_MAX 100
#define BODY_MAX  2000

struct filter {
	struct member_query q;
	char today[11];
	const char *expiring_before;
};

/* Read body.filter; false (response sent) when a value is bad or reaches
 * outside the caller's branch. */
static bool filter_read(struct req *req, struct resp *resp, struct filter *f)
{
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(req->json, "filter");
	cJSON *errs = cJSON_CreateObject();
	int y, m, d;
	char tail;

	memset(f, 0, sizeof *f);
	store_today(f->today);
	f->q.today = f->today;
	f->q.grace_days = g_cfg ? g_cfg->grace_days : 90;
	f->q.scope_org = route_caller_scope(req);
	if (in && !cJSON_IsObject(in) && !cJSON_IsNull(in))
		json_add_str(errs, "filter", _("Expected an object."));
	json_get_str(in, "status", false, &f->q.status, errs);
	json_get_int(in, "level", false, &f->q.level_id, errs);
	json_get_int(in, "org", false, &f->q.org_id, errs);
	json_get_str(in, "expiring_before", false, &f->expiring_before, errs);
	if (f->q.status && (!staff_member_status_known(f->q.status) ||
	                    !strcmp(f->q.status, "draft")))
		json_add_str(errs, "status", _("Unknown status."));
	if (f->q.level_id < 0)
		json_add_str(errs, "level", _("Not a level id."));
	if (f->q.org_id < 0)
		json_add_str(errs, "org", _("Not an organisation id."));
	if (f->expiring_before && (sscanf(f->expiring_before, "%4d-%2d-%2d%c", &y, &m, &d,
	                                  &tail) != 3 || strlen(f->expiring_before) != 10))
		json_add_str(errs, "expiring_before", _("Expected a date (YYYY-MM-DD)."));
	if (resp_fields_error(resp, errs))
		return false;
	if (f->q.scope_org && f->q.org_id && f->q.org_id != f->q.scope_org) {
		resp_error(resp, ERR_FORBIDDEN, NULL, NULL);
		return false;
	}
	return true;
}

static int64_t matched(struct req *req, const struct filter *f)
{
	int64_t n = -1;

	if (staff_broadcast_targets(req->db, &f->q, f->expiring_before, 0, 0, NULL, NULL,
	                            &n) != ST_OK)
		return -1;
	return n;
}

static void route_broadcast_preview(struct req *req, struct resp *resp)
{
	struct filter f;
	int64_t n;
	cJSON *out;

	if (!filter_read(req, resp, &f))
		return;
	if ((n = matched(req, &f)) < 0) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	out = cJSON_CreateObject();
	json_add_int(out, "matched", n);
	resp_json(resp, 200, out);
}

static cJSON *broadcast_json(const struct broadcast *b)
{
	cJSON *o = cJSON_CreateObject(), *f = cJSON_Parse(b->filter ? b->filter : "{}");

	json_add_int(o, "id", b->id);
	json_add_int(o, "author_id", b->author_id);
	cJSON_AddItemToObject(o, "filter", f ? f : cJSON_CreateObject());
	json_add_str(o, "title_zh", b->title_zh);
	json_add_str(o, "title_en", b->title_en);
	json_add_str(o, "body_zh", b->body_zh);
	json_add_str(o, "body_en", b->body_en);
	json_add_bool(o, "email", b->email);
	json_add_str(o, "status", b->status);
	json_add_int(o, "matched", b->matched);
	json_add_int(o, "sent", b->sent);
	json_add_int(o, "created_at", b->created_at);
	if (b->finished_at)
		json_add_int(o, "finished_at", b->finished_at);
	else
		cJSON_AddNullToObject(o, "finished_at");
	return o;
}

/* A text of the body: required (at least one language of the pair), at
 * most max characters. */
static void text_pair(struct req *req, const char *zh_key, const char *en_key, size_t max,
                      bool line, const char **zh, const char **en, cJSON *errs)
{
	const char *why;

	*zh = *en = NULL;
	json_get_str(req->json, zh_key, false, zh, errs);
	json_get_str(req->json, en_key, false, en, errs);
	if (*zh && !**zh)
		*zh = NULL;
	if (*en && !**en)
		*en = NULL;
	if (!*zh && !*en) {
		json_add_str(errs, zh_key, _("This field is required."));
		return;
	}
	if (!*zh)
		*zh = *en;
	if (!*en)
		*en = *zh;
	if (line) {
		if ((why = route_line_problem(*zh, max)))
			json_add_str(errs, zh_key, why);
		if ((why = route_line_problem(*en, max)))
			json_add_str(errs, en_key, why);
	} else {
		if (utf8_chars(*zh) > max)
			json_add_str(errs, zh_key, _("This text is too long."));
		if (utf8_chars(*en) > max)
			json_add_str(errs, en_key, _("This text is too long."));
	}
}

static void route_broadcast_create(struct req *req, struct resp *resp)
{
	struct filter f;
	struct broadcast b = { 0 };
	cJSON *errs, *fj;
	bool email = false;
	int64_t id = 0;
	char *detail;
	int rc;

	if (!filter_read(req, resp, &f))
		return;
	errs = cJSON_CreateObject();
	text_pair(req, "title_zh", "title_en", TITLE_MAX, true, (const char **)&b.title_zh,
	          (const char **)&b.title_en, errs);
	text_pair(req, "body_zh", "body_en", BODY_MAX, false, (const char **)&b.body_zh,
	          (const char **)&b.body_en, errs);
	json_get_bool(req->json, "email", false, &email, errs);
	if (resp_fields_error(resp, errs))
		return;
	if ((b.matched = matched(req, &f)) < 0) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (b.matched == 0) {
		resp_error(resp, ERR_CONFLICT, _("No member matches these filters."), NULL);
		return;
	}
	fj = cJSON_CreateObject();
	if (f.q.status)
		json_add_str(fj, "status", f.q.status);
	if (f.q.level_id)
		json_add_int(fj, "level", f.q.level_id);
	if (f.q.org_id)
		json_add_int(fj, "org", f.q.org_id);
	if (f.expiring_before)
		json_add_str(fj, "expiring_before", f.expiring_before);
	b.filter = json_print(fj);
	cJSON_Delete(fj);
	b.author_id = req->who.account_id;
	b.scope_org = f.q.scope_org;
	b.email = email;
	detail = NULL;
	rc = db_begin(req->db);
	if (rc == ST_OK)
		rc = store_broadcast_insert(req->db, &b, &id);
	if (rc == ST_OK) {
		detail = b.filter;
		rc = store_audit(req->db, req->who.account_id, "broadcast.create", "broadcast", id,
		                 detail);
	}
	free(b.filter);
	if (rc != ST_OK || db_commit(req->db) != ST_OK) {
		db_rollback(req->db);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	notify_wake();
	memset(&b, 0, sizeof b);
	if (store_broadcast_get(req->db, id, &b) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 202, broadcast_json(&b));
	broadcast_free(&b);
}

static void list_row(const struct broadcast *b, void *arg)
{
	cJSON_AddItemToArray(arg, broadcast_json(b));
}

static void route_broadcast_list(struct req *req, struct resp *resp)
{
	cJSON *items = cJSON_CreateArray();
	int64_t total = 0;
	int page, per_page;

	req_page(req, &page, &per_page);
	if (store_broadcast_list(req->db, route_caller_scope(req), per_page,
	                         (page - 1) * per_page, list_row, items, &total) != ST_OK) {
		cJSON_Delete(items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, items, total, page, per_page);
}

/* The route's broadcast if the caller may see it; false (404 sent) else. */
static bool broadcast_of(struct req *req, struct resp *resp, struct broadcast *b)
{
	int64_t id = req_param_id(req, 0), scope = route_caller_scope(req);

	memset(b, 0, sizeof *b);
	if (id <= 0 || store_broadcast_get(req->db, id, b) != ST_OK) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return false;
	}
	if (scope && b->scope_org != scope) {
		broadcast_free(b);
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return false;
	}
	return true;
}

static void route_broadcast_get(struct req *req, struct resp *resp)
{
	struct broadcast b;

	if (!broadcast_of(req, resp, &b))
		return;
	resp_json(resp, 200, broadcast_json(&b));
	broadcast_free(&b);
}

static void route_broadcast_cancel(struct req *req, struct resp *resp)
{
	struct broadcast b;
	int rc;

	if (!broadcast_of(req, resp, &b))
		return;
	rc = db_begin(req->db);
	if (rc == ST_OK)
		rc = store_broadcast_cancel(req->db, b.id);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "broadcast.cancel", "broadcast",
		                 b.id, NULL);
	if (rc != ST_OK || db_commit(req->db) != ST_OK) {
		db_rollback(req->db);
		resp_error(resp, rc == ST_CONFLICT ? ERR_CONFLICT : ERR_INTERNAL,
		           rc == ST_CONFLICT ? _("It has been sent already.") : NULL, NULL);
		broadcast_free(&b);
		return;
	}
	broadcast_free(&b);
	route_broadcast_get(req, resp);
}

const struct route routes_broadcasts[] = {
	{ "POST", "/broadcasts/preview",     route_broadcast_preview, ROLES_STAFF, 0 },
	{ "POST", "/broadcasts",             route_broadcast_create,  ROLES_STAFF, 0 },
	{ "GET",  "/broadcasts",             route_broadcast_list,    ROLES_STAFF, 0 },
	{ "GET",  "/broadcasts/{id}",        route_broadcast_get,     ROLES_STAFF, 0 },
	{ "POST", "/broadcasts/{id}/cancel", route_broadcast_cancel,  ROLES_STAFF, 0 },
	{ 0 }
};
