/* The staff's side of the workflow: approve or reject at the current stage,
 * and what an approval does to the member. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"
#include "caller.h"
#include "log.h"
#include "store/applications.h"
#include "store/catalogue.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/accounts.h"
#include "store/staff_queries.h"
#include "store/store.h"
#include "roster/validate.h"
#include "server.h"
#include "service/notify.h"
#include "service/workflow_int.h"

#define DECISION_REASON_MAX 500

/* Copy the fields of a change (JSON object text) into the member's approved
 * profile; "" clears a field. */
static int merge_profile(struct db *db, int64_t account_id, const char *changes_text)
{
	struct member m;
	cJSON *profile, *changes;
	const cJSON *f;
	char *text;
	int rc;

	rc = store_member_get(db, account_id, &m);
	if (rc != ST_OK)
		return rc;
	profile = cJSON_Parse(m.profile ? m.profile : "{}");
	changes = cJSON_Parse(changes_text ? changes_text : "{}");
	if (!profile || !changes) {
		rc = ST_ERROR;
		goto out;
	}
	cJSON_ArrayForEach(f, changes) {
		cJSON_DeleteItemFromObjectCaseSensitive(profile, f->string);
		if (cJSON_IsString(f) && f->valuestring[0])
			cJSON_AddItemToObject(profile, f->string, cJSON_Duplicate(f, true));
	}
	text = json_print(profile);
	rc = store_member_set_profile(db, account_id, text, wf_profile_name(profile));
	free(text);
out:
	cJSON_Delete(profile);
	cJSON_Delete(changes);
	member_free(&m);
	return rc;
}

/* An approved change of the member's mobile or e-mail also changes what
 * they sign in with (an individual's mobile and email, a unit's contact
 * ones). ST_EXISTS when another account already signs in with it. */
static int update_identifiers(struct db *db, const struct application *a)
{
	bool unit = a->member_type && strcmp(a->member_type, "unit") == 0;
	cJSON *changes = cJSON_Parse(a->profile ? a->profile : "{}");
	const char *mobile = json_str_or(changes, unit ? "contact_mobile" : "mobile", NULL);
	const char *email = json_str_or(changes, unit ? "contact_email" : "email", NULL);
	char norm[12];
	int rc = ST_OK;

	if (mobile && (!*mobile || !val_mobile_normalise(mobile, norm)))
		mobile = NULL;
	else if (mobile)
		mobile = norm;
	if (email && (!*email || val_email(email)))
		email = NULL;
	if (mobile || email)
		rc = store_account_set_identifiers(db, a->account_id, email, mobile);
	cJSON_Delete(changes);
	return rc;
}

/* Name of a level for a message, in both languages (caller frees both). */
static void level_names(struct db *db, int64_t id, char **zh, char **en)
{
	struct level lv;

	if (id && store_level_get(db, id, &lv) == ST_OK) {
		*zh = xstrdup(lv.name_zh);
		*en = xstrdup(lv.name_en);
		level_free(&lv);
		return;
	}
	*zh = xstrdup("新等级");
	*en = xstrdup("the new level");
}

