/* The staff's renewal lists (GET /renewals) against a seeded register: for
 * each state (expiring soon, in grace, lapsed), as HQ and as a branch
 * officer, walked page by page, they list exactly the members the table
 * holds in that state, each once, in the list's order (valid_until, then
 * account), as many as the total says; a branch's list includes a member
 * a branch join added. Members are moved into grace and past it in the
 * database first, so that every state has members. */
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

#include "harness.h"
#include "fixture.h"
#include "roster/json.h"

#define GRACE_DAYS 90        /* members.grace_days, as the server has it */

static struct test_server ts;
static char *hq, *bj_staff;
static long long bj;
static char today[11];

/* day + n days, as YYYY-MM-DD */
static void day_add(const char *day, int n, char out[11])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	assert_int_equal(sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday), 3);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += n;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int setup(void **state)
{
	static const char *const seed[] = {
		"seed", "--members", "300", "--orders", "300", "--seed", "7", NULL
	};
	struct http_reply r;

	(void)state;
	if (ts_start(&ts, NULL) != 0 || ts_rosterd(&ts, seed, NULL) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	bj_staff = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	if (!hq || !bj_staff || http_req(&ts, "GET", "/api/v1/stats", hq, NULL, &r) != 0)
		return -1;
	snprintf(today, sizeof today, "%s", json_str_or(r.json, "today", ""));
	http_reply_free(&r);
	bj = fx_sql_int(&ts, "SELECT id FROM orgs WHERE code = 'BJ'");
	return strlen(today) == 10 && bj > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(hq);
	free(bj_staff);
	return ts_stop(&ts) == 0 ? 0 : -1;
}

/* The list as token reads it (query: its state and days), walked with
 * per_page rows a page, against the members the table holds (where: a
 * condition on m, members), in order. */
static void assert_list_is_the_table(const char *who, const char *token, const char *query,
                                     const char *where, long long scope)
{
	char sql[1200], path[200], scope_sql[200] = "";
	long long want = 0, want_sum = 0, got_sum = 0;
	int64_t total = -1, seen = 0;
	char prev_vu[11] = "";
	long long prev_id = 0;

	if (scope)
		snprintf(scope_sql, sizeof scope_sql, " AND (m.org_id = %lld OR EXISTS (SELECT 1"
		         " FROM member_branches mb WHERE mb.account_id = m.account_id"
		         " AND mb.org_id = %lld))", scope, scope);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM members m WHERE %s%s", where, scope_sql);
	want = fx_sql_int(&ts, sql);
	snprintf(sql, sizeof sql, "SELECT COALESCE(SUM(m.account_id), 0) FROM members m"
	         " WHERE %s%s", where, scope_sql);
	want_sum = fx_sql_int(&ts, sql);
	if (want == 0)
		fail_msg("%s %s: the table holds nobody in it (the test wants some)", who, query);
	for (int page = 1; page < 1000; page++) {
		cJSON *o;
		const cJSON *it;
		int n = 0;

		snprintf(path, sizeof path, "/api/v1/renewals?%s&per_page=7&page=%d", query, page);
		o = fx_call(&ts, "GET", path, token, NULL, 200);
		total = json_int_or(o, "total", -1);
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items")) {
			const char *vu = json_str_or(it, "valid_until", "");
			long long id = json_int_or(it, "id", 0);

			if (strcmp(vu, prev_vu) < 0 || (!strcmp(vu, prev_vu) && id <= prev_id))
				fail_msg("%s %s page %d: %s #%lld after %s #%lld", who, query, page, vu,
				         id, prev_vu, prev_id);
			snprintf(prev_vu, sizeof prev_vu, "%s", vu);
			prev_id = id;
			got_sum += id;
			n++;
		}
		seen += n;
		cJSON_Delete(o);
		if (n < 7)
			break;
	}
	if (total != want || seen != want || got_sum != want_sum)
		fail_msg("%s %s: total %lld, %lld walked (ids summing to %lld); the table: %lld"
		         " (%lld)", who, query, (long long)total, (long long)seen, got_sum, want,
		         want_sum);
}

