/* Read-only queries of the staff console over other parts' tables: the
 * member register (accounts, members, member_branches, applications,
 * levels, orgs), one member's orders, applications and certificate, the
 * statistics and the counts of what waits for review.
 *
 * Scope: every query takes the caller's branch (scope_org). 0 means
 * everything (HQ staff, admin); a branch id limits the answer to members
 * who joined through that branch or were added to it by an approved branch
 * join — what a branch officer may see. A join never submitted is the
 * member's alone: its name, profile, branch and level are not read (the
 * account shows as "draft" to HQ, and to no branch).
 *
 * Row structs hold pointers borrowed from the statement: valid only during
 * the callback that receives them. */
#ifndef ROSTERD_STORE_STAFF_QUERIES_H
#define ROSTERD_STORE_STAFF_QUERIES_H

#include <stdbool.h>
#include <stdint.h>

struct db;

/* Effective statuses a member can have (members.h's stored ones plus the
 * computed "grace"); NULL-terminated. */
extern const char *const staff_member_statuses[];
bool staff_member_status_known(const char *s);

struct member_query {
	const char *q;          /* name, member no., phone, e-mail, unit name,
	                         * credit code or username (substring, any case
	                         * for ASCII); NULL or "" = any */
	const char *status;     /* effective status; NULL = any */
	int64_t level_id;       /* 0 = any */
	int64_t org_id;         /* branch filter; 0 = any */
	int64_t scope_org;      /* caller's branch; 0 = everything */
	const char *today;      /* YYYY-MM-DD (the association's date) */
	int grace_days;
};

struct member_row {
	int64_t account_id;
	const char *username, *email, *mobile;     /* the account's */
	const char *member_type;                   /* "individual" | "unit" */
	const char *name;                          /* person or unit, or NULL */
	const char *member_no;                     /* or NULL */
	const char *status;                        /* stored ("draft" without a row) */
	const char *effective_status;              /* what the member sees */
	const char *status_reason;                 /* or NULL */
	const char *valid_until;                   /* or NULL */
	int64_t joined_at;                         /* 0 = never active */
	int64_t created_at;                        /* the account's */
	int64_t level_id;                          /* 0 = none */
	const char *level_code, *level_zh, *level_en;
	const char *level_member_type;
	int64_t level_annual_fee;                  /* fen per year */
	int64_t org_id;                            /* 0 = none */
	const char *org_code, *org_zh, *org_en;
	const char *org_kind;                      /* "hq" | "branch" */
	const char *uscc;                          /* unit's credit code, or NULL */
	const char *profile;                       /* approved profile JSON ("{}") */
	const char *account_status;                /* "active" | "disabled" */
	int64_t last_login_at;                     /* 0 = never */
};

typedef void (*member_row_fn)(const struct member_row *row, void *arg);

/* Members matching q, by member number then account id. limit < 0: all
 * (export). *total: every match. ST_OK or ST_ERROR. */
int staff_members_search(struct db *db, const struct member_query *q, int limit,
                         int offset, member_row_fn fn, void *arg, int64_t *total);
/* How many members match q (the export's audit row). */
int staff_members_count(struct db *db, const struct member_query *q, int64_t *total);
/* Where a batch of members ended, for the next one to start after it;
 * zeroed before the first. member_no is owned: free it at the end. */
enum member_key_at {
	MEMBER_KEY_START,          /* nothing read yet */
	MEMBER_KEY_NUMBERED,       /* after member number member_no */
	MEMBER_KEY_UNNUMBERED,     /* after account_id, among those without one */
	MEMBER_KEY_END,            /* every member was read */
};
struct member_key {
	enum member_key_at at;
	char *member_no;
	int64_t account_id;
	/* Set by the caller before the first batch when it has just counted
	 * the members matching q (staff_members_count): a search that found
	 * few is then read through the search's index, not by walking the
	 * whole register. */
	bool counted;
	int64_t matched;
};
/* The next members matching q in staff_members_search's order, at most
 * limit (maybe fewer before the end), after *key, which is moved past
 * them. Each call runs one statement to its end, so nothing stays open in
 * the database between batches. The rows come without their profile
 * (member_row.profile NULL). */
int staff_members_batch(struct db *db, const struct member_query *q, struct member_key *key,
                        int limit, member_row_fn fn, void *arg);
/* Members a broadcast reaches: the filters of q (status, level_id, org_id,
 * scope_org; q->q unused), valid_until before expiring_before when set,
 * account id above after_id, by account id, at most limit; fn gets the
 * account id. *total (when not NULL) counts every match whatever after_id
 * and limit. */
int staff_broadcast_targets(struct db *db, const struct member_query *q,
                            const char *expiring_before, int64_t after_id, int limit,
                            void (*fn)(int64_t account_id, void *arg), void *arg,
                            int64_t *total);
/* One member inside the scope: ST_OK (fn called once) or ST_NOTFOUND
 * (no such member account, or outside the scope). */
int staff_member_get(struct db *db, int64_t account_id, const struct member_query *q,
                     member_row_fn fn, void *arg);

/* The member's extra branches (member_branches). */
struct member_branch_row {
	int64_t org_id;
	const char *code, *name_zh, *name_en;
	int64_t joined_at;
};
int staff_member_branches(struct db *db, int64_t account_id,
                          void (*fn)(const struct member_branch_row *, void *), void *arg);

