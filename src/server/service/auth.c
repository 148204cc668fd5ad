/* Passwords (Argon2id), session tokens and account creation. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/validate.h"
#include "roster/xalloc.h"
#include "service/auth.h"
#include "log.h"
#include "server.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/sessions.h"
#include "store/store.h"

int auth_password_hash(const char *password, char out[crypto_pwhash_STRBYTES])
{
	if (crypto_pwhash_str(out, password, strlen(password),
	                      g_cfg->pwhash_opslimit, g_cfg->pwhash_memlimit) != 0) {
		log_error("password hashing failed (out of memory?)");
		return -1;
	}
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool auth_password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, g_cfg->pwhash_opslimit,
	                                      g_cfg->pwhash_memlimit) != 0;
}

/* A hash of a random password made once, so a login for an account that
 * does not exist costs as much as one that does. */
/* The hash auth_password_verify_nobody checks against: of 16 random bytes
 * nobody knows, so no password matches it. */
static char nobody_hash[crypto_pwhash_STRBYTES];
static pthread_once_t nobody_once = PTHREAD_ONCE_INIT;

static void nobody_hash_make(void)
{
	char pw[33];
	unsigned char raw[16];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
	if (auth_password_hash(pw, nobody_hash) != 0)
		nobody_hash[0] = '\0';
}

void auth_password_verify_nobody(const char *password)
{
	pthread_once(&nobody_once, nobody_hash_make);
	if (nobody_hash[0])
		(void)auth_password_verify(nobody_hash, password);
}

