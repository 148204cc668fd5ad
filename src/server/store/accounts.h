/* accounts: every login — members and staff. */
#ifndef ROSTERD_STORE_ACCOUNTS_H
#define ROSTERD_STORE_ACCOUNTS_H

#include <stdint.h>

struct db;

struct account {
	int64_t id;
	char *username;        /* as typed at registration */
	char *email;           /* lower-case */
	char *mobile;          /* 11 digits, or NULL */
	char *password_hash;   /* crypto_pwhash_str text */
	char *role;            /* "member", "branch_staff", "hq_staff", "admin" */
	char *member_type;     /* "individual", "unit", or NULL for staff */
	int64_t org_id;        /* branch of a branch_staff; 0 = none */
	char *status;          /* "active" or "disabled" */
	int64_t created_at;
	int64_t password_changed_at;
	int64_t last_login_at; /* 0 = never */
};

/* What a new account needs (strings borrowed). */
struct account_new {
	const char *username;
	const char *email;         /* any case; stored lower-case */
	const char *mobile;        /* normalised 11 digits or NULL */
	const char *password_hash;
	const char *role;
	const char *member_type;   /* NULL for staff */
	int64_t org_id;            /* 0 = none */
};

void account_free(struct account *a);

int store_account_get(struct db *db, int64_t id, struct account *out);
/* By username (case-insensitive), e-mail (case-insensitive) or mobile
 * (normalised, +86 allowed), whichever login looks like. */
int store_account_by_login(struct db *db, const char *login, struct account *out);
int store_account_by_username(struct db *db, const char *username, struct account *out);
int store_account_by_email(struct db *db, const char *email, struct account *out);
int store_account_by_mobile(struct db *db, const char *mobile, struct account *out);
/* ST_EXISTS when the username, e-mail or mobile is taken. */
int store_account_insert(struct db *db, const struct account_new *a, int64_t *id);
int store_account_set_password(struct db *db, int64_t id, const char *hash);
/* Replace the hash only (re-hash with new limits); password_changed_at stays. */
int store_account_rehash(struct db *db, int64_t id, const char *hash);
int store_account_touch_login(struct db *db, int64_t id);
int store_account_set_status(struct db *db, int64_t id, const char *status);

#endif
