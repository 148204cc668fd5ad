/* applications and application_events (migration 012): join drafts,
 * profile changes, level changes and branch joins with their history. */
#ifndef ROSTERD_STORE_APPLICATIONS_H
#define ROSTERD_STORE_APPLICATIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/orders.h"

struct db;

struct application {
	int64_t id;
	int64_t account_id;
	char *kind;            /* join, profile_change, level_change, branch_join */
	char *status;          /* draft, pending_branch, pending_hq, approved, rejected */
	char *member_type;     /* individual, unit */
	int64_t org_id;        /* join: organisation applied to; branch_join: the branch;
	                        * profile_change: the member's organisation; 0 = none */
	int64_t review_org_id; /* branch reviewing the pending_branch stage; 0 = HQ only */
	int64_t level_id;      /* join: level applied for; level_change: the new level */
	int64_t from_level_id; /* level_change: the level when submitted */
	char *profile;         /* JSON object text (see 012_applications.sql) */
	char *before_values;   /* profile_change: JSON object of old values, or NULL */
	char *reason;          /* the applicant's reason, or NULL */
	char *status_reason;   /* the reviewer's last reason, or NULL */
	int64_t order_id;      /* level_change: the fee-difference order; 0 = none */
	int64_t created_at, updated_at;
	int64_t submitted_at;  /* last submission; 0 = never */
	int64_t decided_at;    /* last approval or rejection; 0 = none */
	/* filled by store_application_list only (listed true; else NULL, 0): */
	bool listed;
	char *username;        /* the applicant's account */
	char *applicant_name;  /* name / unit_name from the form, else the member's name */
	int64_t branch_approver; /* who approved the branch stage, when that was
	                        * the stage's last decision; 0 = none or rejected */
	struct order order;    /* order_id's order: id, order_no, status, amount,
	                        * unit_fee, years, paid_at (id 0: none) */
};

void application_free(struct application *a);
void applications_free(struct application *v, size_t n);

int store_application_get(struct db *db, int64_t id, struct application *out);
/* The account's join application (there is at most one). */
int store_application_join(struct db *db, int64_t account_id, struct application *out);

/* Insert a new application from in (kind, status, member_type, org_id,
 * review_org_id, level_id, from_level_id, profile, before_values, reason);
 * times are set here. ST_EXISTS for a second join application. */
int store_application_insert(struct db *db, const struct application *in, int64_t *id);

/* Save the editable part (org_id, review_org_id, level_id, profile,
 * before_values, reason) while the application is draft or rejected;
 * ST_CONFLICT otherwise. */
int store_application_save(struct db *db, int64_t id, const struct application *in);

/* Move from status `from` to `to` (reason: the reviewer's, may be NULL).
 * Sets submitted_at when moving out of draft/rejected into a pending stage
 * and decided_at when moving to approved/rejected. ST_CONFLICT when the
 * application is not in `from` (someone else moved it first). */
int store_application_move(struct db *db, int64_t id, const char *from, const char *to,
                           const char *reason);

int store_application_set_order(struct db *db, int64_t id, int64_t order_id);

/* Open applications (draft, pending or rejected) of an account of a kind,
 * optionally for one organisation (org_id 0 = any). -1 on error. */
int store_application_open_count(struct db *db, int64_t account_id, const char *kind,
                                 int64_t org_id);

struct application_filter {
	int64_t account_id;    /* 0 = any */
	int64_t review_org_id; /* 0 = any: a branch officer's scope */
	int64_t org_id;        /* 0 = any */
	const char *kind;      /* NULL = any */
	const char *status;    /* NULL = any; "pending" = both pending stages;
	                        * "decided" = approved or rejected */
	const char *q;         /* LIKE pattern ('!' escapes) on the username,
	                        * member number or applicant's name; NULL = any */
	bool exclude_drafts;   /* staff never see drafts */
	bool oldest_first;     /* queues: oldest submission first; else newest first */
};
int store_application_list(struct db *db, const struct application_filter *f,
                           int offset, int per_page,
                           struct application **out, size_t *n, int64_t *total);

struct application_event {
	int64_t id;
	int64_t actor_account_id;  /* 0 = the system */
	char *actor_username;      /* NULL when the account is gone */
	char *actor_role;
	char *action;              /* create, edit, submit, approve, reject, apply */
	char *from_status, *to_status;
	char *reason;
	int64_t at;
};
void application_events_free(struct application_event *v, size_t n);

int store_application_event_add(struct db *db, int64_t application_id, int64_t actor,
                                const char *action, const char *from_status,
                                const char *to_status, const char *reason);
/* Oldest first. */
int store_application_events(struct db *db, int64_t application_id,
                             struct application_event **out, size_t *n);

#endif
