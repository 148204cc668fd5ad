/* Invoices done right and the history of bank transfers, against a real
 * rosterd: staff decline a request with a template reason, the member
 * corrects it and it waits again; a number is given once (409 for a second
 * invoice with it, also after the first was voided); an issued invoice is
 * voided and issued anew; staff download the issued file; the member is
 * told each time by message and e-mail. Decided transfers are listed with
 * who decided, whether a scan was attached, and a search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "fixture.h"
#include "roster/json.h"

static struct test_server ts;
static char *hq, *bj, *sh;
static struct fx_member a, b;     /* active members of BJ and SH */
static int64_t inv_a, inv_b;

static int64_t my_invoice(const struct fx_member *m)
{
	cJSON *l = fx_call(&ts, "GET", "/api/v1/invoices", m->token, NULL, 200);
	int64_t id = json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0), "id", 0);

	cJSON_Delete(l);
	return id;
}

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	sh = ts_login(&ts, "sh_staff", "Branch-Demo-2026");
	if (!hq || !bj || !sh ||
	    fx_member_active(&ts, "inva", "蒋三", "BJ", "regular", &a) != 0 ||
	    fx_member_active(&ts, "invb", "沈四", "SH", "regular", &b) != 0 ||
	    fx_member_invoice(&ts, &a, "蒋三") != 0 || fx_member_invoice(&ts, &b, "沈四") != 0)
		return -1;
	inv_a = my_invoice(&a);
	inv_b = my_invoice(&b);
	return inv_a > 0 && inv_b > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&a);
	fx_member_free(&b);
	free(hq);
	free(bj);
	free(sh);
	ts_stop(&ts);
	return 0;
}

static long issue(int64_t id, const char *no, cJSON **fields)
{
	char path[96];
	const char *form[] = { "invoice_no", no, NULL };
	struct http_reply r;
	long status;

	snprintf(path, sizeof path, "/api/v1/review/invoices/%lld/issue", (long long)id);
	assert_int_equal(http_upload(&ts, path, hq, "file", "inv.pdf", "application/pdf", fx_pdf,
	                             fx_pdf_len, form, &r), 0);
	status = r.status;
	if (fields)
		*fields = cJSON_Duplicate(fx_fields(r.json), true);
	http_reply_free(&r);
	return status;
}

static char *review_path(int64_t id, const char *tail)
{
	static char path[96];

	snprintf(path, sizeof path, "/api/v1/review/invoices/%lld%s", (long long)id, tail);
	return path;
}

/* The confirmed transfer reached the member by e-mail too (the sender is
 * a background thread: wait for it). */
static void test_transfer_decision_mailed(void **state)
{
	char *mail = NULL;

	(void)state;
	for (int i = 0; i < 100 && !(mail && strstr(mail, "会籍有效期至")); i++) {
		free(mail);
		mail = ts_outbox_latest(&ts, "inva@example.test");
		if (!(mail && strstr(mail, "会籍有效期至")))
			usleep(100000);
	}
	assert_non_null(mail);
	assert_non_null(strstr(mail, "会籍有效期至"));
	assert_non_null(strstr(mail, "inva，您好"));
	free(mail);
}

static void test_reject_then_correct(void **state)
{
	cJSON *o;
	char path[64], *mail;

	(void)state;
	cJSON_Delete(fx_call(&ts, "POST", review_path(inv_a, "/reject"), hq, "{}", 422));
	cJSON_Delete(fx_call(&ts, "POST", review_path(inv_a, "/reject"), sh,
	                     "{\"reason\":\"x\"}", 404));
	o = fx_call(&ts, "POST", review_path(inv_a, "/reject"), hq,
	            "{\"reason_code\":\"tax_no_invalid\"}", 200);
	assert_string_equal(json_str_or(o, "status", ""), "rejected");
	cJSON_Delete(o);
	/* the member sees why, in their language, and is told by mail */
	snprintf(path, sizeof path, "/api/v1/invoices/%lld", (long long)inv_a);
	o = fx_call(&ts, "GET", path, a.token, NULL, 200);
	assert_string_equal(json_str_or(o, "status", ""), "rejected");
	assert_non_null(strstr(json_str_or(o, "status_reason", ""), "纳税人识别号"));
	cJSON_Delete(o);
	mail = ts_outbox_latest(&ts, "inva@example.test");
	assert_non_null(mail);
	free(mail);
	/* a rejected request cannot be issued until it is corrected */
	assert_int_equal(issue(inv_a, "No.0001", NULL), 409);
	o = fx_call(&ts, "PUT", path, a.token,
	            "{\"title_type\":\"personal\",\"title\":\"蒋三\",\"kind\":\"normal\","
	            "\"email\":\"inva@example.test\"}", 200);
	assert_string_equal(json_str_or(o, "status", ""), "requested");
	cJSON_Delete(o);
	assert_int_equal(issue(inv_a, "No.0001", NULL), 200);
}

