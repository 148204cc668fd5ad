/* A bracketed paste into the notice editor: a notice of three Chinese
 * paragraphs pasted at once arrives on the server whole, blank lines and
 * all; the same paste into the one-line title keeps only its first line and
 * never presses Enter. */
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

#define BODY "各位会员：\n\n二〇二六年会员大会定于十二月十二日在北京举行，" \
             "请各分会组织会员准时参加。\n\n会议议程另行通知，如有疑问请联系秘书处。"

/* The body of the notice titled title on the server (caller frees), or NULL. */
static char *notice_body(const char *title)
{
	struct http_reply r;
	const cJSON *it;
	char *found = NULL;

	assert_int_equal(http_req(&ts_group, "GET", "/api/v1/notices?per_page=100", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r.json, "items"))
		if (!found && !strcmp(json_str_or(it, "title", ""), title))
			found = strdup(json_str_or(it, "body", ""));
	http_reply_free(&r);
	return found;
}

static void test_paste_three_paragraphs(void **state)
{
	struct tui t;
	char *body, *screen;

	(void)state;
	assert_int_equal(tui_start(&t, &ts_group, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "4", "Notices"));
	tui_keys(&t, "n", NULL);
	TUI_WAIT(&t, "New notice");
	/* into the title: the first line only, and the editor stays open */
	tui_paste(&t, "年会通知\n这一行不进标题");
	TUI_WAIT(&t, "年会通知");
	tui_settle(&t, 300);
	screen = tui_screen(&t);
	assert_null(strstr(screen, "这一行不进标题"));
	free(screen);
	tui_keys(&t, "Tab", NULL);
	tui_paste(&t, BODY);
	TUI_WAIT(&t, "如有疑问请联系秘书处。");
	TUI_WAIT(&t, "各位会员：");
	tui_keys(&t, "F2", NULL);
	TUI_WAIT(&t, "The notice was saved.");
	tui_keys(&t, "Enter", NULL);
	TUI_GONE(&t, "New notice");

	body = notice_body("年会通知");
	assert_non_null(body);
	assert_string_equal(body, BODY);
	free(body);
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paste_three_paragraphs),
	};

	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
