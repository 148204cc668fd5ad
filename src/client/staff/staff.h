/* The staff console (staff/): branch staff, HQ staff and administrators
 * land on scr_staff_home_ops after they sign in. Every screen here talks to
 * the staff routes of roster-api(7); the server checks every action, the
 * screens only offer what the role can do. */
#ifndef ROSTER_CLIENT_STAFF_H
#define ROSTER_CLIENT_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "app.h"

extern const struct screen_ops scr_staff_home_ops;      /* counts + menu */
extern const struct screen_ops scr_staff_queue_ops;     /* review queue */
extern const struct screen_ops scr_staff_review_ops;    /* arg: long * application id */
extern const struct screen_ops scr_staff_reason_ops;    /* arg: struct staff_reason_arg * */
extern const struct screen_ops scr_staff_transfers_ops; /* bank transfers */
extern const struct screen_ops scr_staff_invoices_ops;  /* invoices to issue */
extern const struct screen_ops scr_staff_issue_ops;     /* arg: struct staff_issue_arg * */
extern const struct screen_ops scr_staff_notices_ops;   /* notices list */
extern const struct screen_ops scr_staff_notice_edit_ops; /* arg: const cJSON * or NULL */
extern const struct screen_ops scr_staff_members_ops;   /* member register */
extern const struct screen_ops scr_staff_member_ops;    /* arg: long * account id */
extern const struct screen_ops scr_staff_stats_ops;     /* statistics */
extern const struct screen_ops scr_staff_reduce_ops;    /* arg: long * account id */

/* The reason dialog: a line to type a reason into, and the association's
 * templates for scope to pick from. Closes with 1 and *result set
 * (malloc'd) on Enter with a reason, 0 on Esc. */
struct staff_reason_arg {
	const char *title;        /* translated */
	const char *scope;        /* "application", "bank_transfer", "invoice" */
	bool optional;            /* an empty reason is fine (approve) */
	bool note;                /* a note on an approval: no templates */
	char **result;
};

/* Issue an invoice: number + file from a folder. Closes with 1 once the
 * server took it. */
struct staff_issue_arg {
	long invoice_id;
	const char *title;        /* shown: the invoice title (borrowed) */
};

/* ----- review.c */

/* status is one of the two review stages (pending_branch, pending_hq). */
bool staff_app_pending(const char *status);
/* A 409 on a decision that names who decided first (error.fields
 * decided_by, decision, decided_at) in words: "Someone else approved this
 * application first: hq, 2026-12-06 20:15." (malloc'd), or NULL when the
 * reply is not that. */
char *staff_decided_text(const struct api_reply *r);

/* ----- home.c */

/* The signed-in account is a branch officer (their console is scoped). */
bool staff_is_branch(const struct app *app);


#endif
