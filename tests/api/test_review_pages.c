/* The review lists walked page by page on a seeded association (2,000
 * members, their applications in every state), as staff page through
 * them: for HQ and for a branch officer, the queue (both stages, each
 * stage, a kind, an organisation) and the history (decided, approved,
 * rejected):
 *   - every application of the list comes exactly once, and the walk
 *     ends at the list's total, which is the table's count;
 *   - the queue is in submission order, oldest first (the submission
 *     time, or the creation time when there is none, then the id); the
 *     history newest decision first;
 *   - every row has the status and the branch the list is for;
 *   - after a decision the application leaves the queue and heads the
 *     history, and both walks still agree with the table;
 *   - nothing the seed made is dated later than the seed ran. */
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

static struct test_server ts;
static char *hq, *bj_staff;
static long long bj;

static int setup(void **state)
{
	static const char *const seed[] = {
		"seed", "--members", "2000", "--orders", "2000", "--seed", "5", NULL
	};

	(void)state;
	if (ts_start(&ts, NULL) != 0 || ts_rosterd(&ts, seed, NULL) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	bj_staff = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	bj = fx_sql_int(&ts, "SELECT id FROM orgs WHERE code = 'BJ'");
	return hq && bj_staff && bj > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(hq);
	free(bj_staff);
	return ts_stop(&ts) == 0 ? 0 : -1;
}

struct list {
	const char *query;    /* after /review/applications?per_page=N */
	const char *statuses; /* the stored statuses it lists, for SQL IN */
	const char *also;     /* the rest of its condition, in SQL */
	bool newest;          /* the history: newest decision first */
	bool in_bj;           /* with &org_id= Beijing's */
};

/* The time a row is ordered by: the history's decision (else its last
 * change), the queue's submission (else its creation). */
static int64_t row_time(const cJSON *it, bool newest)
{
	if (newest)
		return json_int_or(it, "decided_at", json_int_or(it, "updated_at", 0));
	return json_int_or(it, "submitted_at", json_int_or(it, "created_at", 0));
}

/* Walk l as token (of the branch officer of org when org is not 0) in
 * pages of per_page: fails unless the walk is the table's, once each, in
 * the list's order. Returns the first row's id (0 when empty). */
static int64_t walk(const struct list *l, const char *token, long long org, int per_page)
{
	int64_t total = -1, seen = 0, prev_time = 0, prev_id = 0, first = 0, id_sum = 0;
	int64_t *ids = NULL;
	char path[400], sql[1200], in_bj[40] = "";
	long long want;

	for (int page = 1;; page++) {
		cJSON *j, *it;
		int got = 0;

		if (l->in_bj)
			snprintf(in_bj, sizeof in_bj, "&org_id=%lld", bj);
		snprintf(path, sizeof path, "/api/v1/review/applications?per_page=%d&page=%d%s%s",
		         per_page, page, l->query, in_bj);
		j = fx_call(&ts, "GET", path, token, NULL, 200);
		if (total < 0)
			total = json_int_or(j, "total", -1);
		assert_int_equal(json_int_or(j, "total", -1), total);
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
			int64_t id = json_int_or(it, "id", 0), t = row_time(it, l->newest);
			char quoted[40];

			snprintf(quoted, sizeof quoted, "'%s'", json_str_or(it, "status", ""));
			if (!strstr(l->statuses, quoted))
				fail_msg("%s: #%lld is %s", path, (long long)id, quoted);
			if (org && json_int_or(cJSON_GetObjectItemCaseSensitive(it, "review_org"), "id",
			                       0) != org)
				fail_msg("%s: #%lld is another branch's", path, (long long)id);
			for (int64_t k = 0; k < seen; k++)
				if (ids[k] == id)
					fail_msg("%s: #%lld came before", path, (long long)id);
			if (seen && (l->newest ? (t > prev_time || (t == prev_time && id > prev_id))
			                       : (t < prev_time || (t == prev_time && id < prev_id))))
				fail_msg("%s: #%lld out of order after #%lld", path, (long long)id,
				         (long long)prev_id);
			ids = realloc(ids, (size_t)(seen + 1) * sizeof *ids);
			assert_non_null(ids);
			ids[seen++] = id;
			id_sum += id;
			if (!first)
				first = id;
			prev_time = t;
			prev_id = id;
			got++;
		}
		cJSON_Delete(j);
		if (got < per_page)
			break;
	}
	free(ids);
	assert_int_equal(seen, total);
	/* as many as the table has, and the same ones (their ids' sum) */
	for (int k = 0; k < 2; k++) {
		int64_t got = k ? id_sum : total;

		snprintf(sql, sizeof sql,
		         "SELECT %s FROM applications a WHERE a.status IN (%s)%s"
		         " AND (%d = 0 OR a.org_id = %lld) AND (%lld = 0 OR a.review_org_id = %lld)",
		         k ? "COALESCE(SUM(a.id), 0)" : "COUNT(*)", l->statuses, l->also, l->in_bj, bj,
		         org, org);
		want = fx_sql_int(&ts, sql);
		if (got != want)
			fail_msg("%s%s lists %s %lld, the table %lld", l->query, in_bj,
			         k ? "ids summing to" : "applications:", (long long)got, want);
	}
	return first;
}

static const struct list lists[] = {
	{ "", "'pending_branch', 'pending_hq'", "", false, false },
	{ "&stage=branch", "'pending_branch'", "", false, false },
	{ "&stage=hq", "'pending_hq'", "", false, false },
	{ "&kind=join", "'pending_branch', 'pending_hq'", " AND a.kind = 'join'", false, false },
	{ "", "'pending_branch', 'pending_hq'", "", false, true },
	{ "&status=decided", "'approved', 'rejected'", "", true, false },
	{ "&status=approved", "'approved'", "", true, false },
	{ "&status=rejected", "'rejected'", "", true, false },
};

