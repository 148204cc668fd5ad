/* The table widget without a terminal: paging through server pages by
 * screenfuls sees every row exactly once forward and back; a new filter
 * starts at the top; marks survive paging; the position line; cells cut
 * with "…" by terminal columns. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "widgets/table.h"

#define TOTAL 282
#define PER_PAGE 50
#define ROWS 17

/* The server: page p of TOTAL rows numbered 1..TOTAL. */
static void serve(struct table *t, long page)
{
	char cell[24];
	const char *cells[1] = { cell };

	for (long i = (page - 1) * PER_PAGE + 1; i <= page * PER_PAGE && i <= TOTAL; i++) {
		snprintf(cell, sizeof(cell), "%03ld", i);
		table_add(t, i, cell, cells);
	}
	table_done(t, page, PER_PAGE, TOTAL);
}

static void setup_table(struct table *t, bool markable)
{
	static const struct table_col cols[] = { { "No.", 0 } };

	table_init(t, markable, "none");
	table_set_cols(t, cols, 1);
	t->height = ROWS;
	table_loading(t, 1, TABLE_LAND_FIRST);
	serve(t, 1);
}

/* Press key; fetch a page when the table asks. */
static void press(struct table *t, unsigned key)
{
	if (table_key(t, key) == TABLE_FETCH) {
		long page = t->want_page;

		table_loading(t, page, t->land);
		serve(t, page);
	}
}

/* Record the rows on screen into seen[]. */
static void look(const struct table *t, int *seen)
{
	table_fit((struct table *)t);
	for (int i = t->top; i < t->top + t->height && i < t->n; i++)
		seen[t->rows[i].id]++;
}

static void walk(unsigned key, unsigned back, bool forward_first)
{
	struct table t;
	int seen[TOTAL + 1] = { 0 }, screens = 0;

	setup_table(&t, false);
	if (!forward_first)
		press(&t, KF(KEY_END));
	for (;;) {
		long long before = t.rows[t.top].id;

		look(&t, seen);
		press(&t, forward_first ? key : back);
		screens++;
		assert_true(screens < 100);
		if (t.rows[t.top].id == before)
			break;    /* at the end: nothing moved */
	}
	for (int i = 1; i <= TOTAL; i++)
		if (seen[i] != 1)
			fail_msg("row %d seen %d times", i, seen[i]);
	table_free(&t);
}

static void test_every_row_once_forward(void **state)
{
	(void)state;
	walk(KF(KEY_NPAGE), 0, true);
	walk(KEY_CTRL('f'), 0, true);
}

static void test_every_row_once_back(void **state)
{
	(void)state;
	walk(0, KF(KEY_PPAGE), false);
	walk(0, KEY_CTRL('b'), false);
}

static void test_rows_one_by_one(void **state)
{
	struct table t;

	(void)state;
	setup_table(&t, false);
	/* Down across the page boundary lands on row 51, Up comes back to 50 */
	for (int i = 1; i < PER_PAGE; i++)
		press(&t, KF(KEY_DOWN));
	assert_int_equal(table_selected(&t)->id, 50);
	press(&t, KF(KEY_DOWN));
	assert_int_equal(t.page, 2);
	assert_int_equal(table_selected(&t)->id, 51);
	press(&t, KF(KEY_UP));
	assert_int_equal(t.page, 1);
	assert_int_equal(table_selected(&t)->id, 50);
	/* End and Home go to the ends of the whole list */
	press(&t, KF(KEY_END));
	assert_int_equal(table_selected(&t)->id, TOTAL);
	press(&t, KF(KEY_HOME));
	assert_int_equal(table_selected(&t)->id, 1);
	table_free(&t);
}

static void test_position(void **state)
{
	struct table t;
	char buf[96];

	(void)state;
	ui_init(false, false);
	setup_table(&t, true);
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "1-17 of 282");
	press(&t, KF(KEY_NPAGE));
	press(&t, KF(KEY_NPAGE));
	/* the last screenful of page 1 is short: 35-50 */
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "35-50 of 282");
	press(&t, KF(KEY_NPAGE));
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "51-67 of 282");
	/* marks survive paging and are counted */
	press(&t, ' ');
	press(&t, KF(KEY_PPAGE));
	press(&t, ' ');
	assert_int_equal(t.page, 1);
	assert_true(table_is_marked(&t, 51));
	assert_true(table_is_marked(&t, 50));
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "35-50 of 282, 2 marked");
	/* loading and failing show no position and no rows */
	table_loading(&t, 2, TABLE_LAND_FIRST);
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "");
	assert_null(table_selected(&t));
	table_fail(&t, "cannot reach the server");
	assert_int_equal(t.state, TABLE_FAILED);
	assert_null(table_selected(&t));
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "");
	table_free(&t);
}

static void test_restart_on_filter(void **state)
{
	struct table t;
	const char *cells[1] = { "x" };

	(void)state;
	setup_table(&t, false);
	press(&t, KF(KEY_NPAGE));
	press(&t, KF(KEY_NPAGE));
	press(&t, KF(KEY_NPAGE));
	assert_int_equal(t.page, 2);
	/* a filter with 16 rows: the first is the highlighted and shown one */
	table_restart(&t);
	for (int i = 0; i < 16; i++)
		table_add(&t, 1000 + i, "x", cells);
	table_done(&t, 1, PER_PAGE, 16);
	table_fit(&t);
	assert_int_equal(t.top, 0);
	assert_int_equal(table_selected(&t)->id, 1000);
	/* a short last page after the page before: the cursor is on a row */
	table_loading(&t, 1, TABLE_LAND_KEEP);
	t.sel = 40;
	for (int i = 0; i < 6; i++)
		table_add(&t, 2000 + i, "x", cells);
	table_done(&t, 2, PER_PAGE, 56);
	table_fit(&t);
	assert_int_equal(table_selected(&t)->id, 2005);
	assert_int_equal(t.top, 0);
	table_free(&t);
}

static void test_cell_cut(void **state)
{
	char *c;

	(void)state;
	ui_init(false, true);
	c = table_fit_cell("中华人民共和国", 7);
	assert_string_equal(c, "中华人…");
	free(c);
	c = table_fit_cell("中华人民共和国", 8);
	assert_string_equal(c, "中华人… ");
	free(c);
	c = table_fit_cell("Beijing", 10);
	assert_string_equal(c, "Beijing   ");
	free(c);
	c = table_fit_cell("Beijing Branch", 10);
	assert_string_equal(c, "Beijing B…");
	free(c);
	ui_init(false, false);
	c = table_fit_cell("Beijing Branch", 10);
	assert_string_equal(c, "Beijing B~");
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row_once_forward),
		cmocka_unit_test(test_every_row_once_back),
		cmocka_unit_test(test_rows_one_by_one),
		cmocka_unit_test(test_position),
		cmocka_unit_test(test_restart_on_filter),
		cmocka_unit_test(test_cell_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
