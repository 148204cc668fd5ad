/* Applications (views/application.h). */
#include <stdlib.h>
#include <string.h>
#include "roster/json.h"
#include "roster/xalloc.h"
#include "service/catalogue.h"
#include "server.h"
#include "store/accounts.h"
#include "store/applications.h"
#include "store/attachments.h"
#include "store/catalogue.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/store.h"
#include "views/application.h"
#include "views/catalogue.h"
#include "views/member.h"
#include "service/workflow.h"

static void add_time(cJSON *o, const char *key, int64_t t)
{
	if (t > 0)
		json_add_int(o, key, t);
	else
		cJSON_AddNullToObject(o, key);
}

/* Labels of a form field from the schema, or NULL. */
static const cJSON *schema_field(const cJSON *schema, const char *name)
{
	const cJSON *sec, *f;

	cJSON_ArrayForEach(sec, cJSON_GetObjectItemCaseSensitive(schema, "sections")) {
		cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(sec, "fields")) {
			const char *n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "name"));
			if (n && strcmp(n, name) == 0)
				return f;
		}
	}
	return NULL;
}

/* [{field,label_zh,label_en,before,after}] of a change, in form order of
 * the after object. */
static cJSON *changes_json(struct db *db, const struct application *a)
{
	cJSON *arr = cJSON_CreateArray();
	cJSON *after = cJSON_Parse(a->profile ? a->profile : "{}");
	cJSON *before = cJSON_Parse(a->before_values ? a->before_values : "{}");
	cJSON *schema = catalogue_form(db, a->member_type);
	const cJSON *f;

	cJSON_ArrayForEach(f, after) {
		const cJSON *sf = schema ? schema_field(schema, f->string) : NULL;
		cJSON *c = cJSON_CreateObject();

		json_add_str(c, "field", f->string);
		json_add_str(c, "label_zh", sf ? cJSON_GetStringValue(
		             cJSON_GetObjectItemCaseSensitive(sf, "label_zh")) : NULL);
		json_add_str(c, "label_en", sf ? cJSON_GetStringValue(
		             cJSON_GetObjectItemCaseSensitive(sf, "label_en")) : NULL);
		json_add_str(c, "before", cJSON_GetStringValue(
		             cJSON_GetObjectItemCaseSensitive(before, f->string)));
		json_add_str(c, "after", cJSON_GetStringValue(f));
		cJSON_AddItemToArray(arr, c);
	}
	cJSON_Delete(after);
	cJSON_Delete(before);
	cJSON_Delete(schema);
	return arr;
}

static cJSON *attachments_json(struct db *db, int64_t application_id)
{
	cJSON *arr = cJSON_CreateArray();
	struct attachment *v;
	size_t n;

	if (store_attachment_list(db, application_id, &v, &n) != ST_OK)
		return arr;
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		json_add_int(o, "id", v[i].id);
		json_add_str(o, "name", v[i].name);
		json_add_str(o, "content_type", v[i].content_type);
		json_add_int(o, "size", v[i].size);
		json_add_str(o, "sha256", v[i].sha256);
		json_add_int(o, "created_at", v[i].created_at);
		cJSON_AddItemToArray(arr, o);
	}
	attachments_free(v, n);
	return arr;
}

static cJSON *history_json(struct db *db, int64_t application_id)
{
	cJSON *arr = cJSON_CreateArray();
	struct application_event *v;
	size_t n;

	if (store_application_events(db, application_id, &v, &n) != ST_OK)
		return arr;
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject(), *actor;
		json_add_str(o, "action", v[i].action);
		json_add_str(o, "from_status", v[i].from_status);
		json_add_str(o, "to_status", v[i].to_status);
		json_add_str(o, "reason", v[i].reason);
		json_add_int(o, "at", v[i].at);
		if (v[i].actor_account_id) {
			actor = cJSON_CreateObject();
			json_add_int(actor, "id", v[i].actor_account_id);
			json_add_str(actor, "username", v[i].actor_username);
			json_add_str(actor, "role", v[i].actor_role);
			cJSON_AddItemToObject(o, "actor", actor);
		} else {
			cJSON_AddNullToObject(o, "actor");
		}
		cJSON_AddItemToArray(arr, o);
	}
	application_events_free(v, n);
	return arr;
}

/* The fee-difference order of a level change, as far as the application
 * shows it: its number, its real status, and how the amount was reached
 * (unit_fee, the yearly difference, times each year of years). null when
 * there is none. */
