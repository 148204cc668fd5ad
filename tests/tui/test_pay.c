/* Payment: years with the quoted amount, optional invoice details, confirm
 * the order; the QR screen turns into the payment voucher when the sandbox
 * payment lands (confirmed like a phone would), the voucher is saved; the bank
 * transfer form shows the association's account and ends "awaiting
 * confirmation", with an optional scan of the bank receipt. */
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

static int group_setup(void **state)
{
	return ts_start(&ts, NULL);
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

/* The first two payable years, from the server's quote. */
static void payable_years(const char *tok, int *y1, int *y2)
{
	cJSON *q = fx_call(&ts, "GET", "/api/v1/dues/quote", tok, NULL, 200);
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(q, "choices");

	assert_true(cJSON_GetArraySize(c) >= 2);
	*y1 = (int)cJSON_GetNumberValue(cJSON_GetArrayItem(c, 0));
	*y2 = (int)cJSON_GetNumberValue(cJSON_GetArrayItem(c, 1));
	cJSON_Delete(q);
}

static cJSON *first_order(const char *tok)
{
	cJSON *list = fx_call(&ts, "GET", "/api/v1/orders", tok, NULL, 200), *o;

	assert_non_null(list);
	o = cJSON_DetachItemFromArray(cJSON_GetObjectItemCaseSensitive(list, "items"), 0);
	cJSON_Delete(list);
	assert_non_null(o);
	return o;
}

static void test_qr_two_years_with_invoice(void **state)
{
	char *tok = fx_register(&ts, "pay_qr"), *link, prefix[128], text[200], *path;
	struct tui t;
	cJSON *o, *me;
	const cJSON *inv;
	int y1, y2;
	FILE *f;
	char head[5] = "";

	assert_non_null(tok);
	fx_approve(&ts, fx_apply(&ts, tok, "HQ", "regular", fx_profile("王五")), "HQ");
	payable_years(tok, &y1, &y2);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "pay_qr", FX_PASSWORD));
	TUI_WAIT(&t, "[ Pay the dues ]");
	tui_keys(&t, "Enter", NULL);
	snprintf(text, sizeof(text), "< %d (1 year) >", y1);
	TUI_WAIT(&t, text);
	TUI_WAIT(&t, "¥300.00");
	tui_keys(&t, "Right", NULL);
	snprintf(text, sizeof(text), "< %d–%d (2 years) >", y1, y2);
	TUI_WAIT(&t, text);
	/* the amount is the server's quote for both years */
	TUI_WAIT(&t, "¥600.00");
	snprintf(text, sizeof(text), "%d-12-31", y2);
	TUI_WAIT(&t, text);
	tui_keys(&t, "Tab", "Space", "Enter", NULL);
	TUI_WAIT(&t, "Invoice details");
	/* the choices start unchosen: a person, a normal invoice */
	tui_keys(&t, "Right", "Tab", NULL);
	tui_type(&t, "王五");
	/* the e-mail the invoice goes to is required: the registration's is
	 * there already; this one replaces it */
	tui_keys(&t, "Tab", "Tab", "Right", "Tab", "C-u", NULL);
	tui_type(&t, "wangwu@example.test");
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Please check the order:");
	TUI_WAIT(&t, "Requested: 王五");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "How would you like to pay?");
	TUI_WAIT(&t, "Unpaid");
	tui_keys(&t, "q", NULL);
	TUI_WAIT(&t, "Amount to pay");
	TUI_WAIT(&t, "The code is valid for");
	snprintf(prefix, sizeof(prefix), "%s/pay/sb/", ts.base);
	link = tui_screen_link(&t, prefix);
	assert_non_null(link);
	/* the payer's phone confirms; the screen changes by itself */
	assert_int_equal(fx_confirm(&ts, link), 200);
	free(link);
	TUI_WAIT(&t, "Payment received. Thank you!");
	TUI_WAIT(&t, "Paid");
	TUI_WAIT(&t, "Voucher no.");

	/* what the server now holds */
	o = first_order(tok);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "status")), "paid");
	assert_int_equal((long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "amount")), 60000);
	inv = cJSON_GetObjectItemCaseSensitive(o, "invoice");
	assert_true(cJSON_IsObject(inv));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(inv, "status")),
	                    "requested");
	TUI_WAIT(&t, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "order_no")));
	me = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
	snprintf(text, sizeof(text), "%d-12-31", y2);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	                    cJSON_GetObjectItemCaseSensitive(me, "member"), "valid_until")), text);
	cJSON_Delete(me);

	/* the voucher PDF goes to the download folder */
	tui_keys(&t, "d", NULL);
	path = malloc(strlen(t.dir) + 80);
	sprintf(path, "%s/Downloads/voucher-%s.pdf", t.dir,
	        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "order_no")));
	TUI_WAIT(&t, "Saved to ");
	TUI_WAIT(&t, "/Downloads/voucher-");
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 4, f), 4);
	fclose(f);
	assert_memory_equal(head, "%PDF", 4);
	free(path);
	cJSON_Delete(o);
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Full member");
	tui_stop(&t);
	free(tok);
}

