/* Members in known states for the staff tests (API and TUI), made through
 * the real routes: register, fill the join application, upload the stamped
 * form, submit, have staff approve, order dues and pay by bank transfer. */
#ifndef ROSTER_TEST_STAFF_FIXTURE_H
#define ROSTER_TEST_STAFF_FIXTURE_H

#include <stdint.h>

#include "harness.h"

struct sf_member {
	char *token;            /* the member's session (malloc'd) */
	int64_t account_id;
	int64_t app_id;         /* the join application */
	int64_t order_id;       /* the dues order, once made */
};

/* The id of an organisation ("HQ", "BJ", …) or a level ("regular", …);
 * 0 when unknown. */
int64_t sf_org_id(const struct test_server *ts, const char *code);
int64_t sf_level_id(const struct test_server *ts, const char *code);

/* Register username, fill the join application for org/level with name (an
 * individual) and submit it. 0 or -1 (the failing reply is printed). */
int sf_member_submit(const struct test_server *ts, const char *username, const char *name,
                     const char *org_code, const char *level_code, struct sf_member *m);
/* POST /review/applications/{id}/approve (or reject with reason) as the
 * staff token: the HTTP status. */
long sf_decide(const struct test_server *ts, const char *staff_token, int64_t app_id,
               bool approve, const char *reason);
/* Dues for this year: an order (m->order_id) and a bank transfer reported
 * for it; returns the transfer (payment) id, or -1. */
int64_t sf_member_transfer(const struct test_server *ts, struct sf_member *m);
/* Ask for an invoice for the member's order: 0 or -1. */
int sf_member_invoice(const struct test_server *ts, const struct sf_member *m,
                      const char *title);
/* From nothing to an active member of org: submit, approvals by the demo
 * officers, dues paid by a confirmed transfer. 0 or -1. */
int sf_member_active(const struct test_server *ts, const char *username, const char *name,
                     const char *org_code, const char *level_code, struct sf_member *m);
void sf_member_free(struct sf_member *m);

#endif
