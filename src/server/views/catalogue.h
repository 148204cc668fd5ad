/* The catalogue's objects as the API shows them wherever they appear: an
 * organisation and a level have one shape each (roster-api(7)); a list of
 * the catalogue adds its own fields to the same object. */
#ifndef ROSTERD_VIEWS_CATALOGUE_H
#define ROSTERD_VIEWS_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

struct db;
struct org;
struct level;

/* {"id","code","kind","name_zh","name_en"} */
cJSON *view_org(const struct org *o);
/* The same from its fields (a row that joined the organisation); JSON null
 * when id is 0. */
cJSON *view_org_of(int64_t id, const char *code, const char *kind, const char *name_zh,
                   const char *name_en);
/* view_org of org_id; JSON null when it is 0 or unknown. */
cJSON *view_org_ref(struct db *db, int64_t org_id);

/* {"id","code","member_type","name_zh","name_en","annual_fee"} (fen) */
cJSON *view_level(const struct level *l);
/* The same from its fields; JSON null when id is 0. */
cJSON *view_level_of(int64_t id, const char *code, const char *member_type,
                     const char *name_zh, const char *name_en, int64_t annual_fee);
/* view_level of level_id; JSON null when it is 0 or unknown. */
cJSON *view_level_ref(struct db *db, int64_t level_id);

/* Every level and organisation, read once for a list whose rows refer to
 * them (two statements for the page, not two a row). */
struct view_refs {
	struct level *levels;
	size_t nlevels;
	struct org *orgs;
	size_t norgs;
};
/* ST_OK, or ST_ERROR with nothing held. */
int view_refs_load(struct db *db, struct view_refs *r);
void view_refs_free(struct view_refs *r);
/* view_org_ref and view_level_ref from r; with r NULL, read from db. */
cJSON *view_refs_org(const struct view_refs *r, struct db *db, int64_t org_id);
cJSON *view_refs_level(const struct view_refs *r, struct db *db, int64_t level_id);

#endif
