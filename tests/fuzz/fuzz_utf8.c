/* libFuzzer target: the UTF-8 helpers keep their promises on any bytes.
 * utf8_pad always yields valid UTF-8 of exactly the asked width; utf8_cut
 * never splits a character and never exceeds the width. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "roster/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t cols = data[0] % 40;
	char *s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	size_t n = strlen(s);

	bool valid = utf8_valid(s, n);
	(void)utf8_chars(s);
	(void)utf8_width(s);

	char *p = utf8_pad(s, cols);
	assert(utf8_valid(p, strlen(p)));
	assert(utf8_width(p) == cols);
	free(p);

	size_t cut = utf8_cut(s, cols);
	assert(cut <= n);
	if (valid) {
		char *c = strndup(s, cut);
		assert(utf8_valid(c, cut));
		assert(utf8_width(c) <= cols);
		free(c);
	}

	/* decode/encode round trip of every valid code point */
	for (size_t off = 0; valid && off < n;) {
		uint32_t cp;
		int used = utf8_decode(s + off, n - off, &cp);
		assert(used >= 1 && used <= 4);
		char out[4];
		assert(utf8_encode(cp, out) == used);
		assert(memcmp(out, s + off, (size_t)used) == 0);
		off += (size_t)used;
	}
	free(s);
	return 0;
}
