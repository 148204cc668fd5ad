/* Text on any terminal: --ascii is for line drawing only (Chinese text stays
 * Chinese), and the kiosk's mark in the title bar speaks the interface's
 * language. */
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

static void test_ascii_keeps_chinese(void **state)
{
	static const char *const args[] = { "--lang", "zh_CN", "--ascii", NULL };
	struct tui_opts o = { .args = args };
	struct tui t;
	char *scr;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, &o), 0);
	TUI_WAIT(&t, "注册新会员");
	scr = tui_screen(&t);
	/* the title, the menu and the status line: no character became '?' */
	assert_null(strstr(scr, "??"));
	assert_non_null(strstr(scr, "会员系统"));
	free(scr);
	tui_stop(&t);
}

static void test_kiosk_mark_in_chinese(void **state)
{
	static const char *const args[] = { "--lang", "zh_CN", "--kiosk", NULL };
	struct tui_opts o = { .args = args };
	struct tui t;
	char *scr;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, &o), 0);
	TUI_WAIT(&t, "注册新会员");
	TUI_WAIT(&t, "[自助终端]");
	scr = tui_screen(&t);
	assert_null(strstr(scr, "kiosk"));
	free(scr);
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_keeps_chinese),
		cmocka_unit_test(test_kiosk_mark_in_chinese),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
