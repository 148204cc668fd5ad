/* Organisations and levels (views/catalogue.h). */
#include <string.h>
#include "roster/json.h"
#include "store/catalogue.h"
#include "store/store.h"
#include "views/catalogue.h"

cJSON *view_org_of(int64_t id, const char *code, const char *kind, const char *name_zh,
                   const char *name_en)
{
	cJSON *j;

	if (id <= 0)
		return cJSON_CreateNull();
	j = cJSON_CreateObject();
	json_add_int(j, "id", id);
	json_add_str(j, "code", code);
	json_add_str(j, "kind", kind);
	json_add_str(j, "name_zh", name_zh);
	json_add_str(j, "name_en", name_en);
	return j;
}

cJSON *view_org(const struct org *o)
{
	return view_org_of(o->id, o->code, o->kind, o->name_zh, o->name_en);
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

cJSON *view_level_of(int64_t id, const char *code, const char *member_type,
                     const char *name_zh, const char *name_en, int64_t annual_fee)
{
	cJSON *j;

	if (id <= 0)
		return cJSON_CreateNull();
	j = cJSON_CreateObject();
	json_add_int(j, "id", id);
	json_add_str(j, "code", code);
	json_add_str(j, "member_type", member_type);
	json_add_str(j, "name_zh", name_zh);
	json_add_str(j, "name_en", name_en);
	json_add_int(j, "annual_fee", annual_fee);
	return j;
}

cJSON *view_level(const struct level *l)
{
	return view_level_of(l->id, l->code, l->member_type, l->name_zh, l->name_en,
	                     l->annual_fee);
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

int view_refs_load(struct db *db, struct view_refs *r)
{
	memset(r, 0, sizeof(*r));
	if (store_level_list(db, NULL, true, &r->levels, &r->nlevels) != ST_OK)
		return ST_ERROR;
	if (store_org_list(db, true, &r->orgs, &r->norgs) != ST_OK) {
		levels_free(r->levels, r->nlevels);
		memset(r, 0, sizeof(*r));
		return ST_ERROR;
	}
	return ST_OK;
}

void view_refs_free(struct view_refs *r)
{
	levels_free(r->levels, r->nlevels);
	orgs_free(r->orgs, r->norgs);
	memset(r, 0, sizeof(*r));
}

cJSON *view_refs_org(const struct view_refs *r, struct db *db, int64_t org_id)
{
	if (!r)
		return view_org_ref(db, org_id);
	for (size_t i = 0; org_id > 0 && i < r->norgs; i++)
		if (r->orgs[i].id == org_id)
			return view_org(&r->orgs[i]);
	return cJSON_CreateNull();
}

cJSON *view_refs_level(const struct view_refs *r, struct db *db, int64_t level_id)
{
	if (!r)
		return view_level_ref(db, level_id);
	for (size_t i = 0; level_id > 0 && i < r->nlevels; i++)
		if (r->levels[i].id == level_id)
			return view_level(&r->levels[i]);
	return cJSON_CreateNull();
}
