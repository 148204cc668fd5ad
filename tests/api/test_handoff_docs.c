/* Phone hand-off of the member's documents against a real rosterd: the
 * link of the certificate and of a paid order's receipt downloads the real
 * PDF once; a certificate before the first payment, an unpaid order and
 * another member's order are refused when the link is asked for. */
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

/* POST /handoff for a download of doc; want the status. On 201 the link's
 * path on the server ("/h/…") goes into path; otherwise the error code is
 * returned in code (may be NULL). */
static void link_for(const char *tok, const char *doc, long want, char path[64],
                     char code[32])
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
		assert_string_equal(json_str_or(h, "doc", ""), doc);
	} else if (code) {
		snprintf(code, 32, "%s",
		         json_str_or(cJSON_GetObjectItem(h, "error"), "code", ""));
	}
	cJSON_Delete(h);
}

/* The phone: open the page, tap Download. The PDF's text (malloc'd); the
 * link is spent afterwards. */
static char *phone_download(const char *path, const char *name_prefix)
{
	char file[80], *text, *hdr;
	struct http_reply r;

	/* the page offers the button and does not spend the link */
	assert_int_equal(http_req(&ts_group, "GET", path, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "/file\""));
	http_reply_free(&r);

	snprintf(file, sizeof file, "%s/file", path);
	assert_int_equal(http_req(&ts_group, "GET", file, NULL, NULL, &r), 0);
	if (r.status != 200)
		fail_msg("GET %s: %ld %s", file, r.status, r.body);
	assert_true(r.len > 1000);
	assert_memory_equal(r.body, "%PDF-", 5);
	hdr = http_reply_header(&r, "Content-Type");
	assert_non_null(hdr);
	assert_string_equal(hdr, "application/pdf");
	free(hdr);
	hdr = http_reply_header(&r, "Content-Disposition");
	assert_non_null(hdr);
	if (!strstr(hdr, name_prefix))
		fail_msg("Content-Disposition %s does not name %s", hdr, name_prefix);
	free(hdr);
	text = fx_pdf_text(r.body, r.len);
	http_reply_free(&r);

	/* used once: the page and the file now say so */
	assert_int_equal(http_req(&ts_group, "GET", file, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 410);
	assert_null(strstr(r.body, "%PDF-"));
	http_reply_free(&r);
	assert_int_equal(http_req(&ts_group, "GET", path, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 410);
	http_reply_free(&r);
	return text;
}

static void test_certificate_by_phone(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "hdcert", "BJ", "欧阳娜");
	char path[64], code[32], member_no[32], cert_no[32], *text;
	cJSON *me, *c;
	(void)state;

	/* none before the first payment: not available yet */
	link_for(tok, "certificate", 409, path, code);
	assert_string_equal(code, "conflict");
	/* nor for staff, who have no certificate */
	{
		char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
		assert_non_null(hq);
		link_for(hq, "certificate", 404, path, code);
		assert_string_equal(code, "not_found");
		free(hq);
	}

	fx_pay_dues(&ts_group, tok);
	me = fx_me_member(&ts_group, tok);
	snprintf(member_no, sizeof member_no, "%s", json_str_or(me, "member_no", ""));
	cJSON_Delete(me);
	assert_true(member_no[0] != '\0');
	c = fx_call(&ts_group, "GET", "/api/v1/certificate", tok, NULL, 200);
	snprintf(cert_no, sizeof cert_no, "%s", json_str_or(c, "cert_no", ""));
	cJSON_Delete(c);

	link_for(tok, "certificate", 201, path, NULL);
	text = phone_download(path, "certificate-");
	if (!strstr(text, member_no) || !strstr(text, cert_no) || !strstr(text, "欧阳娜") ||
	    !strstr(text, "会员证书") || !strstr(text, "北京分会"))
		fail_msg("the certificate by phone lacks something (%s, %s):\n%s", member_no,
		         cert_no, text);
	free(text);
	free(tok);
}

static void test_receipt_by_phone(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "hdrcpt", "HQ", "司马琳"), *other, *qr, *text;
	char years[16], doc[48], path[64], code[32], member_no[32], order_no[32];
	int64_t order, later;
	cJSON *o, *me;
	(void)state;

	snprintf(years, sizeof years, "[%d]", fx_year());
	order = fx_order(&ts_group, tok, years);
	snprintf(doc, sizeof doc, "receipt:%lld", (long long)order);

	/* an unpaid order has no receipt yet */
	link_for(tok, doc, 409, path, code);
	assert_string_equal(code, "conflict");

	qr = fx_qr(&ts_group, tok, order);
	assert_int_equal(fx_confirm(&ts_group, qr), 200);
	free(qr);
	o = fx_get_order(&ts_group, tok, order);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	snprintf(order_no, sizeof order_no, "%s", json_str_or(o, "order_no", ""));
	cJSON_Delete(o);
	me = fx_me_member(&ts_group, tok);
	snprintf(member_no, sizeof member_no, "%s", json_str_or(me, "member_no", ""));
	cJSON_Delete(me);
	assert_true(order_no[0] && member_no[0]);

	/* another member's paid order is refused as if it did not exist */
	other = fx_register(&ts_group, "hdnosy");
	link_for(other, doc, 404, path, code);
	assert_string_equal(code, "not_found");
	free(other);
	link_for(tok, "receipt:999999", 404, path, code);
	assert_string_equal(code, "not_found");
	/* a receipt needs an order id */
	link_for(tok, "receipt", 422, path, NULL);
	link_for(tok, "receipt:abc", 422, path, NULL);

	/* a second, unpaid order is still refused after the first was paid */
	snprintf(years, sizeof years, "[%d]", fx_year() + 1);
	later = fx_order(&ts_group, tok, years);
	snprintf(doc, sizeof doc, "receipt:%lld", (long long)later);
	link_for(tok, doc, 409, path, code);
	assert_string_equal(code, "conflict");

	snprintf(doc, sizeof doc, "receipt:%lld", (long long)order);
	link_for(tok, doc, 201, path, NULL);
	text = phone_download(path, "voucher-");
	if (!strstr(text, order_no) || !strstr(text, member_no) || !strstr(text, "司马琳") ||
	    !strstr(text, "缴费凭证"))
		fail_msg("the receipt by phone lacks something (%s, %s):\n%s", order_no, member_no,
		         text);
	free(text);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_certificate_by_phone),
		cmocka_unit_test(test_receipt_by_phone),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
