/* Forgot password with the code from the outbox; change password with the
 * current one and with an e-mail code. The server then takes only the new
 * password. */
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
	return ts_start(&ts, NULL);
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

static void assert_password(const char *login, const char *good, const char *bad)
{
	char *token = ts_login(&ts, login, good);

	assert_non_null(token);
	free(token);
	assert_null(ts_login(&ts, login, bad));
}

/* Wait for a code in the newest mail to addr (mail is written as the
 * request is answered, so poll for it). */
static void mail_code(const char *addr, char code[7])
{
	long long end = tui_now_ms() + TUI_TIMEOUT_MS;

	while (!tui_mail_code(&ts, addr, code)) {
		assert_true(tui_now_ms() < end);
		tui_settle_ms(20);
	}
}

static void sign_in(struct tui *t, const char *login, const char *password)
{
	TUI_WAIT(t, "Register as a new member");
	tui_keys(t, "l", NULL);
	TUI_WAIT(t, "Username, e-mail or mobile");
	tui_type(t, login);
	tui_keys(t, "Tab", NULL);
	tui_type(t, password);
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Member centre");
}

static void type_new_password(struct tui *t, const char *pw)
{
	tui_keys(t, "Tab", NULL);
	tui_type(t, pw);
	tui_keys(t, "Tab", NULL);
	tui_type(t, pw);
	tui_keys(t, "Enter", NULL);
}

static void test_forgot_password(void **state)
{
	struct tui t;
	char code[7];

	assert_int_equal(fx_register_with(&ts, "zhoujie", "zhoujie@example.com", "13812340001",
	                                 "Old-Password-2026"), 0);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	TUI_WAIT(&t, "Forgot password");
	tui_keys(&t, "f", NULL);
	TUI_WAIT(&t, "We will send you a code");
	tui_type(&t, "zhoujie@example.com");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Code from the e-mail");
	TUI_WAIT(&t, "a code is on its way");
	mail_code("zhoujie@example.com", code);
	tui_type(&t, code);
	type_new_password(&t, "New-Password-2026");
	TUI_WAIT(&t, "Your password has been changed. Please sign in.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_stop(&t);
	assert_password("zhoujie", "New-Password-2026", "Old-Password-2026");
}

static void test_forgot_wrong_code(void **state)
{
	struct tui t;
	char code[7];

	assert_int_equal(fx_register_with(&ts, "wuhao", "wuhao@example.com", "13812340002",
	                                 "Old-Password-2026"), 0);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	TUI_WAIT(&t, "Forgot password");
	tui_keys(&t, "f", NULL);
	TUI_WAIT(&t, "We will send you a code");
	tui_type(&t, "wuhao@example.com");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Code from the e-mail");
	mail_code("wuhao@example.com", code);
	/* a code that is not the one sent */
	code[5] = code[5] == '0' ? '1' : '0';
	tui_type(&t, code);
	type_new_password(&t, "New-Password-2026");
	TUI_WAIT(&t, "The code is wrong or has expired.");
	tui_stop(&t);
	assert_password("wuhao", "Old-Password-2026", "New-Password-2026");
}

static void test_change_with_old_password(void **state)
{
	struct tui t;

	assert_int_equal(fx_register_with(&ts, "sunli", "sunli@example.com", "13812340003",
	                                 "Old-Password-2026"), 0);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	sign_in(&t, "sunli", "Old-Password-2026");
	assert_true(tui_menu(&t, "Change password"));
	TUI_WAIT(&t, "With my current password");
	assert_true(tui_menu(&t, "With my current password"));
	TUI_WAIT(&t, "Current password");
	/* a wrong current password is refused and said so at the field */
	tui_type(&t, "Wrong-Password-2026");
	type_new_password(&t, "New-Password-2026");
	TUI_WAIT(&t, "The current password is wrong.");
	tui_keys(&t, "C-u", NULL);
	tui_type(&t, "Old-Password-2026");
	type_new_password(&t, "New-Password-2026");
	TUI_WAIT(&t, "Your password has been changed.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Member centre");
	tui_stop(&t);
	assert_password("sunli", "New-Password-2026", "Old-Password-2026");
}

static void test_change_with_mail_code(void **state)
{
	struct tui t;
	char code[7];

	assert_int_equal(fx_register_with(&ts, "qianyu", "qianyu@example.com", "13812340004",
	                                 "Old-Password-2026"), 0);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	sign_in(&t, "qianyu", "Old-Password-2026");
	assert_true(tui_menu(&t, "Change password"));
	assert_true(tui_menu(&t, "With a code sent to my e-mail"));
	TUI_WAIT(&t, "A code has been sent to qianyu@example.com.");
	mail_code("qianyu@example.com", code);
	tui_type(&t, code);
	type_new_password(&t, "New-Password-2026");
	TUI_WAIT(&t, "Your password has been changed.");
	tui_stop(&t);
	assert_password("qianyu", "New-Password-2026", "Old-Password-2026");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forgot_password),
		cmocka_unit_test(test_forgot_wrong_code),
		cmocka_unit_test(test_change_with_old_password),
		cmocka_unit_test(test_change_with_mail_code),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
