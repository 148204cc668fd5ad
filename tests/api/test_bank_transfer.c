/* Bank transfers: the member reports one (with an optional receipt scan),
 * the order waits for staff, who confirm it (order paid, member active) or
 * reject it with a reason (member told, order payable again). Branch staff
 * act on their branch's members only. */
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

static void today(char out[16], int days)
{
	time_t t = time(NULL) + 8 * 3600 + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static char *transfer_body(long long amount, const char *date, const char *tail)
{
	char *b = malloc(512);

	snprintf(b, 512, "{\"payer_name\":\"北京某某科技有限公司\",\"bank\":\"中国工商银行\","
	         "\"account_tail\":\"%s\",\"date\":\"%s\",\"amount\":%lld,"
	         "\"reference\":\"会费\"}", tail, date, amount);
	return b;
}

/* A member of org with an unpaid order for this year: the order id and
 * its amount. */
static char *member_with_order(const char *username, const char *org, const char *name,
                               int64_t *order, long long *amount)
{
	char *tok = fx_pending_payment(&ts_group, username, org, name), years[16];
	cJSON *o;

	snprintf(years, sizeof years, "[%d]", fx_year());
	*order = fx_order(&ts_group, tok, years);
	o = fx_get_order(&ts_group, tok, *order);
	*amount = json_int_or(o, "amount", 0);
	cJSON_Delete(o);
	return tok;
}

/* E-mails queued for the member username with this English subject. */
static long long mails(const char *username, const char *subject_en)
{
	char sql[300];

	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM member_mail WHERE subject_en = '%s' AND"
	         " account_id = (SELECT id FROM accounts WHERE username = '%s')", subject_en,
	         username);
	return fx_sql_int(&ts_group, sql);
}

static void test_report_and_confirm(void **state)
{
	int64_t order, tid;
	long long amount;
	char *tok = member_with_order("btpayer", "BJ", "郑和", &order, &amount);
	char *bj = ts_login(&ts_group, "bj_staff", "Branch-Demo-2026");
	char *sh = ts_login(&ts_group, "sh_staff", "Branch-Demo-2026");
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	char path[160], day[16], *body, until[32];
	struct http_reply r;
	cJSON *o, *e;
	(void)state;

	snprintf(path, sizeof path, "/api/v1/orders/%lld/bank-transfer", (long long)order);
	/* what is checked */
	today(day, 0);
	body = transfer_body(amount + 1, day, "1234");
	e = fx_call(&ts_group, "POST", path, tok, body, 422);
	assert_true(*json_str_or(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "error"), "fields"),
	                         "amount", ""));
	cJSON_Delete(e);
	free(body);
	today(day, 2);
	body = transfer_body(amount, day, "1234");
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, body, 422));
	free(body);
	today(day, 0);
	body = transfer_body(amount, day, "12");
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, body, 422));
	free(body);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{\"amount\":1}", 422));

	body = transfer_body(amount, day, "1234");
	o = fx_call(&ts_group, "POST", path, tok, body, 201);
	tid = json_int_or(o, "id", -1);
	assert_string_equal(json_str_or(o, "status", ""), "pending");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "order"),
	                                             "awaiting_confirmation")));
	cJSON_Delete(o);
	/* one at a time; meanwhile no other payment and no cancelling */
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, body, 409));
	free(body);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/pay", (long long)order);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{}", 409));
	snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)order);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{}", 409));

	/* the receipt scan: checked by content, not by name */
	snprintf(path, sizeof path, "/api/v1/orders/%lld/bank-transfer/scan", (long long)order);
	assert_int_equal(http_upload(&ts_group, path, tok, "file", "scan.png", "image/png",
	                             "not an image", 12, NULL, &r), 0);
	assert_int_equal(r.status, 415);
	http_reply_free(&r);
	assert_int_equal(http_upload(&ts_group, path, tok, "file", "scan.png", "image/png",
	                             fx_png, fx_png_len, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "has_scan")));
	http_reply_free(&r);

	/* who sees it: HQ and the member's branch, not another branch */
	o = fx_call(&ts_group, "GET", "/api/v1/review/bank-transfers", hq, NULL, 200);
	assert_true(json_int_or(o, "total", 0) >= 1);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/review/bank-transfers?status=pending", bj, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 1);
	const cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "items"), 0);
	assert_int_equal(json_int_or(it, "id", 0), tid);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(it, "member"), "name", ""), "郑和");
	assert_int_equal(json_int_or(cJSON_GetObjectItem(it, "order"), "id", 0), order);
	assert_string_equal(json_str_or(it, "account_tail", ""), "1234");
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/review/bank-transfers", sh, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 0);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/review/bank-transfers/%lld", (long long)tid);
	cJSON_Delete(fx_call(&ts_group, "GET", path, sh, NULL, 404));
	/* the member is not staff */
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/review/bank-transfers", tok, NULL, 403));

	/* the scan as staff download it */
	size_t len;
	snprintf(path, sizeof path, "/api/v1/review/bank-transfers/%lld/scan", (long long)tid);
	char *scan = fx_get_raw(&ts_group, path, bj, 200, &len);
	assert_int_equal(len, fx_png_len);
	assert_memory_equal(scan, fx_png, fx_png_len);
	free(scan);

	/* another branch cannot confirm it; its own branch can, once */
	snprintf(path, sizeof path, "/api/v1/review/bank-transfers/%lld/confirm", (long long)tid);
	cJSON_Delete(fx_call(&ts_group, "POST", path, sh, "{}", 404));
	o = fx_call(&ts_group, "POST", path, bj, "{}", 200);
	assert_string_equal(json_str_or(o, "status", ""), "confirmed");
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq, "{}", 409));

	/* a staff decision: told by e-mail too */
	assert_int_equal(mails("btpayer", "Payment received"), 1);
	o = fx_get_order(&ts_group, tok, order);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	assert_string_equal(json_str_or(o, "method", ""), "bank_transfer");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(o, "awaiting_confirmation")));
	cJSON_Delete(o);
	o = fx_me_member(&ts_group, tok);
	snprintf(until, sizeof until, "%d-12-31", fx_year());
	assert_string_equal(json_str_or(o, "status", ""), "active");
	assert_string_equal(json_str_or(o, "valid_until", ""), until);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/review/bank-transfers?status=confirmed", bj, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 1);
	cJSON_Delete(o);
	free(tok);
	free(bj);
	free(sh);
	free(hq);
}

