/* Bank transfers and invoices in the staff console, against a real
 * rosterd: the transfer beside its order and whether a scan came with it,
 * the receipt scan saved into the download folder, confirm (the order is
 * paid, the member active), reject with a reason typed in Chinese (the
 * order is payable again), both then in the history of decided transfers,
 * found by a search; an invoice request with its title, issued with the
 * number and a PDF picked from a folder (the member can download it), its
 * file saved by staff, voided with a reason and issued again (the old
 * number refused: numbers are unique); a request declined with a reason
 * the member sees on their invoice. */
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
static struct fx_member first;    /* BJ: transfer confirmed */
static struct fx_member second;   /* HQ: transfer rejected */
static struct fx_member billed;   /* active, invoice requested */
static int64_t first_transfer, second_transfer;
static char *hq_tok;

static const unsigned char scan_png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
};

static int approve_both(struct fx_member *m, const char *branch)
{
	char *b = branch ? ts_login(&ts, branch, "Branch-Demo-2026") : NULL;
	int rc = 0;

	if (branch && (!b || fx_decide(&ts, b, m->app_id, "approve", NULL) != 200))
		rc = -1;
	if (!rc && fx_decide(&ts, hq_tok, m->app_id, "approve", NULL) != 200)
		rc = -1;
	free(b);
	return rc;
}

static int setup(void **state)
{
	struct http_reply r;
	char path[96];

	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	hq_tok = ts_login(&ts, "hq", "Hq-Demo-2026");
	if (!hq_tok ||
	    fx_member_submit(&ts, "first", "周一", "BJ", "regular", &first) != 0 ||
	    approve_both(&first, "bj_staff") != 0 ||
	    (first_transfer = fx_member_transfer(&ts, &first)) <= 0 ||
	    fx_member_submit(&ts, "second", "吴二", "HQ", "student", &second) != 0 ||
	    approve_both(&second, NULL) != 0 ||
	    (second_transfer = fx_member_transfer(&ts, &second)) <= 0 ||
	    fx_member_active(&ts, "billed", "郑三", "HQ", "senior", &billed) != 0 ||
	    fx_member_invoice(&ts, &billed, "示例科技有限公司") != 0)
		return -1;
	/* the first payer also sent a photo of the bank slip */
	snprintf(path, sizeof(path), "/api/v1/orders/%lld/bank-transfer/scan", (long long)first.order_id);
	if (http_upload(&ts, path, first.token, "file", "slip.png", "image/png", scan_png,
	                sizeof(scan_png), NULL, &r) != 0 || r.status >= 300) {
		http_reply_free(&r);
		return -1;
	}
	http_reply_free(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&first);
	fx_member_free(&second);
	fx_member_free(&billed);
	free(hq_tok);
	ts_stop(&ts);
	return 0;
}

