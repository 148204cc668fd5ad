/* Organisations and levels (views/catalogue.h). */
#include "roster/json.h"
#include "store/catalogue.h"
#include "store/store.h"
#include "views/catalogue.h"

cJSON *view_org(const struct org *o)
{
	cJSON *j = cJSON_CreateObject();

	json_add_int(j, "id", o->id);
	json_add_str(j, "code", o->code);
	json_add_str(j, "kind", o->kind);
	json_add_str(j, "name_zh", o->name_zh);
	json_add_str(j, "name_en", o->name_en);
	return j;
}

cJSON *view_org_ref(struct db *db, int64_t org_id)
{
	struct org o;
	cJSON *j;

	if (org_id <= 0 || store_org_get(db, org_id, &o) != ST_OK)
		return cJSON_CreateNull();
	j = view_org(&o);
	org_free(&o);
	return j;
}

cJSON *view_level(const struct level *l)
{
	cJSON *j = cJSON_CreateObject();

	json_add_int(j, "id", l->id);
	json_add_str(j, "code", l->code);
	json_add_str(j, "member_type", l->member_type);
	json_add_str(j, "name_zh", l->name_zh);
	json_add_str(j, "name_en", l->name_en);
	json_add_int(j, "annual_fee", l->annual_fee);
	return j;
}

cJSON *view_level_ref(struct db *db, int64_t level_id)
{
	struct level l;
	cJSON *j;

	if (level_id <= 0 || store_level_get(db, level_id, &l) != ST_OK)
		return cJSON_CreateNull();
	j = view_level(&l);
	level_free(&l);
	return j;
}
