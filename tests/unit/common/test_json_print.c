/* json_print writes exactly what cJSON_PrintUnformatted writes: numbers of
 * every kind (whole, past the int range, fractions that need 15 or 17
 * digits, negative zero, infinities), strings with every control
 * character, quotes, backslashes and UTF-8, nesting, raw items and keys
 * that need escaping; and the API's own answers, parsed and printed
 * again. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "roster/json.h"

static void same_as_cjson(const cJSON *item)
{
	char *want = cJSON_PrintUnformatted(item), *got = json_print(item);

	assert_non_null(want);
	assert_string_equal(got, want);
	free(want);
	free(got);
}

static void test_numbers(void **state)
{
	static const double nums[] = {
		0, -0.0, 1, -1, 42, 2147483647.0, -2147483648.0, 2147483648.0, -2147483649.0,
		1764620918, 1e14, 999999999999999.0, 1e15, -1e15, 1e16, 9007199254740992.0,
		9007199254740993.0, 1e300, -1e-300, 0.1, 0.5, -2.25, 1.0 / 3.0, 2.0 / 3.0,
		123456.789, 1e-7, 3.141592653589793, 5e-324, 1.7976931348623157e308,
	};
	cJSON *a = cJSON_CreateArray();
	(void)state;

	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
		cJSON *n = cJSON_CreateNumber(nums[i]);

		same_as_cjson(n);
		cJSON_AddItemToArray(a, n);
	}
	cJSON_AddItemToArray(a, cJSON_CreateNumber(NAN));
	cJSON_AddItemToArray(a, cJSON_CreateNumber(INFINITY));
	cJSON_AddItemToArray(a, cJSON_CreateNumber(-INFINITY));
	same_as_cjson(a);
	cJSON_Delete(a);
}

static void test_strings(void **state)
{
	char all[128];
	cJSON *o = cJSON_CreateObject();
	(void)state;

	/* every ASCII byte but NUL, in one string */
	for (int i = 1; i < 128; i++)
		all[i - 1] = (char)i;
	all[127] = '\0';
	cJSON_AddStringToObject(o, "ascii", all);
	cJSON_AddStringToObject(o, "empty", "");
	cJSON_AddStringToObject(o, "zh", "会员编号：M2019004519（正式会员）");
	cJSON_AddStringToObject(o, "quotes", "\"a\\b\"/c");
	cJSON_AddStringToObject(o, "ends\n", "tab\tend\r\n");
	cJSON_AddStringToObject(o, "\x01\x1f key", "\x7f\xe4\xb8\xad\xff");
	cJSON_AddItemToObject(o, "raw", cJSON_CreateRaw("{\"n\":1}"));
	same_as_cjson(o);
	cJSON_Delete(o);
}

static void test_shapes(void **state)
{
	static const char *const texts[] = {
		"{}", "[]", "null", "true", "false", "\"x\"", "[[],{},[[]],{\"a\":{}}]",
		"{\"items\":[{\"id\":40972,\"username\":\"hunayutong40972\",\"level\":{\"id\":3,"
		"\"code\":\"senior\",\"name_zh\":\"高级会员\",\"annual_fee\":80000},\"org\":null,"
		"\"valid_until\":\"2026-12-31\",\"joined_at\":1574257327,\"active\":true}],"
		"\"total\":396,\"page\":1,\"per_page\":20}",
		"{\"error\":{\"code\":\"validation\",\"message\":\"申请尚未填写完整。\","
		"\"fields\":{\"id_number\":\"身份证号码校验位不符，请核对号码。\"}}}",
		"[1,-1,0.25,1e3,-0,12345678901234567890,\"\\u0000\\u001f\\\"\"]",
	};
	(void)state;

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		cJSON *j = cJSON_Parse(texts[i]);

		assert_non_null(j);
		same_as_cjson(j);
		cJSON_Delete(j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
