/* members: one row per member account (migration 011) with the member's
 * standing — status, level, organisation, validity, member number — and the
 * approved profile; plus the extra branches a member has joined.
 *
 * A member row is created with the first join draft (store_member_ensure);
 * a member account without a row has not started applying ("draft"). */
#ifndef ROSTERD_STORE_MEMBERS_H
#define ROSTERD_STORE_MEMBERS_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct member {
	int64_t account_id;
	char *member_type;     /* "individual" or "unit" */
	int64_t org_id;        /* HQ or the branch joined through; 0 = not chosen */
	int64_t level_id;      /* 0 = not chosen */
	char *status;          /* stored status: draft, pending_branch, pending_hq,
	                        * pending_payment, active, rejected, expired */
	char *status_reason;   /* reviewer's reason of a rejection, or NULL */
	char *member_no;       /* "M2026000123", NULL until the first activation */
	char *valid_until;     /* "YYYY-MM-DD", NULL before the first payment */
	int64_t joined_at;     /* unix seconds of the first activation; 0 = never */
	char *profile;         /* approved profile, JSON object text ("{}" before) */
	char *name;            /* person's or unit's name, or NULL */
	int64_t created_at;
	int64_t updated_at;
};

void member_free(struct member *m);

/* ST_OK, ST_NOTFOUND (no row: the account has not started applying). */
int store_member_get(struct db *db, int64_t account_id, struct member *out);
/* The member records of account_ids that have one, into a malloc'd array
 * (*out, *n; free each with member_free), in no particular order; one
 * statement for up to DB_IDS_MAX ids. */
int store_members_by_accounts(struct db *db, const int64_t *account_ids, size_t count,
                              struct member **out, size_t *n);

/* Create the row in status draft when absent (no-op otherwise). */
int store_member_ensure(struct db *db, int64_t account_id, const char *member_type);

/* Payment of dues through last_paid_year: status active, status_reason
 * cleared, valid_until = last_paid_year-12-31 when that is later than the
 * current one, a member number ("M" + this year + 6-digit sequence) and
 * joined_at the first time. The caller holds the transaction. ST_OK or
 * ST_NOTFOUND. */
int store_member_activate_through(struct db *db, int64_t account_id, int last_paid_year);

/* Set valid_until ("YYYY-MM-DD") as it stands, e.g. for the demo member
 * in its grace period. ST_OK or ST_NOTFOUND. */
int store_member_set_valid_until(struct db *db, int64_t account_id, const char *date);

/* Set the level (an approved level change). ST_OK or ST_NOTFOUND. */
int store_member_set_level(struct db *db, int64_t account_id, int64_t level_id);

/* Move status from `from` (NULL: from any) to `to`, recording reason (NULL
 * clears it). ST_CONFLICT when the member is not in `from`. */
int store_member_set_status(struct db *db, int64_t account_id, const char *from,
                            const char *to, const char *reason);

/* The organisation and level chosen in the join draft (0 = none). */
int store_member_set_choice(struct db *db, int64_t account_id, int64_t org_id,
                            int64_t level_id);

/* Replace the approved profile (JSON object text) and the display name. */
int store_member_set_profile(struct db *db, int64_t account_id, const char *profile,
                             const char *name);
/* Set only the display name (kept in step with the join draft). */
int store_member_set_name(struct db *db, int64_t account_id, const char *name);

/* The status a member sees: the stored one, except that an active member past
 * valid_until is "grace" for grace_days days and "expired" after that.
 * today is "YYYY-MM-DD". Returns a static string. */
const char *member_effective_status(const struct member *m, const char *today,
                                    int grace_days);

/* Branches joined besides the organisation joined through. */
struct member_branch {
	int64_t org_id;
	int64_t application_id;  /* 0 = none */
	int64_t joined_at;
};
/* ST_EXISTS when already a member of that branch. */
int store_member_branch_add(struct db *db, int64_t account_id, int64_t org_id,
                            int64_t application_id);
/* All of a member's extra branches, oldest first; *out malloc'd (free()). */
int store_member_branch_list(struct db *db, int64_t account_id,
                             struct member_branch **out, size_t *n);
/* 1 when the member belongs to org (joined through it or added), 0 when not,
 * -1 on error. */
int store_member_in_org(struct db *db, int64_t account_id, int64_t org_id);

#endif
