/* The member's side of the workflow: submitting, and the applications other
 * than the join (profile change, level change, branch join), which are made
 * and submitted in one step and edited again after a rejection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "service/catalogue.h"
#include "caller.h"
#include "server.h"
#include "store/applications.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/members.h"
#include "store/store.h"
#include "service/workflow_int.h"

#define REASON_MAX 500   /* characters of an applicant's reason */

/* The changed fields of a member's profile: `after` holds the new values of
 * the fields that differ from `current`, `before` their old values ("" when
 * unset). A field may be cleared with "". Problems go into fields. Returns
 * the number of changed fields, or -1 when the form is not set up. */
static int profile_diff(struct db *db, const char *member_type, const char *current_text,
                        const cJSON *profile, cJSON *fields, char **after_text,
                        char **before_text)
{
	cJSON *schema = catalogue_form(db, member_type);
	cJSON *current = cJSON_Parse(current_text ? current_text : "{}");
	cJSON *after = cJSON_CreateObject(), *before = cJSON_CreateObject();
	cJSON *merged, *problems = cJSON_CreateObject();
	const cJSON *f;
	int n = 0;

	*after_text = *before_text = NULL;
	if (!schema || !current) {
		n = -1;
		goto out;
	}
	cJSON_ArrayForEach(f, profile) {
		const char *old = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(current, f->string));

		if (cJSON_IsString(f) && strcmp(f->valuestring, old ? old : "") == 0)
			continue;
		cJSON_AddItemToObject(after, f->string, cJSON_Duplicate(f, true));
		cJSON_AddItemToObject(before, f->string, cJSON_CreateString(old ? old : ""));
		n++;
	}
	/* check the profile as it would be after the change, with every
	 * required field, but report only the fields being changed: what was
	 * approved before is not the member's problem now */
	merged = cJSON_Duplicate(current, true);
	cJSON_ArrayForEach(f, after) {
		cJSON_DeleteItemFromObjectCaseSensitive(merged, f->string);
		if (!cJSON_IsString(f) || f->valuestring[0])
			cJSON_AddItemToObject(merged, f->string, cJSON_Duplicate(f, true));
	}
	catalogue_field_check(schema, merged, FIELD_CHECK_ALL, problems);
	cJSON_Delete(merged);
	cJSON_ArrayForEach(f, problems)
		if (cJSON_HasObjectItem(after, f->string) && !cJSON_HasObjectItem(fields, f->string))
			cJSON_AddItemToObject(fields, f->string, cJSON_Duplicate(f, true));
	*after_text = json_print(after);
	*before_text = json_print(before);
out:
	cJSON_Delete(problems);
	cJSON_Delete(after);
	cJSON_Delete(before);
	cJSON_Delete(current);
	cJSON_Delete(schema);
	return n;
}

/* Member standing a kind needs; NULL when fine, else why (translated). */
static const char *standing_problem(const struct member *m, const char *kind)
{
	char today[11];
	const char *eff;

	if (strcmp(kind, "level_change") == 0) {
		store_today(today);
		eff = member_effective_status(m, today, g_cfg->grace_days);
		if (strcmp(eff, "active") != 0 && strcmp(eff, "grace") != 0)
			return _("A level change needs a membership that is paid up.");
		return NULL;
	}
	if (!wf_member_approved(m))
		return _("This needs an approved membership.");
	return NULL;
}

/* Fill `upd` with the kind's fields from body (for a new application when
 * `existing` is false, else over what upd holds). Strings it allocates go
 * into *own1 / *own2 for the caller to free. Returns ERR_OK, or an error
 * with o set. */
