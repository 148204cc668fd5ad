/* What staff do to a member's record against a real rosterd: account
 * status and last login in the view, an edit with a reason (audited with
 * before and after) whose new mobile becomes the sign-in identifier, an
 * approved profile change of the mobile that does the same (list, search,
 * CSV and login use the new number), disabling the account (its open
 * session is refused) and enabling it, a reset code mailed to the member,
 * an offline payment that makes a paid order with a receipt number and
 * makes the member active, and ending a membership. */
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
static char *hq, *bj;
static struct fx_member rec;      /* active, BJ */

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	if (!hq || !bj)
		return -1;
	return fx_member_active(&ts, "record1", "冯一", "BJ", "regular", &rec);
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&rec);
	free(hq);
	free(bj);
	ts_stop(&ts);
	return 0;
}

static char *path_of(int64_t id, const char *tail)
{
	static char path[128];

	snprintf(path, sizeof path, "/api/v1/members/%lld%s", (long long)id, tail);
	return path;
}

static void test_view_and_edit(void **state)
{
	cJSON *o, *l;
	const cJSON *m, *d;
	char *tok;

	(void)state;
	o = fx_call(&ts, "GET", path_of(rec.account_id, ""), hq, NULL, 200);
	m = cJSON_GetObjectItem(o, "member");
	assert_string_equal(json_str_or(m, "account_status", ""), "active");
	assert_true(json_int_or(m, "last_login_at", 0) > 0);
	cJSON_Delete(o);

	/* an edit needs a reason; branch officers do not edit */
	cJSON_Delete(fx_call(&ts, "PUT", path_of(rec.account_id, ""), hq,
	                     "{\"profile\":{\"employer\":\"新单位\"}}", 422));
	cJSON_Delete(fx_call(&ts, "PUT", path_of(rec.account_id, ""), bj,
	                     "{\"profile\":{\"employer\":\"新单位\"},\"reason\":\"x\"}", 403));
	o = fx_call(&ts, "PUT", path_of(rec.account_id, ""), hq,
	            "{\"profile\":{\"mobile\":\"12\"},\"reason\":\"电话核实\"}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(o), "mobile"));
	cJSON_Delete(o);
	o = fx_call(&ts, "PUT", path_of(rec.account_id, ""), hq,
	            "{\"profile\":{\"employer\":\"新单位\",\"mobile\":\"13700001111\"},"
	            "\"reason\":\"电话核实\"}", 200);
	assert_string_equal(json_str_or(o, "employer", ""), "新单位");
	cJSON_Delete(o);

	/* audited with before and after */
	l = fx_call(&ts, "GET", "/api/v1/audit?action=member.edit", hq, NULL, 200);
	d = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0), "detail");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(d, "before"), "employer", ""),
	                    "示例研究院");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(d, "after"), "employer", ""), "新单位");
	assert_string_equal(json_str_or(d, "reason", ""), "电话核实");
	cJSON_Delete(l);

	/* the new mobile signs in, the old does not */
	tok = ts_login(&ts, "13700001111", FX_PASSWORD);
	assert_non_null(tok);
	free(tok);
	l = fx_call(&ts, "GET", "/api/v1/members?q=13700001111", hq, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 1);
	assert_string_equal(json_str_or(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0),
	                                "mobile", ""), "13700001111");
	cJSON_Delete(l);
}

static void test_profile_change_moves_sign_in(void **state)
{
	struct http_reply r;
	cJSON *o;
	char *tok, old[12];
	int64_t id;

	(void)state;
	fx_mobile("record1", old);
	o = fx_call(&ts, "POST", "/api/v1/member/profile-changes", rec.token,
	            "{\"profile\":{\"mobile\":\"13700002222\",\"email\":\"new.record1@example.test\"}}",
	            201);
	id = json_int_or(o, "id", 0);
	cJSON_Delete(o);
	assert_int_equal(fx_decide(&ts, bj, id, "approve", NULL), 200);
	/* list, search, CSV and login use the new identifiers */
	o = fx_call(&ts, "GET", path_of(rec.account_id, ""), hq, NULL, 200);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "member"), "mobile", ""),
	                    "13700002222");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "member"), "email", ""),
	                    "new.record1@example.test");
	cJSON_Delete(o);
	assert_int_equal(http_req(&ts, "GET", "/api/v1/members/export.csv", hq, NULL, &r), 0);
	assert_non_null(strstr(r.body, "13700002222"));
	assert_null(strstr(r.body, "13700001111"));
	http_reply_free(&r);
	tok = ts_login(&ts, "13700002222", FX_PASSWORD);
	assert_non_null(tok);
	free(tok);
	tok = ts_login(&ts, "new.record1@example.test", FX_PASSWORD);
	assert_non_null(tok);
	free(tok);
	assert_null(ts_login(&ts, "13700001111", FX_PASSWORD));
	assert_null(ts_login(&ts, "record1@example.test", FX_PASSWORD));
}

