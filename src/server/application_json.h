/* JSON views of members and applications for the API (member and staff
 * routes share them, so both sides see the same shapes; roster-api(7)
 * documents them). */
#ifndef ROSTERD_APPLICATION_JSON_H
#define ROSTERD_APPLICATION_JSON_H

#include <stdint.h>
#include <cjson/cJSON.h>

struct db;
struct member;
struct application;
struct caller;

/* {"id","code","kind","name_zh","name_en"} of an organisation; JSON null
 * when id is 0 or unknown. */
cJSON *org_ref_json(struct db *db, int64_t org_id);
/* {"id","code","member_type","name_zh","name_en","annual_fee"} of a level;
 * JSON null when id is 0 or unknown. */
cJSON *level_ref_json(struct db *db, int64_t level_id);

/* GET /me's "member": status, effective_status, status_reason, member_no,
 * member_type, name, level, org, valid_until, joined_at. m NULL: a member
 * account that has not started applying (status "draft"). */
cJSON *member_json(struct db *db, const struct member *m, const char *member_type);

enum {
	APP_JSON_DETAIL = 1u << 0,  /* profile, changes, attachments, history, missing */
	APP_JSON_STAFF  = 1u << 1,  /* the applicant's account and member standing */
};
/* An application: id, kind, status, member_type, org_id, org, level_id,
 * level, from_level, reason, status_reason, order_id, editable, times; with
 * APP_JSON_DETAIL also profile, changes (profile and level changes:
 * [{field,label_zh,label_en,before,after}]), attachments, history and, for
 * an editable join, missing; with APP_JSON_STAFF also applicant. */
cJSON *application_json(struct db *db, const struct application *a, unsigned flags);

#endif
