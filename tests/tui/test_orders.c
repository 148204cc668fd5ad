/* My orders: the list and its status, year and kind filters (checked
 * against the server's lists); a paid order's payment voucher downloaded into the
 * download folder and an invoice asked for afterwards (补开); an unpaid
 * order cancelled; and the hand-over to the payment screens. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "fixture.h"
#include "tui.h"

static struct test_server ts;
static char *token;
static long long unpaid_id;
static char paid_no[32], unpaid_no[32];

static const char *str(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));

	return s ? s : "";
}

static long long num(const cJSON *o, const char *key)
{
	return (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static cJSON *order(long long id)
{
	char path[64];

	snprintf(path, sizeof(path), "/api/v1/orders/%lld", id);
	return fx_try(&ts, "GET", path, token, NULL, NULL);
}

static int group_setup(void **state)
{
	cJSON *j;

	if (ts_start(&ts, NULL) != 0)
		return -1;
	token = fx_active(&ts, "wangfang", "李雷");
	if (!token)
		return -1;
	/* the paid order of the first year, and next year's left unpaid */
	j = fx_try(&ts, "GET", "/api/v1/orders?status=paid", token, NULL, NULL);
	snprintf(paid_no, sizeof(paid_no), "%s",
	         str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0), "order_no"));
	cJSON_Delete(j);
	unpaid_id = fx_dues_order(&ts, token);
	if (unpaid_id < 0 || !*paid_no)
		return -1;
	j = order(unpaid_id);
	snprintf(unpaid_no, sizeof(unpaid_no), "%s", str(j, "order_no"));
	cJSON_Delete(j);
	return 0;
}

static int group_teardown(void **state)
{
	free(token);
	ts_stop(&ts);
	return 0;
}

static long long server_total(const char *query)
{
	char path[128];
	cJSON *j;
	long long n;

	snprintf(path, sizeof(path), "/api/v1/orders%s", query);
	j = fx_try(&ts, "GET", path, token, NULL, NULL);
	n = num(j, "total");
	cJSON_Delete(j);
	return n;
}

static void wait_total(struct tui *t, long long n)
{
	char want[64];

	if (n == 1)
		snprintf(want, sizeof(want), "1 of 1");
	else
		snprintf(want, sizeof(want), "1–%lld of %lld", n, n);
	TUI_WAIT(t, want);
}

static void test_filters(void **state)
{
	struct tui *t = tui_current();
	char query[64], want[64], *screen;
	time_t now = time(NULL);
	struct tm tm;
	int year;

	localtime_r(&now, &tm);
	year = tm.tm_year + 1900;
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "wangfang", FX_PASSWORD));
	assert_true(tui_menu(t, "My orders"));
	TUI_WAIT(t, "Status: All    Year: All    Kind: All");
	TUI_WAIT(t, paid_no);
	TUI_WAIT(t, unpaid_no);
	wait_total(t, server_total(""));

	/* status: unpaid, then paid */
	tui_keys(t, "s", NULL);
	TUI_WAIT(t, "Status: Unpaid");
	wait_total(t, server_total("?status=unpaid"));
	TUI_WAIT(t, unpaid_no);
	TUI_GONE(t, paid_no);
	tui_keys(t, "s", NULL);
	TUI_WAIT(t, "Status: Paid");
	wait_total(t, server_total("?status=paid"));
	TUI_WAIT(t, paid_no);
	TUI_GONE(t, unpaid_no);
	/* back to all statuses */
	tui_keys(t, "s", "s", "s", NULL);
	TUI_WAIT(t, "Status: All");

	/* year: this year has both, last year none */
	tui_keys(t, "y", NULL);
	snprintf(want, sizeof(want), "Year: %d", year);
	TUI_WAIT(t, want);
	snprintf(query, sizeof(query), "?year=%d", year);
	wait_total(t, server_total(query));
	tui_keys(t, "y", NULL);
	snprintf(want, sizeof(want), "Year: %d", year - 1);
	TUI_WAIT(t, want);
	snprintf(query, sizeof(query), "?year=%d", year - 1);
	assert_int_equal(server_total(query), 0);
	TUI_WAIT(t, "Nothing here yet.");
	screen = tui_screen(t);
	assert_null(strstr(screen, paid_no));
	free(screen);

	/* kind: level changes only (none), with any year */
	tui_keys(t, "y", "y", "y", "y", "y", NULL);
	TUI_WAIT(t, "Year: All");
	tui_keys(t, "k", "k", NULL);
	TUI_WAIT(t, "Kind: Level change");
	assert_int_equal(server_total("?kind=level_change"), 0);
	TUI_WAIT(t, "Nothing here yet.");
	tui_keys(t, "k", NULL);
	TUI_WAIT(t, "Kind: All");
	wait_total(t, server_total(""));
	assert_true(tui_quit(t));
	tui_stop(t);
}

