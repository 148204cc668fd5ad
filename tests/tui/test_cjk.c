/* Typing and deleting Chinese in a field: every character takes two
 * columns, the cursor moves by whole characters, Home/Delete/Ctrl-U work,
 * and a pasted line goes in without pressing Enter. */
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
	return ts_start(&ts, NULL);
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

static void cursor(struct tui *t, int *x, int *y)
{
	assert_true(tui_cursor(t, x, y));
}

/* Wait for the cursor to reach column want (the repaint is asynchronous). */
static void wait_cursor_x(struct tui *t, int want)
{
	long long end = tui_now_ms() + TUI_TIMEOUT_MS;
	int x, y;

	for (;;) {
		cursor(t, &x, &y);
		if (x == want)
			return;
		if (tui_now_ms() > end) {
			fprintf(stderr, "# cursor at %d, wanted %d\n", x, want);
			fail();
		}
		tui_settle_ms(10);
	}
}

static void test_type_and_delete_chinese(void **state)
{
	struct tui t;
	int x0, y0;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	cursor(&t, &x0, &y0);

	tui_type(&t, "张三丰");
	TUI_WAIT(&t, "张三丰");
	wait_cursor_x(&t, x0 + 6);

	tui_keys(&t, "BSpace", NULL);
	TUI_GONE(&t, "张三丰");
	TUI_WAIT(&t, "张三");
	wait_cursor_x(&t, x0 + 4);

	/* insert at the start, delete under the cursor */
	tui_keys(&t, "Home", NULL);
	wait_cursor_x(&t, x0);
	tui_type(&t, "李");
	TUI_WAIT(&t, "李张三");
	wait_cursor_x(&t, x0 + 2);
	tui_keys(&t, "DC", NULL);
	TUI_WAIT(&t, "李三");
	tui_keys(&t, "Right", NULL);
	wait_cursor_x(&t, x0 + 4);
	tui_type(&t, "a");
	TUI_WAIT(&t, "李三a");
	wait_cursor_x(&t, x0 + 5);
	tui_keys(&t, "Left", "Left", NULL);
	wait_cursor_x(&t, x0 + 2);

	/* Ctrl-U takes everything before the cursor */
	tui_keys(&t, "C-u", NULL);
	TUI_GONE(&t, "李三a");
	TUI_WAIT(&t, "三a");
	wait_cursor_x(&t, x0);
	tui_keys(&t, "End", "C-u", NULL);
	TUI_GONE(&t, "三a");
	wait_cursor_x(&t, x0);
	tui_stop(&t);
}

static void test_paste_line(void **state)
{
	struct tui t;
	int x0, y0;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	cursor(&t, &x0, &y0);
	/* a pasted line with a newline: the text goes in, Enter is not pressed */
	tui_paste(&t, "王小明@example.com\nsecond line\n");
	TUI_WAIT(&t, "王小明@example.com");
	wait_cursor_x(&t, x0 + 6 + 12);
	TUI_GONE(&t, "second line");
	TUI_GONE(&t, "This field is required.");
	tui_stop(&t);
}

static void test_long_chinese_scrolls(void **state)
{
	struct tui t;
	int x0, y0, x, y;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	cursor(&t, &x0, &y0);
	/* 30 characters, 60 columns: more than the field shows */
	tui_type(&t, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十");
	TUI_WAIT(&t, "八九十");
	cursor(&t, &x, &y);
	assert_true(x > x0 && x < 80);
	assert_int_equal(y, y0);
	tui_keys(&t, "Home", NULL);
	wait_cursor_x(&t, x0);
	TUI_WAIT(&t, "一二三四");
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_and_delete_chinese),
		cmocka_unit_test(test_paste_line),
		cmocka_unit_test(test_long_chinese_scrolls),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
