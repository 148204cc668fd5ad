/* The staff's renewal lists: members whose membership ends soon, who are
 * in grace, or whose membership lapsed; scoped like the member register
 * (scope_org 0 = everything, else members of that branch). */
#ifndef ROSTERD_STORE_RENEWAL_LIST_H
#define ROSTERD_STORE_RENEWAL_LIST_H

#include <stdint.h>

struct db;

struct renewal_query {
	const char *state;      /* "expiring", "grace" or "lapsed" */
	const char *today;      /* YYYY-MM-DD */
	int days;               /* expiring: valid_until within this many days */
	int grace_days;
	int64_t scope_org;
};

struct renewal_item {
	int64_t account_id;
	const char *username, *email, *name, *member_no, *valid_until;   /* borrowed */
	const char *level_code, *org_code;
	int64_t last_reminded_at;    /* 0 = never (automatic or by staff) */
};

/* Ordered by valid_until then account id; *total counts every match. */
int store_renewal_list(struct db *db, const struct renewal_query *q, int limit, int offset,
                       void (*fn)(const struct renewal_item *, void *), void *arg,
                       int64_t *total);

/* Is the member (an account with a member row) inside the scope? 1 yes,
 * 0 no, -1 error. */
int store_renewal_in_scope(struct db *db, int64_t account_id, int64_t scope_org);

/* Did staff remind the member of the end valid_until at or after since
 * (unix seconds)? 1 yes, 0 no, -1 error. */
int store_renewal_staff_reminded(struct db *db, int64_t account_id, const char *valid_until,
                                 int64_t since);

#endif
