/* The member certificate: none before the first payment; then its data,
 * its PDF (name, number, level, validity), and a signed verification URL
 * that the public verification (JSON and the page the QR code opens)
 * reports as valid, expired, or forged once tampered with. */
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

/* GET /api/v1/verify/<cert>?sig=<sig>: the status word. */
static char *verify_json(const char *cert, const char *sig)
{
	char path[256];
	cJSON *o;
	char *st;

	snprintf(path, sizeof path, "/api/v1/verify/%s?sig=%s", cert, sig);
	o = fx_call(&ts_group, "GET", path, NULL, NULL, 200);
	st = strdup(json_str_or(o, "status", ""));
	cJSON_Delete(o);
	return st;
}

/* The page the QR code opens, for a path "/v/…?s=…". */
static char *verify_page(const char *path)
{
	struct http_reply r;
	char *body;

	assert_int_equal(http_req(&ts_group, "GET", path, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	body = r.body;
	r.body = NULL;
	http_reply_free(&r);
	return body;
}

static void test_certificate(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "certholder", "BJ", "诸葛明"), years[16], until[32];
	char cert_no[32], sig[128], path[256], *code, *pdf, *text, *page, *st, member_no[32];
	const char *url;
	size_t len;
	cJSON *c, *me;
	int y = fx_year();
	(void)state;

	/* nothing before the first payment */
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/certificate", tok, NULL, 404));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/certificate.pdf", tok, NULL, 404));
	snprintf(years, sizeof years, "[%d]", y);
	code = fx_qr(&ts_group, tok, fx_order(&ts_group, tok, years));
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	free(code);

	c = fx_call(&ts_group, "GET", "/api/v1/certificate", tok, NULL, 200);
	me = fx_me_member(&ts_group, tok);
	snprintf(member_no, sizeof member_no, "%s", json_str_or(me, "member_no", "?"));
	cJSON_Delete(me);
	snprintf(cert_no, sizeof cert_no, "%s", json_str_or(c, "cert_no", ""));
	assert_int_equal(cert_no[0], 'C');
	assert_string_equal(json_str_or(c, "member_no", ""), member_no);
	assert_string_equal(json_str_or(c, "name", ""), "诸葛明");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(c, "level"), "code", ""), "regular");
	snprintf(until, sizeof until, "%d-12-31", y);
	assert_string_equal(json_str_or(c, "valid_until", ""), until);
	assert_string_equal(json_str_or(c, "status", ""), "valid");
	url = json_str_or(c, "verify_url", "");
	/* base + /v/ + number + ?s= + an 86-character signature */
	snprintf(path, sizeof path, "%s/v/%s?s=", ts_group.base, cert_no);
	assert_memory_equal(url, path, strlen(path));
	assert_int_equal(strlen(url), strlen(path) + 86);
	snprintf(sig, sizeof sig, "%s", url + strlen(path));
	cJSON_Delete(c);

	/* the PDF */
	pdf = fx_get_raw(&ts_group, "/api/v1/certificate.pdf", tok, 200, &len);
	text = fx_pdf_text(pdf, len);
	if (!strstr(text, "诸葛明") || !strstr(text, member_no) || !strstr(text, "普通会员") ||
	    !strstr(text, until) || !strstr(text, "会员证书") || !strstr(text, "北京分会"))
		fail_msg("certificate text lacks something:\n%s", text);
	free(text);
	free(pdf);

	/* verification: genuine, then tampered in each part */
	st = verify_json(cert_no, sig);
	assert_string_equal(st, "valid");
	free(st);
	snprintf(path, sizeof path, "/v/%s?s=%s", cert_no, sig);
	page = verify_page(path);
	assert_non_null(strstr(page, "有效 / Valid"));
	assert_non_null(strstr(page, "诸葛明"));
	free(page);

	char bad[128];
	snprintf(bad, sizeof bad, "%s", sig);
	bad[20] = bad[20] == 'x' ? 'y' : 'x';
	st = verify_json(cert_no, bad);
	assert_string_equal(st, "forged");
	free(st);
	snprintf(path, sizeof path, "/v/%s?s=%s", cert_no, bad);
	page = verify_page(path);
	assert_non_null(strstr(page, "Forged"));
	assert_null(strstr(page, "诸葛明"));
	free(page);
	char other_no[32];
	snprintf(other_no, sizeof other_no, "%s", cert_no);
	other_no[strlen(other_no) - 1] = other_no[strlen(other_no) - 1] == '9' ? '8' : '9';
	st = verify_json(other_no, sig);
	assert_string_equal(st, "forged");
	free(st);
	st = verify_json(cert_no, "");
	assert_string_equal(st, "forged");
	free(st);
	c = fx_call(&ts_group, "GET", "/api/v1/verify/C2026000001", NULL, NULL, 200);
	assert_string_equal(json_str_or(c, "status", ""), "forged");
	assert_null(cJSON_GetObjectItem(c, "name"));
	cJSON_Delete(c);

	/* renewal: paying the next year issues a new certificate; the old
	 * paper still verifies until its own end */
	snprintf(years, sizeof years, "[%d]", y + 1);
	code = fx_qr(&ts_group, tok, fx_order(&ts_group, tok, years));
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	free(code);
	c = fx_call(&ts_group, "GET", "/api/v1/certificate", tok, NULL, 200);
	assert_string_not_equal(json_str_or(c, "cert_no", ""), cert_no);
	snprintf(until, sizeof until, "%d-12-31", y + 1);
	assert_string_equal(json_str_or(c, "valid_until", ""), until);
	cJSON_Delete(c);
	st = verify_json(cert_no, sig);
	assert_string_equal(st, "valid");
	free(st);

	/* a certificate whose validity has ended says expired (the clock is
	 * moved by back-dating it) */
	snprintf(path, sizeof path, "UPDATE certificates SET valid_until = '%d-12-31'"
	         " WHERE cert_no = '%s'", y - 1, cert_no);
	fx_sql(&ts_group, path);
	st = verify_json(cert_no, sig);
	assert_string_equal(st, "expired");
	free(st);
	snprintf(path, sizeof path, "/v/%s?s=%s", cert_no, sig);
	page = verify_page(path);
	assert_non_null(strstr(page, "已过期 / Expired"));
	free(page);
	free(tok);
}

