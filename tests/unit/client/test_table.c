/* The table widget without a terminal: paging through server pages by
 * screenfuls sees every row exactly once forward and back, on screenfuls
 * that are full where two server pages meet (for screens shorter and
 * taller than a page), holding a few pages at most; a refresh keeps the
 * highlighted row; a page that fails to join leaves the rows held on
 * screen; a new filter starts at the top; marks survive paging;
 * the position line; cells cut with "…" by terminal columns. */
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

static int rows = ROWS;   /* the screen's, for the walks */
static int fetches;       /* pages asked for */

/* The server: page p of TOTAL rows numbered 1..TOTAL. What the table asks
 * next (one more page to fill the screenful). */
static enum table_event serve(struct table *t, long page)
{
	char cell[24];
	const char *cells[1] = { cell };

	fetches++;
	for (long i = (page - 1) * PER_PAGE + 1; i <= page * PER_PAGE && i <= TOTAL; i++) {
		snprintf(cell, sizeof(cell), "%03ld", i);
		table_add(t, i, cell, cells);
	}
	return table_done(t, page, PER_PAGE, TOTAL);
}

/* Fetch pages while the table asks for them. */
static void fetch_while(struct table *t, enum table_event ev)
{
	while (ev == TABLE_FETCH) {
		assert_false(t->joining);
		table_loading(t, t->want_page, t->land);
		ev = serve(t, t->want_page);
	}
}

/* An empty table of one column, height rows tall (0: not drawn yet),
 * loading page 1. */
static void new_table(struct table *t, bool markable, int height)
{
	static const struct table_col cols[] = { { "No.", 0 } };

	table_init(t, markable, "none");
	table_set_cols(t, cols, 1);
	if (height > 0)
		t->height = height;
	table_loading(t, 1, TABLE_LAND_FIRST);
}

static void setup_table(struct table *t, bool markable)
{
	new_table(t, markable, rows);
	fetch_while(t, serve(t, 1));
}

/* Press key; fetch pages when the table asks. */
static void press(struct table *t, unsigned key)
{
	fetch_while(t, table_key(t, key));
}

/* Record the rows on screen into seen[]. */
static void look(const struct table *t, int *seen)
{
	table_fit((struct table *)t);
	for (int i = t->top; i < t->top + t->height && i < t->n; i++)
		seen[t->rows[i].id]++;
}

/* Screenfuls from one end to the other: every row seen once, every
 * screenful full but the one with the last row, and no more than
 * TABLE_HELD_PAGES pages held when a page is taller than the screen. */
static void walk(unsigned key, unsigned back, bool forward_first)
{
	struct table t;
	int seen[TOTAL + 1] = { 0 }, screens = 0;

	setup_table(&t, false);
	if (!forward_first)
		press(&t, KF(KEY_END));
	for (;;) {
		long long before = t.rows[t.top].id;
		int shown;

		look(&t, seen);
		shown = t.n - t.top < t.height ? t.n - t.top : t.height;
		if (shown < t.height && t.rows[t.n - 1].id != TOTAL)
			fail_msg("a screenful of %d rows from row %lld", shown, before);
		if (rows <= PER_PAGE)
			assert_true(t.n <= TABLE_HELD_PAGES * PER_PAGE);
		press(&t, forward_first ? key : back);
		screens++;
		assert_true(screens < 300);
		if (t.rows[t.top].id == before)
			break;    /* at the end: nothing moved */
	}
	for (int i = 1; i <= TOTAL; i++)
		if (seen[i] != 1)
			fail_msg("row %d seen %d times (screen of %d rows)", i, seen[i], rows);
	table_free(&t);
}

/* screens shorter than a page, one that divides it, one as tall and
 * taller ones */
static const int screens[] = { ROWS, 1, 10, 49, 50, 51, 120, 300 };

static void test_every_row_once_forward(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(screens) / sizeof(*screens); i++) {
		rows = screens[i];
		walk(KF(KEY_NPAGE), 0, true);
		walk(KEY_CTRL('f'), 0, true);
	}
	rows = ROWS;
}

