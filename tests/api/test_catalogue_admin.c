/* The catalogue edited by an admin through the API, with its history, and
 * the dues options it carries: a lifetime level, and validity from the day
 * of payment instead of by calendar year. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

static char *admin(void)
{
	char *tok = ts_login(&ts_group, "admin", "Admin-Demo-2026");

	assert_non_null(tok);
	return tok;
}

static const cJSON *by_code(const cJSON *list, const char *code)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, list)
		if (strcmp(json_str_or(it, "code", ""), code) == 0)
			return it;
	return NULL;
}

static void test_levels_orgs_terms_reasons_settings(void **state)
{
	char *tok = admin(), *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	cJSON *o, *h;
	const cJSON *it, *before, *after;
	(void)state;

	/* only admins */
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/catalogue", hq, NULL, 403));
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/catalogue/levels/regular", hq,
	                     "{\"member_type\":\"individual\",\"name_zh\":\"x\",\"name_en\":\"x\",\"annual_fee\":1}", 403));
	free(hq);

	/* a fee changes; the public list shows it; the history has both */
	o = fx_call(&ts_group, "PUT", "/api/v1/catalogue/levels/regular", tok,
	            "{\"member_type\":\"individual\",\"name_zh\":\"普通会员\",\"name_en\":\"Member\","
	            "\"annual_fee\":36000,\"rank\":20}", 200);
	assert_int_equal(json_int_or(o, "annual_fee", 0), 36000);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "lifetime")));
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/levels", NULL, NULL, 200);
	assert_int_equal(json_int_or(by_code(cJSON_GetObjectItemCaseSensitive(o, "items"), "regular"),
	                             "annual_fee", 0), 36000);
	cJSON_Delete(o);
	h = fx_call(&ts_group, "GET", "/api/v1/catalogue/history?object=level&code=regular", tok,
	            NULL, 200);
	assert_int_equal(json_int_or(h, "total", 0), 1);
	it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(h, "items"), 0);
	assert_string_equal(json_str_or(it, "actor", ""), "admin");
	before = cJSON_GetObjectItemCaseSensitive(it, "before");
	after = cJSON_GetObjectItemCaseSensitive(it, "after");
	assert_int_equal(json_int_or(before, "annual_fee", 0), 30000);
	assert_int_equal(json_int_or(after, "annual_fee", 0), 36000);
	cJSON_Delete(h);
	/* a level's member type stays; bad input is refused field by field */
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/catalogue/levels/regular", tok,
	                     "{\"member_type\":\"unit\",\"name_zh\":\"x\",\"name_en\":\"x\",\"annual_fee\":1}", 409));
	o = fx_call(&ts_group, "PUT", "/api/v1/catalogue/levels/Bad%20Code", tok, "{}", 422);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "PUT", "/api/v1/catalogue/levels/fellow", tok,
	            "{\"member_type\":\"individual\",\"name_zh\":\"\",\"annual_fee\":-5}", 422);
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "error"), "fields");
	assert_non_null(cJSON_GetObjectItemCaseSensitive(f, "name_zh"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(f, "name_en"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(f, "annual_fee"));
	cJSON_Delete(o);

	/* a new branch, then switched off: gone from the public list, kept here */
	o = fx_call(&ts_group, "PUT", "/api/v1/catalogue/orgs/ZJ", tok,
	            "{\"name_zh\":\"浙江分会\",\"name_en\":\"Zhejiang Branch\",\"phone\":\"0571-8888\",\"rank\":9}", 200);
	assert_string_equal(json_str_or(o, "kind", ""), "branch");
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/orgs", NULL, NULL, 200);
	assert_non_null(by_code(cJSON_GetObjectItemCaseSensitive(o, "items"), "ZJ"));
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/catalogue/orgs/ZJ", tok,
	                     "{\"name_zh\":\"浙江分会\",\"name_en\":\"Zhejiang Branch\",\"active\":false}", 200));
	o = fx_call(&ts_group, "GET", "/api/v1/orgs", NULL, NULL, 200);
	assert_null(by_code(cJSON_GetObjectItemCaseSensitive(o, "items"), "ZJ"));
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/catalogue/orgs/HQ", tok,
	                     "{\"name_zh\":\"总会\",\"name_en\":\"Headquarters\",\"active\":false}", 409));

	/* terms, a reason, the bank account */
	o = fx_call(&ts_group, "PUT", "/api/v1/catalogue/terms", tok,
	            "{\"version\":\"2027-1\",\"title_zh\":\"入会须知\",\"title_en\":\"Terms\","
	            "\"body_zh\":\"第一条。\\n\\n第二条。\",\"body_en\":\"One.\\n\\nTwo.\"}", 200);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/terms", NULL, NULL, 200);
	assert_string_equal(json_str_or(o, "version", ""), "2027-1");
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/catalogue/reasons/blurry_scan", tok,
	                     "{\"scope\":\"bank_transfer\",\"text_zh\":\"回单不清晰\",\"text_en\":\"The scan is not readable.\"}", 200));
	hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	o = fx_call(&ts_group, "GET", "/api/v1/reason-templates", hq, NULL, 200);
	assert_non_null(by_code(cJSON_GetObjectItemCaseSensitive(o, "items"), "blurry_scan"));
	cJSON_Delete(o);
	free(hq);
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/catalogue/settings/bank.account_no", tok,
	                     "{\"value\":\"6222 0000 1111 2222\"}", 200));
	o = fx_call(&ts_group, "GET", "/api/v1/bank-account", NULL, NULL, 200);
	{
		char *text = cJSON_PrintUnformatted(o);
		assert_non_null(strstr(text, "6222 0000 1111 2222"));
		free(text);
	}
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/catalogue/settings/server.port", tok,
	                     "{\"value\":\"1\"}", 404));
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/catalogue/settings/dues.validity", tok,
	                     "{\"value\":\"weekly\"}", 422));

	/* everything, inactive rows too, in one answer */
	o = fx_call(&ts_group, "GET", "/api/v1/catalogue", tok, NULL, 200);
	it = by_code(cJSON_GetObjectItemCaseSensitive(o, "orgs"), "ZJ");
	assert_non_null(it);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(it, "active")));
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(o, "settings"),
	                                "bank.account_no", ""), "6222 0000 1111 2222");
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(o, "terms"), "version", ""),
	                    "2027-1");
	cJSON_Delete(o);
	/* the whole history, newest first; every change is audited */
	h = fx_call(&ts_group, "GET", "/api/v1/catalogue/history", tok, NULL, 200);
	assert_int_equal(json_int_or(h, "total", 0), 6);
	it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(h, "items"), 0);
	assert_string_equal(json_str_or(it, "object", ""), "setting");
	assert_string_equal(json_str_or(it, "object_id", ""), "bank.account_no");
	cJSON_Delete(h);
	assert_int_equal(fx_sql_int(&ts_group, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'catalogue.%'"), 6);
	free(tok);
}

/* Today in China time plus years, minus a day: "YYYY-MM-DD". */
static void year_from_today(int years, char out[11])
{
	time_t t = time(NULL) + 8 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	tm.tm_year += years;
	tm.tm_mday -= 1;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void pay(const char *tok, const char *years)
{
	int64_t order = fx_order(&ts_group, tok, years);
	char *qr = fx_qr(&ts_group, tok, order);

	assert_int_equal(fx_confirm(&ts_group, qr), 200);
	free(qr);
}

static void test_lifetime_level(void **state)
{
	char *tok = admin(), *m, sql[256], years[32], path[96];
	cJSON *o;
	int y = fx_year();
	(void)state;

	o = fx_call(&ts_group, "PUT", "/api/v1/catalogue/levels/life", tok,
	            "{\"member_type\":\"individual\",\"name_zh\":\"终身会员\",\"name_en\":\"Life Member\","
	            "\"annual_fee\":500000,\"rank\":50,\"lifetime\":true}", 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "lifetime")));
	cJSON_Delete(o);
	free(tok);
	m = fx_pending_payment(&ts_group, "lifer", "HQ", "张三丰");
	snprintf(sql, sizeof sql, "UPDATE members SET level_id = (SELECT id FROM levels WHERE code = 'life')"
	         " WHERE account_id = (SELECT id FROM accounts WHERE username = 'lifer')");
	fx_sql(&ts_group, sql);
	/* paid once, for one year */
	snprintf(path, sizeof path, "/api/v1/dues/quote?years=%d,%d", y, y + 1);
	cJSON_Delete(fx_call(&ts_group, "GET", path, m, NULL, 422));
	snprintf(path, sizeof path, "/api/v1/dues/quote?years=%d", y);
	o = fx_call(&ts_group, "GET", path, m, NULL, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "lifetime")));
	assert_int_equal(json_int_or(o, "amount", 0), 500000);
	assert_string_equal(json_str_or(o, "valid_until", ""), "9999-12-31");
	cJSON_Delete(o);
	snprintf(years, sizeof years, "[%d]", y);
	pay(m, years);
	o = fx_call(&ts_group, "GET", "/api/v1/me", m, NULL, 200);
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(o, "member"), "valid_until", ""),
	                    "9999-12-31");
	cJSON_Delete(o);
	/* nothing more to pay, ever */
	snprintf(path, sizeof path, "/api/v1/dues/quote?years=%d", y + 1);
	cJSON_Delete(fx_call(&ts_group, "GET", path, m, NULL, 409));
	o = fx_call(&ts_group, "GET", "/api/v1/membership/history", m, NULL, 200);
	const cJSON *last = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "items"),
	                                       cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "items")) - 1);
	assert_string_equal(json_str_or(last, "to", ""), "9999-12-31");
	assert_string_equal(json_str_or(last, "note", ""), "lifetime");
	cJSON_Delete(o);
	free(m);
}

