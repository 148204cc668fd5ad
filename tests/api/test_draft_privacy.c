/* A join draft is the member's alone until it is submitted: staff do not
 * find it by the name typed into it (member search, the CSV export), the
 * member view shows the account but nothing of the draft, and the officer
 * of the branch the draft points at does not see the applicant at all.
 * Once submitted, the same applicant is found by every route. */
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

#define DRAFT_NAME "草稿赵六"

static struct test_server ts;
static char *hq, *bj, *member;
static int64_t member_id;

static int setup(void **state)
{
	cJSON *me;

	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	member = fx_register_as(&ts, "zhaoliu", FX_PASSWORD);
	if (!hq || !bj || !member)
		return -1;
	me = fx_call(&ts, "GET", "/api/v1/me", member, NULL, 200);
	member_id = json_int_or(me, "id", 0);
	cJSON_Delete(me);
	return member_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(hq);
	free(bj);
	free(member);
	ts_stop(&ts);
	return 0;
}

static int64_t list_total(const char *token, const char *path)
{
	cJSON *r = fx_call(&ts, "GET", path, token, NULL, 200);
	int64_t n = json_int_or(r, "total", -1);

	cJSON_Delete(r);
	return n;
}

static bool export_has(const char *token, const char *text)
{
	struct http_reply r;
	bool found;

	assert_int_equal(http_req(&ts, "GET", "/api/v1/members/export.csv", token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	found = strstr(r.body, text) != NULL;
	http_reply_free(&r);
	return found;
}

static void member_path(char *out, size_t len)
{
	snprintf(out, len, "/api/v1/members/%lld", (long long)member_id);
}

static void test_draft_stays_private(void **state)
{
	char path[96], *text;
	cJSON *r;
	const cJSON *m, *apps;

	(void)state;
	fx_draft(&ts, member, "BJ", "regular", fx_profile(DRAFT_NAME));

	/* search by the name typed into the draft finds nothing, for anyone */
	assert_int_equal(list_total(hq, "/api/v1/members?q=%E8%8D%89%E7%A8%BF%E8%B5%B5%E5%85%AD"), 0);
	assert_int_equal(list_total(bj, "/api/v1/members?q=%E8%8D%89%E7%A8%BF%E8%B5%B5%E5%85%AD"), 0);
	/* nor by the draft's e-mail or mobile fields: the profile is not searched */
	assert_int_equal(list_total(hq, "/api/v1/members?q=zhaoliu"), 1);

	/* HQ sees the account, but nothing of the draft */
	member_path(path, sizeof path);
	r = fx_call(&ts, "GET", path, hq, NULL, 200);
	m = cJSON_GetObjectItemCaseSensitive(r, "member");
	assert_non_null(m);
	assert_string_equal(json_str_or(m, "status", ""), "draft");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(m, "name")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(m, "org")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(m, "level")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(m, "profile")), 0);
	apps = cJSON_GetObjectItemCaseSensitive(r, "applications");
	assert_int_equal(cJSON_GetArraySize(apps), 0);
	text = cJSON_PrintUnformatted(r);
	assert_null(strstr(text, DRAFT_NAME));
	free(text);
	cJSON_Delete(r);

	/* the CSV export does not carry the draft's name */
	assert_false(export_has(hq, DRAFT_NAME));

	/* the branch the draft points at does not see the applicant */
	r = fx_call(&ts, "GET", path, bj, NULL, 404);
	cJSON_Delete(r);
	assert_int_equal(list_total(bj, "/api/v1/members?q=zhaoliu"), 0);
	assert_false(export_has(bj, "zhaoliu"));
}

static void test_submitted_is_seen(void **state)
{
	char path[96];
	cJSON *r;
	const cJSON *m;

	(void)state;
	fx_upload_form(&ts, member);
	fx_submit(&ts, member);
	assert_int_equal(list_total(hq, "/api/v1/members?q=%E8%8D%89%E7%A8%BF%E8%B5%B5%E5%85%AD"), 1);
	assert_int_equal(list_total(bj, "/api/v1/members?q=zhaoliu"), 1);
	member_path(path, sizeof path);
	r = fx_call(&ts, "GET", path, bj, NULL, 200);
	m = cJSON_GetObjectItemCaseSensitive(r, "member");
	assert_string_equal(json_str_or(m, "name", ""), DRAFT_NAME);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "applications")), 1);
	cJSON_Delete(r);
	assert_true(export_has(hq, DRAFT_NAME));
	assert_true(export_has(bj, DRAFT_NAME));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draft_stays_private),
		cmocka_unit_test(test_submitted_is_seen),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
