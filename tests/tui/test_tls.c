/* roster against a rosterd that serves HTTPS itself: with --cafile naming
 * the CA that signed the server's certificate it signs in; without it the
 * certificate does not verify and roster says so in a dialog (in the
 * user's language) instead of crashing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tls_fixture.h"
#include "tui.h"

static struct tls_fixture tf;
static struct test_server ts;

static int group_setup(void **state)
{
	(void)state;
	if (tls_fixture_make(&tf) != 0)
		return -1;
	const char *args[] = { "--set", tf.set_cert, "--set", tf.set_key, NULL };
	if (ts_start(&ts, args) != 0)
		return -1;
	snprintf(ts.cafile, sizeof ts.cafile, "%s", tf.ca);
	return strncmp(ts.base, "https://", 8) == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	int rc;

	(void)state;
	rc = ts_stop(&ts);
	tls_fixture_free(&tf);
	return rc == 0 ? 0 : -1;
}

static void sign_in_demo(struct tui *t, const char *start_text, const char *login_hint)
{
	TUI_WAIT(t, start_text);
	tui_keys(t, "l", NULL);
	TUI_WAIT(t, login_hint);
	tui_type(t, "demo");
	tui_keys(t, "Tab", NULL);
	tui_type(t, "Member-Demo-2026");
	tui_keys(t, "Enter", NULL);
}

static void test_signs_in_with_cafile(void **state)
{
	const char *args[] = { "--cafile", tf.ca, NULL };
	struct tui_opts o = { .args = args };
	struct tui t;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, &o), 0);
	sign_in_demo(&t, "Register as a new member", "Username, e-mail or mobile");
	TUI_WAIT(&t, "Member centre");
	TUI_WAIT(&t, "demo");
	assert_int_equal(tui_exit_status(&t), -1);
	tui_stop(&t);
}

static void test_without_cafile_says_so(void **state)
{
	struct tui_opts o = { .lang = "zh_CN.UTF-8" };
	struct tui t;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, &o), 0);
	sign_in_demo(&t, "注册新会员", "用户名/邮箱/手机号");
	/* an error dialog, in Chinese, naming the certificate and the fix */
	TUI_WAIT(&t, "错误");
	TUI_WAIT(&t, "无法验证服务器的证书");
	TUI_WAIT(&t, "--cafile");
	char *screen = tui_screen(&t);
	assert_null(strstr(screen, "会员个人中心"));
	assert_null(strstr(screen, "certificate"));   /* nothing left untranslated */
	free(screen);
	/* it closes, and roster is still there to try again */
	tui_keys(&t, "Enter", NULL);
	TUI_GONE(&t, "无法验证服务器的证书");
	TUI_WAIT(&t, "用户名/邮箱/手机号");
	assert_int_equal(tui_exit_status(&t), -1);
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signs_in_with_cafile),
		cmocka_unit_test(test_without_cafile_says_so),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
