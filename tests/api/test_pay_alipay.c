/* Alipay (open platform, RSA2) against a stand-in gateway on loopback that
 * speaks the published wire format with keys made for this run: a
 * precreated code, a signed notification settling the order and answered
 * exactly "success", forged notifications refused without effect, a
 * replay absorbed, a code nobody scanned (unknown to Alipay) closed and
 * reconciled as still open, a lost notification settled by rosterd
 * reconcile, and a refund made once under its out_request_no. */
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

struct member {
	char *token;
	int64_t order_id;
	char order_no[32];
	long long amount;
};

static void member_make(const char *username, const char *name, struct member *m)
{
	char years[16];
	cJSON *o;

	m->token = fx_pending_payment(&ts, username, "HQ", name);
	snprintf(years, sizeof years, "[%d]", fx_year());
	m->order_id = fx_order(&ts, m->token, years);
	o = fx_get_order(&ts, m->token, m->order_id);
	snprintf(m->order_no, sizeof m->order_no, "%s", json_str_or(o, "order_no", ""));
	m->amount = json_int_or(o, "amount", 0);
	cJSON_Delete(o);
}

static char *attempt(const struct member *m, long expect)
{
	char path[64];
	cJSON *o;
	char *no;

	snprintf(path, sizeof path, "/api/v1/orders/%lld/pay", (long long)m->order_id);
	o = fx_call(&ts, "POST", path, m->token, "{\"provider\":\"alipay\"}", expect);
	assert_string_equal(json_str_or(o, "provider", ""), "alipay");
	assert_true(strncmp(json_str_or(o, "code_url", ""), "https://qr.alipay.com/", 22) == 0);
	no = strdup(json_str_or(o, "out_trade_no", ""));
	cJSON_Delete(o);
	return no;
}

static const char *order_status(const struct member *m, char out[16])
{
	cJSON *o = fx_get_order(&ts, m->token, m->order_id);

	snprintf(out, 16, "%s", json_str_or(o, "status", ""));
	cJSON_Delete(o);
	return out;
}

static long long sql_num(const char *fmt, const char *arg)
{
	char sql[512];

	snprintf(sql, sizeof sql, fmt, arg);
	return fx_sql_int(&ts, sql);
}

static int reconcile(char *log, size_t n)
{
	const char *args[48];
	char path[320], day[11];
	time_t t = time(NULL) + 8 * 3600;
	struct tm tm;
	int k = 0, rc;
	FILE *f;

	gmtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	args[k++] = "reconcile";
	args[k++] = "--date";
	args[k++] = day;
	for (int i = 0; gw.args[i]; i++)
		args[k++] = gw.args[i];
	args[k] = NULL;
	snprintf(path, sizeof path, "%s/commands.log", ts.dir);
	remove(path);
	rc = ts_rosterd(&ts, args, NULL);
	log[0] = '\0';
	if ((f = fopen(path, "r"))) {
		size_t got = fread(log, 1, n - 1, f);
		log[got] = '\0';
		fclose(f);
	}
	return rc;
}

static void test_precreate_and_notify(void **state)
{
	struct member m;
	char st[16], body[64], expect[48];
	char *no;
	(void)state;

	member_make("ali_pay1", "支付宝一", &m);
	no = attempt(&m, 201);
	snprintf(expect, sizeof expect, "%s_1", m.order_no);
	assert_string_equal(no, expect);
	/* total_amount went over in yuan with two decimals */
	assert_int_equal(gwf_trade_num(&gw, no, "amount"), m.amount);

	/* forged: wrong signature, changed amount after signing, another
	 * seller or app, and a signed notification for another amount */
	assert_int_equal(gwf_pay(&gw, no, "signtest=1", NULL, 0), 401);
	assert_int_equal(gwf_pay(&gw, no, "tamper=1", NULL, 0), 401);
	assert_int_equal(gwf_pay(&gw, no, "seller_id=2088000000000001", NULL, 0), 400);
	assert_int_equal(gwf_pay(&gw, no, "app_id=2021000000000009", NULL, 0), 400);
	assert_int_equal(gwf_pay(&gw, no, "amount=1", NULL, 0), 409);
	assert_string_equal(order_status(&m, st), "unpaid");
	assert_int_equal(sql_num("SELECT count(*) FROM pay_events e JOIN orders o"
	                         " ON o.id = e.order_id WHERE o.order_no = '%s'", m.order_no), 0);

	/* the genuine one: exactly "success" */
	assert_int_equal(gwf_pay(&gw, no, NULL, body, sizeof body), 200);
	assert_string_equal(body, "success");
	assert_string_equal(order_status(&m, st), "paid");
	/* replayed, and TRADE_FINISHED later under a new notify_id: nothing more */
	assert_int_equal(gwf_resend(&gw), 200);
	assert_int_equal(gwf_pay(&gw, no, NULL, body, sizeof body), 200);
	assert_string_equal(body, "success");
	assert_int_equal(sql_num("SELECT count(*) FROM payments WHERE token LIKE '%s_%%'"
	                         " AND status IN ('succeeded', 'refund_due')", m.order_no), 1);
	free(no);
	free(m.token);
}

