/* My invoices: a requested invoice edited (the server holds the new
 * details); once staff issue it, its number shows and the file downloads
 * into the download folder; the status filter against the server's list. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "tui.h"

#define INVOICE_NO "04400231"

static struct test_server ts;
static char *token;
static long long inv_a;          /* of the paid order */
static char paid_no[32];

static const char *str(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));

	return s ? s : "";
}

static long long num(const cJSON *o, const char *key)
{
	return (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static cJSON *invoice(long long id)
{
	char path[64];

	snprintf(path, sizeof(path), "/api/v1/invoices/%lld", id);
	return fx_try(&ts, "GET", path, token, NULL, NULL);
}

static long long ask_invoice(long long order_id, const char *title)
{
	char path[64], body[256];
	cJSON *j;
	long long id;
	long st;

	snprintf(path, sizeof(path), "/api/v1/orders/%lld/invoice", order_id);
	snprintf(body, sizeof(body), "{\"title_type\":\"personal\",\"title\":\"%s\","
	         "\"kind\":\"normal\",\"email\":\"zhouli@example.com\"}", title);
	j = fx_try(&ts, "POST", path, token, body, &st);
	id = st == 201 ? num(j, "id") : -1;
	cJSON_Delete(j);
	return id;
}

static int group_setup(void **state)
{
	cJSON *j, *o;

	if (ts_start(&ts, NULL) != 0)
		return -1;
	token = fx_active(&ts, "zhouli", "李雷");
	if (!token)
		return -1;
	j = fx_try(&ts, "GET", "/api/v1/orders?status=paid", token, NULL, NULL);
	o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
	snprintf(paid_no, sizeof(paid_no), "%s", str(o, "order_no"));
	inv_a = ask_invoice(num(o, "id"), "周丽");
	cJSON_Delete(j);
	return inv_a > 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	free(token);
	ts_stop(&ts);
	return 0;
}

static void open_invoices(struct tui *t)
{
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "zhouli", FX_PASSWORD));
	assert_true(tui_menu(t, "My invoices"));
	TUI_WAIT(t, "Status: All    Year: All");
}

static void test_edit_requested(void **state)
{
	struct tui *t = tui_current();
	cJSON *j;

	open_invoices(t);
	TUI_WAIT(t, paid_no);
	TUI_WAIT(t, "周丽");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "E: edit the details");
	TUI_WAIT(t, "zhouli@example.com");

	/* to an organisation with its tax number */
	tui_keys(t, "e", NULL);
	TUI_WAIT(t, "Edit the invoice");
	TUI_WAIT(t, "周丽");
	tui_keys(t, "Right", "Tab", "C-u", NULL);
	tui_type(t, "示例科技有限公司");
	tui_keys(t, "F2", NULL);
	/* the client asks for the tax number before sending */
	TUI_WAIT(t, "An organisation's invoice needs its tax number.");
	/* the cursor waits on the field that needs it */
	tui_type(t, "110108123456789");
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "The invoice details are saved.");
	TUI_WAIT(t, "110108123456789");
	j = invoice(inv_a);
	assert_string_equal(str(j, "status"), "requested");
	assert_string_equal(str(j, "title_type"), "organisation");
	assert_string_equal(str(j, "title"), "示例科技有限公司");
	assert_string_equal(str(j, "tax_no"), "110108123456789");
	cJSON_Delete(j);
	assert_true(tui_quit(t));
	tui_stop(t);
}

static void test_issued_download(void **state)
{
	static const char pdf[] = "%PDF-1.4\n% issued invoice\n%%EOF\n";
	const char *fields[] = { "invoice_no", INVOICE_NO, NULL };
	char *hq = ts_login(&ts, "hq", "Hq-Demo-2026"), path[400], upath[96], head[6] = "";
	struct http_reply r;
	struct tui *t = tui_current();
	FILE *f;

	assert_non_null(hq);
	snprintf(upath, sizeof(upath), "/api/v1/review/invoices/%lld/issue", inv_a);
	assert_int_equal(http_upload(&ts, upath, hq, "file", "invoice.pdf", "application/pdf",
	                             pdf, sizeof(pdf) - 1, fields, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	free(hq);

	open_invoices(t);
	TUI_WAIT(t, "Issued");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, INVOICE_NO);
	TUI_WAIT(t, "D: download the invoice");
	/* no editing once issued */
	tui_keys(t, "e", NULL);
	TUI_GONE(t, "Edit the invoice");
	tui_keys(t, "d", NULL);
	TUI_WAIT(t, "Saved to ");
	snprintf(path, sizeof(path), "%s/Downloads/invoice-%s.pdf", t->dir, INVOICE_NO);
	TUI_WAIT(t, "invoice-" INVOICE_NO ".pdf");
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 5, f), 5);
	fclose(f);
	assert_string_equal(head, "%PDF-");
	assert_true(tui_quit(t));
	tui_stop(t);
}

static void test_status_filter(void **state)
{
	struct tui *t = tui_current();
	long long order = fx_dues_order(&ts, token);
	char unpaid_no[32];
	cJSON *j;

	/* a second invoice, still requested, for next year's unpaid order */
	assert_true(order > 0);
	assert_true(ask_invoice(order, "周丽二") > 0);
	j = fx_try(&ts, "GET", "/api/v1/invoices?status=requested", token, NULL, NULL);
	assert_int_equal(num(j, "total"), 1);
	snprintf(unpaid_no, sizeof(unpaid_no), "%s",
	         str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0), "order_no"));
	cJSON_Delete(j);

	open_invoices(t);
	TUI_WAIT(t, "1–2 of 2");
	tui_keys(t, "s", NULL);
	TUI_WAIT(t, "Status: Requested");
	TUI_WAIT(t, "1 of 1");
	TUI_WAIT(t, unpaid_no);
	TUI_GONE(t, paid_no);
	tui_keys(t, "s", NULL);
	TUI_WAIT(t, "Status: Issued");
	TUI_WAIT(t, paid_no);
	TUI_GONE(t, unpaid_no);
	assert_true(tui_quit(t));
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_edit_requested, tui_current_teardown),
		cmocka_unit_test_teardown(test_issued_download, tui_current_teardown),
		cmocka_unit_test_teardown(test_status_filter, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
