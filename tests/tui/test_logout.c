/* Sign out asks first; Esc or "Stay" keeps the session, "Sign out" returns
 * to welcome with nothing of the session left on screen. */
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
	if (ts_start(&ts, NULL) != 0)
		return -1;
	return fx_register_with(&ts, "hanmei", "hanmei@example.com", "13812340010",
	                       "Han-Password-2026");
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

static void test_logout_confirm(void **state)
{
	struct tui t;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_type(&t, "hanmei");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "Han-Password-2026");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Member centre");

	/* asked, and Esc means stay */
	assert_true(tui_menu(&t, "Sign out"));
	TUI_WAIT(&t, "Do you want to sign out?");
	tui_keys(&t, "Escape", NULL);
	TUI_GONE(&t, "Do you want to sign out?");
	TUI_WAIT(&t, "Member centre");

	/* "Stay" with Enter after switching to it */
	assert_true(tui_menu(&t, "Sign out"));
	TUI_WAIT(&t, "Do you want to sign out?");
	tui_keys(&t, "Right", "Enter", NULL);
	TUI_GONE(&t, "Do you want to sign out?");
	TUI_WAIT(&t, "Member centre");

	/* yes */
	assert_true(tui_menu(&t, "Sign out"));
	TUI_WAIT(&t, "Do you want to sign out?");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Register as a new member");
	TUI_GONE(&t, "Member centre");
	/* nothing of the session is left on screen */
	TUI_GONE(&t, "hanmei");
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logout_confirm),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