static void test_numbers_are_unique(void **state)
{
	cJSON *f = NULL;
	struct http_reply r;
	char *ct;

	(void)state;
	assert_int_equal(issue(inv_b, "No.0001", &f), 409);
	assert_non_null(cJSON_GetObjectItem(f, "invoice_no"));
	cJSON_Delete(f);
	assert_int_equal(issue(inv_b, "No.0002", NULL), 200);

	/* staff open the issued file */
	assert_int_equal(http_req(&ts, "GET", review_path(inv_a, "/file"), hq, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	ct = http_reply_header(&r, "Content-Type");
	assert_non_null(strstr(ct, "application/pdf"));
	assert_memory_equal(r.body, "%PDF-", 5);
	free(ct);
	http_reply_free(&r);
}

static void test_void_and_reissue(void **state)
{
	cJSON *o;
	char *mail;

	(void)state;
	cJSON_Delete(fx_call(&ts, "POST", review_path(inv_a, "/void"), hq, "{}", 422));
	o = fx_call(&ts, "POST", review_path(inv_a, "/void"), hq,
	            "{\"reason\":\"抬头有误\"}", 200);
	assert_string_equal(json_str_or(o, "status", ""), "requested");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "invoice_no")));
	assert_int_equal(json_int_or(o, "voided", 0), 1);
	cJSON_Delete(o);
	/* only an issued invoice is voided */
	cJSON_Delete(fx_call(&ts, "POST", review_path(inv_a, "/void"), hq,
	                     "{\"reason\":\"again\"}", 409));
	mail = ts_outbox_latest(&ts, "inva@example.test");
	assert_non_null(mail);
	free(mail);
	/* the voided number stays used */
	assert_int_equal(issue(inv_a, "No.0001", NULL), 409);
	assert_int_equal(issue(inv_a, "No.0003", NULL), 200);
	/* audited with before and after */
	o = fx_call(&ts, "GET", "/api/v1/audit?action=invoice.void", hq, NULL, 200);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(o, "items"), 0), "detail"), "before"),
		"invoice_no", ""), "No.0001");
	cJSON_Delete(o);
}

static void test_transfer_history(void **state)
{
	cJSON *l, *o;
	const cJSON *it;
	char path[128];

	(void)state;
	l = fx_call(&ts, "GET", "/api/v1/review/bank-transfers/history", hq, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 2);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(l, "items")) {
		assert_string_equal(json_str_or(it, "status", ""), "confirmed");
		assert_false(cJSON_IsTrue(cJSON_GetObjectItem(it, "has_scan")));
		assert_true(strlen(json_str_or(it, "decided_by", "")) > 0);
	}
	cJSON_Delete(l);
	/* search by the order number */
	o = fx_call(&ts, "GET", "/api/v1/orders?status=paid", a.token, NULL, 200);
	snprintf(path, sizeof path, "/api/v1/review/bank-transfers/history?q=%s",
	         json_str_or(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "items"), 0), "order_no", ""));
	cJSON_Delete(o);
	l = fx_call(&ts, "GET", path, hq, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 1);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(cJSON_GetArrayItem(
		cJSON_GetObjectItem(l, "items"), 0), "member"), "username", ""), "inva");
	cJSON_Delete(l);
	l = fx_call(&ts, "GET", "/api/v1/review/bank-transfers/history?status=rejected", hq, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 0);
	cJSON_Delete(l);
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/review/bank-transfers/history?status=x", hq,
	                     NULL, 422));
	/* a branch officer sees their branch's */
	l = fx_call(&ts, "GET", "/api/v1/review/bank-transfers/history", bj, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 1);
	cJSON_Delete(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transfer_decision_mailed),
		cmocka_unit_test(test_reject_then_correct),
		cmocka_unit_test(test_numbers_are_unique),
		cmocka_unit_test(test_void_and_reissue),
		cmocka_unit_test(test_transfer_history),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
