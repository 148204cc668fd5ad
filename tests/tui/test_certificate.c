/* My certificate: drawn with box characters (ASCII with --ascii), in
 * Chinese and English, the PDF saved to the download folder, a phone link
 * that serves it, and a member without one told so. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui.h"

static struct test_server ts;
static char *tok;          /* an active member's token */
static cJSON *cert;        /* their GET /certificate */

static int group_setup(void **state)
{
	if (ts_start(&ts, NULL) != 0)
		return -1;
	tok = fx_active(&ts, "cert_owner", "陈证书");
	cert = fx_call(&ts, "GET", "/api/v1/certificate", tok, NULL, 200);
	return cert ? 0 : -1;
}

static int group_teardown(void **state)
{
	cJSON_Delete(cert);
	free(tok);
	ts_stop(&ts);
	return 0;
}

static const char *cert_str(const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cert, key));
}

static void test_shown_and_saved(void **state)
{
	struct tui t;
	char *path, head[5] = "";
	FILE *f;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "cert_owner", FX_PASSWORD));
	assert_true(tui_menu(&t, "My certificate"));
	TUI_WAIT(&t, "MEMBERSHIP CERTIFICATE");
	TUI_WAIT(&t, "╔══");
	TUI_WAIT(&t, "╚══");
	TUI_WAIT(&t, "Example Association of China");
	TUI_WAIT(&t, cert_str("cert_no"));
	TUI_WAIT(&t, cert_str("member_no"));
	TUI_WAIT(&t, "陈证书");
	TUI_WAIT(&t, cert_str("valid_until"));
	TUI_WAIT(&t, "Valid");

	tui_keys(&t, "d", NULL);
	path = malloc(strlen(t.dir) + 80);
	sprintf(path, "%s/Downloads/certificate-%s.pdf", t.dir, cert_str("cert_no"));
	TUI_WAIT(&t, "Saved to ");
	TUI_WAIT(&t, "/Downloads/certificate-");
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 4, f), 4);
	fclose(f);
	assert_memory_equal(head, "%PDF", 4);
	free(path);

	tui_stop(&t);
}

/* On a phone: the link under the QR code hands out the PDF. */
static void test_phone_download(void **state)
{
	struct tui t;
	char *link, prefix[128];
	struct http_reply r;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "cert_owner", FX_PASSWORD));
	assert_true(tui_menu(&t, "My certificate"));
	TUI_WAIT(&t, "MEMBERSHIP CERTIFICATE");
	/* on a phone: the link under the QR code hands out the PDF */
	tui_keys(&t, "p", NULL);
	TUI_WAIT(&t, "The link works for");
	snprintf(prefix, sizeof(prefix), "%s/h/", ts.base);
	link = tui_screen_link(&t, prefix);
	assert_non_null(link);
	/* the page with its download button, then the file behind it */
	assert_int_equal(http_req(&ts, "GET", strstr(link, "/h/"), NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "/file"));
	http_reply_free(&r);
	{
		char *file = malloc(strlen(link) + 8);

		sprintf(file, "%s/file", strstr(link, "/h/"));
		assert_int_equal(http_req(&ts, "GET", file, NULL, NULL, &r), 0);
		assert_int_equal(r.status, 200);
		assert_true(r.len > 4);
		assert_memory_equal(r.body, "%PDF", 4);
		http_reply_free(&r);
		free(file);
	}
	free(link);
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "MEMBERSHIP CERTIFICATE");
	tui_stop(&t);
}

/* Without line-drawing characters (--ascii) the frame is ASCII. */
static void test_ascii(void **state)
{
	const char *args[] = { "--ascii", NULL };
	struct tui_opts o = { .args = args };
	struct tui t;
	char *screen;

	assert_int_equal(tui_start(&t, &ts, &o), 0);
	assert_true(tui_sign_in(&t, "cert_owner", FX_PASSWORD));
	assert_true(tui_menu(&t, "My certificate"));
	TUI_WAIT(&t, "MEMBERSHIP CERTIFICATE");
	TUI_WAIT(&t, "+=====");
	TUI_WAIT(&t, "|  Member no.");
	TUI_WAIT(&t, cert_str("member_no"));
	screen = tui_screen(&t);
	assert_null(strstr(screen, "╔"));
	assert_null(strstr(screen, "║"));
	free(screen);
	tui_stop(&t);
}

/* In Chinese the labels line up by columns, not bytes. */
static void test_chinese(void **state)
{
	const char *args[] = { "--lang", "zh_CN", NULL };
	struct tui_opts o = { .args = args };
	struct tui t;
	char *screen, *a, *b;

	assert_int_equal(tui_start(&t, &ts, &o), 0);
	assert_true(tui_sign_in(&t, "cert_owner", FX_PASSWORD));
	assert_true(tui_menu(&t, "我的证书"));
	TUI_WAIT(&t, "会 员 证 书");
	TUI_WAIT(&t, "中国示例协会");
	TUI_WAIT(&t, "陈证书");
	screen = tui_screen(&t);
	/* "证书编号  C…" and "姓名      陈证书": the values start in one column */
	a = strstr(screen, cert_str("cert_no"));
	b = strstr(screen, "陈证书");
	assert_non_null(a);
	assert_non_null(b);
	{
		const char *la = a, *lb = b;
		int ca = 0, cb = 0;

		while (la > screen && la[-1] != '\n')
			la--;
		while (lb > screen && lb[-1] != '\n')
			lb--;
		/* columns: ASCII 1, CJK (3-byte UTF-8 here) 2, box drawing 1 */
		for (; la < a; la++)
			if (((unsigned char)*la & 0xc0) != 0x80)
				ca += ((unsigned char)*la >= 0xe4 && (unsigned char)*la <= 0xe9) ? 2 : 1;
		for (; lb < b; lb++)
			if (((unsigned char)*lb & 0xc0) != 0x80)
				cb += ((unsigned char)*lb >= 0xe4 && (unsigned char)*lb <= 0xe9) ? 2 : 1;
		assert_int_equal(ca, cb);
	}
	free(screen);
	tui_stop(&t);
}

static void test_none_yet(void **state)
{
	char *other = fx_register(&ts, "cert_none");
	struct tui t;

	assert_non_null(other);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "cert_none", FX_PASSWORD));
	assert_true(tui_menu(&t, "My certificate"));
	TUI_WAIT(&t, "You have no certificate yet.");
	tui_stop(&t);
	free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shown_and_saved),
		cmocka_unit_test(test_phone_download),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_none_yet),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
