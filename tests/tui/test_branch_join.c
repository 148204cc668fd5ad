/* Join a branch: choose a branch, give a reason, send (the server holds a
 * branch join waiting for that branch); a rejection shows with its reason
 * and the request is sent again; once the branch approves, it is listed as
 * a membership and no longer offered. */
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

static const char *str(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));

	return s ? s : "";
}

static long long num(const cJSON *o, const char *key)
{
	return (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static int group_setup(void **state)
{
	if (ts_start(&ts, NULL) != 0)
		return -1;
	token = fx_active(&ts, "qianjin", "李雷");
	return token ? 0 : -1;
}

static int group_teardown(void **state)
{
	free(token);
	ts_stop(&ts);
	return 0;
}

/* This member's row for the Beijing branch in GET /branches/mine. */
static cJSON *beijing(void)
{
	cJSON *j = fx_try(&ts, "GET", "/api/v1/branches/mine", token, NULL, NULL), *it, *out = NULL;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
		if (!strcmp(str(cJSON_GetObjectItemCaseSensitive(it, "org"), "code"), "BJ"))
			out = cJSON_Duplicate(it, 1);
	cJSON_Delete(j);
	return out;
}

static void open_screen(struct tui *t)
{
	assert_true(tui_menu(t, "Join a branch"));
	TUI_WAIT(t, "Your organisations and requests:");
}

static void send_reason(struct tui *t, const char *reason)
{
	tui_keys(t, "Tab", "C-u", NULL);
	tui_type(t, reason);
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "Your request was sent to the branch for review.");
}

static void test_join_reject_resend_approve(void **state)
{
	struct tui *t = tui_current();
	cJSON *b;
	long long app_id;

	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "qianjin", FX_PASSWORD));
	open_screen(t);
	/* joined HQ directly */
	TUI_WAIT(t, "Headquarters");
	TUI_WAIT(t, "Member since");
	/* no branch is chosen for the member */
	TUI_WAIT(t, "< choose with Left/Right >");
	tui_keys(t, "Right", NULL);
	TUI_WAIT(t, "< Beijing Branch >");
	send_reason(t, "在北京工作");
	TUI_WAIT(t, "Under branch review");
	b = beijing();
	assert_non_null(b);
	assert_string_equal(str(b, "status"), "pending_branch");
	app_id = num(b, "application_id");
	cJSON_Delete(b);

	/* the branch rejects: the reason shows, and it is sent again */
	assert_true((fx_decide_as(&ts, "bj_staff", app_id, "reject", "请提供在京工作证明") == 200));
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "Member centre");
	open_screen(t);
	TUI_WAIT(t, "Rejected: 请提供在京工作证明");
	TUI_WAIT(t, "< choose with Left/Right >");
	tui_keys(t, "Right", NULL);
	TUI_WAIT(t, "< Beijing Branch >");
	send_reason(t, "已附在京工作证明");
	TUI_GONE(t, "请提供在京工作证明");
	b = beijing();
	assert_string_equal(str(b, "status"), "pending_branch");
	assert_int_equal(num(b, "application_id"), app_id);
	cJSON_Delete(b);

	/* approved: a branch of the member, not offered any more */
	assert_true((fx_decide_as(&ts, "bj_staff", app_id, "approve", NULL) == 200));
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "Member centre");
	open_screen(t);
	TUI_WAIT(t, "< choose with Left/Right >");
	tui_keys(t, "Right", NULL);
	TUI_WAIT(t, "< Shanghai Branch >");
	b = beijing();
	assert_string_equal(str(b, "status"), "member");
	cJSON_Delete(b);
	{
		char *screen = tui_screen(t), *bj = strstr(screen, "Beijing Branch");

		/* listed once, as a membership */
		assert_non_null(bj);
		assert_null(strstr(bj + 1, "Beijing Branch"));
		assert_non_null(strstr(bj, "Member since"));
		free(screen);
	}
	assert_true(tui_quit(t));
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_join_reject_resend_approve, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