static cJSON *get_json(const char *token, const char *path)
{
	struct http_reply r;
	cJSON *j;

	assert_int_equal(http_req(&ts, "GET", path, token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	j = r.json;
	r.json = NULL;
	http_reply_free(&r);
	return j;
}

static const char *order_status(const struct fx_member *m, char out[16])
{
	char path[64];
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/orders/%lld", (long long)m->order_id);
	j = get_json(m->token, path);
	snprintf(out, 16, "%s", json_str_or(j, "status", ""));
	cJSON_Delete(j);
	return out;
}

static void test_transfers(void **state)
{
	struct tui t;
	char st[16], name[64], path[96];
	size_t len;
	char *data;
	cJSON *j;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	TUI_WAIT(&t, "Bank transfers to confirm: 2");
	assert_true(tui_open(&t, "2", "Bank transfers"));
	TUI_WAIT(&t, "周一");
	TUI_WAIT(&t, "吴二");
	/* the first row's transfer beside its order */
	TUI_WAIT(&t, "Amount due: ¥300.00");
	TUI_WAIT(&t, "Payer: 张三");
	TUI_WAIT(&t, "Bank: 中国工商银行");
	TUI_WAIT(&t, "Account tail: 1234");
	TUI_WAIT(&t, "Amount paid: ¥300.00");
	TUI_WAIT(&t, "Scan: attached (d saves it)");

	tui_keys(&t, "d", NULL);
	TUI_WAIT(&t, "Saved to ");
	snprintf(name, sizeof(name), "transfer-%lld.png", (long long)first_transfer);
	data = tui_download(&t, name, &len);
	assert_non_null(data);
	assert_int_equal(len, sizeof(scan_png));
	free(data);

	tui_keys(&t, "c", NULL);
	TUI_WAIT(&t, "Has the transfer");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "The transfer was confirmed and the order is paid.");
	tui_keys(&t, "Enter", NULL);
	TUI_GONE(&t, "周一");
	assert_string_equal(order_status(&first, st), "paid");
	j = get_json(first.token, "/api/v1/me");
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(j, "member"), "status", ""),
	                    "active");
	cJSON_Delete(j);

	/* the other one is rejected with a reason typed in Chinese */
	TUI_WAIT(&t, "吴二");
	TUI_WAIT(&t, "Scan: none attached");
	tui_keys(&t, "x", NULL);
	TUI_WAIT(&t, "Reject transfer: reason");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "未收到该笔款项");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "The transfer was rejected; the member was told why.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "No bank transfer waits for confirmation.");
	/* both are in the history (decisions in the same second may come in
	 * either order); a search finds each */
	tui_keys(&t, "h", NULL);
	TUI_WAIT(&t, "Bank transfers decided");
	TUI_WAIT(&t, "周一");
	TUI_WAIT(&t, "吴二");
	tui_keys(&t, "/", NULL);
	tui_type(&t, "吴二");
	tui_keys(&t, "Enter", NULL);
	TUI_GONE(&t, "周一");
	TUI_WAIT(&t, "Reason          未收到该笔款项");
	tui_keys(&t, "/", "C-u", NULL);
	tui_type(&t, "周一");
	tui_keys(&t, "Enter", NULL);
	TUI_GONE(&t, "吴二");
	TUI_WAIT(&t, "Decided by      hq");
	TUI_WAIT(&t, "Scan            attached (d saves it)");
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "No bank transfer waits for confirmation.");
	/* back home, the count has caught up */
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "Bank transfers to confirm: 0");
	assert_string_equal(order_status(&second, st), "unpaid");
	snprintf(path, sizeof(path), "/api/v1/review/bank-transfers/%lld", (long long)second_transfer);
	j = get_json(hq_tok, path);
	assert_string_equal(json_str_or(j, "status", ""), "rejected");
	assert_string_equal(json_str_or(j, "reason", ""), "未收到该笔款项");
	cJSON_Delete(j);
	tui_stop(&t);
}

