/* Routes /auth/…: register, login, logout, change password, e-mail codes, reset.
 *
 * None of these may tell a stranger whether an account exists: an e-mail
 * address or mobile number that is taken gets the same answer as a new one
 * (its owner is told by mail instead), logins of unknown accounts cost the
 * same hashing time and count against the same limits, and code requests
 * always answer 202.
 *
 * Argon2id takes a good part of a second of one core: every hash and check
 * runs on the offload pool (offload.h). A route does its quick checks,
 * hands the password work over as a job, and finishes in the job's done
 * callback; nothing is written before the job has run, so a request the
 * pool refuses (503) has changed nothing but the registration count. */
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
#include "offload.h"
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

/* A copy of a secret, wiped and freed by secret_free. */
static char *secret_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void secret_free(char *s)
{
	if (s) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
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

struct register_job {
	char *username, *email, *password, *member_type;
	char mobile[12];                       /* normalised */
	char hash[crypto_pwhash_STRBYTES];
	int rc;                                /* of the hashing */
};

static void register_job_free(void *ctx)
{
	struct register_job *j = ctx;

	free(j->username);
	free(j->email);
	secret_free(j->password);
	free(j->member_type);
	sodium_memzero(j->hash, sizeof j->hash);
	free(j);
}

/* On the pool: hash before looking, so a taken address costs the same
 * time. */
static void register_hash(struct db *db, void *ctx)
{
	struct register_job *j = ctx;

	(void)db;
	j->rc = auth_password_hash(j->password, j->hash);
}

static void register_finish(struct req *req, struct resp *resp, void *ctx)
{
	struct register_job *j = ctx;
	cJSON *fields, *out, *acct;
	struct account existing;
	struct account_new a = { 0 };
	int64_t id = 0;
	int rc;

	if (j->rc != 0) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (db_begin(req->db) != ST_OK)
		goto fail;
	rc = store_account_by_username(req->db, j->username, &existing);
	if (rc == ST_OK) {
		account_free(&existing);
		db_rollback(req->db);
		fields = cJSON_CreateObject();
		add_field(fields, "username", N_("This username is taken."));
		resp_error(resp, ERR_EXISTS, NULL, fields);
		return;
	}
	if (rc != ST_NOTFOUND)
		goto fail;
	rc = store_account_by_email(req->db, j->email, &existing);
	if (rc == ST_NOTFOUND)
		rc = store_account_by_mobile(req->db, j->mobile, &existing);
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
		a.username = j->username;
		a.email = j->email;
		a.mobile = j->mobile;
		a.password_hash = j->hash;
		a.role = "member";
		a.member_type = j->member_type;
		rc = store_account_insert(req->db, &a, &id);
		if (rc == ST_EXISTS) {
			/* lost a race with another registration of the same name */
			db_rollback(req->db);
			fields = cJSON_CreateObject();
			add_field(fields, "username", N_("This username is taken."));
			resp_error(resp, ERR_EXISTS, NULL, fields);
			return;
		}
		if (rc != ST_OK || store_audit(req->db, id, "account.register", "account", id, j->member_type) != ST_OK ||
		    notify_note_language(req->db, id, req_header(req, "Accept-Language")) != ST_OK)
			goto fail;
		if (db_commit(req->db) != ST_OK)
			goto fail;
		char *body = xasprintf(_("Hello %s,\n\n"
		                         "your membership account was created. Sign in with your username, e-mail address or mobile number.\n"),
		                       j->username);
		mail_send(j->email, _("Welcome"), body);
		free(body);
	}
	/* the same answer whether or not an account was created: no id */
	out = cJSON_CreateObject();
	acct = cJSON_AddObjectToObject(out, "account");
	json_add_str(acct, "username", j->username);
	char *lower_email = xstrdup(j->email);
	for (char *p = lower_email; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	json_add_str(acct, "email", lower_email);
	free(lower_email);
	json_add_str(acct, "mobile", j->mobile);
	json_add_str(acct, "role", "member");
	json_add_str(acct, "member_type", j->member_type);
	resp_json(resp, 201, out);
	return;
fail:
	db_rollback(req->db);
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
}

static void route_auth_register(struct req *req, struct resp *resp)
{
	cJSON *fields = cJSON_CreateObject();
	const char *username = NULL, *email = NULL, *mobile = NULL, *password = NULL;
	const char *member_type = NULL, *why;
	bool agree = false;
	char norm[12], key[128];
	struct register_job *j;
	int wait;

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

	j = xcalloc(1, sizeof *j);
	j->username = xstrdup(username);
	j->email = xstrdup(email);
	j->password = secret_dup(password);
	j->member_type = xstrdup(member_type);
	memcpy(j->mobile, norm, sizeof j->mobile);
	resp_offload(resp, register_hash, register_finish, j, register_job_free);
}

/* ---------------------------------------------------------------- login */

struct login_job {
	char *password;
	struct account a;
	bool found;                        /* a is an account */
	bool ok;                           /* the password matches */
	bool rehashed;                     /* rehash holds a hash with today's limits */
	char rehash[crypto_pwhash_STRBYTES];
	char addr_key[128], acct_key[200];
};

static void login_job_free(void *ctx)
{
	struct login_job *j = ctx;

	secret_free(j->password);
	if (j->found)
		account_free(&j->a);
	sodium_memzero(j->rehash, sizeof j->rehash);
	free(j);
}

/* On the pool: the check, and a stronger hash when the limits went up. */
static void login_check(struct db *db, void *ctx)
{
	struct login_job *j = ctx;

	(void)db;
	if (!j->found) {
		auth_password_verify_nobody(j->password);
		return;
	}
	j->ok = auth_password_verify(j->a.password_hash, j->password);
	if (j->ok && auth_password_needs_rehash(j->a.password_hash))
		j->rehashed = auth_password_hash(j->password, j->rehash) == 0;
}

static void login_finish(struct req *req, struct resp *resp, void *ctx)
{
	struct login_job *j = ctx;
	struct account *a = &j->a;
	cJSON *out;
	char *token;
	int64_t expires_at, sid;

	if (!j->ok) {
		throttle_hit(req->db, j->addr_key, g_cfg->login_window);
		throttle_hit(req->db, j->acct_key, g_cfg->login_window);
		store_audit(req->db, 0, "login.failed", j->found ? "account" : NULL,
		            j->found ? a->id : 0, NULL);
		resp_error(resp, ERR_BAD_CREDENTIALS, NULL, NULL);
		return;
	}
	if (strcmp(a->status, "active") != 0) {
		store_audit(req->db, a->id, "login.disabled", "account", a->id, NULL);
		resp_error(resp, ERR_FORBIDDEN, _("This account is disabled. Please contact the association."), NULL);
		return;
	}
	throttle_clear(req->db, j->acct_key);
	if (j->rehashed && store_account_rehash(req->db, a->id, j->rehash) == ST_OK)
		store_audit(req->db, a->id, "password.rehash", "account", a->id, NULL);
	if (db_begin(req->db) != ST_OK)
		goto fail;
	token = auth_session_create(req->db, a->id, req->remote_addr, &expires_at, &sid);
	if (!token)
		goto fail;
	if (store_account_touch_login(req->db, a->id) != ST_OK ||
	    notify_note_language(req->db, a->id, req_header(req, "Accept-Language")) != ST_OK ||
	    store_audit(req->db, a->id, "login", "session", sid, NULL) != ST_OK ||
	    db_commit(req->db) != ST_OK) {
		sodium_memzero(token, strlen(token));
		free(token);
		goto fail;
	}
	out = cJSON_CreateObject();
	json_add_str(out, "token", token);
	json_add_int(out, "expires_at", expires_at);
	json_add_int(out, "idle_timeout", g_cfg->session_idle);
	cJSON_AddItemToObject(out, "account", auth_account_json(a));
	sodium_memzero(token, strlen(token));
	free(token);
	resp_json(resp, 200, out);
	resp->no_etag = true;
	resp_header(resp, "Cache-Control", "no-store");
	return;
fail:
	db_rollback(req->db);
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
}

static void route_auth_login(struct req *req, struct resp *resp)
{
	cJSON *fields = cJSON_CreateObject();
	const char *login = NULL, *password = NULL;
	struct login_job *j;
	int wait;

	json_get_str(req->json, "login", true, &login, fields);
	json_get_str(req->json, "password", true, &password, fields);
	if (resp_fields_error(resp, fields))
		return;
	j = xcalloc(1, sizeof *j);
	snprintf(j->addr_key, sizeof j->addr_key, "login:addr:%s", req->remote_addr);
	wait = throttle_wait(req->db, j->addr_key, g_cfg->login_fail_address);
	j->found = store_account_by_login(req->db, login, &j->a) == ST_OK;
	/* unknown logins are counted under their name, so a stranger sees the
	 * same lock-out for an account that exists and one that does not */
	if (j->found)
		snprintf(j->acct_key, sizeof j->acct_key, "login:acct:%lld", (long long)j->a.id);
	else
		snprintf(j->acct_key, sizeof j->acct_key, "login:name:%.160s", login);
	if (wait == 0)
		wait = throttle_wait(req->db, j->acct_key, g_cfg->login_fail_account);
	if (wait > 0) {
		login_job_free(j);
		rate_limited(resp, wait);
		return;
	}
	j->password = secret_dup(password);
	resp_offload(resp, login_check, login_finish, j, login_job_free);
}

/* ---------------------------------------------------------------- logout */

static void route_auth_logout(struct req *req, struct resp *resp)
{
	store_session_delete(req->db, req->who.session_id);
	store_audit(req->db, req->who.account_id, "logout", "session", req->who.session_id, NULL);
	resp_json(resp, 200, cJSON_CreateObject());
}

/* ---------------------------------------------------------------- change password */

/* Store a new password hash, end the other sessions (all when keep is 0)
 * and record it, in one transaction (nested in the caller's when one is
 * open). ST_OK or ST_ERROR. */
static int password_store(struct db *db, const struct account *a, const char *hash,
                          int64_t keep_session, const char *action)
{
	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	if (store_account_set_password(db, a->id, hash) != ST_OK ||
	    store_session_delete_account(db, a->id, keep_session) != ST_OK ||
	    store_audit(db, a->id, action, "account", a->id, NULL) != ST_OK ||
	    db_commit(db) != ST_OK) {
		db_rollback(db);
		return ST_ERROR;
	}
	return ST_OK;
}

/* A change or a reset: the account, the passwords, and the new hash made
 * on the pool. */
struct password_job {
	struct account a;
	char *old_pw;                      /* change: checked against a's hash */
	char *new_pw;
	char *code;                        /* reset: the code typed */
	bool found;                        /* a is an account */
	bool ok;                           /* change: the old password matches */
	int rc;                            /* of hashing new_pw */
	char hash[crypto_pwhash_STRBYTES];
	char key[128];                     /* throttle key */
};

static void password_job_free(void *ctx)
{
	struct password_job *j = ctx;

	if (j->found)
		account_free(&j->a);
	secret_free(j->old_pw);
	secret_free(j->new_pw);
	secret_free(j->code);
	sodium_memzero(j->hash, sizeof j->hash);
	free(j);
}

/* On the pool: the old password, then the new hash when it matched. */
static void password_change_hash(struct db *db, void *ctx)
{
	struct password_job *j = ctx;

	(void)db;
	j->ok = auth_password_verify(j->a.password_hash, j->old_pw);
	if (j->ok)
		j->rc = auth_password_hash(j->new_pw, j->hash);
}

static void password_change_finish(struct req *req, struct resp *resp, void *ctx)
{
	struct password_job *j = ctx;
	cJSON *fields;

	if (!j->ok) {
		throttle_hit(req->db, j->key, g_cfg->login_window);
		store_audit(req->db, j->a.id, "password.change_failed", "account", j->a.id, NULL);
		fields = cJSON_CreateObject();
		add_field(fields, "old_password", N_("The current password is wrong."));
		/* 422, not 401: the session is fine, the client must not sign out */
		resp_error(resp, ERR_VALIDATION, NULL, fields);
		return;
	}
	if (j->rc != 0 ||
	    password_store(req->db, &j->a, j->hash, req->who.session_id, "password.change") != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	mail_password_changed(j->a.email, j->a.username);
	resp_json(resp, 200, cJSON_CreateObject());
}

static void route_auth_password(struct req *req, struct resp *resp)
{
	cJSON *fields = cJSON_CreateObject();
	const char *old_pw = NULL, *new_pw = NULL, *why;
	struct password_job *j;
	int wait;

	json_get_str(req->json, "old_password", true, &old_pw, fields);
	json_get_str(req->json, "new_password", true, &new_pw, fields);
	if (new_pw && (why = val_password(new_pw)))
		add_field(fields, "new_password", why);
	if (old_pw && new_pw && strcmp(old_pw, new_pw) == 0)
		add_field(fields, "new_password", N_("The new password must differ from the old one."));
	if (resp_fields_error(resp, fields))
		return;
	j = xcalloc(1, sizeof *j);
	if (store_account_get(req->db, req->who.account_id, &j->a) != ST_OK) {
		password_job_free(j);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	j->found = true;
	/* a stolen session must not give unlimited guesses at the password */
	snprintf(j->key, sizeof j->key, "login:acct:%lld", (long long)j->a.id);
	wait = throttle_wait(req->db, j->key, g_cfg->login_fail_account);
	if (wait > 0) {
		password_job_free(j);
		rate_limited(resp, wait);
		return;
	}
	j->old_pw = secret_dup(old_pw);
	j->new_pw = secret_dup(new_pw);
	resp_offload(resp, password_change_hash, password_change_finish, j, password_job_free);
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

/* On the pool: the new hash, made whether or not the account or the code
 * is good, so neither shows in the time taken. */
static void password_reset_hash(struct db *db, void *ctx)
{
	struct password_job *j = ctx;

	(void)db;
	j->rc = auth_password_hash(j->new_pw, j->hash);
}

static void password_reset_finish(struct req *req, struct resp *resp, void *ctx)
{
	struct password_job *j = ctx;
	unsigned char hash[CODE_HASH_LEN];
	struct code_row c;
	bool match = false, stored = false;
	char key[64];

	/* the code is spent and the password set in one transaction: a code is
	 * never used up without the new password taking effect */
	if (j->found && j->rc == 0 && six_digits(j->code) && db_begin(req->db) == ST_OK) {
		if (store_code_live(req->db, j->a.id, CODE_PURPOSE_RESET, store_now(),
		                    g_cfg->code_attempts, &c) == ST_OK) {
			/* count the try before comparing: five tries per code, even
			 * when requests race */
			store_code_attempt(req->db, c.id);
			code_hash(j->code, c.salt, hash);
			match = sodium_memcmp(hash, c.hash, CODE_HASH_LEN) == 0 &&
			        store_code_use(req->db, c.id) == ST_OK;
		}
		/* a reset ends every session except the one asking, if it is
		 * the account's own */
		if (match)
			stored = password_store(req->db, &j->a, j->hash,
			                        req->who.account_id == j->a.id ? req->who.session_id : 0,
			                        "password.reset") == ST_OK;
		if (db_commit(req->db) != ST_OK)
			stored = false;
	}
	if (match && !stored) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (!match) {
		throttle_hit(req->db, j->key, g_cfg->login_window);
		store_audit(req->db, 0, "password.reset_failed", j->found ? "account" : NULL,
		            j->found ? j->a.id : 0, NULL);
		resp_error(resp, ERR_CODE_INVALID, NULL, NULL);
		return;
	}
	mail_password_changed(j->a.email, j->a.username);
	/* a successful reset also lifts a login lock-out */
	snprintf(key, sizeof key, "login:acct:%lld", (long long)j->a.id);
	throttle_clear(req->db, key);
	resp_json(resp, 200, cJSON_CreateObject());
}

static void route_auth_password_reset(struct req *req, struct resp *resp)
{
	cJSON *fields = cJSON_CreateObject();
	const char *email = NULL, *code = NULL, *new_pw = NULL, *why;
	struct password_job *j;
	int wait;

	json_get_str(req->json, "email", req->who.account_id == 0, &email, fields);
	json_get_str(req->json, "code", true, &code, fields);
	json_get_str(req->json, "new_password", true, &new_pw, fields);
	if (new_pw && (why = val_password(new_pw)))
		add_field(fields, "new_password", why);
	if (resp_fields_error(resp, fields))
		return;
	j = xcalloc(1, sizeof *j);
	snprintf(j->key, sizeof j->key, "reset:addr:%s", req->remote_addr);
	wait = throttle_wait(req->db, j->key, g_cfg->reset_fail_address);
	if (wait > 0) {
		password_job_free(j);
		rate_limited(resp, wait);
		return;
	}
	if (email)
		j->found = store_account_by_email(req->db, email, &j->a) == ST_OK;
	else
		j->found = store_account_get(req->db, req->who.account_id, &j->a) == ST_OK;
	j->code = secret_dup(code);
	j->new_pw = secret_dup(new_pw);
	resp_offload(resp, password_reset_hash, password_reset_finish, j, password_job_free);
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
