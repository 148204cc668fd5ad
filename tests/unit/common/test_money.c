/* Money: parsing what people type, formatting, and Chinese capitals as
 * receipts print them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "roster/money.h"

static void test_parse_valid(void **state)
{
	(void)state;
	static const struct { const char *in; int64_t fen; } v[] = {
		{ "0", 0 }, { "1", 100 }, { "1234", 123400 }, { "1234.5", 123450 },
		{ "1234.50", 123450 }, { "1,234.50", 123450 }, { "¥1,234.50", 123450 },
		{ "￥1,234.50", 123450 }, { "0.01", 1 }, { "0.1", 10 }, { "0.00", 0 },
		{ "12,345,678", 1234567800 }, { "1,000", 100000 }, { "999", 99900 },
		{ " 88 ", 8800 }, { "¥0.99", 99 }, { "007", 700 },
		{ "1000000000000", INT64_C(100000000000000) },            /* MONEY_MAX itself */
		{ "1,000,000,000,000.00", INT64_C(100000000000000) },
		{ "999999999999.99", INT64_C(99999999999999) },
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		int64_t fen = -1;
		if (money_parse(v[i].in, &fen) != 0)
			fail_msg("\"%s\" refused", v[i].in);
		if (fen != v[i].fen)
			fail_msg("\"%s\" -> %lld, expected %lld", v[i].in, (long long)fen,
			         (long long)v[i].fen);
	}
}

static void test_parse_invalid(void **state)
{
	(void)state;
	static const char *bad[] = {
		"", " ", "-1", "-¥1.00", "+1", "1.234", "1.", ".5", "1..5", "1.2.3", "abc", "12a",
		"1,23", "1,2345", ",123", "123,", "1,,234", "12345,678", "1234,567.00", "1,234,56",
		"¥", "¥-1", "1 000", "1e3", "0x10", "1000000000000.01", "1000000000001",
		"99999999999999999999", "9223372036854775807", "¥¥1", "1¥", "１２３", "NaN",
		"1.5元", "\xc2", "1,000.5.0",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int64_t fen = 4242;
		if (money_parse(bad[i], &fen) == 0)
			fail_msg("\"%s\" accepted as %lld", bad[i], (long long)fen);
		assert_int_equal(fen, 4242); /* untouched on failure */
	}
	int64_t fen = 4242;
	assert_int_equal(money_parse(NULL, &fen), -1);
	assert_int_equal(fen, 4242);
}

static void test_format(void **state)
{
	(void)state;
	char buf[MONEY_BUFSZ];
	static const struct { int64_t fen; const char *fmt, *plain; } v[] = {
		{ 0, "¥0.00", "0.00" },
		{ 1, "¥0.01", "0.01" },
		{ 50, "¥0.50", "0.50" },
		{ 100, "¥1.00", "1.00" },
		{ 99999, "¥999.99", "999.99" },
		{ 100000, "¥1,000.00", "1000.00" },
		{ 123450, "¥1,234.50", "1234.50" },
		{ 1234567800, "¥12,345,678.00", "12345678.00" },
		{ INT64_C(100000000000000), "¥1,000,000,000,000.00", "1000000000000.00" },
		{ -100, "-¥1.00", "-1.00" },
		{ -123456, "-¥1,234.56", "-1234.56" },
		{ INT64_MAX, "¥92,233,720,368,547,758.07", "92233720368547758.07" },
		{ INT64_MIN, "-¥92,233,720,368,547,758.08", "-92233720368547758.08" },
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		assert_ptr_equal(money_format(v[i].fen, buf), buf);
		assert_string_equal(buf, v[i].fmt);
		assert_ptr_equal(money_plain(v[i].fen, buf), buf);
		assert_string_equal(buf, v[i].plain);
	}
}

static void test_round_trip(void **state)
{
	(void)state;
	char buf[MONEY_BUFSZ];
	static const int64_t v[] = { 0, 1, 9, 10, 99, 100, 101, 99999, 100000, 123456789,
		                     INT64_C(99999999999999), INT64_C(100000000000000) };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		int64_t fen;
		assert_int_equal(money_parse(money_format(v[i], buf), &fen), 0);
		assert_int_equal(fen, v[i]);
		assert_int_equal(money_parse(money_plain(v[i], buf), &fen), 0);
		assert_int_equal(fen, v[i]);
	}
}

static void test_chinese(void **state)
{
	(void)state;
	static const struct { int64_t fen; const char *cn; } v[] = {
		{ 0, "零元整" },
		{ 1, "壹分" },
		{ 10, "壹角" },
		{ 50, "伍角" },
		{ 55, "伍角伍分" },
		{ 100, "壹元整" },
		{ 1000, "壹拾元整" },
		{ 1100, "壹拾壹元整" },
		{ 10000, "壹佰元整" },
		{ 10001, "壹佰元零壹分" },
		{ 10010, "壹佰元壹角" },
		{ 10500, "壹佰零伍元整" },
		{ 105000, "壹仟零伍拾元整" },
		{ 100100, "壹仟零壹元整" },
		{ 123456, "壹仟贰佰叁拾肆元伍角陆分" },
		{ 140950, "壹仟肆佰零玖元伍角" },             /* ¥1409.50 */
		{ 600714, "陆仟零柒元壹角肆分" },             /* ¥6007.14 */
		{ 168032, "壹仟陆佰捌拾元叁角贰分" },         /* ¥1680.32 */
		{ 10700053, "壹拾万柒仟元伍角叁分" },         /* ¥107000.53 */
		{ 1640902, "壹万陆仟肆佰零玖元零贰分" },      /* ¥16409.02 */
		{ 325047, "叁仟贰佰伍拾元肆角柒分" },
		{ 1000000, "壹万元整" },
		{ 1000100, "壹万零壹元整" },
		{ 10007000, "壹拾万零柒拾元整" },
		{ 10070000, "壹拾万零柒佰元整" },
		{ 100000000, "壹佰万元整" },
		{ 100000010, "壹佰万元壹角" },
		{ 100000100, "壹佰万零壹元整" },
		{ 120000000, "壹佰贰拾万元整" },
		{ 1000000000, "壹仟万元整" },
		{ INT64_C(10000000000), "壹亿元整" },
		{ INT64_C(10000000100), "壹亿零壹元整" },
		{ INT64_C(10001000000), "壹亿零壹万元整" },
		{ INT64_C(10100000000), "壹亿零壹佰万元整" },
		{ INT64_C(11000000000), "壹亿壹仟万元整" },
		{ INT64_C(12345678900), "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整" },
		{ INT64_C(100000000000), "壹拾亿元整" },
		{ INT64_C(99999999999999), "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },
		{ INT64_C(100000000000000), "壹万亿元整" },   /* MONEY_MAX */
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char *s = money_chinese(v[i].fen);
		assert_non_null(s);
		if (strcmp(s, v[i].cn) != 0)
			fail_msg("%lld fen: %s, expected %s", (long long)v[i].fen, s, v[i].cn);
		free(s);
	}
	assert_null(money_chinese(-1));
	assert_null(money_chinese(INT64_C(100000000000001)));
	assert_null(money_chinese(INT64_MIN));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_chinese),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
