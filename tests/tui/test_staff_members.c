/* The member register, the statistics and the home counts in the staff
 * console, against a real rosterd: search by name, filter by status, the
 * member's detail with orders and certificate, the CSV export of the list
 * as shown (UTF-8 with a byte order mark) into the download folder; the
 * branch officer's register, figures and counts hold their branch only;
 * the console in Chinese. */
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
static struct fx_member active_bj;   /* 王小明, BJ, active */
static struct fx_member pending_sh;  /* 李四, SH, at the branch stage */

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	if (fx_member_active(&ts, "wangxm", "王小明", "BJ", "regular", &active_bj) != 0 ||
	    fx_member_submit(&ts, "lisi", "李四", "SH", "senior", &pending_sh) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&active_bj);
	fx_member_free(&pending_sh);
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

/* The member number the server gave 王小明. */
static char *member_no(void)
{
	struct http_reply r;
	char *no;

	assert_int_equal(http_req(&ts, "GET", "/api/v1/me", active_bj.token, NULL, &r), 0);
	no = strdup(json_str_or(cJSON_GetObjectItemCaseSensitive(r.json, "member"), "member_no", ""));
	http_reply_free(&r);
	assert_true(no && *no);
	return no;
}

static void test_search_detail_export(void **state)
{
	struct tui t;
	char *no = member_no(), *csv;
	size_t len;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "5", "Members"));
	TUI_WAIT(&t, "王小明");
	TUI_WAIT(&t, "李四");
	TUI_WAIT(&t, "demo");

	/* by name */
	tui_keys(&t, "/", NULL);
	tui_type(&t, "王小明");
	tui_keys(&t, "Enter", NULL);
	TUI_GONE(&t, "李四");
	TUI_WAIT(&t, no);
	TUI_WAIT(&t, "Beijing B…");          /* cut to its column, and says so */
	/* and active only */
	tui_keys(&t, "s", NULL);
	TUI_WAIT(&t, "Status: Full member");
	TUI_WAIT(&t, "王小明");

	/* the list as shown goes out as CSV */
	tui_keys(&t, "d", NULL);
	TUI_WAIT(&t, "/Downloads/members.csv");
	csv = tui_download(&t, "members.csv", &len);
	assert_non_null(csv);
	assert_true(len > 3);
	assert_memory_equal(csv, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(csv, "Member no.,Name,"));   /* the console speaks English */
	assert_non_null(strstr(csv, "王小明"));
	assert_null(strstr(csv, "李四"));
	assert_null(strstr(csv, "demo"));
	free(csv);

	/* the member's detail */
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "[ 王小明 ]");
	TUI_WAIT(&t, "Full member");
	TUI_WAIT(&t, "11010519491231002X");
	TUI_WAIT(&t, "Female");              /* options under their labels */
	tui_keys(&t, "End", NULL);
	TUI_WAIT(&t, "[ Orders ]");
	TUI_WAIT(&t, "¥300.00");
	TUI_WAIT(&t, "Paid");
	TUI_WAIT(&t, "[ Applications ]");
	TUI_WAIT(&t, "Approved");
	tui_keys(&t, "Home", NULL);
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Certificate no.");
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "Status: Full member");
	free(no);
	tui_stop(&t);
}

static void test_branch_officer_in_chinese(void **state)
{
	const char *const zh[] = { "--lang", "zh_CN", NULL };
	struct tui_opts o = { .args = zh };
	struct tui t;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, &o), 0);
	TUI_WAIT(&t, "会员系统");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "用户名/邮箱/手机号");
	tui_type(&t, "bj_staff");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "Branch-Demo-2026");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "工作人员控制台");
	TUI_WAIT(&t, "本分会待办");
	TUI_WAIT(&t, "分会审核中的申请：入会 0，");   /* 李四 waits at SH, not here */
	TUI_WAIT(&t, "待确认的银行转账：0");

	/* the register: their branch only */
	tui_keys(&t, "5", NULL);
	TUI_WAIT(&t, "分会：本分会");
	TUI_WAIT(&t, "王小明");
	TUI_WAIT(&t, "正式会员");
	assert_not_shown(&t, "李四");
	assert_not_shown(&t, "demo");
	tui_keys(&t, "Escape", NULL);

	/* the figures: their branch only */
	tui_keys(&t, "6", NULL);
	TUI_WAIT(&t, "会员总数：1");
	TUI_WAIT(&t, "按等级");
	TUI_WAIT(&t, "普通会员");
	tui_keys(&t, "End", NULL);
	TUI_WAIT(&t, "每年收款");
	TUI_WAIT(&t, "¥300.00");
	tui_stop(&t);
}

static void test_stats_hq(void **state)
{
	struct tui t;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	/* the SH application waits for the SH officer: not HQ's to count */
	TUI_WAIT(&t, "Applications at branch review: join 0,");
	assert_true(tui_open(&t, "6", "Statistics"));
	TUI_WAIT(&t, "Members in all: 3");
	TUI_WAIT(&t, "Under branch review");
	TUI_WAIT(&t, "Senior Member");
	tui_keys(&t, "End", NULL);
	TUI_WAIT(&t, "Money received per year");
	TUI_WAIT(&t, "¥300.00");
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_detail_export),
		cmocka_unit_test(test_branch_officer_in_chinese),
		cmocka_unit_test(test_stats_hq),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
