/* The applications besides the join, against a real rosterd: a profile
 * change applies only after the branch approves it; a level change is
 * reviewed by HQ and then either owes the fee difference (an order) or
 * applies at once; a branch join is reviewed by that branch; a rejected one
 * is edited and submitted again; 我的申请 lists them all with filters. */
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

static const char *path_str(const cJSON *o, const char *k1, const char *k2)
{
	return json_str_or(cJSON_GetObjectItemCaseSensitive(o, k1), k2, "(none)");
}

static const char *profile_field(const char *tok, const char *field, char *buf, size_t len)
{
	cJSON *p = fx_call(&ts_group, "GET", "/api/v1/member/profile", tok, NULL, 200);

	snprintf(buf, len, "%s", path_str(p, "profile", field));
	cJSON_Delete(p);
	return buf;
}

static void test_profile_change(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "wangfang", "BJ", "王芳");
	char *bj = ts_login(&ts_group, "bj_staff", "Branch-Demo-2026");
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	char buf[200], path[128];
	cJSON *a, *p;
	const cJSON *c;
	int64_t id;

	(void)state;
	/* nothing changed, or a bad value, is refused */
	a = fx_call(&ts_group, "POST", "/api/v1/member/profile-changes", tok,
	            "{\"profile\":{\"employer\":\"示例研究院\"}}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "profile"));
	cJSON_Delete(a);
	a = fx_call(&ts_group, "POST", "/api/v1/member/profile-changes", tok,
	            "{\"profile\":{\"email\":\"not-an-address\"}}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "email"));
	cJSON_Delete(a);
	/* a required field cannot be emptied */
	a = fx_call(&ts_group, "POST", "/api/v1/member/profile-changes", tok,
	            "{\"profile\":{\"employer\":\"\"}}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "employer"));
	cJSON_Delete(a);

	a = fx_call(&ts_group, "POST", "/api/v1/member/profile-changes", tok,
	            "{\"profile\":{\"employer\":\"北京示例大学\",\"school\":\"示例学院\"}}", 201);
	id = json_int_or(a, "id", -1);
	assert_string_equal(str(a, "kind"), "profile_change");
	/* the member joined through BJ, so BJ reviews it */
	assert_string_equal(str(a, "status"), "pending_branch");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "changes")), 2);
	c = cJSON_GetArrayItem(cJSON_GetObjectItem(a, "changes"), 0);
	assert_string_equal(str(c, "field"), "employer");
	assert_string_equal(str(c, "before"), "示例研究院");
	assert_string_equal(str(c, "after"), "北京示例大学");
	assert_string_equal(str(c, "label_zh"), "工作单位");
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "changes"), 1), "before"), "");
	cJSON_Delete(a);

	/* one open change at a time; nothing applies before approval */
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/member/profile-changes", tok,
	                     "{\"profile\":{\"position\":\"研究员\"}}", 409));
	assert_string_equal(profile_field(tok, "employer", buf, sizeof buf), "示例研究院");
	p = fx_call(&ts_group, "GET", "/api/v1/member/profile", tok, NULL, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(p, "approved")));
	assert_int_equal(json_int_or(cJSON_GetObjectItem(p, "pending_change"), "id", -1), id);
	cJSON_Delete(p);

	/* HQ does not act on a branch's profile change */
	assert_int_equal(fx_decide(&ts_group, hq, id, "approve", NULL), 403);
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)id);
	a = fx_call(&ts_group, "GET", path, bj, NULL, 200);
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "changes"), 0), "before"),
	                    "示例研究院");
	assert_string_equal(path_str(a, "applicant", "name"), "王芳");
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "changes"), 0), "after"),
	                    "北京示例大学");
	cJSON_Delete(a);
	assert_int_equal(fx_decide(&ts_group, bj, id, "approve", NULL), 200);
	assert_string_equal(profile_field(tok, "employer", buf, sizeof buf), "北京示例大学");
	assert_string_equal(profile_field(tok, "school", buf, sizeof buf), "示例学院");
	assert_string_equal(profile_field(tok, "name", buf, sizeof buf), "王芳");
	p = fx_call(&ts_group, "GET", "/api/v1/member/profile", tok, NULL, 200);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(p, "pending_change")));
	cJSON_Delete(p);

	/* a rejected change is edited and submitted again */
	a = fx_call(&ts_group, "POST", "/api/v1/member/profile-changes", tok,
	            "{\"profile\":{\"name\":\"王芳芳\"}}", 201);
	id = json_int_or(a, "id", -1);
	cJSON_Delete(a);
	assert_int_equal(fx_decide(&ts_group, bj, id, "reject", "改名需提供证明"), 200);
	assert_string_equal(profile_field(tok, "name", buf, sizeof buf), "王芳");
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)id);
	a = fx_call(&ts_group, "PUT", path, tok, "{\"profile\":{\"position\":\"副研究员\"}}", 200);
	assert_string_equal(str(a, "status"), "rejected");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "changes")), 1);
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "changes"), 0), "field"),
	                    "position");
	cJSON_Delete(a);
	snprintf(path, sizeof path, "/api/v1/applications/%lld/submit", (long long)id);
	a = fx_call(&ts_group, "POST", path, tok, "{}", 200);
	assert_string_equal(str(a, "status"), "pending_branch");
	cJSON_Delete(a);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{}", 409));
	assert_int_equal(fx_decide(&ts_group, bj, id, "approve", NULL), 200);
	assert_string_equal(profile_field(tok, "position", buf, sizeof buf), "副研究员");
	assert_string_equal(profile_field(tok, "name", buf, sizeof buf), "王芳");
	free(tok);
	free(bj);
	free(hq);
}