static void test_each_state(void **state)
{
	char soon[11], year[11], grace_from[11], sql[400];
	struct {
		const char *query;
		char where[300];
	} lists[4];

	(void)state;
	day_add(today, 30, soon);
	day_add(today, 365, year);
	day_add(today, -GRACE_DAYS, grace_from);
	/* some active members in grace and some past it, a Beijing one of
	 * each, and a member of another branch, soon to end, joined to
	 * Beijing */
	snprintf(sql, sizeof sql, "UPDATE members SET valid_until = '%s' WHERE account_id IN"
	         " (SELECT account_id FROM members WHERE status = 'active' ORDER BY account_id"
	         "  LIMIT 9)", grace_from);
	fx_sql(&ts, sql);
	day_add(today, -1, soon);
	snprintf(sql, sizeof sql, "UPDATE members SET valid_until = '%s' WHERE account_id IN"
	         " (SELECT account_id FROM members WHERE status = 'active' AND org_id = %lld"
	         "  ORDER BY account_id DESC LIMIT 3)", soon, bj);
	fx_sql(&ts, sql);
	day_add(today, -GRACE_DAYS - 1, soon);
	snprintf(sql, sizeof sql, "UPDATE members SET valid_until = '%s' WHERE account_id IN"
	         " (SELECT account_id FROM members WHERE status = 'active' ORDER BY account_id"
	         "  DESC LIMIT 8)", soon);
	fx_sql(&ts, sql);
	/* and some soon to end, in Beijing and elsewhere, whatever today is */
	day_add(today, 10, soon);
	snprintf(sql, sizeof sql, "UPDATE members SET valid_until = '%s' WHERE account_id IN"
	         " (SELECT account_id FROM members WHERE status = 'active' AND org_id <> %lld"
	         "  ORDER BY account_id LIMIT 6 OFFSET 20)", soon, bj);
	fx_sql(&ts, sql);
	snprintf(sql, sizeof sql, "UPDATE members SET valid_until = '%s' WHERE account_id IN"
	         " (SELECT account_id FROM members WHERE status = 'active' AND org_id = %lld"
	         "  ORDER BY account_id LIMIT 3 OFFSET 3)", soon, bj);
	fx_sql(&ts, sql);
	day_add(today, 30, soon);
	snprintf(sql, sizeof sql, "INSERT INTO member_branches (account_id, org_id, joined_at)"
	         " SELECT MIN(account_id), %lld, 1767225600 FROM members WHERE status = 'active'"
	         " AND org_id <> %lld AND valid_until BETWEEN '%s' AND '%s'", bj, bj, today, soon);
	fx_sql(&ts, sql);

	lists[0].query = "state=expiring";
	snprintf(lists[0].where, sizeof lists[0].where,
	         "m.status = 'active' AND m.valid_until BETWEEN '%s' AND '%s'", today, soon);
	lists[1].query = "state=expiring&days=365";
	snprintf(lists[1].where, sizeof lists[1].where,
	         "m.status = 'active' AND m.valid_until BETWEEN '%s' AND '%s'", today, year);
	lists[2].query = "state=grace";
	snprintf(lists[2].where, sizeof lists[2].where,
	         "m.status = 'active' AND m.valid_until < '%s' AND m.valid_until >= '%s'", today,
	         grace_from);
	lists[3].query = "state=lapsed";
	snprintf(lists[3].where, sizeof lists[3].where,
	         "m.valid_until IS NOT NULL AND (m.status = 'expired'"
	         " OR (m.status = 'active' AND m.valid_until < '%s'))", grace_from);
	for (int i = 0; i < 4; i++) {
		assert_list_is_the_table("HQ", hq, lists[i].query, lists[i].where, 0);
		assert_list_is_the_table("the Beijing officer", bj_staff, lists[i].query,
		                         lists[i].where, bj);
	}
	/* the member Beijing was joined by is on its list */
	assert_int_equal(fx_sql_int(&ts, "SELECT COUNT(*) FROM member_branches"
	                                 " WHERE joined_at = 1767225600"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_state),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
