/* The line editor's buffer: insert, delete, cursor moves, limits counted in
 * characters, columns of double-width characters, masked fields. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <curses.h>

#include "app.h"
#include "widgets/edit.h"

static void assert_text(const struct edit *e, const char *want)
{
	char *t = edit_text(e);

	assert_string_equal(t, want);
	free(t);
}

static void test_insert_and_cursor(void **state)
{
	struct edit e;

	edit_init(&e, 0, false);
	assert_true(edit_insert(&e, L'a'));
	assert_true(edit_insert(&e, L'c'));
	edit_left(&e);
	assert_true(edit_insert(&e, L'b'));
	assert_text(&e, "abc");
	assert_int_equal(e.cur, 2);
	edit_home(&e);
	assert_int_equal(e.cur, 0);
	edit_end(&e);
	assert_int_equal(e.cur, 3);
	assert_false(edit_right(&e));
	edit_free(&e);
}

static void test_chinese_columns(void **state)
{
	struct edit e;

	edit_init(&e, 0, false);
	edit_set(&e, "张三abc");
	assert_int_equal(e.len, 5);
	assert_int_equal(e.cur, 5);
	/* two double-width characters and three narrow ones */
	assert_int_equal(edit_cols(&e, 5), 7);
	assert_int_equal(edit_cols(&e, 1), 2);
	edit_home(&e);
	edit_right(&e);
	assert_int_equal(edit_cols(&e, e.cur), 2);
	/* delete the second Chinese character under the cursor */
	assert_true(edit_delete(&e));
	assert_text(&e, "张abc");
	/* backspace removes a whole character, never half of one */
	assert_true(edit_backspace(&e));
	assert_text(&e, "abc");
	assert_int_equal(e.cur, 0);
	edit_free(&e);
}

static void test_limit_in_characters(void **state)
{
	struct edit e;

	edit_init(&e, 3, false);
	/* three Chinese characters are nine bytes but only three characters */
	assert_int_equal(edit_insert_utf8(&e, "一二三四"), 3);
	assert_text(&e, "一二三");
	assert_false(edit_insert(&e, L'x'));
	assert_true(edit_key(&e, 'x')); /* still the editor's key, just refused */
	assert_text(&e, "一二三");
	edit_free(&e);
}

static void test_kill_and_keys(void **state)
{
	struct edit e;

	edit_init(&e, 0, false);
	edit_set(&e, "hello world");
	edit_key(&e, KEY_CTRL('w'));
	assert_text(&e, "hello ");
	edit_key(&e, KF(KEY_LEFT));
	edit_key(&e, KF(KEY_LEFT));
	edit_key(&e, KEY_CTRL('k'));
	assert_text(&e, "hell");
	edit_key(&e, KF(KEY_HOME));
	edit_key(&e, KF(KEY_RIGHT));
	edit_key(&e, KEY_CTRL('u'));
	assert_text(&e, "ell");
	assert_int_equal(e.cur, 0);
	edit_key(&e, KF(KEY_END));
	edit_key(&e, KF(KEY_BACKSPACE));
	edit_key(&e, 127);
	assert_text(&e, "e");
	/* control characters and function keys never land in the text */
	assert_false(edit_key(&e, KF(KEY_F(5))));
	assert_false(edit_key(&e, '\r'));
	assert_text(&e, "e");
	edit_free(&e);
}

static void test_paste_stops_at_newline(void **state)
{
	struct edit e;

	edit_init(&e, 0, false);
	assert_int_equal(edit_insert_utf8(&e, "北京市\t海淀区\nsecond line"), 7);
	assert_text(&e, "北京市 海淀区");
	edit_free(&e);
}

static void test_masked_columns(void **state)
{
	struct edit e;

	edit_init(&e, 0, true);
	edit_set(&e, "密码pw");
	/* a mask shows one '*' per character, whatever its width */
	assert_int_equal(edit_cols(&e, 4), 4);
	edit_clear(&e);
	assert_int_equal(e.len, 0);
	assert_text(&e, "");
	edit_free(&e);
}

static void test_scroll_keeps_cursor_visible(void **state)
{
	struct edit e;
	int col;

	edit_init(&e, 0, false);
	edit_set(&e, "一二三四五六七八九十");   /* 20 columns */
	col = edit_scroll_to_cursor(&e, 10);
	assert_true(col >= 0 && col <= 9);
	/* the first character shown plus the visible ones end at the cursor */
	assert_int_equal(edit_cols(&e, e.cur) - edit_cols(&e, e.scroll), (size_t)col);
	edit_home(&e);
	assert_int_equal(edit_scroll_to_cursor(&e, 10), 0);
	assert_int_equal(e.scroll, 0);
	edit_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_and_cursor),
		cmocka_unit_test(test_chinese_columns),
		cmocka_unit_test(test_limit_in_characters),
		cmocka_unit_test(test_kill_and_keys),
		cmocka_unit_test(test_paste_stops_at_newline),
		cmocka_unit_test(test_masked_columns),
		cmocka_unit_test(test_scroll_keeps_cursor_visible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
