/* Message centre: the list with the unread count, reading one marks it read
 * on the server, and "mark all read" leaves nothing unread. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "tui.h"

static struct test_server ts;
static char *token;

static int group_setup(void **state)
{
	if (ts_start(&ts, NULL) != 0)
		return -1;
	/* applying, approval and payment each leave messages */
	token = fx_active(&ts, "hanmei", "李雷");
	return token ? 0 : -1;
}

static int group_teardown(void **state)
{
	free(token);
	ts_stop(&ts);
	return 0;
}

static long long server_unread(void)
{
	cJSON *j = fx_try(&ts, "GET", "/api/v1/messages", token, NULL, NULL);
	long long n = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "unread"));

	cJSON_Delete(j);
	return n;
}

/* The read flag of the message the list shows first. */
static cJSON *first_message(void)
{
	cJSON *j = fx_try(&ts, "GET", "/api/v1/messages", token, NULL, NULL);
	cJSON *first = cJSON_DetachItemFromArray(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);

	cJSON_Delete(j);
	return first;
}

static void test_read_one_then_all(void **state)
{
	struct tui *t = tui_current();
	char want[64];
	long long unread = server_unread();
	cJSON *first = first_message();
	long long first_id;
	cJSON *after;

	assert_true(unread >= 3);
	assert_non_null(first);
	first_id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(first, "id"));
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "hanmei", FX_PASSWORD));
	assert_true(tui_menu(t, "Message centre"));
	snprintf(want, sizeof(want), "Unread: %lld", unread);
	TUI_WAIT(t, want);
	/* the newest unread message is on top, marked */
	TUI_WAIT(t, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "title_en")));
	TUI_WAIT(t, "●");

	/* read it: its text (the start of it: the rest is wrapped), and the
	 * server now has it read */
	tui_keys(t, "Enter", NULL);
	snprintf(want, sizeof(want), "%.30s",
	         cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "body_en")));
	TUI_WAIT(t, want);
	tui_keys(t, "Escape", NULL);
	snprintf(want, sizeof(want), "Unread: %lld", unread - 1);
	TUI_WAIT(t, want);
	assert_int_equal(server_unread(), unread - 1);
	after = fx_try(&ts, "GET", "/api/v1/messages?per_page=100", token, NULL, NULL);
	{
		const cJSON *it;
		bool seen = false;

		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(after, "items"))
			if ((long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "id")) == first_id) {
				assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "read")));
				seen = true;
			}
		assert_true(seen);
	}
	cJSON_Delete(after);

	/* mark all read */
	tui_keys(t, "a", NULL);
	TUI_WAIT(t, "All messages are marked read.");
	TUI_WAIT(t, "Unread: 0");
	TUI_GONE(t, "●");
	assert_int_equal(server_unread(), 0);
	cJSON_Delete(first);
	assert_true(tui_quit(t));
	tui_stop(t);
}

/* In Chinese: the Chinese titles and the translated screen. */
static void test_chinese(void **state)
{
	struct tui *t = tui_current();
	struct tui_opts o = { .lang = "zh_CN.UTF-8", .args = (const char *const[]){ "--lang", "zh_CN", NULL } };
	cJSON *first = first_message();

	assert_non_null(first);
	assert_int_equal(tui_start(t, &ts, &o), 0);
	TUI_WAIT(t, "注册");
	tui_keys(t, "l", NULL);
	TUI_WAIT(t, "密码");
	tui_type(t, "hanmei");
	tui_keys(t, "Tab", NULL);
	tui_type(t, FX_PASSWORD);
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "会员个人中心");
	assert_true(tui_menu(t, "消息中心"));
	TUI_WAIT(t, "未读");
	TUI_WAIT(t, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "title_zh")));
	cJSON_Delete(first);
	assert_true(tui_quit(t));
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_read_one_then_all, tui_current_teardown),
		cmocka_unit_test_teardown(test_chinese, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
