/* Who may touch an order: only its member. Another member gets 404 for
 * every order route (as if it did not exist) and changes nothing; no login
 * is 401; staff are not members (403); junk ids are 404. */
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

static void expect(const char *method, const char *fmt, int64_t id, const char *tok,
                   const char *body, long status)
{
	char path[160];

	snprintf(path, sizeof path, fmt, (long long)id);
	cJSON_Delete(fx_call(&ts_group, method, path, tok, body, status));
}

static void test_other_members_order(void **state)
{
	char *owner = fx_pending_payment(&ts_group, "accowner", "HQ", "关胜");
	char *intruder = fx_pending_payment(&ts_group, "accother", "HQ", "呼延灼");
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026"), years[16], day[16];
	char transfer[256];
	struct http_reply r;
	int64_t order, paid;
	cJSON *o;
	(void)state;

	snprintf(years, sizeof years, "[%d]", fx_year());
	order = fx_order(&ts_group, owner, years);
	o = fx_get_order(&ts_group, owner, order);
	snprintf(day, sizeof day, "%d-01-01", fx_year());
	snprintf(transfer, sizeof transfer, "{\"payer_name\":\"x\",\"bank\":\"y\","
	         "\"account_tail\":\"1234\",\"date\":\"%s\",\"amount\":%lld}", day,
	         (long long)json_int_or(o, "amount", 0));
	cJSON_Delete(o);

	expect("GET", "/api/v1/orders/%lld", order, intruder, NULL, 404);
	expect("GET", "/api/v1/orders/%lld?wait=2", order, intruder, NULL, 404);
	expect("POST", "/api/v1/orders/%lld/pay", order, intruder, "{}", 404);
	expect("POST", "/api/v1/orders/%lld/cancel", order, intruder, "{}", 404);
	expect("POST", "/api/v1/orders/%lld/bank-transfer", order, intruder, transfer, 404);
	expect("POST", "/api/v1/orders/%lld/invoice", order, intruder,
	       "{\"title_type\":\"personal\",\"title\":\"x\",\"email\":\"x@example.com\"}", 404);
	expect("GET", "/api/v1/orders/%lld/receipt.pdf", order, intruder, NULL, 404);
	char path[160];
	snprintf(path, sizeof path, "/api/v1/orders/%lld/bank-transfer/scan", (long long)order);
	assert_int_equal(http_upload(&ts_group, path, intruder, "file", "a.png", "image/png", fx_png,
	                             fx_png_len, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	http_reply_free(&r);
	/* and the intruder's own list does not show it */
	o = fx_call(&ts_group, "GET", "/api/v1/orders", intruder, NULL, 200);
	assert_int_equal(json_int_or(o, "total", -1), 0);
	cJSON_Delete(o);
	/* nothing changed */
	o = fx_get_order(&ts_group, owner, order);
	assert_string_equal(json_str_or(o, "status", ""), "unpaid");
	assert_int_equal(json_int_or(o, "version", 0), 1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "invoice")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "bank_transfer")));
	cJSON_Delete(o);
	snprintf(path, sizeof path, "SELECT COUNT(*) FROM payments WHERE order_id = %lld",
	         (long long)order);
	assert_int_equal(fx_sql_int(&ts_group, path), 0);

	/* no login, staff, junk ids */
	expect("GET", "/api/v1/orders/%lld", order, NULL, NULL, 401);
	expect("POST", "/api/v1/orders/%lld/pay", order, NULL, "{}", 401);
	expect("GET", "/api/v1/orders/%lld", order, hq, NULL, 403);
	expect("POST", "/api/v1/orders/%lld/pay", order, hq, "{}", 403);
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/dues/quote", hq, NULL, 403));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/certificate", NULL, NULL, 401));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/orders/abc", owner, NULL, 404));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/orders/-1", owner, NULL, 404));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/orders/99999999999999999999", owner, NULL, 404));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/orders/999999", owner, NULL, 404));
	/* an unknown provider has no callback */
	assert_int_equal(fx_callback(&ts_group, "{}", NULL), 401);
	assert_int_equal(http_req(&ts_group, "POST", "/pay/callback/nopay", NULL, "{}", &r), 0);
	assert_int_equal(r.status, 404);
	http_reply_free(&r);

	/* once paid, the receipt is still the owner's alone */
	char *code = fx_qr(&ts_group, owner, order);
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	free(code);
	paid = order;
	expect("GET", "/api/v1/orders/%lld/receipt.pdf", paid, intruder, NULL, 404);
	expect("GET", "/api/v1/orders/%lld/receipt.pdf", paid, owner, NULL, 200);
	/* the intruder's certificate is not the owner's */
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/certificate", intruder, NULL, 404));
	free(owner);
	free(intruder);
	free(hq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_other_members_order),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
