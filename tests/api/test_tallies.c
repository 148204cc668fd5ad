/* The counts rosterd keeps as rows change (member_tally, order_tally,
 * migration 128; application_tally, 133), which HQ's register total, its
 * pages, GET /stats and the review lists' totals read instead of every
 * member, paid order and application:
 *   - after seeding, and after every kind of change (sign-ups, approvals,
 *     payments, an import, and edits straight in the database: a level, a role, a
 *     member row or an account deleted, an order closed or moved in time),
 *     the tallies equal a count made from the tables;
 *   - HQ's statistics equal what walking the whole register page by page
 *     gives, member by member, and each status filter's total equals the
 *     members of that status the walk met;
 *   - money per year equals the paid orders grouped by the association's
 *     year, and a start in another time zone counts the years again;
 *   - the review queue's and the history's totals, by status, kind and
 *     organisation, for HQ and for a branch officer, equal the
 *     applications counted in the table;
 *   - a branch's register (its officer's, and HQ's filtered by it) lists
 *     the members the tables hold in the branch, branch joins included;
 *   - a seed places every order it is asked for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"
#include "fixture.h"
#include "roster/json.h"

static struct test_server ts;
static char *hq;

static const char *const staff_statuses[] = {
	"draft", "pending_branch", "pending_hq", "pending_payment",
	"active", "grace", "expired", "rejected", NULL
};

/* The tallies made again from the tables, against the kept ones: how many
 * rows differ, either way. */
#define MEMBER_RECOUNT \
	"SELECT status, level_id, org_id, valid_until, numbered, COUNT(*) AS n" \
	" FROM member_tally_key WHERE role = 'member' GROUP BY 1, 2, 3, 4, 5"
#define MEMBER_KEPT \
	"SELECT status, level_id, org_id, valid_until, numbered, n FROM member_tally WHERE n <> 0"
/* by the branch of the order's account (its member row's once the join is
 * submitted, else 0) */
#define ORDER_RECOUNT \
	"SELECT CASE WHEN m.status <> 'draft' THEN COALESCE(m.org_id, 0) ELSE 0 END," \
	" strftime('%Y', o.paid_at, 'unixepoch', 'localtime'), o.kind, COUNT(*), SUM(o.amount)" \
	" FROM orders o LEFT JOIN members m ON m.account_id = o.account_id" \
	" WHERE o.status = 'paid' AND o.paid_at IS NOT NULL GROUP BY 1, 2, 3"
#define ORDER_KEPT "SELECT org_id, year, kind, n, amount FROM order_tally WHERE n <> 0"
#define APP_RECOUNT \
	"SELECT status, kind, COALESCE(org_id, 0), COALESCE(review_org_id, 0), COUNT(*)" \
	" FROM applications GROUP BY 1, 2, 3, 4"
#define APP_KEPT \
	"SELECT status, kind, org_id, review_org_id, n FROM application_tally WHERE n <> 0"

static void assert_tallies_agree(const char *after)
{
	static const char *const diff[] = {
		"SELECT COUNT(*) FROM (" MEMBER_RECOUNT " EXCEPT " MEMBER_KEPT ") x",
		"SELECT COUNT(*) FROM (" MEMBER_KEPT " EXCEPT " MEMBER_RECOUNT ") x",
		"SELECT COUNT(*) FROM (" ORDER_RECOUNT " EXCEPT " ORDER_KEPT ") x",
		"SELECT COUNT(*) FROM (" ORDER_KEPT " EXCEPT " ORDER_RECOUNT ") x",
		"SELECT COUNT(*) FROM (" APP_RECOUNT " EXCEPT " APP_KEPT ") x",
		"SELECT COUNT(*) FROM (" APP_KEPT " EXCEPT " APP_RECOUNT ") x",
	};

	for (size_t i = 0; i < sizeof diff / sizeof diff[0]; i++) {
		long long n = fx_sql_int(&ts, diff[i]);

		if (n != 0)
			fail_msg("after %s: %lld rows differ (%s)", after, n, diff[i]);
	}
}

static int setup(void **state)
{
	static const char *const seed[] = {
		"seed", "--members", "400", "--orders", "1200", "--seed", "11", NULL
	};

	(void)state;
	/* the database tools' own sessions count years in the association's
	 * zone too (the triggers run in them when a test edits a row) */
	setenv("TZ", "Asia/Shanghai", 1);
	setenv("PGTZ", "Asia/Shanghai", 1);
	if (ts_start(&ts, NULL) != 0 || ts_rosterd(&ts, seed, NULL) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	return hq ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(hq);
	return ts_stop(&ts) == 0 ? 0 : -1;
}

static cJSON *get_json_as(const struct test_server *s, const char *token, const char *path)
{
	struct http_reply r;
	cJSON *j;

	assert_int_equal(http_req(s, "GET", path, token, NULL, &r), 0);
	if (r.status != 200)
		fail_msg("GET %s: %ld %s", path, r.status, r.body);
	j = r.json;
	r.json = NULL;
	http_reply_free(&r);
	assert_non_null(j);
	return j;
}

static cJSON *get_json(const struct test_server *s, const char *path)
{
	return get_json_as(s, hq, path);
}

/* Every member of the register as token reads it (filter: "" or
 * "&status=…"), walked page by page (per_page rows): an array of the rows.
 * Fails when a member comes twice or the walk does not end at the total. */
static cJSON *walk_as(const char *token, const char *filter, int per_page, int64_t *total)
{
	cJSON *all = cJSON_CreateArray();
	char path[160];

	*total = -1;
	for (int page = 1;; page++) {
		cJSON *j, *it;
		int got = 0;

		snprintf(path, sizeof path, "/api/v1/members?per_page=%d&page=%d%s", per_page, page,
		         filter);
		j = get_json_as(&ts, token, path);
		if (*total < 0)
			*total = json_int_or(j, "total", -1);
		assert_int_equal(json_int_or(j, "total", -1), *total);
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
			const cJSON *seen;
			int64_t id = json_int_or(it, "id", 0);

			cJSON_ArrayForEach(seen, all)
				if (json_int_or(seen, "id", 0) == id)
					fail_msg("%s: member %lld on two pages", path, (long long)id);
			cJSON_AddItemToArray(all, cJSON_Duplicate(it, true));
			got++;
		}
		cJSON_Delete(j);
		if (got < per_page)
			break;
	}
	assert_int_equal(cJSON_GetArraySize(all), *total);
	return all;
}

