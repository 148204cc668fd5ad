/* The documents a member asks for an order are the association's kinds:
 * the dues receipt (社会团体会费统一收据) by default, VAT fapiao where
 * offered; "我的票据" lists them all; staff issue a dues receipt with its
 * number and file like any other; a kind the association does not issue is
 * refused. */
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

static int64_t paid_order(const struct test_server *ts, const char *token)
{
	char years[16], *code;
	int64_t id;

	snprintf(years, sizeof years, "[%d]", fx_year());
	id = fx_order(ts, token, years);
	code = fx_qr(ts, token, id);
	assert_int_equal(fx_confirm(ts, code), 200);
	free(code);
	return id;
}

static const cJSON *field_errors(const cJSON *reply)
{
	return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(reply, "error"),
	                                        "fields");
}

static void test_dues_receipt_by_default(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "doc_unit", "HQ", "文档一");
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	char path[96];
	int64_t order = paid_order(&ts_group, tok), later, inv;
	struct http_reply r;
	cJSON *o, *e;
	const cJSON *it;
	int kinds = 0;
	(void)state;

	/* what the association offers (the shipped default: all three) */
	o = fx_call(&ts_group, "GET", "/api/v1/document-kinds", tok, NULL, 200);
	assert_string_equal(json_str_or(o, "default", ""), "dues_receipt");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items")) {
		kinds++;
		if (strcmp(json_str_or(it, "code", ""), "dues_receipt") == 0) {
			assert_string_equal(json_str_or(it, "name_zh", ""), "社会团体会费统一收据");
			assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "fapiao")));
		}
	}
	assert_int_equal(kinds, 3);
	cJSON_Delete(o);

	/* a unit asks without naming a kind: the dues receipt; its credit code
	 * is needed */
	snprintf(path, sizeof path, "/api/v1/orders/%lld/invoice", (long long)order);
	e = fx_call(&ts_group, "POST", path, tok, "{\"title_type\":\"organisation\",\"title\":"
	            "\"北京示例科技有限公司\",\"email\":\"fin@example.com\"}", 422);
	assert_true(*json_str_or(field_errors(e), "tax_no", ""));
	cJSON_Delete(e);
	o = fx_call(&ts_group, "POST", path, tok, "{\"title_type\":\"organisation\",\"title\":"
	            "\"北京示例科技有限公司\",\"tax_no\":\"91350100M000100Y43\","
	            "\"email\":\"fin@example.com\"}", 201);
	assert_string_equal(json_str_or(o, "kind", ""), "dues_receipt");
	inv = json_int_or(o, "id", 0);
	cJSON_Delete(o);

	/* a fapiao for another order, where the association offers one */
	snprintf(path, sizeof path, "[%d]", fx_year() + 1);
	later = fx_order(&ts_group, tok, path);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/invoice", (long long)later);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{\"title_type\":\"personal\",\"title\":"
	                     "\"文档一\",\"kind\":\"normal\",\"email\":\"a@example.com\"}", 201));
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{\"title_type\":\"personal\",\"title\":"
	                     "\"文档一\",\"kind\":\"fancy\",\"email\":\"a@example.com\"}", 422));

	/* 我的票据 lists both kinds */
	o = fx_call(&ts_group, "GET", "/api/v1/invoices", tok, NULL, 200);
	kinds = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items"))
		kinds |= strcmp(json_str_or(it, "kind", ""), "dues_receipt") == 0 ? 1
		       : strcmp(json_str_or(it, "kind", ""), "normal") == 0 ? 2 : 4;
	assert_int_equal(kinds, 3);
	cJSON_Delete(o);

	/* staff issue the dues receipt with its number and file */
	snprintf(path, sizeof path, "/api/v1/review/invoices/%lld/issue", (long long)inv);
	const char *fields[] = { "invoice_no", "京财0012345678", NULL };
	assert_int_equal(http_upload(&ts_group, path, hq, "file", "receipt.pdf", "application/pdf",
	                             fx_pdf, fx_pdf_len, fields, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_str_or(r.json, "invoice_no", ""), "京财0012345678");
	assert_string_equal(json_str_or(r.json, "kind", ""), "dues_receipt");
	http_reply_free(&r);
	free(hq);
	free(tok);
}

static void test_kind_not_offered(void **state)
{
	static const char *const args[] = {
		"--set", "documents.kinds=dues_receipt", NULL
	};
	struct test_server ts;
	char *tok, path[96];
	int64_t order;
	cJSON *o, *e;
	(void)state;

	assert_int_equal(ts_start(&ts, args), 0);
	tok = fx_pending_payment(&ts, "doc_only", "HQ", "文档二");
	order = paid_order(&ts, tok);
	o = fx_call(&ts, "GET", "/api/v1/document-kinds", tok, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "items")), 1);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/invoice", (long long)order);
	e = fx_call(&ts, "POST", path, tok, "{\"title_type\":\"personal\",\"title\":\"文档二\","
	            "\"kind\":\"normal\",\"email\":\"b@example.com\"}", 422);
	assert_true(*json_str_or(field_errors(e), "kind", ""));
	cJSON_Delete(e);
	cJSON_Delete(fx_call(&ts, "POST", path, tok, "{\"title_type\":\"personal\",\"title\":"
	                     "\"文档二\",\"email\":\"b@example.com\"}", 201));
	free(tok);
	assert_int_equal(ts_stop(&ts), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dues_receipt_by_default),
		cmocka_unit_test(test_kind_not_offered),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
