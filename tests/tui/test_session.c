/* A session that ends on the server (here: the password was changed
 * elsewhere, which ends the other sessions) sends the client back to the
 * welcome screen with the reason, at the next request. */
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
	return fx_register_with(&ts, "session1", "session1@example.com", "13812340040",
	                       "Session-Password-2026");
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

static void test_ended_elsewhere(void **state)
{
	struct tui t;
	struct http_reply r;
	char *token;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_type(&t, "session1");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "Session-Password-2026");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Member centre");

	/* the member changes the password on another device */
	token = ts_login(&ts, "session1", "Session-Password-2026");
	assert_non_null(token);
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/password", token,
	                          "{\"old_password\":\"Session-Password-2026\","
	                          "\"new_password\":\"Other-Password-2026\"}", &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	free(token);

	/* the next request of this terminal finds its session gone */
	assert_true(tui_menu(&t, "Change password"));
	assert_true(tui_menu(&t, "With my current password"));
	TUI_WAIT(&t, "Current password");
	tui_type(&t, "Other-Password-2026");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "Third-Password-2026");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "Third-Password-2026");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Your session has ended. Please sign in again.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Register as a new member");
	TUI_GONE(&t, "session1");
	tui_stop(&t);
	/* the dead session changed nothing */
	token = ts_login(&ts, "session1", "Other-Password-2026");
	assert_non_null(token);
	free(token);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ended_elsewhere),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
