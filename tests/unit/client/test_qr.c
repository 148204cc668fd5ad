/* QR sizes: two modules per cell and a 4-module quiet zone, so version 5
 * (37 modules) takes 45 columns and 23 rows and fits 80x24; without UTF-8
 * the text itself is shown. Also the word wrap the dialogs use. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ui.h"
#include "widgets/qr.h"

static void test_version_sizes(void **state)
{
	char link[200];
	int rows, cols;

	ui_init(false, true);
	/* 17 bytes: version 1 (21 modules) */
	assert_true(qr_measure("https://x.cn/h/ab", &rows, &cols));
	assert_int_equal(cols, 21 + 8);
	assert_int_equal(rows, (21 + 8 + 1) / 2);
	/* 106 bytes is the most version 5-L holds in byte mode */
	memset(link, 'a', 106);   /* lower case stays in byte mode */
	link[106] = '\0';
	assert_true(qr_measure(link, &rows, &cols));
	assert_int_equal(cols, 45);
	assert_int_equal(rows, 23);
	assert_true(rows <= 24 && cols <= 80);
}

static void test_ascii_falls_back_to_text(void **state)
{
	int rows, cols;

	ui_init(false, false);
	assert_true(qr_measure("https://x.cn/h/abcdef", &rows, &cols));
	assert_int_equal(rows, 1);
	assert_int_equal(cols, 21);
	ui_init(false, true);
}

static void test_wrap(void **state)
{
	size_t st[8], len[8];
	int n;

	/* words break at spaces */
	n = ui_wrap("alpha beta gamma", 11, st, len, 8);
	assert_int_equal(n, 2);
	assert_int_equal(len[0], 10);            /* "alpha beta" */
	assert_int_equal(st[1], 11);             /* "gamma" */
	/* Chinese breaks between characters, by columns: 5 per 10 columns */
	n = ui_wrap("一二三四五六七", 10, st, len, 8);
	assert_int_equal(n, 2);
	assert_int_equal(len[0], 15);            /* five characters, 3 bytes each */
	/* a newline always breaks; counting works without storage */
	assert_int_equal(ui_wrap("a\nb\n\nc", 80, NULL, NULL, 0), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_sizes),
		cmocka_unit_test(test_ascii_falls_back_to_text),
		cmocka_unit_test(test_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