static void test_disable_reset(void **state)
{
	char *tok, code[7], *mail, body[256];
	cJSON *o;

	(void)state;
	tok = ts_login(&ts, "record1", FX_PASSWORD);
	assert_non_null(tok);
	o = fx_call(&ts, "POST", path_of(rec.account_id, "/disable"), hq,
	            "{\"reason\":\"冒用\"}", 200);
	assert_string_equal(json_str_or(o, "account_status", ""), "disabled");
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 401));
	free(tok);
	assert_null(ts_login(&ts, "record1", FX_PASSWORD));
	o = fx_call(&ts, "GET", path_of(rec.account_id, ""), hq, NULL, 200);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "member"), "account_status", ""),
	                    "disabled");
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts, "POST", path_of(rec.account_id, "/password-reset"), hq, NULL, 409));
	cJSON_Delete(fx_call(&ts, "POST", path_of(rec.account_id, "/enable"), hq, NULL, 200));

	/* a reset code reaches the member's (new) address */
	cJSON_Delete(fx_call(&ts, "POST", path_of(rec.account_id, "/password-reset"), hq, NULL, 202));
	mail = ts_outbox_latest(&ts, "new.record1@example.test");
	assert_non_null(mail);
	ts_find_code(mail, code);
	free(mail);
	assert_int_equal(strlen(code), 6);
	snprintf(body, sizeof body, "{\"email\":\"new.record1@example.test\",\"code\":\"%s\","
	         "\"new_password\":\"Staff-Reset-2026\"}", code);
	cJSON_Delete(fx_call(&ts, "POST", "/api/v1/auth/password/reset", NULL, body, 200));
	tok = ts_login(&ts, "record1", "Staff-Reset-2026");
	assert_non_null(tok);
	free(rec.token);
	rec.token = tok;
}

static void test_offline_payment_and_end(void **state)
{
	char *tok;
	cJSON *o, *me;
	int64_t id;

	(void)state;
	tok = fx_pending_payment(&ts, "cash1", "HQ", "褚二");
	me = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
	id = json_int_or(me, "id", 0);
	cJSON_Delete(me);
	/* the amount must be the dues of the years */
	o = fx_call(&ts, "POST", path_of(id, "/offline-payment"), hq,
	            "{\"years\":1,\"method\":\"cash\",\"amount\":100}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(o), "amount"));
	cJSON_Delete(o);
	o = fx_call(&ts, "POST", path_of(id, "/offline-payment"), hq,
	            "{\"years\":1,\"method\":\"bitcoin\",\"amount\":30000}", 422);
	cJSON_Delete(o);
	o = fx_call(&ts, "POST", path_of(id, "/offline-payment"), hq,
	            "{\"years\":1,\"method\":\"cash\",\"amount\":30000,\"reference\":\"收据 A-17\"}",
	            201);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	assert_true(strlen(json_str_or(o, "receipt_no", "")) > 0);
	cJSON_Delete(o);
	me = fx_me_member(&ts, tok);
	assert_string_equal(json_str_or(me, "effective_status", ""), "active");
	assert_non_null(json_str_or(me, "member_no", NULL));
	cJSON_Delete(me);
	/* the member has the paid order and a certificate */
	o = fx_call(&ts, "GET", "/api/v1/orders?status=paid", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", -1), 1);
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/certificate", tok, NULL, 200));

	/* ending the membership */
	cJSON_Delete(fx_call(&ts, "POST", path_of(id, "/end"), hq, "{}", 422));
	o = fx_call(&ts, "POST", path_of(id, "/end"), hq, "{\"reason\":\"本人申请退会\"}", 200);
	assert_string_equal(json_str_or(o, "status", ""), "expired");
	cJSON_Delete(o);
	me = fx_me_member(&ts, tok);
	assert_string_equal(json_str_or(me, "effective_status", ""), "expired");
	cJSON_Delete(me);
	cJSON_Delete(fx_call(&ts, "POST", path_of(id, "/end"), hq, "{\"reason\":\"again\"}", 409));
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_view_and_edit),
		cmocka_unit_test(test_profile_change_moves_sign_in),
		cmocka_unit_test(test_disable_reset),
		cmocka_unit_test(test_offline_payment_and_end),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
