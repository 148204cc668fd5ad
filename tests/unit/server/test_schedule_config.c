/* The [schedule] and [testing] keys: reminder offsets parsed and ordered
 * from the earliest reminder to the latest, junk refused, and the test
 * clock refused without ROSTERD_TESTING=1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "config.h"

static int finish_with(struct config *cfg, const char *key, const char *value, char *err,
                       size_t len)
{
	config_defaults(cfg);
	if (key && config_set(cfg, key, value, err, len) != 0)
		return -1;
	return config_finish(cfg, err, len);
}

static void test_reminder_days(void **state)
{
	struct config cfg;
	char err[256];
	(void)state;

	/* the default: 30, 7 and 1 days before, 14 after */
	assert_int_equal(finish_with(&cfg, NULL, NULL, err, sizeof err), 0);
	assert_int_equal(cfg.reminder_count, 4);
	assert_int_equal(cfg.reminder_offsets[0], 30);
	assert_int_equal(cfg.reminder_offsets[1], 7);
	assert_int_equal(cfg.reminder_offsets[2], 1);
	assert_int_equal(cfg.reminder_offsets[3], -14);
	assert_int_equal(cfg.schedule_interval, 300);
	config_free(&cfg);
	/* any order, spaces, repeats: sorted and unique */
	assert_int_equal(finish_with(&cfg, "schedule.reminder_days", "-3, 60,7 ,60", err,
	                             sizeof err), 0);
	assert_int_equal(cfg.reminder_count, 3);
	assert_int_equal(cfg.reminder_offsets[0], 60);
	assert_int_equal(cfg.reminder_offsets[1], 7);
	assert_int_equal(cfg.reminder_offsets[2], -3);
	config_free(&cfg);
	/* none at all */
	assert_int_equal(finish_with(&cfg, "schedule.reminder_days", "", err, sizeof err), 0);
	assert_int_equal(cfg.reminder_count, 0);
	config_free(&cfg);
	/* junk, and more than eight */
	assert_int_equal(finish_with(&cfg, "schedule.reminder_days", "30,a week", err, sizeof err), -1);
	assert_non_null(strstr(err, "schedule.reminder_days"));
	config_free(&cfg);
	assert_int_equal(finish_with(&cfg, "schedule.reminder_days", "9,8,7,6,5,4,3,2,1", err,
	                             sizeof err), -1);
	config_free(&cfg);
}

static void test_clock_needs_the_environment(void **state)
{
	struct config cfg;
	char err[256];
	(void)state;

	unsetenv("ROSTERD_TESTING");
	assert_int_equal(finish_with(&cfg, "testing.clock_file", "/tmp/clock", err, sizeof err), -1);
	assert_non_null(strstr(err, "ROSTERD_TESTING=1"));
	config_free(&cfg);
	setenv("ROSTERD_TESTING", "yes", 1);
	assert_int_equal(finish_with(&cfg, "testing.clock_file", "/tmp/clock", err, sizeof err), -1);
	config_free(&cfg);
	setenv("ROSTERD_TESTING", "1", 1);
	assert_int_equal(finish_with(&cfg, "testing.clock_file", "/tmp/clock", err, sizeof err), 0);
	config_free(&cfg);
	unsetenv("ROSTERD_TESTING");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reminder_days),
		cmocka_unit_test(test_clock_needs_the_environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
