/* PostgreSQL plans a query over large tables in parallel, and a function
 * that a parallel plan cannot run (one that catches an error, as the
 * compatibility json_valid and json_extract do) then fails the whole
 * query. The tests' tables are small, so this file makes parallel plans
 * the cheapest for its own database (ALTER DATABASE … SET
 * parallel_setup_cost = 0 …), starts a second rosterd on it whose
 * connections take those settings, and asks for what a national
 * association's staff and members ask for: the member list, searches,
 * the export, statistics, the review queue and an application with its
 * duplicate check, a member's orders. Every one must answer.
 *
 * On SQLite there are no parallel plans: each case is skipped there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

/* the rosterd whose connections plan in parallel */
static struct test_server ts_par;
static char *hq, *member;
static struct fx_member pending;

static int group_setup(void **state)
{
	if (ts_group_setup(state) != 0)
		return -1;
	if (!ts_db_is_pg(&ts_group))
		return 0;
	member = fx_active(&ts_group, "par_active", "严平");
	if (fx_member_submit(&ts_group, "par_pending", "严安", "HQ", "senior",
	                     &pending) != 0)
		return -1;
	fx_sql(&ts_group, "DO $$ BEGIN"
	       " EXECUTE format('ALTER DATABASE %I SET parallel_setup_cost = 0', current_database());"
	       " EXECUTE format('ALTER DATABASE %I SET parallel_tuple_cost = 0', current_database());"
	       " EXECUTE format('ALTER DATABASE %I SET min_parallel_table_scan_size = 0',"
	       "  current_database());"
	       " EXECUTE format('ALTER DATABASE %I SET min_parallel_index_scan_size = 0',"
	       "  current_database());"
	       " END $$");
	if (ts_start_beside(&ts_par, &ts_group, NULL) != 0)
		return -1;
	hq = ts_login(&ts_par, "hq", "Hq-Demo-2026");
	return hq && member ? 0 : -1;
}

static int group_teardown(void **state)
{
	int b = ts_db_is_pg(&ts_group) ? ts_stop(&ts_par) : 0;

	free(hq);
	free(member);
	fx_member_free(&pending);
	return ts_group_teardown(state) != 0 || b != 0 ? -1 : 0;
}

static void skip_unless_pg(void)
{
	if (!ts_db_is_pg(&ts_group))
		skip();
}

/* The connections of ts_par do plan in parallel: without that, the other
 * cases would pass whatever the functions are marked. */
static void test_plans_are_parallel(void **state)
{
	(void)state;
	skip_unless_pg();
	/* a new connection to the database, as ts_par's are */
	char *plan = fx_sql_text(&ts_group, "EXPLAIN SELECT COUNT(*) FROM accounts");

	assert_non_null(strstr(plan, "Gather"));
	free(plan);
}

static void test_staff_member_lists(void **state)
{
	const char *paths[] = {
		"/api/v1/members", "/api/v1/members?q=%E4%B8%A5", "/api/v1/members?q=par_act",
		"/api/v1/members?status=active", "/api/v1/stats", "/api/v1/review/counts",
		"/api/v1/review/applications",
	};
	(void)state;
	skip_unless_pg();
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		cJSON *r = fx_call(&ts_par, "GET", paths[i], hq, NULL, 200);
		cJSON_Delete(r);
	}
	/* the search finds the two members by their shared surname */
	cJSON *r = fx_call(&ts_par, "GET", "/api/v1/members?q=%E4%B8%A5", hq, NULL, 200);
	assert_int_equal(json_int_or(r, "total", -1), 2);
	cJSON_Delete(r);
}

static void test_export(void **state)
{
	struct http_reply r;
	(void)state;
	skip_unless_pg();
	assert_int_equal(http_req(&ts_par, "GET", "/api/v1/members/export.csv?lang=en", hq, NULL,
	                          &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "par_active"));
	assert_non_null(strstr(r.body, "par_pending"));
	http_reply_free(&r);
}

static void test_application_with_duplicate_check(void **state)
{
	char path[64];
	cJSON *r;
	(void)state;
	skip_unless_pg();
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)pending.app_id);
	r = fx_call(&ts_par, "GET", path, hq, NULL, 200);
	assert_int_equal(json_int_or(r, "id", -1), pending.app_id);
	cJSON_Delete(r);
}

static void test_member_orders(void **state)
{
	cJSON *r;
	(void)state;
	skip_unless_pg();
	r = fx_call(&ts_par, "GET", "/api/v1/orders", member, NULL, 200);
	assert_int_equal(json_int_or(r, "total", -1), 1);
	cJSON_Delete(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plans_are_parallel),
		cmocka_unit_test(test_staff_member_lists),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_application_with_duplicate_check),
		cmocka_unit_test(test_member_orders),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
