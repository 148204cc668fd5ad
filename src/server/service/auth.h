/* Passwords, sessions and account creation shared by the auth routes, the
 * HTTP core and the command line. */
#ifndef ROSTERD_AUTH_H
#define ROSTERD_AUTH_H

#include <stdbool.h>
#include <stdint.h>
#include <sodium.h>
#include <cjson/cJSON.h>
#include "caller.h"

struct db;

/* Argon2id with the configured limits (>= INTERACTIVE). 0 or -1 (out of
 * memory). */
int auth_password_hash(const char *password, char out[crypto_pwhash_STRBYTES]);
bool auth_password_verify(const char *hash, const char *password);
bool auth_password_needs_rehash(const char *hash);
/* A login for an account that does not exist: check the password against
 * a hash no password matches (made once from random bytes), so that the
 * answer takes as long as for a real account and timing does not tell
 * which usernames exist. */
void auth_password_verify_nobody(const char *password);

/* A new session for account: returns the token (malloc'd, 43 characters of
 * base64url; only its hash is stored) and sets *expires_at (absolute end)
 * and *session_id. NULL on error. */
char *auth_session_create(struct db *db, int64_t account_id, const char *address,
                          int64_t *expires_at, int64_t *session_id);
/* The caller behind a bearer token: ERR_OK and *out filled, ERR_UNAUTHORIZED
 * (unknown token or disabled account) or ERR_SESSION_EXPIRED (then the
 * session is deleted). touch: move the idle timer. */
enum roster_err auth_session_check(struct db *db, const char *token, bool touch,
                                   struct caller *out);
/* SHA-256 of a token. */
void auth_token_hash(const char *token, unsigned char out[32]);

/* Create an account with a password (hashed here). Checks the username,
 * e-mail, mobile (optional for staff) and password with the shared
 * validators, role and member_type values. Returns ST_OK, ST_EXISTS
 * (*why = "username" | "email" | "mobile") or ST_CONFLICT (*why = the
 * English msgid of the validation problem, prefixed by the field and ": "
 * in *field). Records an audit row with actor. Runs in its own transaction
 * unless one is open. */
int auth_account_create(struct db *db, int64_t actor, const char *role, int64_t org_id,
                        const char *username, const char *email, const char *mobile,
                        const char *member_type, const char *password,
                        int64_t *id, const char **field, const char **why);

/* Account as JSON for the API: id, username, email, mobile, role,
 * member_type, org_id, status, created_at. */
struct account;
cJSON *auth_account_json(const struct account *a);

#endif
