/* Notices in the staff console, against a real rosterd: write one in
 * Chinese over several lines in the multi-line editor and pin it, edit it,
 * unpin it, withdraw it — each checked on the server — and a branch
 * officer, who may not change headquarters' notices, is told so (their own
 * branch's notices: test_staff_keys.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui.h"
#include "fixture.h"
#include "roster/json.h"

static struct test_server ts;

static int setup(void **state)
{
	(void)state;
	return ts_start(&ts, NULL);
}

static int teardown(void **state)
{
	(void)state;
	ts_stop(&ts);
	return 0;
}

/* The notice titled title on the server (caller deletes), or NULL. */
static cJSON *notice(const char *title)
{
	struct http_reply r;
	const cJSON *it;
	cJSON *found = NULL;

	assert_int_equal(http_req(&ts, "GET", "/api/v1/notices?per_page=100", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r.json, "items"))
		if (!found && !strcmp(json_str_or(it, "title", ""), title))
			found = cJSON_Duplicate(it, 1);
	http_reply_free(&r);
	return found;
}

static void test_write_edit_pin_delete(void **state)
{
	struct tui t;
	cJSON *n;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "4", "Notices"));
	TUI_WAIT(&t, " of ");
	tui_keys(&t, "n", NULL);
	TUI_WAIT(&t, "New notice");
	tui_type(&t, "二〇二六年会员大会通知");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "各位会员：");
	tui_keys(&t, "Enter", NULL);
	tui_type(&t, "大会定于十二月举行。");
	tui_keys(&t, "Enter", NULL);
	tui_type(&t, "请准时参加，谢谢。");
	/* a mistake fixed across the line break: delete the last line */
	tui_keys(&t, "C-u", NULL);
	tui_keys(&t, "BSpace", NULL);
	TUI_WAIT(&t, "大会定于十二月举行。");
	TUI_GONE(&t, "请准时参加");
	tui_keys(&t, "Tab", NULL);
	tui_keys(&t, "Space", NULL);           /* pinned */
	TUI_WAIT(&t, "[x] Pinned to the top");
	tui_keys(&t, "F2", NULL);
	TUI_WAIT(&t, "The notice was saved.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "TOP   二〇二六年会员大会通知");

	n = notice("二〇二六年会员大会通知");
	assert_non_null(n);
	assert_string_equal(json_str_or(n, "body", ""), "各位会员：\n大会定于十二月举行。");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(n, "pinned")));
	cJSON_Delete(n);

	/* edit: pinned notices come first, so it is the selected row */
	tui_keys(&t, "e", NULL);
	TUI_WAIT(&t, "Edit notice");
	TUI_WAIT(&t, "各位会员：");
	tui_keys(&t, "Tab", NULL);
	tui_keys(&t, "Down", "End", NULL);
	tui_type(&t, "地点另行通知。");
	tui_keys(&t, "F2", NULL);
	TUI_WAIT(&t, "The notice was saved.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Notices");
	n = notice("二〇二六年会员大会通知");
	assert_non_null(n);
	assert_string_equal(json_str_or(n, "body", ""), "各位会员：\n大会定于十二月举行。地点另行通知。");
	cJSON_Delete(n);

	/* unpin */
	tui_keys(&t, "u", NULL);
	TUI_GONE(&t, "TOP   二〇二六年会员大会通知");
	TUI_WAIT(&t, "二〇二六年会员大会通知");
	n = notice("二〇二六年会员大会通知");
	assert_non_null(n);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(n, "pinned")));
	cJSON_Delete(n);

	/* delete: the newest unpinned notice, under the demo's pinned one */
	tui_keys(&t, "Home", "Down", "z", NULL);
	TUI_WAIT(&t, "Withdraw (delete) the notice \"二〇二六年会员大会通知\"?");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "The notice was deleted.");
	tui_keys(&t, "Enter", NULL);
	TUI_GONE(&t, "二〇二六年会员大会通知");
	assert_null(notice("二〇二六年会员大会通知"));
	tui_stop(&t);
}

static void test_branch_officer_notices(void **state)
{
	struct tui t;
	struct http_reply r;
	char *bj;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "bj_staff", "Branch-Demo-2026"));
	assert_true(tui_open(&t, "4", "Notices"));
	TUI_WAIT(&t, " of ");
	TUI_WAIT(&t, "Enter read");
	/* reading works */
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "OK");
	tui_keys(&t, "Enter", NULL);
	/* headquarters' notices stay headquarters' */
	tui_keys(&t, "Home", "z", NULL);
	TUI_WAIT(&t, "This notice is not your branch's");
	tui_stop(&t);
	/* the server takes a branch officer's notice as their branch's */
	bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	assert_non_null(bj);
	assert_int_equal(http_req(&ts, "POST", "/api/v1/notices", bj,
	                          "{\"title\":\"分会通知\",\"body\":\"正文\"}", &r), 0);
	assert_int_equal(r.status, 201);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(r.json, "org"), "code", ""), "BJ");
	http_reply_free(&r);
	free(bj);
	{
		cJSON *n = notice("分会通知");

		assert_non_null(n);
		cJSON_Delete(n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_edit_pin_delete),
		cmocka_unit_test(test_branch_officer_notices),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
