/* UTF-8 helpers: strict decoding, widths from our own table, cutting and
 * padding by columns. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "roster/utf8.h"

static void test_valid(void **state)
{
	(void)state;
	static const char *good[] = {
		"", "plain ASCII", "会员", "¥1,234.50", "😀", "\xf4\x8f\xbf\xbf" /* U+10FFFF */,
		"\xed\x9f\xbf" /* U+D7FF */, "\xee\x80\x80" /* U+E000 */,
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_true(utf8_valid(good[i], strlen(good[i])));

	static const char *bad[] = {
		"\x80",                 /* lone continuation */
		"\xc0\xaf",             /* overlong '/' */
		"\xc1\xbf",             /* overlong */
		"\xe0\x80\xaf",         /* overlong 3-byte */
		"\xf0\x80\x80\xaf",     /* overlong 4-byte */
		"\xed\xa0\x80",         /* surrogate U+D800 */
		"\xed\xbf\xbf",         /* surrogate U+DFFF */
		"\xf4\x90\x80\x80",     /* U+110000 */
		"\xf5\x80\x80\x80",     /* lead byte past F4 */
		"\xff",
		"\xe4\xbc",             /* truncated 会 */
		"ok\xe4\xbcx",          /* broken in the middle */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(utf8_valid(bad[i], strlen(bad[i])));
	/* len bounds the check: a valid prefix of a longer buffer */
	assert_true(utf8_valid("ab\xff", 2));
	assert_false(utf8_valid("\xe4\xbc\x9a", 2));
	/* embedded NUL is a valid code point */
	assert_true(utf8_valid("a\0b", 3));
}

