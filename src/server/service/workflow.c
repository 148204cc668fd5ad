/* The application workflow: shared helpers, the join draft, visibility and
 * the application form PDF (see workflow.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"
#include "service/catalogue.h"
#include "caller.h"
#include "log.h"
#include "pdf.h"
#include "store/accounts.h"
#include "store/applications.h"
#include "store/attachments.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/members.h"
#include "store/messages.h"
#include "store/store.h"
#include "service/workflow_int.h"

/* ---------------------------------------------------------------- helpers */

void wf_fail(struct wf_out *o, enum roster_err err, const char *msg)
{
	o->err = err;
	o->msg = msg;
}

bool wf_own_application(struct db *db, int64_t id, int64_t account_id,
                        struct application *a, struct wf_out *o)
{
	int rc = store_application_get(db, id, a);

	if (rc != ST_OK || a->account_id != account_id) {
		wf_fail(o, rc == ST_ERROR ? ERR_INTERNAL : ERR_NOT_FOUND, NULL);
		return false;
	}
	return true;
}

bool wf_editable(const struct application *a, struct wf_out *o)
{
	if (strcmp(a->status, "draft") == 0 || strcmp(a->status, "rejected") == 0)
		return true;
	wf_fail(o, ERR_CONFLICT,
	        _("The application is under review or approved and can no longer be changed."));
	return false;
}

void wf_invalid(struct wf_out *o, cJSON *fields)
{
	cJSON_Delete(o->fields);
	o->err = ERR_VALIDATION;
	o->fields = fields;
}

static const struct {
	const char *kind, *zh, *en;
} kind_words[] = {
	{ "join", "入会申请", "membership application" },
	{ "profile_change", "资料变更申请", "profile change" },
	{ "level_change", "等级变更申请", "level change" },
	{ "branch_join", "加入分会申请", "branch membership application" },
};

const char *wf_kind_zh(const char *kind)
{
	for (size_t i = 0; i < sizeof kind_words / sizeof kind_words[0]; i++)
		if (strcmp(kind_words[i].kind, kind) == 0)
			return kind_words[i].zh;
	return "申请";
}

const char *wf_kind_en(const char *kind)
{
	for (size_t i = 0; i < sizeof kind_words / sizeof kind_words[0]; i++)
		if (strcmp(kind_words[i].kind, kind) == 0)
			return kind_words[i].en;
	return "application";
}

int wf_notify(struct db *db, const struct application *a, const char *title_zh,
              const char *title_en, const char *body_zh, const char *body_en)
{
	return store_message_add(db, a->account_id, "application", title_zh, title_en,
	                         body_zh, body_en, "application", a->id);
}

int wf_record(struct db *db, const struct application *a, int64_t actor, const char *action,
              const char *from, const char *to, const char *reason)
{
	char *action_name = xasprintf("application.%s", action);
	cJSON *d = cJSON_CreateObject();
	char *detail;
	int rc;

	json_add_str(d, "kind", a->kind);
	json_add_str(d, "from", from);
	json_add_str(d, "to", to);
	/* the audit trail reads every decision as before -> after */
	json_add_str(cJSON_AddObjectToObject(d, "before"), "status", from);
	json_add_str(cJSON_AddObjectToObject(d, "after"), "status", to);
	if (reason)
		json_add_str(d, "reason", reason);
	detail = json_print(d);
	cJSON_Delete(d);
	rc = store_application_event_add(db, a->id, actor, action, from, to, reason);
	if (rc == ST_OK)
		rc = store_audit(db, actor, action_name, "application", a->id, detail);
	free(detail);
	free(action_name);
	return rc;
}

int wf_check_org(struct db *db, int64_t org_id, bool branch_only, bool *is_branch,
                 cJSON *fields, const char *key)
{
	struct org org;
	int rc = store_org_get(db, org_id, &org);

	if (rc == ST_ERROR)
		return -2;
	if (rc != ST_OK || !org.active || (branch_only && strcmp(org.kind, "branch") != 0)) {
		if (rc == ST_OK)
			org_free(&org);
		json_add_str(fields, key, branch_only ? _("Choose one of the branches.")
		                                      : _("Choose the headquarters or one of the branches."));
		return -1;
	}
	if (is_branch)
		*is_branch = strcmp(org.kind, "branch") == 0;
	org_free(&org);
	return 0;
}

