/* Paying dues by the sandbox QR code, end to end: the member orders, asks
 * for a code, the "phone" opens the code's page and confirms, the order
 * turns paid while the member's client long-polls it, and the member is
 * active until 31 December of the last year paid. */
#include <pthread.h>
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

struct poll_arg {
	const char *token;
	int64_t order_id;
	long status;
	char order_status[16];
	int64_t version;
};

/* The member's client waiting for the payment to land. */
static void *long_poll(void *p)
{
	struct poll_arg *a = p;
	struct http_reply r;
	char path[128];

	snprintf(path, sizeof path, "/api/v1/orders/%lld?wait=20&since=%lld",
	         (long long)a->order_id, (long long)a->version);
	if (http_req(&ts_group, "GET", path, a->token, NULL, &r) == 0) {
		a->status = r.status;
		snprintf(a->order_status, sizeof a->order_status, "%s",
		         json_str_or(r.json, "status", ""));
		a->version = json_int_or(r.json, "version", 0);
	}
	http_reply_free(&r);
	return NULL;
}

static void test_sandbox_end_to_end(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "sbpayer", "BJ", "钱多多");
	char years[32], until[32], *path, *me_name;
	struct poll_arg pa = { .token = tok };
	struct http_reply r;
	pthread_t th;
	cJSON *o, *me;
	int year = fx_year();
	(void)state;

	/* the quote: one year at the level's fee (普通会员, ¥300) */
	o = fx_call(&ts_group, "GET", "/api/v1/dues/quote", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "unit_fee", 0), 30000);
	assert_int_equal(json_int_or(o, "amount", 0), 30000);
	assert_int_equal(json_int_or(o, "first_year", 0), year);
	cJSON_Delete(o);

	snprintf(years, sizeof years, "[%d,%d]", year, year + 1);
	pa.order_id = fx_order(&ts_group, tok, years);
	o = fx_get_order(&ts_group, tok, pa.order_id);
	assert_string_equal(json_str_or(o, "status", ""), "unpaid");
	assert_int_equal(json_int_or(o, "amount", 0), 60000);
	assert_int_equal(json_str_or(o, "order_no", "")[0], 'D');
	pa.version = json_int_or(o, "version", 0);
	char order_no[32];
	snprintf(order_no, sizeof order_no, "%s", json_str_or(o, "order_no", ""));
	cJSON_Delete(o);

	path = fx_qr(&ts_group, tok, pa.order_id);
	/* short enough for a small QR code: /pay/sb/ + 16 characters */
	assert_int_equal(strlen(path), strlen("/pay/sb/") + 16);

	/* the phone opens the page: amount, order number, the association */
	assert_int_equal(http_req(&ts_group, "GET", path, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "¥600.00"));
	assert_non_null(strstr(r.body, order_no));
	assert_non_null(strstr(r.body, "中国示例协会"));
	assert_non_null(strstr(r.body, "确认支付"));
	http_reply_free(&r);

	/* the client long-polls while the phone confirms */
	assert_int_equal(pthread_create(&th, NULL, long_poll, &pa), 0);
	assert_int_equal(fx_confirm(&ts_group, path), 200);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(pa.status, 200);
	assert_string_equal(pa.order_status, "paid");

	o = fx_get_order(&ts_group, tok, pa.order_id);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	assert_string_equal(json_str_or(o, "method", ""), "qr");
	assert_string_equal(json_str_or(o, "provider", ""), "sandbox");
	assert_int_equal(json_str_or(o, "receipt_no", "")[0], 'R');
	cJSON_Delete(o);

	/* /me: active until 31 December of the last year paid */
	me = fx_me_member(&ts_group, tok);
	snprintf(until, sizeof until, "%d-12-31", year + 1);
	assert_string_equal(json_str_or(me, "status", ""), "active");
	assert_string_equal(json_str_or(me, "valid_until", ""), until);
	me_name = strdup(json_str_or(me, "member_no", ""));
	assert_int_equal(me_name[0], 'M');
	cJSON_Delete(me);
	free(me_name);

	/* the member was told */
	o = fx_call(&ts_group, "GET", "/api/v1/messages", tok, NULL, 200);
	bool told = false;
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items"))
		if (strcmp(json_str_or(it, "title_zh", ""), "缴费成功") == 0)
			told = true;
	assert_true(told);
	cJSON_Delete(o);

	/* the page now says paid, and confirming again changes nothing */
	assert_int_equal(http_req(&ts_group, "GET", path, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "支付成功"));
	http_reply_free(&r);
	assert_int_equal(fx_confirm(&ts_group, path), 200);
	o = fx_get_order(&ts_group, tok, pa.order_id);
	assert_int_equal(json_int_or(o, "version", 0), pa.version);
	cJSON_Delete(o);

	/* the next quote starts after the years paid */
	o = fx_call(&ts_group, "GET", "/api/v1/dues/quote", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "first_year", 0), year + 2);
	cJSON_Delete(o);
	free(path);
	free(tok);
}