/* HQ's register */
static cJSON *walk(const char *filter, int per_page, int64_t *total)
{
	return walk_as(hq, filter, per_page, total);
}

/* Rows of rows whose effective status is status (NULL: any), whose
 * level.id is level (0: any) and org.id org (0: any); active: only those
 * active or in grace. */
static int64_t tally_of(const cJSON *rows, const char *status, int64_t level, int64_t org,
                        bool active)
{
	const cJSON *it;
	int64_t n = 0;

	cJSON_ArrayForEach(it, rows) {
		const char *eff = json_str_or(it, "effective_status", "");

		if (status && strcmp(eff, status))
			continue;
		if (level && json_int_or(cJSON_GetObjectItemCaseSensitive(it, "level"), "id", 0) != level)
			continue;
		if (org && json_int_or(cJSON_GetObjectItemCaseSensitive(it, "org"), "id", 0) != org)
			continue;
		if (active && strcmp(eff, "active") && strcmp(eff, "grace"))
			continue;
		n++;
	}
	return n;
}

/* The register's order: numbered members by number, then the rest. */
static void assert_register_order(const cJSON *rows)
{
	const cJSON *it;
	const char *prev = NULL;
	int64_t prev_id = 0;
	bool unnumbered = false;

	cJSON_ArrayForEach(it, rows) {
		const char *no = json_str_or(it, "member_no", NULL);
		int64_t id = json_int_or(it, "id", 0);

		if (no) {
			assert_false(unnumbered);
			if (prev)
				assert_true(strcmp(prev, no) < 0);
			prev = no;
		} else {
			if (unnumbered)
				assert_true(prev_id < id);
			unnumbered = true;
			prev_id = id;
		}
	}
}

/* HQ's statistics against the register walked member by member. */
static void assert_stats_are_the_register(const char *after)
{
	int64_t total, filtered;
	cJSON *rows = walk("", 9, &total), *stats = get_json(&ts, "/api/v1/stats");
	const cJSON *it;
	char filter[64];

	assert_register_order(rows);
	assert_int_equal(json_int_or(stats, "members", -1), total);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(stats, "by_status")) {
		const char *s = json_str_or(it, "status", "");

		if (json_int_or(it, "count", -1) != tally_of(rows, s, 0, 0, false))
			fail_msg("after %s: %lld %s in the statistics, %lld in the register", after,
			         (long long)json_int_or(it, "count", -1), s,
			         (long long)tally_of(rows, s, 0, 0, false));
		assert_int_equal(json_int_or(it, "active", -1), tally_of(rows, s, 0, 0, true));
	}
	/* every status of the register is in the statistics, with its
	 * filter's total */
	for (int i = 0; staff_statuses[i]; i++) {
		int64_t want = tally_of(rows, staff_statuses[i], 0, 0, false);
		const cJSON *found = NULL;
		cJSON *page;

		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(stats, "by_status"))
			if (!strcmp(json_str_or(it, "status", ""), staff_statuses[i]))
				found = it;
		assert_int_equal(found ? json_int_or(found, "count", -1) : 0, want);
		snprintf(filter, sizeof filter, "/api/v1/members?per_page=5&status=%s",
		         staff_statuses[i]);
		page = get_json(&ts, filter);
		assert_int_equal(json_int_or(page, "total", -1), want);
		cJSON_Delete(page);
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(stats, "by_level")) {
		int64_t id = json_int_or(it, "id", 0);

		assert_int_equal(json_int_or(it, "count", -1), tally_of(rows, NULL, id, 0, false));
		assert_int_equal(json_int_or(it, "active", -1), tally_of(rows, NULL, id, 0, true));
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(stats, "by_branch")) {
		int64_t id = json_int_or(it, "id", 0);

		assert_int_equal(json_int_or(it, "count", -1), tally_of(rows, NULL, 0, id, false));
		assert_int_equal(json_int_or(it, "active", -1), tally_of(rows, NULL, 0, id, true));
	}
	/* a status and a level together, walked across pages of 4 */
	{
		const cJSON *lv = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(stats, "by_level"),
		                                     0);
		cJSON *some;

		snprintf(filter, sizeof filter, "&status=active&level=%lld",
		         (long long)json_int_or(lv, "id", 0));
		some = walk(filter, 4, &filtered);
		assert_int_equal(filtered, tally_of(rows, "active", json_int_or(lv, "id", 0), 0,
		                                    false));
		assert_register_order(some);
		cJSON_Delete(some);
	}
	cJSON_Delete(rows);
	cJSON_Delete(stats);
}

/* Money per year in GET /stats (s) against the paid orders grouped by the
 * year of payment in zone. */