int wf_check_level(struct db *db, int64_t level_id, const char *member_type,
                   cJSON *fields, const char *key)
{
	struct level lv;
	int rc = store_level_get(db, level_id, &lv);
	bool ok;

	if (rc == ST_ERROR)
		return -2;
	ok = rc == ST_OK && lv.active && member_type && strcmp(lv.member_type, member_type) == 0;
	if (rc == ST_OK)
		level_free(&lv);
	if (!ok) {
		json_add_str(fields, key, _("Choose one of the levels for your member type."));
		return -1;
	}
	return 0;
}

cJSON *wf_profile_clean(const cJSON *profile)
{
	cJSON *out = cJSON_CreateObject();
	const cJSON *f;

	if (!out)
		abort();
	cJSON_ArrayForEach(f, profile) {
		if (cJSON_IsString(f) && f->valuestring[0] == '\0')
			continue;
		if (cJSON_IsNull(f))
			continue;
		cJSON_AddItemToObject(out, f->string, cJSON_Duplicate(f, true));
	}
	return out;
}

bool wf_member_approved(const struct member *m)
{
	return m->status && (strcmp(m->status, "pending_payment") == 0 ||
	                     strcmp(m->status, "active") == 0 ||
	                     strcmp(m->status, "expired") == 0);
}

int wf_get_id(const cJSON *body, const char *key, int64_t *out, cJSON *fields)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(body, key);
	double v;

	if (!it)
		return 1;
	if (cJSON_IsNull(it)) {
		*out = 0;
		return 0;
	}
	v = cJSON_IsNumber(it) ? it->valuedouble : 0;
	if (!cJSON_IsNumber(it) || v < 1 || v > 9007199254740991.0 || v != (double)(int64_t)v) {
		json_add_str(fields, key, _("Expected a positive whole number."));
		return -1;
	}
	*out = (int64_t)v;
	return 0;
}

int wf_get_text(const cJSON *body, const char *key, size_t max, const char **out,
                cJSON *fields)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(body, key);

	if (!it)
		return 1;
	if (cJSON_IsNull(it)) {
		*out = NULL;
		return 0;
	}
	if (!cJSON_IsString(it)) {
		json_add_str(fields, key, _("Expected text."));
		return -1;
	}
	if (utf8_chars(it->valuestring) > max) {
		json_add_str(fields, key, _("This text is too long."));
		return -1;
	}
	*out = it->valuestring[0] ? it->valuestring : NULL;
	return 0;
}

const char *wf_profile_name(const cJSON *profile)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(profile, "name"));

	if (!s || !*s)
		s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(profile, "unit_name"));
	return s && *s ? s : NULL;
}

/* ---------------------------------------------------------------- access */

bool wf_visible(const struct caller *who, const struct application *a)
{
	if (who->role == ROLE_MEMBER)
		return a->account_id == who->account_id;
	if (strcmp(a->status, "draft") == 0)
		return false;
	if (who->role == ROLE_BRANCH_STAFF)
		return who->org_id > 0 && a->review_org_id == who->org_id;
	return who->role == ROLE_HQ_STAFF || who->role == ROLE_ADMIN;
}

bool wf_may_act(const struct caller *who, const struct application *a)
{
	if (strcmp(a->status, "pending_branch") == 0)
		return who->role == ROLE_ADMIN ||
		       (who->role == ROLE_BRANCH_STAFF && a->review_org_id == who->org_id);
	if (strcmp(a->status, "pending_hq") == 0)
		return who->role == ROLE_ADMIN || who->role == ROLE_HQ_STAFF;
	return false;
}

/* ---------------------------------------------------------------- join */