static enum roster_err kind_fields(struct db *db, const struct member *m, const cJSON *body,
                                   bool existing, struct application *upd,
                                   char **own1, char **own2, cJSON *fields, struct wf_out *o)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(body, "profile");
	const char *reason = upd->reason;
	int64_t id;
	bool is_branch;
	int n, rc;

	if (p && !cJSON_IsObject(p))
		json_add_str(fields, "profile", _("Expected an object of form fields."));
	rc = wf_get_text(body, "reason", REASON_MAX, &reason, fields);
	if (rc == 0)
		upd->reason = (char *)reason;   /* borrowed from body until saved */
	if (strcmp(upd->kind, "profile_change") == 0) {
		if (!cJSON_IsObject(p)) {
			if (!existing || p)
				json_add_str(fields, "profile", _("Give the fields to change."));
			return ERR_OK;
		}
		n = profile_diff(db, m->member_type, m->profile, p, fields, own1, own2);
		if (n < 0) {
			wf_fail(o, ERR_UNAVAILABLE, _("The application form is not set up yet."));
			return o->err;
		}
		if (n == 0 && !cJSON_HasObjectItem(fields, "profile"))
			json_add_str(fields, "profile", _("Nothing was changed."));
		upd->profile = *own1;
		upd->before_values = *own2;
	} else if (strcmp(upd->kind, "level_change") == 0) {
		id = upd->level_id;
		rc = wf_get_id(body, "level_id", &id, fields);
		if ((rc == 1 && !existing) || (rc == 0 && id == 0))
			json_add_str(fields, "level_id", _("Choose a level."));
		else if (rc >= 0 && id && wf_check_level(db, id, m->member_type, fields, "level_id") == 0 &&
		         id == m->level_id)
			json_add_str(fields, "level_id", _("That is your current level."));
		upd->level_id = id;
		upd->from_level_id = m->level_id;
		if (!upd->reason && !cJSON_HasObjectItem(fields, "reason"))
			json_add_str(fields, "reason", _("Give a reason."));
		if (cJSON_IsObject(p)) {
			n = profile_diff(db, m->member_type, m->profile, p, fields, own1, own2);
			if (n < 0) {
				wf_fail(o, ERR_UNAVAILABLE, _("The application form is not set up yet."));
				return o->err;
			}
			upd->profile = *own1;
			upd->before_values = *own2;
		}
	} else if (strcmp(upd->kind, "branch_join") == 0) {
		id = upd->org_id;
		rc = wf_get_id(body, "org_id", &id, fields);
		if ((rc == 1 && !existing) || (rc == 0 && id == 0))
			json_add_str(fields, "org_id", _("Choose one of the branches."));
		else if (rc >= 0 && id) {
			rc = wf_check_org(db, id, true, &is_branch, fields, "org_id");
			if (rc == 0 && store_member_in_org(db, m->account_id, id) == 1)
				json_add_str(fields, "org_id", _("You are a member of that branch already."));
		}
		upd->org_id = id;
		upd->review_org_id = id;
	}
	return ERR_OK;
}

/* Where a new non-join application goes first: the branch the member
 * joined through reviews their profile changes; a branch reviews joins to
 * itself; HQ reviews level changes and everything of HQ members. */
static int64_t first_reviewer(struct db *db, const struct member *m, const struct application *a)
{
	struct org org;
	int64_t r = 0;

	if (strcmp(a->kind, "branch_join") == 0)
		return a->org_id;
	if (strcmp(a->kind, "profile_change") == 0 && m->org_id &&
	    store_org_get(db, m->org_id, &org) == ST_OK) {
		if (strcmp(org.kind, "branch") == 0)
			r = org.id;
		org_free(&org);
	}
	return r;
}

/* draft/rejected -> pending stage, with history, audit and message. */
static int move_to_review(struct db *db, const struct caller *who, struct application *a)
{
	const char *to = a->review_org_id ? "pending_branch" : "pending_hq";
	char *body_zh, *body_en, *title_zh;
	int rc;

	rc = store_application_move(db, a->id, a->status, to, NULL);
	if (rc == ST_OK && strcmp(a->kind, "join") == 0)
		rc = store_member_set_status(db, a->account_id, NULL, to, NULL);
	if (rc == ST_OK)
		rc = wf_record(db, a, who->account_id, "submit", a->status, to, NULL);
	if (rc != ST_OK)
		return rc;
	title_zh = xasprintf("%s已提交", wf_kind_zh(a->kind));
	body_zh = xasprintf("您的%s已提交，等待%s审核。", wf_kind_zh(a->kind),
	                    a->review_org_id ? "分会" : "总会");
	body_en = xasprintf("Your %s has been submitted and waits for review by %s.",
	                    wf_kind_en(a->kind), a->review_org_id ? "the branch" : "headquarters");
	rc = wf_notify(db, a, title_zh, "Application submitted", body_zh, body_en);
	free(title_zh);
	free(body_zh);
	free(body_en);
	return rc;
}

void wf_submit(struct db *db, const struct caller *who, int64_t id, struct wf_out *o)
{
	struct application a;
	struct member m;
	cJSON *fields = NULL;
	const char *why;
	int rc;

	memset(&a, 0, sizeof a);
	memset(&m, 0, sizeof m);
	o->id = id;
	if (db_begin(db) != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		return;
	}
	if (!wf_own_application(db, id, who->account_id, &a, o))
		goto fail;
	if (strcmp(a.status, "draft") != 0 && strcmp(a.status, "rejected") != 0) {
		wf_fail(o, ERR_CONFLICT, _("The application has been submitted already."));
		goto fail;
	}
	if (strcmp(a.kind, "join") == 0) {
		fields = wf_join_missing(db, &a);
	} else {
		fields = cJSON_CreateObject();
		if (store_member_get(db, who->account_id, &m) != ST_OK) {
			wf_fail(o, ERR_CONFLICT, _("This needs an approved membership."));
			goto fail;
		}
		why = standing_problem(&m, a.kind);
		if (why) {
			wf_fail(o, ERR_CONFLICT, why);
			goto fail;
		}
		/* what was valid when it was made may not be any more */
		if (strcmp(a.kind, "level_change") == 0 &&
		    wf_check_level(db, a.level_id, m.member_type, fields, "level_id") == 0 &&
		    a.level_id == m.level_id)
			json_add_str(fields, "level_id", _("That is your current level."));
		if (strcmp(a.kind, "branch_join") == 0 &&
		    wf_check_org(db, a.org_id, true, NULL, fields, "org_id") == 0 &&
		    store_member_in_org(db, who->account_id, a.org_id) == 1)
			json_add_str(fields, "org_id", _("You are a member of that branch already."));
	}
	if (cJSON_GetArraySize(fields) > 0) {
		wf_invalid(o, fields);
		o->msg = _("The application is not complete yet.");
		fields = NULL;
		goto fail;
	}
	rc = move_to_review(db, who, &a);
	if (rc != ST_OK) {
		wf_fail(o, rc == ST_CONFLICT ? ERR_CONFLICT : ERR_INTERNAL,
		        rc == ST_CONFLICT ? _("The application has been submitted already.") : NULL);
		goto fail;
	}
	if (db_commit(db) != ST_OK)
		wf_fail(o, ERR_INTERNAL, NULL);
	goto out;
fail:
	db_rollback(db);
out:
	cJSON_Delete(fields);
	member_free(&m);
	application_free(&a);
}