struct member_order_row {
	int64_t id;
	const char *order_no, *kind, *status, *method, *receipt_no;
	int64_t amount;                            /* fen */
	int year_from, year_to;                    /* 0 when none */
	int64_t created_at, paid_at;               /* paid_at 0 = unpaid */
	const char *invoice_status;                /* or NULL when none asked */
};
/* Newest first, at most limit. */
int staff_member_orders(struct db *db, int64_t account_id, int limit,
                        void (*fn)(const struct member_order_row *, void *), void *arg);

struct member_app_row {
	int64_t id;
	const char *kind, *status, *status_reason;
	int64_t org_id;
	const char *org_zh, *org_en;
	int64_t created_at, submitted_at, decided_at;   /* 0 = not yet */
};
int staff_member_applications(struct db *db, int64_t account_id, int limit,
                              void (*fn)(const struct member_app_row *, void *), void *arg);

struct member_cert_row {
	const char *cert_no, *member_no, *name, *valid_until, *issue_date;
	const char *level_zh, *level_en;
	int64_t issued_at;
};
/* The latest certificate: ST_OK (fn called), ST_NOTFOUND when none. */
int staff_member_certificate(struct db *db, int64_t account_id,
                             void (*fn)(const struct member_cert_row *, void *), void *arg);

/* ----- statistics (scope as above; q->q, status, level and org unused) */
struct stat_row {
	const char *key;          /* status, level code, org code, or year */
	int64_t id;               /* level or org id; 0 for status and year */
	const char *name_zh, *name_en;
	const char *member_type;  /* levels only */
	int64_t count;            /* members (dues: paid orders) */
	int64_t active;           /* of them active or in grace (dues: level-change orders) */
	int64_t amount;           /* dues: fen of dues orders; else 0 */
	int64_t amount_other;     /* dues: fen of level-change orders; else 0 */
};
typedef void (*stat_row_fn)(const struct stat_row *row, void *arg);

int staff_stats_by_status(struct db *db, const struct member_query *q, stat_row_fn fn, void *arg);
int staff_stats_by_level(struct db *db, const struct member_query *q, stat_row_fn fn, void *arg);
int staff_stats_by_branch(struct db *db, const struct member_query *q, stat_row_fn fn, void *arg);
/* Money received per calendar year of payment (the association's calendar), newest first. */
int staff_stats_dues(struct db *db, const struct member_query *q, stat_row_fn fn, void *arg);

/* ----- what waits for review */
struct review_counts {
	/* [stage][kind]: stage 0 = branch (pending_branch), 1 = HQ (pending_hq);
	 * kind 0 join, 1 profile_change, 2 level_change, 3 branch_join */
	int64_t apps[2][4];
	int64_t bank_transfers;   /* pending bank transfers */
	int64_t invoices;         /* requested, paid orders */
};
extern const char *const staff_app_kinds[4];
/* What waits for the caller: only what they can act on. Branch staff
 * (scope_org = their branch) count the branch stage of their branch and
 * the transfers and invoices of their members; HQ staff the HQ stage (the
 * branch stage is the branches' to decide) and every transfer and invoice;
 * an admin both stages. With separate_actor set, an application whose
 * branch stage that account approved is not counted at the HQ stage (they
 * may not decide it). */
int staff_review_counts(struct db *db, int64_t scope_org, unsigned role,
                        int64_t separate_actor, struct review_counts *out);

/* Decided bank transfers (confirmed, rejected, or refunds due), newest
 * decision first: q matches the order number, payer name, reference,
 * member's username, name or member number; status "succeeded" |
 * "rejected" | "refund_due" | NULL (all decided); scope_org as above. */
struct transfer_row {
	int64_t id, order_id, account_id, amount;
	const char *order_no, *status, *payer_name, *bank, *account_tail, *transfer_date;
	const char *reference, *reason, *username, *member_name, *member_no;
	const char *reviewer;                     /* username, or NULL */
	int64_t reviewed_at, created_at;
	int64_t scan_size;                        /* 0 = no scan attached */
	const char *scan_type;
};
int staff_transfer_history(struct db *db, const char *q, const char *status, int64_t scope_org,
                           int limit, int offset,
                           void (*fn)(const struct transfer_row *, void *), void *arg,
                           int64_t *total);

/* The last decision (approve or reject) taken on an application, for
 * "someone else decided first" and the separation of the two stages. */
struct app_decision {
	int64_t actor_id;      /* 0 = none found */
	char actor[64];        /* the decider's username */
	char action[16];       /* "approve" | "reject" */
	char from_status[16];  /* the stage it was taken at */
	int64_t at;
};
/* from_status NULL: any stage. ST_OK (out->actor_id 0 when none). */
int staff_app_last_decision(struct db *db, int64_t application_id, const char *from_status,
                            struct app_decision *out);

/* Active (or in grace, expired, awaiting payment) members other than
 * account_id whose approved profile holds the same resident ID number
 * (id_number) or credit code (uscc); fn gets each (account id, member no.,
 * name, which field matched). */
int staff_identity_twins(struct db *db, int64_t account_id, const char *id_number,
                         const char *uscc,
                         void (*fn)(int64_t account_id, const char *member_no,
                                    const char *name, const char *field, void *arg),
                         void *arg);

#endif
