/* An Alipay refund that ends by its asynchronous notification, against
 * the stand-in gateway on loopback: the gateway takes the refund but
 * answers alipay.trade.refund with a system error (20000), so the refund
 * stays under way; later Alipay's trade_status_sync notification names it
 * (out_biz_no = our out_request_no, refund_fee, gmt_refund, trade_status
 * still TRADE_SUCCESS for a partial refund). rosterd answers exactly
 * "success", ends the refund as succeeded once, tells the member, and
 * takes the notification for no payment: the order stays paid once, no
 * money is marked refund-due. A replay changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"
#include "gateway_fixture.h"
#include "harness.h"
#include "roster/json.h"

static struct test_server ts;
static struct gw_fixture gw;

static int setup(void **state)
{
	(void)state;
	if (gwf_start(&gw, "alipay") != 0)
		return -1;
	return ts_start(&ts, gw.args);
}

static int teardown(void **state)
{
	int rc;
	(void)state;

	rc = ts_stop(&ts);
	gwf_stop(&gw);
	return rc == 0 ? 0 : -1;
}

static long long count(const char *fmt, long long arg)
{
	char sql[256];

	snprintf(sql, sizeof sql, fmt, arg);
	return fx_sql_int(&ts, sql);
}

/* The order's only refund, as staff see it (caller deletes the order). */
static const cJSON *the_refund(const char *hq, const char *order_no, cJSON **order)
{
	char path[96];
	const cJSON *rs;

	snprintf(path, sizeof path, "/api/v1/review/orders/%s", order_no);
	*order = fx_call(&ts, "GET", path, hq, NULL, 200);
	rs = cJSON_GetObjectItemCaseSensitive(*order, "refunds");
	assert_int_equal(cJSON_GetArraySize(rs), 1);
	return cJSON_GetArrayItem(rs, 0);
}

