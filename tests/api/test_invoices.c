/* Invoices: the rules of each kind of request (personal or organisation
 * title, tax number, normal or special), asking with the order or
 * afterwards (补开), editing while requested, staff issuing with number and
 * PDF, the member downloading it, and the lists. */
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

/* POST /orders with an invoice object: the reply (status must be expect). */
static cJSON *order_with(const char *tok, const char *invoice, long expect)
{
	char body[1024];

	snprintf(body, sizeof body, "{\"kind\":\"dues\",\"years\":[%d],\"invoice\":%s}",
	         fx_year(), invoice);
	return fx_call(&ts_group, "POST", "/api/v1/orders", tok, body, expect);
}

/* The reply is a 422 naming field. */
static void refused_for(const char *tok, const char *invoice, const char *field)
{
	cJSON *e = order_with(tok, invoice, 422);
	const cJSON *f = cJSON_GetObjectItem(cJSON_GetObjectItem(e, "error"), "fields");

	if (!*json_str_or(f, field, ""))
		fail_msg("no complaint about %s for %s", field, invoice);
	cJSON_Delete(e);
}

static void test_rules(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "invrules", "HQ", "蔡京");
	cJSON *o;
	(void)state;

	refused_for(tok, "{\"title\":\"蔡京\",\"email\":\"c@example.com\"}", "invoice.title_type");
	refused_for(tok, "{\"title_type\":\"company\",\"title\":\"x\",\"email\":\"c@example.com\"}",
	            "invoice.title_type");
	refused_for(tok, "{\"title_type\":\"personal\",\"email\":\"c@example.com\"}", "invoice.title");
	refused_for(tok, "{\"title_type\":\"personal\",\"title\":\"蔡京\",\"email\":\"nope\"}",
	            "invoice.email");
	refused_for(tok, "{\"title_type\":\"personal\",\"title\":\"蔡京\"}", "invoice.email");
	/* organisations need a tax number, and a sound one */
	refused_for(tok, "{\"title_type\":\"organisation\",\"title\":\"某某公司\","
	            "\"email\":\"c@example.com\"}", "invoice.tax_no");
	refused_for(tok, "{\"title_type\":\"organisation\",\"title\":\"某某公司\",\"tax_no\":\"123\","
	            "\"email\":\"c@example.com\"}", "invoice.tax_no");
	refused_for(tok, "{\"title_type\":\"organisation\",\"title\":\"某某公司\","
	            "\"tax_no\":\"91350100M000100Y4A\",\"email\":\"c@example.com\"}", "invoice.tax_no");
	refused_for(tok, "{\"title_type\":\"organisation\",\"title\":\"某某公司\","
	            "\"tax_no\":\"9135-0100M000100Y\",\"email\":\"c@example.com\"}", "invoice.tax_no");
	/* a special invoice: organisations only, with address, phone, bank, account */
	refused_for(tok, "{\"title_type\":\"personal\",\"title\":\"蔡京\",\"kind\":\"special\","
	            "\"email\":\"c@example.com\"}", "invoice.kind");
	const char *special_bare = "{\"title_type\":\"organisation\",\"title\":\"某某公司\","
	                           "\"tax_no\":\"91350100M000100Y43\",\"kind\":\"special\","
	                           "\"email\":\"c@example.com\"}";
	refused_for(tok, special_bare, "invoice.address");
	refused_for(tok, special_bare, "invoice.phone");
	refused_for(tok, special_bare, "invoice.bank");
	refused_for(tok, special_bare, "invoice.account");
	refused_for(tok, "{\"title_type\":\"organisation\",\"title\":\"某某公司\","
	            "\"tax_no\":\"91350100M000100Y43\",\"kind\":\"special\",\"address\":\"北京\","
	            "\"phone\":\"abc\",\"bank\":\"工行\",\"account\":\"0200004509\","
	            "\"email\":\"c@example.com\"}", "invoice.phone");
	refused_for(tok, "{\"title_type\":\"personal\",\"title\":\"蔡京\",\"kind\":\"fancy\","
	            "\"email\":\"c@example.com\"}", "invoice.kind");
	/* nothing was ordered by any of those */
	o = fx_call(&ts_group, "GET", "/api/v1/orders", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", -1), 0);
	cJSON_Delete(o);

	/* a sound special invoice goes with the order */
	o = order_with(tok, "{\"title_type\":\"organisation\",\"title\":\"某某科技有限公司\","
	               "\"tax_no\":\"91350100m000100y43\",\"kind\":\"special\","
	               "\"address\":\"北京市海淀区1号\",\"phone\":\"010-6200 1234\","
	               "\"bank\":\"中国工商银行\",\"account\":\"0200 0045 0902\","
	               "\"email\":\"fin@example.com\"}", 201);
	const cJSON *inv = cJSON_GetObjectItem(o, "invoice");
	assert_string_equal(json_str_or(inv, "status", ""), "requested");
	char path[128];
	snprintf(path, sizeof path, "/api/v1/invoices/%lld", (long long)json_int_or(inv, "id", 0));
	int64_t order = json_int_or(o, "id", 0);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", path, tok, NULL, 200);
	assert_string_equal(json_str_or(o, "kind", ""), "special");
	assert_string_equal(json_str_or(o, "tax_no", ""), "91350100M000100Y43");
	assert_string_equal(json_str_or(o, "account", ""), "0200 0045 0902");
	assert_int_equal(json_int_or(o, "amount", 0), 30000);
	assert_int_equal(json_int_or(o, "order_id", 0), order);
	cJSON_Delete(o);

	/* cancelling the order cancels the request */
	snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)order);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{}", 200));
	o = fx_call(&ts_group, "GET", "/api/v1/invoices?status=cancelled", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 1);
	cJSON_Delete(o);
	/* an older 15-digit tax number is fine too */
	o = order_with(tok, "{\"title_type\":\"organisation\",\"title\":\"某某所\","
	               "\"tax_no\":\"110105123456789\",\"email\":\"fin@example.com\"}", 201);
	cJSON_Delete(o);
	free(tok);
}

