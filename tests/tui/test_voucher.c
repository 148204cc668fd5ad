/* Roster's own PDF for a paid order is the payment voucher (缴费凭证), not
 * a receipt: the screen, its number (voucher_no) and the file say so, in
 * English and Chinese. Leaving the QR screen unpaid closes the payment
 * attempt on the server. 我的票据 names every kind of document the
 * association issues. */
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
	(void)state;
	return ts_start(&ts, NULL);
}

static int group_teardown(void **state)
{
	(void)state;
	ts_stop(&ts);
	return 0;
}

static const char *str(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* The order's attempts as the server holds them. */
static cJSON *attempts(const char *tok, int64_t order_id)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/orders/%lld/attempts", (long long)order_id);
	return fx_call(&ts, "GET", path, tok, NULL, 200);
}

/* Poll until the order's only attempt is closed on the server. */
static bool attempt_closed(const char *tok, int64_t order_id)
{
	long long t0 = tui_now_ms();

	while (tui_now_ms() - t0 < TUI_TIMEOUT_MS) {
		cJSON *a = attempts(tok, order_id);
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(a, "items");
		bool closed = cJSON_GetArraySize(items) == 1 &&
		              cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 0),
		                                                            "closed"));

		cJSON_Delete(a);
		if (closed)
			return true;
		tui_settle_ms(100);
	}
	return false;
}

/* Pay at the QR screen; it becomes the payment voucher; D saves
 * voucher-<order no>.pdf, a PDF from /orders/{id}/voucher.pdf. */
static void test_voucher_english(void **state)
{
	char *tok = fx_register(&ts, "voucher_en"), *link, prefix[128], *pdf, name[96];
	struct tui *t = tui_current();
	int64_t id;
	cJSON *o;
	size_t len;

	(void)state;
	assert_non_null(tok);
	fx_approve(&ts, fx_apply(&ts, tok, "HQ", "regular", fx_profile("钱凭证")), "HQ");
	id = fx_dues_order(&ts, tok);
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "voucher_en", FX_PASSWORD));
	assert_true(tui_menu(t, "My orders"));
	TUI_WAIT(t, "Unpaid");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "P: pay");
	tui_keys(t, "p", NULL);
	TUI_WAIT(t, "How would you like to pay?");
	tui_keys(t, "q", NULL);
	TUI_WAIT(t, "The code is valid for");
	snprintf(prefix, sizeof(prefix), "%s/pay/sb/", ts.base);
	link = tui_screen_link(t, prefix);
	assert_non_null(link);
	assert_int_equal(fx_confirm(&ts, link), 200);
	free(link);
	TUI_WAIT(t, "Payment voucher");
	TUI_WAIT(t, "Payment received. Thank you!");
	o = fx_get_order(&ts, tok, id);
	assert_string_equal(str(o, "status"), "paid");
	assert_non_null(str(o, "voucher_no"));
	TUI_WAIT(t, "Voucher no.");
	TUI_WAIT(t, str(o, "voucher_no"));
	TUI_WAIT(t, "D: save the payment voucher (PDF)");
	TUI_GONE(t, "Receipt");
	TUI_GONE(t, "receipt (PDF)");
	tui_keys(t, "d", NULL);
	TUI_WAIT(t, "Saved to ");
	TUI_WAIT(t, "/Downloads/voucher-");
	snprintf(name, sizeof(name), "voucher-%s.pdf", str(o, "order_no"));
	pdf = tui_download(t, name, &len);
	assert_non_null(pdf);
	assert_true(len > 5);
	assert_memory_equal(pdf, "%PDF-", 5);
	free(pdf);
	/* the paid attempt is the one that settled the order */
	{
		cJSON *a = attempts(tok, id);
		const cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(a, "items"), 0);

		assert_string_equal(str(it, "status"), "succeeded");
		cJSON_Delete(a);
	}
	cJSON_Delete(o);
	tui_stop(t);
	free(tok);
}

/* In Chinese: 缴费凭证 and 凭证编号, never 会费收据. */
static void test_voucher_chinese(void **state)
{
	char *tok = fx_register(&ts, "voucher_zh"), *screen;
	const char *args[] = { "--lang", "zh_CN", NULL };
	struct tui_opts opt = { .args = args };
	struct tui *t = tui_current();
	int64_t id;
	cJSON *o;

	(void)state;
	assert_non_null(tok);
	fx_approve(&ts, fx_apply(&ts, tok, "HQ", "regular", fx_profile("孙凭证")), "HQ");
	id = fx_dues_order(&ts, tok);
	fx_pay_order(&ts, tok, id);
	o = fx_get_order(&ts, tok, id);
	assert_int_equal(tui_start(t, &ts, &opt), 0);
	assert_true(tui_sign_in(t, "voucher_zh", FX_PASSWORD));
	assert_true(tui_menu(t, "我的订单"));
	TUI_WAIT(t, str(o, "order_no"));
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "凭证编号");
	TUI_WAIT(t, str(o, "voucher_no"));
	TUI_WAIT(t, "D：缴费凭证");
	screen = tui_screen(t);
	assert_null(strstr(screen, "会费收据"));
	assert_null(strstr(screen, "收据编号"));
	free(screen);
	cJSON_Delete(o);
	tui_stop(t);
	free(tok);
}