static void assert_dues_are_the_orders(const struct test_server *s, const char *zone)
{
	cJSON *stats;
	const cJSON *it;
	int years = 0;

	setenv("TZ", zone, 1);
	setenv("PGTZ", zone, 1);
	stats = get_json(s, "/api/v1/stats");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(stats, "dues_by_year")) {
		char sql[400];
		long long y = json_int_or(it, "year", 0);

		snprintf(sql, sizeof sql,
		         "SELECT COUNT(*) FROM orders WHERE status = 'paid' AND paid_at IS NOT NULL"
		         " AND strftime('%%Y', paid_at, 'unixepoch', 'localtime') = '%lld'", y);
		assert_int_equal(json_int_or(it, "orders", -1), fx_sql_int(s, sql));
		snprintf(sql, sizeof sql,
		         "SELECT COALESCE(SUM(amount), 0) FROM orders WHERE status = 'paid'"
		         " AND paid_at IS NOT NULL AND kind = 'dues'"
		         " AND strftime('%%Y', paid_at, 'unixepoch', 'localtime') = '%lld'", y);
		assert_int_equal(json_int_or(it, "dues", -1), fx_sql_int(s, sql));
		years++;
	}
	assert_int_equal(years, fx_sql_int(s,
		"SELECT COUNT(DISTINCT strftime('%Y', paid_at, 'unixepoch', 'localtime'))"
		" FROM orders WHERE status = 'paid' AND paid_at IS NOT NULL"));
	cJSON_Delete(stats);
	setenv("TZ", "Asia/Shanghai", 1);
	setenv("PGTZ", "Asia/Shanghai", 1);
}

/* GET /review/applications?per_page=3<query> as token lists in all the
 * applications counted by where (SQL on applications a). */
static void assert_total(const char *after, const char *token, const char *query,
                         const char *where)
{
	char path[200], sql[400];
	struct http_reply r;
	long long want, got;

	snprintf(path, sizeof path, "/api/v1/review/applications?per_page=3%s", query);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM applications a WHERE %s", where);
	assert_int_equal(http_req(&ts, "GET", path, token, NULL, &r), 0);
	if (r.status != 200)
		fail_msg("GET %s: %ld %s", path, r.status, r.body);
	got = json_int_or(r.json, "total", -1);
	http_reply_free(&r);
	want = fx_sql_int(&ts, sql);
	if (got != want)
		fail_msg("after %s: %s lists %lld in all, the table has %lld (%s)", after, path, got,
		         want, where);
}

/* The review list's total for HQ (and, when branch_token, for that
 * branch officer, whose branch is branch_org) under every status filter,
 * alone and with a kind or an organisation, against the applications
 * counted in the table. */
static void assert_review_totals_are_the_table(const char *after, const char *branch_token,
                                               long long branch_org)
{
	static const struct { const char *param, *where; } statuses[] = {
		{ "", "a.status IN ('pending_branch', 'pending_hq')" },
		{ "&status=pending", "a.status IN ('pending_branch', 'pending_hq')" },
		{ "&status=all", "a.status <> 'draft'" },
		{ "&stage=branch", "a.status = 'pending_branch'" },
		{ "&status=pending_hq", "a.status = 'pending_hq'" },
		{ "&status=decided", "a.status IN ('approved', 'rejected')" },
		{ "&status=approved", "a.status = 'approved'" },
		{ "&status=rejected", "a.status = 'rejected'" },
	};
	long long bj = fx_sql_int(&ts, "SELECT id FROM orgs WHERE code = 'BJ'");
	char org_param[40], org_where[64];
	const char *const more[] = { "", "&kind=join", "&kind=level_change", org_param };
	const char *const more_where[] = {
		"", " AND a.kind = 'join'", " AND a.kind = 'level_change'", org_where
	};

	snprintf(org_param, sizeof org_param, "&org_id=%lld", bj);
	snprintf(org_where, sizeof org_where, " AND a.org_id = %lld", bj);
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		for (int k = 0; k < 4; k++) {
			char query[100], where[300];

			snprintf(query, sizeof query, "%s%s", statuses[i].param, more[k]);
			snprintf(where, sizeof where, "%s%s", statuses[i].where, more_where[k]);
			assert_total(after, hq, query, where);
			if (!branch_token)
				continue;
			snprintf(where, sizeof where, "%s%s AND a.review_org_id = %lld",
			         statuses[i].where, more_where[k], branch_org);
			assert_total(after, branch_token, query, where);
		}
}

/* GET /review/counts as the caller whose token it is (username user)
 * equals the waiting applications the table holds for each stage and kind:
 * at the branch stage those of branch_org (-1: every branch, 0: none), at
 * the HQ stage all when hq_stage, less those the caller approved at the
 * branch stage (members.separate_stages is on). */
static void assert_counts_are_the_table(const char *after, const char *token, const char *user,
                                        long long branch_org, bool hq_stage)
{
	cJSON *c = fx_call(&ts, "GET", "/api/v1/review/counts", token, NULL, 200);
	const cJSON *apps = cJSON_GetObjectItemCaseSensitive(c, "applications");
	static const char *const stages[] = { "branch", "hq" };
	int kinds = 0;

	for (int s = 0; s < 2; s++) {
		const cJSON *it;

		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(apps, stages[s])) {
			char sql[600], scope[40];
			long long want;

			if (!strcmp(it->string, "total"))
				continue;
			if (s == 0)
				snprintf(scope, sizeof scope, branch_org < 0 ? "" :
				         " AND a.review_org_id = %lld", branch_org);
			snprintf(sql, sizeof sql,
			         "SELECT COUNT(*) FROM applications a WHERE a.kind = '%s' AND %s",
			         it->string, s == 0 ?
			         "a.status = 'pending_branch'" : "a.status = 'pending_hq'");
			if (s == 0)
				strncat(sql, scope, sizeof sql - strlen(sql) - 1);
			else if (!hq_stage)
				strncat(sql, " AND 0 = 1", sizeof sql - strlen(sql) - 1);
			else
				snprintf(sql + strlen(sql), sizeof sql - strlen(sql),
				         " AND NOT EXISTS (SELECT 1 FROM application_events e"
				         " WHERE e.application_id = a.id AND e.action = 'approve'"
				         " AND e.from_status = 'pending_branch' AND e.actor_account_id ="
				         " (SELECT id FROM accounts WHERE username = '%s'))", user);
			want = fx_sql_int(&ts, sql);
			if (!cJSON_IsNumber(it) || (long long)it->valuedouble != want)
				fail_msg("after %s: %s's review counts: %s stage %s %lld, the table %lld",
				         after, user, stages[s], it->string, (long long)it->valuedouble,
				         want);
			kinds++;
		}
	}
	assert_int_equal(kinds, 8);
	cJSON_Delete(c);
}