/* What an approval that ends the review does, plus the member's message. */
static int approve_effects(struct db *db, struct application *a, const char *to,
                           const char *reason)
{
	char *t_zh = NULL, *t_en = NULL, *b_zh = NULL, *b_en = NULL, *lzh = NULL, *len = NULL;
	/* the reviewer's remark, if any, ends the message */
	char *note_zh = reason ? xasprintf("审核意见：%s", reason) : xstrdup("");
	char *note_en = reason ? xasprintf(" Note: %s", reason) : xstrdup("");
	int64_t order_id = 0;
	struct order ord;
	int rc = ST_OK;

	if (strcmp(a->kind, "join") == 0 && strcmp(to, "pending_hq") == 0) {
		rc = store_member_set_status(db, a->account_id, NULL, "pending_hq", NULL);
		t_zh = xstrdup("入会申请已通过分会审核");
		t_en = xstrdup("Branch review passed");
		b_zh = xasprintf("您的入会申请已通过分会审核，等待总会审核。%s", note_zh);
		b_en = xasprintf("Your membership application passed the branch's review and now "
		                 "waits for headquarters.%s", note_en);
	} else if (strcmp(a->kind, "join") == 0) {
		rc = store_member_set_status(db, a->account_id, NULL, "pending_payment", NULL);
		if (rc == ST_OK)
			rc = store_member_set_choice(db, a->account_id, a->org_id, a->level_id);
		if (rc == ST_OK)
			rc = merge_profile(db, a->account_id, a->profile);
		t_zh = xstrdup("入会申请已批准");
		t_en = xstrdup("Membership application approved");
		b_zh = xasprintf("您的入会申请已批准，请缴纳会费以成为正式会员。%s", note_zh);
		b_en = xasprintf("Your membership application has been approved. Please pay the "
		                 "dues to become a full member.%s", note_en);
	} else if (strcmp(a->kind, "profile_change") == 0) {
		rc = merge_profile(db, a->account_id, a->profile);
		if (rc == ST_OK)
			rc = update_identifiers(db, a);
		t_zh = xstrdup("资料变更已批准");
		t_en = xstrdup("Profile change approved");
		b_zh = xasprintf("您提交的资料变更已批准并生效。%s", note_zh);
		b_en = xasprintf("Your profile change has been approved and now applies.%s", note_en);
	} else if (strcmp(a->kind, "level_change") == 0) {
		rc = orders_create_level_change(db, a->account_id, a->id, a->level_id, &order_id);
		if (rc == ST_OK && order_id == 0)
			rc = store_member_set_level(db, a->account_id, a->level_id);
		if (rc == ST_OK && order_id)
			rc = store_application_set_order(db, a->id, order_id);
		if (rc == ST_OK && a->profile && strcmp(a->profile, "{}") != 0)
			rc = merge_profile(db, a->account_id, a->profile);
		level_names(db, a->level_id, &lzh, &len);
		t_zh = xstrdup("等级变更已批准");
		t_en = xstrdup("Level change approved");
		if (order_id && store_order_get(db, order_id, &ord) == ST_OK) {
			b_zh = xasprintf("您申请变更为“%s”已批准。请支付等级差额（订单号 %s），"
			                 "支付后新等级生效。%s", lzh, ord.order_no, note_zh);
			b_en = xasprintf("Your change to %s has been approved. Please pay the "
			                 "difference (order %s); the new level applies once it is "
			                 "paid.%s", len, ord.order_no, note_en);
		} else {
			b_zh = xasprintf("您申请变更为“%s”已批准并生效。%s", lzh, note_zh);
			b_en = xasprintf("Your change to %s has been approved and applies now.%s",
			                 len, note_en);
		}
	} else if (strcmp(a->kind, "branch_join") == 0) {
		rc = store_member_branch_add(db, a->account_id, a->org_id, a->id);
		if (rc == ST_EXISTS)
			rc = ST_OK;
		t_zh = xstrdup("加入分会申请已批准");
		t_en = xstrdup("Branch membership approved");
		b_zh = xasprintf("您加入分会的申请已批准。%s", note_zh);
		b_en = xasprintf("Your application to join the branch has been approved.%s", note_en);
	}
	if (rc == ST_OK && t_zh)
		rc = wf_notify(db, a, t_zh, t_en, b_zh, b_en);
	if (rc == ST_OK && t_zh)
		rc = notify_mail(db, a->account_id, t_zh, t_en, b_zh, b_en);
	free(t_zh);
	free(t_en);
	free(b_zh);
	free(b_en);
	free(lzh);
	free(len);
	free(note_zh);
	free(note_en);
	return rc;
}

/* The rejection reaches the member in both languages: a template's own
 * two texts (and the note, when staff added one), else the reason as typed;
 * the member's record keeps the text in the member's language. */
static int reject_effects(struct db *db, struct application *a, const char *reason_zh,
                          const char *reason_en)
{
	const char *mine = notify_member_english(db, a->account_id) ? reason_en : reason_zh;
	char *t_zh, *b_zh, *b_en;
	int rc = ST_OK;

	if (strcmp(a->kind, "join") == 0)
		rc = store_member_set_status(db, a->account_id, NULL, "rejected", mine);
	if (rc != ST_OK)
		return rc;
	t_zh = xasprintf("%s已驳回", wf_kind_zh(a->kind));
	b_zh = xasprintf("您的%s已被驳回。\n原因：%s\n请修改后重新提交。", wf_kind_zh(a->kind), reason_zh);
	b_en = xasprintf("Your %s was rejected.\nReason: %s\nPlease change it and submit it again.",
	                 wf_kind_en(a->kind), reason_en);
	rc = wf_notify(db, a, t_zh, "Application rejected", b_zh, b_en);
	if (rc == ST_OK)
		rc = notify_mail(db, a->account_id, t_zh, "Application rejected", b_zh, b_en);
	free(t_zh);
	free(b_zh);
	free(b_en);
	return rc;
}

/* The reason in both languages: the template of code (scope application)
 * with the note appended, or the note alone in both. 0, -1 when the code
 * is unknown, -2 on a database error. */
static int reason_texts(struct db *db, const char *code, const char *note, char **zh,
                        char **en)
{
	struct reason_template *v = NULL;
	size_t n = 0;
	int found = -1;

	*zh = *en = NULL;
	if (!code) {
		*zh = xstrdup(note);
		*en = xstrdup(note);
		return 0;
	}
	if (store_reason_list(db, "application", &v, &n) != ST_OK)
		return -2;
	for (size_t i = 0; i < n && found < 0; i++) {
		if (strcmp(v[i].code, code) != 0)
			continue;
		*zh = note ? xasprintf("%s（%s）", v[i].text_zh, note) : xstrdup(v[i].text_zh);
		*en = note ? xasprintf("%s (%s)", v[i].text_en, note) : xstrdup(v[i].text_en);
		found = 0;
	}
	reasons_free(v, n);
	return found;
}