void auth_token_hash(const char *token, unsigned char out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

char *auth_session_create(struct db *db, int64_t account_id, const char *address,
                          int64_t *expires_at, int64_t *session_id)
{
	unsigned char raw[32], hash[SESSION_HASH_LEN];
	char *token = xmalloc(sodium_base64_ENCODED_LEN(sizeof raw,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING));
	int64_t exp = store_now() + g_cfg->session_absolute;

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, sodium_base64_ENCODED_LEN(sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	                  raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	auth_token_hash(token, hash);
	if (store_session_insert(db, hash, account_id, exp, address, session_id) != ST_OK) {
		sodium_memzero(token, strlen(token));
		free(token);
		return NULL;
	}
	*expires_at = exp;
	return token;
}

enum roster_err auth_session_check(struct db *db, const char *token, bool touch,
                                   struct caller *out)
{
	unsigned char hash[SESSION_HASH_LEN];
	struct session_row s;
	int64_t now = store_now();
	int64_t step;

	memset(out, 0, sizeof *out);
	if (strlen(token) > 128)
		return ERR_UNAUTHORIZED;
	auth_token_hash(token, hash);
	if (store_session_lookup(db, hash, &s) != ST_OK)
		return ERR_UNAUTHORIZED;
	if (strcmp(s.account_status, "active") != 0)
		return ERR_UNAUTHORIZED;
	if (s.expires_at <= now || s.last_seen_at + g_cfg->session_idle <= now) {
		store_session_delete(db, s.id);
		return ERR_SESSION_EXPIRED;
	}
	/* move the idle timer in steps, so a busy client writes at most once a
	 * minute instead of on every request */
	step = g_cfg->session_idle / 30;
	if (step > 60)
		step = 60;
	if (touch && now - s.last_seen_at >= step && now > s.last_seen_at)
		store_session_touch(db, s.id, now);
	out->account_id = s.account_id;
	out->role = role_from_name(s.role);
	out->org_id = s.org_id;
	out->session_id = s.id;
	return ERR_OK;
}

/* Staff names may be as short as two characters ("hq"); otherwise the
 * same alphabet as val_username, so they never look like an e-mail address
 * or a mobile number at login. */
static const char *staff_username(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 32 || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return N_("Use 2 to 32 letters, digits, '_', '.' or '-', starting with a letter.");
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", *s))
			return N_("Use 2 to 32 letters, digits, '_', '.' or '-', starting with a letter.");
	return NULL;
}

int auth_account_create(struct db *db, int64_t actor, const char *role, int64_t org_id,
                        const char *username, const char *email, const char *mobile,
                        const char *member_type, const char *password,
                        int64_t *id, const char **field, const char **why)
{
	char hash[crypto_pwhash_STRBYTES];
	char norm[12];
	struct account_new a = { 0 };
	struct account tmp;
	int64_t newid = 0;
	int rc;

	*field = NULL;
	*why = NULL;
	unsigned bit = role_from_name(role);
	if (!bit) {
		*field = "role";
		*why = N_("Unknown role.");
		return ST_CONFLICT;
	}
	if ((*why = bit == ROLE_MEMBER ? val_username(username ? username : "")
	                               : staff_username(username ? username : "")) != NULL) {
		*field = "username";
		return ST_CONFLICT;
	}
	if ((*why = val_email(email ? email : "")) != NULL) {
		*field = "email";
		return ST_CONFLICT;
	}
	if (mobile && *mobile) {
		if (!val_mobile_normalise(mobile, norm)) {
			*field = "mobile";
			*why = val_mobile(mobile);
			if (!*why)
				*why = N_("Not a valid mobile number.");
			return ST_CONFLICT;
		}
		a.mobile = norm;
	} else if (bit == ROLE_MEMBER) {
		*field = "mobile";
		*why = N_("Required.");
		return ST_CONFLICT;
	}
	if ((*why = val_password(password ? password : "")) != NULL) {
		*field = "password";
		return ST_CONFLICT;
	}
	if (bit == ROLE_MEMBER) {
		if (!member_type || (strcmp(member_type, "individual") && strcmp(member_type, "unit"))) {
			*field = "member_type";
			*why = N_("Choose individual or unit.");
			return ST_CONFLICT;
		}
	} else {
		member_type = NULL;
	}
	if (bit == ROLE_BRANCH_STAFF && org_id <= 0) {
		*field = "org_id";
		*why = N_("Branch staff need a branch.");
		return ST_CONFLICT;
	}
	if (bit != ROLE_BRANCH_STAFF)
		org_id = 0;
	if (auth_password_hash(password, hash) != 0)
		return ST_ERROR;
	a.username = username;
	a.email = email;
	a.password_hash = hash;
	a.role = role;
	a.member_type = member_type;
	a.org_id = org_id;

	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	/* look first, inside the transaction, to say which key is taken */
	if ((rc = store_account_by_username(db, username, &tmp)) == ST_OK) {
		*field = "username";
	} else if (rc == ST_NOTFOUND && (rc = store_account_by_email(db, email, &tmp)) == ST_OK) {
		*field = "email";
	} else if (rc == ST_NOTFOUND && a.mobile &&
	           (rc = store_account_by_mobile(db, a.mobile, &tmp)) == ST_OK) {
		*field = "mobile";
	}
	if (rc == ST_OK) {
		account_free(&tmp);
		db_rollback(db);
		return ST_EXISTS;
	}
	if (rc != ST_NOTFOUND)
		goto fail;
	rc = store_account_insert(db, &a, &newid);
	if (rc != ST_OK)
		goto fail;
	if (store_audit(db, actor, "account.create", "account", newid, role) != ST_OK)
		goto fail;
	if (db_commit(db) != ST_OK)
		return ST_ERROR;
	sodium_memzero(hash, sizeof hash);
	if (id)
		*id = newid;
	return ST_OK;
fail:
	sodium_memzero(hash, sizeof hash);
	db_rollback(db);
	return rc == ST_EXISTS ? ST_EXISTS : ST_ERROR;
}

cJSON *auth_account_json(const struct account *a)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		abort();
	json_add_int(o, "id", a->id);
	json_add_str(o, "username", a->username);
	json_add_str(o, "email", a->email);
	json_add_str(o, "mobile", a->mobile);
	json_add_str(o, "role", a->role);
	json_add_str(o, "member_type", a->member_type);
	if (a->org_id > 0)
		json_add_int(o, "org_id", a->org_id);
	else
		cJSON_AddNullToObject(o, "org_id");
	json_add_str(o, "status", a->status);
	json_add_int(o, "created_at", a->created_at);
	/* the association's zone: clients show every time in it */
	json_add_str(o, "timezone", g_cfg && g_cfg->timezone ? g_cfg->timezone : "Asia/Shanghai");
	return o;
}