static void test_refund_ended_by_notify(void **state)
{
	char years[16], path[128], body[256], q[128], no_r[48], *no, *hq, *msgs_before;
	int64_t order_id, pid = 0;
	long long refund_id, messages;
	const cJSON *p, *r;
	cJSON *o, *msgs;
	long st;
	char *tok;
	(void)state;

	tok = fx_pending_payment(&ts, "ali_refund", "HQ", "支付宝退");
	snprintf(years, sizeof years, "[%d]", fx_year());
	order_id = fx_order(&ts, tok, years);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/pay", (long long)order_id);
	o = fx_call(&ts, "POST", path, tok, "{\"provider\":\"alipay\"}", 201);
	no = strdup(json_str_or(o, "out_trade_no", ""));
	cJSON_Delete(o);
	assert_int_equal(gwf_pay(&gw, no, NULL, body, sizeof body), 200);
	assert_string_equal(body, "success");
	o = fx_get_order(&ts, tok, order_id);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	char order_no[40];
	snprintf(order_no, sizeof order_no, "%s", json_str_or(o, "order_no", ""));
	cJSON_Delete(o);

	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	snprintf(path, sizeof path, "/api/v1/review/orders/%s", order_no);
	o = fx_call(&ts, "GET", path, hq, NULL, 200);
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(o, "payments"))
		if (strcmp(json_str_or(p, "status", ""), "succeeded") == 0)
			pid = json_int_or(p, "id", 0);
	cJSON_Delete(o);
	assert_true(pid > 0);

	/* Alipay takes the refund but answers with a system error */
	cJSON_Delete(gwf_control(&gw, "POST", "/control/refund-busy?on=1", &st));
	assert_int_equal(st, 200);
	snprintf(path, sizeof path, "/api/v1/review/payments/%lld/refund", (long long)pid);
	o = fx_call_hdr(&ts, "POST", path, hq, "Idempotency-Key: ali-notify-1",
	                "{\"amount\":1000,\"cause\":\"membership_ended\",\"reason\":\"退会退款\"}", 201);
	assert_string_equal(json_str_or(o, "status", ""), "processing");
	refund_id = json_int_or(o, "id", 0);
	snprintf(no_r, sizeof no_r, "%s", json_str_or(o, "refund_no", ""));
	cJSON_Delete(o);
	assert_int_equal(gwf_trade_num(&gw, no, "refunded"), 1000);
	/* the member sees it under way on the order */
	o = fx_get_order(&ts, tok, order_id);
	r = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "refunds"), 0);
	assert_string_equal(json_str_or(r, "status", ""), "processing");
	cJSON_Delete(o);
	messages = count("SELECT count(*) FROM messages WHERE account_id ="
	                 " (SELECT account_id FROM orders WHERE id = %lld)", (long long)order_id);

	/* Alipay's notification of the refund ends it */
	snprintf(q, sizeof q, "/control/refund-done?no=%s", no_r);
	o = gwf_control(&gw, "POST", q, &st);
	assert_int_equal(st, 200);
	assert_int_equal(json_int_or(o, "status", 0), 200);
	assert_string_equal(json_str_or(o, "body", ""), "success");
	cJSON_Delete(o);
	r = the_refund(hq, order_no, &o);
	assert_int_equal(json_int_or(r, "id", 0), refund_id);
	assert_string_equal(json_str_or(r, "status", ""), "succeeded");
	assert_int_equal(json_int_or(r, "amount", 0), 1000);
	assert_true(json_int_or(r, "finished_at", 0) > 0);
	cJSON_Delete(o);
	o = fx_get_order(&ts, tok, order_id);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	r = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "refunds"), 0);
	assert_string_equal(json_str_or(r, "status", ""), "succeeded");
	cJSON_Delete(o);
	/* the member was told, once */
	assert_int_equal(count("SELECT count(*) FROM messages WHERE account_id ="
	                       " (SELECT account_id FROM orders WHERE id = %lld)", (long long)order_id),
	                 messages + 1);
	msgs = fx_call(&ts, "GET", "/api/v1/messages", tok, NULL, 200);
	msgs_before = cJSON_PrintUnformatted(msgs);
	assert_non_null(strstr(msgs_before, "退会退款"));
	cJSON_Delete(msgs);
	/* the notification (trade_status TRADE_SUCCESS, total_amount absent)
	 * paid nothing: no second payment, no money due back */
	assert_int_equal(count("SELECT count(*) FROM payments WHERE order_id = %lld"
	                       " AND status IN ('succeeded', 'refund_due')", (long long)order_id), 1);

	/* a replay is answered the same and changes nothing */
	assert_int_equal(gwf_resend(&gw), 200);
	assert_int_equal(count("SELECT count(*) FROM messages WHERE account_id ="
	                       " (SELECT account_id FROM orders WHERE id = %lld)", (long long)order_id),
	                 messages + 1);
	r = the_refund(hq, order_no, &o);
	assert_string_equal(json_str_or(r, "status", ""), "succeeded");
	cJSON_Delete(o);
	assert_int_equal(count("SELECT count(*) FROM refunds WHERE order_id = %lld", (long long)order_id),
	                 1);
	/* and staff find it among the refunds made */
	o = fx_call(&ts, "GET", "/api/v1/review/refunds?show=made", hq, NULL, 200);
	r = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "items"), 0);
	assert_string_equal(json_str_or(r, "refund_no", ""), no_r);
	assert_string_equal(json_str_or(r, "order_no", ""), order_no);
	assert_string_equal(json_str_or(r, "provider", ""), "alipay");
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(r, "member"), "name", ""),
	                    "支付宝退");
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/review/refunds?show=made&status=failed", hq, NULL,
	                     200));
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/review/refunds?show=nothing", hq, NULL, 422));
	cJSON_Delete(gwf_control(&gw, "POST", "/control/refund-busy?on=0", &st));
	free(msgs_before);
	free(hq);
	free(no);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refund_ended_by_notify),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