static void test_profile_change_needs_approved_member(void **state)
{
	char *tok = fx_register(&ts_group, "newcomer");
	cJSON *a;

	(void)state;
	a = fx_call(&ts_group, "POST", "/api/v1/member/profile-changes", tok,
	            "{\"profile\":{\"employer\":\"某单位\"}}", 409);
	assert_string_equal(http_error_code(&(struct http_reply){ .json = a }), "conflict");
	cJSON_Delete(a);
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/branch-joins", tok,
	                     "{\"org_id\":3}", 409));
	free(tok);
}

static void test_level_change(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "liuyang", "HQ", "刘洋");
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026"), *body, path[128];
	int64_t senior = fx_level_id(&ts_group, "senior"), student = fx_level_id(&ts_group, "student");
	int64_t council = fx_level_id(&ts_group, "council"), id, order;
	cJSON *a, *me, *o;

	(void)state;
	/* not before the membership is paid */
	body = NULL;
	assert_true(asprintf(&body, "{\"level_id\":%lld,\"reason\":\"职称晋升\"}", (long long)senior) > 0);
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 409));
	fx_pay_dues(&ts_group, tok);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(str(me, "status"), "active");
	cJSON_Delete(me);

	/* a level of the member's type, not the current one, with a reason */
	free(body);
	assert_true(asprintf(&body, "{\"level_id\":%lld}", (long long)fx_level_id(&ts_group, "regular")) > 0);
	a = fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "reason"));
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "level_id"));  /* the current one */
	cJSON_Delete(a);
	free(body);
	assert_true(asprintf(&body, "{\"level_id\":%lld,\"reason\":\"x\"}", (long long)council) > 0);
	a = fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "level_id"));
	cJSON_Delete(a);
	free(body);

	/* up a level: HQ approves, and the difference is owed */
	assert_true(asprintf(&body, "{\"level_id\":%lld,\"reason\":\"职称晋升\"}", (long long)senior) > 0);
	a = fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 201);
	id = json_int_or(a, "id", -1);
	assert_string_equal(str(a, "status"), "pending_hq");
	assert_string_equal(path_str(a, "level", "code"), "senior");
	assert_string_equal(path_str(a, "from_level", "code"), "regular");
	assert_string_equal(str(a, "reason"), "职称晋升");
	cJSON_Delete(a);
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 409));
	free(body);
	assert_int_equal(fx_decide(&ts_group, hq, id, "approve", NULL), 200);
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)id);
	a = fx_call(&ts_group, "GET", path, tok, NULL, 200);
	assert_string_equal(str(a, "status"), "approved");
	order = json_int_or(a, "order_id", -1);
	assert_true(order > 0);
	cJSON_Delete(a);
	snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)order);
	o = fx_call(&ts_group, "GET", path, tok, NULL, 200);
	assert_string_equal(str(o, "kind"), "level_change");
	assert_string_equal(str(o, "status"), "unpaid");
	/* 800.00 - 300.00 for the one paid year */
	assert_int_equal(json_int_or(o, "amount", -1), 50000);
	cJSON_Delete(o);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(path_str(me, "level", "code"), "regular");
	cJSON_Delete(me);

	/* down a level: nothing is owed, so it applies at once */
	assert_true(asprintf(&body, "{\"level_id\":%lld,\"reason\":\"退休\"}", (long long)student) > 0);
	a = fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 201);
	id = json_int_or(a, "id", -1);
	cJSON_Delete(a);
	free(body);
	assert_int_equal(fx_decide(&ts_group, hq, id, "approve", "同意"), 200);
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)id);
	a = fx_call(&ts_group, "GET", path, tok, NULL, 200);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "order_id")));
	cJSON_Delete(a);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(path_str(me, "level", "code"), "student");
	cJSON_Delete(me);
	free(tok);
	free(hq);
}

