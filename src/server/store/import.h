/* What `rosterd import` and `rosterd export members` need of the accounts
 * and members tables beyond the other store files: finding an existing
 * member by any of its keys, and writing a whole member row at once. */
#ifndef ROSTERD_STORE_IMPORT_H
#define ROSTERD_STORE_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

struct db;

/* The account with that e-mail (any case), mobile, username (any case) or
 * member number: *id and *role ("member", …; static); ST_NOTFOUND. */
int store_import_find(struct db *db, const char *key, const char *value, int64_t *id,
                      const char **role);

struct import_member {
	int64_t account_id;
	const char *member_type;
	int64_t org_id, level_id;
	const char *status;        /* "active" or "expired" */
	const char *member_no;     /* NULL: keep the one it has, or give the next */
	const char *valid_until;
	int64_t joined_at;
	const char *profile;       /* JSON object text */
	const char *name;
};
/* Insert or replace the member row; a member number is given when it has
 * none (member_no_out, 16 bytes, gets it). *changed: the row was made or
 * differed. ST_*. */
int store_import_member_put(struct db *db, const struct import_member *m,
                            char member_no_out[16], bool *changed);

/* Raise the member number sequence of year to at least n. */
int store_import_seq_bump(struct db *db, int year, int64_t n);

/* The rows `rosterd export WHAT` writes (WHAT: "members", "orders" or
 * "invoices"), every column as text: fn gets the column names with the
 * first row (header non-NULL) and NULL after. NULL values are "". ST_OK,
 * ST_NOTFOUND for an unknown WHAT, ST_ERROR. */
int store_export(struct db *db, const char *what,
                 void (*fn)(int ncols, const char *const *header, const char *const *vals,
                            void *arg),
                 void *arg);

#endif
