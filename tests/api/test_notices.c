/* Notices against a real rosterd: the demo ones are there; everyone reads
 * them, pinned first, page by page; HQ staff create, edit, pin and delete;
 * members and branch officers may not; bad input is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

static const char *str(const cJSON *o, const char *k)
{
	return json_str_or(o, k, "(none)");
}

static void test_demo_notices(void **state)
{
	cJSON *l = fx_call(&ts_group, "GET", "/api/v1/notices", NULL, NULL, 200);
	const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0), *it;
	char path[64];
	cJSON *n;

	(void)state;
	assert_int_equal(json_int_or(l, "total", -1), 3);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(first, "pinned")));
	assert_non_null(strstr(str(first, "title"), "会费"));
	assert_true(strlen(str(first, "title_en")) > 0);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(l, "items"))
		assert_true(strlen(str(it, "body")) > 10);
	snprintf(path, sizeof path, "/api/v1/notices/%lld", (long long)json_int_or(first, "id", -1));
	n = fx_call(&ts_group, "GET", path, NULL, NULL, 200);
	assert_string_equal(str(n, "title"), str(first, "title"));
	cJSON_Delete(n);
	cJSON_Delete(l);
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/notices/424242", NULL, NULL, 404));
}

static void test_staff_write(void **state)
{
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026"), *admin = ts_login(&ts_group, "admin", "Admin-Demo-2026");
	char *bj = ts_login(&ts_group, "bj_staff", "Branch-Demo-2026"), *member = fx_register(&ts_group, "reader1");
	const char *body = "{\"title\":\"关于召开第五届理事会的通知\",\"body\":\"定于12月20日召开。\\n请准时参加。\"}";
	char path[64];
	cJSON *n, *l;
	int64_t id;

	(void)state;
	/* staff write; members do not */
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/notices", member, body, 403));
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/notices", NULL, body, 401));

	n = fx_call(&ts_group, "POST", "/api/v1/notices", hq, body, 201);
	id = json_int_or(n, "id", -1);
	assert_string_equal(str(n, "title"), "关于召开第五届理事会的通知");
	assert_string_equal(str(n, "body"), "定于12月20日召开。\n请准时参加。");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(n, "pinned")));
	cJSON_Delete(n);

	/* newest after the pinned one */
	l = fx_call(&ts_group, "GET", "/api/v1/notices", member, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 4);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0),
	                                             "pinned")));
	assert_int_equal(json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 1), "id", -1), id);
	cJSON_Delete(l);

	/* pinned, it comes first among the pinned by date; the edit keeps what
	 * is not sent */
	snprintf(path, sizeof path, "/api/v1/notices/%lld", (long long)id);
	n = fx_call(&ts_group, "PUT", path, admin, "{\"pinned\":true,\"title_en\":\"Council meeting\"}", 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(n, "pinned")));
	assert_string_equal(str(n, "title"), "关于召开第五届理事会的通知");
	assert_string_equal(str(n, "title_en"), "Council meeting");
	cJSON_Delete(n);
	l = fx_call(&ts_group, "GET", "/api/v1/notices?per_page=1", NULL, NULL, 200);
	assert_int_equal(json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0), "id", -1), id);
	assert_int_equal(json_int_or(l, "total", -1), 4);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "items")), 1);
	cJSON_Delete(l);
	l = fx_call(&ts_group, "GET", "/api/v1/notices?per_page=3&page=2", NULL, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "items")), 1);
	cJSON_Delete(l);
	cJSON_Delete(fx_call(&ts_group, "PUT", path, bj, "{\"pinned\":false}", 403));

	/* bad input */
	n = fx_call(&ts_group, "POST", "/api/v1/notices", hq, "{\"title\":\"\",\"body\":\"x\"}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(n), "title"));
	cJSON_Delete(n);
	n = fx_call(&ts_group, "POST", "/api/v1/notices", hq, "{\"title\":\"两行\\n标题\",\"body\":\"x\"}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(n), "title"));
	cJSON_Delete(n);
	n = fx_call(&ts_group, "POST", "/api/v1/notices", hq, "{\"body\":\"x\",\"pinned\":\"yes\"}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(n), "title"));
	assert_non_null(cJSON_GetObjectItem(fx_fields(n), "pinned"));
	cJSON_Delete(n);
	cJSON_Delete(fx_call(&ts_group, "PUT", path, hq, "{\"body\":\"\"}", 422));
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/notices/424242", hq, "{\"pinned\":true}", 404));

	/* deleted */
	cJSON_Delete(fx_call(&ts_group, "DELETE", path, member, NULL, 403));
	cJSON_Delete(fx_call(&ts_group, "DELETE", path, hq, NULL, 200));
	cJSON_Delete(fx_call(&ts_group, "GET", path, NULL, NULL, 404));
	cJSON_Delete(fx_call(&ts_group, "DELETE", path, hq, NULL, 404));
	l = fx_call(&ts_group, "GET", "/api/v1/notices", NULL, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 3);
	cJSON_Delete(l);

	/* a branch officer publishes for their branch, and manages only
	 * their branch's notices */
	n = fx_call(&ts_group, "POST", "/api/v1/notices", bj,
	            "{\"title\":\"北京分会活动\",\"body\":\"周六见。\",\"org_id\":1}", 201);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(n, "org"), "code", ""), "BJ");
	id = json_int_or(n, "id", -1);
	cJSON_Delete(n);
	l = fx_call(&ts_group, "GET", "/api/v1/notices", NULL, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 4);
	n = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 3);
	snprintf(path, sizeof path, "/api/v1/notices/%lld", (long long)json_int_or(n, "id", -1));
	cJSON_Delete(l);
	cJSON_Delete(fx_call(&ts_group, "PUT", path, bj, "{\"pinned\":true}", 403));
	cJSON_Delete(fx_call(&ts_group, "DELETE", path, bj, NULL, 403));
	snprintf(path, sizeof path, "/api/v1/notices/%lld", (long long)id);
	cJSON_Delete(fx_call(&ts_group, "PUT", path, bj, "{\"pinned\":true}", 200));
	cJSON_Delete(fx_call(&ts_group, "DELETE", path, bj, NULL, 200));
	free(hq);
	free(admin);
	free(bj);
	free(member);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_notices),
		cmocka_unit_test(test_staff_write),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
