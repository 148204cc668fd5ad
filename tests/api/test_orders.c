/* Orders: the dues quote and its year rules, placing orders (with
 * Idempotency-Key retries), the list with its filters, cancelling, closing
 * after order_close_days, and the fee-difference order of an approved
 * level change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

static const char *field_why(const cJSON *err, const char *field)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(err, "error");

	return json_str_or(cJSON_GetObjectItemCaseSensitive(e, "fields"), field, "");
}

static void quote_refused(const char *tok, const char *years, long status)
{
	char path[128];

	snprintf(path, sizeof path, "/api/v1/dues/quote?years=%s", years);
	cJSON *o = fx_call(&ts_group, "GET", path, tok, NULL, status);
	if (status == 422)
		assert_true(*field_why(o, "years"));
	cJSON_Delete(o);
}

static void order_refused(const char *tok, const char *years, long status)
{
	char body[256];

	snprintf(body, sizeof body, "{\"kind\":\"dues\",\"years\":%s}", years);
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/orders", tok, body, status));
}

static void test_years_rules(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "ordyears", "HQ", "李逵"), buf[64], path[128];
	int y = fx_year();
	cJSON *o;
	(void)state;

	/* what may be chosen: this year and three more, starting this year */
	o = fx_call(&ts_group, "GET", "/api/v1/dues/quote", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "first_year", 0), y);
	assert_int_equal(json_int_or(o, "last_year", 0), y + 3);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "choices")), 4);
	cJSON_Delete(o);
	snprintf(buf, sizeof buf, "%d,%d,%d", y, y + 1, y + 2);
	snprintf(path, sizeof path, "/api/v1/dues/quote?years=%s", buf);
	o = fx_call(&ts_group, "GET", path, tok, NULL, 200);
	assert_int_equal(json_int_or(o, "amount", 0), 3 * 30000);
	snprintf(buf, sizeof buf, "%d-12-31", y + 2);
	assert_string_equal(json_str_or(o, "valid_until", ""), buf);
	cJSON_Delete(o);

	/* negative, huge, junk, past, too far ahead, gaps, not starting now */
	quote_refused(tok, "-1", 422);
	quote_refused(tok, "99999999999", 422);
	quote_refused(tok, "2026x", 422);
	quote_refused(tok, ",", 422);
	snprintf(buf, sizeof buf, "%d", y - 1);
	quote_refused(tok, buf, 422);
	snprintf(buf, sizeof buf, "%d", y + 4);
	quote_refused(tok, buf, 422);
	/* past the last year: the reason names the limit and the years */
	snprintf(path, sizeof path, "/api/v1/dues/quote?years=%d", y + 4);
	o = fx_call(&ts_group, "GET", path, tok, NULL, 422);
	snprintf(buf, sizeof buf, "%d 至 %d 年", y, y + 3);
	if (!strstr(field_why(o, "years"), buf) || !strstr(field_why(o, "years"), "至多 3 年"))
		fail_msg("the limit is not explained: %s", field_why(o, "years"));
	cJSON_Delete(o);
	snprintf(buf, sizeof buf, "%d,%d", y, y + 2);
	quote_refused(tok, buf, 422);
	snprintf(buf, sizeof buf, "%d,%d", y, y);
	quote_refused(tok, buf, 422);
	snprintf(buf, sizeof buf, "%d", y + 1);
	quote_refused(tok, buf, 422);

	order_refused(tok, "[-5]", 422);
	order_refused(tok, "[1e300]", 422);
	order_refused(tok, "[2026.5]", 422);
	order_refused(tok, "[\"2026\"]", 422);
	order_refused(tok, "[]", 422);
	order_refused(tok, "7", 422);
	snprintf(buf, sizeof buf, "[%d]", y + 10);
	order_refused(tok, buf, 422);
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/orders", tok,
	                     "{\"kind\":\"level_change\",\"years\":[2026]}", 422));

	/* one order holds its years: a second is refused until it ends */
	snprintf(buf, sizeof buf, "[%d]", y);
	int64_t id = fx_order(&ts_group, tok, buf);
	order_refused(tok, buf, 409);
	snprintf(buf, sizeof buf, "%d", y);
	quote_refused(tok, buf, 409);
	/* nothing in the database became a second order */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM orders o JOIN accounts a ON a.id ="
	         " o.account_id WHERE a.username = 'ordyears'");
	assert_int_equal(fx_sql_int(&ts_group, sql), 1);
	(void)id;
	free(tok);
}