/* The status a member sees follows valid_until: grace for members.grace_days
 * (90) days after it, expired after that; a level change needs active or
 * grace. Time is moved by editing valid_until, as no route can. */
/* The member "graceful" paid until today moved by days (China time). */
static void graceful_until(int days)
{
	char until[11], sql[200];

	fx_date(days, until);
	snprintf(sql, sizeof sql, "UPDATE members SET valid_until = '%s' WHERE account_id ="
	         " (SELECT id FROM accounts WHERE username = 'graceful')", until);
	fx_sql(&ts_group, sql);
}

static void test_grace_and_expiry(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "graceful", "HQ", "宽限");
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026"), *body, path[128];
	int64_t id;
	cJSON *me;

	(void)state;
	fx_pay_dues(&ts_group, tok);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(str(me, "effective_status"), "active");
	assert_true(strlen(str(me, "member_no")) == 11 && str(me, "member_no")[0] == 'M');
	assert_true(strlen(str(me, "valid_until")) == 10);
	assert_non_null(strstr(str(me, "valid_until"), "-12-31"));
	cJSON_Delete(me);

	graceful_until(-10);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(str(me, "status"), "active");
	assert_string_equal(str(me, "effective_status"), "grace");
	cJSON_Delete(me);
	assert_true(asprintf(&body, "{\"level_id\":%lld,\"reason\":\"宽限期内\"}",
	                     (long long)fx_level_id(&ts_group, "student")) > 0);
	me = fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 201);
	id = json_int_or(me, "id", -1);
	cJSON_Delete(me);
	snprintf(path, sizeof path, "/api/v1/applications/%lld/submit", (long long)id);
	assert_int_equal(fx_decide(&ts_group, hq, id, "reject", "请稍后再申请"), 200);

	graceful_until(-91);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(str(me, "effective_status"), "expired");
	cJSON_Delete(me);
	/* expired: neither the rejected one nor a new one goes through */
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{}", 409));
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 409));
	free(body);
	free(tok);
	free(hq);
}

static void test_unit_level_change_with_details(void **state)
{
	char *tok = fx_register_unit(&ts_group, "unitco"), *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	char *body, buf[200];
	int64_t id, lower = fx_level_id(&ts_group, "unit_member");
	cJSON *a;

	(void)state;
	fx_draft(&ts_group, tok, "HQ", "council", fx_unit_profile("示例科技有限公司"));
	fx_upload_form(&ts_group, tok);
	id = fx_submit(&ts_group, tok);
	assert_int_equal(fx_decide(&ts_group, hq, id, "approve", NULL), 200);
	fx_pay_dues(&ts_group, tok);
	/* down to 会员单位 with updated unit details, which apply on approval */
	assert_true(asprintf(&body, "{\"level_id\":%lld,\"reason\":\"调整\","
	                     "\"profile\":{\"size\":\"300_999\",\"website\":\"https://unit.example.test\"}}",
	                     (long long)lower) > 0);
	a = fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 201);
	id = json_int_or(a, "id", -1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "changes")), 2);
	cJSON_Delete(a);
	free(body);
	assert_string_equal(profile_field(tok, "size", buf, sizeof buf), "50_299");
	assert_int_equal(fx_decide(&ts_group, hq, id, "approve", NULL), 200);
	assert_string_equal(profile_field(tok, "size", buf, sizeof buf), "300_999");
	assert_string_equal(profile_field(tok, "website", buf, sizeof buf), "https://unit.example.test");
	free(tok);
	free(hq);
}

