/* JSON helpers: bounded parsing and typed getters that report field errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "roster/json.h"

static cJSON *parse_str(const char *s, enum roster_err *err)
{
	return json_parse(s, strlen(s), err);
}

static void test_parse_good(void **state)
{
	(void)state;
	static const char *good[] = {
		"{}", "[]", " { \"a\" : 1 } ", "{\"name\":\"张三\",\"n\":[1,2,3]}", "[{\"x\":null}]\n",
		"{\"s\":\"\\u4f1a\\u5458\"}",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		enum roster_err err = ERR_OK;
		cJSON *j = parse_str(good[i], &err);
		if (j == NULL)
			fail_msg("refused: %s", good[i]);
		assert_int_equal(err, ERR_OK); /* untouched on success */
		cJSON_Delete(j);
	}
	cJSON *j = parse_str("{\"s\":\"\\u4f1a\\u5458\"}", NULL);
	assert_string_equal(json_str_or(j, "s", NULL), "会员");
	cJSON_Delete(j);
}

static void test_parse_bad(void **state)
{
	(void)state;
	static const char *bad_json[] = {
		"", " ", "1", "\"text\"", "true", "null", "{", "{\"a\":}", "{\"a\":1,}", "{} {}",
		"{}x", "[1,2", "{'a':1}", "{\"a\":1}}", "nul",
		/* repeated keys, at the top and deep down */
		"{\"a\":1,\"b\":2,\"a\":3}", "[{\"x\":{\"k\":1,\"k\":1}}]",
	};
	for (size_t i = 0; i < sizeof bad_json / sizeof *bad_json; i++) {
		enum roster_err err = ERR_OK;
		if (parse_str(bad_json[i], &err) != NULL)
			fail_msg("accepted: %s", bad_json[i]);
		assert_int_equal(err, ERR_BAD_JSON);
	}
	enum roster_err err = ERR_OK;
	assert_null(parse_str("{\"a\":\"\xff\"}", &err));
	assert_int_equal(err, ERR_BAD_UTF8);
	err = ERR_OK;
	assert_null(parse_str("{\"a\":\"\xed\xa0\x80\"}", &err)); /* surrogate */
	assert_int_equal(err, ERR_BAD_UTF8);
	/* a NUL inside the body must not hide what follows it */
	err = ERR_OK;
	assert_null(json_parse("{}\0garbage", 10, &err));
	assert_int_equal(err, ERR_BAD_JSON);
	err = ERR_OK;
	assert_null(json_parse(NULL, 0, &err));
	assert_int_equal(err, ERR_BAD_JSON);
}

/* Only len bytes are read: the buffer here has no NUL and sits at the end of
 * its allocation, so AddressSanitizer catches any read past it. */
static void test_parse_not_terminated(void **state)
{
	(void)state;
	const char body[] = "{\"a\":[1,2,3]}";
	size_t n = sizeof body - 1;
	char *buf = malloc(n);
	assert_non_null(buf);
	memcpy(buf, body, n);
	cJSON *j = json_parse(buf, n, NULL);
	assert_non_null(j);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "a")), 3);
	cJSON_Delete(j);

	/* the same bytes cut short are not JSON, even if memory after them is */
	enum roster_err err = ERR_OK;
	assert_null(json_parse(buf, n - 1, &err));
	assert_int_equal(err, ERR_BAD_JSON);
	free(buf);

	/* a valid prefix of a longer buffer */
	j = json_parse("[1]trailing", 3, NULL);
	assert_non_null(j);
	cJSON_Delete(j);
}

