/* Text the HTTP core refuses for every route before a handler runs: a NUL
 * anywhere (JSON \u0000, %00 in a query or a form field), control
 * characters, line breaks in single-line fields; JSON outside RFC 8259;
 * paging out of range; a multipart body without its closing boundary. Each
 * refusal names the field, and nothing is stored. */
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

static struct test_server ts;
static char *hq;

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	return hq ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(hq);
	return ts_stop(&ts) == 0 ? 0 : -1;
}

/* method path body as token: a 422 naming field. */
static void refused_field(const char *method, const char *path, const char *token,
                          const char *body, const char *field)
{
	struct http_reply r;

	assert_int_equal(http_req(&ts, method, path, token, body, &r), 0);
	if (r.status != 422)
		fail_msg("%s %s %s: %ld %s", method, path, body, r.status, r.body);
	assert_string_equal(http_error_code(&r), "validation");
	const cJSON *fields = fx_fields(r.json);
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(fields, field)))
		fail_msg("%s: no complaint about %s: %s", path, field, r.body);
	http_reply_free(&r);
}

static void test_nul_in_sign_in(void **state)
{
	(void)state;
	/* demo's name or password with a tail after a NUL is not demo's */
	refused_field("POST", "/api/v1/auth/login", NULL,
	              "{\"login\":\"demo\\u0000anything\",\"password\":\"Member-Demo-2026\"}", "login");
	refused_field("POST", "/api/v1/auth/login", NULL,
	              "{\"login\":\"demo\",\"password\":\"Member-Demo-2026\\u0000tail\"}", "password");
	/* with the password itself it still works */
	char *tok = ts_login(&ts, "demo", "Member-Demo-2026");
	assert_non_null(tok);
	free(tok);
}

static void test_nul_stores_nothing(void **state)
{
	struct http_reply r;
	(void)state;

	refused_field("POST", "/api/v1/auth/register", NULL,
	              "{\"username\":\"nulname\\u0000x\",\"email\":\"nulname@example.test\","
	              "\"mobile\":\"13912340001\",\"password\":\"Nul-Name-Pass-2026\","
	              "\"member_type\":\"individual\",\"agree_terms\":true}", "username");
	refused_field("POST", "/api/v1/auth/register", NULL,
	              "{\"username\":\"nulmail\",\"email\":\"nulmail@example.test\\u0000.evil\","
	              "\"mobile\":\"13912340002\",\"password\":\"Nul-Mail-Pass-2026\","
	              "\"member_type\":\"individual\",\"agree_terms\":true}", "email");
	char *tok = ts_login(&ts, "nulname", "Nul-Name-Pass-2026");
	assert_null(tok);
	tok = ts_login(&ts, "nulmail", "Nul-Mail-Pass-2026");
	assert_null(tok);

	/* a notice, a rejection reason, an invoice title */
	assert_int_equal(http_req(&ts, "GET", "/api/v1/notices", hq, NULL, &r), 0);
	int64_t before = json_int_or(r.json, "total", -1);
	http_reply_free(&r);
	refused_field("POST", "/api/v1/notices", hq,
	              "{\"title\":\"Meeting\\u0000 cancelled\",\"body\":\"Text\"}", "title");
	refused_field("POST", "/api/v1/notices", hq,
	              "{\"title\":\"Meeting\",\"body\":\"All welcome\\u0000 except you\"}", "body");
	assert_int_equal(http_req(&ts, "GET", "/api/v1/notices", hq, NULL, &r), 0);
	assert_int_equal(json_int_or(r.json, "total", -2), before);
	http_reply_free(&r);
	refused_field("POST", "/api/v1/review/applications/1/reject", hq,
	              "{\"reason\":\"Missing\\u0000 stamp\"}", "reason");
	char *member = fx_register(&ts, "nulinvoice");
	refused_field("POST", "/api/v1/orders/1/invoice", member,
	              "{\"title_type\":\"unit\",\"title\":\"Acme\\u0000 Ltd\"}", "title");
	/* deep in the body, named by its path */
	refused_field("POST", "/api/v1/auth/login", NULL,
	              "{\"login\":\"demo\",\"password\":\"x\",\"extra\":{\"list\":[\"ok\",\"a\\u0000\"]}}",
	              "extra.list.1");
	free(member);
}

