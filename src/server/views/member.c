/* Members (views/member.h). */
#include "roster/json.h"
#include "server.h"
#include "service/workflow.h"
#include "store/accounts.h"
#include "store/members.h"
#include "store/store.h"
#include "views/catalogue.h"
#include "views/member.h"

static void add_time(cJSON *o, const char *key, int64_t t)
{
	if (t > 0)
		json_add_int(o, key, t);
	else
		cJSON_AddNullToObject(o, key);
}

cJSON *view_member(struct db *db, const struct member *m, const char *member_type)
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
	cJSON_AddItemToObject(j, "level", view_level_ref(db, m->level_id));
	cJSON_AddItemToObject(j, "org", view_org_ref(db, m->org_id));
	json_add_str(j, "valid_until", m->valid_until);
	add_time(j, "joined_at", m->joined_at);
	return j;
}

cJSON *view_member_ref_of(int64_t account_id, const struct account *acc,
                          const struct member *m, cJSON *level, cJSON *org)
{
	cJSON *o = cJSON_CreateObject();
	char today[11];

	json_add_int(o, "account_id", account_id);
	if (acc) {
		json_add_str(o, "username", acc->username);
		json_add_str(o, "email", acc->email);
		json_add_str(o, "mobile", acc->mobile);
	}
	if (!m) {
		cJSON_Delete(level);
		cJSON_Delete(org);
		return o;
	}
	store_today(today);
	json_add_str(o, "name", m->name);
	json_add_str(o, "member_no", m->member_no);
	json_add_str(o, "member_type", m->member_type);
	json_add_str(o, "status", m->status);
	json_add_str(o, "effective_status", member_effective_status(m, today, g_cfg->grace_days));
	cJSON_AddItemToObject(o, "level", level ? level : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "org", org ? org : cJSON_CreateNull());
	json_add_int(o, "org_id", m->org_id);
	json_add_str(o, "valid_until", m->valid_until);
	return o;
}

cJSON *view_member_ref(struct db *db, int64_t account_id)
{
	struct account acc;
	struct member m;
	bool has_acc = store_account_get(db, account_id, &acc) == ST_OK;
	bool has_m = store_member_get(db, account_id, &m) == ST_OK;
	cJSON *o = view_member_ref_of(account_id, has_acc ? &acc : NULL, has_m ? &m : NULL,
	                              has_m ? view_level_ref(db, m.level_id) : NULL,
	                              has_m ? view_org_ref(db, m.org_id) : NULL);

	if (has_acc)
		account_free(&acc);
	if (has_m)
		member_free(&m);
	return o;
}