/* Esc on the QR screen closes the attempt on the server. */
static void test_leaving_qr_closes_attempt(void **state)
{
	char *tok = fx_register(&ts, "attempt_esc");
	struct tui *t = tui_current();
	int64_t id;
	cJSON *a, *o;
	const cJSON *it;

	(void)state;
	assert_non_null(tok);
	fx_approve(&ts, fx_apply(&ts, tok, "HQ", "regular", fx_profile("周尝试")), "HQ");
	id = fx_dues_order(&ts, tok);
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "attempt_esc", FX_PASSWORD));
	assert_true(tui_menu(t, "My orders"));
	TUI_WAIT(t, "Unpaid");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "P: pay");
	tui_keys(t, "p", NULL);
	TUI_WAIT(t, "How would you like to pay?");
	tui_keys(t, "q", NULL);
	TUI_WAIT(t, "The code is valid for");
	/* shown: one open attempt */
	a = attempts(tok, id);
	it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(a, "items"), 0);
	assert_non_null(it);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "closed")));
	cJSON_Delete(a);
	tui_keys(t, "Escape", NULL);
	TUI_GONE(t, "The code is valid for");
	assert_true(attempt_closed(tok, id));
	/* the order itself stays payable: a new code is a new attempt */
	o = fx_get_order(&ts, tok, id);
	assert_string_equal(str(o, "status"), "unpaid");
	cJSON_Delete(o);
	tui_stop(t);
	free(tok);
}

/* Signing out from the QR screen closes the attempt too (before the
 * session ends on the server). */
static void test_sign_out_on_qr_closes_attempt(void **state)
{
	char *tok = fx_register(&ts, "attempt_idle");
	const char *args[] = { "--kiosk", "--kiosk-idle", "12", NULL };
	struct tui_opts opt = { .args = args };
	struct tui *t = tui_current();
	int64_t id;

	(void)state;
	assert_non_null(tok);
	fx_approve(&ts, fx_apply(&ts, tok, "HQ", "regular", fx_profile("吴空闲")), "HQ");
	id = fx_dues_order(&ts, tok);
	assert_int_equal(tui_start(t, &ts, &opt), 0);
	assert_true(tui_sign_in(t, "attempt_idle", FX_PASSWORD));
	assert_true(tui_menu(t, "My orders"));
	TUI_WAIT(t, "Unpaid");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "P: pay");
	tui_keys(t, "p", NULL);
	TUI_WAIT(t, "How would you like to pay?");
	tui_keys(t, "q", NULL);
	TUI_WAIT(t, "The code is valid for");
	/* the kiosk signs out by itself (an idle time generous enough for a
	 * slow machine to get here first) */
	TUI_WAIT(t, "Still there?");
	TUI_WAIT(t, "Register as a new member");
	assert_true(attempt_closed(tok, id));
	tui_stop(t);
	free(tok);
}

/* 我的票据 names the kinds of document the association issues. */
static void test_document_kinds_listed(void **state)
{
	char *tok = fx_active(&ts, "kinds_member", "郑票据");
	const char *args[] = { "--lang", "zh_CN", NULL };
	struct tui_opts opt = { .args = args };
	struct tui *t = tui_current();

	(void)state;
	assert_non_null(tok);
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "kinds_member", FX_PASSWORD));
	assert_true(tui_menu(t, "My invoices"));
	TUI_WAIT(t, "Issued here: Dues receipt, Normal invoice, Special VAT invoice");
	tui_stop(t);

	assert_int_equal(tui_start(t, &ts, &opt), 0);
	assert_true(tui_sign_in(t, "kinds_member", FX_PASSWORD));
	assert_true(tui_menu(t, "我的票据"));
	TUI_WAIT(t, "社会团体会费统一收据");
	TUI_WAIT(t, "增值税专用发票");
	tui_stop(t);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_voucher_english, tui_current_teardown),
		cmocka_unit_test_teardown(test_voucher_chinese, tui_current_teardown),
		cmocka_unit_test_teardown(test_leaving_qr_closes_attempt, tui_current_teardown),
		cmocka_unit_test_teardown(test_sign_out_on_qr_closes_attempt, tui_current_teardown),
		cmocka_unit_test_teardown(test_document_kinds_listed, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
