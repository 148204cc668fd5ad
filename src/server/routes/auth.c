/* Routes /auth/…: register, login, logout, change password, e-mail codes, reset.
 *
 * None of these may tell a stranger whether an account exists: an e-mail
 * address or mobile number that is taken gets the same answer as a new one
 * (its owner is told by mail instead), logins of unknown accounts cost the
 * same hashing time and count against the same limits, and code requests
 * always answer 202. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/validate.h"
#include "roster/xalloc.h"
#include "service/auth.h"
#include "log.h"
#include "mail.h"
#include "routes/routes.h"
#include "server.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "service/notify.h"
#include "store/codes.h"
#include "store/sessions.h"
#include "store/store.h"
#include "service/throttle.h"

#define CODE_PURPOSE_RESET "reset"

static void rate_limited(struct resp *resp, int wait)
{
	char secs[24];

	snprintf(secs, sizeof secs, "%d", wait > 0 ? wait : 1);
	resp_error(resp, ERR_RATE_LIMITED, NULL, NULL);
	resp_header(resp, "Retry-After", secs);
}

static void add_field(cJSON *fields, const char *name, const char *msgid)
{
	if (!cJSON_GetObjectItemCaseSensitive(fields, name))
		json_add_str(fields, name, _(msgid));
}

/* The standard mail after a password change. */
static void mail_password_changed(const char *to, const char *username)
{
	char *body = xasprintf(_("Hello %s,\n\n"
	                         "the password of your account was just changed.\n"
	                         "If that was not you, reset your password at once and contact the association.\n"),
	                       username);
	mail_send(to, _("Your password was changed"), body);
	free(body);
}

/* ---------------------------------------------------------------- register */

