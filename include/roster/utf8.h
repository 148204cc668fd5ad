/* UTF-8 helpers: validation, display width in terminal columns (East Asian
 * wide characters count 2, combining marks 0), cutting and padding by
 * columns without ever splitting a character. Independent of the locale. */
#ifndef ROSTER_UTF8_H
#define ROSTER_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Strict validation: no overlongs, no surrogates, nothing past U+10FFFF. */
bool utf8_valid(const char *s, size_t len);
/* Decode one code point from s (at most len bytes). Returns bytes used
 * (1..4), or -1 for an invalid sequence (then *cp is U+FFFD). */
int utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into out; returns bytes written (1..4), 0 when cp is invalid. */
int utf8_encode(uint32_t cp, char out[4]);
/* Columns a code point takes: 0 (combining, zero-width), 1 or 2. Control
 * characters count 0. */
int utf8_cp_width(uint32_t cp);
/* Columns of a NUL-terminated string (invalid bytes count 1 each). */
size_t utf8_width(const char *s);
/* Characters (code points) in a NUL-terminated string (invalid bytes count
 * 1 each). */
size_t utf8_chars(const char *s);
/* Longest prefix of s that fits in cols columns, in bytes (zero-width
 * characters after the last character that fits are kept with it). */
size_t utf8_cut(const char *s, size_t cols);
/* New string: s cut to cols columns and padded with spaces to exactly cols
 * columns (a wide character that would straddle the edge becomes a space).
 * Made for the screen: control characters are left out and invalid bytes
 * become '?', so the result is valid UTF-8. Caller frees. */
char *utf8_pad(const char *s, size_t cols);

#endif
