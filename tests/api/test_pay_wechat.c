/* WeChat Pay API v3 (Native) against a stand-in gateway on loopback that
 * speaks the published wire format with keys made for this run: a code
 * from the gateway, a signed and encrypted notification settling the
 * order, every forged or stale notification refused without effect, a
 * replay absorbed, two attempts both paid (one settles, one is a refund
 * due), a lost notification settled by rosterd reconcile, attempts closed
 * at the gateway when the member leaves the code or cancels, and refunds
 * made once however often they are asked for. */
#include <setjmp.h>
#include <stdbool.h>
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
	const char *args[48];
	int n = 0;
	(void)state;

	if (gwf_start(&gw, "wechat") != 0)
		return -1;
	for (int i = 0; gw.args[i]; i++)
		args[n++] = gw.args[i];
	/* the scheduled jobs run when a test asks (test_scheduled_reconcile) */
	args[n++] = "--set";
	args[n++] = "schedule.interval=0";
	args[n] = NULL;
	return ts_start(&ts, args);
}

static int teardown(void **state)
{
	int rc;
	(void)state;

	rc = ts_stop(&ts);
	gwf_stop(&gw);
	return rc == 0 ? 0 : -1;
}

/* A member with an unpaid order for this year. */
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

/* POST /orders/{id}/pay with WeChat Pay: the attempt's out_trade_no
 * (malloc'd); status must be expect. */
static char *attempt(const struct member *m, long expect)
{
	char path[64];
	cJSON *o;
	char *no;

	snprintf(path, sizeof path, "/api/v1/orders/%lld/pay", (long long)m->order_id);
	o = fx_call(&ts, "POST", path, m->token, "{\"method\":\"qr\",\"provider\":\"wechat\"}", expect);
	assert_string_equal(json_str_or(o, "provider", ""), "wechat");
	assert_true(strncmp(json_str_or(o, "code_url", ""), "weixin://wxpay/bizpayurl?pr=", 28) == 0);
	assert_int_equal(json_int_or(o, "amount", 0), m->amount);
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

static void test_code_and_notification(void **state)
{
	struct member m;
	char st[16], expect[48], body[256];
	char *no;
	(void)state;

	member_make("wx_pay1", "微信一", &m);
	no = attempt(&m, 201);
	snprintf(expect, sizeof expect, "%s_1", m.order_no);
	assert_string_equal(no, expect);
	/* the gateway got the trade with the order's amount in fen */
	assert_int_equal(gwf_trade_num(&gw, no, "amount"), m.amount);
	/* asking again shows the same code: no second trade */
	free(attempt(&m, 200));
	assert_int_equal(sql_num("SELECT count(*) FROM payments WHERE token LIKE '%s_%%'",
	                         m.order_no), 1);

	/* WeChat Pay takes 200 (or 204) with no body as "received" */
	assert_int_equal(gwf_pay(&gw, no, NULL, body, sizeof body), 200);
	assert_string_equal(body, "");
	assert_string_equal(order_status(&m, st), "paid");
	assert_int_equal(sql_num("SELECT count(*) FROM payments WHERE token = '%s'"
	                         " AND status = 'succeeded' AND gateway_no IS NOT NULL", no), 1);
	/* the same notification again, and another of the same trade under a
	 * new id: acknowledged, nothing counted twice */
	assert_int_equal(gwf_resend(&gw), 200);
	assert_int_equal(gwf_pay(&gw, no, NULL, NULL, 0), 200);
	assert_int_equal(sql_num("SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id"
	                         " WHERE o.order_no = '%s' AND p.status IN ('succeeded', 'refund_due')",
	                         m.order_no), 1);
	assert_string_equal(order_status(&m, st), "paid");
	free(no);
	free(m.token);
}

static void test_forged_and_stale_refused(void **state)
{
	struct member m;
	char st[16];
	char *no;
	(void)state;

	member_make("wx_pay2", "微信二", &m);
	no = attempt(&m, 201);
	/* WeChat's signature probe must fail with a 4xx, never 200 */
	assert_int_equal(gwf_pay(&gw, no, "signtest=1", NULL, 0), 401);
	/* a body changed after signing */
	assert_int_equal(gwf_pay(&gw, no, "tamper=1", NULL, 0), 401);
	/* 5 minutes or more off, either way */
	assert_int_equal(gwf_pay(&gw, no, "skew=-300", NULL, 0), 410);
	assert_int_equal(gwf_pay(&gw, no, "skew=400", NULL, 0), 410);
	/* signed and fresh, but for another amount, merchant or app */
	assert_int_equal(gwf_pay(&gw, no, "amount=1", NULL, 0), 409);
	assert_int_equal(gwf_pay(&gw, no, "mchid=1900000001", NULL, 0), 400);
	assert_int_equal(gwf_pay(&gw, no, "appid=wx0000000000000000", NULL, 0), 400);
	/* none of it changed anything */
	assert_string_equal(order_status(&m, st), "unpaid");
	assert_int_equal(sql_num("SELECT count(*) FROM pay_events e JOIN orders o"
	                         " ON o.id = e.order_id WHERE o.order_no = '%s'", m.order_no), 0);
	/* the genuine one still settles */
	assert_int_equal(gwf_pay(&gw, no, NULL, NULL, 0), 200);
	assert_string_equal(order_status(&m, st), "paid");
	free(no);
	free(m.token);
}

static cJSON *staff_order(const char *hq, const char *order_no)
{
	char path[96];

	snprintf(path, sizeof path, "/api/v1/review/orders/%s", order_no);
	return fx_call(&ts, "GET", path, hq, NULL, 200);
}

/* The id of the order's payment with that status. */
static int64_t payment_with(const cJSON *order, const char *status)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(order, "payments"))
		if (strcmp(json_str_or(p, "status", ""), status) == 0)
			return json_int_or(p, "id", 0);
	return 0;
}

