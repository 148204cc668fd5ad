/* The JSON reader refuses what RFC 8259 refuses, names the field of a
 * \u0000, and json_text_problem finds control characters in the tree. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "roster/json.h"

static bool check(const char *s)
{
	return json_check(s, strlen(s), NULL, 0);
}

static void test_grammar_refused(void **state)
{
	static const char *bad[] = {
		/* numbers */
		"[01]", "[-01]", "[00]", "[1.]", "[.5]", "[-.5]", "[+1]", "[1e]", "[1e+]", "[1E-]",
		"[0x1F]", "[NaN]", "[Infinity]", "[-Infinity]", "[-]", "[1.e5]", "[--1]", "[1..2]",
		/* strings */
		"[\"a\tb\"]", "[\"a\nb\"]", "[\"a\x01\"]", "[\"\x1f\"]", "[\"\\x41\"]", "[\"\\u12\"]",
		"[\"\\u12G4\"]", "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud800\\u0041\"]", "[\"\\a\"]",
		"[\"\\'\"]", "[\"open]", "['single']",
		/* structure */
		"[1,]", "{\"a\":1,}", "[,1]", "{,}", "[1 2]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{a:1}",
		"[1]//c", "[1]/*c*/", "/*c*/[1]", "[1]#", "[tru]", "[True]", "[nul]", "[null,]",
		"[1]]", "[[1]", "", " ", "[1] [2]", "{\"a\":}", "{\"a\"}", "[\x0b]", "[\f1]",
	};
	(void)state;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (check(bad[i]))
			fail_msg("accepted: %s", bad[i]);
		enum roster_err err = ERR_OK;
		cJSON *j = json_parse(bad[i], strlen(bad[i]), &err);
		if (j)
			fail_msg("json_parse accepted: %s", bad[i]);
		assert_int_equal(err, ERR_BAD_JSON);
	}
}

static void test_grammar_allowed(void **state)
{
	static const char *good[] = {
		"[0]", "[-0]", "[1]", "[-1]", "[10]", "[0.5]", "[-0.5]", "[1e5]", "[1E+5]", "[1e-05]",
		"[123.456e789]", "[\"\"]", "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]", "[\"\\u00e9\\u4F1A\"]",
		"[\"\\ud83d\\ude00\"]", "[\"é会\"]", "[true,false,null]", "{}", "[]", " \t\r\n[ ] \n",
		"{\"a\":{\"b\":[{\"c\":[]}]}}", "\"text\"", "42", "null",
	};
	(void)state;

	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!check(good[i]))
			fail_msg("refused: %s", good[i]);
}

static void test_depth(void **state)
{
	char deep[1200];
	(void)state;

	memset(deep, '[', 500);
	memset(deep + 500, ']', 500);
	assert_true(json_check(deep, 1000, NULL, 0));
	memset(deep, '[', 600);
	memset(deep + 600, ']', 600);
	assert_false(json_check(deep, 1200, NULL, 0));
}

static void test_nul_named(void **state)
{
	char path[64];
	enum roster_err err = ERR_OK;
	static const char pw[] = "{\"login\":\"demo\",\"password\":\"secret\\u0000tail\"}";
	static const char deep[] = "{\"a\":[1,{\"b\":\"x\"},{\"c\":[\"ok\",\"\\u0000\"]}]}";
	(void)state;

	assert_true(json_check(pw, strlen(pw), path, sizeof path));
	assert_string_equal(path, "password");
	assert_null(json_parse(pw, strlen(pw), &err));
	assert_int_equal(err, ERR_VALIDATION);
	assert_true(json_check(deep, strlen(deep), path, sizeof path));
	assert_string_equal(path, "a.2.c.1");
	/* a grammar fault wins over the NUL: the body is not JSON at all */
	static const char both[] = "{\"a\":\"\\u0000\",}";
	err = ERR_OK;
	assert_false(json_check(both, strlen(both), path, sizeof path));
	assert_string_equal(path, "");
	assert_null(json_parse(both, strlen(both), &err));
	assert_int_equal(err, ERR_BAD_JSON);
	/* no NUL: an empty path */
	assert_true(json_check("{\"a\":\"\\u0001\"}", 14, path, sizeof path));
	assert_string_equal(path, "");
}

static void test_text_problems(void **state)
{
	static const char *const one_line[] = { "name", NULL };
	char path[64];
	cJSON *j;
	(void)state;

	const char *s = "{\"name\":\"Ann\",\"body\":\"two\\nlines\\tand a tab\"}";
	j = json_parse(s, strlen(s), NULL);
	assert_non_null(j);
	assert_null(json_text_problem(j, one_line, path, sizeof path));
	cJSON_Delete(j);

	s = "{\"x\":{\"name\":\"A\\nB\"}}";
	j = json_parse(s, strlen(s), NULL);
	assert_non_null(json_text_problem(j, one_line, path, sizeof path));
	assert_string_equal(path, "x.name");
	cJSON_Delete(j);

	s = "{\"body\":\"bell\\u0007\"}";
	j = json_parse(s, strlen(s), NULL);
	assert_non_null(json_text_problem(j, one_line, path, sizeof path));
	assert_string_equal(path, "body");
	cJSON_Delete(j);

	s = "[\"ok\",\"del\\u007f\"]";
	j = json_parse(s, strlen(s), NULL);
	assert_non_null(json_text_problem(j, NULL, path, sizeof path));
	assert_string_equal(path, "1");
	cJSON_Delete(j);

	s = "{\"bad\\u0002key\":1}";
	j = json_parse(s, strlen(s), NULL);
	assert_non_null(json_text_problem(j, NULL, path, sizeof path));
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grammar_refused),
		cmocka_unit_test(test_grammar_allowed),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_nul_named),
		cmocka_unit_test(test_text_problems),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