static void test_validity_from_payment(void **state)
{
	char *tok = admin(), *m, years[32], expect[11];
	cJSON *o;
	int y = fx_year();
	(void)state;

	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/catalogue/settings/dues.validity", tok,
	                     "{\"value\":\"from_payment\"}", 200));
	m = fx_pending_payment(&ts_group, "fromday", "HQ", "周伯通");
	snprintf(years, sizeof years, "[%d,%d]", y, y + 1);
	pay(m, years);
	year_from_today(2, expect);
	o = fx_call(&ts_group, "GET", "/api/v1/me", m, NULL, 200);
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(o, "member"), "valid_until", ""),
	                    expect);
	cJSON_Delete(o);
	free(m);
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/catalogue/settings/dues.validity", tok,
	                     "{\"value\":\"calendar_year\"}", 200));
	free(tok);
}

/* The payment voucher's text (pdftotext) of a paid order. */
static char *voucher_text(const char *tok, int64_t order)
{
	char path[96], *pdf, *text;
	size_t len;

	snprintf(path, sizeof path, "/api/v1/orders/%lld/receipt.pdf", (long long)order);
	pdf = fx_get_raw(&ts_group, path, tok, 200, &len);
	text = fx_pdf_text(pdf, len);
	free(pdf);
	return text;
}