/* Is payment id on GET /review/refunds (money still to give back)? */
static bool listed_for_refund(const char *hq, int64_t id)
{
	cJSON *l = fx_call(&ts, "GET", "/api/v1/review/refunds?per_page=100", hq, NULL, 200);
	const cJSON *it;
	bool found = false;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(l, "items"))
		found = found || json_int_or(it, "id", 0) == id;
	cJSON_Delete(l);
	return found;
}

static void test_two_attempts_and_refunds(void **state)
{
	struct member m;
	char st[16], sql[256], path[96];
	char *first, *second, *hq;
	cJSON *o, *r, *refunds;
	int64_t due, paid, rid;
	(void)state;

	member_make("wx_pay3", "微信三", &m);
	first = attempt(&m, 201);
	/* the first code stops here (the member took too long) but the payer's
	 * app still holds it: a new attempt gets a new number */
	snprintf(sql, sizeof sql, "UPDATE payments SET expires_at = 1 WHERE token = '%s'", first);
	fx_sql(&ts, sql);
	second = attempt(&m, 201);
	assert_string_not_equal(first, second);

	/* the older attempt is paid after the newer was made: it settles */
	assert_int_equal(gwf_pay(&gw, first, NULL, NULL, 0), 200);
	assert_string_equal(order_status(&m, st), "paid");
	/* then the newer is paid too: money to give back, never a second payment */
	assert_int_equal(gwf_pay(&gw, second, NULL, NULL, 0), 200);
	assert_int_equal(sql_num("SELECT count(*) FROM payments WHERE token = '%s'"
	                         " AND status = 'refund_due'", second), 1);
	assert_int_equal(sql_num("SELECT count(*) FROM payments WHERE token = '%s'"
	                         " AND status = 'succeeded'", first), 1);

	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	assert_non_null(hq);
	o = staff_order(hq, m.order_no);
	due = payment_with(o, "refund_due");
	paid = payment_with(o, "succeeded");
	cJSON_Delete(o);
	assert_true(due > 0 && paid > 0);
	/* staff find it among the money to give back */
	assert_true(listed_for_refund(hq, due));

	/* the refund, asked for twice with one key: one refund at the gateway */
	snprintf(path, sizeof path, "/api/v1/review/payments/%lld/refund", (long long)due);
	r = fx_call_hdr(&ts, "POST", path, hq, "Idempotency-Key: refund-wx3",
	                "{\"cause\":\"paid_twice\",\"reason\":\"重复支付\"}", 201);
	rid = json_int_or(r, "id", 0);
	assert_int_equal(json_int_or(r, "amount", 0), m.amount);
	assert_string_equal(json_str_or(r, "status", ""), "processing");
	cJSON_Delete(r);
	r = fx_call_hdr(&ts, "POST", path, hq, "Idempotency-Key: refund-wx3",
	                "{\"cause\":\"paid_twice\",\"reason\":\"重复支付\"}", 200);
	assert_int_equal(json_int_or(r, "id", 0), rid);
	cJSON_Delete(r);
	assert_int_equal(gwf_trade_num(&gw, second, "refunded"), m.amount);
	/* given back: no longer on the list */
	assert_false(listed_for_refund(hq, due));
	/* nothing is left of that payment to give back */
	cJSON_Delete(fx_call(&ts, "POST", path, hq, "{\"cause\":\"paid_twice\",\"reason\":\"again\"}", 409));
	assert_int_equal(gwf_trade_num(&gw, second, "refunded"), m.amount);

	/* the gateway reports the refund done; the member sees it on the order */
	{
		char q[128];
		long s;
		cJSON *n;
		snprintf(q, sizeof q, "/control/refund-done?no=%sR1", m.order_no);
		n = gwf_control(&gw, "POST", q, &s);
		assert_int_equal((long)json_int_or(n, "status", 0), 200);
		cJSON_Delete(n);
		assert_int_equal(gwf_resend(&gw), 200);
	}
	o = fx_get_order(&ts, m.token, m.order_id);
	refunds = cJSON_GetObjectItemCaseSensitive(o, "refunds");
	assert_int_equal(cJSON_GetArraySize(refunds), 1);
	assert_string_equal(json_str_or(cJSON_GetArrayItem(refunds, 0), "status", ""), "succeeded");
	assert_int_equal(json_int_or(cJSON_GetArrayItem(refunds, 0), "amount", 0), m.amount);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	cJSON_Delete(o);

	/* a partial refund of the payment that settled (membership ended) */
	snprintf(path, sizeof path, "/api/v1/review/payments/%lld/refund", (long long)paid);
	r = fx_call(&ts, "POST", path, hq,
	            "{\"amount\":100,\"cause\":\"membership_ended\",\"reason\":\"退会\"}", 201);
	assert_int_equal(json_int_or(r, "amount", 0), 100);
	cJSON_Delete(r);
	assert_int_equal(gwf_trade_num(&gw, first, "refunded"), 100);
	/* members cannot ask for refunds */
	cJSON_Delete(fx_call(&ts, "POST", path, m.token, "{\"cause\":\"other\",\"reason\":\"x\"}", 403));
	free(hq);
	free(first);
	free(second);
	free(m.token);
}