static void test_later_issue_download(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "invlater", "BJ", "高俅"), *other;
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026"), *sh = ts_login(&ts_group, "sh_staff",
	                                                                  "Branch-Demo-2026");
	char years[16], path[160], *code, *file;
	const char *personal = "{\"title_type\":\"personal\",\"title\":\"高俅\","
	                       "\"email\":\"gq@example.com\"}";
	struct http_reply r;
	int64_t order, inv;
	size_t len;
	cJSON *o;
	bool told = false;
	const cJSON *it;
	(void)state;

	snprintf(years, sizeof years, "[%d]", fx_year());
	order = fx_order(&ts_group, tok, years);
	code = fx_qr(&ts_group, tok, order);
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	free(code);

	/* 补开: asked for after paying; once per order */
	snprintf(path, sizeof path, "/api/v1/orders/%lld/invoice", (long long)order);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{\"title_type\":\"personal\"}", 422));
	o = fx_call(&ts_group, "POST", path, tok, personal, 201);
	inv = json_int_or(o, "id", 0);
	assert_string_equal(json_str_or(o, "status", ""), "requested");
	assert_string_equal(json_str_or(o, "order_status", ""), "paid");
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, personal, 409));

	/* editable while requested */
	snprintf(path, sizeof path, "/api/v1/invoices/%lld", (long long)inv);
	o = fx_call(&ts_group, "PUT", path, tok, "{\"title_type\":\"organisation\",\"title\":\"高氏商行\","
	            "\"tax_no\":\"91350100M000100Y43\",\"email\":\"gq@example.com\"}", 200);
	assert_string_equal(json_str_or(o, "title", ""), "高氏商行");
	assert_string_equal(json_str_or(o, "title_type", ""), "organisation");
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts_group, "PUT", path, tok, "{\"title_type\":\"organisation\","
	                     "\"title\":\"高氏商行\",\"email\":\"gq@example.com\"}", 422));
	/* not issued yet: no file */
	snprintf(path, sizeof path, "/api/v1/invoices/%lld/file", (long long)inv);
	cJSON_Delete(fx_call(&ts_group, "GET", path, tok, NULL, 409));

	/* staff: in the queue of HQ and the member's branch only */
	o = fx_call(&ts_group, "GET", "/api/v1/review/invoices", hq, NULL, 200);
	bool listed = false;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(o, "items"))
		if (json_int_or(it, "id", 0) == inv)
			listed = true;
	assert_true(listed);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/review/invoices", sh, NULL, 200);
	assert_int_equal(json_int_or(o, "total", -1), 0);
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/review/invoices", tok, NULL, 403));

	/* issue: a number and a PDF */
	snprintf(path, sizeof path, "/api/v1/review/invoices/%lld/issue", (long long)inv);
	const char *no_fields[] = { "invoice_no", "", NULL };
	assert_int_equal(http_upload(&ts_group, path, hq, "file", "inv.pdf", "application/pdf", fx_pdf,
	                             fx_pdf_len, no_fields, &r), 0);
	assert_int_equal(r.status, 422);
	http_reply_free(&r);
	const char *fields[] = { "invoice_no", "No.12345678", NULL };
	assert_int_equal(http_upload(&ts_group, path, hq, "file", "inv.pdf", "application/pdf", fx_png,
	                             fx_png_len, fields, &r), 0);
	assert_int_equal(r.status, 415);
	http_reply_free(&r);
	assert_int_equal(http_upload(&ts_group, path, sh, "file", "inv.pdf", "application/pdf", fx_pdf,
	                             fx_pdf_len, fields, &r), 0);
	assert_int_equal(r.status, 404);
	http_reply_free(&r);
	assert_int_equal(http_upload(&ts_group, path, hq, "file", "inv.pdf", "application/pdf", fx_pdf,
	                             fx_pdf_len, fields, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_str_or(r.json, "status", ""), "issued");
	assert_string_equal(json_str_or(r.json, "invoice_no", ""), "No.12345678");
	http_reply_free(&r);
	assert_int_equal(http_upload(&ts_group, path, hq, "file", "inv.pdf", "application/pdf", fx_pdf,
	                             fx_pdf_len, fields, &r), 0);
	assert_int_equal(r.status, 409);
	http_reply_free(&r);

	/* the member is told, downloads it, and can no longer edit it */
	o = fx_call(&ts_group, "GET", "/api/v1/messages", tok, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items"))
		if (strcmp(json_str_or(it, "title_zh", ""), "发票已开具") == 0)
			told = true;
	assert_true(told);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/invoices/%lld/file", (long long)inv);
	file = fx_get_raw(&ts_group, path, tok, 200, &len);
	assert_int_equal(len, fx_pdf_len);
	assert_memory_equal(file, fx_pdf, fx_pdf_len);
	free(file);
	snprintf(path, sizeof path, "/api/v1/invoices/%lld", (long long)inv);
	cJSON_Delete(fx_call(&ts_group, "PUT", path, tok, personal, 409));

	/* the lists */
	o = fx_call(&ts_group, "GET", "/api/v1/invoices?status=issued", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 1);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/invoices?status=requested", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", -1), 0);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/invoices?year=%d", fx_year());
	o = fx_call(&ts_group, "GET", path, tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", 0), 1);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/invoices?year=%d", fx_year() - 1);
	o = fx_call(&ts_group, "GET", path, tok, NULL, 200);
	assert_int_equal(json_int_or(o, "total", -1), 0);
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/invoices?status=x", tok, NULL, 422));
	o = fx_call(&ts_group, "GET", "/api/v1/review/invoices?status=issued", hq, NULL, 200);
	assert_true(json_int_or(o, "total", 0) >= 1);
	cJSON_Delete(o);

	/* someone else's invoice does not exist for them */
	other = fx_register(&ts_group, "invother");
	snprintf(path, sizeof path, "/api/v1/invoices/%lld", (long long)inv);
	cJSON_Delete(fx_call(&ts_group, "GET", path, other, NULL, 404));
	cJSON_Delete(fx_call(&ts_group, "PUT", path, other, personal, 404));
	snprintf(path, sizeof path, "/api/v1/invoices/%lld/file", (long long)inv);
	cJSON_Delete(fx_call(&ts_group, "GET", path, other, NULL, 404));
	snprintf(path, sizeof path, "/api/v1/orders/%lld/invoice", (long long)order);
	cJSON_Delete(fx_call(&ts_group, "POST", path, other, personal, 404));
	free(other);
	free(tok);
	free(hq);
	free(sh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_later_issue_download),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