/* Open the order whose number is on the screen: rows are newest first,
 * the unpaid one on top. */
static void open_row(struct tui *t, int down)
{
	while (down-- > 0)
		tui_keys(t, "Down", NULL);
	tui_keys(t, "Enter", NULL);
}

static void test_paid_receipt_and_invoice(void **state)
{
	struct tui *t = tui_current();
	char path[400], head[6] = "", want[300];
	cJSON *j, *inv;
	FILE *f;

	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "wangfang", FX_PASSWORD));
	assert_true(tui_menu(t, "My orders"));
	TUI_WAIT(t, paid_no);
	open_row(t, 1);
	TUI_WAIT(t, "D: payment voucher");
	TUI_WAIT(t, "Voucher no.");
	TUI_WAIT(t, "Not requested");

	/* the voucher lands in the download folder, and the screen says where */
	tui_keys(t, "d", NULL);
	snprintf(path, sizeof(path), "%s/Downloads/voucher-%s.pdf", t->dir, paid_no);
	snprintf(want, sizeof(want), "Saved to %.60s", path);
	TUI_WAIT(t, want);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 5, f), 5);
	fclose(f);
	assert_string_equal(head, "%PDF-");

	/* an invoice afterwards (补开) */
	tui_keys(t, "i", NULL);
	TUI_WAIT(t, "Ask for an invoice");
	/* the choices start unchosen: a person, a normal invoice */
	tui_keys(t, "Right", "Tab", NULL);
	tui_type(t, "王芳");
	/* the e-mail starts as the registration's: replace it */
	tui_keys(t, "Tab", "Tab", "Right", "Tab", "C-u", NULL);
	tui_type(t, "wangfang@example.com");
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "Your invoice request was sent.");
	TUI_WAIT(t, "I: view the invoice");
	j = fx_try(&ts, "GET", "/api/v1/orders?status=paid", token, NULL, NULL);
	inv = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0),
	                                       "invoice");
	assert_true(cJSON_IsObject(inv));
	assert_string_equal(str(inv, "status"), "requested");
	cJSON_Delete(j);
	j = fx_try(&ts, "GET", "/api/v1/invoices", token, NULL, NULL);
	inv = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
	assert_string_equal(str(inv, "title"), "王芳");
	assert_string_equal(str(inv, "title_type"), "personal");
	assert_string_equal(str(inv, "email"), "wangfang@example.com");
	cJSON_Delete(j);

	/* and from the order to the invoice */
	tui_keys(t, "i", NULL);
	TUI_WAIT(t, "My invoices");
	TUI_WAIT(t, "王芳");
	TUI_WAIT(t, "Requested");
	assert_true(tui_quit(t));
	tui_stop(t);
}

static void test_unpaid_pay_and_cancel(void **state)
{
	struct tui *t = tui_current();
	cJSON *j;

	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "wangfang", FX_PASSWORD));
	assert_true(tui_menu(t, "My orders"));
	TUI_WAIT(t, unpaid_no);
	open_row(t, 0);
	TUI_WAIT(t, "P: pay   C: cancel");
	TUI_WAIT(t, "Pay before");

	/* pay hands over to the payment screens */
	tui_keys(t, "p", NULL);
	TUI_WAIT(t, "How would you like to pay?");
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "P: pay   C: cancel");

	/* cancel, after saying yes */
	tui_keys(t, "c", NULL);
	{
		char named[96];

		/* the confirmation names the order */
		snprintf(named, sizeof(named), "Cancel the order %s", unpaid_no);
		TUI_WAIT(t, named);
	}
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "The order is cancelled.");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Cancelled");
	j = order(unpaid_id);
	assert_string_equal(str(j, "status"), "cancelled");
	cJSON_Delete(j);
	assert_true(tui_quit(t));
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_filters, tui_current_teardown),
		cmocka_unit_test_teardown(test_paid_receipt_and_invoice, tui_current_teardown),
		cmocka_unit_test_teardown(test_unpaid_pay_and_cancel, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
