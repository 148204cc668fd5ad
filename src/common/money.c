/* Money as integer fen: parsing what people type and formatting for the
 * screen and for machines. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "roster/money.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Grammar: [space] [¥|￥] int [. d [d]] [space], where int is digits, or
 * groups of three digits separated by commas after a first group of one
 * to three. */
int money_parse(const char *s, int64_t *fen)
{
	uint64_t yuan = 0, v;
	const char *p = s;

	if (p == NULL)
		return -1;
	while (*p == ' ')
		p++;
	if (strncmp(p, "\xc2\xa5", 2) == 0)          /* ¥ U+00A5 */
		p += 2;
	else if (strncmp(p, "\xef\xbf\xa5", 3) == 0) /* ￥ U+FFE5 */
		p += 3;

	/* integer part, in yuan */
	size_t group = 0;  /* digits since the last comma or the start */
	bool commas = false;
	if (!is_digit(*p))
		return -1;
	for (; is_digit(*p) || *p == ','; p++) {
		if (*p == ',') {
			if ((!commas && (group == 0 || group > 3)) || (commas && group != 3))
				return -1;
			commas = true;
			group = 0;
			continue;
		}
		if (yuan > (uint64_t)MONEY_MAX / 100)
			return -1;
		yuan = yuan * 10 + (uint64_t)(*p - '0');
		group++;
	}
	if (commas && group != 3)
		return -1;
	if (yuan > (uint64_t)MONEY_MAX / 100)
		return -1;
	v = yuan * 100;

	/* up to two decimals */
	int decimals = 0;
	uint64_t cents = 0;
	if (*p == '.') {
		p++;
		while (is_digit(*p)) {
			if (++decimals > 2)
				return -1;
			cents = cents * 10 + (uint64_t)(*p - '0');
			p++;
		}
		if (decimals == 0)
			return -1;
		if (decimals == 1)
			cents *= 10;
	}
	while (*p == ' ')
		p++;
	if (*p != '\0')
		return -1;
	if (v > (uint64_t)MONEY_MAX - cents)
		return -1;
	*fen = (int64_t)(v + cents);
	return 0;
}

/* Magnitude without overflow even for INT64_MIN. */
static uint64_t magnitude(int64_t fen)
{
	return fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
}

char *money_plain(int64_t fen, char buf[MONEY_BUFSZ])
{
	uint64_t m = magnitude(fen);

	snprintf(buf, MONEY_BUFSZ, "%s%llu.%02llu", fen < 0 ? "-" : "",
	         (unsigned long long)(m / 100), (unsigned long long)(m % 100));
	return buf;
}

char *money_format(int64_t fen, char buf[MONEY_BUFSZ])
{
	uint64_t m = magnitude(fen);
	char digits[24], grouped[32];
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)(m / 100));
	size_t g = 0;

	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[g++] = ',';
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	snprintf(buf, MONEY_BUFSZ, "%s\xc2\xa5%s.%02llu", fen < 0 ? "-" : "", grouped,
	         (unsigned long long)(m % 100));
	return buf;
}
