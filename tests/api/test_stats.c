/* Staff figures against a real rosterd: GET /stats (members by status,
 * level and branch; money received per year) and GET /review/counts (what
 * waits: applications per stage and kind, bank transfers, invoices), each
 * scoped to the caller — a branch officer gets their branch's figures, HQ
 * the association's — and refused to members. */
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
static struct fx_member paid_bj;      /* active BJ member, invoice requested */
static struct fx_member transfer_bj;  /* BJ, approved, bank transfer waiting */
static struct fx_member branch_sh;    /* SH join waiting for the SH officer */
static struct fx_member hq_join;      /* joined HQ directly: waiting for HQ */
static char *hq, *bj, *sh;

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	sh = ts_login(&ts, "sh_staff", "Branch-Demo-2026");
	if (!hq || !bj || !sh)
		return -1;
	if (fx_member_active(&ts, "paidbj", "赵一", "BJ", "senior", &paid_bj) != 0 ||
	    fx_member_invoice(&ts, &paid_bj, "赵一") != 0 ||
	    fx_member_submit(&ts, "transferbj", "钱二", "BJ", "regular", &transfer_bj) != 0 ||
	    fx_member_submit(&ts, "branchsh", "孙三", "SH", "regular", &branch_sh) != 0 ||
	    fx_member_submit(&ts, "hqjoin", "周四", "HQ", "student", &hq_join) != 0)
		return -1;
	if (fx_decide(&ts, bj, transfer_bj.app_id, "approve", NULL) != 200 ||
	    fx_decide(&ts, hq, transfer_bj.app_id, "approve", NULL) != 200 ||
	    fx_member_transfer(&ts, &transfer_bj) <= 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&paid_bj);
	fx_member_free(&transfer_bj);
	fx_member_free(&branch_sh);
	fx_member_free(&hq_join);
	free(hq);
	free(bj);
	free(sh);
	ts_stop(&ts);
	return 0;
}

static void get(const char *path, const char *token, long status, struct http_reply *r)
{
	assert_int_equal(http_req(&ts, "GET", path, token, NULL, r), 0);
	if (r->status != status)
		fail_msg("GET %s: %ld, want %ld: %s", path, r->status, status, r->body);
}

/* The row of array key whose field equals value, or NULL. */
static const cJSON *row(const cJSON *j, const char *key, const char *field, const char *value)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, key))
		if (!strcmp(json_str_or(it, field, ""), value))
			return it;
	return NULL;
}

static int64_t count_of(const cJSON *j, const char *key, const char *field, const char *value)
{
	return json_int_or(row(j, key, field, value), "count", 0);
}

static int this_year(void)
{
	time_t t = time(NULL) + 8 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

static const cJSON *dues_row(const cJSON *j, int year)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "dues_by_year"))
		if (json_int_or(it, "year", 0) == year)
			return it;
	return NULL;
}

static void test_stats_hq(void **state)
{
	struct http_reply r;
	const cJSON *d, *lv;

	(void)state;
	get("/api/v1/stats", hq, 200, &r);
	assert_int_equal(count_of(r.json, "by_status", "status", "active"), 1);
	assert_int_equal(count_of(r.json, "by_status", "status", "pending_payment"), 1);
	assert_int_equal(count_of(r.json, "by_status", "status", "pending_branch"), 1);
	assert_int_equal(count_of(r.json, "by_status", "status", "pending_hq"), 1);
	/* the four here and the demo member, who never applied */
	assert_int_equal(json_int_or(r.json, "members", 0), 5);
	lv = row(r.json, "by_level", "code", "senior");
	assert_int_equal(json_int_or(lv, "count", 0), 1);
	assert_int_equal(json_int_or(lv, "active", 0), 1);
	lv = row(r.json, "by_level", "code", "regular");
	assert_int_equal(json_int_or(lv, "count", 0), 2);
	assert_int_equal(json_int_or(lv, "active", 0), 0);
	assert_int_equal(count_of(r.json, "by_branch", "code", "BJ"), 2);
	assert_int_equal(count_of(r.json, "by_branch", "code", "SH"), 1);
	assert_int_equal(count_of(r.json, "by_branch", "code", "HQ"), 1);
	d = dues_row(r.json, this_year());
	assert_non_null(d);
	assert_int_equal(json_int_or(d, "dues", 0), 80000);   /* 高级会员: 800 yuan */
	assert_int_equal(json_int_or(d, "total", 0), 80000);
	assert_int_equal(json_int_or(d, "orders", 0), 1);
	http_reply_free(&r);
}