/* POST /broadcasts/preview reaches, for each filter, the members the
 * table holds under it (drafts never), as HQ and as the Beijing officer
 * (bj_token): a branch's members are its own and those a branch join
 * added, for the officer's scope as for the org filter. */
static void assert_preview_is_the_table(const char *after, const char *bj_token)
{
	long long bj = fx_sql_int(&ts, "SELECT id FROM orgs WHERE code = 'BJ'");
	long long level = fx_sql_int(&ts, "SELECT MIN(level_id) FROM members WHERE status = 'active'");
	char filters[5][120], wheres[5][200];

	snprintf(filters[0], sizeof filters[0], "{}");
	snprintf(wheres[0], sizeof wheres[0], "1 = 1");
	snprintf(filters[1], sizeof filters[1], "{\"status\":\"pending_hq\"}");
	snprintf(wheres[1], sizeof wheres[1], "m.status = 'pending_hq'");
	snprintf(filters[2], sizeof filters[2], "{\"level\":%lld}", level);
	snprintf(wheres[2], sizeof wheres[2], "m.level_id = %lld", level);
	snprintf(filters[3], sizeof filters[3], "{\"org\":%lld}", bj);
	snprintf(wheres[3], sizeof wheres[3], "(m.org_id = %lld OR EXISTS (SELECT 1 FROM"
	         " member_branches mb WHERE mb.account_id = a.id AND mb.org_id = %lld))", bj, bj);
	snprintf(filters[4], sizeof filters[4], "{\"expiring_before\":\"2027-01-01\"}");
	snprintf(wheres[4], sizeof wheres[4], "m.valid_until IS NOT NULL AND m.valid_until < '2027-01-01'");
	for (int f = 0; f < 5; f++)
		for (int as_bj = 0; as_bj < 2; as_bj++) {
			char body[700], sql[1800];
			long long want;
			cJSON *o;

			snprintf(body, sizeof body, "{\"filter\":%s}", filters[f]);
			snprintf(sql, sizeof sql,
			         "SELECT COUNT(*) FROM accounts a JOIN members m ON m.account_id = a.id"
			         " WHERE a.role = 'member' AND m.status <> 'draft' AND %s%s", wheres[f],
			         !as_bj ? "" : " AND (m.org_id = (SELECT id FROM orgs WHERE code = 'BJ')"
			         " OR EXISTS (SELECT 1 FROM member_branches mb WHERE mb.account_id = a.id"
			         " AND mb.org_id = (SELECT id FROM orgs WHERE code = 'BJ')))");
			want = fx_sql_int(&ts, sql);
			o = fx_call(&ts, "POST", "/api/v1/broadcasts/preview", as_bj ? bj_token : hq,
			            body, 200);
			if (json_int_or(o, "matched", -1) != want)
				fail_msg("after %s: the preview of %s as %s reaches %lld, the table holds"
				         " %lld", after, body, as_bj ? "bj_staff" : "hq",
				         (long long)json_int_or(o, "matched", -1), want);
			cJSON_Delete(o);
		}
}

static void test_seeded(void **state)
{
	(void)state;
	assert_tallies_agree("seeding");
	assert_review_totals_are_the_table("seeding", NULL, 0);
	assert_stats_are_the_register("seeding");
	assert_dues_are_the_orders(&ts, "Asia/Shanghai");
}

