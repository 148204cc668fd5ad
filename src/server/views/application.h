/* An application (我的申请) as the API shows it, to the member and to
 * staff (roster-api(7)). */
#ifndef ROSTERD_VIEWS_APPLICATION_H
#define ROSTERD_VIEWS_APPLICATION_H

#include <cjson/cJSON.h>

struct db;
struct application;
struct view_refs;

enum {
	VIEW_APP_DETAIL = 1u << 0,  /* profile, changes, attachments, history, missing */
	VIEW_APP_STAFF  = 1u << 1,  /* the applicant (view_member_ref) */
};
/* An application: id, kind, status, member_type, org_id, org, level_id,
 * level, from_level, reason, status_reason, order_id, order (a level
 * change's fee-difference order: id, order_no, status, amount, unit_fee,
 * years, paid_at; null when none), editable, times; with
 * VIEW_APP_DETAIL also profile, changes (profile and level changes:
 * [{field,label_zh,label_en,before,after}]), attachments, history and, for
 * an editable join, missing; with VIEW_APP_STAFF also applicant. */
cJSON *view_application(struct db *db, const struct application *a, unsigned flags);
/* view_application as a row of a list, its levels and organisations
 * taken from the list's refs (views/catalogue.h) instead of read by id. */
cJSON *view_application_listed(struct db *db, const struct view_refs *refs,
                               const struct application *a, unsigned flags);

#endif
