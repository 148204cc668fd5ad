/* Validators, from known vectors: valid values must pass and each kind of
 * mistake must be refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "roster/embed.h"
#include "roster/validate.h"

#define VALID(fn, s) do { \
	const char *why_ = fn(s); \
	if (why_ != NULL) \
		fail_msg("%s(\"%s\") refused: %s", #fn, s, why_); \
} while (0)

#define INVALID(fn, s) do { \
	if (fn(s) == NULL) \
		fail_msg("%s(\"%s\") accepted", #fn, s); \
} while (0)

static void test_email(void **state)
{
	(void)state;
	static const char *good[] = {
		"name@example.com", "a@b.cn", "zhang.san@qq.com", "first.last+tag@mail.example.org",
		"user_1@163.com", "x-y@sub-domain.example.com.cn", "o'neil@example.ie",
		"UPPER@EXAMPLE.COM", "1234567@qq.com",
	};
	static const char *bad[] = {
		"", "plain", "@example.com", "name@", "name@example", "name@@example.com",
		"a@b@example.com", ".name@example.com", "name.@example.com", "na..me@example.com",
		"name@.example.com", "name@example..com", "name@-example.com", "name@example-.com",
		"name@example.c", "name@example.123", "name name@example.com", "name@exa mple.com",
		"张三@example.com", "name@例子.中国", "name@example.com.", "name@exa_mple.com",
		"(comment)name@example.com",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		VALID(val_email, good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		INVALID(val_email, bad[i]);
	assert_non_null(val_email(NULL));

	/* local part at most 64, domain labels at most 63 */
	char buf[400];
	memset(buf, 'a', 64);
	strcpy(buf + 64, "@example.com");
	VALID(val_email, buf);
	memset(buf, 'a', 65);
	strcpy(buf + 65, "@example.com");
	INVALID(val_email, buf);
	strcpy(buf, "a@");
	memset(buf + 2, 'b', 64);
	strcpy(buf + 66, ".com");
	INVALID(val_email, buf);
}

static void test_mobile(void **state)
{
	(void)state;
	char out[12];
	static const char *good[] = {
		"13800138000", "19912345678", "15012345678", "+8613800138000", "8613800138000",
		"+86 138 0013 8000", "138-0013-8000", "+86-13800138000",
	};
	static const char *bad[] = {
		"", "1380013800", "138001380000", "12800138000", "10800138000", "23800138000",
		"+13800138000", "+8513800138000", "+86138001380", "138 0013  8000", " 13800138000",
		"13800138000 ", "138-0013-800a", "１３８００１３８０００", "+86+8613800138000",
		"0086 13800138000", "8613800138", "138--00138000", "-13800138000",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		VALID(val_mobile, good[i]);
		assert_true(val_mobile_normalise(good[i], out));
		assert_int_equal(strlen(out), 11);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		INVALID(val_mobile, bad[i]);
		assert_false(val_mobile_normalise(bad[i], out));
	}
	assert_true(val_mobile_normalise("+86 138 0013 8000", out));
	assert_string_equal(out, "13800138000");
	assert_true(val_mobile_normalise("8619912345678", out));
	assert_string_equal(out, "19912345678");
	assert_non_null(val_mobile(NULL));
}

