/* The demo members of `rosterd init --demo-members` against a real rosterd:
 * each is at the stage README promises (draft, pending at the branch,
 * rejected, awaiting payment, active with orders, a receipt and a paid
 * level change, in grace); the level change's fee-difference order shows
 * its real state and how it was computed; every account object names the
 * association's time zone (association.timezone), and an unknown zone is
 * refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

#define PW "Member-Demo-2026"

static struct test_server ts;

static int setup(void **state)
{
	const char *datadir = getenv("ROSTER_DATADIR");
	const char *args[] = { "init", "--demo-members", "--data-dir", datadir ? datadir : "data", NULL };

	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	return ts_rosterd(&ts, args, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return ts_stop(&ts) == 0 ? 0 : -1;
}

static const char *str(const cJSON *o, const char *k)
{
	return json_str_or(o, k, "(none)");
}

/* The effective status GET /me shows for a demo member. */
static char *status_of(const char *user)
{
	char *tok = ts_login(&ts, user, PW), *out;
	cJSON *me;

	assert_non_null(tok);
	me = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
	out = strdup(str(cJSON_GetObjectItem(me, "member"), "effective_status"));
	/* every account object carries the association's zone */
	assert_string_equal(str(me, "timezone"), "Asia/Shanghai");
	cJSON_Delete(me);
	free(tok);
	return out;
}

static void test_stages(void **state)
{
	static const struct { const char *user, *status; } want[] = {
		{ "demo", "active" }, { "demo_draft", "draft" }, { "demo_branch", "pending_branch" },
		{ "demo_rejected", "rejected" }, { "demo_unpaid", "pending_payment" },
		{ "demo_grace", "grace" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char *st = status_of(want[i].user);

		if (strcmp(st, want[i].status) != 0)
			fail_msg("%s: %s, not %s", want[i].user, st, want[i].status);
		free(st);
	}
}

/* The rejected one has the branch's reason; the branch's queue holds the
 * one awaiting it. */
static void test_review_side(void **state)
{
	char *tok = ts_login(&ts, "demo_rejected", PW), *bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	cJSON *me = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200), *q, *it;
	bool found = false;

	(void)state;
	assert_non_null(strstr(str(cJSON_GetObjectItem(me, "member"), "status_reason"), "盖章"));
	q = fx_call(&ts, "GET", "/api/v1/review/applications", bj, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(q, "items"))
		found = found || strcmp(str(it, "username"), "demo_branch") == 0 ||
		        strcmp(str(cJSON_GetObjectItem(it, "applicant"), "username"), "demo_branch") == 0;
	assert_true(found);
	cJSON_Delete(q);
	cJSON_Delete(me);
	free(tok);
	free(bj);
}

/* demo: paid dues, an unpaid order, a receipt asked for, and a level change
 * whose paid fee-difference order the application shows as paid, with the
 * computation (a yearly difference times the paid years). */
static void test_active_member(void **state)
{
	char *tok = ts_login(&ts, "demo", PW);
	cJSON *orders = fx_call(&ts, "GET", "/api/v1/orders", tok, NULL, 200), *it;
	cJSON *invs = fx_call(&ts, "GET", "/api/v1/invoices", tok, NULL, 200);
	cJSON *apps = fx_call(&ts, "GET", "/api/v1/applications?kind=level_change", tok, NULL, 200);
	int paid_dues = 0, unpaid = 0, paid_lc = 0;
	const cJSON *lc, *o, *years;
	char path[64];
	cJSON *one;

	(void)state;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(orders, "items")) {
		bool paid = strcmp(str(it, "status"), "paid") == 0;

		if (strcmp(str(it, "kind"), "dues") == 0)
			paid ? paid_dues++ : unpaid++;
		else if (paid)
			paid_lc++;
	}
	assert_int_equal(paid_dues, 1);
	assert_int_equal(unpaid, 1);
	assert_int_equal(paid_lc, 1);
	assert_int_equal(json_int_or(invs, "total", -1), 1);

	lc = cJSON_GetArrayItem(cJSON_GetObjectItem(apps, "items"), 0);
	assert_string_equal(str(lc, "status"), "approved");
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)json_int_or(lc, "id", 0));
	one = fx_call(&ts, "GET", path, tok, NULL, 200);
	o = cJSON_GetObjectItem(one, "order");
	assert_true(cJSON_IsObject(o));
	assert_string_equal(str(o, "status"), "paid");
	assert_true(json_int_or(o, "paid_at", 0) > 0);
	years = cJSON_GetObjectItem(o, "years");
	/* senior 800 a year, regular 300: 500 a year for this year and the next */
	assert_int_equal(cJSON_GetArraySize(years), 2);
	assert_int_equal(json_int_or(o, "unit_fee", 0), 50000);
	assert_int_equal(json_int_or(o, "amount", 0), 2 * 50000);
	assert_int_equal(json_int_or(o, "id", 0), json_int_or(one, "order_id", -1));
	/* the member's level is the new one */
	cJSON_Delete(one);
	one = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
	assert_string_equal(str(cJSON_GetObjectItem(cJSON_GetObjectItem(one, "member"), "level"), "code"),
	                    "senior");
	cJSON_Delete(one);
	cJSON_Delete(apps);
	cJSON_Delete(invs);
	cJSON_Delete(orders);
	free(tok);
}

/* A level change not yet paid shows its order as unpaid (the application
 * view follows the order, not the application). */
static void test_unpaid_difference(void **state)
{
	char *tok = fx_active(&ts, "lc_unpaid", "孙丽"), *hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	char body[96], path[80];
	cJSON *a, *one;
	int64_t id;

	(void)state;
	snprintf(body, sizeof body, "{\"level_id\":%lld,\"reason\":\"升级\"}",
	         (long long)fx_level_id(&ts, "senior"));
	a = fx_call(&ts, "POST", "/api/v1/level-changes", tok, body, 201);
	id = json_int_or(a, "id", 0);
	cJSON_Delete(a);
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld/approve", (long long)id);
	cJSON_Delete(fx_call(&ts, "POST", path, hq, "{}", 200));
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)id);
	one = fx_call(&ts, "GET", path, tok, NULL, 200);
	assert_string_equal(str(cJSON_GetObjectItem(one, "order"), "status"), "unpaid");
	assert_int_equal(json_int_or(cJSON_GetObjectItem(one, "order"), "unit_fee", 0), 50000);
	cJSON_Delete(one);
	free(tok);
	free(hq);
}

/* association.timezone: given to clients; an unknown zone is refused. */
static void test_timezone(void **state)
{
	struct test_server other;
	const char *ny[] = { "--set", "association.timezone=America/New_York", NULL };
	const char *bad[] = { "init", "--set", "association.timezone=Nowhere/Atlantis", NULL };
	char *tok;
	cJSON *me;

	(void)state;
	assert_int_not_equal(ts_rosterd(&ts, bad, NULL), 0);
	assert_int_equal(ts_start(&other, ny), 0);
	tok = ts_login(&other, "demo", PW);
	me = fx_call(&other, "GET", "/api/v1/me", tok, NULL, 200);
	assert_string_equal(str(me, "timezone"), "America/New_York");
	cJSON_Delete(me);
	free(tok);
	assert_int_equal(ts_stop(&other), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_review_side),
		cmocka_unit_test(test_active_member),
		cmocka_unit_test(test_unpaid_difference),
		cmocka_unit_test(test_timezone),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
