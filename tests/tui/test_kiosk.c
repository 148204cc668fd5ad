/* Kiosk mode: the idle warning, then sign-out and a wiped welcome screen;
 * a key on the warning keeps the session; Ctrl-C, Ctrl-Z and Ctrl-\ do
 * nothing; there is no Quit; on exit screen and scrollback are cleared. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <cmocka.h>

#include "tui.h"

#define PASS "Kiosk-Password-2026"

static struct test_server ts;
static const char *const kiosk_args[] = { "--kiosk", "--kiosk-idle", "3", NULL };
static const struct tui_opts kiosk = { .args = kiosk_args };

static int group_setup(void **state)
{
	if (ts_start(&ts, NULL) != 0)
		return -1;
	return fx_register_with(&ts, "kiosk1", "kiosk1@example.com", "13812340020", PASS);
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

static void test_idle_sign_out(void **state)
{
	struct tui t;
	long long t0;

	assert_int_equal(tui_start(&t, &ts, &kiosk), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_type(&t, "kiosk1");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, PASS);
	/* the idle clock starts at the last key */
	t0 = tui_now_ms();
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Member centre");

	/* idle: first the warning, then back to welcome */
	TUI_WAIT(&t, "Still there?");
	TUI_WAIT(&t, "Register as a new member");
	TUI_GONE(&t, "kiosk1");
	/* not before the idle time (3 s after the last key) */
	assert_true(tui_now_ms() - t0 >= 3000);
	assert_int_equal(tui_exit_status(&t), -1);

	/* the fields of a half-filled sign-in are wiped too */
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_type(&t, "half-typed");
	TUI_WAIT(&t, "half-typed");
	TUI_WAIT(&t, "Still there?");
	TUI_GONE(&t, "half-typed");
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	TUI_GONE(&t, "half-typed");
	tui_stop(&t);
}

static void test_warning_any_key_stays(void **state)
{
	struct tui t;

	assert_int_equal(tui_start(&t, &ts, &kiosk), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_type(&t, "kiosk1");
	TUI_WAIT(&t, "Still there?");
	tui_keys(&t, "Space", NULL);
	TUI_GONE(&t, "Still there?");
	/* the key kept the screen and what was typed */
	TUI_WAIT(&t, "kiosk1");
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_stop(&t);
}

static void test_signal_keys_do_nothing(void **state)
{
	struct tui t;
	char *screen;
	int pid;

	assert_int_equal(tui_start(&t, &ts, &kiosk), 0);
	TUI_WAIT(&t, "Register as a new member");
	/* no way out in the menu */
	screen = tui_screen(&t);
	assert_null(strstr(screen, "Quit"));
	free(screen);
	tui_keys(&t, "C-c", "C-z", "C-\\", "q", "Escape", NULL);
	/* the keys went through and changed nothing: a later key still works */
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	assert_int_equal(tui_exit_status(&t), -1);

	/* an operator stops it with SIGTERM: the screen is left empty */
	pid = tui_pid(&t);
	assert_true(pid > 0);
	assert_int_equal(kill(pid, SIGTERM), 0);
	TUI_GONE(&t, "Username, e-mail or mobile");
	tui_stop(&t);
}

/* A staff account at a kiosk is refused, and its session ended. */
static void test_staff_refused(void **state)
{
	struct tui t;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, &kiosk), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_type(&t, "hq");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "Hq-Demo-2026");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Staff accounts cannot sign in at this kiosk.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Register as a new member");
	TUI_GONE(&t, "Staff console");
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_staff_refused),
		cmocka_unit_test(test_idle_sign_out),
		cmocka_unit_test(test_warning_any_key_stays),
		cmocka_unit_test(test_signal_keys_do_nothing),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