static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0, 'I', 'E', 'N', 'D',
	0xae, 0x42, 0x60, 0x82,
};

static void test_bank_transfer(void **state)
{
	char *tok = fx_register(&ts, "pay_bank");
	struct tui t;
	cJSON *o;
	const cJSON *bt;

	assert_non_null(tok);
	fx_approve(&ts, fx_apply(&ts, tok, "HQ", "regular", fx_profile("赵钱")), "HQ");
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_put_file(&t, "bank-slip.png", png, sizeof(png)));
	assert_true(tui_sign_in(&t, "pay_bank", FX_PASSWORD));
	TUI_WAIT(&t, "[ Pay the dues ]");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "¥300.00");
	tui_keys(&t, "Enter", "Enter", NULL);
	TUI_WAIT(&t, "Please check the order:");
	TUI_WAIT(&t, "Not requested");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "How would you like to pay?");
	tui_keys(&t, "b", NULL);
	/* the association's account, from the server */
	TUI_WAIT(&t, "Transfer the amount to this account:");
	TUI_WAIT(&t, "0200 0045 0902 1234 567");
	TUI_WAIT(&t, "中国工商银行北京西单支行");
	tui_type(&t, "赵钱");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "中国银行");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "88");
	/* a short account tail and a wrong amount are both caught before
	 * anything is sent, and shown together */
	tui_keys(&t, "Tab", "Tab", "C-u", NULL);
	tui_type(&t, "299");
	tui_keys(&t, "Tab", "Tab", "Enter", NULL);
	TUI_WAIT(&t, "The amount must equal the order amount.");
	TUI_WAIT(&t, "Enter the last 4 to 6 digits.");
	/* the cursor is on the first: the account tail */
	tui_keys(&t, "C-u", NULL);
	tui_type(&t, "8888");
	tui_keys(&t, "Tab", "Tab", "C-u", NULL);
	tui_type(&t, "300.00");
	tui_keys(&t, "Tab", "Tab", "Enter", NULL);
	TUI_WAIT(&t, "awaiting confirmation by the staff");
	o = first_order(tok);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "awaiting_confirmation")));
	bt = cJSON_GetObjectItemCaseSensitive(o, "bank_transfer");
	assert_true(cJSON_IsObject(bt));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(bt, "payer_name")), "赵钱");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "status")), "unpaid");
	cJSON_Delete(o);

	/* the optional scan of the bank's slip */
	tui_keys(&t, "s", NULL);
	TUI_WAIT(&t, "bank-slip.png");
	/* the picker speaks of the bank receipt, not of the application form */
	TUI_WAIT(&t, "Choose the scan of the bank receipt");
	TUI_GONE(&t, "signed form");
	tui_keys(&t, "/", NULL);
	tui_type(&t, "slip");
	tui_keys(&t, "Enter", "Enter", NULL);
	TUI_WAIT(&t, "The scan of the bank receipt is attached.");
	o = first_order(tok);
	bt = cJSON_GetObjectItemCaseSensitive(o, "bank_transfer");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(bt, "has_scan")));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(bt, "scan_type")),
	                    "image/png");
	cJSON_Delete(o);
	/* done: back on the centre, still to be paid until the staff confirm;
	 * the order says so */
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Awaiting payment");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Press O to pay it.");
	tui_keys(&t, "o", NULL);
	TUI_WAIT(&t, "A bank transfer for this order is awaiting confirmation by the staff.");
	tui_stop(&t);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qr_two_years_with_invoice),
		cmocka_unit_test(test_bank_transfer),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
