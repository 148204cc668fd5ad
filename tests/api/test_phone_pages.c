/* The pages a phone opens, in a real browser as a phone opens them:
 * headless Chromium (cdp.h) at a 390x844 viewport, against a real
 * rosterd. The stamped form is chosen through the page's own file input
 * and uploaded with its button; a document is downloaded with the page's
 * button; a sandbox code is paid; a certificate is checked. Each test
 * checks what the page shows and what the server stored.
 *
 * A phone link speaks the language the member was using when the link was
 * made, not the phone's: every link here is made in one language and
 * opened by a phone whose browser asks for the other. */
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

#include "cdp.h"
#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

#define PHONE_W 390
#define PHONE_H 844

static struct cdp phone;
static char files[256];     /* files the phone's picker offers */

/* The phone's browser asks for this language from now on. */
static void phone_speaks(const char *accept_language)
{
	assert_int_equal(cdp_speak(&phone, accept_language), 0);
}

static void open_page(const char *url)
{
	char *w;

	assert_int_equal(cdp_navigate(&phone, url), 0);
	/* a phone page: the viewport is the phone's width and nothing
	 * sticks out sideways */
	w = cdp_eval(&phone, "String(window.innerWidth)");
	assert_non_null(w);
	assert_int_equal(atoi(w), PHONE_W);
	free(w);
	w = cdp_eval(&phone, "String(document.documentElement.scrollWidth)");
	assert_non_null(w);
	if (atoi(w) > PHONE_W)
		fail_msg("%s is %s px wide on a %d px phone", url, w, PHONE_W);
	free(w);
}

static char *page_text(void)
{
	char *t = cdp_text(&phone);

	assert_non_null(t);
	return t;
}

static void page_says(const char *what)
{
	char *t = page_text();

	if (!strstr(t, what))
		fail_msg("the page does not say \"%s\"; it says:\n%s", what, t);
	free(t);
}

static void page_never_says(const char *what)
{
	char *t = page_text();

	if (strstr(t, what))
		fail_msg("the page says \"%s\":\n%s", what, t);
	free(t);
}

static void page_lang(const char *want)
{
	char *l = cdp_eval(&phone, "document.documentElement.lang");

	assert_non_null(l);
	assert_string_equal(l, want);
	free(l);
}

