/* What headquarters staff do to a member's record in the staff console,
 * against a real rosterd: the member screen shows the account's status
 * and last login; a password reset mails the member a code; editing the
 * record with a reason changes the approved profile and is in the audit
 * log with before and after; disabling the account refuses the member's
 * open session, enabling it lets them in again; a cash payment recorded
 * at the office makes a paid order with a receipt for the next year;
 * ending the membership marks it expired with the reason. A branch
 * officer is offered none of it. */
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
static struct fx_member wang;    /* 王小明, BJ, active */
static char *hq;

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	if (fx_member_active(&ts, "wangxm", "王小明", "BJ", "regular", &wang) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	return hq ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&wang);
	free(hq);
	ts_stop(&ts);
	return 0;
}

static cJSON *record(void)
{
	char path[64];

	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)wang.account_id);
	return fx_call(&ts, "GET", path, hq, NULL, 200);
}

static long me_status(const char *token)
{
	struct http_reply r;
	long st;

	assert_int_equal(http_req(&ts, "GET", "/api/v1/me", token, NULL, &r), 0);
	st = r.status;
	http_reply_free(&r);
	return st;
}

/* Open 王小明 from the register. */
static void open_member(struct tui *t)
{
	assert_true(tui_open(t, "5", "Members"));
	TUI_WAIT(t, "王小明");
	tui_keys(t, "/", NULL);
	tui_type(t, "王小明");
	tui_keys(t, "Enter", NULL);
	TUI_GONE(t, "demo");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "[ 王小明 ]");
}

static void test_record_actions(void **state)
{
	struct tui *t = tui_current();
	char code[7], path[96], *token;
	cJSON *r, *o;
	const cJSON *it, *found = NULL;
	int year = fx_year();

	(void)state;
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "hq", "Hq-Demo-2026"));
	open_member(t);
	TUI_WAIT(t, "Account");
	TUI_WAIT(t, "Enabled");
	TUI_WAIT(t, "Last login");
	TUI_WAIT(t, "e edit  o on/off");

	/* a password reset: the code reaches the member's mailbox */
	tui_keys(t, "w", NULL);
	TUI_WAIT(t, "wangxm@example.test");
	tui_keys(t, "y", NULL);
	TUI_WAIT(t, "A reset code was sent to the member's e-mail.");
	for (int i = 0; i < 100 && !tui_mail_code(&ts, "wangxm@example.test", code); i++)
		tui_settle_ms(100);
	assert_true(tui_mail_code(&ts, "wangxm@example.test", code));

	/* the record edited, with a reason: the name is the first field,
	 * the reason after the form's eighteen */
	tui_keys(t, "e", NULL);
	TUI_WAIT(t, "Edit the member's record");
	TUI_WAIT(t, "Full name*");
	tui_keys(t, "C-e", "C-u", NULL);
	tui_type(t, "王晓明");
	for (int i = 0; i < 18; i++)
		tui_keys(t, "Tab", NULL);
	TUI_WAIT(t, "Reason (kept in the audit log)");
	tui_keys(t, "Enter", NULL);          /* no reason: not sent */
	TUI_WAIT(t, "Edit the member's record");
	tui_type(t, "证件核对后更正姓名");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "The record was saved.");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "[ 王晓明 ]");
	TUI_WAIT(t, "The record was changed; the member was told.");
	r = record();
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(r, "member"), "profile"), "name", ""), "王晓明");
	cJSON_Delete(r);
	snprintf(path, sizeof(path), "/api/v1/audit?action=member.edit&member=%lld",
	         (long long)wang.account_id);
	r = fx_call(&ts, "GET", path, hq, NULL, 200);
	it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "items"), 0);
	assert_non_null(it);
	o = cJSON_GetObjectItemCaseSensitive(it, "detail");
	assert_string_equal(json_str_or(o, "reason", ""), "证件核对后更正姓名");
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(o, "before"), "name", ""),
	                    "王小明");
	cJSON_Delete(r);

	/* disabled: the member's open session is refused; enabled again */
	assert_int_equal(me_status(wang.token), 200);
	tui_keys(t, "o", NULL);
	TUI_WAIT(t, "Disable the account of 王晓明?");
	tui_keys(t, "y", NULL);
	TUI_WAIT(t, "The account was disabled; its sessions ended.");
	TUI_WAIT(t, "Disabled");
	assert_int_equal(me_status(wang.token), 401);
	tui_keys(t, "o", NULL);
	TUI_WAIT(t, "Enable the account of 王晓明?");
	tui_keys(t, "y", NULL);
	TUI_WAIT(t, "The account was enabled.");
	token = ts_login(&ts, "wangxm", FX_PASSWORD);
	assert_non_null(token);
	free(token);

	/* cash at the office: a paid order for next year, with a receipt */
	tui_keys(t, "c", NULL);
	TUI_WAIT(t, "Record an offline payment");
	TUI_WAIT(t, "annual fee ¥300.00");
	TUI_WAIT(t, "300.00");
	tui_keys(t, "Tab", "Tab", "Tab", "Tab", NULL);
	tui_type(t, "收据 A-0001");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "is paid: ¥300.00");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "The payment was recorded: the order is paid.");
	r = record();
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r, "orders"))
		if (json_int_or(it, "year_from", 0) == year + 1)
			found = it;
	assert_non_null(found);
	assert_string_equal(json_str_or(found, "status", ""), "paid");
	assert_true(*json_str_or(found, "receipt_no", ""));
	assert_int_equal(json_int_or(found, "amount", 0), 30000);
	cJSON_Delete(r);

	/* the membership ends, with a reason */
	tui_keys(t, "z", NULL);
	TUI_WAIT(t, "End the membership: reason");
	tui_keys(t, "Tab", NULL);
	tui_type(t, "本人申请退会");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "The membership was ended; the member was told.");
	TUI_WAIT(t, "本人申请退会");
	r = record();
	o = cJSON_GetObjectItemCaseSensitive(r, "member");
	assert_string_equal(json_str_or(o, "status", ""), "expired");
	assert_string_equal(json_str_or(o, "status_reason", ""), "本人申请退会");
	cJSON_Delete(r);
	tui_stop(t);
}

static void test_branch_officer_reads_only(void **state)
{
	struct tui *t = tui_current();

	(void)state;
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "bj_staff", "Branch-Demo-2026"));
	open_member(t);
	TUI_WAIT(t, "Last login");
	tui_keys(t, "o", NULL);
	tui_settle(t, 300);
	assert_false(tui_wait_for(t, "Disable the account", 300));
	tui_keys(t, "e", NULL);
	assert_false(tui_wait_for(t, "Edit the member's record", 300));
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_branch_officer_reads_only, tui_current_teardown),
		cmocka_unit_test_teardown(test_record_actions, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