static void test_id_card(void **state)
{
	(void)state;
	static const char *good[] = {
		"11010519491231002X",  /* the GB 11643 example */
		"11010519491231002x",  /* lower-case x */
		"440304199001011233",
		"310115198511124021",
		"510107200002290619",  /* born on a leap day */
		"650102197306159876",
		"33010620081230447X",
		"110101190001010014",  /* 1 Jan 1900 */
	};
	static const char *bad[] = {
		"110105194912310021",  /* wrong check digit (X expected) */
		"11010519491231002Y",
		"440304199001011234",  /* check digit off by one */
		"110105194902300028",  /* 30 Feb 1949 */
		"110105194902300020",
		"510107200102290615",  /* 29 Feb in a common year */
		"110105194913310021",  /* month 13 */
		"110105194912000021",  /* day 0 */
		"110101189912310013",  /* before 1900 */
		"11010519491231002",   /* 17 characters */
		"11010519491231002XX", /* 19 characters */
		"1101051949123100",
		"",
		"A1010519491231002X",  /* letters */
		"1101051949123100AX",
		"11010519491231 02X",
		"X10105194912310021",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		VALID(val_id_card, good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		INVALID(val_id_card, bad[i]);
	assert_non_null(val_id_card(NULL));
}

/* GB 11643 check character for 17 digits, computed independently of the
 * code under test (the formula in its closed form: (12 - sum mod 11) mod 11,
 * 10 written X). */
static char id_check_char(const char *body)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (body[i] - '0') * w[i];
	int c = (12 - sum % 11) % 11;
	return c == 10 ? 'X' : (char)('0' + c);
}

static void test_id_card_dates(void **state)
{
	(void)state;
	char id[80], body[64];
	time_t now = time(NULL);
	struct tm tm;

	/* yesterday is fine, tomorrow is not yet anyone's birthday */
	for (int delta = -1; delta <= 1; delta += 2) {
		time_t t = now + delta * 86400;
		localtime_r(&t, &tm);
		snprintf(body, sizeof body, "110105%04d%02d%02d002", tm.tm_year + 1900, tm.tm_mon + 1,
		         tm.tm_mday);
		snprintf(id, sizeof id, "%s%c", body, id_check_char(body));
		if (delta < 0)
			VALID(val_id_card, id);
		else
			INVALID(val_id_card, id);
	}
	/* all eleven check characters occur, and only the right one passes */
	char seen[12] = "";
	for (int seq = 0; seq < 100; seq++) {
		snprintf(body, sizeof body, "110105198001010%02d", seq);
		snprintf(id, sizeof id, "%s%c", body, id_check_char(body));
		VALID(val_id_card, id);
		if (strchr(seen, id[17]) == NULL)
			seen[strlen(seen)] = id[17];
		for (const char *c = "0123456789X"; *c; c++) {
			if (*c == id[17])
				continue;
			id[17] = *c;
			INVALID(val_id_card, id);
			id[17] = id_check_char(body);
		}
	}
	assert_int_equal(strlen(seen), 11);
}

/* GB 11643: digits 7-14 are the birth date, the 17th is odd for a man. */
static void test_id_card_holder(void **state)
{
	char birth[11];
	const char *gender = NULL;

	(void)state;
	assert_true(val_id_card_holder("11010519491231002X", birth, &gender));
	assert_string_equal(birth, "1949-12-31");
	assert_string_equal(gender, "female");
	assert_true(val_id_card_holder("440304199001011233", birth, &gender));
	assert_string_equal(birth, "1990-01-01");
	assert_string_equal(gender, "male");
	assert_false(val_id_card_holder("110105194912310021", birth, &gender));

	assert_null(val_id_card_matches("11010519491231002X", "1949-12-31", "female"));
	assert_non_null(val_id_card_matches("11010519491231002X", "1949-12-30", "female"));
	assert_non_null(val_id_card_matches("11010519491231002X", "1949-12-31", "male"));
	assert_non_null(val_id_card_matches("440304199001011233", "1990-01-01", "female"));
	/* unknown parts are not compared; a bad number is its own check's job */
	assert_null(val_id_card_matches("11010519491231002X", NULL, ""));
	assert_null(val_id_card_matches("110105194912310021", "2000-01-01", "male"));
}

static void test_uscc(void **state)
{
	(void)state;
	static const char *good[] = {
		"91350100M000100Y43",  /* the GB 32100 example */
		"91440300708461136T",  /* published codes of registered companies */
		"914403001922038216",
		"91330100716105852F",
		"91110000802100433B",
		"91110108551385082Q",
		"12100000400000624D",  /* a public institution (category 1) */
	};
	static const char *bad[] = {
		"91350100M000100Y4A",  /* wrong check character */
		"91350100M000100Y44",
		"91440300708461136U",
		"914403001922038217",
		"91350100M000100Y4",   /* 17 characters */
		"91350100M000100Y433", /* 19 characters */
		"",
		"91350100m000100Y43",  /* lower case */
		"91350100M000I00Y43",  /* I is not in the alphabet */
		"91350100M000O00Y43",  /* nor O */
		"9135010OM000100Y43",
		"91350100Z000100Y43",  /* nor Z, S, V */
		"91350100S000100Y43",
		"91350100V000100Y43",
		"91350100M000100Y4-",
		"91350100M 00100Y43",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		VALID(val_uscc, good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		INVALID(val_uscc, bad[i]);
	assert_non_null(val_uscc(NULL));

	/* changing any one character of a valid code breaks it */
	char code[] = "91440300708461136T";
	static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	for (int i = 0; i < 18; i++) {
		char orig = code[i];
		for (const char *c = alpha; *c; c++) {
			if (*c == orig)
				continue;
			code[i] = *c;
			INVALID(val_uscc, code);
		}
		code[i] = orig;
	}
	VALID(val_uscc, code);
}

static void test_postcode_date_username(void **state)
{
	(void)state;
	VALID(val_postcode, "100000");
	VALID(val_postcode, "518057");
	VALID(val_postcode, "010010");
	INVALID(val_postcode, "10000");
	INVALID(val_postcode, "1000000");
	INVALID(val_postcode, "10000a");
	INVALID(val_postcode, "100 00");
	INVALID(val_postcode, "");
	assert_non_null(val_postcode(NULL));

	VALID(val_date, "2024-02-29");
	VALID(val_date, "2000-02-29");
	VALID(val_date, "1900-01-01");
	VALID(val_date, "2200-12-31");
	VALID(val_date, "1999-12-31");
	INVALID(val_date, "2023-02-29");
	INVALID(val_date, "1900-02-29");  /* 1900 was not a leap year */
	INVALID(val_date, "2024-04-31");
	INVALID(val_date, "2024-13-01");
	INVALID(val_date, "2024-00-10");
	INVALID(val_date, "2024-01-00");
	INVALID(val_date, "1899-12-31");
	INVALID(val_date, "2201-01-01");
	INVALID(val_date, "2024-1-01");
	INVALID(val_date, "2024/01/01");
	INVALID(val_date, "20240101");
	INVALID(val_date, "2024-01-01 ");
	INVALID(val_date, "2024-01-0a");
	INVALID(val_date, "");
	assert_non_null(val_date(NULL));
	assert_true(val_ymd_real(2024, 2, 29));
	assert_false(val_ymd_real(2100, 2, 29));
	assert_true(val_ymd_real(2400, 2, 29));
	assert_false(val_ymd_real(2024, 6, 31));
	assert_false(val_ymd_real(0, 1, 1));

	VALID(val_username, "abc");
	VALID(val_username, "zhang_san");
	VALID(val_username, "Li.Si-2024");
	VALID(val_username, "a2345678901234567890123456789012"); /* 32 */
	INVALID(val_username, "ab");
	INVALID(val_username, "a23456789012345678901234567890123"); /* 33 */
	INVALID(val_username, "1abc");
	INVALID(val_username, "_abc");
	INVALID(val_username, "abc def");
	INVALID(val_username, "abc@def");
	INVALID(val_username, "张三丰");
	INVALID(val_username, "");
	assert_non_null(val_username(NULL));
}

static void test_password(void **state)
{
	(void)state;
	VALID(val_password, "correct horse battery staple");
	VALID(val_password, "Tr0ub4dor&3x");
	VALID(val_password, "abcdefgq");          /* 8, not common */
	VALID(val_password, "会员系统的密码安全");    /* 9 characters, 27 bytes */
	VALID(val_password, "会员系统密码安全");      /* exactly 8 characters */
	INVALID(val_password, "会员系统密码安");      /* 7 characters, 21 bytes */
	INVALID(val_password, "abcdefg");
	INVALID(val_password, "");
	assert_non_null(val_password(NULL));
	INVALID(val_password, "abc\xff" "defgh");  /* invalid UTF-8 */

	char buf[520];
	memset(buf, 'k', 128);
	buf[128] = '\0';
	VALID(val_password, buf);
	buf[128] = 'k';
	buf[129] = '\0';
	INVALID(val_password, buf);
	/* 128 three-byte characters are 128 characters */
	for (int i = 0; i < 128; i++)
		memcpy(buf + 3 * i, "密", 3);
	buf[384] = '\0';
	VALID(val_password, buf);
	memcpy(buf + 384, "密", 4);
	INVALID(val_password, buf);

	/* the common ones, in any case */
	static const char *common[] = {
		"password", "12345678", "123456789", "11111111", "password1", "iloveyou",
		"woaini1314", "5201314520", "qq123456", "a123456789", "1qaz2wsx", "qwertyuiop",
		"PASSWORD", "WoAiNi1314", "QQ123456", "Password1", "88888888", "00000000",
	};
	for (size_t i = 0; i < sizeof common / sizeof *common; i++)
		INVALID(val_password, common[i]);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The shipped list itself: big enough, clean, and every entry refused. */
static void test_password_list(void **state)
{
	(void)state;
	const struct roster_blob *b = roster_blob_find(roster_embedded, roster_embedded_count,
	                                               "common-passwords.txt");
	assert_non_null(b);
	assert_true(val_password_list_size() >= 1000);

	size_t lines = 0;
	char **words = calloc(b->len / 8 + 1, sizeof *words);
	const char *p = (const char *)b->data, *end = p + b->len;
	assert_non_null(words);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		if (len < 8 || len > 128)
			fail_msg("line %zu: length %zu", lines + 1, len);
		char *w = strndup(p, len);
		for (size_t i = 0; i < len; i++)
			if (w[i] >= 'A' && w[i] <= 'Z')
				fail_msg("line %zu not lower-case: %s", lines + 1, w);
		if (val_password(w) == NULL)
			fail_msg("common password accepted: %s", w);
		words[lines++] = w;
		p += len + 1;
	}
	/* every line became an entry: none blank, none a comment */
	assert_int_equal(lines, val_password_list_size());

	qsort(words, lines, sizeof *words, cmp_str);
	for (size_t i = 1; i < lines; i++)
		if (strcmp(words[i - 1], words[i]) == 0)
			fail_msg("listed twice: %s", words[i]);
	for (size_t i = 0; i < lines; i++)
		free(words[i]);
	free(words);
}

static void *password_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++)
		if (val_password("woaini1314") == NULL || val_password("a rare passphrase") != NULL)
			return (void *)1;
	return NULL;
}

/* The list is built on first use; threads racing to it must all see it. */
static void test_password_threads(void **state)
{
	(void)state;
	pthread_t t[8];
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&t[i], NULL, password_worker, NULL), 0);
	for (int i = 0; i < 8; i++) {
		void *rc;
		assert_int_equal(pthread_join(t[i], &rc), 0);
		assert_null(rc);
	}
}

