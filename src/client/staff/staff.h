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
extern const struct screen_ops scr_staff_renewals_ops;  /* expiring, grace, lapsed */
extern const struct screen_ops scr_staff_catalogue_ops; /* admins: the catalogue */
extern const struct screen_ops scr_staff_catalogue_edit_ops;    /* arg: struct staff_cat_edit_arg * */
extern const struct screen_ops scr_staff_catalogue_history_ops; /* past catalogue edits */

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

/* Edit one catalogue object: kind "level", "org", "reason", "terms" or
 * "bank"; obj the object as GET /catalogue shows it (the settings object
 * for "bank"), or NULL for a new level, branch or reason. Closes with 1
 * once saved. */
struct staff_cat_edit_arg {
	const char *kind;
	const cJSON *obj;         /* borrowed */
};

/* ----- catalogue_edit.c: words for the catalogue and its history */

const char *staff_cat_object_words(const char *object);  /* "level" -> "Level" */
const char *staff_cat_scope_words(const char *scope);    /* of a reason */
const char *staff_cat_field_words(const char *key);      /* "annual_fee" -> "Annual fee (yuan)" */
/* A value of field key as shown ("¥360.00", "yes", "—"); caller frees. */
char *staff_cat_value_text(const char *key, const cJSON *v);

/* ----- home.c */

/* The signed-in account is a branch officer (their console is scoped). */
bool staff_is_branch(const struct app *app);


#endif