static void test_every_row_once_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(screens) / sizeof(*screens); i++) {
		rows = screens[i];
		walk(0, KF(KEY_PPAGE), false);
		walk(0, KEY_CTRL('b'), false);
	}
	rows = ROWS;
}

/* Row by row through the whole list and back: each row highlighted in
 * turn, each server page asked for once each way. */
static void test_every_row_one_by_one(void **state)
{
	struct table t;

	(void)state;
	setup_table(&t, false);
	fetches = 0;
	for (int i = 2; i <= TOTAL; i++) {
		press(&t, KF(KEY_DOWN));
		assert_int_equal(table_selected(&t)->id, i);
	}
	press(&t, KF(KEY_DOWN));
	assert_int_equal(table_selected(&t)->id, TOTAL);
	assert_int_equal(fetches, (TOTAL + PER_PAGE - 1) / PER_PAGE - 1);
	assert_true(t.n <= TABLE_HELD_PAGES * PER_PAGE);
	for (int i = TOTAL - 1; i >= 1; i--) {
		press(&t, KF(KEY_UP));
		assert_int_equal(table_selected(&t)->id, i);
	}
	assert_true(t.n <= TABLE_HELD_PAGES * PER_PAGE);
	table_free(&t);
}

/* A page that came before the screen's height was known (the first
 * draw): the draw that learns it asks for the next page when the screen
 * is taller, and stops asking when a page brings nothing (a server whose
 * total says more than it gives). */
static void test_fill_after_draw(void **state)
{
	const char *cells[1] = { "x" };
	struct table t;

	(void)state;
	new_table(&t, false, 0);
	assert_int_equal(serve(&t, 1), TABLE_MOVED);
	assert_int_equal(t.n, PER_PAGE);
	assert_int_equal(table_fill(&t), TABLE_MOVED);   /* one row tall so far */
	t.height = 60;
	assert_int_equal(table_fill(&t), TABLE_FETCH);
	assert_int_equal(t.want_page, 2);
	table_loading(&t, t.want_page, t.land);
	assert_int_equal(serve(&t, 2), TABLE_MOVED);
	assert_int_equal(t.n, 2 * PER_PAGE);
	assert_int_equal(t.rows[t.top].id, 1);
	assert_int_equal(table_fill(&t), TABLE_MOVED);
	table_free(&t);

	/* a server that says 500 rows and gives 50 */
	new_table(&t, false, 60);
	for (int i = 1; i <= PER_PAGE; i++)
		table_add(&t, i, "x", cells);
	assert_int_equal(table_done(&t, 1, PER_PAGE, 500), TABLE_FETCH);
	table_loading(&t, t.want_page, t.land);
	assert_int_equal(table_done(&t, 2, PER_PAGE, 500), TABLE_MOVED);
	assert_int_equal(t.n, PER_PAGE);
	assert_int_equal(table_fill(&t), TABLE_MOVED);
	assert_int_equal(table_key(&t, KF(KEY_NPAGE)), TABLE_FETCH);   /* a key asks again */
	table_free(&t);

	/* the page before, from a server that names no page in its reply
	 * (read as page 1): joined before the rows held all the same */
	setup_table(&t, false);
	press(&t, KF(KEY_END));
	assert_int_equal(t.page, 6);
	press(&t, KF(KEY_PPAGE));
	assert_int_equal(table_key(&t, KF(KEY_PPAGE)), TABLE_FETCH);
	assert_int_equal(t.want_page, 5);
	table_loading(&t, t.want_page, t.land);
	for (int i = 201; i <= 250; i++)
		table_add(&t, i, "x", cells);
	assert_int_equal(table_done(&t, 1, PER_PAGE, TOTAL), TABLE_MOVED);
	assert_int_equal(t.page, 5);
	assert_int_equal(t.rows[0].id, 201);
	assert_int_equal(t.rows[t.top].id, 239);
	table_free(&t);
}

/* A refresh of the rows held (the page of the highlighted row, kept in
 * place) highlights the same row. */