static cJSON *order_json(struct db *db, const struct application *a)
{
	struct order od;
	cJSON *o, *years;

	if (a->listed)
		od = a->order;      /* the list read it */
	else if (!a->order_id || store_order_get(db, a->order_id, &od) != ST_OK)
		return cJSON_CreateNull();
	if (!od.id)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	json_add_int(o, "id", od.id);
	json_add_str(o, "order_no", od.order_no);
	json_add_str(o, "status", od.status);
	json_add_int(o, "amount", od.amount);
	json_add_int(o, "unit_fee", od.unit_fee);
	years = cJSON_AddArrayToObject(o, "years");
	for (int y = od.year_from; y && y <= od.year_to; y++)
		cJSON_AddItemToArray(years, cJSON_CreateNumber(y));
	if (od.paid_at)
		json_add_int(o, "paid_at", od.paid_at);
	else
		cJSON_AddNullToObject(o, "paid_at");
	return o;
}

cJSON *view_application(struct db *db, const struct application *a, unsigned flags)
{
	return view_application_listed(db, NULL, a, flags);
}

cJSON *view_application_listed(struct db *db, const struct view_refs *refs,
                               const struct application *a, unsigned flags)
{
	cJSON *j = cJSON_CreateObject();
	bool editable = strcmp(a->status, "draft") == 0 || strcmp(a->status, "rejected") == 0;
	const char *name = a->applicant_name;
	cJSON *profile = NULL;

	json_add_int(j, "id", a->id);
	json_add_str(j, "kind", a->kind);
	json_add_str(j, "status", a->status);
	json_add_str(j, "member_type", a->member_type);
	if (a->org_id)
		json_add_int(j, "org_id", a->org_id);
	else
		cJSON_AddNullToObject(j, "org_id");
	cJSON_AddItemToObject(j, "org", view_refs_org(refs, db, a->org_id));
	if (a->level_id)
		json_add_int(j, "level_id", a->level_id);
	else
		cJSON_AddNullToObject(j, "level_id");
	cJSON_AddItemToObject(j, "level", view_refs_level(refs, db, a->level_id));
	if (strcmp(a->kind, "level_change") == 0)
		cJSON_AddItemToObject(j, "from_level", view_refs_level(refs, db, a->from_level_id));
	json_add_str(j, "stage", strcmp(a->status, "pending_branch") == 0 ? "branch" :
	                         strcmp(a->status, "pending_hq") == 0 ? "hq" : NULL);
	cJSON_AddItemToObject(j, "review_org", view_refs_org(refs, db, a->review_org_id));
	json_add_str(j, "reason", a->reason);
	json_add_str(j, "status_reason", a->status_reason);
	if (a->order_id)
		json_add_int(j, "order_id", a->order_id);
	else
		cJSON_AddNullToObject(j, "order_id");
	cJSON_AddItemToObject(j, "order", order_json(db, a));
	json_add_bool(j, "editable", editable);
	add_time(j, "created_at", a->created_at);
	add_time(j, "updated_at", a->updated_at);
	add_time(j, "submitted_at", a->submitted_at);
	add_time(j, "decided_at", a->decided_at);
	if (a->username)
		json_add_str(j, "username", a->username);
	if (!name && strcmp(a->kind, "join") == 0) {
		profile = cJSON_Parse(a->profile ? a->profile : "{}");
		name = wf_profile_name(profile);
	}
	json_add_str(j, "applicant_name", name);
	cJSON_Delete(profile);
	if (flags & VIEW_APP_DETAIL) {
		profile = cJSON_Parse(a->profile ? a->profile : "{}");
		cJSON_AddItemToObject(j, "profile", profile ? profile : cJSON_CreateObject());
		if (strcmp(a->kind, "profile_change") == 0 || strcmp(a->kind, "level_change") == 0)
			cJSON_AddItemToObject(j, "changes", changes_json(db, a));
		cJSON_AddItemToObject(j, "attachments", attachments_json(db, a->id));
		cJSON_AddItemToObject(j, "history", history_json(db, a->id));
		if (strcmp(a->kind, "join") == 0 && editable)
			cJSON_AddItemToObject(j, "missing", wf_join_missing(db, a));
		else if (strcmp(a->kind, "join") == 0)
			cJSON_AddItemToObject(j, "missing", cJSON_CreateObject());
	}
	if (flags & VIEW_APP_STAFF)
		cJSON_AddItemToObject(j, "applicant", view_member_ref(db, a->account_id));
	return j;
}