static void test_not_a_payer(void **state)
{
	char *tok = fx_register(&ts_group, "ordnobody");
	(void)state;

	/* no approved application: nothing to pay yet */
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/dues/quote", tok, NULL, 409));
	order_refused(tok, "[2026]", 409);
	free(tok);
}

static void test_idempotency(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "ordidem", "HQ", "柴进"), body[128];
	cJSON *a, *b;
	(void)state;

	snprintf(body, sizeof body, "{\"kind\":\"dues\",\"years\":[%d]}", fx_year());
	a = fx_call_hdr(&ts_group, "POST", "/api/v1/orders", tok, "Idempotency-Key: order-1", body, 201);
	/* the retry gets the first answer, not a second order (nor a 409) */
	b = fx_call_hdr(&ts_group, "POST", "/api/v1/orders", tok, "Idempotency-Key: order-1", body, 201);
	assert_int_equal(json_int_or(a, "id", 0), json_int_or(b, "id", -1));
	assert_string_equal(json_str_or(a, "order_no", "a"), json_str_or(b, "order_no", "b"));
	cJSON_Delete(b);
	/* the same key with another body is refused */
	b = fx_call_hdr(&ts_group, "POST", "/api/v1/orders", tok, "Idempotency-Key: order-1",
	                "{\"kind\":\"dues\",\"years\":[2099]}", 422);
	cJSON_Delete(b);
	/* a bad key */
	b = fx_call_hdr(&ts_group, "POST", "/api/v1/orders", tok, "Idempotency-Key: \x01", body, 400);
	cJSON_Delete(b);
	/* another member's key of the same name is theirs */
	char *tok2 = fx_pending_payment(&ts_group, "ordidem2", "HQ", "阮小二");
	b = fx_call_hdr(&ts_group, "POST", "/api/v1/orders", tok2, "Idempotency-Key: order-1", body, 201);
	assert_int_not_equal(json_int_or(a, "id", 0), json_int_or(b, "id", 0));
	cJSON_Delete(b);
	cJSON_Delete(a);
	free(tok2);
	free(tok);
}

static void test_list_filters(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "ordlist", "HQ", "阮小五"), body[64], path[128];
	int64_t first, second;
	cJSON *o;
	int y = fx_year();
	(void)state;

	snprintf(body, sizeof body, "[%d]", y);
	first = fx_order(&ts_group, tok, body);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)first);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{}", 200));
	second = fx_order(&ts_group, tok, body);

	o = fx_call(&ts_group, "GET", "/api/v1/orders", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 2);
	/* newest first */
	assert_int_equal(json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "items"), 0), "id", 0),
	                 second);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/orders?status=cancelled", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 1);
	assert_int_equal(json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "items"), 0), "id", 0),
	                 first);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/orders?per_page=1&page=2", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 2);
	assert_int_equal(json_int_or(o, "page", 0), 2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "items")), 1);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/orders?year=%d&kind=dues", y);
	o = fx_call(&ts_group, "GET", path, tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 2);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/orders?year=%d", y - 1);
	o = fx_call(&ts_group, "GET", path, tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 0);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/orders?kind=level_change", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 0);
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/orders?status=lost", tok, NULL, 422));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/orders?kind=x", tok, NULL, 422));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/orders?year=-3", tok, NULL, 422));
	free(tok);
}

/* An unpaid order closes order_close_days after it was made: the clock is
 * moved by setting its closing time into the past, then the scheduled jobs
 * run. */
