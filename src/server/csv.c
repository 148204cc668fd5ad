/* CSV reading and writing (see csv.h). */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "roster/utf8.h"
#include "roster/xalloc.h"
#include "csv.h"

void csv_reader_init(struct csv_reader *r, const char *text, size_t len)
{
	memset(r, 0, sizeof *r);
	r->p = text;
	r->end = text + len;
	r->next_line = 1;
}

static void clear_fields(struct csv_reader *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->fields[i]);
	r->n = 0;
}

static void push(struct csv_reader *r, char *s)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
	}
	r->fields[r->n++] = s;
}

int csv_next(struct csv_reader *r)
{
	clear_fields(r);
	/* skip blank lines */
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
		if (*r->p == '\n')
			r->next_line++;
		r->p++;
	}
	if (r->p >= r->end)
		return 0;
	r->line = r->next_line;
	for (;;) {
		size_t cap = 32, n = 0;
		char *f = xmalloc(cap);

		if (r->p < r->end && *r->p == '"') {
			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					free(f);
					return -1;
				}
				if (*r->p == '"') {
					if (r->p + 1 < r->end && r->p[1] == '"') {
						r->p++;
					} else {
						r->p++;
						break;
					}
				}
				if (*r->p == '\n')
					r->next_line++;
				if (n + 2 > cap)
					f = xrealloc(f, cap *= 2);
				f[n++] = *r->p++;
			}
		}
		/* unquoted text, or what follows a closing quote up to the comma */
		while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
			if (n + 2 > cap)
				f = xrealloc(f, cap *= 2);
			f[n++] = *r->p++;
		}
		f[n] = '\0';
		push(r, f);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n') {
			r->p++;
			r->next_line++;
		}
		return 1;
	}
}

void csv_reader_free(struct csv_reader *r)
{
	clear_fields(r);
	free(r->fields);
	r->fields = NULL;
	r->cap = 0;
}

void csv_put(FILE *f, const char *s, int last)
{
	if (s && strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else if (s) {
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f)
		return NULL;
	do {
		if (cap - n < 65536)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 1 << 20);
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static char *convert(const char *from, const char *in, size_t inlen, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", from);
	size_t cap = inlen * 2 + 16, left = cap - 1;
	char *out, *op, *ip = (char *)in;

	if (cd == (iconv_t)-1)
		return NULL;
	out = op = xmalloc(cap);
	while (inlen > 0) {
		if (iconv(cd, &ip, &inlen, &op, &left) != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			size_t used = (size_t)(op - out);
			cap *= 2;
			out = xrealloc(out, cap);
			op = out + used;
			left = cap - used - 1;
			continue;
		}
		free(out);
		iconv_close(cd);
		return NULL;
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t)(op - out);
	return out;
}

char *csv_load_utf8(const char *path, const char *encoding, size_t *len, const char **why)
{
	char *raw, *text;
	size_t n;
	bool utf8;

	*why = NULL;
	raw = read_all(path, &n);
	if (!raw) {
		*why = strerror(errno ? errno : EIO);
		return NULL;
	}
	if (n >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
		memmove(raw, raw + 3, n - 2);
		n -= 3;
		if (!encoding)
			encoding = "UTF-8";
	}
	utf8 = encoding ? (strcasecmp(encoding, "utf-8") == 0 || strcasecmp(encoding, "utf8") == 0)
	                : utf8_valid(raw, n);
	if (utf8) {
		if (!utf8_valid(raw, n)) {
			*why = "the file is not valid UTF-8";
			free(raw);
			return NULL;
		}
		*len = n;
		return raw;
	}
	text = convert(encoding ? encoding : "GB18030", raw, n, len);
	free(raw);
	if (!text)
		*why = "the file is neither UTF-8 nor GB18030 (or the encoding named)";
	return text;
}