static void test_issue_invoice(void **state)
{
	static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	struct tui t;
	cJSON *j, *it;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_put_file(&t, "invoice-0001.pdf", pdf, sizeof(pdf) - 1));
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	TUI_WAIT(&t, "Invoices to issue: 1");
	assert_true(tui_open(&t, "3", "Invoice requests waiting"));
	TUI_WAIT(&t, "示例科技有限公司");
	TUI_WAIT(&t, "inv@example.test");
	tui_keys(&t, "i", NULL);
	TUI_WAIT(&t, "Invoice number:");
	tui_type(&t, "No.44031234");
	tui_keys(&t, "Enter", NULL);          /* on to the file */
	tui_keys(&t, "Enter", NULL);          /* the picker, in the download folder */
	TUI_WAIT(&t, "invoice-0001.pdf");
	tui_keys(&t, "/", NULL);
	tui_type(&t, "invoice-0001");
	tui_keys(&t, "Enter", "Enter", NULL);
	TUI_WAIT(&t, "/Downloads/invoice-0001.pdf");
	TUI_WAIT(&t, "[ Issue ]");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "The invoice was issued; the member was told.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "No invoice here.");
	/* the member sees it issued with that number, and gets the file */
	j = get_json(billed.token, "/api/v1/invoices");
	it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
	assert_string_equal(json_str_or(it, "status", ""), "issued");
	assert_string_equal(json_str_or(it, "invoice_no", ""), "No.44031234");
	{
		struct http_reply r;
		char path[96];

		snprintf(path, sizeof(path), "/api/v1/invoices/%lld/file", (long long)json_int_or(it, "id", 0));
		assert_int_equal(http_req(&ts, "GET", path, billed.token, NULL, &r), 0);
		assert_int_equal(r.status, 200);
		assert_int_equal(r.len, sizeof(pdf) - 1);
		assert_memory_equal(r.body, pdf, sizeof(pdf) - 1);
		http_reply_free(&r);
	}
	cJSON_Delete(j);
	/* and the issued list shows it */
	tui_keys(&t, "s", NULL);
	TUI_WAIT(&t, "Issued invoices");
	TUI_WAIT(&t, "No.44031234");
	/* staff open the issued file: saved into the download folder */
	tui_keys(&t, "d", NULL);
	TUI_WAIT(&t, "Saved to ");
	{
		size_t len;
		char *data = tui_download(&t, "invoice-No.44031234.pdf", &len);

		assert_non_null(data);
		assert_int_equal(len, sizeof(pdf) - 1);
		assert_memory_equal(data, pdf, len);
		free(data);
	}
	/* voided with a reason: the request waits again */
	tui_keys(&t, "v", NULL);
	TUI_WAIT(&t, "Void invoice: reason");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "抬头有误");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "The invoice was voided");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "No invoice here.");
	tui_keys(&t, "s", NULL);
	TUI_WAIT(&t, "Requests declined");
	tui_keys(&t, "s", NULL);
	TUI_WAIT(&t, "Show: All");
	tui_keys(&t, "s", NULL);
	TUI_WAIT(&t, "Invoice requests waiting");
	TUI_WAIT(&t, "示例科技有限公司");
	TUI_WAIT(&t, "Last voided   抬头有误");
	/* issued again: the voided number is refused, another is taken */
	tui_keys(&t, "i", NULL);
	TUI_WAIT(&t, "Invoice number:");
	tui_type(&t, "No.44031234");
	tui_keys(&t, "Enter", "Enter", NULL);
	TUI_WAIT(&t, "invoice-0001.pdf");
	tui_keys(&t, "/", NULL);
	tui_type(&t, "invoice-0001");
	tui_keys(&t, "Enter", "Enter", NULL);
	TUI_WAIT(&t, "[ Issue ]");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "No.44031234: This invoice number has been used already.");
	tui_keys(&t, "C-u", NULL);
	tui_type(&t, "No.44031235");
	tui_keys(&t, "Enter", "Enter", NULL);
	TUI_WAIT(&t, "The invoice was issued; the member was told.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "No invoice here.");
	j = get_json(billed.token, "/api/v1/invoices");
	it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
	assert_string_equal(json_str_or(it, "status", ""), "issued");
	assert_string_equal(json_str_or(it, "invoice_no", ""), "No.44031235");
	assert_int_equal(json_int_or(it, "voided", 0), 1);
	cJSON_Delete(j);
	tui_stop(&t);
}

static void test_decline_invoice(void **state)
{
	struct fx_member m;
	struct tui t;
	cJSON *j, *it;

	(void)state;
	assert_int_equal(fx_member_active(&ts, "declined", "冯四", "HQ", "regular", &m), 0);
	assert_int_equal(fx_member_invoice(&ts, &m, "冯四个人"), 0);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "3", "Invoice requests waiting"));
	TUI_WAIT(&t, "冯四个人");
	tui_keys(&t, "x", NULL);
	TUI_WAIT(&t, "Decline invoice request: reason");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "请填写单位全称");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "The request was declined; the member was told why");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "No invoice here.");
	tui_stop(&t);

	j = get_json(m.token, "/api/v1/invoices");
	it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
	assert_string_equal(json_str_or(it, "status", ""), "rejected");
	assert_string_equal(json_str_or(it, "status_reason", ""), "请填写单位全称");
	cJSON_Delete(j);

	/* the member sees why, and may edit the request */
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "declined", FX_PASSWORD));
	assert_true(tui_menu(&t, "My invoices"));
	TUI_WAIT(&t, "冯四个人");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Declined because");
	TUI_WAIT(&t, "请填写单位全称");
	TUI_WAIT(&t, "E: edit the details");
	tui_stop(&t);
	fx_member_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transfers),
		cmocka_unit_test(test_issue_invoice),
		cmocka_unit_test(test_decline_invoice),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
