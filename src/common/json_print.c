/* json_print (roster/json.h): the unformatted text of a cJSON tree, byte for
 * byte what cJSON_PrintUnformatted writes (tests/unit/common/test_json_print.c
 * compares the two), made in one growing buffer, with whole numbers written
 * without printf. Every API answer passes through here: the list pages
 * spent a seventh of their time in cJSON's printer, most of it in printf
 * and sscanf checking each number. */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster/json.h"
#include "roster/xalloc.h"

struct out {
	char *p;
	size_t len, cap;
};

static void grow(struct out *o, size_t n)
{
	if (o->len + n <= o->cap)
		return;
	while (o->len + n > o->cap)
		o->cap = o->cap ? o->cap * 2 : 256;
	o->p = xrealloc(o->p, o->cap);
}

static void put(struct out *o, const char *s, size_t n)
{
	grow(o, n);
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void put_char(struct out *o, char c)
{
	grow(o, 1);
	o->p[o->len++] = c;
}

/* n in decimal, as "%lld" writes it */
static void put_whole(struct out *o, long long n)
{
	char buf[24], *p = buf + sizeof buf;
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		*--p = '-';
	put(o, p, (size_t)(buf + sizeof buf - p));
}

/* cJSON's own test of a number read back */
static int same_double(double a, double b)
{
	double max = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return fabs(a - b) <= max * DBL_EPSILON;
}

static void put_number(struct out *o, const cJSON *it)
{
	double d = it->valuedouble, back = 0.0;
	char buf[32], point = *localeconv()->decimal_point;
	int n;

	if (isnan(d) || isinf(d)) {
		put(o, "null", 4);
		return;
	}
	/* cJSON writes every number with "%1.15g" (or "%1.17g" when 15 digits
	 * do not give it back), which writes a whole number under 10^15 as its
	 * digits: ids, times and amounts, the numbers the API sends */
	if (d == floor(d) && fabs(d) < 1e15) {
		if (d == 0 && signbit(d))
			put(o, "-0", 2);
		else
			put_whole(o, (long long)d);
		return;
	}
	n = snprintf(buf, sizeof buf, "%1.15g", d);
	if (sscanf(buf, "%lg", &back) != 1 || !same_double(back, d))
		n = snprintf(buf, sizeof buf, "%1.17g", d);
	if (n < 0 || n >= (int)sizeof buf)
		n = 0;
	for (int i = 0; i < n; i++)
		if (buf[i] == point)
			buf[i] = '.';
	put(o, buf, (size_t)n);
}

/* A string in quotes: " and \ escaped, the control characters as \b \f
 * \n \r \t or \u00xx, every other byte as it is. */
static void put_string(struct out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;

	put_char(o, '"');
	for (;; p++) {
		unsigned char c = *p;
		char esc[6];
		size_t n = 2;

		if (c >= 32 && c != '"' && c != '\\')
			continue;
		put(o, (const char *)run, (size_t)(p - run));
		if (c == '\0')
			break;
		run = p + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		put(o, esc, n);
	}
	put_char(o, '"');
}

/* false for what cJSON would not print (an invalid item, a raw item
 * without text) */
static bool put_item(struct out *o, const cJSON *it)
{
	const cJSON *c;

	switch (it->type & 0xFF) {
	case cJSON_NULL:
		put(o, "null", 4);
		return true;
	case cJSON_False:
		put(o, "false", 5);
		return true;
	case cJSON_True:
		put(o, "true", 4);
		return true;
	case cJSON_Number:
		put_number(o, it);
		return true;
	case cJSON_Raw:
		if (!it->valuestring)
			return false;
		put(o, it->valuestring, strlen(it->valuestring));
		return true;
	case cJSON_String:
		put_string(o, it->valuestring);
		return true;
	case cJSON_Array:
		put_char(o, '[');
		for (c = it->child; c; c = c->next) {
			if (!put_item(o, c))
				return false;
			if (c->next)
				put_char(o, ',');
		}
		put_char(o, ']');
		return true;
	case cJSON_Object:
		put_char(o, '{');
		for (c = it->child; c; c = c->next) {
			put_string(o, c->string);
			put_char(o, ':');
			if (!put_item(o, c))
				return false;
			if (c->next)
				put_char(o, ',');
		}
		put_char(o, '}');
		return true;
	default:
		return false;
	}
}

char *json_print(const cJSON *item)
{
	struct out o = { 0 };

	if (!item || !put_item(&o, item)) {
		fprintf(stderr, "roster: a JSON value that cannot be written\n");
		abort();
	}
	put_char(&o, '\0');
	return o.p;
}