static void test_control_characters(void **state)
{
	struct http_reply r;
	(void)state;

	refused_field("POST", "/api/v1/auth/login", NULL,
	              "{\"login\":\"de\\u0001mo\",\"password\":\"x\"}", "login");
	refused_field("POST", "/api/v1/auth/login", NULL,
	              "{\"login\":\"demo\",\"password\":\"x\\u007f\"}", "password");
	refused_field("POST", "/api/v1/auth/register", NULL,
	              "{\"username\":\"two\\nlines\",\"email\":\"twolines@example.test\","
	              "\"mobile\":\"13912340003\",\"password\":\"Two-Lines-Pass-2026\","
	              "\"member_type\":\"individual\",\"agree_terms\":true}", "username");
	refused_field("POST", "/api/v1/notices", hq,
	              "{\"title\":\"Two\\nlines\",\"body\":\"Text\"}", "title");
	/* a notice's body is text of many lines */
	assert_int_equal(http_req(&ts, "POST", "/api/v1/notices", hq,
	                          "{\"title\":\"Opening hours\",\"body\":\"Mon to Fri\\n\\tnine to five\"}",
	                          &r), 0);
	assert_int_equal(r.status, 201);
	http_reply_free(&r);
}

static void test_nul_in_query_and_form(void **state)
{
	struct http_reply r;
	(void)state;

	refused_field("GET", "/api/v1/notices?page=1&q=a%00b", hq, NULL, "q");
	assert_int_equal(http_req(&ts, "GET", "/api/v1/notices/1%00", hq, NULL, &r), 0);
	assert_int_equal(r.status, 400);
	assert_string_equal(http_error_code(&r), "bad_request");
	http_reply_free(&r);

	/* urlencoded and multipart fields */
	const char *url[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	const char form[] = "invoice_no=INV%0012";
	assert_int_equal(http_req_ex(&ts, "POST", "/api/v1/review/invoices/1/issue", hq, url,
	                             form, sizeof form - 1, HTTP_NO_JSON_CT, &r), 0);
	assert_int_equal(r.status, 422);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(fx_fields(r.json), "invoice_no"));
	http_reply_free(&r);
	const char *mp[] = { "Content-Type: multipart/form-data; boundary=XyZ", NULL };
	const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"invoice_no\"\r\n\r\n"
	                    "INV\0" "12\r\n--XyZ--\r\n";
	assert_int_equal(http_req_ex(&ts, "POST", "/api/v1/review/invoices/1/issue", hq, mp,
	                             body, sizeof body - 1, HTTP_NO_JSON_CT, &r), 0);
	assert_int_equal(r.status, 422);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(fx_fields(r.json), "invoice_no"));
	http_reply_free(&r);
}

static void test_strict_json(void **state)
{
	static const char *bad[] = {
		"{\"login\":\"demo\",\"password\":\"x\",\"n\":01}",
		"{\"login\":\"demo\",\"password\":\"x\",\"n\":1.}",
		"{\"login\":\"demo\",\"password\":\"x\",\"n\":.5}",
		"{\"login\":\"demo\",\"password\":\"x\",\"n\":+1}",
		"{\"login\":\"demo\",\"password\":\"x\",\"n\":1e}",
		"{\"login\":\"demo\",\"password\":\"x\",\"n\":0x10}",
		"{\"login\":\"demo\",\"password\":\"x\",\"n\":NaN}",
		"{\"login\":\"demo\",\"password\":\"x\",\"n\":[1,2,]}",
		"{\"login\":\"demo\",\"password\":\"x\" /* note */}",
		"{\"login\":\"de\tmo\",\"password\":\"x\"}",            /* a raw tab */
		"{\"login\":\"de\nmo\",\"password\":\"x\"}",            /* a raw line break */
		"{\"login\":\"demo\",\"password\":\"\\ud800\"}",        /* half a surrogate pair */
		"{\"login\":\"demo\",\"password\":\"\\x41\"}",
	};
	struct http_reply r;
	(void)state;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/login", NULL, bad[i], &r), 0);
		if (r.status != 400 || strcmp(http_error_code(&r), "bad_json") != 0)
			fail_msg("accepted %s: %ld %s", bad[i], r.status, r.body);
		http_reply_free(&r);
	}
	/* what the RFC allows is still read */
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/login", NULL,
	                          " {\"login\" : \"demo\", \"password\":\"x\",\"n\":[-0.5e+3,0,1E2,"
	                          "\"\\ud83d\\ude00\\/\"]}\r\n", &r), 0);
	assert_int_equal(r.status, 401);
	http_reply_free(&r);
}

