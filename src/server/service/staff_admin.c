/* Account administration (staff_admin.h). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/validate.h"
#include "roster/xalloc.h"
#include "caller.h"
#include "log.h"
#include "service/auth.h"
#include "service/staff_admin.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/sessions.h"
#include "store/store.h"

static void out_set(struct admin_out *o, enum roster_err err, const char *msg)
{
	o->err = err;
	o->msg = msg;
}

bool admin_is_branch(struct db *db, int64_t org_id)
{
	struct org g;
	bool ok;

	if (org_id <= 0 || store_org_get(db, org_id, &g) != ST_OK)
		return false;
	ok = g.active && strcmp(g.kind, "branch") == 0;
	org_free(&g);
	return ok;
}

/* {"before":{key:b},"after":{key:a}} with text values (NULL as null). */
static char *before_after(const char *key, const char *b, const char *a,
                          const char *key2, int64_t b2, int64_t a2, const char *reason)
{
	cJSON *d = cJSON_CreateObject();
	cJSON *bo = cJSON_AddObjectToObject(d, "before"), *ao = cJSON_AddObjectToObject(d, "after");
	char *text;

	json_add_str(bo, key, b);
	json_add_str(ao, key, a);
	if (key2) {
		json_add_int(bo, key2, b2);
		json_add_int(ao, key2, a2);
	}
	if (reason)
		json_add_str(d, "reason", reason);
	text = json_print(d);
	cJSON_Delete(d);
	return text;
}

/* Read account id inside the open transaction, checking the target kind;
 * false with o set when it is not there. */
static bool target_get(struct db *db, int64_t id, enum admin_target t, struct account *a,
                       struct admin_out *o)
{
	int rc = id > 0 ? store_account_get(db, id, a) : ST_NOTFOUND;

	if (rc != ST_OK) {
		out_set(o, rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
		return false;
	}
	if ((t == ADMIN_MEMBER) != (strcmp(a->role, "member") == 0)) {
		account_free(a);
		out_set(o, ERR_NOT_FOUND, NULL);
		return false;
	}
	return true;
}

/* Would this step leave no active admin? */
static bool last_admin(struct db *db, const struct account *a)
{
	return strcmp(a->role, "admin") == 0 && strcmp(a->status, "active") == 0 &&
	       store_account_active_admins(db) <= 1;
}

static void finish(struct db *db, int rc, struct admin_out *o)
{
	if (rc == ST_OK && db_commit(db) == ST_OK) {
		out_set(o, ERR_OK, NULL);
		return;
	}
	db_rollback(db);
	out_set(o, ERR_INTERNAL, NULL);
}

void admin_set_status(struct db *db, int64_t actor, int64_t id, enum admin_target t,
                      bool enable, const char *reason, struct admin_out *o)
{
	const char *to = enable ? "active" : "disabled";
	struct account a;
	char *detail;
	int rc;

	if (db_begin(db) != ST_OK) {
		out_set(o, ERR_INTERNAL, NULL);
		return;
	}
	if (!target_get(db, id, t, &a, o)) {
		db_rollback(db);
		return;
	}
	if (!enable && (id == actor || last_admin(db, &a))) {
		account_free(&a);
		db_rollback(db);
		out_set(o, ERR_CONFLICT, id == actor ? _("You cannot disable your own account.")
		                                     : _("This is the last active administrator."));
		return;
	}
	detail = before_after("status", a.status, to, NULL, 0, 0, reason);
	rc = store_account_set_status(db, id, to);
	/* a disabled account's sessions end now, not at their next timeout */
	if (rc == ST_OK && !enable)
		rc = store_session_delete_account(db, id, 0);
	if (rc == ST_OK)
		rc = store_audit(db, actor, enable ? "account.enable" : "account.disable",
		                 "account", id, detail);
	free(detail);
	account_free(&a);
	finish(db, rc, o);
}

void admin_set_role(struct db *db, int64_t actor, int64_t id, const char *role,
                    int64_t org_id, struct admin_out *o)
{
	unsigned bit = role_from_name(role);
	struct account a;
	char *detail;
	int rc;

	if (!bit || bit == ROLE_MEMBER) {
		out_set(o, ERR_VALIDATION, _("Unknown role."));
		return;
	}
	if (bit != ROLE_BRANCH_STAFF)
		org_id = 0;
	else if (!admin_is_branch(db, org_id)) {
		out_set(o, ERR_VALIDATION, _("Choose the officer's branch."));
		return;
	}
	if (db_begin(db) != ST_OK) {
		out_set(o, ERR_INTERNAL, NULL);
		return;
	}
	if (!target_get(db, id, ADMIN_STAFF, &a, o)) {
		db_rollback(db);
		return;
	}
	if (id == actor || (bit != ROLE_ADMIN && last_admin(db, &a))) {
		account_free(&a);
		db_rollback(db);
		out_set(o, ERR_CONFLICT, id == actor ? _("You cannot change your own role.")
		                                     : _("This is the last active administrator."));
		return;
	}
	detail = before_after("role", a.role, role, "org_id", a.org_id, org_id, NULL);
	rc = store_account_set_role(db, id, role, org_id);
	if (rc == ST_OK)
		rc = store_audit(db, actor, "account.role", "account", id, detail);
	free(detail);
	account_free(&a);
	finish(db, rc, o);
}

void admin_set_password(struct db *db, int64_t actor, int64_t id, enum admin_target t,
                        const char *password, struct admin_out *o)
{
	char hash[crypto_pwhash_STRBYTES];
	const char *why = val_password(password ? password : "");
	struct account a;
	int rc;

	if (why) {
		out_set(o, ERR_VALIDATION, _(why));
		return;
	}
	if (auth_password_hash(password, hash) != 0) {
		out_set(o, ERR_INTERNAL, NULL);
		return;
	}
	if (db_begin(db) != ST_OK) {
		sodium_memzero(hash, sizeof hash);
		out_set(o, ERR_INTERNAL, NULL);
		return;
	}
	if (!target_get(db, id, t, &a, o)) {
		sodium_memzero(hash, sizeof hash);
		db_rollback(db);
		return;
	}
	rc = store_account_set_password(db, id, hash);
	sodium_memzero(hash, sizeof hash);
	if (rc == ST_OK)
		rc = store_session_delete_account(db, id, 0);
	if (rc == ST_OK)
		rc = store_audit(db, actor, "account.password_reset", "account", id, NULL);
	account_free(&a);
	finish(db, rc, o);
}