/* A long poll with nothing happening answers at its deadline with the
 * order unchanged; wait=0 answers at once. */
static void test_long_poll_times_out(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "sbwaiter", "HQ", "孙悟");
	char years[16], path[128];
	struct http_reply r;
	int64_t id;
	time_t t0;
	(void)state;

	snprintf(years, sizeof years, "[%d]", fx_year());
	id = fx_order(&ts_group, tok, years);
	snprintf(path, sizeof path, "/api/v1/orders/%lld?wait=1", (long long)id);
	t0 = time(NULL);
	assert_int_equal(http_req(&ts_group, "GET", path, tok, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_str_or(r.json, "status", ""), "unpaid");
	assert_true(time(NULL) - t0 >= 1);
	assert_true(time(NULL) - t0 <= 4);
	http_reply_free(&r);
	snprintf(path, sizeof path, "/api/v1/orders/%lld?wait=junk", (long long)id);
	assert_int_equal(http_req(&ts_group, "GET", path, tok, NULL, &r), 0);
	assert_int_equal(r.status, 422);
	http_reply_free(&r);
	free(tok);
}

/* Asking for a code twice shows the same live code; the Idempotency-Key
 * replays the first answer; a cancelled order's code stops working. */
static void test_pay_again_and_cancel(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "sbagain", "HQ", "周游");
	char years[16], path[128], *code;
	struct http_reply r;
	cJSON *a, *b;
	int64_t id;
	(void)state;

	snprintf(years, sizeof years, "[%d]", fx_year());
	id = fx_order(&ts_group, tok, years);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/pay", (long long)id);
	a = fx_call_hdr(&ts_group, "POST", path, tok, "Idempotency-Key: pay-1",
	                "{\"method\":\"qr\",\"provider\":\"sandbox\"}", 201);
	b = fx_call_hdr(&ts_group, "POST", path, tok, "Idempotency-Key: pay-1",
	                "{\"method\":\"qr\",\"provider\":\"sandbox\"}", 201);
	assert_int_equal(json_int_or(a, "payment_id", 0), json_int_or(b, "payment_id", -1));
	cJSON_Delete(b);
	/* without a key: the same live code, not a second trade */
	b = fx_call(&ts_group, "POST", path, tok, "{}", 200);
	assert_int_equal(json_int_or(a, "payment_id", 0), json_int_or(b, "payment_id", -1));
	assert_string_equal(json_str_or(a, "code_url", "a"), json_str_or(b, "code_url", "b"));
	cJSON_Delete(b);
	/* an unknown provider or method is refused */
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{\"provider\":\"nopay\"}", 422));
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{\"method\":\"cash\"}", 422));

	code = strdup(json_str_or(a, "code_url", "") + strlen(ts_group.base));
	cJSON_Delete(a);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)id);
	a = fx_call(&ts_group, "POST", path, tok, "{}", 200);
	assert_string_equal(json_str_or(a, "status", ""), "cancelled");
	cJSON_Delete(a);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{}", 409));
	/* the code is dead: its page says so and confirming does not pay */
	assert_int_equal(http_req(&ts_group, "GET", code, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 410);
	http_reply_free(&r);
	assert_int_equal(fx_confirm(&ts_group, code), 410);
	a = fx_get_order(&ts_group, tok, id);
	assert_string_equal(json_str_or(a, "status", ""), "cancelled");
	cJSON_Delete(a);
	/* an unknown code */
	assert_int_equal(http_req(&ts_group, "GET", "/pay/sb/AAAAAAAAAAAAAAAA", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	http_reply_free(&r);
	/* the year is free again for a new order */
	id = fx_order(&ts_group, tok, years);
	assert_true(id > 0);
	free(code);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sandbox_end_to_end),
		cmocka_unit_test(test_long_poll_times_out),
		cmocka_unit_test(test_pay_again_and_cancel),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