static void test_refresh_keeps_the_row(void **state)
{
	struct table t;

	(void)state;
	setup_table(&t, false);
	for (int i = 0; i < 4; i++)
		press(&t, KF(KEY_NPAGE));
	assert_int_equal(table_selected(&t)->id, 69);
	assert_int_equal(t.page, 1);
	assert_int_equal(table_sel_page(&t), 2);
	table_loading(&t, table_sel_page(&t), TABLE_LAND_KEEP);
	fetch_while(&t, serve(&t, 2));
	assert_int_equal(table_selected(&t)->id, 69);
	assert_int_equal(t.rows[t.top].id, 69);
	table_free(&t);
}

/* The next page fails on its way (the server stopped): the rows held stay
 * on screen with the highlighted row, the movement is dropped, and the same
 * key asks for the page again, which then joins as if nothing had failed. */
static void test_join_failed_keeps_the_rows(void **state)
{
	struct table t;
	enum table_event ev;
	int top, sel, n;

	(void)state;
	setup_table(&t, false);
	do {
		table_fit(&t);
		top = t.top;
		sel = t.sel;
		n = t.n;
		ev = table_key(&t, KF(KEY_NPAGE));
	} while (ev != TABLE_FETCH);
	assert_int_equal(t.want_page, 2);
	table_loading(&t, t.want_page, t.land);
	assert_true(table_join_failed(&t));
	assert_int_equal(t.state, TABLE_READY);
	assert_false(t.joining);
	assert_int_equal(t.n, n);
	assert_int_equal(t.top, top);
	assert_int_equal(t.sel, sel);
	assert_int_equal(table_selected(&t)->id, sel + 1);
	/* asked again: joined, and the screenful goes on from where it was */
	ev = table_key(&t, KF(KEY_NPAGE));
	assert_int_equal(ev, TABLE_FETCH);
	fetch_while(&t, ev);
	assert_int_equal(t.rows[t.top].id, top + ROWS + 1);
	/* nothing was being joined: not this one's to keep */
	table_loading(&t, 1, TABLE_LAND_FIRST);
	assert_false(table_join_failed(&t));
	table_free(&t);
}

static void test_rows_one_by_one(void **state)
{
	struct table t;

	(void)state;
	setup_table(&t, false);
	/* Down across the page boundary lands on row 51 (the next page
	 * joined), Up comes back to 50 */
	for (int i = 1; i < PER_PAGE; i++)
		press(&t, KF(KEY_DOWN));
	assert_int_equal(table_selected(&t)->id, 50);
	press(&t, KF(KEY_DOWN));
	assert_int_equal(t.n, 2 * PER_PAGE);
	assert_int_equal(table_selected(&t)->id, 51);
	press(&t, KF(KEY_UP));
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
	/* where pages 1 and 2 meet, a full screenful: 35-51 */
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "35-51 of 282");
	press(&t, KF(KEY_NPAGE));
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "52-68 of 282");
	/* marks survive paging and are counted */
	press(&t, ' ');
	press(&t, KF(KEY_PPAGE));
	press(&t, ' ');
	assert_true(table_is_marked(&t, 52));
	assert_true(table_is_marked(&t, 36));
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "35-51 of 282, 2 marked");
	/* End: the last screenful as paging forward meets it */
	press(&t, KF(KEY_END));
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "273-282 of 282, 2 marked");
	press(&t, KF(KEY_PPAGE));
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "256-272 of 282, 2 marked");
	press(&t, KF(KEY_PPAGE));
	assert_string_equal(table_position(&t, buf, sizeof(buf)), "239-255 of 282, 2 marked");
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
	assert_int_equal(table_selected(&t)->id, 52);
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
		cmocka_unit_test(test_every_row_one_by_one),
		cmocka_unit_test(test_refresh_keeps_the_row),
		cmocka_unit_test(test_join_failed_keeps_the_rows),
		cmocka_unit_test(test_fill_after_draw),
		cmocka_unit_test(test_position),
		cmocka_unit_test(test_restart_on_filter),
		cmocka_unit_test(test_cell_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
