/* My applications: every kind with its status, the kind and status
 * filters (checked against what the server lists), one application with the
 * reviewer's reason and its history, and the way on to editing it. */
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

static struct test_server ts;
static char *token;
static long long branch_app;

static long long num(const cJSON *o, const char *key)
{
	return (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static int group_setup(void **state)
{
	char body[160];
	cJSON *j;
	long st;

	if (ts_start(&ts, NULL) != 0)
		return -1;
	token = fx_active(&ts, "liming", "李雷");
	if (!token)
		return -1;
	/* a branch join the Beijing branch rejects, and a level change
	 * waiting for HQ */
	snprintf(body, sizeof(body), "{\"org_id\":%lld,\"reason\":\"在北京工作\"}",
	         (long long)fx_org_id(&ts, "BJ"));
	j = fx_try(&ts, "POST", "/api/v1/branch-joins", token, body, &st);
	branch_app = num(j, "id");
	cJSON_Delete(j);
	if (st != 201 || !(fx_decide_as(&ts, "bj_staff", branch_app, "reject", "请先提供在京工作证明") == 200))
		return -1;
	snprintf(body, sizeof(body), "{\"level_id\":%lld,\"reason\":\"已获高级职称\"}",
	         (long long)fx_level_id(&ts, "senior"));
	cJSON_Delete(fx_try(&ts, "POST", "/api/v1/level-changes", token, body, &st));
	return st == 201 ? 0 : -1;
}

static int group_teardown(void **state)
{
	free(token);
	ts_stop(&ts);
	return 0;
}

static long long server_count(const char *query)
{
	char path[128];
	cJSON *j;
	long long n;

	snprintf(path, sizeof(path), "/api/v1/applications%s", query);
	j = fx_try(&ts, "GET", path, token, NULL, NULL);
	n = num(j, "total");
	cJSON_Delete(j);
	return n;
}

static void test_list_filter_detail(void **state)
{
	struct tui *t = tui_current();
	char want[64], *screen;

	assert_int_equal(server_count(""), 3);
	assert_int_equal(server_count("?status=rejected"), 1);
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "liming", FX_PASSWORD));
	assert_true(tui_menu(t, "My applications"));
	TUI_WAIT(t, "Kind: All    Status: All");
	TUI_WAIT(t, "Joining");
	TUI_WAIT(t, "Branch joining");
	TUI_WAIT(t, "Under HQ review");
	TUI_WAIT(t, "Member → Senior Member");
	snprintf(want, sizeof(want), "1–%lld of %lld", server_count(""), server_count(""));
	TUI_WAIT(t, want);

	/* status filter: all, draft, under review, approved, rejected */
	tui_keys(t, "s", "s", "s", "s", NULL);
	TUI_WAIT(t, "Status: Rejected");
	TUI_WAIT(t, "1 of 1");
	TUI_GONE(t, "Joining");
	screen = tui_screen(t);
	assert_non_null(strstr(screen, "Branch joining"));
	assert_null(strstr(screen, "Senior Member"));
	free(screen);

	/* the rejected one: the reviewer's reason and the history */
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Why rejected");
	TUI_WAIT(t, "请先提供在京工作证明");
	TUI_WAIT(t, "Beijing Branch");
	TUI_WAIT(t, "在北京工作");
	TUI_WAIT(t, "History:");
	TUI_WAIT(t, "Rejected by bj_staff");
	TUI_WAIT(t, "Submitted by liming");
	TUI_WAIT(t, "E edit and resubmit");
	/* E leads to the screen of its kind */
	tui_keys(t, "e", NULL);
	TUI_WAIT(t, "Join a branch");
	TUI_WAIT(t, "Your organisations and requests:");
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "Why rejected");
	tui_keys(t, "Escape", NULL);

	/* kind filter: level changes only, with any status */
	tui_keys(t, "s", NULL);
	TUI_WAIT(t, "Status: All");
	tui_keys(t, "k", "k", "k", NULL);
	TUI_WAIT(t, "Kind: Level change");
	TUI_WAIT(t, "1 of 1");
	TUI_WAIT(t, "Member → Senior Member");
	screen = tui_screen(t);
	assert_null(strstr(screen, "Branch joining"));
	free(screen);
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Member → Senior Member");
	TUI_WAIT(t, "已获高级职称");
	assert_true(tui_quit(t));
	tui_stop(t);
}

/* The join application's history in Chinese. */
static void test_join_history_chinese(void **state)
{
	struct tui *t = tui_current();
	struct tui_opts o = { .args = (const char *const[]){ "--lang", "zh_CN", NULL } };

	assert_int_equal(tui_start(t, &ts, &o), 0);
	TUI_WAIT(t, "注册新会员");
	tui_keys(t, "l", NULL);
	TUI_WAIT(t, "用户名/邮箱/手机号");
	tui_type(t, "liming");
	tui_keys(t, "Tab", NULL);
	tui_type(t, FX_PASSWORD);
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "会员个人中心");
	assert_true(tui_menu(t, "我的申请"));
	TUI_WAIT(t, "入会申请");
	/* the join is the oldest: last row */
	tui_keys(t, "End", "Enter", NULL);
	TUI_WAIT(t, "处理记录：");
	TUI_WAIT(t, "（hq）");
	TUI_WAIT(t, "待总会审核");
	TUI_WAIT(t, "总会");
	assert_true(tui_quit(t));
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_list_filter_detail, tui_current_teardown),
		cmocka_unit_test_teardown(test_join_history_chinese, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