/* Every list for HQ and the branch officer, in pages of 7 and of 50. */
static void walk_all(void)
{
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		walk(&lists[i], hq, 0, 7);
		walk(&lists[i], hq, 0, 50);
		walk(&lists[i], bj_staff, bj, 7);
	}
}

static void test_walks(void **state)
{
	char sql[300];

	(void)state;
	/* nothing seeded happened later than now */
	snprintf(sql, sizeof sql,
	         "SELECT COUNT(*) FROM applications WHERE created_at > %lld OR submitted_at > %lld"
	         " OR decided_at > %lld OR account_id IN (SELECT id FROM accounts"
	         "  WHERE created_at > %lld)", (long long)time(NULL), (long long)time(NULL),
	         (long long)time(NULL), (long long)time(NULL));
	assert_int_equal(fx_sql_int(&ts, sql), 0);
	/* the seed left a queue long enough to page */
	assert_true(fx_sql_int(&ts, "SELECT COUNT(*) FROM applications"
	                            " WHERE status = 'pending_hq'") > 14);
	assert_true(fx_sql_int(&ts, "SELECT COUNT(*) FROM applications"
	                            " WHERE status = 'pending_branch' AND review_org_id = "
	                            " (SELECT id FROM orgs WHERE code = 'BJ')") > 7);
	walk_all();
}

/* The queue's head decided: it leaves the queue and heads the history. */
static void test_after_a_decision(void **state)
{
	const struct list queue = { "&stage=hq", "'pending_hq'", "", false, false };
	const struct list history = { "&status=decided", "'approved', 'rejected'", "", true, false };
	int64_t head;

	(void)state;
	head = walk(&queue, hq, 0, 7);
	assert_true(head > 0);
	assert_int_equal(fx_decide(&ts, hq, head, "approve", NULL), 200);
	assert_int_not_equal(walk(&queue, hq, 0, 7), head);
	assert_int_equal(walk(&history, hq, 0, 7), head);
	walk_all();
}

/* "%XX" for every byte of s that is not an ASCII letter or digit */
static void url_encode(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s && n + 4 < size; s++)
		n += (size_t)snprintf(out + n, size - n,
		                      ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		                       (*s >= '0' && *s <= '9')) ? "%c" : "%%%02X",
		                      (unsigned char)*s);
	out[n] = '\0';
}

/* The searched lists walked as the others: the rows the search finds are
 * those whose username, member number or name (the application's, else
 * its member's) hold the text, the condition the search was first written
 * with, here in SQL joined application by application. One decided
 * application is left without a name of its own, so that its member's
 * name is what finds it. */
static void test_searched_walks(void **state)
{
	static const char *const statuses[] = {
		"'pending_branch', 'pending_hq', 'approved', 'rejected'",
		"'approved', 'rejected'",
		"'pending_branch', 'pending_hq'",
	};
	static const char *const status_query[] = { "&status=all", "&status=decided", "" };
	char *name, *texts[4], query[200], also[700], sql[300];
	long long nameless;

	(void)state;
	nameless = fx_sql_int(&ts, "SELECT MIN(a.id) FROM applications a JOIN members m"
	                           " ON m.account_id = a.account_id WHERE a.status = 'approved'"
	                           " AND m.name IS NOT NULL");
	assert_true(nameless > 0);
	snprintf(sql, sizeof sql, "UPDATE applications SET profile = '{}' WHERE id = %lld", nameless);
	fx_sql(&ts, sql);
	snprintf(sql, sizeof sql, "SELECT m.name FROM applications a JOIN members m"
	         " ON m.account_id = a.account_id WHERE a.id = %lld", nameless);
	name = fx_sql_text(&ts, sql);
	assert_int_equal(fx_sql_int(&ts, "SELECT COUNT(*) FROM applications WHERE search_name IS NULL"
	                                 " AND status = 'approved'"), 1);
	texts[0] = "wang";      /* usernames, and names spelt so */
	texts[1] = "m2019";     /* member numbers, any case */
	texts[2] = "王";        /* names */
	texts[3] = name;        /* the nameless application's member, among others */
	for (size_t t = 0; t < 4; t++) {
		char enc[120];

		url_encode(texts[t], enc, sizeof enc);
		snprintf(also, sizeof also,
		         " AND a.id IN (SELECT x.id FROM applications x"
		         " JOIN accounts c ON c.id = x.account_id"
		         " LEFT JOIN members m ON m.account_id = x.account_id"
		         " WHERE LOWER(c.username) LIKE '%%%s%%' OR LOWER(m.member_no) LIKE '%%%s%%'"
		         " OR LOWER(COALESCE(x.search_name, m.name, '')) LIKE '%%%s%%')",
		         texts[t], texts[t], texts[t]);
		for (size_t k = 0; k < 3; k++) {
			const struct list l = { query, statuses[k], also, k == 1, false };

			snprintf(query, sizeof query, "%s&q=%s", status_query[k], enc);
			walk(&l, hq, 0, 50);
			walk(&l, bj_staff, bj, 7);
		}
	}
	/* the nameless application is found by its member's name */
	{
		char path[300], enc[120];
		cJSON *j;
		const cJSON *it;
		bool found = false;

		url_encode(name, enc, sizeof enc);
		snprintf(path, sizeof path,
		         "/api/v1/review/applications?status=approved&per_page=100&q=%s", enc);
		j = fx_call(&ts, "GET", path, hq, NULL, 200);
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
			found |= json_int_or(it, "id", 0) == nameless;
		cJSON_Delete(j);
		assert_true(found);
	}
	free(name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walks),
		cmocka_unit_test(test_after_a_decision),
		cmocka_unit_test(test_searched_walks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