static void test_decode_encode(void **state)
{
	(void)state;
	uint32_t cp;
	char out[4];

	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("é", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode("会", 3, &cp), 3);
	assert_int_equal(cp, 0x4F1A);
	assert_int_equal(utf8_decode("😀", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(utf8_decode("会", 2, &cp), -1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xc0\x80", 2, &cp), -1);
	assert_int_equal(utf8_decode("", 0, &cp), -1);

	static const uint32_t cps[] = { 0, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0x4F1A, 0xFFFD, 0xFFFF,
		                        0x10000, 0x1F600, 0x10FFFF };
	for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
		int n = utf8_encode(cps[i], out);
		assert_true(n >= 1 && n <= 4);
		assert_int_equal(utf8_decode(out, (size_t)n, &cp), n);
		assert_int_equal(cp, cps[i]);
	}
	assert_int_equal(utf8_encode(0x4F1A, out), 3);
	assert_memory_equal(out, "会", 3);
	assert_int_equal(utf8_encode(0xD800, out), 0);
	assert_int_equal(utf8_encode(0xDFFF, out), 0);
	assert_int_equal(utf8_encode(0x110000, out), 0);
}

static void test_cp_width(void **state)
{
	(void)state;
	static const struct { uint32_t cp; int w; } v[] = {
		{ 'a', 1 }, { ' ', 1 }, { '~', 1 }, { 0xE9, 1 } /* é */, { 0x3B1, 1 } /* α */,
		{ 0x416, 1 } /* Ж */, { 0x00, 0 }, { 0x07, 0 }, { 0x1B, 0 }, { 0x7F, 0 }, { 0x9B, 0 },
		{ 0x300, 0 } /* combining grave */, { 0x301, 0 }, { 0x20DD, 0 } /* enclosing circle */,
		{ 0x200B, 0 } /* zero width space */, { 0xFEFF, 0 }, { 0xFE0F, 0 } /* VS16 */,
		{ 0x1160, 0 } /* Hangul medial vowel */, { 0x302A, 0 }, { 0x3099, 0 } /* kana voicing */,
		{ 0x4E00, 2 } /* 一 */, { 0x4F1A, 2 } /* 会 */, { 0x9FA5, 2 }, { 0x3400, 2 } /* Ext A */,
		{ 0x20000, 2 } /* Ext B */, { 0x2A700, 2 } /* Ext C */, { 0x30000, 2 } /* Ext G */,
		{ 0xAC00, 2 } /* 가 */, { 0xD7A3, 2 }, { 0x1100, 2 } /* Hangul initial */,
		{ 0x3042, 2 } /* あ */, { 0x30A2, 2 } /* ア */, { 0x3000, 2 } /* ideographic space */,
		{ 0x3001, 2 } /* 、 */, { 0x3002, 2 } /* 。 */, { 0x300C, 2 } /* 「 */,
		{ 0xFF01, 2 } /* ！ */, { 0xFF0C, 2 } /* ， */, { 0xFF21, 2 } /* Ａ */, { 0xFF60, 2 },
		{ 0xFFE0, 2 }, { 0xFFE5, 2 } /* ￥ */, { 0xFFE6, 2 }, { 0xFF61, 1 } /* halfwidth 。 */,
		{ 0xFF71, 1 } /* halfwidth ｱ */, { 0x1F600, 2 } /* 😀 */, { 0x1F389, 2 } /* 🎉 */,
		{ 0x1F300, 2 }, { 0x1F64F, 2 }, { 0x1F914, 2 } /* 🤔 */, { 0x1F9FF, 2 },
		{ 0xF900, 2 } /* CJK compatibility */, { 0xFE30, 2 }, { 0x2E80, 2 } /* radicals */,
		{ 0x2014, 1 } /* em dash: ambiguous, narrow */, { 0x00B7, 1 }, { 0x00AD, 1 },
		{ 0x2603, 1 } /* snowman: text presentation */,
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		if (utf8_cp_width(v[i].cp) != v[i].w)
			fail_msg("U+%04X: width %d, expected %d", (unsigned)v[i].cp,
			         utf8_cp_width(v[i].cp), v[i].w);
	}
}

static void test_width_chars(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("会员"), 4);
	assert_int_equal(utf8_width("张三 Zhang"), 10);
	assert_int_equal(utf8_width("e\xcc\x81"), 1); /* e + combining acute */
	assert_int_equal(utf8_width("😀!"), 3);
	assert_int_equal(utf8_width("a\xff" "b"), 3); /* invalid byte counts 1 */
	assert_int_equal(utf8_width("\xe4\xbc"), 2);  /* truncated: two invalid bytes */
	assert_int_equal(utf8_chars(""), 0);
	assert_int_equal(utf8_chars("abc"), 3);
	assert_int_equal(utf8_chars("会员证书"), 4);
	assert_int_equal(utf8_chars("e\xcc\x81"), 2);
	assert_int_equal(utf8_chars("a\xff" "b"), 3);
}

static void test_cut(void **state)
{
	(void)state;
	assert_int_equal(utf8_cut("abcdef", 3), 3);
	assert_int_equal(utf8_cut("abc", 10), 3);
	assert_int_equal(utf8_cut("abc", 0), 0);
	assert_int_equal(utf8_cut("会员证书", 4), 6);
	assert_int_equal(utf8_cut("会员证书", 5), 6);  /* 证 would straddle column 5 */
	assert_int_equal(utf8_cut("会员证书", 1), 0);
	assert_int_equal(utf8_cut("a会", 2), 1);
	assert_int_equal(utf8_cut("a会", 3), 4);
	assert_int_equal(utf8_cut("e\xcc\x81x", 1), 3); /* the accent stays with its e */
	assert_int_equal(utf8_cut("ab\xff" "cd", 3), 3);
	/* the prefix is always whole characters */
	const char *s = "中文ABC汉字😀end";
	for (size_t cols = 0; cols < 20; cols++) {
		size_t n = utf8_cut(s, cols);
		assert_true(utf8_valid(s, n));
		char *pre = strndup(s, n);
		assert_true(utf8_width(pre) <= cols);
		free(pre);
	}
}

static void test_pad(void **state)
{
	(void)state;
	struct { const char *in; size_t cols; const char *out; } v[] = {
		{ "abc", 5, "abc  " },
		{ "abcdef", 3, "abc" },
		{ "", 2, "  " },
		{ "abc", 0, "" },
		{ "会员", 4, "会员" },
		{ "会员", 5, "会员 " },
		{ "会员", 3, "会 " },           /* 员 would straddle: a space instead */
		{ "会员", 1, " " },
		{ "a会b", 2, "a " },
		{ "e\xcc\x81", 2, "e\xcc\x81 " },
		{ "a\xff" "b", 4, "a?b " },      /* invalid byte shown as '?' */
		{ "a\tb\x1b[2J", 6, "ab[2J " },   /* controls dropped, columns kept */
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char *p = utf8_pad(v[i].in, v[i].cols);
		assert_string_equal(p, v[i].out);
		assert_true(utf8_valid(p, strlen(p)));
		free(p);
	}
	/* always exactly cols columns */
	for (size_t cols = 0; cols < 16; cols++) {
		char *p = utf8_pad("会员Roster证书😀", cols);
		assert_int_equal(utf8_width(p), cols);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_decode_encode),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_width_chars),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_pad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
