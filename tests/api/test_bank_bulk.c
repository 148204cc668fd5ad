/* Staff confirm several bank transfers at once by pasting order numbers:
 * each is confirmed as the single confirmation would, and the answer says
 * per number what happened; a branch's staff confirm only their members.
 * A dry run says what each number matched and stores nothing. */
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

struct payer {
	char *token;
	int64_t order;
	char order_no[32];
};

/* A member of org whose transfer for this year's dues waits for staff. */
static void payer_make(const char *username, const char *org, const char *name, struct payer *p)
{
	char years[16], path[96], body[512], day[11];
	time_t t = time(NULL) + 8 * 3600;
	struct tm tm;
	cJSON *o;

	p->token = fx_pending_payment(&ts_group, username, org, name);
	snprintf(years, sizeof years, "[%d]", fx_year());
	p->order = fx_order(&ts_group, p->token, years);
	o = fx_get_order(&ts_group, p->token, p->order);
	snprintf(p->order_no, sizeof p->order_no, "%s", json_str_or(o, "order_no", ""));
	gmtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	snprintf(body, sizeof body, "{\"payer_name\":\"%s\",\"bank\":\"中国银行\","
	         "\"account_tail\":\"8888\",\"date\":\"%s\",\"amount\":%lld}", name, day,
	         (long long)json_int_or(o, "amount", 0));
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/bank-transfer", (long long)p->order);
	cJSON_Delete(fx_call(&ts_group, "POST", path, p->token, body, 201));
}

static const char *status_of(const struct payer *p, char out[16])
{
	cJSON *o = fx_get_order(&ts_group, p->token, p->order);

	snprintf(out, 16, "%s", json_str_or(o, "status", ""));
	cJSON_Delete(o);
	return out;
}

static const cJSON *item_for(const cJSON *reply, const char *order_no)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(reply, "items"))
		if (strcmp(json_str_or(it, "order_no", ""), order_no) == 0)
			return it;
	return NULL;
}

static void test_paste_and_confirm(void **state)
{
	struct payer a, b, c;
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	char *sh = ts_login(&ts_group, "sh_staff", "Branch-Demo-2026");
	char body[512], st[16];
	cJSON *r;
	(void)state;

	payer_make("bulk_a", "HQ", "甲一", &a);
	payer_make("bulk_b", "BJ", "乙二", &b);
	payer_make("bulk_c", "HQ", "丙三", &c);

	/* a Shanghai officer cannot confirm a Beijing member's transfer */
	snprintf(body, sizeof body, "{\"order_nos\":[\"%s\"]}", b.order_no);
	r = fx_call(&ts_group, "POST", "/api/v1/review/bank-transfers/confirm", sh, body, 200);
	assert_string_equal(json_str_or(item_for(r, b.order_no), "result", ""), "not_found");
	assert_int_equal(json_int_or(r, "confirmed", -1), 0);
	cJSON_Delete(r);
	assert_string_equal(status_of(&b, st), "unpaid");

	/* pasted as from a statement: separators of every kind, a duplicate,
	 * an unknown number */
	snprintf(body, sizeof body, "{\"text\":\"%s, %s\\n%s;\\tD20000101000000 %s\"}", a.order_no,
	         b.order_no, c.order_no, a.order_no);
	r = fx_call(&ts_group, "POST", "/api/v1/review/bank-transfers/confirm", hq, body, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "items")), 5);
	assert_int_equal(json_int_or(r, "confirmed", -1), 3);
	assert_int_equal(json_int_or(r, "failed", -1), 1);
	assert_string_equal(json_str_or(item_for(r, "D20000101000000"), "result", ""), "not_found");
	assert_true(json_int_or(item_for(r, c.order_no), "transfer_id", 0) > 0);
	cJSON_Delete(r);
	assert_string_equal(status_of(&a, st), "paid");
	assert_string_equal(status_of(&b, st), "paid");
	assert_string_equal(status_of(&c, st), "paid");
	{
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM payments p JOIN orders o ON o.id ="
		         " p.order_id WHERE o.order_no = '%s' AND p.status = 'succeeded'", a.order_no);
		assert_int_equal(fx_sql_int(&ts_group, sql), 1);
	}

	/* again: nothing waits any more */
	snprintf(body, sizeof body, "{\"order_nos\":[\"%s\"]}", a.order_no);
	r = fx_call(&ts_group, "POST", "/api/v1/review/bank-transfers/confirm", hq, body, 200);
	assert_string_equal(json_str_or(item_for(r, a.order_no), "result", ""), "no_transfer");
	cJSON_Delete(r);

	/* nothing pasted, or members asking */
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/review/bank-transfers/confirm", hq,
	                     "{\"text\":\" ,; \"}", 422));
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/review/bank-transfers/confirm", a.token,
	                     body, 403));
	free(hq);
	free(sh);
	free(a.token);
	free(b.token);
	free(c.token);
}

static void test_dry_run(void **state)
{
	struct payer d;
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	char *sh = ts_login(&ts_group, "sh_staff", "Branch-Demo-2026");
	char body[512], st[16], sql[200];
	const cJSON *it;
	cJSON *r;
	(void)state;

	payer_make("bulk_d", "BJ", "丁四", &d);
	snprintf(body, sizeof body, "{\"text\":\"%s D20000101000000\",\"dry_run\":true}",
	         d.order_no);
	r = fx_call(&ts_group, "POST", "/api/v1/review/bank-transfers/confirm", hq, body, 200);
	it = item_for(r, d.order_no);
	assert_string_equal(json_str_or(it, "result", ""), "ready");
	assert_true(json_int_or(it, "transfer_id", 0) > 0);
	assert_true(json_int_or(it, "amount", 0) > 0);
	assert_string_equal(json_str_or(it, "payer_name", ""), "丁四");
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(it, "member"), "name", ""),
	                    "丁四");
	assert_string_equal(json_str_or(item_for(r, "D20000101000000"), "result", ""), "not_found");
	assert_int_equal(json_int_or(r, "ready", -1), 1);
	assert_int_equal(json_int_or(r, "confirmed", -1), 0);
	assert_int_equal(json_int_or(r, "failed", -1), 1);
	cJSON_Delete(r);
	/* nothing was stored */
	assert_string_equal(status_of(&d, st), "unpaid");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM payments p JOIN orders o ON o.id ="
	         " p.order_id WHERE o.order_no = '%s' AND p.status = 'pending'", d.order_no);
	assert_int_equal(fx_sql_int(&ts_group, sql), 1);
	/* another branch's officer learns nothing of the member */
	r = fx_call(&ts_group, "POST", "/api/v1/review/bank-transfers/confirm", sh, body, 200);
	it = item_for(r, d.order_no);
	assert_string_equal(json_str_or(it, "result", ""), "not_found");
	assert_null(cJSON_GetObjectItemCaseSensitive(it, "member"));
	cJSON_Delete(r);
	free(hq);
	free(sh);
	free(d.token);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paste_and_confirm),
		cmocka_unit_test(test_dry_run),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