static void test_getters(void **state)
{
	(void)state;
	cJSON *obj = parse_str("{\"name\":\"张三\",\"age\":30,\"ok\":true,\"nil\":null,"
	                       "\"frac\":1.5,\"big\":1e300,\"numstr\":\"12\",\"neg\":-7,"
	                       "\"fen\":100000000000000,\"huge\":18014398509481984}", NULL);
	cJSON *errs = cJSON_CreateObject();
	const char *s = "unchanged";
	int64_t n = 42;
	bool b = false;

	assert_non_null(obj);
	assert_int_equal(json_get_str(obj, "name", true, &s, errs), 0);
	assert_string_equal(s, "张三");
	assert_int_equal(json_get_int(obj, "age", true, &n, errs), 0);
	assert_int_equal(n, 30);
	assert_int_equal(json_get_int(obj, "neg", true, &n, errs), 0);
	assert_int_equal(n, -7);
	assert_int_equal(json_get_int(obj, "fen", true, &n, errs), 0);
	assert_int_equal(n, INT64_C(100000000000000));
	assert_int_equal(json_get_bool(obj, "ok", true, &b, errs), 0);
	assert_true(b);
	assert_int_equal(cJSON_GetArraySize(errs), 0);

	/* absent and optional: 1, out untouched, nothing reported */
	s = "unchanged";
	n = 42;
	assert_int_equal(json_get_str(obj, "missing", false, &s, errs), 1);
	assert_string_equal(s, "unchanged");
	assert_int_equal(json_get_int(obj, "nil", false, &n, errs), 1); /* null is absent */
	assert_int_equal(n, 42);
	assert_int_equal(cJSON_GetArraySize(errs), 0);

	/* absent and required, or mistyped: -1 and a field error */
	assert_int_equal(json_get_str(obj, "missing", true, &s, errs), -1);
	assert_int_equal(json_get_str(obj, "nil", true, &s, errs), -1);
	assert_int_equal(json_get_str(obj, "age", true, &s, errs), -1);
	assert_int_equal(json_get_int(obj, "frac", true, &n, errs), -1);
	assert_int_equal(json_get_int(obj, "big", false, &n, errs), -1);
	assert_int_equal(json_get_int(obj, "huge", false, &n, errs), -1); /* past 2^53 */
	assert_int_equal(json_get_int(obj, "numstr", true, &n, errs), -1);
	assert_int_equal(json_get_bool(obj, "age", true, &b, errs), -1);
	assert_string_equal(s, "unchanged");
	assert_int_equal(n, 42);
	assert_string_equal(json_str_or(errs, "missing", ""), "This field is required.");
	assert_string_equal(json_str_or(errs, "nil", ""), "This field is required.");
	assert_string_equal(json_str_or(errs, "age", ""), "Must be text."); /* first complaint kept */
	assert_string_equal(json_str_or(errs, "frac", ""), "Must be a whole number.");
	assert_string_equal(json_str_or(errs, "numstr", ""), "Must be a whole number.");
	assert_non_null(cJSON_GetObjectItem(errs, "big"));
	assert_non_null(cJSON_GetObjectItem(errs, "huge"));
	assert_int_equal(cJSON_GetArraySize(errs), 7);

	/* errs may be NULL; a non-object is like an empty one */
	assert_int_equal(json_get_str(obj, "age", true, &s, NULL), -1);
	cJSON *arr = cJSON_CreateArray();
	assert_int_equal(json_get_str(arr, "x", false, &s, NULL), 1);
	assert_int_equal(json_get_str(NULL, "x", true, &s, NULL), -1);
	cJSON_Delete(arr);

	/* lookups with defaults */
	assert_string_equal(json_str_or(obj, "name", "d"), "张三");
	assert_string_equal(json_str_or(obj, "age", "d"), "d");
	assert_null(json_str_or(obj, "missing", NULL));
	assert_int_equal(json_int_or(obj, "age", -1), 30);
	assert_int_equal(json_int_or(obj, "frac", -1), -1);
	assert_int_equal(json_int_or(obj, "name", -1), -1);
	assert_int_equal(json_int_or(obj, "missing", 5), 5);

	cJSON_Delete(errs);
	cJSON_Delete(obj);
}

static void test_build_and_print(void **state)
{
	(void)state;
	cJSON *o = cJSON_CreateObject();
	json_add_str(o, "name", "会员");
	json_add_str(o, "nothing", NULL);
	json_add_int(o, "fen", INT64_C(100000000000000));
	json_add_int(o, "neg", -12);
	json_add_bool(o, "ok", true);
	char *s = json_print(o);
	assert_string_equal(s, "{\"name\":\"会员\",\"nothing\":null,\"fen\":100000000000000,"
	                       "\"neg\":-12,\"ok\":true}");

	/* and back */
	cJSON *back = json_parse(s, strlen(s), NULL);
	int64_t n = 0;
	assert_int_equal(json_get_int(back, "fen", true, &n, NULL), 0);
	assert_int_equal(n, INT64_C(100000000000000));
	free(s);
	cJSON_Delete(back);
	cJSON_Delete(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_not_terminated),
		cmocka_unit_test(test_getters),
		cmocka_unit_test(test_build_and_print),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
