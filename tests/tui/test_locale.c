/* Languages and terminals: LANG=C and C.UTF-8 in English, Chinese with
 * --lang zh_CN where C.UTF-8 is the only UTF-8 locale, Chinese from
 * LANG=zh_CN.UTF-8 even when that locale is not installed, English forced
 * with --lang en, and a monochrome vt100. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui.h"

#define PASS "Locale-Password-2026"

static struct test_server ts;

static int group_setup(void **state)
{
	if (ts_start(&ts, NULL) != 0)
		return -1;
	return fx_register_with(&ts, "locale1", "locale1@example.com", "13812340030", PASS);
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

static void test_lang_c_english(void **state)
{
	struct tui t;
	struct tui_opts o = { .lang = "C" };

	assert_int_equal(tui_start(&t, &ts, &o), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_type(&t, "locale1");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "Wrong-Password-99");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "The account or password is wrong.");
	tui_stop(&t);
}

static void test_c_utf8_english(void **state)
{
	struct tui t;
	struct tui_opts o = { .lang = "C.UTF-8" };

	assert_int_equal(tui_start(&t, &ts, &o), 0);
	TUI_WAIT(&t, "Register as a new member");
	TUI_WAIT(&t, "Forgot password");
	tui_stop(&t);
}

static void test_c_utf8_chinese(void **state)
{
	struct tui t;
	static const char *const args[] = { "--lang", "zh_CN", NULL };
	struct tui_opts o = { .lang = "C.UTF-8", .args = args };

	assert_int_equal(tui_start(&t, &ts, &o), 0);
	TUI_WAIT(&t, "注册新会员");
	TUI_WAIT(&t, "忘记密码");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "用户名/邮箱/手机号");
	tui_type(&t, "locale1");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "Wrong-Password-99");
	tui_keys(&t, "Enter", NULL);
	/* the server's error code, shown in Chinese */
	TUI_WAIT(&t, "账号或密码错误");
	tui_keys(&t, "C-u", NULL);
	tui_type(&t, PASS);
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "会员个人中心");
	tui_stop(&t);
}

static void test_lang_c_chinese(void **state)
{
	struct tui t;
	static const char *const args[] = { "--lang", "zh_CN", NULL };
	struct tui_opts o = { .lang = "C", .args = args };

	/* plain C locale: roster switches to C.UTF-8 by itself */
	assert_int_equal(tui_start(&t, &ts, &o), 0);
	TUI_WAIT(&t, "注册新会员");
	tui_stop(&t);
}

static void test_zh_locale_not_installed(void **state)
{
	struct tui t;
	struct tui_opts o = { .lang = "zh_CN.UTF-8" };

	assert_int_equal(tui_start(&t, &ts, &o), 0);
	TUI_WAIT(&t, "注册新会员");
	tui_stop(&t);
}

static void test_english_forced(void **state)
{
	struct tui t;
	static const char *const args[] = { "--lang", "en", NULL };
	struct tui_opts o = { .lang = "zh_CN.UTF-8", .args = args };

	assert_int_equal(tui_start(&t, &ts, &o), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_stop(&t);
}

static void test_vt100_monochrome(void **state)
{
	struct tui t;
	struct tui_opts o = { .term = "vt100", .lang = "C" };

	assert_int_equal(tui_start(&t, &ts, &o), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_type(&t, "locale1");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, PASS);
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Member centre");
	/* a dialog draws its frame on vt100 too */
	assert_true(tui_menu(&t, "Sign out"));
	TUI_WAIT(&t, "Do you want to sign out?");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Register as a new member");
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang_c_english),
		cmocka_unit_test(test_c_utf8_english),
		cmocka_unit_test(test_c_utf8_chinese),
		cmocka_unit_test(test_lang_c_chinese),
		cmocka_unit_test(test_zh_locale_not_installed),
		cmocka_unit_test(test_english_forced),
		cmocka_unit_test(test_vt100_monochrome),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