static void test_changes(void **state)
{
	struct fx_member a, b, c, d;
	long long victim, role_changed, unrowed, closed, moved, bj;
	char sql[300], *bj_staff, *admin;
	cJSON *lc;

	(void)state;
	/* through the API: sign-ups, approvals, a payment */
	assert_int_equal(fx_member_active(&ts, "tallya", "钱一", "BJ", "regular", &a), 0);
	assert_int_equal(fx_member_submit(&ts, "tallyb", "孙二", "SH", "regular", &b), 0);
	assert_int_equal(fx_member_submit(&ts, "tallyc", "李三", "HQ", "student", &c), 0);
	assert_int_equal(fx_decide(&ts, hq, c.app_id, "reject", "资料不全"), 200);
	/* a level change (no organisation of its own), waiting for HQ */
	lc = fx_level_change(&ts, a.token, "senior", "晋升");
	assert_non_null(lc);
	assert_tallies_agree("sign-ups, approvals and a payment");
	bj_staff = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	assert_non_null(bj_staff);
	bj = fx_sql_int(&ts, "SELECT id FROM orgs WHERE code = 'BJ'");
	assert_review_totals_are_the_table("sign-ups and a level change", bj_staff, bj);
	/* the admin approves a Beijing join at the branch stage: it waits for
	 * HQ, which does not count it among the admin's */
	admin = ts_login(&ts, "admin", "Admin-Demo-2026");
	assert_non_null(admin);
	assert_int_equal(fx_member_submit(&ts, "tallyd", "赵四", "BJ", "regular", &d), 0);
	assert_int_equal(fx_decide(&ts, admin, d.app_id, "approve", NULL), 200);
	assert_int_equal(fx_sql_int(&ts, "SELECT COUNT(*) FROM applications a WHERE"
	                                 " a.status = 'pending_hq' AND EXISTS (SELECT 1 FROM"
	                                 " application_events e JOIN accounts x"
	                                 " ON x.id = e.actor_account_id AND x.username = 'admin'"
	                                 " WHERE e.application_id = a.id AND e.action = 'approve')"), 1);
	assert_counts_are_the_table("the admin's approval", admin, "admin", -1, true);
	assert_counts_are_the_table("the admin's approval", hq, "hq", 0, true);
	assert_counts_are_the_table("the admin's approval", bj_staff, "bj_staff", bj, false);

	/* an import: one long transaction (on PostgreSQL the triggers pause
	 * and everything is counted again before it commits) */
	{
		char path[400];
		FILE *f;
		const char *const import[] = { "import", path, NULL };

		snprintf(path, sizeof path, "%.250s/tally.csv", ts.dir);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs("会员编号,邮箱,姓名,会员等级,分会,有效期至,手机\n"
		      "M2018000101,t1@tally.test,钱多,普通会员,北京分会,2027-12-31,13900000101\n"
		      "M2018000102,t2@tally.test,孙少,regular,HQ,2020-12-31,\n", f);
		fclose(f);
		assert_int_equal(ts_rosterd(&ts, import, NULL), 0);
		assert_int_equal(fx_sql_int(&ts, "SELECT COUNT(*) FROM accounts"
		                                 " WHERE email LIKE 't_@tally.test'"), 2);
		assert_tallies_agree("an import");
	}

	/* straight in the database: a level, a role there and back, a member
	 * row and a whole account deleted, orders closed and moved in time */
	fx_sql(&ts, "UPDATE members SET level_id = (SELECT MAX(id) FROM levels)"
	            " WHERE account_id = (SELECT MIN(account_id) FROM members"
	            "  WHERE status = 'active')");
	role_changed = fx_sql_int(&ts, "SELECT MAX(account_id) FROM members WHERE status = 'active'");
	snprintf(sql, sizeof sql, "UPDATE accounts SET role = 'hq_staff' WHERE id = %lld",
	         role_changed);
	fx_sql(&ts, sql);
	assert_tallies_agree("a member made staff");
	/* left out of the register, whose pages walk the member numbers */
	{
		int64_t total;
		cJSON *rows = walk("", 7, &total);
		const cJSON *it;

		cJSON_ArrayForEach(it, rows)
			assert_int_not_equal(json_int_or(it, "id", 0), role_changed);
		assert_register_order(rows);
		cJSON_Delete(rows);
	}
	assert_stats_are_the_register("a member made staff");
	snprintf(sql, sizeof sql, "UPDATE accounts SET role = 'member' WHERE id = %lld",
	         role_changed);
	fx_sql(&ts, sql);
	unrowed = fx_sql_int(&ts, "SELECT MIN(m.account_id) FROM members m"
	                          " WHERE m.status = 'pending_branch' AND NOT EXISTS"
	                          " (SELECT 1 FROM orders o WHERE o.account_id = m.account_id)");
	assert_true(unrowed > 0);
	snprintf(sql, sizeof sql, "DELETE FROM members WHERE account_id = %lld", unrowed);
	fx_sql(&ts, sql);
	assert_tallies_agree("a member row deleted");
	victim = fx_sql_int(&ts, "SELECT MIN(m.account_id) FROM members m"
	                         " WHERE m.status = 'pending_hq' AND NOT EXISTS"
	                         " (SELECT 1 FROM orders o WHERE o.account_id = m.account_id)");
	assert_true(victim > 0);
	/* with its member row (ON DELETE CASCADE, which the sqlite3 tool
	 * follows only when asked) */
	snprintf(sql, sizeof sql, "%sDELETE FROM accounts WHERE id = %lld",
	         ts_db_is_pg(&ts) ? "" : "PRAGMA foreign_keys = ON; ", victim);
	fx_sql(&ts, sql);
	assert_int_equal(fx_sql_int(&ts, "SELECT COUNT(*) FROM members m WHERE NOT EXISTS"
	                                 " (SELECT 1 FROM accounts a WHERE a.id = m.account_id)"), 0);
	closed = fx_sql_int(&ts, "SELECT MIN(id) FROM orders WHERE status = 'paid'");
	snprintf(sql, sizeof sql, "UPDATE orders SET status = 'closed' WHERE id = %lld", closed);
	fx_sql(&ts, sql);
	/* into the first hours of a year in China, still the last day of the
	 * year before in UTC */
	moved = fx_sql_int(&ts, "SELECT MAX(id) FROM orders WHERE status = 'paid'");
	snprintf(sql, sizeof sql,
	         "UPDATE orders SET paid_at = 1767211200, amount = amount + 1 WHERE id = %lld", moved);
	fx_sql(&ts, sql);
	assert_tallies_agree("edits in the database");

	/* members with paid orders, straight in the database: one moved to
	 * another branch, one made a draft again, one's member row deleted and
	 * another's given to that account (order_tally counts each order under
	 * its account's branch) */
	{
		static const char *const edit[] = {
			"UPDATE members SET org_id = (SELECT MAX(id) FROM orgs WHERE id <> org_id)"
			" WHERE account_id = %lld",
			"UPDATE members SET status = 'draft' WHERE account_id = %lld",
			"DELETE FROM members WHERE account_id = %lld",
			"UPDATE members SET account_id = %lld WHERE account_id ="
			" (SELECT MAX(m.account_id) FROM members m JOIN orders o"
			"  ON o.account_id = m.account_id AND o.status = 'paid' WHERE m.status = 'active')",
		};
		static const char *const after[] = {
			"a member with paid orders moved to another branch",
			"a member with paid orders made a draft again",
			"the member row of a member with paid orders deleted",
			"a member row with paid orders given to the account without one",
		};
		long long acc = 0;

		for (int e = 0; e < 4; e++) {
			if (e < 3)
				acc = fx_sql_int(&ts, "SELECT MIN(m.account_id) FROM members m JOIN orders o"
				                      " ON o.account_id = m.account_id AND o.status = 'paid'"
				                      " WHERE m.status = 'active' AND m.org_id <> 0");
			assert_true(acc > 0);
			snprintf(sql, sizeof sql, edit[e], acc);
			fx_sql(&ts, sql);
			assert_tallies_agree(after[e]);
		}
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM members WHERE account_id = %lld", acc);
		assert_int_equal(fx_sql_int(&ts, sql), 1);
	}

	/* applications edited straight in the database: one moved to Beijing,
	 * one decided, one deleted with its account's others */
	snprintf(sql, sizeof sql,
	         "UPDATE applications SET org_id = %lld, review_org_id = %lld WHERE id ="
	         " (SELECT MIN(id) FROM applications WHERE status = 'pending_branch'"
	         "  AND review_org_id <> %lld)", bj, bj, bj);
	fx_sql(&ts, sql);
	fx_sql(&ts, "UPDATE applications SET status = 'approved', decided_at = updated_at"
	            " WHERE id = (SELECT MIN(id) FROM applications WHERE status = 'pending_hq')");
	fx_sql(&ts, "DELETE FROM applications WHERE id ="
	            " (SELECT MAX(id) FROM applications WHERE status = 'rejected')");
	assert_tallies_agree("applications edited in the database");
	assert_review_totals_are_the_table("applications edited in the database", bj_staff, bj);
	assert_counts_are_the_table("applications edited in the database", admin, "admin", -1, true);
	assert_counts_are_the_table("applications edited in the database", hq, "hq", 0, true);
	assert_counts_are_the_table("applications edited in the database", bj_staff, "bj_staff", bj,
	                            false);
	assert_int_equal(fx_sql_int(&ts, "SELECT SUM(n) FROM order_tally WHERE year = '2026'"
	                                 " AND kind = 'dues'") > 0, 1);
	assert_stats_are_the_register("the changes");
	assert_dues_are_the_orders(&ts, "Asia/Shanghai");
	fx_member_free(&a);
	fx_member_free(&b);
	fx_member_free(&c);
	fx_member_free(&d);
	cJSON_Delete(lc);
	free(bj_staff);
	free(admin);
}

