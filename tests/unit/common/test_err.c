/* Error codes: every code has a wire name, status and message, and the wire
 * name maps back to the same code. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "roster/err.h"

static void test_known_codes(void **state)
{
	(void)state;
	assert_string_equal(err_code(ERR_OK), "ok");
	assert_int_equal(err_http_status(ERR_OK), 200);
	assert_string_equal(err_code(ERR_NOT_FOUND), "not_found");
	assert_int_equal(err_http_status(ERR_NOT_FOUND), 404);
	assert_string_equal(err_message(ERR_NOT_FOUND), "Not found.");
	assert_int_equal(err_http_status(ERR_VALIDATION), 422);
	assert_int_equal(err_http_status(ERR_RATE_LIMITED), 429);
	assert_int_equal(err_http_status(ERR_INTERNAL), 500);
	assert_int_equal(err_http_status(ERR_NETWORK), 0);
	assert_string_equal(err_message(ERR_BAD_CREDENTIALS), "The account or password is wrong.");
}

static void test_every_code_complete(void **state)
{
	(void)state;
	for (int e = 0; e < ERR__COUNT; e++) {
		const char *code = err_code((enum roster_err)e);
		const char *msg = err_message((enum roster_err)e);
		int st = err_http_status((enum roster_err)e);
		assert_non_null(code);
		assert_true(strlen(code) > 0);
		assert_non_null(msg);
		assert_true(strlen(msg) > 0);
		assert_true(st == 0 || (st >= 200 && st < 600));
		/* wire codes are lower-case identifiers ("bad_utf8") */
		for (const char *p = code; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_');
	}
}

static void test_round_trip_and_unique(void **state)
{
	(void)state;
	for (int e = 0; e < ERR__COUNT; e++) {
		assert_int_equal(err_from_code(err_code((enum roster_err)e)), e);
		for (int f = e + 1; f < ERR__COUNT; f++)
			assert_string_not_equal(err_code((enum roster_err)e), err_code((enum roster_err)f));
	}
}

static void test_unknown(void **state)
{
	(void)state;
	assert_int_equal(err_from_code("no_such_code"), ERR_BAD_REPLY);
	assert_int_equal(err_from_code(""), ERR_BAD_REPLY);
	assert_int_equal(err_from_code(NULL), ERR_BAD_REPLY);
	assert_int_equal(err_from_code("NOT_FOUND"), ERR_BAD_REPLY); /* case matters */
	/* out-of-range enum values answer as an internal error */
	assert_string_equal(err_code(ERR__COUNT), "internal");
	assert_string_equal(err_code((enum roster_err)-1), "internal");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_codes),
		cmocka_unit_test(test_every_code_complete),
		cmocka_unit_test(test_round_trip_and_unique),
		cmocka_unit_test(test_unknown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
