/* Set-up for the record screens' TUI tests (member information, my
 * applications, orders, invoices, level change, messages, notices, branch
 * join): members brought to a state through the real API — applied,
 * approved by staff, dues paid through the sandbox — and small JSON reads
 * to check what the server holds afterwards. */
#ifndef ROSTER_TUI_MEMBER2_FIXTURE_H
#define ROSTER_TUI_MEMBER2_FIXTURE_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "harness.h"
#include "tui.h"

#define M2FX_PASS "Member2-Test-2026"

/* GET/POST/PUT path (under /api/v1) with token and a JSON body text (or
 * NULL); the parsed reply (caller deletes) or NULL; *status gets the HTTP
 * status when not NULL. */
cJSON *m2fx_call(const struct test_server *ts, const char *token, const char *method,
                 const char *path, const char *body, long *status);

/* Ids of an organisation by code ("HQ", "BJ") and of a level by member
 * type and code ("regular"); -1 when unknown. */
long long m2fx_org_id(const struct test_server *ts, const char *code);
long long m2fx_level_id(const struct test_server *ts, const char *type, const char *code);

/* Register a member of type ("individual" or "unit"), fill and submit
 * the join application to org_code at level_code (with a stamped form
 * attached). The token (malloc'd) or NULL; *app_id gets the application's
 * id. */
char *m2fx_applicant(const struct test_server *ts, const char *username, const char *type,
                     const char *org_code, const char *level_code, long long *app_id);
/* Approve (reason may be NULL) or reject an application as a staff login. */
bool m2fx_decide(const struct test_server *ts, const char *staff, const char *password,
                 long long app_id, bool approve, const char *reason);
/* An unpaid dues order for the first year that can be paid: its id or -1. */
long long m2fx_dues_order(const struct test_server *ts, const char *token);
/* Pay an order as a phone would through the sandbox page. */
bool m2fx_pay(const struct test_server *ts, const char *token, long long order_id);
/* All of it: a member of HQ at level "regular" whose dues are paid (status
 * active). The token or NULL. */
char *m2fx_active_member(const struct test_server *ts, const char *username);
/* The same for an organisation (unit member) at level "unit_member". */
char *m2fx_active_unit(const struct test_server *ts, const char *username);

/* The terminal of the running test: one at a time, so that the test's
 * teardown (m2fx_tui_teardown, for cmocka_unit_test_teardown) stops it
 * even when a failed assertion left the test half way. */
struct tui *m2fx_tui(void);
int m2fx_tui_teardown(void **state);

/* Sign in on the welcome screen as username with M2FX_PASS and wait for
 * the member centre. */
bool m2fx_sign_in(struct tui *t, const char *username);
/* Quit roster with Ctrl-C and wait for it to end; true when it ended with
 * status 0 (or one tmux has not collected) and no sanitizer report on the
 * terminal (under SANITIZE=1 a leak or an error at exit shows there). */
bool m2fx_quit(struct tui *t);

#endif