/* Sum of the ids of rows */
static long long id_sum(const cJSON *rows)
{
	const cJSON *it;
	long long n = 0;

	cJSON_ArrayForEach(it, rows)
		n += json_int_or(it, "id", 0);
	return n;
}

/* The officer's GET /stats (token) against their register walked member
 * by member (rows): each status, level and branch. */
static void assert_branch_stats(const char *after, const char *token, const cJSON *rows)
{
	cJSON *stats = get_json_as(&ts, token, "/api/v1/stats");
	static const char *const groups[] = { "by_status", "by_level", "by_branch" };
	const cJSON *it;
	int64_t sum = 0;

	assert_int_equal(json_int_or(stats, "members", -1), cJSON_GetArraySize(rows));
	for (int g = 0; g < 3; g++)
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(stats, groups[g])) {
			const char *s = g == 0 ? json_str_or(it, "status", "") : NULL;
			int64_t id = g == 0 ? 0 : json_int_or(it, "id", 0);
			int64_t count = tally_of(rows, s, g == 1 ? id : 0, g == 2 ? id : 0, false);

			if (json_int_or(it, "count", -1) != count)
				fail_msg("after %s: %s %s %lld: %lld in the branch's statistics, %lld in"
				         " its register", after, groups[g], s ? s : "", (long long)id,
				         (long long)json_int_or(it, "count", -1), (long long)count);
			assert_int_equal(json_int_or(it, "active", -1),
			                 tally_of(rows, s, g == 1 ? id : 0, g == 2 ? id : 0, true));
			if (g == 0)
				sum += count;
		}
	assert_int_equal(sum, cJSON_GetArraySize(rows));
	/* the branch's paid orders by year: its members' own (branch joins
	 * included), counted in the table: every year, its orders and money */
	{
		char sql[900];
		long long org = (long long)json_int_or(stats, "scope_org", 0);
		int years = 0;

		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(stats, "dues_by_year")) {
			static const char *const cols[] = { "orders", "dues", "level_change" };
			static const char *const sums[] = {
				"COUNT(*)",
				"COALESCE(SUM(CASE WHEN o.kind = 'dues' THEN o.amount END), 0)",
				"COALESCE(SUM(CASE WHEN o.kind = 'level_change' THEN o.amount END), 0)",
			};

			for (int c = 0; c < 3; c++) {
				long long want;

				snprintf(sql, sizeof sql,
				         "SELECT %s FROM orders o WHERE o.status = 'paid'"
				         " AND strftime('%%Y', o.paid_at, 'unixepoch', 'localtime') = '%lld'"
				         " AND o.account_id IN (SELECT account_id FROM members WHERE"
				         " org_id = %lld AND status <> 'draft' UNION SELECT account_id FROM"
				         " member_branches WHERE org_id = %lld)", sums[c],
				         (long long)json_int_or(it, "year", 0), org, org);
				want = fx_sql_int(&ts, sql);
				if (json_int_or(it, cols[c], -1) != want)
					fail_msg("after %s: %s %lld in %lld in the branch's statistics, %lld"
					         " in the table", after, cols[c],
					         (long long)json_int_or(it, cols[c], -1),
					         (long long)json_int_or(it, "year", 0), want);
			}
			years++;
		}
		snprintf(sql, sizeof sql,
		         "SELECT COUNT(DISTINCT strftime('%%Y', o.paid_at, 'unixepoch', 'localtime'))"
		         " FROM orders o WHERE o.status = 'paid' AND o.paid_at IS NOT NULL"
		         " AND o.account_id IN (SELECT account_id FROM members WHERE org_id = %lld"
		         " AND status <> 'draft' UNION SELECT account_id FROM member_branches"
		         " WHERE org_id = %lld)", org, org);
		if (years != fx_sql_int(&ts, sql))
			fail_msg("after %s: %d years in the branch's statistics, %lld in the table",
			         after, years, fx_sql_int(&ts, sql));
	}
	cJSON_Delete(stats);
}

