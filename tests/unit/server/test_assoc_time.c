/* assoc_time.c: the association's calendar in its time zone, Shanghai by
 * default and New York (with its clock changes) when configured. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "assoc_time.h"

/* Never configured: Asia/Shanghai, whatever the machine's zone. */
static void test_default_shanghai(void **state)
{
	char d[11];
	(void)state;

	setenv("TZ", "UTC", 1);
	assoc_date(1798732800 - 1, d);          /* 2026-12-31 23:59:59 +08 */
	assert_string_equal(d, "2026-12-31");
	assoc_date(1798732800, d);
	assert_string_equal(d, "2027-01-01");
	assert_int_equal(assoc_year(1798732800), 2027);
	assert_int_equal(assoc_date_start("2027-01-01"), 1798732800);
	assert_int_equal(assoc_utc_offset(1798732800), 8 * 3600);
}

static void test_new_york(void **state)
{
	char d[11];
	(void)state;

	assoc_time_init("America/New_York");
	assoc_date(1798732800, d);              /* 11:00 on 31 December there */
	assert_string_equal(d, "2026-12-31");
	assert_int_equal(assoc_year(1798732800), 2026);
	assert_int_equal(assoc_date_start("2027-01-01"), 1798779600);
	assert_int_equal(assoc_day_time(2026, 12, 32, 0), 1798779600);
	assert_int_equal(assoc_utc_offset(1798779600), -5 * 3600);
	/* the clocks go forward on 14 March 2027: a day of 23 hours */
	assert_int_equal(assoc_date_start("2027-03-14"), 1805000400);
	assert_int_equal(assoc_next_day(1805000400 + 3600), 1805083200);
	assert_int_equal(assoc_utc_offset(1805083200), -4 * 3600);
	/* and back on 7 November: 25 hours */
	assert_int_equal(assoc_next_day(1825560000), 1825650000);
	assoc_date(1825650000 - 1, d);
	assert_string_equal(d, "2027-11-07");
	assert_int_equal(assoc_day_time(2027, 11, 7, 12), 1825560000 + 13 * 3600);
}

static void test_not_dates(void **state)
{
	(void)state;
	assert_int_equal(assoc_date_start("2027-13-01"), -1);
	assert_int_equal(assoc_date_start("2027-01-32"), -1);
	assert_int_equal(assoc_date_start("2027-01-01x"), -1);
	assert_int_equal(assoc_date_start(""), -1);
	assert_int_equal(assoc_day_time(2027, 1, 1, 24), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_shanghai),
		cmocka_unit_test(test_new_york),
		cmocka_unit_test(test_not_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