static void test_fee_reduction(void **state)
{
	char *m = fx_pending_payment(&ts_group, "halfprice", "HQ", "小龙女"), *hq, *qr, path[96];
	char years[16], *text;
	int64_t order, fee;
	cJSON *o, *msgs;
	(void)state;

	snprintf(years, sizeof years, "[%d]", fx_year());
	order = fx_order(&ts_group, m, years);
	o = fx_get_order(&ts_group, m, order);
	fee = json_int_or(o, "amount", 0);
	assert_int_equal(json_int_or(o, "discount", -1), 0);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/review/orders/%lld/reduce", (long long)order);
	/* members may not; staff must give a reason and ask less */
	cJSON_Delete(fx_call(&ts_group, "POST", path, m, "{\"amount\":1,\"reason\":\"x\"}", 403));
	hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq, "{\"amount\":100}", 422));
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq, "{\"amount\":99999999,\"reason\":\"多收\"}", 422));
	o = fx_call(&ts_group, "POST", path, hq, "{\"amount\":15000,\"reason\":\"在读学生，经理事会批准减半\"}", 200);
	assert_int_equal(json_int_or(o, "amount", 0), 15000);
	assert_int_equal(json_int_or(o, "discount", 0), fee - 15000);
	assert_int_equal(json_int_or(o, "list_amount", 0), fee);
	assert_string_equal(json_str_or(o, "discount_reason", ""), "在读学生，经理事会批准减半");
	cJSON_Delete(o);
	msgs = fx_call(&ts_group, "GET", "/api/v1/messages", m, NULL, 200);
	o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(msgs, "items"), 0);
	assert_string_equal(json_str_or(o, "title_zh", ""), "会费减免");
	cJSON_Delete(msgs);
	/* paid at the new amount; the voucher says why */
	qr = fx_qr(&ts_group, m, order);
	assert_int_equal(fx_confirm(&ts_group, qr), 200);
	free(qr);
	o = fx_get_order(&ts_group, m, order);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	cJSON_Delete(o);
	text = voucher_text(m, order);
	assert_non_null(strstr(text, "150.00"));
	assert_non_null(strstr(text, "减免说明"));
	assert_non_null(strstr(text, "在读学生"));
	free(text);
	/* a paid order is not reduced */
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq, "{\"amount\":100,\"reason\":\"x\"}", 409));
	assert_int_equal(fx_sql_int(&ts_group, "SELECT COUNT(*) FROM audit_log WHERE action = 'order.reduce'"), 1);
	free(hq);
	free(m);
}

