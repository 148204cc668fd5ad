/* The member's own record: GET /member/profile, POST
 * /member/profile-changes (a change reviewed before it applies), and the
 * "member" and "unread_messages" fields of GET /me. */
#include <stdlib.h>
#include <string.h>
#include "roster/json.h"
#include "views/application.h"
#include "views/member.h"
#include "included.h"
#include "routes/routes.h"
#include "store/accounts.h"
#include "store/applications.h"
#include "store/members.h"
#include "store/messages.h"
#include "store/store.h"
#include "routes/route_util.h"
#include "service/workflow.h"

/* {"member_type","approved","profile","member","pending_change"}: the
 * approved profile once the join is approved, the join draft's before;
 * pending_change is the open profile change, or null. ?include= adds the
 * form, levels and orgs for the member type and the latest profile or
 * level change (included.h): what member information and level change
 * draw. */
static void route_profile_get(struct req *req, struct resp *resp)
{
	struct application_filter f = { 0 };
	struct application *v = NULL, join;
	struct member m;
	size_t n = 0;
	int64_t total;
	cJSON *j, *profile = NULL;
	bool approved;
	unsigned want;
	int rc;

	if (!included_parse(req, resp, INC_FORM | INC_LEVELS | INC_ORGS | INC_PROFILE_CHANGE |
	                    INC_LEVEL_CHANGE, &want))
		return;
	rc = store_member_get(req->db, req->who.account_id, &m);
	if (rc == ST_ERROR) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	approved = rc == ST_OK && wf_member_approved(&m);
	if (approved) {
		profile = cJSON_Parse(m.profile ? m.profile : "{}");
	} else if (store_application_join(req->db, req->who.account_id, &join) == ST_OK) {
		profile = cJSON_Parse(join.profile ? join.profile : "{}");
		application_free(&join);
	}
	j = cJSON_CreateObject();
	if (rc == ST_OK) {
		json_add_str(j, "member_type", m.member_type);
	} else {
		struct account acc;
		if (store_account_get(req->db, req->who.account_id, &acc) == ST_OK) {
			json_add_str(j, "member_type", acc.member_type);
			account_free(&acc);
		}
	}
	json_add_bool(j, "approved", approved);
	cJSON_AddItemToObject(j, "profile", profile ? profile : cJSON_CreateObject());
	cJSON_AddItemToObject(j, "member", view_member(req->db, rc == ST_OK ? &m : NULL, NULL));
	f.account_id = req->who.account_id;
	f.kind = "profile_change";
	f.status = "pending";
	if (store_application_list(req->db, &f, 0, 1, &v, &n, &total) == ST_OK && n > 0)
		cJSON_AddItemToObject(j, "pending_change", view_application(req->db, &v[0], VIEW_APP_DETAIL));
	else
		cJSON_AddNullToObject(j, "pending_change");
	applications_free(v, n);
	if (rc == ST_OK)
		member_free(&m);
	if (!included_add(req, j, want, json_str_or(j, "member_type", NULL))) {
		cJSON_Delete(j);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 200, j);
}

static void route_profile_change_post(struct req *req, struct resp *resp)
{
	struct wf_out o = { 0 };
	struct application a;

	wf_create(req->db, &req->who, "profile_change", req->json, &o);
	if (o.err != ERR_OK) {
		wf_send_error(resp, &o);
		return;
	}
	if (store_application_get(req->db, o.id, &a) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 201, view_application(req->db, &a, VIEW_APP_DETAIL));
	application_free(&a);
}

/* GET /me: "member" (null for staff) and "unread_messages". */
void me_extend_member(struct req *req, cJSON *me)
{
	struct member m;
	int64_t unread;
	int rc;

	if (req->who.role == ROLE_MEMBER) {
		rc = store_member_get(req->db, req->who.account_id, &m);
		if (rc == ST_OK) {
			cJSON_AddItemToObject(me, "member", view_member(req->db, &m, NULL));
			member_free(&m);
		} else {
			cJSON_AddItemToObject(me, "member", view_member(req->db, NULL,
			                      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(me, "member_type"))));
		}
	} else {
		cJSON_AddNullToObject(me, "member");
	}
	unread = store_message_unread(req->db, req->who.account_id);
	json_add_int(me, "unread_messages", unread > 0 ? unread : 0);
}

const struct route routes_profile[] = {
	{ "GET", "/member/profile", route_profile_get, ROLE_MEMBER, 0 },
	{ "POST", "/member/profile-changes", route_profile_change_post, ROLE_MEMBER, 0 },
	{ 0 }
};