static void route_auth_register(struct req *req, struct resp *resp)
{
	cJSON *fields = cJSON_CreateObject(), *out, *acct;
	const char *username = NULL, *email = NULL, *mobile = NULL, *password = NULL;
	const char *member_type = NULL, *why;
	bool agree = false;
	char norm[12], key[128], hash[crypto_pwhash_STRBYTES];
	struct account existing;
	struct account_new a = { 0 };
	int64_t id = 0;
	int wait, rc;

	snprintf(key, sizeof key, "register:addr:%s", req->remote_addr);
	wait = throttle_take(req->db, key, g_cfg->register_per_address, 3600);
	if (wait > 0) {
		cJSON_Delete(fields);
		rate_limited(resp, wait);
		return;
	}
	json_get_str(req->json, "username", true, &username, fields);
	json_get_str(req->json, "email", true, &email, fields);
	json_get_str(req->json, "mobile", true, &mobile, fields);
	json_get_str(req->json, "password", true, &password, fields);
	json_get_str(req->json, "member_type", true, &member_type, fields);
	json_get_bool(req->json, "agree_terms", true, &agree, fields);
	if (username && (why = val_username(username)))
		add_field(fields, "username", why);
	if (email && (why = val_email(email)))
		add_field(fields, "email", why);
	if (mobile && !val_mobile_normalise(mobile, norm))
		add_field(fields, "mobile", (why = val_mobile(mobile)) ? why : N_("Not a valid mobile number."));
	if (password && (why = val_password(password)))
		add_field(fields, "password", why);
	if (member_type && strcmp(member_type, "individual") && strcmp(member_type, "unit"))
		add_field(fields, "member_type", N_("Choose individual or unit."));
	if (!cJSON_GetObjectItemCaseSensitive(fields, "agree_terms") && !agree)
		add_field(fields, "agree_terms", N_("You must agree to the terms to register."));
	if (resp_fields_error(resp, fields))
		return;

	/* hash before looking: a taken address must cost the same time */
	if (auth_password_hash(password, hash) != 0) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (db_begin(req->db) != ST_OK)
		goto fail;
	rc = store_account_by_username(req->db, username, &existing);
	if (rc == ST_OK) {
		account_free(&existing);
		db_rollback(req->db);
		fields = cJSON_CreateObject();
		add_field(fields, "username", N_("This username is taken."));
		resp_error(resp, ERR_EXISTS, NULL, fields);
		goto out;
	}
	if (rc != ST_NOTFOUND)
		goto fail;
	rc = store_account_by_email(req->db, email, &existing);
	if (rc == ST_NOTFOUND)
		rc = store_account_by_mobile(req->db, norm, &existing);
	if (rc == ST_OK) {
		/* tell the owner, answer as if it worked */
		char *body = xasprintf(_("Hello %s,\n\n"
		                         "someone just tried to register a new membership account with your e-mail address or mobile number.\n"
		                         "You already have an account: sign in as %s. If you forgot your password, use \"Forgot password\".\n"
		                         "If this was not you, you can ignore this message.\n"),
		                       existing.username, existing.username);
		store_audit(req->db, 0, "account.register_duplicate", "account", existing.id, NULL);
		rc = db_commit(req->db);
		if (rc == ST_OK)
			mail_send(existing.email, _("Someone tried to register with your address"), body);
		free(body);
		account_free(&existing);
		if (rc != ST_OK)
			goto fail;
	} else if (rc != ST_NOTFOUND) {
		goto fail;
	} else {
		a.username = username;
		a.email = email;
		a.mobile = norm;
		a.password_hash = hash;
		a.role = "member";
		a.member_type = member_type;
		rc = store_account_insert(req->db, &a, &id);
		if (rc == ST_EXISTS) {
			/* lost a race with another registration of the same name */
			db_rollback(req->db);
			fields = cJSON_CreateObject();
			add_field(fields, "username", N_("This username is taken."));
			resp_error(resp, ERR_EXISTS, NULL, fields);
			goto out;
		}
		if (rc != ST_OK || store_audit(req->db, id, "account.register", "account", id, member_type) != ST_OK ||
		    notify_note_language(req->db, id, req_header(req, "Accept-Language")) != ST_OK)
			goto fail;
		if (db_commit(req->db) != ST_OK)
			goto fail;
		char *body = xasprintf(_("Hello %s,\n\n"
		                         "your membership account was created. Sign in with your username, e-mail address or mobile number.\n"),
		                       username);
		mail_send(email, _("Welcome"), body);
		free(body);
	}
	/* the same answer whether or not an account was created: no id */
	out = cJSON_CreateObject();
	acct = cJSON_AddObjectToObject(out, "account");
	json_add_str(acct, "username", username);
	char *lower_email = xstrdup(email);
	for (char *p = lower_email; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	json_add_str(acct, "email", lower_email);
	free(lower_email);
	json_add_str(acct, "mobile", norm);
	json_add_str(acct, "role", "member");
	json_add_str(acct, "member_type", member_type);
	resp_json(resp, 201, out);
	goto out;
fail:
	db_rollback(req->db);
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
out:
	sodium_memzero(hash, sizeof hash);
}

/* ---------------------------------------------------------------- login */

static void route_auth_login(struct req *req, struct resp *resp)
{
	cJSON *fields = cJSON_CreateObject(), *out;
	const char *login = NULL, *password = NULL;
	char addr_key[128], acct_key[200];
	struct account a;
	bool found, ok;
	int wait;
	char *token;
	int64_t expires_at, sid;

	json_get_str(req->json, "login", true, &login, fields);
	json_get_str(req->json, "password", true, &password, fields);
	if (resp_fields_error(resp, fields))
		return;
	snprintf(addr_key, sizeof addr_key, "login:addr:%s", req->remote_addr);
	wait = throttle_wait(req->db, addr_key, g_cfg->login_fail_address);
	found = store_account_by_login(req->db, login, &a) == ST_OK;
	/* unknown logins are counted under their name, so a stranger sees the
	 * same lock-out for an account that exists and one that does not */
	if (found)
		snprintf(acct_key, sizeof acct_key, "login:acct:%lld", (long long)a.id);
	else
		snprintf(acct_key, sizeof acct_key, "login:name:%.160s", login);
	if (wait == 0)
		wait = throttle_wait(req->db, acct_key, g_cfg->login_fail_account);
	if (wait > 0) {
		if (found)
			account_free(&a);
		rate_limited(resp, wait);
		return;
	}
	if (found) {
		ok = auth_password_verify(a.password_hash, password);
	} else {
		auth_password_dummy(password);
		ok = false;
	}
	if (!ok) {
		throttle_hit(req->db, addr_key, g_cfg->login_window);
		throttle_hit(req->db, acct_key, g_cfg->login_window);
		store_audit(req->db, 0, "login.failed", found ? "account" : NULL, found ? a.id : 0, NULL);
		if (found)
			account_free(&a);
		resp_error(resp, ERR_BAD_CREDENTIALS, NULL, NULL);
		return;
	}
	if (strcmp(a.status, "active") != 0) {
		store_audit(req->db, a.id, "login.disabled", "account", a.id, NULL);
		account_free(&a);
		resp_error(resp, ERR_FORBIDDEN, _("This account is disabled. Please contact the association."), NULL);
		return;
	}
	throttle_clear(req->db, acct_key);
	if (auth_password_needs_rehash(a.password_hash)) {
		char hash[crypto_pwhash_STRBYTES];
		if (auth_password_hash(password, hash) == 0 &&
		    store_account_rehash(req->db, a.id, hash) == ST_OK)
			store_audit(req->db, a.id, "password.rehash", "account", a.id, NULL);
		sodium_memzero(hash, sizeof hash);
	}
	if (db_begin(req->db) != ST_OK)
		goto fail;
	token = auth_session_create(req->db, a.id, req->remote_addr, &expires_at, &sid);
	if (!token)
		goto fail;
	if (store_account_touch_login(req->db, a.id) != ST_OK ||
	    notify_note_language(req->db, a.id, req_header(req, "Accept-Language")) != ST_OK ||
	    store_audit(req->db, a.id, "login", "session", sid, NULL) != ST_OK ||
	    db_commit(req->db) != ST_OK) {
		sodium_memzero(token, strlen(token));
		free(token);
		goto fail;
	}
	out = cJSON_CreateObject();
	json_add_str(out, "token", token);
	json_add_int(out, "expires_at", expires_at);
	json_add_int(out, "idle_timeout", g_cfg->session_idle);
	cJSON_AddItemToObject(out, "account", auth_account_json(&a));
	sodium_memzero(token, strlen(token));
	free(token);
	account_free(&a);
	resp_json(resp, 200, out);
	resp->no_etag = true;
	resp_header(resp, "Cache-Control", "no-store");
	return;
fail:
	db_rollback(req->db);
	account_free(&a);
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
}

/* ---------------------------------------------------------------- logout */

static void route_auth_logout(struct req *req, struct resp *resp)
{
	store_session_delete(req->db, req->who.session_id);
	store_audit(req->db, req->who.account_id, "logout", "session", req->who.session_id, NULL);
	resp_json(resp, 200, cJSON_CreateObject());
}

/* ---------------------------------------------------------------- change password */

/* Set a new password, end the other sessions (all when keep is 0), record
 * and mail. Returns ST_OK or ST_ERROR. */
static int password_replace(struct db *db, const struct account *a, const char *password,
                            int64_t keep_session, const char *action)
{
	char hash[crypto_pwhash_STRBYTES];

	if (auth_password_hash(password, hash) != 0)
		return ST_ERROR;
	if (db_begin(db) != ST_OK)
		goto fail;
	if (store_account_set_password(db, a->id, hash) != ST_OK ||
	    store_session_delete_account(db, a->id, keep_session) != ST_OK ||
	    store_audit(db, a->id, action, "account", a->id, NULL) != ST_OK ||
	    db_commit(db) != ST_OK)
		goto fail;
	sodium_memzero(hash, sizeof hash);
	mail_password_changed(a->email, a->username);
	return ST_OK;
fail:
	db_rollback(db);
	sodium_memzero(hash, sizeof hash);
	return ST_ERROR;
}

static void route_auth_password(struct req *req, struct resp *resp)
{
	cJSON *fields = cJSON_CreateObject();
	const char *old_pw = NULL, *new_pw = NULL, *why;
	char key[64];
	struct account a;
	int wait;

	json_get_str(req->json, "old_password", true, &old_pw, fields);
	json_get_str(req->json, "new_password", true, &new_pw, fields);
	if (new_pw && (why = val_password(new_pw)))
		add_field(fields, "new_password", why);
	if (old_pw && new_pw && strcmp(old_pw, new_pw) == 0)
		add_field(fields, "new_password", N_("The new password must differ from the old one."));
	if (resp_fields_error(resp, fields))
		return;
	if (store_account_get(req->db, req->who.account_id, &a) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	/* a stolen session must not give unlimited guesses at the password */
	snprintf(key, sizeof key, "login:acct:%lld", (long long)a.id);
	wait = throttle_wait(req->db, key, g_cfg->login_fail_account);
	if (wait > 0) {
		account_free(&a);
		rate_limited(resp, wait);
		return;
	}
	if (!auth_password_verify(a.password_hash, old_pw)) {
		throttle_hit(req->db, key, g_cfg->login_window);
		store_audit(req->db, a.id, "password.change_failed", "account", a.id, NULL);
		account_free(&a);
		fields = cJSON_CreateObject();
		add_field(fields, "old_password", N_("The current password is wrong."));
		/* 422, not 401: the session is fine, the client must not sign out */
		resp_error(resp, ERR_VALIDATION, NULL, fields);
		return;
	}
	if (password_replace(req->db, &a, new_pw, req->who.session_id, "password.change") != ST_OK)
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
	else
		resp_json(resp, 200, cJSON_CreateObject());
	account_free(&a);
}

/* ---------------------------------------------------------------- e-mail codes */

static void code_hash(const char *code, const unsigned char salt[CODE_SALT_LEN],
                      unsigned char out[CODE_HASH_LEN])
{
	crypto_generichash(out, CODE_HASH_LEN, (const unsigned char *)code, strlen(code),
	                   salt, CODE_SALT_LEN);
}

static void route_auth_email_code(struct req *req, struct resp *resp)
{
	cJSON *fields = cJSON_CreateObject();
	const char *email = NULL, *why;
	char key[320], code[8];
	unsigned char salt[CODE_SALT_LEN], hash[CODE_HASH_LEN];
	struct account a;
	bool found;
	int wait, rc;
	char *lower;

	if (req->who.account_id) {
		cJSON_Delete(fields);
		found = store_account_get(req->db, req->who.account_id, &a) == ST_OK;
		if (!found) {
			resp_error(resp, ERR_INTERNAL, NULL, NULL);
			return;
		}
		email = a.email;
	} else {
		/* a signed-in client asks without an address: its session has
		 * ended, which it must learn rather than a field error */
		if (!cJSON_GetObjectItemCaseSensitive(req->json, "email") &&
		    req_header(req, "Authorization")) {
			cJSON_Delete(fields);
			resp_error(resp, ERR_SESSION_EXPIRED, NULL, NULL);
			return;
		}
		json_get_str(req->json, "email", true, &email, fields);
		if (email && (why = val_email(email)))
			add_field(fields, "email", why);
		if (resp_fields_error(resp, fields))
			return;
		found = false;
	}
	lower = xstrdup(email);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	snprintf(key, sizeof key, "code:addr:%s", req->remote_addr);
	wait = throttle_take(req->db, key, g_cfg->code_per_address, 3600);
	if (wait == 0) {
		snprintf(key, sizeof key, "code:email:%.300s", lower);
		wait = throttle_take(req->db, key, g_cfg->code_per_email, 3600);
	}
	if (wait > 0) {
		if (found)
			account_free(&a);
		free(lower);
		rate_limited(resp, wait);
		return;
	}
	if (!found)
		found = store_account_by_email(req->db, lower, &a) == ST_OK;
	free(lower);
	if (found && strcmp(a.status, "active") == 0) {
		snprintf(code, sizeof code, "%06u", (unsigned)randombytes_uniform(1000000));
		randombytes_buf(salt, sizeof salt);
		code_hash(code, salt, hash);
		rc = db_begin(req->db);
		if (rc == ST_OK)
			rc = store_code_insert(req->db, a.id, CODE_PURPOSE_RESET, hash, salt,
			                       store_now() + g_cfg->code_ttl, NULL);
		if (rc == ST_OK)
			rc = store_audit(req->db, req->who.account_id, "code.sent", "account", a.id, NULL);
		if (rc == ST_OK)
			rc = db_commit(req->db);
		else
			db_rollback(req->db);
		if (rc == ST_OK) {
			char *body = xasprintf(_("Hello %s,\n\n"
			                         "your verification code is: %s\n\n"
			                         "It is valid for %d minutes and can be used once. "
			                         "If you did not ask for it, you can ignore this message; your password stays as it is.\n"),
			                       a.username, code, g_cfg->code_ttl / 60);
			mail_send(a.email, _("Your verification code"), body);
			sodium_memzero(body, strlen(body));
			free(body);
		}
		sodium_memzero(code, sizeof code);
	}
	if (found)
		account_free(&a);
	resp_json(resp, 202, cJSON_CreateObject());
}

/* ---------------------------------------------------------------- reset */

static bool six_digits(const char *s)
{
	for (int i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[6] == '\0';
}

static void route_auth_password_reset(struct req *req, struct resp *resp)
{
	cJSON *fields = cJSON_CreateObject();
	const char *email = NULL, *code = NULL, *new_pw = NULL, *why;
	char key[128];
	unsigned char hash[CODE_HASH_LEN];
	struct account a;
	struct code_row c;
	bool found = false, match = false;
	int wait;

	json_get_str(req->json, "email", req->who.account_id == 0, &email, fields);
	json_get_str(req->json, "code", true, &code, fields);
	json_get_str(req->json, "new_password", true, &new_pw, fields);
	if (new_pw && (why = val_password(new_pw)))
		add_field(fields, "new_password", why);
	if (resp_fields_error(resp, fields))
		return;
	snprintf(key, sizeof key, "reset:addr:%s", req->remote_addr);
	wait = throttle_wait(req->db, key, g_cfg->reset_fail_address);
	if (wait > 0) {
		rate_limited(resp, wait);
		return;
	}
	if (email)
		found = store_account_by_email(req->db, email, &a) == ST_OK;
	else
		found = store_account_get(req->db, req->who.account_id, &a) == ST_OK;
	if (found && six_digits(code) && db_begin(req->db) == ST_OK) {
		if (store_code_live(req->db, a.id, CODE_PURPOSE_RESET, store_now(),
		                    g_cfg->code_attempts, &c) == ST_OK) {
			/* count the try before comparing: five tries per code, even
			 * when requests race */
			store_code_attempt(req->db, c.id);
			code_hash(code, c.salt, hash);
			match = sodium_memcmp(hash, c.hash, CODE_HASH_LEN) == 0 &&
			        store_code_use(req->db, c.id) == ST_OK;
		}
		if (db_commit(req->db) != ST_OK)
			match = false;
	}
	if (!match) {
		throttle_hit(req->db, key, g_cfg->login_window);
		store_audit(req->db, 0, "password.reset_failed", found ? "account" : NULL,
		            found ? a.id : 0, NULL);
		if (found)
			account_free(&a);
		resp_error(resp, ERR_CODE_INVALID, NULL, NULL);
		return;
	}
	/* a reset ends every session except the one asking, if it is the
	 * account's own */
	if (password_replace(req->db, &a, new_pw,
	                     req->who.account_id == a.id ? req->who.session_id : 0,
	                     "password.reset") != ST_OK)
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
	else
		resp_json(resp, 200, cJSON_CreateObject());
	/* a successful reset also lifts a login lock-out */
	snprintf(key, sizeof key, "login:acct:%lld", (long long)a.id);
	throttle_clear(req->db, key);
	account_free(&a);
}

const struct route routes_auth[] = {
	{ "POST", "/auth/register",       route_auth_register,       0, 0 },
	{ "POST", "/auth/login",          route_auth_login,          0, 0 },
	{ "POST", "/auth/logout",         route_auth_logout,         ROLES_ANY_USER, 0 },
	{ "POST", "/auth/password",       route_auth_password,       ROLES_ANY_USER, 0 },
	{ "POST", "/auth/email-code",     route_auth_email_code,     0, 0 },
	{ "POST", "/auth/password/reset", route_auth_password_reset, 0, 0 },
	{ 0 }
};
