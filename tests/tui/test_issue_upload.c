/* A staff upload goes through the API client like every request: issuing
 * an invoice with a file that is not a PDF shows the server's refusal in
 * the console's language, Chinese or English (the upload carried
 * Accept-Language), and not a sign-in prompt (it carried the staff token);
 * the invoice stays requested. Then the right file issues it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui.h"
#include "fixture.h"
#include "roster/json.h"

static struct test_server ts;
static struct fx_member billed;

static const unsigned char scan_png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
};
static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	if (fx_member_active(&ts, "billed", "郑三", "HQ", "senior", &billed) != 0 ||
	    fx_member_invoice(&ts, &billed, "示例科技有限公司") != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&billed);
	ts_stop(&ts);
	return 0;
}

static const char *invoice_status(char out[16])
{
	struct http_reply r;

	assert_int_equal(http_req(&ts, "GET", "/api/v1/invoices", billed.token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	snprintf(out, 16, "%s", json_str_or(cJSON_GetArrayItem(
	         cJSON_GetObjectItemCaseSensitive(r.json, "items"), 0), "status", ""));
	http_reply_free(&r);
	return out;
}

/* In the file picker of the issue dialog, choose name. */
static void pick(struct tui *t, const char *name)
{
	char shown[96];

	tui_keys(t, "Enter", NULL);           /* the picker, in the download folder */
	TUI_WAIT(t, name);
	tui_keys(t, "/", NULL);
	tui_type(t, name);
	tui_keys(t, "Enter", "Enter", NULL);
	snprintf(shown, sizeof(shown), "/Downloads/%s", name);
	TUI_WAIT(t, shown);
}

/* The words of one console language. */
struct words {
	const char *lang, *welcome, *login, *console, *number, *issue, *not_pdf, *issued;
};

static const struct words zh = {
	"zh_CN", "注册新会员", "用户名/邮箱/手机号", "工作人员控制台", "发票号码：", "[ 开具 ]",
	"发票文件必须是 PDF。", "发票已开具，并已通知会员。",
};
static const struct words en = {
	"en", "Register as a new member", "Username, e-mail or mobile", "Staff console",
	"Invoice number:", "[ Issue ]", "The invoice file must be a PDF.",
	"The invoice was issued; the member was told.",
};

/* Sign in as hq in lang, open the invoice requests and try the PNG: the
 * refusal shows in lang. Leaves the issue dialog open. */
static void try_png(struct tui *t, const struct words *w)
{
	const char *const args[] = { "--lang", w->lang, NULL };
	struct tui_opts o = { .args = args };
	char st[16];

	assert_int_equal(tui_start(t, &ts, &o), 0);
	assert_true(tui_put_file(t, "fapiao.png", scan_png, sizeof(scan_png)));
	assert_true(tui_put_file(t, "fapiao.pdf", pdf, sizeof(pdf) - 1));
	TUI_WAIT(t, w->welcome);
	tui_keys(t, "l", NULL);
	TUI_WAIT(t, w->login);
	tui_type(t, "hq");
	tui_keys(t, "Tab", NULL);
	tui_type(t, "Hq-Demo-2026");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, w->console);
	tui_keys(t, "3", NULL);
	TUI_WAIT(t, "示例科技有限公司");
	tui_keys(t, "i", NULL);
	TUI_WAIT(t, w->number);
	tui_type(t, "No.44035678");
	tui_keys(t, "Enter", NULL);           /* on to the file */
	pick(t, "fapiao.png");
	TUI_WAIT(t, w->issue);
	tui_keys(t, "Enter", NULL);
	/* the server's words, in the language of the console */
	TUI_WAIT(t, w->not_pdf);
	assert_string_equal(invoice_status(st), "requested");
}

static void test_issue_in_chinese(void **state)
{
	struct tui t;

	(void)state;
	try_png(&t, &zh);
	tui_stop(&t);
}

/* English too (the server's own default is Chinese, so only a request
 * that says Accept-Language gets English), then the right file issues it. */
static void test_issue_in_english(void **state)
{
	struct tui t;
	char st[16];

	(void)state;
	try_png(&t, &en);
	tui_keys(&t, "Up", NULL);             /* back on the file */
	pick(&t, "fapiao.pdf");
	TUI_WAIT(&t, en.issue);
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, en.issued);
	assert_string_equal(invoice_status(st), "issued");
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_in_chinese),
		cmocka_unit_test(test_issue_in_english),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
