/* accounts: every login — members and staff. */
#ifndef ROSTERD_STORE_ACCOUNTS_H
#define ROSTERD_STORE_ACCOUNTS_H

#include <stddef.h>
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
/* The accounts of ids that exist, into a malloc'd array (*out, *n; free
 * each with account_free), in no particular order; one statement for up to
 * DB_IDS_MAX ids. */
int store_accounts_by_ids(struct db *db, const int64_t *ids, size_t count,
                          struct account **out, size_t *n);
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
/* Role and branch (org_id 0 = none). ST_NOTFOUND when no such account. */
int store_account_set_role(struct db *db, int64_t id, const char *role, int64_t org_id);
/* New sign-in identifiers (email lower-cased; mobile normalised or NULL to
 * keep). ST_EXISTS when another account holds one of them. */
int store_account_set_identifiers(struct db *db, int64_t id, const char *email,
                                  const char *mobile);
/* The language mail and messages reach the account in: "zh" or "en"; NULL
 * clears it (the server's language then). */
int store_account_set_language(struct db *db, int64_t id, const char *lang);
/* The account's language into out ("zh" / "en"), "" when not set. */
int store_account_language(struct db *db, int64_t id, char out[3]);
/* Active admins (to refuse taking away the last one). -1 on error. */
int64_t store_account_active_admins(struct db *db);

/* Staff accounts (every role but member) for the admin's list, by
 * username. */
struct staff_account_filter {
	const char *q;         /* substring of username or e-mail; NULL = any */
	const char *role;      /* NULL = any staff role */
	const char *status;    /* "active" | "disabled" | NULL */
	int64_t org_id;        /* 0 = any */
};
int store_account_list_staff(struct db *db, const struct staff_account_filter *f,
                             int limit, int offset,
                             void (*fn)(const struct account *, void *), void *arg,
                             int64_t *total);

#endif
