/* Member centre: status in words (with the reason when rejected), level,
 * member number, valid until, unread messages, latest notices, the one next
 * action that matters now, and the menu; at 80x24 and larger, in English
 * and Chinese. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

static void start(struct tui *t, const char *lang, int cols, int rows)
{
	const char *zh[] = { "--lang", "zh_CN", NULL };
	struct tui_opts o = { .cols = cols, .rows = rows, .args = lang ? zh : NULL };

	assert_int_equal(tui_start(t, &ts, &o), 0);
}

/* A new account: nothing applied for yet, so the next step is to apply,
 * and Enter there opens the join wizard. */
static void test_new_member(void **state)
{
	char *tok = fx_register(&ts, "dash_new");
	struct tui t;

	assert_non_null(tok);
	start(&t, NULL, 0, 0);
	assert_true(tui_sign_in(&t, "dash_new", FX_PASSWORD));
	TUI_WAIT(&t, "Application not submitted");
	TUI_WAIT(&t, "[ Apply for membership ]");
	TUI_WAIT(&t, "dash_new@example.test");
	/* the seeded notices, newest first */
	TUI_WAIT(&t, "Latest notices");
	TUI_WAIT(&t, "The new member system is live");
	/* every member screen is in the menu */
	TUI_WAIT(&t, "Pay dues / renew");
	TUI_WAIT(&t, "My certificate");
	TUI_WAIT(&t, "Sign out");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Step 1 of");
	TUI_WAIT(&t, "Join through");
	tui_stop(&t);
	free(tok);
}

/* Rejected at the branch: 已驳回（原因） and 完善资料, in Chinese. */
static void test_rejected_shows_reason(void **state)
{
	char *tok = fx_register(&ts, "dash_rej");
	struct tui t;

	assert_non_null(tok);
	fx_draft(&ts, tok, "BJ", "regular", fx_profile("李四"));
	fx_upload_form(&ts, tok);
	fx_submit(&ts, tok);
	assert_int_equal(fx_decide_as(&ts, "bj_staff", fx_join_id(&ts, tok), "reject", "申请表缺少签字"), 200);
	start(&t, "zh", 0, 0);
	assert_true(tui_sign_in(&t, "dash_rej", FX_PASSWORD));
	TUI_WAIT(&t, "已驳回（申请表缺少签字）");
	TUI_WAIT(&t, "[ 完善资料 ]");
	TUI_WAIT(&t, "北京分会");
	/* the rejection was messaged: the count is not zero */
	TUI_WAIT(&t, "未读消息");
	{
		char *screen = tui_screen(&t);
		const char *p = strstr(screen, "未读消息");

		assert_non_null(p);
		p += strlen("未读消息");
		while (*p == ' ')
			p++;
		assert_true(*p >= '1' && *p <= '9');
		free(screen);
	}
	/* the next step leads to the wizard with the application in it */
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "审核退回：申请表缺少签字");
	tui_stop(&t);
	free(tok);
}

/* Approved: 去缴费 opens the payment; after paying for this year only the
 * membership ends within two months, so the next step is to renew. */
static void test_pay_then_renew(void **state)
{
	char *tok = fx_register(&ts, "dash_pay");
	struct tui t;

	assert_non_null(tok);
	fx_approve(&ts, fx_apply(&ts, tok, "HQ", "regular", fx_profile("王五")), "HQ");
	start(&t, NULL, 0, 0);
	assert_true(tui_sign_in(&t, "dash_pay", FX_PASSWORD));
	TUI_WAIT(&t, "Awaiting payment");
	TUI_WAIT(&t, "[ Pay the dues ]");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Pay for");
	/* paid behind the screen's back (by the API): back on the centre the
	 * status is read again */
	fx_pay_dues(&ts, tok);
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "Full member");
	{
		cJSON *me = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(me, "member");
		const char *no = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "member_no"));
		const char *until = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "valid_until"));
		long days = 0;

		assert_non_null(no);
		assert_non_null(until);
		TUI_WAIT(&t, no);
		TUI_WAIT(&t, until);
		/* renewal is offered within 60 days of the end */
		{
			struct tm tm = { 0 };
			time_t now = time(NULL), end;

			sscanf(until, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
			tm.tm_year -= 1900;
			tm.tm_mon -= 1;
			tm.tm_hour = 12;
			end = mktime(&tm);
			days = (long)((end - now) / 86400);
		}
		if (days <= 60)
			TUI_WAIT(&t, "[ Renew ]");
		else
			TUI_GONE(&t, "Next step");
		cJSON_Delete(me);
	}
	tui_stop(&t);
	free(tok);
}

/* Menu letters open screens; the centre survives a bigger terminal and
 * keeps every part on an 80x24 one. */
static void test_menu_and_sizes(void **state)
{
	char *tok = fx_register(&ts, "dash_menu");
	struct tui t;

	assert_non_null(tok);
	start(&t, NULL, 120, 40);
	assert_true(tui_sign_in(&t, "dash_menu", FX_PASSWORD));
	TUI_WAIT(&t, "Sign out");
	assert_true(tui_menu(&t, "My certificate"));
	TUI_WAIT(&t, "You have no certificate yet.");
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "Latest notices");
	tui_resize(&t, 80, 24);
	TUI_WAIT(&t, "Sign out");
	TUI_WAIT(&t, "Application not submitted");
	TUI_WAIT(&t, "Latest notices");
	assert_true(tui_menu(&t, "Pay dues / renew"));
	/* not approved yet: the server says why nothing can be paid */
	assert_true(tui_wait_any(&t, "Dues can be paid once your application has been approved.",
	                        "入会申请批准后才能缴纳会费。", TUI_TIMEOUT_MS));
	tui_stop(&t);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_member),
		cmocka_unit_test(test_rejected_shows_reason),
		cmocka_unit_test(test_pay_then_renew),
		cmocka_unit_test(test_menu_and_sizes),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
