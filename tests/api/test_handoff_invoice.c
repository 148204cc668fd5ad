/* An issued dues receipt or fapiao by phone hand-off (doc "invoice:<id>"),
 * as a kiosk offers it: the member's own issued document downloads once,
 * byte for byte what staff uploaded; one not issued yet is 409, another
 * member's is 404 as if it did not exist. */
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

/* POST /handoff for doc, want the status; the link's path on 201. */
static void link_for(const char *tok, const char *doc, long want, char path[64])
{
	char body[128];
	cJSON *h;

	snprintf(body, sizeof body, "{\"purpose\":\"download\",\"doc\":\"%s\"}", doc);
	h = fx_call(&ts_group, "POST", "/api/v1/handoff", tok, body, want);
	if (want == 201) {
		const char *url = json_str_or(h, "url", "");

		assert_true(strncmp(url, ts_group.base, strlen(ts_group.base)) == 0);
		snprintf(path, 64, "%s", url + strlen(ts_group.base));
		assert_true(strncmp(path, "/h/", 3) == 0);
	}
	cJSON_Delete(h);
}

static void test_invoice_by_phone(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "hdinv", "HQ", "欧阳票");
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026"), *other, *code;
	char years[16], api[96], doc[48], path[64], file[80];
	const char *fields[] = { "invoice_no", "京财0099887766", NULL };
	struct http_reply r;
	int64_t order, inv;
	cJSON *o;
	(void)state;

	snprintf(years, sizeof years, "[%d]", fx_year());
	order = fx_order(&ts_group, tok, years);
	code = fx_qr(&ts_group, tok, order);
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	free(code);
	snprintf(api, sizeof api, "/api/v1/orders/%lld/invoice", (long long)order);
	o = fx_call(&ts_group, "POST", api, tok, "{\"title_type\":\"personal\",\"title\":"
	            "\"欧阳票\",\"email\":\"oy@example.com\"}", 201);
	inv = json_int_or(o, "id", 0);
	cJSON_Delete(o);
	assert_true(inv > 0);
	snprintf(doc, sizeof doc, "invoice:%lld", (long long)inv);

	/* requested, not issued: nothing to download yet */
	link_for(tok, doc, 409, path);

	snprintf(api, sizeof api, "/api/v1/review/invoices/%lld/issue", (long long)inv);
	assert_int_equal(http_upload(&ts_group, api, hq, "file", "receipt.pdf", "application/pdf",
	                             fx_pdf, fx_pdf_len, fields, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);

	/* another member's document is refused as if it did not exist */
	other = fx_register(&ts_group, "hdinv_nosy");
	link_for(other, doc, 404, path);
	free(other);
	link_for(tok, "invoice:999999", 404, path);
	link_for(tok, "invoice", 422, path);

	link_for(tok, doc, 201, path);
	snprintf(file, sizeof file, "%s/file", path);
	assert_int_equal(http_req(&ts_group, "GET", file, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, fx_pdf_len);
	assert_memory_equal(r.body, fx_pdf, fx_pdf_len);
	http_reply_free(&r);
	/* once */
	assert_int_equal(http_req(&ts_group, "GET", file, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 410);
	http_reply_free(&r);
	free(hq);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invoice_by_phone),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
