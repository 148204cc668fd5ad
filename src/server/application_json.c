/* JSON views of members and applications. */
#include <stdlib.h>
#include <string.h>
#include "roster/json.h"
#include "roster/xalloc.h"
#include "application_json.h"
#include "service/catalogue.h"
#include "server.h"
#include "store/accounts.h"
#include "store/applications.h"
#include "store/attachments.h"
#include "store/catalogue.h"
#include "store/members.h"
#include "store/store.h"
#include "service/workflow.h"

cJSON *org_ref_json(struct db *db, int64_t org_id)
{
	struct org o;
	cJSON *j;

	if (org_id <= 0 || store_org_get(db, org_id, &o) != ST_OK)
		return cJSON_CreateNull();
	j = cJSON_CreateObject();
	json_add_int(j, "id", o.id);
	json_add_str(j, "code", o.code);
	json_add_str(j, "kind", o.kind);
	json_add_str(j, "name_zh", o.name_zh);
	json_add_str(j, "name_en", o.name_en);
	org_free(&o);
	return j;
}

cJSON *level_ref_json(struct db *db, int64_t level_id)
{
	struct level l;
	cJSON *j;

	if (level_id <= 0 || store_level_get(db, level_id, &l) != ST_OK)
		return cJSON_CreateNull();
	j = cJSON_CreateObject();
	json_add_int(j, "id", l.id);
	json_add_str(j, "code", l.code);
	json_add_str(j, "member_type", l.member_type);
	json_add_str(j, "name_zh", l.name_zh);
	json_add_str(j, "name_en", l.name_en);
	json_add_int(j, "annual_fee", l.annual_fee);
	level_free(&l);
	return j;
}

static void add_time(cJSON *o, const char *key, int64_t t)
{
	if (t > 0)
		json_add_int(o, key, t);
	else
		cJSON_AddNullToObject(o, key);
}

cJSON *member_json(struct db *db, const struct member *m, const char *member_type)
{
	cJSON *j = cJSON_CreateObject();
	char today[11];

	if (!m) {
		json_add_str(j, "status", "draft");
		json_add_str(j, "effective_status", "draft");
		json_add_str(j, "status_reason", NULL);
		json_add_str(j, "member_no", NULL);
		json_add_str(j, "member_type", member_type);
		json_add_str(j, "name", NULL);
		cJSON_AddNullToObject(j, "level");
		cJSON_AddNullToObject(j, "org");
		json_add_str(j, "valid_until", NULL);
		cJSON_AddNullToObject(j, "joined_at");
		return j;
	}
	store_today(today);
	json_add_str(j, "status", m->status);
	json_add_str(j, "effective_status", member_effective_status(m, today, g_cfg->grace_days));
	json_add_str(j, "status_reason", m->status_reason);
	json_add_str(j, "member_no", m->member_no);
	json_add_str(j, "member_type", m->member_type);
	json_add_str(j, "name", m->name);
	cJSON_AddItemToObject(j, "level", level_ref_json(db, m->level_id));
	cJSON_AddItemToObject(j, "org", org_ref_json(db, m->org_id));
	json_add_str(j, "valid_until", m->valid_until);
	add_time(j, "joined_at", m->joined_at);
	return j;
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

static cJSON *applicant_json(struct db *db, const struct application *a)
{
	cJSON *o = cJSON_CreateObject();
	struct account acc;
	struct member m;
	char today[11];

	json_add_int(o, "account_id", a->account_id);
	if (store_account_get(db, a->account_id, &acc) == ST_OK) {
		json_add_str(o, "username", acc.username);
		json_add_str(o, "email", acc.email);
		json_add_str(o, "mobile", acc.mobile);
		account_free(&acc);
	}
	if (store_member_get(db, a->account_id, &m) == ST_OK) {
		store_today(today);
		json_add_str(o, "name", m.name);
		json_add_str(o, "member_no", m.member_no);
		json_add_str(o, "status", m.status);
		json_add_str(o, "effective_status",
		             member_effective_status(&m, today, g_cfg->grace_days));
		cJSON_AddItemToObject(o, "level", level_ref_json(db, m.level_id));
		cJSON_AddItemToObject(o, "org", org_ref_json(db, m.org_id));
		json_add_str(o, "valid_until", m.valid_until);
		member_free(&m);
	}
	return o;
}

cJSON *application_json(struct db *db, const struct application *a, unsigned flags)
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
	cJSON_AddItemToObject(j, "org", org_ref_json(db, a->org_id));
	if (a->level_id)
		json_add_int(j, "level_id", a->level_id);
	else
		cJSON_AddNullToObject(j, "level_id");
	cJSON_AddItemToObject(j, "level", level_ref_json(db, a->level_id));
	if (strcmp(a->kind, "level_change") == 0)
		cJSON_AddItemToObject(j, "from_level", level_ref_json(db, a->from_level_id));
	json_add_str(j, "stage", strcmp(a->status, "pending_branch") == 0 ? "branch" :
	                         strcmp(a->status, "pending_hq") == 0 ? "hq" : NULL);
	cJSON_AddItemToObject(j, "review_org", org_ref_json(db, a->review_org_id));
	json_add_str(j, "reason", a->reason);
	json_add_str(j, "status_reason", a->status_reason);
	if (a->order_id)
		json_add_int(j, "order_id", a->order_id);
	else
		cJSON_AddNullToObject(j, "order_id");
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
	if (flags & APP_JSON_DETAIL) {
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
	if (flags & APP_JSON_STAFF)
		cJSON_AddItemToObject(j, "applicant", applicant_json(db, a));
	return j;
}