static void today(char out[11])
{
	time_t t = time(NULL) + 8 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int reconcile(const char *day, char *log, size_t n)
{
	const char *args[48];
	char path[320];
	int k = 0, rc;
	FILE *f;

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

static void test_lost_callback_reconciled(void **state)
{
	struct member m;
	char st[16], day[11], log[8192];
	char *no;
	(void)state;

	member_make("wx_pay4", "微信四", &m);
	no = attempt(&m, 201);
	/* paid at the gateway, but the notification never arrives */
	assert_int_equal(gwf_pay(&gw, no, "deliver=0", NULL, 0), 0);
	assert_string_equal(order_status(&m, st), "unpaid");
	today(day);
	assert_int_equal(reconcile(day, log, sizeof log), 0);
	assert_non_null(strstr(log, no));
	assert_non_null(strstr(log, "settled now"));
	assert_string_equal(order_status(&m, st), "paid");
	/* a second run finds nothing more to do */
	assert_int_equal(reconcile(day, log, sizeof log), 0);
	assert_null(strstr(log, "settled now"));
	/* the late notification, when it comes, changes nothing */
	assert_int_equal(gwf_resend(&gw), 200);
	assert_int_equal(sql_num("SELECT count(*) FROM payments WHERE token = '%s'"
	                         " AND status = 'succeeded'", no), 1);
	/* a bad date is refused */
	assert_int_equal(reconcile("2026-13-45", log, sizeof log), 2);
	free(no);
	free(m.token);
}

/* The scheduled jobs ask the gateway about yesterday's attempts once a
 * day: a payment whose notification was lost is settled by them too. */
static void test_scheduled_reconcile(void **state)
{
	struct member m;
	char st[16], sql[256];
	char *no, *admin;
	cJSON *r;
	(void)state;

	member_make("wx_pay6", "微信六", &m);
	no = attempt(&m, 201);
	assert_int_equal(gwf_pay(&gw, no, "deliver=0", NULL, 0), 0);
	/* the attempt was made yesterday (the association's calendar) */
	snprintf(sql, sizeof sql, "UPDATE payments SET created_at = created_at - 86400"
	         " WHERE token = '%s'", no);
	fx_sql(&ts, sql);
	admin = ts_login(&ts, "admin", "Admin-Demo-2026");
	assert_non_null(admin);
	r = fx_call(&ts, "POST", "/api/v1/jobs/run", admin, NULL, 200);
	assert_true(json_int_or(r, "reconcile_settled", 0) >= 1);
	cJSON_Delete(r);
	assert_string_equal(order_status(&m, st), "paid");
	/* the day is done: the next run asks nothing */
	r = fx_call(&ts, "POST", "/api/v1/jobs/run", admin, NULL, 200);
	assert_null(cJSON_GetObjectItemCaseSensitive(r, "reconcile_checked"));
	cJSON_Delete(r);
	free(admin);
	free(no);
	free(m.token);
}

static void test_attempts_closed_at_gateway(void **state)
{
	struct member m;
	char path[160], state_s[16];
	char *first, *second;
	cJSON *o;
	(void)state;

	member_make("wx_pay5", "微信五", &m);
	first = attempt(&m, 201);
	/* the member leaves the QR screen */
	snprintf(path, sizeof path, "/api/v1/orders/%lld/attempts/%s/close", (long long)m.order_id,
	         first);
	o = fx_call(&ts, "POST", path, m.token, NULL, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "closed")));
	assert_string_equal(json_str_or(o, "status", ""), "expired");
	cJSON_Delete(o);
	assert_int_equal(gwf_trade_num(&gw, first, "closed"), 1);
	gwf_trade_str(&gw, first, "state", state_s, sizeof state_s);
	assert_string_equal(state_s, "CLOSED");
	/* closing again changes nothing and asks the gateway nothing */
	cJSON_Delete(fx_call(&ts, "POST", path, m.token, NULL, 200));
	assert_int_equal(gwf_trade_num(&gw, first, "closed"), 1);
	/* another member's attempt is not found */
	{
		char *other = fx_register_as(&ts, "wx_pay5b", "Member-Pass-2026");
		cJSON_Delete(fx_call(&ts, "POST", path, other, NULL, 404));
		free(other);
	}

	/* coming back gives a new attempt; cancelling the order closes it */
	second = attempt(&m, 201);
	assert_string_not_equal(first, second);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)m.order_id);
	cJSON_Delete(fx_call(&ts, "POST", path, m.token, NULL, 200));
	assert_int_equal(gwf_trade_num(&gw, second, "closed"), 1);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/attempts", (long long)m.order_id);
	o = fx_call(&ts, "GET", path, m.token, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "items")), 2);
	cJSON_Delete(o);
	free(first);
	free(second);
	free(m.token);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_and_notification),
		cmocka_unit_test(test_forged_and_stale_refused),
		cmocka_unit_test(test_two_attempts_and_refunds),
		cmocka_unit_test(test_lost_callback_reconciled),
		cmocka_unit_test(test_attempts_closed_at_gateway),
		cmocka_unit_test(test_scheduled_reconcile),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
