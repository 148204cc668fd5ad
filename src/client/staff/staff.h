/* The staff console (staff/): branch staff, HQ staff and administrators
 * land on scr_staff_home_ops after they sign in. Every screen here talks to
 * the staff routes of roster-api(7); the server checks every action, the
 * screens only offer what the role can do. */
#ifndef ROSTER_CLIENT_STAFF_H
#define ROSTER_CLIENT_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>
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
extern const struct screen_ops scr_staff_reduce_ops;    /* arg: long * account id */
extern const struct screen_ops scr_staff_accounts_ops;  /* staff accounts (admin) */
extern const struct screen_ops scr_staff_account_edit_ops; /* arg: struct staff_account_arg * */
extern const struct screen_ops scr_staff_audit_ops;     /* the audit log */
extern const struct screen_ops scr_staff_audit_filter_ops; /* arg: struct staff_audit_filter * */
extern const struct screen_ops scr_staff_record_edit_ops;  /* arg: struct staff_record_arg * */
extern const struct screen_ops scr_staff_offline_pay_ops;  /* arg: struct staff_record_arg * */
extern const struct screen_ops scr_staff_broadcasts_ops;   /* messages to members */
extern const struct screen_ops scr_staff_broadcast_edit_ops; /* compose one */
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
/* A staff account to create, to give a new role and branch, or a new
 * password. Closes with 1 once the server took it. */
enum staff_account_mode { STAFF_ACCOUNT_NEW, STAFF_ACCOUNT_ROLE, STAFF_ACCOUNT_PASSWORD };
struct staff_account_arg {
	enum staff_account_mode mode;
	const cJSON *account;     /* borrowed; NULL for a new one */
};

/* The audit log's filters as the officer typed them (malloc'd or NULL);
 * the filter form closes with 1 when they changed. */
struct staff_audit_filter {
	char *actor, *member, *object_type, *object_id, *action, *from, *to;
};

/* A member's record for the edit and offline payment screens: the reply
 * of GET /members/{id} and the member's form (both borrowed). Close with
 * 1 once the server took the change. */
struct staff_record_arg {
	long id;
	const cJSON *record;
	const cJSON *form;
};

/* ----- member_actions.c: what staff do to a member's record from the
 * member screen (edit, disable/enable, password reset, offline payment,
 * end the membership). Its requests and children use tags from
 * MEMBER_ACTION_TAGS up. */
#define MEMBER_ACTION_TAGS 100
struct member_actions {
	long id;
	char *reason;
	char *note;               /* what the last action did, or NULL */
	struct staff_record_arg arg;
};
/* The key help of the actions the signed-in officer may take. */
const char *member_actions_help(const struct screen *s);
/* A key on the member screen; SCR_IGNORED when it is no action. */
int member_actions_key(struct screen *s, struct member_actions *ma, const cJSON *record,
                       const cJSON *form, wint_t k);
/* A child or request with a tag from MEMBER_ACTION_TAGS came back; true
 * when the record changed and must be fetched again. */
bool member_actions_resume(struct screen *s, struct member_actions *ma, int tag, int value);
bool member_actions_reply(struct screen *s, struct member_actions *ma, const struct api_reply *r);
void member_actions_free(struct member_actions *ma);

/* Give money back: all or part of payment payment_id (what is left of it
 * is left fen), with a cause and a reason. Closes with 1 once the server
 * recorded the refund. */
struct staff_refund_arg {
	long long payment_id;
	long long left;           /* fen */
	const char *order_no;     /* shown (borrowed) */
	const char *cause;        /* the cause chosen first, or NULL */
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