static void test_by_name(void **state)
{
	(void)state;
	static const char *names[] = {
		"email", "mobile", "id_card", "uscc", "postcode", "date", "username", "password",
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		assert_true(val_known(names[i]));
	assert_false(val_known("phone"));
	assert_false(val_known(""));
	assert_false(val_known(NULL));

	assert_null(val_by_name("id_card", "11010519491231002X"));
	assert_non_null(val_by_name("id_card", "110105194912310021"));
	assert_null(val_by_name("uscc", "91350100M000100Y43"));
	assert_non_null(val_by_name("uscc", "91350100M000100Y4A"));
	assert_null(val_by_name("email", "a@b.cn"));
	assert_null(val_by_name("mobile", "13800138000"));
	assert_null(val_by_name("postcode", "100000"));
	assert_null(val_by_name("date", "2024-02-29"));
	assert_null(val_by_name("username", "zhang_san"));
	assert_non_null(val_by_name("password", "password"));
	assert_string_equal(val_by_name("phone", "13800138000"), "Unknown validator.");
	assert_string_equal(val_by_name(NULL, "x"), "Unknown validator.");
	/* same message as the direct call */
	assert_string_equal(val_by_name("date", "2023-02-29"), val_date("2023-02-29"));
	assert_non_null(val_by_name("email", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_mobile),
		cmocka_unit_test(test_id_card),
		cmocka_unit_test(test_id_card_dates),
		cmocka_unit_test(test_id_card_holder),
		cmocka_unit_test(test_uscc),
		cmocka_unit_test(test_postcode_date_username),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_password_list),
		cmocka_unit_test(test_password_threads),
		cmocka_unit_test(test_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