static void test_unscanned_code(void **state)
{
	struct member m;
	char st[16], log[8192], path[160];
	char *no;
	cJSON *o;
	(void)state;

	member_make("ali_pay2", "支付宝二", &m);
	no = attempt(&m, 201);
	/* nobody scanned it: Alipay does not know the trade; reconciliation
	 * takes it as still open and finds no difference */
	assert_int_equal(reconcile(log, sizeof log), 0);
	assert_null(strstr(log, no));
	assert_string_equal(order_status(&m, st), "unpaid");
	/* leaving the screen: closing an unknown trade is no error */
	snprintf(path, sizeof path, "/api/v1/orders/%lld/attempts/%s/close",
	         (long long)m.order_id, no);
	o = fx_call(&ts, "POST", path, m.token, NULL, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "closed")));
	cJSON_Delete(o);
	assert_int_equal(gwf_trade_num(&gw, no, "closed"), 1);
	/* the payer had the code on the phone and pays before it times out:
	 * the money is taken (the order is still unpaid) */
	assert_int_equal(gwf_pay(&gw, no, NULL, NULL, 0), 200);
	assert_string_equal(order_status(&m, st), "paid");
	free(no);
	free(m.token);
}

static void test_lost_notify_and_refund(void **state)
{
	struct member m;
	char st[16], log[8192], path[96];
	char *no, *hq;
	cJSON *o, *r;
	int64_t pid = 0;
	const cJSON *p;
	(void)state;

	member_make("ali_pay3", "支付宝三", &m);
	no = attempt(&m, 201);
	assert_int_equal(gwf_pay(&gw, no, "deliver=0", NULL, 0), 0);
	assert_string_equal(order_status(&m, st), "unpaid");
	assert_int_equal(reconcile(log, sizeof log), 0);
	assert_non_null(strstr(log, "settled now"));
	assert_string_equal(order_status(&m, st), "paid");

	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	snprintf(path, sizeof path, "/api/v1/review/orders/%s", m.order_no);
	o = fx_call(&ts, "GET", path, hq, NULL, 200);
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(o, "payments"))
		if (strcmp(json_str_or(p, "status", ""), "succeeded") == 0)
			pid = json_int_or(p, "id", 0);
	assert_true(pid > 0);
	/* the gateway's own trade number was learnt from the query */
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(o, "payments"))
		if (json_int_or(p, "id", 0) == pid)
			assert_true(strlen(json_str_or(p, "gateway_no", "")) > 0);
	cJSON_Delete(o);

	/* Alipay refunds at once; a retry with the same key is the same refund */
	snprintf(path, sizeof path, "/api/v1/review/payments/%lld/refund", (long long)pid);
	r = fx_call_hdr(&ts, "POST", path, hq, "Idempotency-Key: ali-3",
	                "{\"amount\":500,\"cause\":\"membership_ended\",\"reason\":\"退会\"}", 201);
	assert_string_equal(json_str_or(r, "status", ""), "succeeded");
	cJSON_Delete(r);
	r = fx_call_hdr(&ts, "POST", path, hq, "Idempotency-Key: ali-3",
	                "{\"amount\":500,\"cause\":\"membership_ended\",\"reason\":\"退会\"}", 200);
	assert_string_equal(json_str_or(r, "status", ""), "succeeded");
	cJSON_Delete(r);
	assert_int_equal(gwf_trade_num(&gw, no, "refunded"), 500);
	o = fx_get_order(&ts, m.token, m.order_id);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "refunds")), 1);
	cJSON_Delete(o);
	/* the member was told */
	{
		cJSON *msgs = fx_call(&ts, "GET", "/api/v1/messages", m.token, NULL, 200);
		char *text = cJSON_PrintUnformatted(msgs);
		assert_non_null(strstr(text, "退会"));
		free(text);
		cJSON_Delete(msgs);
	}
	free(hq);
	free(no);
	free(m.token);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precreate_and_notify),
		cmocka_unit_test(test_unscanned_code),
		cmocka_unit_test(test_lost_notify_and_refund),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
