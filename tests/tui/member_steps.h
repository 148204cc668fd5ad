/* Steps the member-screen TUI tests share: moving a member along through
 * the API (fill and submit an application, staff review, pay by the
 * sandbox like a phone would) and reading links off the screen. */
#ifndef ROSTER_TUI_MEMBER_STEPS_H
#define ROSTER_TUI_MEMBER_STEPS_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "tui.h"

#define MS_PASS "Member-Pass-2026"

/* Register username (individual, username@example.test) and log in: the
 * token (malloc'd) or NULL. */
char *ms_member(const struct test_server *ts, const char *username);
/* GET path with the token: the parsed JSON (caller deletes) or NULL when
 * the status is not 200. */
cJSON *ms_get(const struct test_server *ts, const char *token, const char *path);
/* id of the organisation with that code ("HQ", "BJ") / of the level. */
long long ms_org_id(const struct test_server *ts, const char *code);
long long ms_level_id(const struct test_server *ts, const char *code);
/* PUT a complete individual application (name as given) joining org_code
 * at level "regular"; 0 when the server took it. */
int ms_fill_application(const struct test_server *ts, const char *token,
                        const char *org_code, const char *name);
/* Upload a small PDF as the signed form; 0 on success. */
int ms_upload_form(const struct test_server *ts, const char *token);
int ms_submit(const struct test_server *ts, const char *token);
/* Staff (login/password) approve or reject (reason) the member's join
 * application; 0 on success. */
int ms_review(const struct test_server *ts, const char *member_token,
              const char *staff_login, const char *staff_password,
              bool approve, const char *reason);
/* All of it: an application to HQ approved, the member awaiting payment. */
int ms_pending_payment(const struct test_server *ts, const char *token, const char *name);
/* Order the current year and pay it by the sandbox: the member is active. */
int ms_pay_year(const struct test_server *ts, const char *token);
/* Confirm a sandbox payment page as the payer's phone does: GET the page,
 * POST its form. 0 when the server accepted it. */
int ms_sandbox_confirm(const struct test_server *ts, const char *code_url);
/* The member's status from /me (member.effective_status), malloc'd. */
char *ms_status(const struct test_server *ts, const char *token);

/* Find a URL starting with prefix on the screen; a link wrapped onto the
 * next line (same column) is joined. Returns it malloc'd or NULL. */
char *ms_screen_link(struct tui *t, const char *prefix);
/* Poll until the screen shows a or b (either language). */
bool ms_wait_any(struct tui *t, const char *a, const char *b, int timeout_ms);
/* Sign in from the welcome screen and wait for the member centre. */
bool ms_sign_in(struct tui *t, const char *login, const char *password);
/* Write a file into the roster HOME's Downloads folder (made if needed);
 * returns the full path (malloc'd). */
char *ms_download_file(struct tui *t, const char *name, const void *data, size_t len);
/* A tiny valid PDF and PNG for uploads. */
extern const char ms_pdf[];
extern const size_t ms_pdf_len;

#endif
