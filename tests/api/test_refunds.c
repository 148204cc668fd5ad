/* GET /review/refunds: money to give back is visible to HQ staff, with its
 * order and member: a distinct second trade of a paid order, and money for
 * an order whose years a newer order took. A second notification of the
 * trade that paid is not money to give back and never shows. Branch staff
 * and members are refused. */
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

struct member_order {
	char *token;
	int64_t order_id;
	char order_no[32];
	long long amount;
	char *code;             /* "/pay/sb/<trade>" */
};

static void member_order(const char *username, const char *name, struct member_order *m)
{
	char years[16];
	cJSON *o;

	m->token = fx_pending_payment(&ts_group, username, "HQ", name);
	snprintf(years, sizeof years, "[%d]", fx_year());
	m->order_id = fx_order(&ts_group, m->token, years);
	o = fx_get_order(&ts_group, m->token, m->order_id);
	snprintf(m->order_no, sizeof m->order_no, "%s", json_str_or(o, "order_no", ""));
	m->amount = json_int_or(o, "amount", 0);
	cJSON_Delete(o);
	m->code = fx_qr(&ts_group, m->token, m->order_id);
}

static void member_order_free(struct member_order *m)
{
	free(m->token);
	free(m->code);
}

static const char *trade_of(const char *code)
{
	return code + strlen("/pay/sb/");
}

/* The gateway says trade (of order_no) was paid, under event id event. */
static void notify(const char *event, const char *order_no, const char *trade, long long amount)
{
	char *body = fx_callback_body(event, order_no, trade, amount, 0);
	char *sig = fx_sandbox_sign(&ts_group, body);

	assert_int_equal(fx_callback(&ts_group, body, sig), 200);
	free(sig);
	free(body);
}

static cJSON *refunds(const char *token, const char *query, long expect)
{
	char path[128];

	snprintf(path, sizeof path, "/api/v1/review/refunds%s", query);
	return fx_call(&ts_group, "GET", path, token, NULL, expect);
}

static void test_refunds(void **state)
{
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	char *admin = ts_login(&ts_group, "admin", "Admin-Demo-2026");
	char *bj = ts_login(&ts_group, "bj_staff", "Branch-Demo-2026");
	struct member_order a, b;
	char sql[256], event[80], path[128], years[16], *second;
	const cJSON *it, *items;
	cJSON *o;
	(void)state;

	/* nothing to give back yet */
	o = refunds(hq, "", 200);
	assert_int_equal(json_int_or(o, "total", -1), 0);
	cJSON_Delete(o);

	/* a: the first code runs out, the second pays, then the first code's
	 * money arrives too */
	member_order("rfone", "杨志", &a);
	snprintf(sql, sizeof sql, "UPDATE payments SET expires_at = 1 WHERE token = '%s'",
	         trade_of(a.code));
	fx_sql(&ts_group, sql);
	second = fx_qr(&ts_group, a.token, a.order_id);
	assert_int_equal(fx_confirm(&ts_group, second), 200);
	snprintf(event, sizeof event, "evt-rf-%s", trade_of(a.code));
	notify(event, a.order_no, trade_of(a.code), a.amount);
	/* the paying trade notified again under a new id is no refund */
	snprintf(event, sizeof event, "evt-rf-again-%s", trade_of(second));
	notify(event, a.order_no, trade_of(second), a.amount);

	o = refunds(hq, "", 200);
	assert_int_equal(json_int_or(o, "total", -1), 1);
	items = cJSON_GetObjectItemCaseSensitive(o, "items");
	assert_int_equal(cJSON_GetArraySize(items), 1);
	it = cJSON_GetArrayItem(items, 0);
	snprintf(sql, sizeof sql, "SELECT id FROM payments WHERE token = '%s'", trade_of(a.code));
	assert_int_equal(json_int_or(it, "id", 0), fx_sql_int(&ts_group, sql));
	assert_int_equal(json_int_or(it, "amount", 0), a.amount);
	assert_string_equal(json_str_or(it, "method", ""), "qr");
	assert_string_equal(json_str_or(it, "provider", ""), "sandbox");
	assert_string_equal(json_str_or(it, "trade_no", ""), trade_of(a.code));
	assert_true(json_int_or(it, "paid_at", 0) > 0);
	assert_true(json_int_or(it, "recorded_at", 0) > 0);
	const cJSON *od = cJSON_GetObjectItemCaseSensitive(it, "order");
	assert_string_equal(json_str_or(od, "order_no", ""), a.order_no);
	assert_string_equal(json_str_or(od, "status", ""), "paid");
	const cJSON *mb = cJSON_GetObjectItemCaseSensitive(it, "member");
	assert_string_equal(json_str_or(mb, "username", ""), "rfone");
	assert_string_equal(json_str_or(mb, "name", ""), "杨志");
	assert_true(json_int_or(mb, "account_id", 0) > 0);
	cJSON_Delete(o);

	/* b: cancels, orders the same year again, then the first order's
	 * money arrives */
	member_order("rftwo", "索超", &b);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)b.order_id);
	cJSON_Delete(fx_call(&ts_group, "POST", path, b.token, "{}", 200));
	snprintf(years, sizeof years, "[%d]", fx_year());
	fx_order(&ts_group, b.token, years);
	snprintf(event, sizeof event, "evt-rf-late-%s", trade_of(b.code));
	notify(event, b.order_no, trade_of(b.code), b.amount);

	/* oldest money first, paged */
	o = refunds(admin, "?per_page=1&page=2", 200);
	assert_int_equal(json_int_or(o, "total", -1), 2);
	assert_int_equal(json_int_or(o, "page", 0), 2);
	assert_int_equal(json_int_or(o, "per_page", 0), 1);
	items = cJSON_GetObjectItemCaseSensitive(o, "items");
	assert_int_equal(cJSON_GetArraySize(items), 1);
	it = cJSON_GetArrayItem(items, 0);
	assert_string_equal(json_str_or(it, "trade_no", ""), trade_of(b.code));
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(it, "order"), "status", ""),
	                    "cancelled");
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(it, "member"), "name", ""),
	                    "索超");
	cJSON_Delete(o);

	/* HQ's list only */
	cJSON_Delete(refunds(bj, "", 403));
	cJSON_Delete(refunds(a.token, "", 403));
	cJSON_Delete(refunds(NULL, "", 401));

	free(second);
	member_order_free(&a);
	member_order_free(&b);
	free(hq);
	free(admin);
	free(bj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refunds),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