void wf_create(struct db *db, const struct caller *who, const char *kind,
               const cJSON *body, struct wf_out *o)
{
	struct application in;
	struct member m;
	cJSON *fields = cJSON_CreateObject();
	char *own1 = NULL, *own2 = NULL;
	const char *why;
	int64_t id;
	int rc;

	memset(&in, 0, sizeof in);
	memset(&m, 0, sizeof m);
	if (db_begin(db) != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		cJSON_Delete(fields);
		return;
	}
	rc = store_member_get(db, who->account_id, &m);
	if (rc != ST_OK) {
		wf_fail(o, rc == ST_ERROR ? ERR_INTERNAL : ERR_CONFLICT,
		        rc == ST_ERROR ? NULL : _("This needs an approved membership."));
		goto fail;
	}
	why = standing_problem(&m, kind);
	if (why) {
		wf_fail(o, ERR_CONFLICT, why);
		goto fail;
	}
	in.account_id = who->account_id;
	in.kind = (char *)kind;
	in.status = "draft";
	in.member_type = m.member_type;
	if (strcmp(kind, "profile_change") == 0)
		in.org_id = m.org_id;
	if (kind_fields(db, &m, body, false, &in, &own1, &own2, fields, o) != ERR_OK)
		goto fail;
	if (cJSON_GetArraySize(fields) > 0) {
		wf_invalid(o, fields);
		fields = NULL;
		goto fail;
	}
	rc = store_application_open_count(db, who->account_id, kind,
	                                  strcmp(kind, "branch_join") == 0 ? in.org_id : 0);
	if (rc != 0) {
		wf_fail(o, rc < 0 ? ERR_INTERNAL : ERR_CONFLICT,
		        rc < 0 ? NULL : _("You have an open application of this kind already."));
		goto fail;
	}
	in.review_org_id = first_reviewer(db, &m, &in);
	rc = store_application_insert(db, &in, &id);
	if (rc == ST_OK) {
		in.id = id;
		o->id = id;
		rc = move_to_review(db, who, &in);
	}
	if (rc != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		goto fail;
	}
	if (db_commit(db) != ST_OK)
		wf_fail(o, ERR_INTERNAL, NULL);
	goto out;
fail:
	db_rollback(db);
out:
	free(own1);
	free(own2);
	cJSON_Delete(fields);
	member_free(&m);
}

void wf_edit(struct db *db, const struct caller *who, int64_t id, const cJSON *body,
             struct wf_out *o)
{
	struct application a, upd;
	struct member m;
	cJSON *fields = cJSON_CreateObject();
	char *own1 = NULL, *own2 = NULL;
	int rc;

	memset(&a, 0, sizeof a);
	memset(&m, 0, sizeof m);
	o->id = id;
	if (!wf_own_application(db, id, who->account_id, &a, o))
		goto out;
	if (strcmp(a.kind, "join") == 0) {
		wf_join_save(db, who, body, o);
		goto out;
	}
	if (db_begin(db) != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		goto out;
	}
	application_free(&a);
	if (store_application_get(db, id, &a) != ST_OK ||
	    store_member_get(db, who->account_id, &m) != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		goto fail;
	}
	if (!wf_editable(&a, o))
		goto fail;
	upd = a;
	if (kind_fields(db, &m, body, true, &upd, &own1, &own2, fields, o) != ERR_OK)
		goto fail;
	if (cJSON_GetArraySize(fields) > 0) {
		wf_invalid(o, fields);
		fields = NULL;
		goto fail;
	}
	rc = store_application_save(db, id, &upd);
	if (rc == ST_OK)
		rc = store_audit(db, who->account_id, "application.edit", "application", id, NULL);
	if (rc != ST_OK) {
		wf_fail(o, rc == ST_CONFLICT ? ERR_CONFLICT : ERR_INTERNAL, NULL);
		goto fail;
	}
	if (db_commit(db) != ST_OK)
		wf_fail(o, ERR_INTERNAL, NULL);
	goto out;
fail:
	db_rollback(db);
out:
	free(own1);
	free(own2);
	cJSON_Delete(fields);
	member_free(&m);
	application_free(&a);
}
