/* Refunds in the staff console, against a real rosterd: an order paid
 * twice (a QR code that ran out, then a second one, then the first code's
 * money arrives too) is listed as money to give back; the officer gives
 * part of it back with a reason (the sandbox refunds at once), sees it
 * among the refunds made with its state, and the member sees it on the
 * order. A refund of more than is left is refused before it is sent. */
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
static char *member_tok;
static int64_t order_id;
static char order_no[40];

static int setup(void **state)
{
	char years[16], sql[256], event[96], *first, *second, *body, *sig;
	cJSON *o;
	long long amount;
	int rc = -1;

	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	member_tok = fx_pending_payment(&ts, "twice", "HQ", "陈二付");
	snprintf(years, sizeof(years), "[%d]", fx_year());
	order_id = fx_order(&ts, member_tok, years);
	o = fx_get_order(&ts, member_tok, order_id);
	snprintf(order_no, sizeof(order_no), "%s", json_str_or(o, "order_no", ""));
	amount = json_int_or(o, "amount", 0);
	cJSON_Delete(o);
	/* the first code runs out, the second pays, the first one's money
	 * arrives afterwards: paid twice */
	first = fx_qr(&ts, member_tok, order_id);
	snprintf(sql, sizeof(sql), "UPDATE payments SET expires_at = 1 WHERE token = '%s'",
	         first + strlen("/pay/sb/"));
	fx_sql(&ts, sql);
	second = fx_qr(&ts, member_tok, order_id);
	if (fx_confirm(&ts, second) == 200) {
		snprintf(event, sizeof(event), "evt-tui-%s", first + strlen("/pay/sb/"));
		body = fx_callback_body(event, order_no, first + strlen("/pay/sb/"), amount, 0);
		sig = fx_sandbox_sign(&ts, body);
		rc = fx_callback(&ts, body, sig) == 200 ? 0 : -1;
		free(sig);
		free(body);
	}
	free(first);
	free(second);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	free(member_tok);
	ts_stop(&ts);
	return 0;
}

static void test_partial_refund(void **state)
{
	struct tui t;
	char *hq, path[96], want[128];
	cJSON *o, *r;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "7", "Refunds"));
	TUI_WAIT(&t, "Money to give back");
	TUI_WAIT(&t, "陈二付");
	TUI_WAIT(&t, order_no);
	tui_keys(&t, "y", NULL);
	TUI_WAIT(&t, "Payment to refund:");
	TUI_WAIT(&t, "Amount (empty: all that is left, ¥300.00)");
	TUI_WAIT(&t, "< Paid twice >");
	/* more than the payment: refused before anything is sent */
	tui_type(&t, "301");
	tui_keys(&t, "Tab", "Tab", NULL);
	tui_type(&t, "重复支付，退回部分");
	tui_keys(&t, "Tab", "Enter", NULL);
	TUI_WAIT(&t, "That is more than is left of this payment.");
	tui_keys(&t, "C-u", NULL);
	tui_type(&t, "100.50");
	tui_keys(&t, "Tab", "Tab", "Tab", "Enter", NULL);
	snprintf(want, sizeof(want), "Refund %sR1 of ¥100.50: Refunded.", order_no);
	TUI_WAIT(&t, want);
	tui_keys(&t, "Enter", NULL);
	/* part of it is still to give back; the refund made is listed */
	TUI_WAIT(&t, "Money to give back");
	TUI_WAIT(&t, "陈二付");
	tui_keys(&t, "s", NULL);
	TUI_WAIT(&t, "Refunds made");
	TUI_WAIT(&t, "¥100.50");
	TUI_WAIT(&t, "Refunded");
	TUI_WAIT(&t, "Cause           Paid twice");
	TUI_WAIT(&t, "Reason          重复支付，退回部分");
	tui_stop(&t);

	/* stored with the order */
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	snprintf(path, sizeof(path), "/api/v1/review/orders/%s", order_no);
	o = fx_call(&ts, "GET", path, hq, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "refunds")), 1);
	r = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "refunds"), 0);
	assert_int_equal(json_int_or(r, "amount", 0), 10050);
	assert_string_equal(json_str_or(r, "status", ""), "succeeded");
	assert_string_equal(json_str_or(r, "cause", ""), "paid_twice");
	assert_string_equal(json_str_or(r, "reason", ""), "重复支付，退回部分");
	cJSON_Delete(o);
	free(hq);

	/* the member sees it on the order */
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "twice", FX_PASSWORD));
	assert_true(tui_menu(&t, "My orders"));
	TUI_WAIT(&t, order_no);
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Refund");
	TUI_WAIT(&t, "¥100.50 Refunded  重复支付，退回部分");
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partial_refund),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
