/* Confirming bank transfers by pasting order numbers, against a real
 * rosterd: three numbers pasted (two with a transfer waiting, one that is
 * no order), checked first (what each matched and why the unknown one
 * cannot be confirmed; nothing is stored yet), then confirmed: the two
 * orders are paid, their transfers confirmed, and the screen says so
 * number by number. */
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
static struct fx_member one, two;
static int64_t one_transfer, two_transfer;
static char one_no[40], two_no[40];
static char *hq_tok;

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

static int waiting(const char *user, const char *name, struct fx_member *m, int64_t *tid,
                   char no[40])
{
	char path[64];
	struct http_reply r;

	if (fx_member_submit(&ts, user, name, "HQ", "regular", m) != 0 ||
	    fx_decide(&ts, hq_tok, m->app_id, "approve", NULL) != 200 ||
	    (*tid = fx_member_transfer(&ts, m)) <= 0)
		return -1;
	snprintf(path, sizeof(path), "/api/v1/orders/%lld", (long long)m->order_id);
	if (http_req(&ts, "GET", path, m->token, NULL, &r) != 0 || r.status != 200) {
		http_reply_free(&r);
		return -1;
	}
	snprintf(no, 40, "%s", json_str_or(r.json, "order_no", ""));
	http_reply_free(&r);
	return *no ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0 || !(hq_tok = ts_login(&ts, "hq", "Hq-Demo-2026")))
		return -1;
	if (waiting("bulkone", "钱一", &one, &one_transfer, one_no) != 0 ||
	    waiting("bulktwo", "孙二", &two, &two_transfer, two_no) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&one);
	fx_member_free(&two);
	free(hq_tok);
	ts_stop(&ts);
	return 0;
}

static void assert_order(const struct fx_member *m, const char *status)
{
	char path[64];
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/orders/%lld", (long long)m->order_id);
	j = get_json(m->token, path);
	assert_string_equal(json_str_or(j, "status", ""), status);
	cJSON_Delete(j);
}

static void assert_transfer(int64_t id, const char *status)
{
	char path[96];
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/review/bank-transfers/%lld", (long long)id);
	j = get_json(hq_tok, path);
	assert_string_equal(json_str_or(j, "status", ""), status);
	cJSON_Delete(j);
}

static void test_bulk_confirm(void **state)
{
	struct tui t;
	char text[160], line[96];

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	TUI_WAIT(&t, "Bank transfers to confirm: 2");
	assert_true(tui_open(&t, "2", "Bank transfers"));
	TUI_WAIT(&t, "钱一");
	tui_keys(&t, "g", NULL);
	TUI_WAIT(&t, "Confirm transfers by order number");
	/* as copied from a statement: one per line, then two on a line */
	snprintf(text, sizeof(text), "%s\nX2026999999, %s", one_no, two_no);
	tui_paste(&t, text);
	tui_keys(&t, "Tab", "Enter", NULL);
	TUI_WAIT(&t, "Checked: 2 can be confirmed, 1 cannot.");
	snprintf(line, sizeof(line), "%s", one_no);
	TUI_WAIT(&t, line);
	TUI_WAIT(&t, "钱一 ¥300.00 张三  Transfer waiting: ready to confirm.");
	TUI_WAIT(&t, "孙二 ¥300.00 张三  Transfer waiting: ready to confirm.");
	TUI_WAIT(&t, "X2026999999      No such order.");
	TUI_WAIT(&t, "[ Confirm 2 ]");
	/* a check stores nothing */
	assert_order(&one, "unpaid");
	assert_transfer(one_transfer, "pending");

	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Confirmed: 2. Not confirmed: 1.");
	TUI_WAIT(&t, "钱一 ¥300.00 张三  Confirmed; the order is paid.");
	TUI_WAIT(&t, "孙二 ¥300.00 张三  Confirmed; the order is paid.");
	TUI_WAIT(&t, "X2026999999      No such order.");
	assert_order(&one, "paid");
	assert_order(&two, "paid");
	assert_transfer(one_transfer, "confirmed");
	assert_transfer(two_transfer, "confirmed");

	/* back on the list, nothing waits any more */
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "No bank transfer waits for confirmation.");
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bulk_confirm),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