/* The branch org's register, as its officer (token) reads it and as HQ
 * reads it filtered by the branch, walked page by page: the members the
 * tables hold in the branch (their own, once submitted, or added by a
 * branch join), each once, in the register's order; each status and a
 * level filter's total is the walk's members of that status or level. */
static void assert_branch_is_the_table(const char *after, const char *token, long long org)
{
	char sql[600], filter[80];
	int64_t total, filtered, level;
	long long want, want_sum;
	cJSON *rows, *some;

	snprintf(sql, sizeof sql,
	         "FROM accounts a LEFT JOIN members m ON m.account_id = a.id WHERE a.role = 'member'"
	         " AND ((m.org_id = %lld AND m.status <> 'draft') OR EXISTS (SELECT 1 FROM"
	         " member_branches mb WHERE mb.account_id = a.id AND mb.org_id = %lld))", org, org);
	{
		char q[700];

		snprintf(q, sizeof q, "SELECT COUNT(*) %s", sql);
		want = fx_sql_int(&ts, q);
		snprintf(q, sizeof q, "SELECT COALESCE(SUM(a.id), 0) %s", sql);
		want_sum = fx_sql_int(&ts, q);
	}
	for (int as_hq = 0; as_hq < 2; as_hq++) {
		const char *who = as_hq ? hq : token;
		char base[40];

		snprintf(base, sizeof base, as_hq ? "&org=%lld" : "", org);
		rows = walk_as(who, base, 7, &total);
		if (total != want || id_sum(rows) != want_sum)
			fail_msg("after %s: the branch's register (%s) lists %lld members, the tables"
			         " hold %lld", after, as_hq ? "HQ" : "its officer", (long long)total,
			         want);
		assert_register_order(rows);
		for (int i = 0; staff_statuses[i]; i++) {
			snprintf(filter, sizeof filter, "%s&status=%s", base, staff_statuses[i]);
			some = walk_as(who, filter, 5, &filtered);
			assert_int_equal(filtered, tally_of(some, staff_statuses[i], 0, 0, false));
			if (filtered != tally_of(rows, staff_statuses[i], 0, 0, false))
				fail_msg("after %s: %lld %s in the branch's filter, %lld in its register",
				         after, (long long)filtered, staff_statuses[i],
				         (long long)tally_of(rows, staff_statuses[i], 0, 0, false));
			assert_register_order(some);
			cJSON_Delete(some);
		}
		if (!as_hq)
			assert_branch_stats(after, token, rows);
		level = fx_sql_int(&ts, "SELECT id FROM levels WHERE code = 'regular'");
		snprintf(filter, sizeof filter, "%s&level=%lld", base, (long long)level);
		some = walk_as(who, filter, 4, &filtered);
		assert_int_equal(filtered, tally_of(rows, NULL, level, 0, false));
		assert_register_order(some);
		cJSON_Delete(some);
		cJSON_Delete(rows);
	}
}

/* A branch's register (its officer's, and HQ's filtered by it) reads the
 * tally of its own members and counts those branch joins added apart:
 * members of another branch added to it, one of its own added again, an
 * applicant whose own join is a draft, one waiting without a number; and a
 * member of it made staff is left out. */
static void test_branch_register(void **state)
{
	long long bj = fx_sql_int(&ts, "SELECT id FROM orgs WHERE code = 'BJ'"), staffed;
	long long out, in, from;
	char sql[400], *bj_staff = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	static const char *const added[] = {
		/* a numbered member of another branch */
		"SELECT MIN(account_id) FROM members WHERE org_id <> %lld AND member_no IS NOT NULL"
		" AND status = 'active'",
		/* one of the branch's own */
		"SELECT MAX(account_id) FROM members WHERE org_id = %lld AND status = 'active'",
		/* an applicant whose join is still a draft */
		"SELECT MIN(account_id) FROM members WHERE status = 'draft' AND %lld > 0",
		/* waiting, without a number, in another branch */
		"SELECT MAX(account_id) FROM members WHERE org_id <> %lld AND member_no IS NULL"
		" AND status = 'pending_branch'",
	};

	(void)state;
	assert_non_null(bj_staff);
	assert_branch_is_the_table("seeding", bj_staff, bj);
	for (size_t i = 0; i < sizeof added / sizeof added[0]; i++) {
		long long id;

		snprintf(sql, sizeof sql, added[i], bj);
		id = fx_sql_int(&ts, sql);
		if (id <= 0)
			fail_msg("the seed has no member for: %s", sql);
		snprintf(sql, sizeof sql, "INSERT INTO member_branches (account_id, org_id, joined_at)"
		         " VALUES (%lld, %lld, 1767225600)", id, bj);
		fx_sql(&ts, sql);
	}
	assert_branch_is_the_table("branch joins", bj_staff, bj);
	assert_preview_is_the_table("branch joins", bj_staff);
	/* a member with paid orders moved out of the branch and one moved in,
	 * in the database: their orders go with them (order_tally) */
	snprintf(sql, sizeof sql, "SELECT MAX(m.account_id) FROM members m JOIN orders o"
	         " ON o.account_id = m.account_id AND o.status = 'paid' WHERE m.org_id = %lld"
	         " AND m.status = 'active'", bj);
	out = fx_sql_int(&ts, sql);
	snprintf(sql, sizeof sql, "SELECT MAX(m.account_id) FROM members m JOIN orders o"
	         " ON o.account_id = m.account_id AND o.status = 'paid' WHERE m.org_id <> %lld"
	         " AND m.status = 'active'", bj);
	in = fx_sql_int(&ts, sql);
	assert_true(out > 0 && in > 0);
	snprintf(sql, sizeof sql, "SELECT org_id FROM members WHERE account_id = %lld", in);
	from = fx_sql_int(&ts, sql);
	snprintf(sql, sizeof sql, "UPDATE members SET org_id = %lld WHERE account_id = %lld;"
	         " UPDATE members SET org_id = %lld WHERE account_id = %lld", from, out, bj, in);
	fx_sql(&ts, sql);
	assert_tallies_agree("members moved between branches");
	assert_branch_is_the_table("members moved between branches", bj_staff, bj);
	snprintf(sql, sizeof sql, "UPDATE members SET org_id = %lld WHERE account_id = %lld;"
	         " UPDATE members SET org_id = %lld WHERE account_id = %lld", bj, out, from, in);
	fx_sql(&ts, sql);
	snprintf(sql, sizeof sql, "SELECT MIN(account_id) FROM members WHERE org_id = %lld"
	         " AND member_no IS NOT NULL", bj);
	staffed = fx_sql_int(&ts, sql);
	snprintf(sql, sizeof sql, "UPDATE accounts SET role = 'hq_staff' WHERE id = %lld", staffed);
	fx_sql(&ts, sql);
	assert_branch_is_the_table("a member of the branch made staff", bj_staff, bj);
	snprintf(sql, sizeof sql, "UPDATE accounts SET role = 'member' WHERE id = %lld", staffed);
	fx_sql(&ts, sql);
	fx_sql(&ts, "DELETE FROM member_branches WHERE joined_at = 1767225600");
	free(bj_staff);
}