/* "Someone else decided first": who and when, in the answer. */
static void conflict_decided(struct db *db, int64_t id, struct wf_out *o)
{
	struct app_decision d;

	wf_fail(o, ERR_CONFLICT, _("The application is not waiting for review."));
	if (staff_app_last_decision(db, id, NULL, &d) != ST_OK || !d.actor_id)
		return;
	o->msg = strcmp(d.action, "approve") == 0
	         ? _("Someone else approved this application first.")
	         : _("Someone else rejected this application first.");
	o->fields = cJSON_CreateObject();
	json_add_str(o->fields, "decided_by", d.actor);
	json_add_str(o->fields, "decision", d.action);
	json_add_int(o->fields, "decided_at", d.at);
}

bool wf_may_decide(struct db *db, const struct caller *who, const struct application *a,
                   const char **why)
{
	struct app_decision d;

	*why = NULL;
	if (!wf_may_act(who, a)) {
		*why = strcmp(a->status, "pending_branch") == 0
		       ? _("The branch reviews this application first.")
		       : _("Headquarters reviews this application now.");
		return false;
	}
	/* separation of duties: the two stages are two people's (a list has
	 * read who approved the branch stage already) */
	if (strcmp(a->status, "pending_hq") == 0 && g_cfg && g_cfg->separate_stages &&
	    (a->listed
	     ? a->branch_approver == who->account_id
	     : staff_app_last_decision(db, a->id, "pending_branch", &d) == ST_OK &&
	       d.actor_id == who->account_id && strcmp(d.action, "approve") == 0)) {
		*why = _("You approved the branch stage: someone else decides the HQ stage.");
		return false;
	}
	return true;
}

void wf_decide(struct db *db, const struct caller *who, int64_t id, bool approve,
               const char *reason, const char *reason_code, struct wf_out *o)
{
	struct application a;
	const char *to, *why, *stored;
	char *from = NULL, *reason_zh = NULL, *reason_en = NULL;
	int rc;

	memset(&a, 0, sizeof a);
	o->id = id;
	if (reason && !*reason)
		reason = NULL;
	if (reason_code && (!*reason_code || approve))
		reason_code = NULL;
	if ((!approve && !reason && !reason_code) ||
	    (reason && utf8_chars(reason) > DECISION_REASON_MAX)) {
		cJSON *f = cJSON_CreateObject();
		json_add_str(f, "reason", reason ? _("This text is too long.") : _("Give a reason."));
		wf_invalid(o, f);
		return;
	}
	if (!approve) {
		rc = reason_texts(db, reason_code, reason, &reason_zh, &reason_en);
		if (rc == -1) {
			cJSON *f = cJSON_CreateObject();
			json_add_str(f, "reason_code", _("No such reason."));
			wf_invalid(o, f);
			return;
		}
		if (rc != 0) {
			wf_fail(o, ERR_INTERNAL, NULL);
			return;
		}
	}
	if (db_begin(db) != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		free(reason_zh);
		free(reason_en);
		return;
	}
	rc = store_application_get(db, id, &a);
	if (rc != ST_OK || !wf_visible(who, &a)) {
		wf_fail(o, rc == ST_ERROR ? ERR_INTERNAL : ERR_NOT_FOUND, NULL);
		goto fail;
	}
	if (strcmp(a.status, "pending_branch") != 0 && strcmp(a.status, "pending_hq") != 0) {
		conflict_decided(db, id, o);
		goto fail;
	}
	if (!wf_may_decide(db, who, &a, &why)) {
		wf_fail(o, ERR_FORBIDDEN, why);
		goto fail;
	}
	if (!approve)
		to = "rejected";
	else if (strcmp(a.kind, "join") == 0 && strcmp(a.status, "pending_branch") == 0)
		to = "pending_hq";
	else
		to = "approved";
	from = xstrdup(a.status);
	/* the record keeps the reason in the member's language */
	stored = approve ? reason
	         : notify_member_english(db, a.account_id) ? reason_en : reason_zh;
	rc = store_application_move(db, id, from, to, stored);
	if (rc == ST_CONFLICT) {
		conflict_decided(db, id, o);
		goto fail;
	}
	if (rc == ST_OK)
		rc = approve ? approve_effects(db, &a, to, reason)
		             : reject_effects(db, &a, reason_zh, reason_en);
	if (rc == ST_EXISTS && approve) {
		wf_fail(o, ERR_CONFLICT, _("Another account already signs in with this mobile "
		                           "number or e-mail address."));
		goto fail;
	}
	if (rc == ST_OK)
		rc = wf_record(db, &a, who->account_id, approve ? "approve" : "reject", from, to,
		               stored);
	if (rc != ST_OK) {
		log_error("application %lld: %s failed (%d)", (long long)id,
		          approve ? "approval" : "rejection", rc);
		wf_fail(o, ERR_INTERNAL, NULL);
		goto fail;
	}
	if (db_commit(db) != ST_OK)
		wf_fail(o, ERR_INTERNAL, NULL);
	goto out;
fail:
	db_rollback(db);
out:
	free(from);
	free(reason_zh);
	free(reason_en);
	application_free(&a);
}
