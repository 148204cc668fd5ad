/* The multi-line editor: the edit buffer with line breaks, wrapping by
 * columns with double-width characters, cursor movement by screen line,
 * Enter and the line breaks of a bracketed paste. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <curses.h>

#include "app.h"
#include "widgets/textarea.h"

static void text_is(const struct textarea *t, const char *want)
{
	char *s = textarea_text(t);

	assert_string_equal(s, want);
	free(s);
}

static void test_insert_and_newline(void **state)
{
	struct textarea t;

	(void)state;
	textarea_init(&t, 0);
	assert_int_equal(edit_insert_utf8(&t.e, "第一行\r\n第二行\rthird"), 13);
	text_is(&t, "第一行\n第二行\nthird");
	assert_true(textarea_key(&t, '\r'));
	assert_true(textarea_key(&t, 0x516c)); /* 公 */
	text_is(&t, "第一行\n第二行\nthird\n公");
	assert_true(edit_backspace(&t.e));
	assert_true(edit_backspace(&t.e));
	text_is(&t, "第一行\n第二行\nthird");
	/* control characters other than a line break are refused */
	assert_false(edit_insert(&t.e, 0x07));
	textarea_free(&t);
}

/* A pasted notice of three paragraphs keeps them all: the app hands each
 * of its line breaks over as KEY_PASTE_NL. */
static void test_paste_keeps_paragraphs(void **state)
{
	static const char *const para[] = {
		"第一段：会员大会定于五月召开。", "第二段：请各分会提前报名。", "第三段：联系秘书处。",
	};
	struct textarea t;
	size_t i;

	(void)state;
	textarea_init(&t, 0);
	for (i = 0; i < 3; i++) {
		if (i)
			assert_true(textarea_key(&t, KEY_PASTE_NL));
		edit_insert_utf8(&t.e, para[i]);
	}
	text_is(&t, "第一段：会员大会定于五月召开。\n第二段：请各分会提前报名。\n第三段：联系秘书处。");
	textarea_set_width(&t, 20);
	assert_true(textarea_lines(&t) >= 3);
	textarea_free(&t);
}

/* A dialog whose Enter sends (the reason) leaves Enter to its caller but
 * still takes a pasted line break. */
static void test_enter_ends(void **state)
{
	struct textarea t;

	(void)state;
	textarea_init(&t, 0);
	t.enter_ends = true;
	edit_insert_utf8(&t.e, "资料不全");
	assert_false(textarea_key(&t, '\r'));
	assert_false(textarea_key(&t, KF(KEY_ENTER)));
	assert_true(textarea_key(&t, KEY_PASTE_NL));
	edit_insert_utf8(&t.e, "请补充");
	text_is(&t, "资料不全\n请补充");
	textarea_free(&t);
}

/* A one-line editor refuses what only a multi-line one takes. */
static void test_single_line_refuses_breaks(void **state)
{
	struct edit e;
	char *s;

	(void)state;
	edit_init(&e, 0, false);
	assert_false(edit_insert(&e, L'\n'));
	assert_false(edit_key(&e, KEY_PASTE_NL));
	assert_int_equal(edit_insert_utf8(&e, "上一行\n下一行"), 3);
	s = edit_text(&e);
	assert_string_equal(s, "上一行");
	free(s);
	edit_free(&e);
}

static void test_limit_counts_characters(void **state)
{
	struct textarea t;

	(void)state;
	textarea_init(&t, 4);
	assert_int_equal(edit_insert_utf8(&t.e, "会员公告通知"), 4);
	text_is(&t, "会员公告");
	assert_false(edit_insert(&t.e, 'x'));
	assert_true(textarea_key(&t, 'x')); /* at the limit the key is still ours */
	text_is(&t, "会员公告");
	/* a stored text longer than the limit is kept whole when edited */
	textarea_set(&t, "会员公告通知");
	text_is(&t, "会员公告通知");
	assert_int_equal(t.e.cur, 0);
	textarea_free(&t);
}

static void test_wrap_wide_never_straddles(void **state)
{
	struct textarea t;
	int row, col;

	(void)state;
	textarea_init(&t, 0);
	textarea_set_width(&t, 5);
	/* "a" + 中 + 中 is 5 columns, the third 中 wraps */
	textarea_set(&t, "a中中中");
	assert_int_equal(textarea_lines(&t), 2);
	t.e.cur = 3; /* before the third 中 */
	textarea_cursor_pos(&t, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 0);
	/* with width 4 the second 中 (columns 3-4) does not fit either */
	textarea_set_width(&t, 4);
	t.e.cur = 2;
	textarea_cursor_pos(&t, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 0);
	textarea_free(&t);
}

static void test_up_down_keep_column(void **state)
{
	struct textarea t;
	int row, col;

	(void)state;
	textarea_init(&t, 0);
	textarea_set_width(&t, 20);
	textarea_set(&t, "abcdef\n中文\nxyz123");
	t.e.cur = 5; /* 'f', column 5 */
	assert_true(textarea_down(&t));
	textarea_cursor_pos(&t, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 4);        /* the end of "中文" (4 columns) */
	assert_true(textarea_key(&t, KF(KEY_DOWN)));
	textarea_cursor_pos(&t, &row, &col);
	assert_int_equal(row, 2);
	assert_int_equal(col, 5);        /* back to the goal column */
	assert_false(textarea_down(&t));
	assert_true(textarea_up(&t));
	assert_true(textarea_up(&t));
	assert_int_equal(t.e.cur, 5);
	assert_false(textarea_up(&t));
	textarea_free(&t);
}

static void test_home_end_kill(void **state)
{
	struct textarea t;

	(void)state;
	textarea_init(&t, 0);
	textarea_set_width(&t, 40);
	textarea_set(&t, "标题一\n正文内容\n结尾");
	t.e.cur = 6; /* inside 正文内容, after 正文 */
	textarea_key(&t, KEY_CTRL('a'));
	assert_int_equal(t.e.cur, 4);
	textarea_key(&t, KF(KEY_END));
	assert_int_equal(t.e.cur, 8);            /* before the '\n' */
	assert_true(textarea_key(&t, KEY_CTRL('k'))); /* at a line end: joins the next line */
	text_is(&t, "标题一\n正文内容结尾");
	t.e.cur = 6;
	assert_true(edit_kill_end(&t.e));
	text_is(&t, "标题一\n正文");
	assert_true(edit_kill_start(&t.e));
	text_is(&t, "标题一\n");
	assert_int_equal(t.e.cur, 4);
	/* Ctrl-W stops at the line break */
	edit_insert_utf8(&t.e, "one two");
	assert_true(edit_kill_word(&t.e));
	assert_true(edit_kill_word(&t.e));
	text_is(&t, "标题一\n");
	textarea_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_and_newline),
		cmocka_unit_test(test_paste_keeps_paragraphs),
		cmocka_unit_test(test_enter_ends),
		cmocka_unit_test(test_single_line_refuses_breaks),
		cmocka_unit_test(test_limit_counts_characters),
		cmocka_unit_test(test_wrap_wide_never_straddles),
		cmocka_unit_test(test_up_down_keep_column),
		cmocka_unit_test(test_home_end_kill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
