/* The catalogue's JSON bodies (catalogue_json.h). */
#include <stdlib.h>

#include "service/catalogue_json.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "store/catalogue.h"
#include "store/store.h"
#include "views/catalogue.h"

/* {"items":items,"total":n,"page":1,"per_page":n}: a whole list on one page. */
static cJSON *whole_list(cJSON *items)
{
	cJSON *o = cJSON_CreateObject();
	int n = cJSON_GetArraySize(items);

	cJSON_AddItemToObject(o, "items", items);
	json_add_int(o, "total", n);
	json_add_int(o, "page", 1);
	json_add_int(o, "per_page", n);
	return o;
}

cJSON *catalogue_orgs_json(struct db *db)
{
	static const char *const assoc_keys[] = {
		"name_zh", "name_en", "short_name_zh", "short_name_en", "website", NULL
	};
	struct org *orgs;
	size_t n;
	cJSON *items, *o, *assoc;

	if (store_org_list(db, false, &orgs, &n) != ST_OK)
		return NULL;
	items = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		/* the organisation as everywhere, with its contact details */
		cJSON *e = view_org(&orgs[i]);
		json_add_str(e, "address", orgs[i].address);
		json_add_str(e, "contact", orgs[i].contact);
		json_add_str(e, "phone", orgs[i].phone);
		json_add_str(e, "email", orgs[i].email);
		cJSON_AddItemToArray(items, e);
	}
	orgs_free(orgs, n);
	o = whole_list(items);
	assoc = cJSON_AddObjectToObject(o, "association");
	for (const char *const *k = assoc_keys; *k; k++) {
		char *key = xasprintf("association.%s", *k), *v = NULL;
		store_setting_get(db, key, &v);
		json_add_str(assoc, *k, v);
		free(v);
		free(key);
	}
	return o;
}

cJSON *catalogue_levels_json(struct db *db, const char *member_type)
{
	struct level *lv;
	size_t n;
	cJSON *items;

	if (store_level_list(db, member_type, false, &lv, &n) != ST_OK)
		return NULL;
	items = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		/* the level as everywhere, with its rank */
		cJSON *e = view_level(&lv[i]);
		json_add_int(e, "rank", lv[i].rank);
		cJSON_AddItemToArray(items, e);
	}
	levels_free(lv, n);
	return whole_list(items);
}
