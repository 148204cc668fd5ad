/* Renewals in the staff console, against a real rosterd: a member whose
 * membership ends in 10 days shows under "ends within 30 days" and not
 * under 7, one ending in 60 days only once the days are raised, one in
 * grace under "In grace"; reminding the marked member creates the message
 * the member then reads in their message centre, and a second remind the
 * same day sends nothing (the server says they were already reminded, and
 * the member has one reminder); a branch officer in Chinese sees their branch only. */
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
static struct fx_member soon;     /* 郭靖, BJ: ends in 10 days */
static struct fx_member later;    /* 黄蓉, SH: ends in 60 days */
static struct fx_member grace;    /* 杨过, SH: ended 5 days ago */

/* The member's membership ends days from the server's today (UTC+8). */
static void ends_in(const struct fx_member *m, int days)
{
	char sql[256], until[11];

	fx_date(days, until);
	snprintf(sql, sizeof(sql), "UPDATE members SET valid_until = '%s' WHERE account_id = %lld",
	         until, (long long)m->account_id);
	fx_sql(&ts, sql);
}

static int setup(void **state)
{
	/* no scheduled run in the middle: the reminders counted are staff's */
	static const char *const args[] = { "--set", "schedule.interval=0", NULL };

	(void)state;
	if (ts_start(&ts, args) != 0)
		return -1;
	if (fx_member_active(&ts, "guojing", "郭靖", "BJ", "regular", &soon) != 0 ||
	    fx_member_active(&ts, "huangrong", "黄蓉", "SH", "regular", &later) != 0 ||
	    fx_member_active(&ts, "yangguo", "杨过", "SH", "regular", &grace) != 0)
		return -1;
	ends_in(&soon, 10);
	ends_in(&later, 60);
	ends_in(&grace, -5);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&soon);
	fx_member_free(&later);
	fx_member_free(&grace);
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

static void set_days(struct tui *t, const char *days)
{
	tui_keys(t, "t", "C-u", NULL);
	tui_type(t, days);
	tui_keys(t, "Enter", NULL);
}

static void test_expiring_remind_and_member_reads_it(void **state)
{
	struct tui *t = tui_current();
	char *screen, *p;
	int seen = 0;

	(void)state;
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(t, "8", "Renewals"));
	TUI_WAIT(t, "Membership ends within 30 days.");
	TUI_WAIT(t, "Show: Expiring");
	TUI_WAIT(t, "郭靖");
	TUI_WAIT(t, "1 of 1");
	assert_not_shown(t, "黄蓉");
	assert_not_shown(t, "杨过");

	/* fewer days: gone; more days: the later one too */
	set_days(t, "7");
	TUI_WAIT(t, "Membership ends within 7 days.");
	TUI_WAIT(t, "No member here.");
	set_days(t, "90");
	TUI_WAIT(t, "黄蓉");
	TUI_WAIT(t, "郭靖");
	set_days(t, "abc");
	TUI_WAIT(t, "A number of days from 0 to 3650.");
	set_days(t, "30");
	TUI_WAIT(t, "1 of 1");
	TUI_WAIT(t, "郭靖");

	/* mark him and remind him now */
	tui_keys(t, "Space", NULL);
	TUI_WAIT(t, "1 marked");
	tui_keys(t, "m", NULL);
	TUI_WAIT(t, "Send a renewal reminder now to");
	TUI_WAIT(t, "郭靖");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Reminders sent: 1.");
	TUI_WAIT(t, "Already reminded today, not sent again: 0.");
	tui_keys(t, "Enter", NULL);
	TUI_GONE(t, "Reminders sent");

	/* again, the same day: the server sends nothing and says why */
	tui_keys(t, "m", NULL);
	TUI_WAIT(t, "Send a renewal reminder now to");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Reminders sent: 0.");
	TUI_WAIT(t, "Already reminded today, not sent again: 1.");
	tui_keys(t, "Enter", NULL);
	TUI_GONE(t, "Reminders sent");

	/* in grace */
	tui_keys(t, "s", NULL);
	TUI_WAIT(t, "Show: In grace");
	TUI_WAIT(t, "杨过");
	assert_not_shown(t, "郭靖");
	tui_keys(t, "s", NULL);
	TUI_WAIT(t, "Show: Lapsed");
	TUI_WAIT(t, "No member here.");
	tui_stop(t);

	/* the member reads it */
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "guojing", FX_PASSWORD));
	assert_true(tui_menu(t, "Message centre"));
	TUI_WAIT(t, "Renewal reminder");
	/* one reminder: the second press sent none */
	tui_settle(t, 300);
	screen = tui_screen(t);
	for (p = screen; (p = strstr(p, "Renewal reminder")) != NULL; p++)
		seen++;
	free(screen);
	assert_int_equal(seen, 1);
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "in 10 days");
	tui_stop(t);
}

static void test_branch_officer_in_chinese(void **state)
{
	const char *const zh[] = { "--lang", "zh_CN", NULL };
	struct tui_opts o = { .args = zh };
	struct tui *t = tui_current();

	(void)state;
	assert_int_equal(tui_start(t, &ts, &o), 0);
	TUI_WAIT(t, "会员系统");
	tui_keys(t, "l", NULL);
	TUI_WAIT(t, "用户名/邮箱/手机号");
	tui_type(t, "bj_staff");
	tui_keys(t, "Tab", NULL);
	tui_type(t, "Branch-Demo-2026");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "工作人员控制台");
	tui_keys(t, "8", NULL);
	TUI_WAIT(t, "会籍在 30 天内到期");
	TUI_WAIT(t, "郭靖");
	set_days(t, "90");
	TUI_WAIT(t, "会籍在 90 天内到期");
	TUI_WAIT(t, "郭靖");
	assert_not_shown(t, "黄蓉");       /* Shanghai's */
	tui_keys(t, "s", NULL);
	TUI_WAIT(t, "宽限期");
	TUI_WAIT(t, "没有会员");
	assert_not_shown(t, "杨过");
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_expiring_remind_and_member_reads_it,
		                          tui_current_teardown),
		cmocka_unit_test_teardown(test_branch_officer_in_chinese, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