static void test_reject(void **state)
{
	int64_t order, tid;
	long long amount;
	char *tok = member_with_order("btreject", "SH", "王五", &order, &amount);
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	char path[160], day[16], *body, *code;
	bool told = false;
	const cJSON *it;
	cJSON *o;
	(void)state;

	today(day, 0);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/bank-transfer", (long long)order);
	body = transfer_body(amount, day, "5678");
	o = fx_call(&ts_group, "POST", path, tok, body, 201);
	tid = json_int_or(o, "id", -1);
	cJSON_Delete(o);

	snprintf(path, sizeof path, "/api/v1/review/bank-transfers/%lld/reject", (long long)tid);
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq, "{}", 422));
	o = fx_call(&ts_group, "POST", path, hq, "{\"reason\":\"未查到到账记录\"}", 200);
	assert_string_equal(json_str_or(o, "status", ""), "rejected");
	assert_string_equal(json_str_or(o, "reason", ""), "未查到到账记录");
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq, "{\"reason\":\"again\"}", 409));
	snprintf(path, sizeof path, "/api/v1/review/bank-transfers/%lld/confirm", (long long)tid);
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq, "{}", 409));

	/* the member is told why */
	o = fx_call(&ts_group, "GET", "/api/v1/messages", tok, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items"))
		if (strstr(json_str_or(it, "body_zh", ""), "未查到到账记录"))
			told = true;
	assert_true(told);
	cJSON_Delete(o);
	assert_int_equal(mails("btreject", "Bank transfer not confirmed"), 1);

	/* the order is payable again: still unpaid, no longer waiting */
	o = fx_get_order(&ts_group, tok, order);
	assert_string_equal(json_str_or(o, "status", ""), "unpaid");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(o, "awaiting_confirmation")));
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "bank_transfer"), "status", ""),
	                    "rejected");
	cJSON_Delete(o);
	o = fx_me_member(&ts_group, tok);
	assert_string_equal(json_str_or(o, "status", ""), "pending_payment");
	cJSON_Delete(o);
	/* by QR this time */
	code = fx_qr(&ts_group, tok, order);
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	o = fx_get_order(&ts_group, tok, order);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	cJSON_Delete(o);
	/* paid by the member's own QR payment: a message, but no e-mail */
	assert_int_equal(mails("btreject", "Payment received"), 0);
	/* a paid order takes no transfer */
	snprintf(path, sizeof path, "/api/v1/orders/%lld/bank-transfer", (long long)order);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, body, 409));
	free(code);
	free(body);
	free(tok);
	free(hq);
}

