/* Register: the terms must be read to the end and accepted, then the
 * account fields and member type; the server then holds the account. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui.h"

#define PASS "Wang-Password-2026"

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

/* From welcome to the account form, through the terms. */
static void open_form(struct tui *t)
{
	TUI_WAIT(t, "Register as a new member");
	tui_keys(t, "r", NULL);
	char *screen;

	TUI_WAIT(t, "Membership terms");
	assert_true(tui_wait_for(t, "Read to the end to accept", 3000) ||
	            tui_wait_for(t, "Press a to accept", 100));
	screen = tui_screen(t);
	if (strstr(screen, "Read to the end to accept")) {
		/* terms longer than the screen: accepting before the end does
		 * nothing */
		tui_keys(t, "a", NULL);
		TUI_WAIT(t, "read the terms to the end first");
		assert_null(strstr(screen, "Password again"));
		tui_keys(t, "End", NULL);
		TUI_WAIT(t, "Press a to accept");
	}
	free(screen);
	tui_keys(t, "a", NULL);
	TUI_WAIT(t, "Password again");
}

static void fill(struct tui *t, const char *user, const char *email, const char *mobile,
                 const char *pw, const char *pw2)
{
	tui_type(t, user);
	tui_keys(t, "Tab", NULL);
	tui_type(t, email);
	tui_keys(t, "Tab", NULL);
	tui_type(t, mobile);
	tui_keys(t, "Tab", NULL);
	tui_type(t, pw);
	tui_keys(t, "Tab", NULL);
	tui_type(t, pw2);
	/* the member type starts unchosen: pick the first, individual */
	tui_keys(t, "Tab", "Right", NULL);
}

static void test_register_unit_member(void **state)
{
	struct tui t;
	struct http_reply r;
	const cJSON *acc;
	char *token;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	open_form(&t);
	fill(&t, "wangfang", "wangfang@example.com", "13712345678", PASS, PASS);
	/* member type: from individual to unit */
	TUI_WAIT(&t, "< Individual member >");
	tui_keys(&t, "Right", NULL);
	TUI_WAIT(&t, "< Unit (organisation) member >");
	tui_keys(&t, "Enter", NULL);
	/* signed in at once and on into the application */
	TUI_WAIT(&t, "Membership application");
	TUI_WAIT(&t, "Step 1 of");
	tui_stop(&t);

	/* the server has the account with that password and member type */
	token = ts_login(&ts, "wangfang@example.com", PASS);
	assert_non_null(token);
	assert_int_equal(http_req(&ts, "GET", "/api/v1/me", token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	acc = cJSON_GetObjectItem(r.json, "account");
	if (!acc)
		acc = r.json;
	assert_string_equal(cJSON_GetObjectItem(acc, "member_type")->valuestring, "unit");
	assert_string_equal(cJSON_GetObjectItem(acc, "mobile")->valuestring, "13712345678");
	http_reply_free(&r);
	/* what was given at registration starts the application form */
	assert_int_equal(http_req(&ts, "GET", "/api/v1/application", token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	acc = cJSON_GetObjectItem(r.json, "profile");
	assert_string_equal(cJSON_GetObjectItem(acc, "contact_email")->valuestring,
	                    "wangfang@example.com");
	assert_string_equal(cJSON_GetObjectItem(acc, "contact_mobile")->valuestring, "13712345678");
	http_reply_free(&r);
	free(token);
}

/* An e-mail address that has an account already: the screen says to check
 * the mail, as it would for a new account, and the owner is told. */
static void test_register_address_in_use(void **state)
{
	struct tui t;
	char *scr;
	int before;

	(void)state;
	assert_int_equal(fx_register_with(&ts, "owner1", "owner1@example.com",
	                                 "13612340001", PASS), 0);
	before = ts_outbox_count(&ts, "owner1@example.com");
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	open_form(&t);
	fill(&t, "someone2", "owner1@example.com", "13612340002", PASS, PASS);
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Please check your mail at owner1@example.com");
	scr = tui_screen(&t);
	assert_null(strstr(scr, "created"));
	assert_null(strstr(scr, "already"));
	free(scr);
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_stop(&t);
	/* the owner got a message about it; no second account exists */
	for (int i = 0; i < 50 && ts_outbox_count(&ts, "owner1@example.com") <= before; i++)
		tui_settle_ms(100);
	assert_true(ts_outbox_count(&ts, "owner1@example.com") > before);
	assert_null(ts_login(&ts, "someone2", PASS));
}

static void test_register_checks(void **state)
{
	struct tui t;

	assert_int_equal(fx_register_with(&ts, "zhaolei", "zhaolei@example.com",
	                                 "13612345678", PASS), 0);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	open_form(&t);
	/* the client checks as fields are left: a bad e-mail, mismatched passwords */
	fill(&t, "zhaolei2", "not-an-email", "13612345679", PASS, "Other-Password-1");
	TUI_WAIT(&t, "The two entries do not match.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Register");
	/* fix both, but take a username the server already has */
	tui_keys(&t, "Up", "Up", "Up", "Up", "C-u", NULL);
	tui_type(&t, "zhaolei");
	tui_keys(&t, "Tab", "C-u", NULL);
	tui_type(&t, "zhaolei2@example.com");
	tui_keys(&t, "Tab", "Tab", "C-u", NULL);
	tui_type(&t, PASS);
	tui_keys(&t, "Tab", "C-u", NULL);
	tui_type(&t, PASS);
	tui_keys(&t, "Tab", "Enter", NULL);
	TUI_GONE(&t, "The two entries do not match.");
	/* the server refuses: the reason is shown, nothing is created */
	assert_true(tui_wait_for(&t, "already", TUI_TIMEOUT_MS) ||
	            tui_wait_for(&t, "exists", 100));
	assert_null(ts_login(&ts, "zhaolei2@example.com", PASS));
	tui_stop(&t);
}

static void test_decline_terms(void **state)
{
	struct tui t;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, "Membership terms");
	tui_keys(&t, "Escape", NULL);
	/* declining ends the registration: back on welcome */
	TUI_WAIT(&t, "Register as a new member");
	TUI_GONE(&t, "Password again");
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_unit_member),
		cmocka_unit_test(test_register_checks),
		cmocka_unit_test(test_register_address_in_use),
		cmocka_unit_test(test_decline_terms),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
