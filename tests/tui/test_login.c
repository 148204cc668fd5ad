/* Sign in by username, e-mail and mobile; a wrong password; a staff
 * account lands on the staff home. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui.h"

#define PASS "Li-Password-2026"

static struct test_server ts;

static int group_setup(void **state)
{
	if (ts_start(&ts, NULL) != 0)
		return -1;
	return fx_register_with(&ts, "lilei", "lilei@example.com", "13912345678", PASS);
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

/* Open the sign-in screen and submit login/password. */
static void sign_in(struct tui *t, const char *login, const char *password)
{
	TUI_WAIT(t, "Register as a new member");
	tui_keys(t, "l", NULL);
	TUI_WAIT(t, "Username, e-mail or mobile");
	tui_type(t, login);
	tui_keys(t, "Tab", NULL);
	tui_type(t, password);
	tui_keys(t, "Enter", NULL);
}

static void login_as(const char *login)
{
	struct tui t;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	sign_in(&t, login, PASS);
	TUI_WAIT(&t, "Member centre");
	/* the dashboard shows the account the server returned */
	TUI_WAIT(&t, "lilei@example.com");
	TUI_WAIT(&t, "13912345678");
	tui_stop(&t);
}

static void test_by_username(void **state)
{
	login_as("lilei");
}

static void test_by_email(void **state)
{
	login_as("lilei@example.com");
}

static void test_by_mobile(void **state)
{
	/* with the country code, as people often type it */
	login_as("+8613912345678");
}

static void test_wrong_password(void **state)
{
	struct tui t;
	char *screen;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	sign_in(&t, "lilei", "Not-The-Password-1");
	TUI_WAIT(&t, "The account or password is wrong.");
	screen = tui_screen(&t);
	/* still on the sign-in screen, the typed password gone */
	assert_non_null(strstr(screen, "Username, e-mail or mobile"));
	assert_null(strstr(screen, "******************"));
	assert_null(strstr(screen, "Member centre"));
	free(screen);
	/* and the right one still works afterwards */
	tui_type(&t, PASS);
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Member centre");
	tui_stop(&t);
}

static void test_staff_home(void **state)
{
	struct tui t;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	sign_in(&t, "hq", "Hq-Demo-2026");
	TUI_WAIT(&t, "Staff console");
	TUI_WAIT(&t, "headquarters staff");
	tui_stop(&t);
}

static void test_server_down(void **state)
{
	struct tui t;
	struct test_server dead = ts;

	/* nothing listens on port 9 (discard) on a test machine */
	snprintf(dead.base, sizeof(dead.base), "http://127.0.0.1:9");
	assert_int_equal(tui_start(&t, &dead, NULL), 0);
	sign_in(&t, "lilei", PASS);
	TUI_WAIT(&t, "Cannot reach the server.");
	/* a dialog, not a crash: it closes and the screen is still there */
	tui_keys(&t, "Enter", NULL);
	TUI_GONE(&t, "Cannot reach the server.");
	TUI_WAIT(&t, "Username, e-mail or mobile");
	assert_int_equal(tui_exit_status(&t), -1);
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_username),
		cmocka_unit_test(test_by_email),
		cmocka_unit_test(test_by_mobile),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_staff_home),
		cmocka_unit_test(test_server_down),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