int wf_join_get(struct db *db, const struct caller *who, struct application *out)
{
	struct account acc;
	struct application in;
	cJSON *prefill;
	char *prefill_text;
	int64_t id;
	int rc;

	rc = store_application_join(db, who->account_id, out);
	if (rc != ST_NOTFOUND)
		return rc;
	rc = store_account_get(db, who->account_id, &acc);
	if (rc != ST_OK)
		return ST_ERROR;
	if (!acc.member_type || strcmp(acc.role, "member") != 0) {
		account_free(&acc);
		return ST_CONFLICT;
	}
	memset(&in, 0, sizeof in);
	in.account_id = who->account_id;
	in.kind = "join";
	in.status = "draft";
	in.member_type = acc.member_type;
	/* what was given at registration starts the form: the member's own
	 * mobile and e-mail, or the unit's contact's */
	prefill = cJSON_CreateObject();
	if (!prefill)
		abort();
	bool unit = strcmp(acc.member_type, "unit") == 0;
	if (acc.mobile && *acc.mobile)
		json_add_str(prefill, unit ? "contact_mobile" : "mobile", acc.mobile);
	if (acc.email && *acc.email)
		json_add_str(prefill, unit ? "contact_email" : "email", acc.email);
	prefill_text = json_print(prefill);
	cJSON_Delete(prefill);
	in.profile = prefill_text;
	if (db_begin(db) != ST_OK) {
		account_free(&acc);
		free(prefill_text);
		return ST_ERROR;
	}
	rc = store_member_ensure(db, who->account_id, acc.member_type);
	if (rc == ST_OK)
		rc = store_application_insert(db, &in, &id);
	account_free(&acc);
	free(prefill_text);
	in.profile = NULL;
	if (rc == ST_EXISTS) {
		/* another request of the same member made it first */
		db_rollback(db);
		return store_application_join(db, who->account_id, out);
	}
	if (rc == ST_OK) {
		in.id = id;
		rc = store_application_event_add(db, id, who->account_id, "create", NULL, "draft", NULL);
	}
	if (rc != ST_OK) {
		db_rollback(db);
		return ST_ERROR;
	}
	if (db_commit(db) != ST_OK)
		return ST_ERROR;
	return store_application_join(db, who->account_id, out);
}

void wf_join_save(struct db *db, const struct caller *who, const cJSON *body,
                  struct wf_out *o)
{
	struct application a, upd;
	cJSON *fields = cJSON_CreateObject(), *profile = NULL, *schema = NULL;
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(body, "profile");
	int64_t org_id, level_id;
	bool is_branch = false;
	char *profile_text = NULL;
	int rc;

	memset(&a, 0, sizeof a);
	rc = wf_join_get(db, who, &a);
	if (rc != ST_OK) {
		wf_fail(o, rc == ST_CONFLICT ? ERR_FORBIDDEN : ERR_INTERNAL, NULL);
		cJSON_Delete(fields);
		return;
	}
	o->id = a.id;
	if (p && !cJSON_IsObject(p) && !cJSON_IsNull(p))
		json_add_str(fields, "profile", _("Expected an object of form fields."));
	if (db_begin(db) != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		goto out;
	}
	/* re-read inside the transaction: a submit may have landed meanwhile */
	application_free(&a);
	if (store_application_get(db, o->id, &a) != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		goto fail;
	}
	if (!wf_editable(&a, o))
		goto fail;
	org_id = a.org_id;
	level_id = a.level_id;
	wf_get_id(body, "org_id", &org_id, fields);
	wf_get_id(body, "level_id", &level_id, fields);
	if (org_id && !cJSON_HasObjectItem(fields, "org_id") &&
	    wf_check_org(db, org_id, false, &is_branch, fields, "org_id") == -2) {
		wf_fail(o, ERR_INTERNAL, NULL);
		goto fail;
	}
	if (level_id && !cJSON_HasObjectItem(fields, "level_id") &&
	    wf_check_level(db, level_id, a.member_type, fields, "level_id") == -2) {
		wf_fail(o, ERR_INTERNAL, NULL);
		goto fail;
	}
	if (cJSON_IsObject(p)) {
		profile = wf_profile_clean(p);
		schema = catalogue_form(db, a.member_type);
		if (!schema) {
			wf_fail(o, ERR_UNAVAILABLE, _("The application form is not set up yet."));
			goto fail;
		}
		catalogue_field_check(schema, profile, FIELD_CHECK_DRAFT, fields);
	} else if (cJSON_IsNull(p)) {
		profile = cJSON_CreateObject();
	}
	if (cJSON_GetArraySize(fields) > 0) {
		wf_invalid(o, fields);
		fields = NULL;
		goto fail;
	}
	upd = a;
	upd.org_id = org_id;
	upd.review_org_id = org_id && is_branch ? org_id : 0;
	upd.level_id = level_id;
	if (profile) {
		profile_text = json_print(profile);
		upd.profile = profile_text;
	}
	rc = store_application_save(db, a.id, &upd);
	if (rc == ST_OK)
		rc = store_member_set_choice(db, who->account_id, org_id, level_id);
	if (rc == ST_OK && profile)
		rc = store_member_set_name(db, who->account_id, wf_profile_name(profile));
	if (rc == ST_OK)
		rc = store_audit(db, who->account_id, "application.save", "application", a.id, NULL);
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
	free(profile_text);
	cJSON_Delete(profile);
	cJSON_Delete(schema);
	cJSON_Delete(fields);
	application_free(&a);
}