static void test_branch_join(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "zhouxun", "BJ", "周迅");
	char *bj = ts_login(&ts_group, "bj_staff", "Branch-Demo-2026");
	char *sh = ts_login(&ts_group, "sh_staff", "Branch-Demo-2026"), body[128], path[128];
	int64_t sh_org = fx_org_id(&ts_group, "SH"), id;
	cJSON *a, *b;
	const cJSON *it;
	int n = 0;

	(void)state;
	/* not HQ, not the branch joined through, not an unknown one */
	snprintf(body, sizeof body, "{\"org_id\":%lld}", (long long)fx_org_id(&ts_group, "HQ"));
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/branch-joins", tok, body, 422));
	snprintf(body, sizeof body, "{\"org_id\":%lld}", (long long)fx_org_id(&ts_group, "BJ"));
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/branch-joins", tok, body, 422));
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/branch-joins", tok, "{\"org_id\":9999}", 422));
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/branch-joins", tok, "{}", 422));

	/* the reason is optional; SH reviews it, BJ does not see it */
	snprintf(body, sizeof body, "{\"org_id\":%lld}", (long long)sh_org);
	a = fx_call(&ts_group, "POST", "/api/v1/branch-joins", tok, body, 201);
	id = json_int_or(a, "id", -1);
	assert_string_equal(str(a, "kind"), "branch_join");
	assert_string_equal(str(a, "status"), "pending_branch");
	assert_string_equal(path_str(a, "org", "code"), "SH");
	cJSON_Delete(a);
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/branch-joins", tok, body, 409));
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)id);
	cJSON_Delete(fx_call(&ts_group, "GET", path, bj, NULL, 404));
	assert_int_equal(fx_decide(&ts_group, bj, id, "approve", NULL), 404);

	b = fx_call(&ts_group, "GET", "/api/v1/branches/mine", tok, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(b, "items"))
		if (strcmp(path_str(it, "org", "code"), "SH") == 0)
			assert_string_equal(str(it, "status"), "pending_branch");
	cJSON_Delete(b);

	assert_int_equal(fx_decide(&ts_group, sh, id, "approve", "欢迎"), 200);
	b = fx_call(&ts_group, "GET", "/api/v1/branches/mine", tok, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(b, "items")) {
		const char *code = path_str(it, "org", "code");
		if (strcmp(code, "BJ") == 0) {
			assert_string_equal(str(it, "via"), "join");
			n++;
		} else if (strcmp(code, "SH") == 0) {
			assert_string_equal(str(it, "via"), "branch_join");
			assert_string_equal(str(it, "status"), "member");
			assert_int_equal(json_int_or(it, "application_id", -1), id);
			n += 10;
		}
	}
	assert_int_equal(n, 11);
	cJSON_Delete(b);
	/* a member of SH now: joining it again is refused */
	a = fx_call(&ts_group, "POST", "/api/v1/branch-joins", tok, body, 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "org_id"));
	cJSON_Delete(a);
	free(tok);
	free(bj);
	free(sh);
}

static void test_my_applications(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "listuser", "SH", "列表用户");
	char *sh = ts_login(&ts_group, "sh_staff", "Branch-Demo-2026"), body[128];
	cJSON *l;
	const cJSON *it;
	int64_t pc;

	(void)state;
	l = fx_call(&ts_group, "POST", "/api/v1/member/profile-changes", tok,
	            "{\"profile\":{\"major\":\"计算机\"}}", 201);
	pc = json_int_or(l, "id", -1);
	cJSON_Delete(l);
	assert_int_equal(fx_decide(&ts_group, sh, pc, "reject", "请补充说明"), 200);
	snprintf(body, sizeof body, "{\"org_id\":%lld,\"reason\":\"工作调动\"}",
	         (long long)fx_org_id(&ts_group, "GD"));
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/branch-joins", tok, body, 201));

	l = fx_call(&ts_group, "GET", "/api/v1/applications", tok, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 3);
	assert_int_equal(json_int_or(l, "page", -1), 1);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(l, "items"))
		assert_true(strcmp(str(it, "kind"), "join") == 0 ||
		            strcmp(str(it, "kind"), "profile_change") == 0 ||
		            strcmp(str(it, "kind"), "branch_join") == 0);
	cJSON_Delete(l);
	l = fx_call(&ts_group, "GET", "/api/v1/applications?kind=profile_change&status=rejected", tok, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 1);
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0);
	assert_int_equal(json_int_or(it, "id", -1), pc);
	assert_string_equal(str(it, "status_reason"), "请补充说明");
	cJSON_Delete(l);
	l = fx_call(&ts_group, "GET", "/api/v1/applications?status=pending", tok, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 1);
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0), "reason"),
	                    "工作调动");
	cJSON_Delete(l);
	l = fx_call(&ts_group, "GET", "/api/v1/applications?per_page=1&page=2", tok, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 3);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "items")), 1);
	cJSON_Delete(l);
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/applications?kind=nonsense", tok, NULL, 422));
	free(tok);
	free(sh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_change),
		cmocka_unit_test(test_profile_change_needs_approved_member),
		cmocka_unit_test(test_level_change),
		cmocka_unit_test(test_grace_and_expiry),
		cmocka_unit_test(test_unit_level_change_with_details),
		cmocka_unit_test(test_branch_join),
		cmocka_unit_test(test_my_applications),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
