/* The test fixtures, API and TUI alike: one way to make a member, find an
 * organisation or a level, fill and submit the join application, have
 * staff decide, order and pay dues — all through the real routes of a
 * test_server (harness.h) — plus small calls and reads for checking what
 * the server holds. Functions that return a value fail the running cmocka
 * test when a step does not answer as expected; those returning int give
 * 0 or -1 instead (for group set-ups) and print the failing reply.
 *
 * fixture.c: calls, members, the application, review.
 * fixture_pay.c: orders, the sandbox payment, callbacks, bank transfers,
 * invoices; the database and PDF readers. */
#ifndef ROSTER_TEST_FIXTURE_H
#define ROSTER_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "harness.h"

/* The password of every member the fixtures make. */
#define FX_PASSWORD "Fixture-Pass-2026"
/* The demo officers' passwords (rosterd init --demo). */
#define FX_HQ_PASSWORD "Hq-Demo-2026"
#define FX_BRANCH_PASSWORD "Branch-Demo-2026"

/* A tiny but real PDF, PNG and JPEG (by their first bytes). */
extern const unsigned char fx_pdf[];
extern const size_t fx_pdf_len;
extern const unsigned char fx_png[];
extern const size_t fx_png_len;
extern const unsigned char fx_jpeg[];
extern const size_t fx_jpeg_len;

/* ----- calls */

/* method path (relative to the base, "/api/v1/…") with an optional JSON
 * body; fails the test unless the status is want. Returns the parsed reply
 * (an empty object when it was not JSON); caller deletes. */
cJSON *fx_call(const struct test_server *ts, const char *method, const char *path,
               const char *token, const char *body, long want);
/* The same with one extra header line ("Name: value"; NULL: none). */
cJSON *fx_call_hdr(const struct test_server *ts, const char *method, const char *path,
                   const char *token, const char *header, const char *body, long want);
/* GET path with query ("?per_page=2") as token, whose account is acct: how
 * many SQL statements the server ran for it (sql= of its request log
 * line). A request may also move the session's idle timer (one statement
 * more, then not again for a minute): make one first to compare others. */
long fx_request_sql(const struct test_server *ts, const char *token, long long acct,
                    const char *path, const char *query);
/* The same without judging the status: *status gets it (0 when no reply
 * came; status may be NULL); the parsed reply or NULL. A status outside
 * 2xx is printed. */
cJSON *fx_try(const struct test_server *ts, const char *method, const char *path,
              const char *token, const char *body, long *status);
/* GET path as token: the raw body (malloc'd, *len set); status must be
 * want. */
char *fx_get_raw(const struct test_server *ts, const char *path, const char *token,
                 long want, size_t *len);
/* The fields object of a 422 reply's error (borrowed from reply), or NULL. */
const cJSON *fx_fields(const cJSON *reply);

/* ----- the catalogue */

/* Id of the organisation with code ("HQ", "BJ", …) / of the level with
 * code ("regular", "unit_member", …; either member type). */
int64_t fx_org_id(const struct test_server *ts, const char *code);
int64_t fx_level_id(const struct test_server *ts, const char *code);

/* ----- members */

/* The mobile number a member made for username gets (12 bytes). */
void fx_mobile(const char *username, char out[12]);
/* POST /auth/register an individual member: 0 or -1. */
int fx_register_with(const struct test_server *ts, const char *username, const char *email,
                     const char *mobile, const char *password);
/* Register username (individual, username@example.test, fx_mobile) with
 * password and log in: the token, or NULL. */
char *fx_register_as(const struct test_server *ts, const char *username, const char *password);
/* The same with FX_PASSWORD; fails the test when it does not work. */
char *fx_register(const struct test_server *ts, const char *username);
/* A unit (organisation) member with FX_PASSWORD: the token. */
char *fx_register_unit(const struct test_server *ts, const char *username);

/* A complete, valid individual profile with the given name / unit profile
 * with the unit's name (caller deletes). */
cJSON *fx_profile(const char *name);
cJSON *fx_unit_profile(const char *unit_name);

/* ----- the join application */

/* Save the join draft: org by code, level by code, profile (taken; each
 * may be NULL). The reply's status must be 200; returns the application's
 * id. */
int64_t fx_draft(const struct test_server *ts, const char *token, const char *org,
                 const char *level, cJSON *profile);
/* Upload the stamped form (a PDF); returns the attachment id. */
int64_t fx_upload_form(const struct test_server *ts, const char *token);
/* Submit the join application (200 expected); returns its id. */
int64_t fx_submit(const struct test_server *ts, const char *token);
/* Draft (org, level, profile), upload, submit: the application's id. */
int64_t fx_apply(const struct test_server *ts, const char *token, const char *org,
                 const char *level, cJSON *profile);
/* The id of the caller's join application. */
int64_t fx_join_id(const struct test_server *ts, const char *token);
/* Ask for a change to the level with code, giving reason (201 expected):
 * the application as answered; caller deletes. */
cJSON *fx_level_change(const struct test_server *ts, const char *token, const char *level_code,
                       const char *reason);

/* ----- review */

