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
extern const struct screen_ops scr_staff_transfers_bulk_ops;   /* paste order numbers */
extern const struct screen_ops scr_staff_transfer_history_ops; /* transfers decided */
extern const struct screen_ops scr_staff_refunds_ops;   /* money to give back, refunds */
extern const struct screen_ops scr_staff_refund_issue_ops; /* arg: struct staff_refund_arg * */
extern const struct screen_ops scr_staff_invoices_ops;  /* invoices to issue */
extern const struct screen_ops scr_staff_issue_ops;     /* arg: struct staff_issue_arg * */
extern const struct screen_ops scr_staff_notices_ops;   /* notices list */
extern const struct screen_ops scr_staff_notice_edit_ops; /* arg: const cJSON * or NULL */
extern const struct screen_ops scr_staff_members_ops;   /* member register */
extern const struct screen_ops scr_staff_member_ops;    /* arg: long * account id */
extern const struct screen_ops scr_staff_stats_ops;     /* statistics */

/* The reason dialog: a line to type a reason into, and the association's
 * templates for scope to pick from. Closes with 1 and *result set
 * (malloc'd) on Enter with a reason, 0 on Esc. */
struct staff_reason_arg {
	const char *title;        /* translated */
	const char *scope;        /* "application", "bank_transfer", "invoice" */
	bool optional;            /* an empty reason is fine (approve) */
	char **result;
};

/* Issue an invoice: number + file from a folder. Closes with 1 once the
 * server took it. */
struct staff_issue_arg {
	long invoice_id;
	const char *title;        /* shown: the invoice title (borrowed) */
};

/* Give money back: all or part of payment payment_id (what is left of it
 * is left fen), with a cause and a reason. Closes with 1 once the server
 * recorded the refund. */
struct staff_refund_arg {
	long long payment_id;
	long long left;           /* fen */
	const char *order_no;     /* shown (borrowed) */
	const char *cause;        /* the cause chosen first, or NULL */
};

/* ----- home.c */

/* The signed-in account is a branch officer (their console is scoped). */
bool staff_is_branch(const struct app *app);


#endif
