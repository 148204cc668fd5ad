/* The public catalogue's JSON bodies, shared by the catalogue routes
 * (GET /orgs, GET /levels) and by the routes that embed them on request
 * (?include=, included.h), so an embedded piece is the same as the route's
 * answer. */
#ifndef ROSTERD_CATALOGUE_JSON_H
#define ROSTERD_CATALOGUE_JSON_H

#include <cjson/cJSON.h>

struct db;

/* GET /orgs: {"items":[{id,code,kind,name_zh,name_en,address,contact,
 * phone,email}],"total","page":1,"per_page","association":{name_zh,
 * name_en,short_name_zh,short_name_en,website}}, HQ first. NULL on a store
 * error. */
cJSON *catalogue_orgs_json(struct db *db);

/* GET /levels?member_type=: {"items":[{id,member_type,code,name_zh,
 * name_en,annual_fee,rank}],"total","page":1,"per_page"}, the active
 * levels of member_type (NULL: both) by type, then rank. NULL on a store
 * error. */
cJSON *catalogue_levels_json(struct db *db, const char *member_type);

#endif
