/* Who may see and do what, against a real rosterd: a member sees only
 * their own applications (another's id answers 404, however the request is
 * made); a branch officer sees only their branch's and acts only at its
 * stage; HQ acts only at its stage; members cannot review; drafts are
 * private. */
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

static void test_members_see_only_their_own(void **state)
{
	char *a = fx_register(&ts_group, "alice"), *b = fx_register(&ts_group, "bob"), path[128];
	const char *suffixes[] = { "", "/submit" };
	int64_t ida, idb;
	cJSON *l, *app;

	(void)state;
	fx_draft(&ts_group, a, "BJ", "regular", fx_profile("艾丽丝"));
	fx_upload_form(&ts_group, a);
	ida = fx_join_id(&ts_group, a);
	idb = fx_join_id(&ts_group, b);
	assert_true(ida != idb);

	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)ida);
	cJSON_Delete(fx_call(&ts_group, "GET", path, b, NULL, 404));
	cJSON_Delete(fx_call(&ts_group, "PUT", path, b, "{\"profile\":{\"name\":\"鲍勃\"}}", 404));
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "/api/v1/applications/%lld%s", (long long)ida, suffixes[i]);
		cJSON_Delete(fx_call(&ts_group, i ? "POST" : "GET", path, b, i ? "{}" : NULL, 404));
	}
	/* an id that does not exist looks the same as another's */
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/applications/987654", b, NULL, 404));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/applications/0", b, NULL, 404));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/applications/-1", b, NULL, 404));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/applications/1e3", b, NULL, 404));

	/* nothing of Alice's changed, and Bob's list holds only his */
	app = fx_call(&ts_group, "GET", "/api/v1/application", a, NULL, 200);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(app, "profile"), "name", ""), "艾丽丝");
	assert_string_equal(json_str_or(app, "status", ""), "draft");
	cJSON_Delete(app);
	l = fx_call(&ts_group, "GET", "/api/v1/applications", b, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 1);
	assert_int_equal(json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0), "id", -1), idb);
	cJSON_Delete(l);

	/* members do not review, not even their own */
	fx_submit(&ts_group, a);
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/review/applications", a, NULL, 403));
	assert_int_equal(fx_decide(&ts_group, a, ida, "approve", NULL), 403);
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)ida);
	cJSON_Delete(fx_call(&ts_group, "GET", path, a, NULL, 403));
	cJSON_Delete(fx_call(&ts_group, "GET", path, NULL, NULL, 401));

	/* a draft is private even to HQ */
	{
		char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
		snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)idb);
		cJSON_Delete(fx_call(&ts_group, "GET", path, hq, NULL, 404));
		assert_int_equal(fx_decide(&ts_group, hq, idb, "approve", NULL), 404);
		free(hq);
	}
	free(a);
	free(b);
}

static void test_branch_officers_stay_in_their_branch(void **state)
{
	char *m = fx_register(&ts_group, "carol"), *sh = ts_login(&ts_group, "sh_staff", "Branch-Demo-2026");
	char *bj = ts_login(&ts_group, "bj_staff", "Branch-Demo-2026"), *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	char path[128];
	cJSON *a, *l, *me;
	int64_t id;

	(void)state;
	fx_draft(&ts_group, m, "BJ", "regular", fx_profile("卡罗尔"));
	fx_upload_form(&ts_group, m);
	id = fx_submit(&ts_group, m);

	/* SH's officer cannot see or act on BJ's application, by any route */
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)id);
	cJSON_Delete(fx_call(&ts_group, "GET", path, sh, NULL, 404));
	assert_int_equal(fx_decide(&ts_group, sh, id, "approve", NULL), 404);
	assert_int_equal(fx_decide(&ts_group, sh, id, "reject", "不是本分会"), 404);
	l = fx_call(&ts_group, "GET", "/api/v1/review/applications?status=all", sh, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 0);
	cJSON_Delete(l);
	snprintf(path, sizeof path, "/api/v1/review/applications?org_id=%lld",
	         (long long)fx_org_id(&ts_group, "BJ"));
	l = fx_call(&ts_group, "GET", path, sh, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 0);
	cJSON_Delete(l);
	a = fx_call(&ts_group, "GET", "/api/v1/application", m, NULL, 200);
	snprintf(path, sizeof path, "/api/v1/application/attachments/%lld", (long long)json_int_or(
	         cJSON_GetArrayItem(cJSON_GetObjectItem(a, "attachments"), 0), "id", -1));
	cJSON_Delete(a);
	cJSON_Delete(fx_call(&ts_group, "GET", path, sh, NULL, 404));
	me = fx_me_member(&ts_group, m);
	assert_string_equal(json_str_or(me, "status", ""), "pending_branch");
	cJSON_Delete(me);

	/* BJ's officer acts at the branch stage only */
	assert_int_equal(fx_decide(&ts_group, bj, id, "approve", NULL), 200);
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)id);
	a = fx_call(&ts_group, "GET", path, bj, NULL, 200);
	assert_string_equal(json_str_or(a, "status", ""), "pending_hq");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(a, "may_act")));
	cJSON_Delete(a);
	assert_int_equal(fx_decide(&ts_group, bj, id, "reject", "越权"), 403);
	assert_int_equal(fx_decide(&ts_group, hq, id, "reject", "资料不全"), 200);
	me = fx_me_member(&ts_group, m);
	assert_string_equal(json_str_or(me, "status", ""), "rejected");
	cJSON_Delete(me);
	free(m);
	free(sh);
	free(bj);
	free(hq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members_see_only_their_own),
		cmocka_unit_test(test_branch_officers_stay_in_their_branch),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
