/* Helpers for tests that need members at some point of the application
 * workflow (join draft, review, payment), driven through the real routes.
 * They fail the running cmocka test when a step does not answer as
 * expected. */
#ifndef ROSTER_TEST_APPS_FLOW_H
#define ROSTER_TEST_APPS_FLOW_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "harness.h"

#define AF_PASSWORD "Apps-Test-2026"

/* A tiny but real PDF, PNG and JPEG (by their first bytes). */
extern const unsigned char af_pdf[];
extern const size_t af_pdf_len;
extern const unsigned char af_png[];
extern const size_t af_png_len;
extern const unsigned char af_jpeg[];
extern const size_t af_jpeg_len;

/* Id of the organisation with code ("HQ", "BJ", …) / of the level with
 * code ("regular", "council", …), from the public catalogue routes. */
int64_t af_org_id(const struct test_server *ts, const char *code);
int64_t af_level_id(const struct test_server *ts, const char *code);

/* A complete, valid individual profile with the given name (caller
 * deletes). */
cJSON *af_profile(const char *name);
/* A complete, valid unit profile. */
cJSON *af_unit_profile(const char *unit_name);

/* Register username (individual, AF_PASSWORD) and log in: the token. */
char *af_member(const struct test_server *ts, const char *username);
/* Register a unit member and log in: the token. */
char *af_unit_member(const struct test_server *ts, const char *username);

/* Save the join draft: org by code, level by code, profile (taken). The
 * reply's status must be 200. */
void af_draft(const struct test_server *ts, const char *token, const char *org,
              const char *level, cJSON *profile);
/* Upload the stamped form (a PDF); returns the attachment id. */
int64_t af_upload_form(const struct test_server *ts, const char *token);
/* Submit the join application (200 expected); returns its id. */
int64_t af_submit(const struct test_server *ts, const char *token);
/* The id of the caller's join application. */
int64_t af_join_id(const struct test_server *ts, const char *token);

/* POST /review/applications/{id}/approve|reject as staff with reason
 * (NULL: none); returns the HTTP status. */
long af_decide(const struct test_server *ts, const char *staff_token, int64_t id,
               const char *action, const char *reason);

/* A member whose join is approved (pending_payment), through org (code):
 * register, draft, upload, submit, branch approval when org is a branch
 * (bj_staff / sh_staff), HQ approval (hq). The member's token. */
char *af_pending_payment(const struct test_server *ts, const char *username,
                         const char *org, const char *name);
/* Pay this year's dues by the sandbox QR code, as a phone would; the member
 * is active afterwards. */
void af_pay_dues(const struct test_server *ts, const char *token);

/* The member's "member" object from GET /me (caller deletes). */
cJSON *af_me_member(const struct test_server *ts, const char *token);

/* method path (relative to the base) with an optional JSON body; fails the
 * test unless the status is want. Returns the parsed reply (an empty
 * object when it was not JSON); caller deletes. */
cJSON *af_call(const struct test_server *ts, const char *method, const char *path,
               const char *token, const char *body, long want);
/* The fields object of a 422 reply's error (borrowed from reply), or NULL. */
const cJSON *af_fields(const cJSON *reply);

/* Run SQL on the server's database with the sqlite3 tool (for what no
 * route can do: moving time forward). */
void af_sql(const struct test_server *ts, const char *sql);

#endif
