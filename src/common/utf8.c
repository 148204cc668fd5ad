/* UTF-8 decoding, validation and cutting/padding by terminal columns. Widths
 * come from utf8_cp_width (utf8_width.c), never from the locale. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "roster/utf8.h"
#include "roster/xalloc.h"

int utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	int n;

	*cp = 0xFFFD;
	if (len == 0)
		return -1;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	} else if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2; c = p[0] & 0x1F; min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3; c = p[0] & 0x0F; min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4; c = p[0] & 0x07; min = 0x10000;
	} else {
		return -1; /* continuation byte, C0/C1 overlong lead, F5..FF */
	}
	if (len < (size_t)n)
		return -1;
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1; /* overlong, out of range, surrogate */
	*cp = c;
	return n;
}

int utf8_encode(uint32_t cp, char out[4])
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		o[0] = (unsigned char)(0xF0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

bool utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

/* One step through a NUL-terminated string: bytes taken, the code point
 * (-1 for an invalid byte) and the columns it fills. An invalid byte is
 * taken alone and counts one column, the way a terminal shows it as a
 * replacement character. */
static size_t utf8_step(const char *s, int32_t *cp, int *cols)
{
	uint32_t c;
	int n = utf8_decode(s, strnlen(s, 4), &c);

	if (n < 0) {
		*cp = -1;
		*cols = 1;
		return 1;
	}
	*cp = (int32_t)c;
	*cols = utf8_cp_width(c);
	return (size_t)n;
}

size_t utf8_width(const char *s)
{
	size_t w = 0;
	int32_t cp;
	int cols;

	while (*s) {
		s += utf8_step(s, &cp, &cols);
		w += (size_t)cols;
	}
	return w;
}

size_t utf8_chars(const char *s)
{
	size_t n = 0;
	int32_t cp;
	int cols;

	while (*s) {
		s += utf8_step(s, &cp, &cols);
		n++;
	}
	return n;
}

/* Zero-width characters after the last one that fits stay with it: a
 * combining accent belongs to the letter before it. */
size_t utf8_cut(const char *s, size_t cols)
{
	size_t used = 0, off = 0;
	int32_t cp;
	int w;

	while (s[off]) {
		size_t n = utf8_step(s + off, &cp, &w);
		if (used + (size_t)w > cols)
			break;
		used += (size_t)w;
		off += n;
	}
	return off;
}

/* The result goes straight to the screen: invalid bytes become '?' so it is
 * valid UTF-8, and control characters are left out so none can move the
 * cursor or start an escape sequence. */
char *utf8_pad(const char *s, size_t cols)
{
	size_t cut = utf8_cut(s, cols);
	char *out = xmalloc(cut + cols + 1); /* never longer than the cut + pad */
	size_t o = 0, used = 0, off = 0;
	int32_t cp;
	int w;

	while (off < cut) {
		size_t n = utf8_step(s + off, &cp, &w);
		if (cp < 0) {
			out[o++] = '?';
		} else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			/* dropped */
		} else {
			memcpy(out + o, s + off, n);
			o += n;
		}
		used += (size_t)w;
		off += n;
	}
	/* a wide character straddling the edge leaves one column: fill it */
	while (used < cols) {
		out[o++] = ' ';
		used++;
	}
	out[o] = '\0';
	return out;
}
