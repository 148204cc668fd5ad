/* libFuzzer target: the request head checks of the strict HTTP front
 * (http_head.c) on arbitrary heads. The input's first line is the request
 * target, each further line a header "name:value" (the first byte picks
 * HTTP/1.1 when odd). Whatever comes in, the checks must not crash, and a
 * head they pass must hold what the front promises: one Host in HTTP/1.1,
 * no control characters, at most one plain Content-Length, no coding but
 * one chunked and never with a length; a target they pass starts with '/'
 * and has no space, control character or %00 in its path. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "http_head.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool named(const struct http_field *f, const char *name)
{
	return f->name_len == strlen(name) && strncasecmp(f->name, name, f->name_len) == 0;
}

static void check_target(const char *t, size_t len)
{
	char param[16];
	const char *why;
	enum http_target v = http_target_check(t, len, param, sizeof param, &why);

	assert(strlen(param) < sizeof param);
	if (v == HTTP_TARGET_BAD) {
		assert(why && *why);
		return;
	}
	assert(len > 0 && t[0] == '/');
	const char *q = memchr(t, '?', len);
	size_t path = q ? (size_t)(q - t) : len;
	for (size_t i = 0; i < len; i++)
		assert((unsigned char)t[i] > 0x20 && t[i] != 0x7f);
	for (size_t i = 0; i + 2 < path; i++)
		assert(!(t[i] == '%' && t[i + 1] == '0' && t[i + 2] == '0'));
	if (v == HTTP_TARGET_NUL_PARAM)
		assert(q != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	const char *version;
	struct http_field f[64];
	size_t n = 0;

	if (size == 0)
		return 0;
	version = (data[0] & 1) ? "HTTP/1.1" : "HTTP/1.0";
	p++;
	const char *eol = memchr(p, '\n', (size_t)(end - p));
	check_target(p, eol ? (size_t)(eol - p) : (size_t)(end - p));
	p = eol ? eol + 1 : end;
	while (p < end && n < 64) {
		eol = memchr(p, '\n', (size_t)(end - p));
		const char *stop = eol ? eol : end;
		const char *colon = memchr(p, ':', (size_t)(stop - p));
		if (colon)
			f[n++] = (struct http_field){ p, (size_t)(colon - p), colon + 1,
			                              (size_t)(stop - colon - 1) };
		p = eol ? eol + 1 : end;
	}
	if (http_head_problem(version, f, n) != NULL)
		return 0;

	size_t hosts = 0, lengths = 0, codings = 0;
	for (size_t i = 0; i < n; i++) {
		assert(f[i].name_len > 0);
		for (size_t k = 0; k < f[i].name_len; k++)
			assert((unsigned char)f[i].name[k] > 0x20 && f[i].name[k] != ':');
		for (size_t k = 0; k < f[i].value_len; k++)
			assert((unsigned char)f[i].value[k] >= 0x20 || f[i].value[k] == '\t');
		if (named(&f[i], "Host"))
			hosts++;
		if (named(&f[i], "Content-Length")) {
			lengths++;
			for (size_t k = 0; k < f[i].value_len; k++)
				assert(f[i].value[k] >= '0' && f[i].value[k] <= '9');
		}
		if (named(&f[i], "Transfer-Encoding")) {
			codings++;
			assert(f[i].value_len == 7 && strncasecmp(f[i].value, "chunked", 7) == 0);
		}
	}
	assert(hosts <= 1 && (hosts == 1 || data[0] % 2 == 0));
	assert(lengths <= 1 && codings <= 1 && !(lengths && codings));
	return 0;
}
