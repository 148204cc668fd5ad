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

/* ----- small helpers (staff_util.c) */

/* The signed-in account is a branch officer (their console is scoped). */
bool staff_is_branch(const struct app *app);
/* Words for codes (translated); unknown codes come back as they are. */
const char *staff_kind_words(const char *kind);          /* join, … */
const char *staff_app_status_words(const char *status);  /* pending_hq, … */
const char *staff_action_words(const char *action);      /* history: approve, … */
const char *staff_member_status_words(const char *status);
const char *staff_order_status_words(const char *status);
/* "2026-11-29 16:05" in local time; "" for 0 or a missing value. */
char *staff_time(int64_t unix_seconds, char buf[32]);
/* obj[key] as a string, or "" (numbers are printed); never NULL. Pointer is
 * to obj or to buf. */
const char *staff_str(const cJSON *obj, const char *key, char buf[32]);
/* The same for the value v itself (v may be NULL). */
const char *staff_value_text(const cJSON *v, char buf[32]);
/* Money in fen from obj[key] as "¥1,234.50", or "" when missing. */
const char *staff_money(const cJSON *obj, const char *key, char buf[48]);
/* The catalogue name (name_zh / name_en by language, else name, else code)
 * of an object; a string is itself; "" otherwise. */
const char *staff_name(const cJSON *obj);
/* staff_name of obj[key]. */
const char *staff_name_of(const cJSON *obj, const char *key);
/* A "zh"/"en" pair: obj[base_zh] or obj[base_en] by language. */
const char *staff_text_lang(const cJSON *obj, const char *zh_key, const char *en_key);

/* Save a downloaded reply's body as name in the download folder: *saved
 * becomes the full path, or an error dialog tells why it failed. */
void staff_save_download(struct screen *s, const char *name, const struct api_reply *r,
                         char **saved);

/* Application form schemas ({"sections":[{"fields":[…]}]}): the field
 * called name, its label in the language shown (or name), and the label
 * of a select option value (or value). form may be NULL. */
const cJSON *staff_form_field(const cJSON *form, const char *name);
const char *staff_field_label(const cJSON *form, const char *name);
const char *staff_field_value(const cJSON *form, const char *name, const char *value);

/* A growing text for detail views (textview). */
struct sbuf {
	char *s;
	size_t len, cap;
};
void sb_add(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "label   value\n" with the label padded to cols columns (CJK-correct). */
void sb_kv(struct sbuf *b, int cols, const char *label, const char *value);
/* A heading line with a blank line before it (not before the first). */
void sb_head(struct sbuf *b, const char *title);
void sb_free(struct sbuf *b);

/* A row of columns cut and padded to widths (CJK-correct), joined by two
 * spaces; caller frees. n texts and n widths. */
char *staff_row(size_t n, const char *const *texts, const int *widths);

/* A table's cursor: the screens draw their own rows (marks, columns) and
 * keep only this for movement. */
struct stable {
	int n;        /* rows */
	int sel;      /* selected row, 0..n-1 */
	int top;      /* first row shown */
};
enum stable_event { STABLE_IGNORED, STABLE_MOVED, STABLE_NEXT_PAGE, STABLE_PREV_PAGE };
/* Up/Down, PgUp/PgDn, Home/End for a table of height rows. PgDn on the
 * last row and PgUp on the first ask for the next or previous server
 * page. */
enum stable_event stable_key(struct stable *t, unsigned key, int height);
/* Keep sel inside 0..n-1 and in view for height rows. */
void stable_fit(struct stable *t, int height);
/* "Page 2 of 5 (93)" for a list reply; buf of 64. */
const char *staff_page_text(const cJSON *list, char buf[64]);

/* ----- multipart upload (staff_upload.c): the shell's requests carry JSON
 * only, so an upload runs on its own libcurl multi handle, driven by the
 * screen's tick() so the screen keeps drawing (progress) and Esc cancels. */
struct staff_upload;
struct staff_upload_field {
	const char *name;
	const char *value;        /* a text field, or NULL when file is set */
	const char *file;         /* path of a file to send */
	const char *type;         /* its MIME type */
};
/* POST /api/v1path with the fields as multipart/form-data. NULL when the
 * request could not be set up. */
struct staff_upload *staff_upload_start(struct app *app, const char *path,
                                        const struct staff_upload_field *f, size_t n);
/* Drive it; true when it finished. Then *status is the HTTP status (0 when
 * none came) and *reply the parsed JSON (or NULL; caller deletes). */
bool staff_upload_poll(struct staff_upload *u, long *status, cJSON **reply);
void staff_upload_progress(const struct staff_upload *u, int64_t *done, int64_t *total);
void staff_upload_free(struct staff_upload *u);

#endif