/* A QR code shown before the member reported a transfer: reporting the
 * transfer closes the code, but if its money comes through anyway it pays
 * the order, and the waiting transfer is closed as not needed (never as
 * rejected), with the member told so. */
static void test_qr_money_while_transfer_waits(void **state)
{
	int64_t order, tid;
	long long amount;
	char *tok = member_with_order("btqrwait", "HQ", "徐宁", &order, &amount);
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	char path[160], day[16], event[80], order_no[32], *body, *code, *cb, *sig;
	bool told = false;
	const cJSON *it, *bt;
	cJSON *o;
	(void)state;

	code = fx_qr(&ts_group, tok, order);
	o = fx_get_order(&ts_group, tok, order);
	snprintf(order_no, sizeof order_no, "%s", json_str_or(o, "order_no", ""));
	cJSON_Delete(o);
	today(day, 0);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/bank-transfer", (long long)order);
	body = transfer_body(amount, day, "4321");
	o = fx_call(&ts_group, "POST", path, tok, body, 201);
	tid = json_int_or(o, "id", -1);
	cJSON_Delete(o);

	/* the code shown before no longer pays, and no new one is given */
	struct http_reply r;
	assert_int_equal(http_req(&ts_group, "GET", code, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 410);
	http_reply_free(&r);
	assert_int_equal(fx_confirm(&ts_group, code), 410);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/pay", (long long)order);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok,
	                     "{\"method\":\"qr\",\"provider\":\"sandbox\"}", 409));

	/* the gateway took the money of the old code all the same */
	snprintf(event, sizeof event, "evt-qrwait-%s", code + strlen("/pay/sb/"));
	cb = fx_callback_body(event, order_no, code + strlen("/pay/sb/"), amount, 0);
	sig = fx_sandbox_sign(&ts_group, cb);
	assert_int_equal(fx_callback(&ts_group, cb, sig), 200);
	free(sig);
	free(cb);

	o = fx_get_order(&ts_group, tok, order);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	assert_string_equal(json_str_or(o, "method", ""), "qr");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(o, "awaiting_confirmation")));
	bt = cJSON_GetObjectItem(o, "bank_transfer");
	assert_string_equal(json_str_or(bt, "status", ""), "not_needed");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(bt, "reason")));
	cJSON_Delete(o);
	o = fx_me_member(&ts_group, tok);
	assert_string_equal(json_str_or(o, "status", ""), "active");
	cJSON_Delete(o);

	/* staff find it closed as not needed, not waiting; it cannot be
	 * confirmed or rejected any more */
	o = fx_call(&ts_group, "GET", "/api/v1/review/bank-transfers", hq, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items"))
		assert_int_not_equal(json_int_or(it, "id", 0), tid);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/review/bank-transfers?status=not_needed", hq, NULL,
	            200);
	bool listed = false;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items"))
		if (json_int_or(it, "id", 0) == tid) {
			listed = true;
			assert_string_equal(json_str_or(it, "status", ""), "not_needed");
		}
	assert_true(listed);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/review/bank-transfers/%lld/confirm", (long long)tid);
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq, "{}", 409));
	snprintf(path, sizeof path, "/api/v1/review/bank-transfers/%lld/reject", (long long)tid);
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq, "{\"reason\":\"重复\"}", 409));

	/* the member is told the truth, in both languages: not needed, never
	 * rejected or unconfirmed */
	o = fx_call(&ts_group, "GET", "/api/v1/messages", tok, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items")) {
		const char *zh = json_str_or(it, "body_zh", ""), *en = json_str_or(it, "body_en", "");
		assert_null(strstr(zh, "未能确认"));
		assert_null(strstr(zh, "驳回"));
		assert_null(strstr(en, "reject"));
		assert_null(strstr(en, "could not be confirmed"));
		if (strstr(zh, "无需再确认") && strstr(en, "no longer needed") &&
		    strstr(zh, order_no) && strstr(en, order_no))
			told = true;
	}
	assert_true(told);
	cJSON_Delete(o);
	free(code);
	free(body);
	free(tok);
	free(hq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_and_confirm),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_qr_money_while_transfer_waits),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
