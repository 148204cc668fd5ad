/* The list widget without a terminal: filter (ASCII without case, Chinese
 * as typed), moving, Enter, and asking for server pages at the edges. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>

#include "app.h"
#include "widgets/list.h"

static void fill(struct list *l)
{
	list_init(l);
	list_add(l, "2026  Dues  paid", 11);
	list_add(l, "2025  Dues  PAID", 12);
	list_add(l, "2026  等级变更  待缴费", 13);
}

static void test_filter(void **state)
{
	struct list l;

	fill(&l);
	assert_int_equal(l.nview, 3);
	assert_int_equal(list_key(&l, '/'), LIST_HANDLED);
	assert_true(l.filtering);
	list_key(&l, 'p');
	list_key(&l, 'a');
	list_key(&l, 'i');
	list_key(&l, 'd');
	assert_int_equal(l.nview, 2);            /* "paid" and "PAID" */
	assert_int_equal(list_key(&l, '\r'), LIST_HANDLED);
	assert_false(l.filtering);
	assert_int_equal(list_key(&l, KF(KEY_DOWN)), LIST_HANDLED);
	assert_int_equal(list_selected_id(&l), 12);
	/* Esc while filtering clears the filter */
	list_key(&l, '/');
	list_key(&l, KEY_ESC);
	assert_int_equal(l.nview, 3);
	/* Chinese filter */
	list_key(&l, '/');
	list_key(&l, L'待');
	assert_int_equal(l.nview, 1);
	list_key(&l, '\r');
	assert_int_equal(list_key(&l, '\r'), LIST_SELECT);
	assert_int_equal(list_selected_id(&l), 13);
	list_free(&l);
}

static void test_paging(void **state)
{
	struct list l;

	fill(&l);
	l.height = 10;
	l.total = 45;
	l.per_page = 20;
	l.page = 1;
	/* PgDn goes to the last row first, then asks for the next page */
	assert_int_equal(list_key(&l, KF(KEY_NPAGE)), LIST_HANDLED);
	assert_int_equal(list_selected_id(&l), 13);
	assert_int_equal(list_key(&l, KF(KEY_NPAGE)), LIST_PAGE_NEXT);
	/* no page before the first */
	list_key(&l, KF(KEY_HOME));
	assert_int_equal(list_key(&l, KF(KEY_PPAGE)), LIST_HANDLED);
	l.page = 3;
	assert_int_equal(list_key(&l, KF(KEY_PPAGE)), LIST_PAGE_PREV);
	/* and none after the last */
	list_key(&l, KF(KEY_END));
	assert_int_equal(list_key(&l, KF(KEY_NPAGE)), LIST_HANDLED);
	list_clear(&l);
	assert_int_equal(list_selected_id(&l), -1);
	assert_int_equal(list_key(&l, '\r'), LIST_HANDLED);
	list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_paging),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