/* A file in the phone's picker; its path. */
static char *phone_file(const char *name, const void *data, size_t len)
{
	char *path;
	FILE *f;

	assert_true(asprintf(&path, "%s/%s", files, name) > 0);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

/* A hand-off link made by the member's terminal speaking lang: its url. */
static char *handoff(const char *tok, const char *lang, const char *body)
{
	char hdr[64];
	cJSON *h;
	char *url;

	snprintf(hdr, sizeof hdr, "Accept-Language: %s", lang);
	h = fx_call_hdr(&ts_group, "POST", "/api/v1/handoff", tok, hdr, body, 201);
	url = strdup(json_str_or(h, "url", ""));
	cJSON_Delete(h);
	assert_true(strncmp(url, ts_group.base, strlen(ts_group.base)) == 0);
	return url;
}

static cJSON *attachments(const char *tok)
{
	cJSON *a = fx_call(&ts_group, "GET", "/api/v1/application", tok, NULL, 200);
	cJSON *list = cJSON_DetachItemFromObject(a, "attachments");

	cJSON_Delete(a);
	return list ? list : cJSON_CreateArray();
}

/* The stamped form, chosen and uploaded on the phone; the link was made in
 * Chinese, the phone speaks English. A wrong file is refused on the page
 * and the form stays; the right one lands in the application. */
static void test_upload_on_phone(void **state)
{
	char *tok = fx_register(&ts_group, "phoneform");
	char *url = handoff(tok, "zh-CN", "{\"purpose\":\"upload_attachment\"}");
	char *txt = phone_file("note.txt", "just some text\n", 15);
	char *pdf = phone_file("盖章申请表.pdf", fx_pdf, fx_pdf_len);
	cJSON *list;

	(void)state;
	phone_speaks("en-US,en;q=0.9");
	open_page(url);
	page_lang("zh-CN");
	page_says("上传申请表");
	page_says("选择签字盖章的申请表");
	page_never_says("Upload the application form");

	/* a text file: refused, said why, and the form is there again */
	assert_int_equal(cdp_choose_file(&phone, "input[type=file]", txt), 0);
	assert_int_equal(cdp_tap(&phone, "button[type=submit]", true), 0);
	page_says("文件未被接受");
	list = attachments(tok);
	assert_int_equal(cJSON_GetArraySize(list), 0);
	cJSON_Delete(list);

	/* the stamped form goes in */
	assert_int_equal(cdp_choose_file(&phone, "input[type=file]", pdf), 0);
	assert_int_equal(cdp_tap(&phone, "button[type=submit]", true), 0);
	page_says("上传成功");
	page_says("盖章申请表.pdf");
	list = attachments(tok);
	assert_int_equal(cJSON_GetArraySize(list), 1);
	assert_string_equal(json_str_or(cJSON_GetArrayItem(list, 0), "name", ""), "盖章申请表.pdf");
	assert_string_equal(json_str_or(cJSON_GetArrayItem(list, 0), "content_type", ""),
	                    "application/pdf");
	assert_int_equal(json_int_or(cJSON_GetArrayItem(list, 0), "size", 0), (int64_t)fx_pdf_len);
	cJSON_Delete(list);

	/* the link is spent: opening it again says so, in Chinese */
	open_page(url);
	page_says("链接已失效");

	free(pdf);
	free(txt);
	free(url);
	free(tok);
}

/* The certificate downloaded on the phone with the page's button; the
 * link was made in English, the phone speaks Chinese. */
static void test_download_on_phone(void **state)
{
	char *tok = fx_active(&ts_group, "phonedoc", "下载用户");
	char *url = handoff(tok, "en", "{\"purpose\":\"download\",\"doc\":\"certificate\"}");
	cJSON *c = fx_call(&ts_group, "GET", "/api/v1/certificate", tok, NULL, 200);
	char *file, *text, head[5] = { 0 };
	FILE *f;
	size_t n = 0;
	char buf[1 << 16];
	char *all = NULL;

	(void)state;
	phone_speaks("zh-CN,zh;q=0.9");
	open_page(url);
	page_lang("en");
	page_says("Download the document");
	page_never_says("下载文件");

	assert_int_equal(cdp_allow_downloads(&phone), 0);
	assert_int_equal(cdp_tap(&phone, "a.button", false), 0);
	file = cdp_wait_download(&phone, 60000);
	assert_non_null(file);
	f = fopen(file, "rb");
	assert_non_null(f);
	for (size_t r; (r = fread(buf, 1, sizeof buf, f)) > 0; n += r) {
		all = realloc(all, n + r);
		assert_non_null(all);
		memcpy(all + n, buf, r);
	}
	fclose(f);
	assert_true(n > 1000);
	memcpy(head, all, 4);
	assert_string_equal(head, "%PDF");
	/* the member's own certificate, by its number */
	text = fx_pdf_text(all, n);
	if (!strstr(text, json_str_or(c, "cert_no", "?")))
		fail_msg("the downloaded PDF does not carry %s:\n%s", json_str_or(c, "cert_no", "?"),
		         text);

	/* spent: the page says so, in English */
	open_page(url);
	page_says("Link expired");

	free(text);
	free(all);
	free(file);
	cJSON_Delete(c);
	free(url);
	free(tok);
}

/* A sandbox code made in English, paid on a phone that speaks Chinese. */
static void test_pay_on_phone(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "phonepay", "HQ", "付款用户");
	int64_t order = fx_dues_order(&ts_group, tok);
	char path[96], *url;
	cJSON *q, *o;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/orders/%lld/pay", (long long)order);
	q = fx_call_hdr(&ts_group, "POST", path, tok, "Accept-Language: en",
	                "{\"method\":\"qr\",\"provider\":\"sandbox\"}", 201);
	url = strdup(json_str_or(q, "code_url", ""));
	cJSON_Delete(q);
	o = fx_get_order(&ts_group, tok, order);

	phone_speaks("zh-CN,zh;q=0.9");
	open_page(url);
	page_lang("en");
	page_says("Confirm payment");
	page_says(json_str_or(o, "order_no", "?"));
	page_says("¥");
	page_never_says("确认支付");
	cJSON_Delete(o);

	assert_int_equal(cdp_tap(&phone, "button[type=submit]", true), 0);
	page_says("Payment complete");
	o = fx_get_order(&ts_group, tok, order);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	cJSON_Delete(o);

	free(url);
	free(tok);
}

/* The certificate's check page, opened from the link printed on it: anyone
 * may scan it, so it shows both languages; it fits the phone. */
static void test_verify_on_phone(void **state)
{
	char *tok = fx_active(&ts_group, "phonecheck", "验证用户");
	cJSON *c = fx_call(&ts_group, "GET", "/api/v1/certificate", tok, NULL, 200);
	char *bad;

	(void)state;
	phone_speaks("en-US,en;q=0.9");
	open_page(json_str_or(c, "verify_url", ""));
	page_says("验证用户");
	page_says(json_str_or(c, "cert_no", "?"));
	page_says("有效");
	page_says("Valid");

	/* a link someone altered */
	assert_true(asprintf(&bad, "%sX", json_str_or(c, "verify_url", "")) > 0);
	open_page(bad);
	page_says("Forged");
	page_never_says("验证用户");

	free(bad);
	cJSON_Delete(c);
	free(tok);
}

static int setup(void **state)
{
	snprintf(files, sizeof files, "/tmp/roster-phone-files-XXXXXX");
	if (!mkdtemp(files))
		return -1;
	if (ts_group_setup(state) != 0)
		return -1;
	if (cdp_open(&phone, PHONE_W, PHONE_H, "en-US,en") != 0) {
		fprintf(stderr, "test_phone_pages: the browser did not start\n");
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	cdp_close(&phone);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", files);
	if (system(cmd) != 0)
		fprintf(stderr, "test_phone_pages: could not remove %s\n", files);
	return ts_group_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upload_on_phone),
		cmocka_unit_test(test_download_on_phone),
		cmocka_unit_test(test_pay_on_phone),
		cmocka_unit_test(test_verify_on_phone),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