/* A seed places every order it was asked for, whatever its last member
 * draws (one who never applied has none of their own): thirty one-member
 * seeds of four orders each. */
static void test_seed_places_every_order(void **state)
{
	long long before = fx_sql_int(&ts, "SELECT COUNT(*) FROM orders");

	(void)state;
	for (int k = 1; k <= 30; k++) {
		char seed_no[16];
		const char *const seed[] = {
			"seed", "--members", "1", "--orders", "4", "--seed", seed_no, NULL
		};

		snprintf(seed_no, sizeof seed_no, "%d", k);
		if (ts_rosterd(&ts, seed, NULL) != 0)
			fail_msg("rosterd seed --members 1 --orders 4 --seed %d failed", k);
	}
	assert_int_equal(fx_sql_int(&ts, "SELECT COUNT(*) FROM orders"), before + 120);
	assert_tallies_agree("thirty small seeds");
	assert_review_totals_are_the_table("thirty small seeds", NULL, 0);
}

/* Thousands of members without a number (the part of the register a
 * page reads from its nearer end, staff_queries.c): walked when each of
 * them has a member row and when one has none, each time every member
 * once, in order, as many as the total says. */
static void test_many_without_number(void **state)
{
	int64_t total;
	long long unrowed;
	cJSON *rows;
	char sql[160];

	(void)state;
	fx_sql(&ts, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2300)"
	            " INSERT INTO accounts (username, username_key, email, password_hash, role,"
	            " member_type, created_at, updated_at, password_changed_at)"
	            " SELECT 'rest' || i, 'rest' || i, 'rest' || i || '@tally.test', 'x', 'member',"
	            " 'individual', 1, 1, 1 FROM n");
	fx_sql(&ts, "INSERT INTO members (account_id, member_type, created_at, updated_at)"
	            " SELECT a.id, 'individual', 1, 1 FROM accounts a WHERE a.role = 'member'"
	            " AND NOT EXISTS (SELECT 1 FROM members m WHERE m.account_id = a.id)");
	assert_tallies_agree("2,300 members without a number");
	assert_true(fx_sql_int(&ts, "SELECT COUNT(*) FROM members WHERE member_no IS NULL") > 2300);
	rows = walk("", 23, &total);
	assert_register_order(rows);
	cJSON_Delete(rows);

	unrowed = fx_sql_int(&ts, "SELECT MAX(account_id) FROM members WHERE member_no IS NULL");
	snprintf(sql, sizeof sql, "DELETE FROM members WHERE account_id = %lld", unrowed);
	fx_sql(&ts, sql);
	rows = walk("", 23, &total);
	assert_register_order(rows);
	assert_int_equal(json_int_or(cJSON_GetArrayItem(rows, cJSON_GetArraySize(rows) - 1), "id", 0),
	                 unrowed);
	cJSON_Delete(rows);
	assert_stats_are_the_register("2,300 members without a number");
}

/* Another zone: the years are counted again at the start, and stamped. */
static void test_zone_change(void **state)
{
	static const char *const ny[] = { "--set", "association.timezone=America/New_York", NULL };
	struct test_server other;
	char *stamp;

	(void)state;
	/* paid on 2026-01-01 04:00 in China, which is 2025-12-31 in New York */
	fx_sql(&ts, "UPDATE orders SET paid_at = 1767211200"
	            " WHERE id = (SELECT MIN(id) FROM orders WHERE status = 'paid')");
	assert_int_equal(ts_start_beside(&other, &ts, ny), 0);
	stamp = fx_sql_text(&ts, "SELECT zone FROM tally_stamp");
	assert_string_equal(stamp, "America/New_York");
	free(stamp);
	setenv("TZ", "America/New_York", 1);
	setenv("PGTZ", "America/New_York", 1);
	assert_tallies_agree("a start in New York");
	assert_dues_are_the_orders(&other, "America/New_York");
	assert_int_equal(ts_stop(&other), 0);
	setenv("TZ", "Asia/Shanghai", 1);
	setenv("PGTZ", "Asia/Shanghai", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seeded),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_seed_places_every_order),
		cmocka_unit_test(test_many_without_number),
		cmocka_unit_test(test_branch_register),
		cmocka_unit_test(test_zone_change),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