cJSON *wf_join_missing(struct db *db, const struct application *a)
{
	cJSON *missing = cJSON_CreateObject(), *schema, *profile;
	int n;

	if (!missing)
		abort();
	if (!a->org_id)
		json_add_str(missing, "org_id", _("Choose the headquarters or a branch to join."));
	else if (wf_check_org(db, a->org_id, false, NULL, missing, "org_id") == -2)
		log_warn("application %lld: cannot check its organisation", (long long)a->id);
	if (!a->level_id)
		json_add_str(missing, "level_id", _("Choose a level."));
	else if (wf_check_level(db, a->level_id, a->member_type, missing, "level_id") == -2)
		log_warn("application %lld: cannot check its level", (long long)a->id);
	schema = catalogue_form(db, a->member_type);
	profile = cJSON_Parse(a->profile ? a->profile : "{}");
	if (schema && profile)
		catalogue_field_check(schema, profile, FIELD_CHECK_ALL, missing);
	else
		json_add_str(missing, "profile", _("The application form is not set up yet."));
	cJSON_Delete(schema);
	cJSON_Delete(profile);
	n = store_attachment_count(db, a->id);
	if (n == 0)
		json_add_str(missing, "attachments",
		             _("Upload the application form, signed and stamped (PDF, PNG or JPEG)."));
	return missing;
}

/* ---------------------------------------------------------------- PDF */

unsigned char *wf_form_pdf(struct db *db, const struct application *a, size_t *len)
{
	struct pdf_form_meta meta;
	struct org org;
	struct level lv;
	cJSON *schema, *profile;
	char *assoc = NULL, no[32], today[11];
	bool have_org, have_level;
	unsigned char *pdf = NULL;

	*len = 0;
	schema = catalogue_form(db, a->member_type);
	if (!schema)
		return NULL;
	profile = cJSON_Parse(a->profile ? a->profile : "{}");
	have_org = a->org_id && store_org_get(db, a->org_id, &org) == ST_OK;
	have_level = a->level_id && store_level_get(db, a->level_id, &lv) == ST_OK;
	if (store_setting_get(db, "association.name_zh", &assoc) != ST_OK)
		assoc = NULL;
	snprintf(no, sizeof no, "A%06lld", (long long)a->id);
	store_today(today);
	memset(&meta, 0, sizeof meta);
	meta.assoc_name = assoc;
	meta.member_type = a->member_type;
	meta.org_name = have_org ? org.name_zh : NULL;
	meta.level_name = have_level ? lv.name_zh : NULL;
	meta.application_no = no;
	meta.date = today;
	pdf = pdf_application_form(schema, profile, &meta, len);
	if (have_org)
		org_free(&org);
	if (have_level)
		level_free(&lv);
	free(assoc);
	cJSON_Delete(profile);
	cJSON_Delete(schema);
	return pdf;
}
