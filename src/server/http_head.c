/* Request head checks that libmicrohttpd 0.9 leaves undone. rosterd sits
 * behind a reverse proxy: wherever the two could read one head two ways (two
 * lengths, a length and chunks, a name with a space before its colon that
 * one side drops), a request could hide inside another, so such heads are
 * refused before anything is read from the body. */
#include <string.h>
#include <strings.h>
#include "roster/i18n.h"
#include "http_head.h"

/* RFC 9110 token characters. */
static bool is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool name_is(const struct http_field *f, const char *name)
{
	size_t n = strlen(name);

	return f->name_len == n && strncasecmp(f->name, name, n) == 0;
}

static bool value_is(const struct http_field *f, const char *want)
{
	size_t n = strlen(want);

	return f->value_len == n && strncasecmp(f->value, want, n) == 0;
}

const char *http_head_problem(const char *version, const struct http_field *fields, size_t n)
{
	size_t hosts = 0, lengths = 0, codings = 0;
	bool chunked = false;
	bool v11 = version && strcmp(version, "HTTP/1.1") == 0;

	for (size_t i = 0; i < n; i++) {
		const struct http_field *f = &fields[i];
		if (f->name_len == 0)
			return N_("A header has no name.");
		for (size_t k = 0; k < f->name_len; k++)
			if (!is_tchar((unsigned char)f->name[k]))
				return N_("A header name holds characters that are not allowed.");
		for (size_t k = 0; k < f->value_len; k++) {
			unsigned char c = (unsigned char)f->value[k];
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return N_("A header value holds control characters.");
		}
		if (name_is(f, "Host")) {
			hosts++;
		} else if (name_is(f, "Content-Length")) {
			lengths++;
			if (f->value_len == 0 || f->value_len > 18)
				return N_("The Content-Length header is not valid.");
			for (size_t k = 0; k < f->value_len; k++)
				if (f->value[k] < '0' || f->value[k] > '9')
					return N_("The Content-Length header is not valid.");
		} else if (name_is(f, "Transfer-Encoding")) {
			codings++;
			chunked = value_is(f, "chunked");
		}
	}
	if (hosts > 1 || (v11 && hosts == 0))
		return N_("The request needs exactly one Host header.");
	if (lengths > 1)
		return N_("The request has more than one Content-Length header.");
	if (codings > 1 || (codings == 1 && !chunked))
		return N_("Only the chunked Transfer-Encoding is supported.");
	if (codings && !v11)
		return N_("Transfer-Encoding needs HTTP/1.1.");
	if (codings && lengths)
		return N_("A request cannot have both Content-Length and Transfer-Encoding.");
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum http_target http_target_check(const char *raw, size_t len, char *param, size_t paramlen,
                                   const char **why)
{
	size_t query = len;   /* where the query starts ('?'), len when none */
	bool nul_param = false;

	*why = NULL;
	if (paramlen)
		param[0] = '\0';
	if (len == 0 || raw[0] != '/') {
		*why = N_("The request target must be a path that starts with /.");
		return HTTP_TARGET_BAD;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];
		if (c <= 0x20 || c == 0x7f) {
			*why = N_("The request target holds characters that are not allowed.");
			return HTTP_TARGET_BAD;
		}
		if (c == '?' && query == len)
			query = i;
		if (c == '%' && (i + 2 >= len || hexval(raw[i + 1]) < 0 || hexval(raw[i + 2]) < 0)) {
			*why = N_("The request target has a broken percent escape.");
			return HTTP_TARGET_BAD;
		}
		if (c == '%' && raw[i + 1] == '0' && raw[i + 2] == '0') {
			if (i < query) {
				*why = N_("The request path holds a NUL character.");
				return HTTP_TARGET_BAD;
			}
			if (!nul_param) {
				/* name the parameter: from the '&' or '?' before to
				 * '='; the rest of the target is still checked */
				size_t start = i, end;
				while (start > query + 1 && raw[start - 1] != '&')
					start--;
				for (end = start; end < len && raw[end] != '=' && raw[end] != '&'; end++)
					;
				if (paramlen) {
					size_t n = end - start < paramlen - 1 ? end - start : paramlen - 1;
					memcpy(param, raw + start, n);
					param[n] = '\0';
				}
				nul_param = true;
			}
		}
	}
	return nul_param ? HTTP_TARGET_NUL_PARAM : HTTP_TARGET_OK;
}
