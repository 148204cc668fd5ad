/* The staff console's multi-line editor: buffer, wrapping by columns with
 * double-width characters, cursor movement by screen line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app.h"
#include "widgets/staff_textarea.h"

static void text_is(const struct textarea *t, const char *want)
{
	char *s = ta_text(t);

	assert_string_equal(s, want);
	free(s);
}

static void test_insert_and_newline(void **state)
{
	struct textarea t;

	(void)state;
	ta_init(&t, 0);
	assert_int_equal(ta_insert_utf8(&t, "第一行\r\n第二行\rthird"), 13);
	text_is(&t, "第一行\n第二行\nthird");
	assert_true(ta_key(&t, '\r'));
	assert_true(ta_key(&t, 0x516c)); /* 公 */
	text_is(&t, "第一行\n第二行\nthird\n公");
	assert_true(ta_backspace(&t));
	assert_true(ta_backspace(&t));
	text_is(&t, "第一行\n第二行\nthird");
	/* control characters other than a line break are refused */
	assert_false(ta_insert(&t, 0x07));
	ta_free(&t);
}

static void test_limit_counts_characters(void **state)
{
	struct textarea t;

	(void)state;
	ta_init(&t, 4);
	assert_int_equal(ta_insert_utf8(&t, "会员公告通知"), 4);
	text_is(&t, "会员公告");
	assert_false(ta_insert(&t, 'x'));
	ta_free(&t);
}

static void test_wrap_wide_never_straddles(void **state)
{
	struct textarea t;
	int row, col;

	(void)state;
	ta_init(&t, 0);
	ta_set_width(&t, 5);
	/* a1 中 中 | 中 : "a" + 中 + 中 is 5 columns, the third 中 wraps */
	ta_set(&t, "a中中中");
	assert_int_equal(ta_lines(&t), 2);
	t.cur = 3; /* before the third 中 */
	ta_cursor_pos(&t, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 0);
	/* with width 4 the second 中 (columns 3-4) does not fit either */
	ta_set_width(&t, 4);
	t.cur = 2;
	ta_cursor_pos(&t, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 0);
	ta_free(&t);
}

static void test_up_down_keep_column(void **state)
{
	struct textarea t;
	int row, col;

	(void)state;
	ta_init(&t, 0);
	ta_set_width(&t, 20);
	ta_set(&t, "abcdef\n中文\nxyz123");
	t.cur = 5; /* 'f', column 5 */
	assert_true(ta_down(&t));
	ta_cursor_pos(&t, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 4);        /* the end of "中文" (4 columns) */
	assert_true(ta_down(&t));
	ta_cursor_pos(&t, &row, &col);
	assert_int_equal(row, 2);
	assert_int_equal(col, 5);        /* back to the goal column */
	assert_false(ta_down(&t));
	assert_true(ta_up(&t));
	assert_true(ta_up(&t));
	assert_int_equal(t.cur, 5);
	assert_false(ta_up(&t));
	ta_free(&t);
}

static void test_home_end_kill(void **state)
{
	struct textarea t;

	(void)state;
	ta_init(&t, 0);
	ta_set_width(&t, 40);
	ta_set(&t, "标题一\n正文内容\n结尾");
	t.cur = 6; /* inside 正文内容, after 正文 */
	ta_line_home(&t);
	assert_int_equal(t.cur, 4);
	ta_line_end(&t);
	assert_int_equal(t.cur, 8);      /* before the '\n' */
	assert_true(ta_kill_end(&t));    /* at a line end: joins the next line */
	text_is(&t, "标题一\n正文内容结尾");
	t.cur = 6;
	assert_true(ta_kill_end(&t));
	text_is(&t, "标题一\n正文");
	assert_true(ta_kill_start(&t));
	text_is(&t, "标题一\n");
	assert_int_equal(t.cur, 4);
	ta_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_and_newline),
		cmocka_unit_test(test_limit_counts_characters),
		cmocka_unit_test(test_wrap_wide_never_straddles),
		cmocka_unit_test(test_up_down_keep_column),
		cmocka_unit_test(test_home_end_kill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