static void test_paging_out_of_range(void **state)
{
	static const struct { const char *query, *field; } bad[] = {
		{ "page=0", "page" }, { "page=-1", "page" }, { "page=abc", "page" }, { "page=", "page" },
		{ "page=1000001", "page" }, { "page=01", "page" }, { "per_page=0", "per_page" },
		{ "per_page=1000", "per_page" }, { "per_page=101", "per_page" },
		{ "page=2&per_page=-5", "per_page" },
	};
	char path[128];
	struct http_reply r;
	(void)state;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(path, sizeof path, "/api/v1/notices?%s", bad[i].query);
		refused_field("GET", path, hq, NULL, bad[i].field);
		snprintf(path, sizeof path, "/api/v1/review/applications?%s", bad[i].query);
		refused_field("GET", path, hq, NULL, bad[i].field);
	}
	assert_int_equal(http_req(&ts, "GET", "/api/v1/notices?page=2&per_page=100", hq, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_int_or(r.json, "page", 0), 2);
	assert_int_equal(json_int_or(r.json, "per_page", 0), 100);
	http_reply_free(&r);
}

static int attachment_count(const char *tok)
{
	cJSON *a = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	int n = cJSON_GetArraySize(cJSON_GetObjectItem(a, "attachments"));

	cJSON_Delete(a);
	return n;
}

static void test_multipart_needs_its_end(void **state)
{
	static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	const char *mp[] = { "Content-Type: multipart/form-data; boundary=b0undary", NULL };
	char body[512];
	struct http_reply r;
	char *tok = fx_register(&ts, "mpend");
	(void)state;

	int before = attachment_count(tok);
	int n = snprintf(body, sizeof body,
	                 "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
	                 "Content-Type: application/pdf\r\n\r\n%s\r\n", pdf);
	/* cut before the closing boundary, and with a closing boundary that is
	 * only half there */
	assert_int_equal(http_req_ex(&ts, "POST", "/api/v1/application/attachments", tok, mp,
	                             body, (size_t)n, HTTP_NO_JSON_CT, &r), 0);
	assert_int_equal(r.status, 400);
	assert_string_equal(http_error_code(&r), "bad_request");
	http_reply_free(&r);
	n += snprintf(body + n, sizeof body - (size_t)n, "--b0und");
	assert_int_equal(http_req_ex(&ts, "POST", "/api/v1/application/attachments", tok, mp,
	                             body, (size_t)n, HTTP_NO_JSON_CT, &r), 0);
	assert_int_equal(r.status, 400);
	http_reply_free(&r);
	assert_int_equal(attachment_count(tok), before);

	/* whole, it is stored to the byte */
	n -= 7;
	n += snprintf(body + n, sizeof body - (size_t)n, "--b0undary--\r\n");
	assert_int_equal(http_req_ex(&ts, "POST", "/api/v1/application/attachments", tok, mp,
	                             body, (size_t)n, HTTP_NO_JSON_CT, &r), 0);
	assert_int_equal(r.status, 201);
	assert_int_equal(json_int_or(r.json, "size", -1), (int64_t)(sizeof pdf - 1));
	http_reply_free(&r);
	assert_int_equal(attachment_count(tok), before + 1);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nul_in_sign_in),
		cmocka_unit_test(test_nul_stores_nothing),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_nul_in_query_and_form),
		cmocka_unit_test(test_strict_json),
		cmocka_unit_test(test_paging_out_of_range),
		cmocka_unit_test(test_multipart_needs_its_end),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
