/* A member as the API shows one: to the member (GET /me), and to staff
 * wherever a member is embedded (an application's applicant, a bank
 * transfer's, an invoice's or a refund's member). */
#ifndef ROSTERD_VIEWS_MEMBER_H
#define ROSTERD_VIEWS_MEMBER_H

#include <stdint.h>
#include <cjson/cJSON.h>

struct account;
struct db;
struct member;

/* GET /me's "member": status, effective_status, status_reason, member_no,
 * member_type, name, level, org, valid_until, joined_at. m NULL: a member
 * account that has not started applying (status "draft"). */
cJSON *view_member(struct db *db, const struct member *m, const char *member_type);

/* The member staff see beside what they act on: {"account_id","username",
 * "email","mobile"} and, once the account has a member record, "name",
 * "member_no","member_type","status","effective_status","level","org",
 * "org_id","valid_until". */
cJSON *view_member_ref(struct db *db, int64_t account_id);
/* The same from what was read: acc and m may be NULL (none); level and org
 * (view_level, view_org; NULL shows null) are taken. The page's version is
 * view_member_refs (views/member_page.h). */
cJSON *view_member_ref_of(int64_t account_id, const struct account *acc,
                          const struct member *m, cJSON *level, cJSON *org);

#endif
