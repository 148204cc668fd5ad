/* The catalogue in the staff console, against a real rosterd: an admin
 * changes a level's fee (the server's reason shows under the field when it
 * refuses one; the confirmation names the change), a member's dues screen
 * then asks the new fee, and the history shows who changed it from what to
 * what; a new reason template in both languages; the bank account; a
 * branch officer is not offered the catalogue; the screens in Chinese. */
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

static int setup(void **state)
{
	char *tok;

	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	/* approved, the dues still to pay */
	tok = fx_register(&ts, "fee_member");
	if (!tok)
		return -1;
	fx_approve(&ts, fx_apply(&ts, tok, "HQ", "regular", fx_profile("王五")), "HQ");
	free(tok);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ts_stop(&ts);
	return 0;
}

static void assert_not_shown(struct tui *t, const char *text)
{
	char *screen = tui_screen(t);

	if (strstr(screen, text))
		fail_msg("\"%s\" is on the screen:\n%s", text, screen);
	free(screen);
}

static int64_t level_fee(const char *code)
{
	cJSON *o = fx_call(&ts, "GET", "/api/v1/levels", NULL, NULL, 200);
	const cJSON *it;
	int64_t fee = -1;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items"))
		if (!strcmp(json_str_or(it, "code", ""), code))
			fee = json_int_or(it, "annual_fee", -1);
	cJSON_Delete(o);
	return fee;
}

static void test_admin_changes_fee(void **state)
{
	struct tui *t = tui_current();

	(void)state;
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "admin", "Admin-Demo-2026"));
	assert_true(tui_open(t, "c", "Catalogue"));
	TUI_WAIT(t, "[Levels and fees]");
	TUI_WAIT(t, "Student Member");
	TUI_WAIT(t, "¥300.00");

	/* the second level is the regular one */
	tui_keys(t, "Down", "Enter", NULL);
	TUI_WAIT(t, "Edit level");
	TUI_WAIT(t, "Code: regular");
	tui_keys(t, "Tab", "Tab", "C-u", NULL);
	/* a fee the server refuses: its reason under the field */
	tui_type(t, "2000000");
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "¥300.00 → ¥2,000,000.00");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "A fee in fen from 0 to 100000000.");
	TUI_WAIT(t, "see the fields marked");
	assert_int_equal(level_fee("regular"), 30000);
	/* then a good one, confirmed */
	tui_keys(t, "C-u", NULL);
	tui_type(t, "360");
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "Save these changes?");
	TUI_WAIT(t, "Annual fee (yuan): ¥300.00 → ¥360.00");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Saved. The change is in the history.");
	assert_int_equal(level_fee("regular"), 36000);
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "¥360.00");

	/* the history: who, when, before and after */
	tui_keys(t, "h", NULL);
	TUI_WAIT(t, "Catalogue history");
	TUI_WAIT(t, "admin");
	TUI_WAIT(t, "regular");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Changed on ");
	TUI_WAIT(t, "by admin.");
	TUI_WAIT(t, "¥300.00");
	TUI_WAIT(t, "→ ¥360.00");
	tui_keys(t, "Escape", "Escape", NULL);
	TUI_WAIT(t, "[Levels and fees]");

	/* a reason template in both languages */
	tui_keys(t, "Tab", "Tab", "Tab", NULL);
	TUI_WAIT(t, "[Reason templates]");
	tui_keys(t, "n", NULL);
	TUI_WAIT(t, "New reason template");
	tui_type(t, "late_fee");
	tui_keys(t, "Tab", "Right", "Tab", NULL);
	tui_type(t, "转账金额不对");
	tui_keys(t, "Tab", NULL);
	tui_type(t, "The amount is wrong.");
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "Create it?");
	TUI_WAIT(t, "Used for: bank transfers");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Saved.");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "late_fee");
	TUI_WAIT(t, "The amount is wrong.");

	/* the bank account */
	tui_keys(t, "Tab", NULL);
	TUI_WAIT(t, "[Bank account]");
	tui_keys(t, "e", NULL);
	TUI_WAIT(t, "Edit bank account");
	tui_keys(t, "Tab", "Tab", "C-u", NULL);
	tui_type(t, "6222 0000 1111");
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "→ 6222 0000 1111");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Saved.");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "[Bank account]");
	TUI_WAIT(t, "6222 0000 1111");
	tui_stop(t);

	/* the member's dues ask the new fee */
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "fee_member", FX_PASSWORD));
	TUI_WAIT(t, "[ Pay the dues ]");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "¥360.00");
	assert_not_shown(t, "¥300.00");
	tui_stop(t);
}

static void test_branch_officer_has_no_catalogue(void **state)
{
	struct tui *t = tui_current();

	(void)state;
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "bj_staff", "Branch-Demo-2026"));
	TUI_WAIT(t, "Renewals");
	assert_not_shown(t, "Catalogue");
	tui_keys(t, "c", NULL);
	tui_settle(t, 300);
	assert_not_shown(t, "Catalogue");
	TUI_WAIT(t, "Staff console");
	tui_stop(t);
}

static void test_admin_in_chinese(void **state)
{
	const char *const zh[] = { "--lang", "zh_CN", NULL };
	struct tui_opts o = { .args = zh };
	struct tui *t = tui_current();

	(void)state;
	assert_int_equal(tui_start(t, &ts, &o), 0);
	TUI_WAIT(t, "会员系统");
	tui_keys(t, "l", NULL);
	TUI_WAIT(t, "用户名/邮箱/手机号");
	tui_type(t, "admin");
	tui_keys(t, "Tab", NULL);
	tui_type(t, "Admin-Demo-2026");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "工作人员控制台");
	TUI_WAIT(t, "基础资料");
	tui_keys(t, "c", NULL);
	TUI_WAIT(t, "[等级与会费]");
	TUI_WAIT(t, "普通会员");
	tui_keys(t, "h", NULL);
	TUI_WAIT(t, "基础资料修改记录");
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_admin_changes_fee, tui_current_teardown),
		cmocka_unit_test_teardown(test_branch_officer_has_no_catalogue, tui_current_teardown),
		cmocka_unit_test_teardown(test_admin_in_chinese, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