/* The member's certificate: its number and the signature of its URL. */
static void cert_now(const char *tok, char no[32], char sig[128])
{
	cJSON *c = fx_call(&ts_group, "GET", "/api/v1/certificate", tok, NULL, 200);
	const char *url = json_str_or(c, "verify_url", ""), *s = strstr(url, "?s=");

	snprintf(no, 32, "%s", json_str_or(c, "cert_no", ""));
	assert_non_null(s);
	snprintf(sig, 128, "%s", s + 3);
	cJSON_Delete(c);
}

/* A level change reissues the certificate: the old paper then verifies as
 * superseded, naming the current one, in JSON and on the page. */
static void test_level_change_supersedes(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "certlevel", "HQ", "关胜");
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026"), body[128], path[256];
	char old_no[32], old_sig[128], new_no[32], new_sig[128], *code, *page;
	int64_t id, order;
	cJSON *a, *v;
	const cJSON *by;
	(void)state;

	fx_pay_dues(&ts_group, tok);
	cert_now(tok, old_no, old_sig);
	snprintf(body, sizeof body, "{\"level_id\":%lld,\"reason\":\"职称晋升\"}",
	         (long long)fx_level_id(&ts_group, "senior"));
	a = fx_call(&ts_group, "POST", "/api/v1/level-changes", tok, body, 201);
	id = json_int_or(a, "id", -1);
	cJSON_Delete(a);
	assert_int_equal(fx_decide(&ts_group, hq, id, "approve", NULL), 200);
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)id);
	a = fx_call(&ts_group, "GET", path, tok, NULL, 200);
	order = json_int_or(a, "order_id", -1);
	cJSON_Delete(a);
	assert_true(order > 0);
	code = fx_qr(&ts_group, tok, order);
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	free(code);
	cert_now(tok, new_no, new_sig);
	assert_string_not_equal(new_no, old_no);

	snprintf(path, sizeof path, "/api/v1/verify/%s?sig=%s", old_no, old_sig);
	v = fx_call(&ts_group, "GET", path, NULL, NULL, 200);
	assert_string_equal(json_str_or(v, "status", ""), "superseded");
	/* what the old paper says, and which one counts now */
	assert_string_equal(json_str_or(cJSON_GetObjectItem(v, "level"), "code", ""), "regular");
	by = cJSON_GetObjectItem(v, "superseded_by");
	assert_string_equal(json_str_or(by, "cert_no", ""), new_no);
	assert_true(strlen(json_str_or(by, "issue_date", "")) == 10);
	cJSON_Delete(v);
	snprintf(path, sizeof path, "/api/v1/verify/%s?sig=%s", new_no, new_sig);
	v = fx_call(&ts_group, "GET", path, NULL, NULL, 200);
	assert_string_equal(json_str_or(v, "status", ""), "valid");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(v, "level"), "code", ""), "senior");
	assert_null(cJSON_GetObjectItem(v, "superseded_by"));
	cJSON_Delete(v);

	snprintf(path, sizeof path, "/v/%s?s=%s", old_no, old_sig);
	page = verify_page(path);
	assert_non_null(strstr(page, "已被取代 / Superseded"));
	assert_null(strstr(page, "有效 / Valid"));
	assert_non_null(strstr(page, new_no));
	assert_non_null(strstr(page, "replaced by certificate"));
	free(page);
	snprintf(path, sizeof path, "/v/%s?s=%s", new_no, new_sig);
	page = verify_page(path);
	assert_non_null(strstr(page, "有效 / Valid"));
	free(page);
	free(hq);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_certificate),
		cmocka_unit_test(test_level_change_supersedes),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