static void test_fee_exemption(void **state)
{
	char *m = fx_pending_payment(&ts_group, "waived", "HQ", "欧阳锋"), *hq, path[96];
	char years[16], *text;
	int64_t order, fee;
	cJSON *o;
	(void)state;

	snprintf(years, sizeof years, "[%d]", fx_year());
	order = fx_order(&ts_group, m, years);
	o = fx_get_order(&ts_group, m, order);
	fee = json_int_or(o, "amount", 0);
	cJSON_Delete(o);
	hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	snprintf(path, sizeof path, "/api/v1/review/orders/%lld/reduce", (long long)order);
	o = fx_call(&ts_group, "POST", path, hq, "{\"amount\":0,\"reason\":\"荣誉会员，免缴\"}", 200);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	assert_string_equal(json_str_or(o, "method", ""), "exempt");
	assert_int_equal(json_int_or(o, "discount", 0), fee);
	assert_int_equal(json_int_or(o, "list_amount", 0), fee);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/me", m, NULL, 200);
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(o, "member"), "effective_status", ""),
	                    "active");
	cJSON_Delete(o);
	text = voucher_text(m, order);
	assert_non_null(strstr(text, "免缴"));
	assert_non_null(strstr(text, "荣誉会员"));
	assert_non_null(strstr(text, "0.00"));
	free(text);
	assert_int_equal(fx_sql_int(&ts_group, "SELECT COUNT(*) FROM audit_log WHERE action = 'order.exempt'"), 1);
	/* a staff decision: the member is told by e-mail as well */
	assert_int_equal(fx_sql_int(&ts_group, "SELECT COUNT(*) FROM member_mail WHERE"
	                            " subject_en = 'Payment received' AND account_id ="
	                            " (SELECT id FROM accounts WHERE username = 'waived')"), 1);
	free(hq);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels_orgs_terms_reasons_settings),
		cmocka_unit_test(test_lifetime_level),
		cmocka_unit_test(test_validity_from_payment),
		cmocka_unit_test(test_fee_reduction),
		cmocka_unit_test(test_fee_exemption),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