static void test_stats_branch_scope(void **state)
{
	struct http_reply r;

	(void)state;
	get("/api/v1/stats", bj, 200, &r);
	assert_int_equal(json_int_or(r.json, "scope_org", 0), fx_org_id(&ts, "BJ"));
	assert_int_equal(json_int_or(r.json, "members", 0), 2);
	assert_int_equal(count_of(r.json, "by_status", "status", "pending_branch"), 0);
	assert_int_equal(count_of(r.json, "by_branch", "code", "SH"), 0);
	assert_int_equal(json_int_or(dues_row(r.json, this_year()), "total", 0), 80000);
	http_reply_free(&r);

	get("/api/v1/stats", sh, 200, &r);
	assert_int_equal(json_int_or(r.json, "members", 0), 1);
	assert_int_equal(count_of(r.json, "by_status", "status", "pending_branch"), 1);
	assert_null(dues_row(r.json, this_year()));   /* nobody of SH paid */
	http_reply_free(&r);

	get("/api/v1/stats", paid_bj.token, 403, &r);
	http_reply_free(&r);
	get("/api/v1/stats", NULL, 401, &r);
	http_reply_free(&r);
}

static int64_t at(const cJSON *j, const char *stage, const char *kind)
{
	const cJSON *apps = cJSON_GetObjectItemCaseSensitive(j, "applications");

	return json_int_or(cJSON_GetObjectItemCaseSensitive(apps, stage), kind, -1);
}

static void test_review_counts(void **state)
{
	struct http_reply r;

	(void)state;
	/* HQ staff cannot act at a branch stage: 孙三, waiting for SH, is not
	 * theirs */
	get("/api/v1/review/counts", hq, 200, &r);
	assert_string_equal(json_str_or(r.json, "scope", ""), "all");
	assert_int_equal(at(r.json, "branch", "join"), 0);
	assert_int_equal(at(r.json, "hq", "join"), 1);         /* 周四 */
	assert_int_equal(at(r.json, "hq", "profile_change"), 0);
	assert_int_equal(json_int_or(r.json, "bank_transfers", -1), 1);
	assert_int_equal(json_int_or(r.json, "invoices", -1), 1);
	assert_int_equal(json_int_or(r.json, "total", -1), 3);
	http_reply_free(&r);

	/* an admin can act at both stages: both count */
	{
		char *admin = ts_login(&ts, "admin", "Admin-Demo-2026");

		get("/api/v1/review/counts", admin, 200, &r);
		assert_int_equal(at(r.json, "branch", "join"), 1);
		assert_int_equal(at(r.json, "hq", "join"), 1);
		assert_int_equal(json_int_or(r.json, "total", -1), 4);
		http_reply_free(&r);
		free(admin);
	}

	/* the BJ officer: nothing at their branch stage, but their members'
	 * transfer and invoice */
	get("/api/v1/review/counts", bj, 200, &r);
	assert_string_equal(json_str_or(r.json, "scope", ""), "branch");
	assert_int_equal(at(r.json, "branch", "join"), 0);
	assert_int_equal(at(r.json, "hq", "join"), 0);
	assert_int_equal(json_int_or(r.json, "bank_transfers", -1), 1);
	assert_int_equal(json_int_or(r.json, "invoices", -1), 1);
	http_reply_free(&r);

	get("/api/v1/review/counts", sh, 200, &r);
	assert_int_equal(at(r.json, "branch", "join"), 1);
	assert_int_equal(json_int_or(r.json, "bank_transfers", -1), 0);
	assert_int_equal(json_int_or(r.json, "invoices", -1), 0);
	http_reply_free(&r);

	/* the counts follow the work: the SH officer approves, HQ gets it */
	assert_int_equal(fx_decide(&ts, sh, branch_sh.app_id, "approve", NULL), 200);
	get("/api/v1/review/counts", hq, 200, &r);
	assert_int_equal(at(r.json, "branch", "join"), 0);
	assert_int_equal(at(r.json, "hq", "join"), 2);
	http_reply_free(&r);

	get("/api/v1/review/counts", paid_bj.token, 403, &r);
	http_reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats_hq),
		cmocka_unit_test(test_stats_branch_scope),
		cmocka_unit_test(test_review_counts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
