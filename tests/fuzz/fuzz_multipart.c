/* libFuzzer target: the form body parsers (http_form.c) on arbitrary
 * bodies. The first byte picks multipart/form-data (boundary "XyZ") when
 * even, urlencoded when odd. Whatever comes in, parsing must not crash or
 * leak; a multipart body it accepts, written out again part by part,
 * parses to the same fields and files. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http.h"
#include "http_head.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CTYPE "multipart/form-data; boundary=XyZ"

static void append(char **buf, size_t *len, const void *p, size_t n)
{
	*buf = realloc(*buf, *len + n + 1);
	assert(*buf);
	memcpy(*buf + *len, p, n);
	*len += n;
}

static void append_str(char **buf, size_t *len, const char *s)
{
	append(buf, len, s, strlen(s));
}

/* The accepted form written out again (files first, then fields: order
 * within each kind is kept). */
static char *rewrite(const struct http_form *f, size_t *len)
{
	char *b = NULL;

	*len = 0;
	for (size_t i = 0; i < f->nuploads; i++) {
		const struct upload *u = &f->uploads[i];
		append_str(&b, len, "--XyZ\r\nContent-Disposition: form-data; name=\"");
		append_str(&b, len, u->field);
		append_str(&b, len, "\"; filename=\"");
		append_str(&b, len, u->filename);
		append_str(&b, len, "\"\r\nContent-Type: ");
		append_str(&b, len, u->content_type);
		append_str(&b, len, "\r\n\r\n");
		append(&b, len, u->data, u->len);
		append_str(&b, len, "\r\n");
	}
	for (size_t i = 0; i < f->nfields; i++) {
		append_str(&b, len, "--XyZ\r\nContent-Disposition: form-data; name=\"");
		append_str(&b, len, f->fields[i].name);
		append_str(&b, len, "\"\r\n\r\n");
		append_str(&b, len, f->fields[i].value);
		append_str(&b, len, "\r\n");
	}
	append_str(&b, len, "--XyZ--\r\n");
	return b;
}

/* Names and values that survive being written between quotes and CRLFs. */
static bool writable(const struct http_form *f)
{
	for (size_t i = 0; i < f->nuploads; i++) {
		const struct upload *u = &f->uploads[i];
		if (strpbrk(u->field, "\"\r\n") || strpbrk(u->filename, "\"\r\n") ||
		    strpbrk(u->content_type, "\r\n") || !*u->content_type)
			return false;
	}
	for (size_t i = 0; i < f->nfields; i++)
		if (strpbrk(f->fields[i].name, "\"\r\n"))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_form form, again;
	const char *why;

	if (size == 0)
		return 0;
	bool multipart = data[0] % 2 == 0;
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	bool ok = http_form_parse(multipart ? CTYPE : "application/x-www-form-urlencoded",
	                          body, len, &form, &why);
	assert(ok || (why && *why));
	for (size_t i = 0; i < form.nfields; i++)
		assert(form.fields[i].name && form.fields[i].value);
	for (size_t i = 0; i < form.nuploads; i++)
		assert(form.uploads[i].data[form.uploads[i].len] == 0);
	if (ok && multipart && !form.nul_field && writable(&form)) {
		size_t rlen;
		char *re = rewrite(&form, &rlen);
		bool ok2 = http_form_parse(CTYPE, re, rlen, &again, &why);
		assert(ok2);
		assert(again.nuploads == form.nuploads && again.nfields == form.nfields);
		for (size_t i = 0; i < form.nuploads; i++) {
			assert(again.uploads[i].len == form.uploads[i].len);
			assert(memcmp(again.uploads[i].data, form.uploads[i].data, form.uploads[i].len) == 0);
			assert(strcmp(again.uploads[i].field, form.uploads[i].field) == 0);
		}
		for (size_t i = 0; i < form.nfields; i++)
			assert(strcmp(again.fields[i].value, form.fields[i].value) == 0);
		http_form_free(&again);
		free(re);
	}
	http_form_free(&form);
	return 0;
}