static void test_close_when_left_unpaid(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "ordclose", "HQ", "张顺"), years[16], sql[128];
	char *admin;
	cJSON *o;
	int64_t id;
	bool told = false;
	const cJSON *it;
	(void)state;

	snprintf(years, sizeof years, "[%d]", fx_year());
	id = fx_order(&ts_group, tok, years);
	o = fx_get_order(&ts_group, tok, id);
	/* seven days by default */
	assert_true(json_int_or(o, "closes_at", 0) - json_int_or(o, "created_at", 0) == 7 * 86400);
	cJSON_Delete(o);
	snprintf(sql, sizeof sql, "UPDATE orders SET closes_at = closes_at - 8 * 86400 WHERE id = %lld",
	         (long long)id);
	fx_sql(&ts_group, sql);
	/* reading it changes nothing: the scheduled jobs close it */
	o = fx_get_order(&ts_group, tok, id);
	assert_string_equal(json_str_or(o, "status", ""), "unpaid");
	cJSON_Delete(o);
	admin = ts_login(&ts_group, "admin", "Admin-Demo-2026");
	o = fx_call(&ts_group, "POST", "/api/v1/jobs/run", admin, "{}", 200);
	assert_true(json_int_or(o, "orders_closed", 0) >= 1);
	cJSON_Delete(o);
	free(admin);
	o = fx_get_order(&ts_group, tok, id);
	assert_string_equal(json_str_or(o, "status", ""), "closed");
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/messages", tok, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items"))
		if (strcmp(json_str_or(it, "title_zh", ""), "订单已关闭") == 0)
			told = true;
	assert_true(told);
	cJSON_Delete(o);
	/* a closed order cannot be paid; its year is free for a new one */
	snprintf(sql, sizeof sql, "/api/v1/orders/%lld/pay", (long long)id);
	cJSON_Delete(fx_call(&ts_group, "POST", sql, tok, "{}", 409));
	assert_true(fx_order(&ts_group, tok, years) > id);
	free(tok);
}

/* A paid-up member changes level: the difference of annual fees for each
 * paid year from this one is ordered, and paying it applies the level. */
static void test_level_change_order(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "ordlevel", "HQ", "戴宗"), *hq, years[32], body[128],
	     *code;
	int64_t senior = fx_level_id(&ts_group, "senior"), student = fx_level_id(&ts_group, "student");
	int64_t app, order;
	int y = fx_year();
	cJSON *o;
	(void)state;

	/* paid for two years (regular: ¥300 a year) */
	snprintf(years, sizeof years, "[%d,%d]", y, y + 1);
	order = fx_order(&ts_group, tok, years);
	code = fx_qr(&ts_group, tok, order);
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	free(code);

	snprintf(body, sizeof body, "{\"level_id\":%lld,\"reason\":\"晋升\"}", (long long)senior);
	/* a level change is submitted as it is made */
	o = fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 201);
	app = json_int_or(o, "id", -1);
	cJSON_Delete(o);
	hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	assert_int_equal(fx_decide(&ts_group, hq, app, "approve", NULL), 200);

	o = fx_call(&ts_group, "GET", "/api/v1/orders?kind=level_change", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 1);
	const cJSON *lc = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "items"), 0);
	order = json_int_or(lc, "id", -1);
	assert_int_equal(json_str_or(lc, "order_no", "")[0], 'L');
	/* (¥800 - ¥300) x 2 paid years */
	assert_int_equal(json_int_or(lc, "unit_fee", 0), 50000);
	assert_int_equal(json_int_or(lc, "amount", 0), 100000);
	assert_int_equal(json_int_or(lc, "application_id", 0), app);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(lc, "level"), "code", ""), "senior");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(lc, "from_level"), "code", ""), "regular");
	cJSON_Delete(o);
	/* the level applies only once it is paid */
	o = fx_me_member(&ts_group, tok);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "level"), "code", ""), "regular");
	cJSON_Delete(o);
	code = fx_qr(&ts_group, tok, order);
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	free(code);
	o = fx_me_member(&ts_group, tok);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "level"), "code", ""), "senior");
	cJSON_Delete(o);
	/* the certificate follows the new level */
	o = fx_call(&ts_group, "GET", "/api/v1/certificate", tok, NULL, 200);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "level"), "code", ""), "senior");
	cJSON_Delete(o);

	/* down to a cheaper level: nothing owed, it applies at once */
	snprintf(body, sizeof body, "{\"level_id\":%lld,\"reason\":\"退休\"}", (long long)student);
	o = fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 201);
	app = json_int_or(o, "id", -1);
	cJSON_Delete(o);
	assert_int_equal(fx_decide(&ts_group, hq, app, "approve", NULL), 200);
	o = fx_call(&ts_group, "GET", "/api/v1/orders?kind=level_change", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 1);
	cJSON_Delete(o);
	o = fx_me_member(&ts_group, tok);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "level"), "code", ""), "student");
	cJSON_Delete(o);
	free(hq);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_years_rules),
		cmocka_unit_test(test_not_a_payer),
		cmocka_unit_test(test_idempotency),
		cmocka_unit_test(test_list_filters),
		cmocka_unit_test(test_close_when_left_unpaid),
		cmocka_unit_test(test_level_change_order),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