/* POST /review/applications/{id}/approve|reject (action) as the staff
 * token with reason (NULL: none): the HTTP status. */
long fx_decide(const struct test_server *ts, const char *staff_token, int64_t id,
               const char *action, const char *reason);
/* The same, signed in as a demo officer ("hq", "bj_staff", …). */
long fx_decide_as(const struct test_server *ts, const char *staff_login, int64_t id,
                  const char *action, const char *reason);
/* Every approval an application to org needs: the branch's officer when
 * org is a branch, then hq. */
void fx_approve(const struct test_server *ts, int64_t id, const char *org);

/* ----- members in a state */

/* Registered, applied through org at level "regular" as name, approved:
 * the member awaits payment. The token. */
char *fx_pending_payment(const struct test_server *ts, const char *username,
                         const char *org, const char *name);
/* The same and this year's dues paid: an active member of HQ. */
char *fx_active(const struct test_server *ts, const char *username, const char *name);
/* An active unit member of HQ at level "unit_member". */
char *fx_active_unit(const struct test_server *ts, const char *username);

/* The member's "member" object from GET /me (caller deletes). */
cJSON *fx_me_member(const struct test_server *ts, const char *token);

/* A member as the staff tests keep one: its session and ids. */
struct fx_member {
	char *token;            /* the member's session (malloc'd) */
	int64_t account_id;
	int64_t app_id;         /* the join application */
	int64_t order_id;       /* the dues order, once made */
};
/* Register username and submit the join application for org/level with
 * name (an individual). 0 or -1. */
int fx_member_submit(const struct test_server *ts, const char *username, const char *name,
                     const char *org_code, const char *level_code, struct fx_member *m);
/* Dues for this year: an order (m->order_id) and a bank transfer reported
 * for it; returns the transfer's id, or -1. */
int64_t fx_member_transfer(const struct test_server *ts, struct fx_member *m);
/* Ask for an invoice for the member's order: 0 or -1. */
int fx_member_invoice(const struct test_server *ts, const struct fx_member *m,
                      const char *title);
/* From nothing to an active member of org: submit, the approvals, dues
 * paid by a transfer hq confirms. 0 or -1. */
int fx_member_active(const struct test_server *ts, const char *username, const char *name,
                     const char *org_code, const char *level_code, struct fx_member *m);
void fx_member_free(struct fx_member *m);

/* ----- orders and payment (fixture_pay.c) */

/* This year in China time (the association's calendar). */
int fx_year(void);
/* Today in China time moved by days, as "YYYY-MM-DD" (out holds 11 bytes). */
void fx_date(int days, char out[11]);
/* A dues order for the years (a JSON array text, e.g. "[2026]"): its id. */
int64_t fx_order(const struct test_server *ts, const char *token, const char *years);
/* A dues order for the first year that can be paid: its id. */
int64_t fx_dues_order(const struct test_server *ts, const char *token);
/* POST /orders/{id}/pay with the sandbox: the code_url's path on the
 * server ("/pay/sb/…", malloc'd). */
char *fx_qr(const struct test_server *ts, const char *token, int64_t order_id);
/* Confirm on the sandbox page (a path or a whole code_url) as a phone
 * would: open the page, post its form. The HTTP status of the post. */
long fx_confirm(const struct test_server *ts, const char *url);
/* Pay the order by the sandbox QR code; fails the test unless it is paid. */
void fx_pay_order(const struct test_server *ts, const char *token, int64_t order_id);
/* Order this year's dues and pay them: the member is active afterwards. */
void fx_pay_dues(const struct test_server *ts, const char *token);
/* The order as the member sees it (caller deletes). */
cJSON *fx_get_order(const struct test_server *ts, const char *token, int64_t order_id);

/* Sign body with the server's sandbox key, as the sandbox gateway would:
 * base64url text (malloc'd). */
char *fx_sandbox_sign(const struct test_server *ts, const char *body);
/* POST /pay/callback/sandbox with body and the signature header (NULL:
 * none): the HTTP status. */
long fx_callback(const struct test_server *ts, const char *body, const char *signature);
/* A callback body as the sandbox gateway sends it (malloc'd): event_id,
 * order_no, trade_no, amount, paid_at = timestamp = now + skew seconds. */
char *fx_callback_body(const char *event_id, const char *order_no, const char *trade_no,
                       long long amount, long skew);

/* ----- reading what no route shows */

/* Run SQL on the server's database with its command line tool: sqlite3
 * on the file, psql when the database is PostgreSQL (ROSTER_TEST_PG), so
 * write SQL both take: no strftime()/date()/printf()/rowid; times and
 * dates come from C (time(NULL), fx_date). */
void fx_sql(const struct test_server *ts, const char *sql);
/* The first column of the first row of a query, as a number. */
long long fx_sql_int(const struct test_server *ts, const char *sql);
/* What a query prints: one line per row, columns joined by '|', without
 * the last newline (malloc'd). */
char *fx_sql_text(const struct test_server *ts, const char *sql);
/* pdftotext of PDF bytes (malloc'd text). */
char *fx_pdf_text(const void *pdf, size_t len);

#endif
