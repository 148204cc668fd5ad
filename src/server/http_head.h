/* The strict front of the HTTP core as pure functions (no sockets, no
 * libmicrohttpd), so that the fuzz targets can drive them: the request head
 * checks libmicrohttpd leaves undone (http_head.c) and the form body parsers
 * (http_form.c). */
#ifndef ROSTERD_HTTP_HEAD_H
#define ROSTERD_HTTP_HEAD_H

#include <stdbool.h>
#include <stddef.h>

struct upload;
struct form_field;

/* One header line as received: name and value with their lengths (a value
 * may hold bytes a C string cannot). */
struct http_field {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
};

/* Why a request head is refused, as an untranslated msgid, or NULL when it
 * is fine. version is the request's "HTTP/1.1" or "HTTP/1.0". Refused:
 * header names that are not RFC 9110 tokens (a space before the colon),
 * control characters in values (a bare CR, NUL), no Host or two in
 * HTTP/1.1 (two in any version), two Content-Length headers or one that is
 * not a plain decimal, a Transfer-Encoding other than one "chunked", or one
 * together with Content-Length, or in HTTP/1.0. */
const char *http_head_problem(const char *version, const struct http_field *fields, size_t n);

enum http_target {
	HTTP_TARGET_OK,
	HTTP_TARGET_BAD,        /* refuse with 400 */
	HTTP_TARGET_NUL_PARAM   /* a query parameter decodes to a NUL: 422 */
};
/* Checks the raw request target (len bytes, as on the request line, before
 * any decoding): it must be a path starting with '/', without control
 * characters, spaces or a %00 in the path. A %00 in the query answers
 * HTTP_TARGET_NUL_PARAM with the parameter's raw name in param (cut to
 * paramlen - 1 bytes). *why: untranslated msgid for HTTP_TARGET_BAD. */
enum http_target http_target_check(const char *raw, size_t len, char *param, size_t paramlen,
                                   const char **why);

/* A parsed form body: plain fields and files. */
struct http_form {
	struct form_field *fields;
	size_t nfields;
	struct upload *uploads;
	size_t nuploads;
	char *nul_field;        /* name of the first plain field holding a NUL */
};

/* Parse a multipart/form-data body (content_type carries the boundary) or
 * an application/x-www-form-urlencoded one into form. Strict: the closing
 * boundary must be there, every part needs a Content-Disposition of
 * form-data with a name, percent escapes must be whole. Returns false with
 * *why (an untranslated msgid) when the body is refused; form holds what
 * was read either way and is freed with http_form_free. A plain field that
 * decodes to a NUL is kept out and named in nul_field. */
bool http_form_parse(const char *content_type, const char *body, size_t len,
                     struct http_form *form, const char **why);
/* Which of the two form types ctype is: 'm' multipart, 'u' urlencoded,
 * 0 neither. */
char http_form_kind(const char *ctype);
void http_form_free(struct http_form *form);

#endif
