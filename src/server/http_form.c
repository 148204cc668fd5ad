/* Form bodies (multipart/form-data, RFC 7578, and urlencoded), parsed
 * whole once they are in: a body is refused rather than guessed at when its
 * closing boundary is missing, a part has no form-data name, or an escape is
 * cut short. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "roster/i18n.h"
#include "roster/xalloc.h"
#include "http.h"
#include "http_head.h"

#define FORM_MAX_PARTS 256

char http_form_kind(const char *ctype)
{
	if (!ctype)
		return 0;
	while (*ctype == ' ')
		ctype++;
	if (strncasecmp(ctype, "multipart/form-data", 19) == 0 &&
	    (ctype[19] == '\0' || ctype[19] == ';' || ctype[19] == ' '))
		return 'm';
	if (strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0 &&
	    (ctype[33] == '\0' || ctype[33] == ';' || ctype[33] == ' '))
		return 'u';
	return 0;
}

static void add_field(struct http_form *form, const char *name, size_t nlen,
                      const char *value, size_t vlen)
{
	struct form_field *f;

	if (memchr(value, '\0', vlen) || memchr(name, '\0', nlen)) {
		if (!form->nul_field)
			form->nul_field = xstrndup(name, strnlen(name, nlen));
		return;
	}
	form->fields = xrealloc(form->fields, (form->nfields + 1) * sizeof *form->fields);
	f = &form->fields[form->nfields++];
	f->name = xstrndup(name, nlen);
	f->value = xstrndup(value, vlen);
}

/* ------------------------------------------------------------ urlencoded */

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

/* Decode s[0..len) into out (at least len bytes); the decoded length, or
 * -1 on a cut escape. */
static long url_decode(const char *s, size_t len, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%') {
			if (i + 2 >= len)
				return -1;
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	return (long)o;
}

static bool parse_urlencoded(const char *body, size_t len, struct http_form *form,
                             const char **why)
{
	char *name = xmalloc(len + 1), *value = xmalloc(len + 1);
	size_t i = 0;
	bool ok = true;

	while (i < len && ok) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		if (end > i) {
			size_t eq = i;
			while (eq < end && body[eq] != '=')
				eq++;
			long nl = url_decode(body + i, eq - i, name);
			long vl = eq < end ? url_decode(body + eq + 1, end - eq - 1, value) : 0;
			if (nl < 0 || vl < 0) {
				*why = N_("The form data has a broken percent escape.");
				ok = false;
			} else if (form->nfields >= FORM_MAX_PARTS) {
				*why = N_("The form data has too many fields.");
				ok = false;
			} else {
				add_field(form, name, (size_t)nl, value, (size_t)vl);
			}
		}
		i = end + 1;
	}
	free(name);
	free(value);
	return ok;
}

/* ------------------------------------------------------------- multipart */

static const char *find_bytes(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0 || hlen < nlen)
		return NULL;
	for (const char *p = hay; (p = memchr(p, needle[0], hlen - (size_t)(p - hay) - nlen + 1)); p++) {
		if (memcmp(p, needle, nlen) == 0)
			return p;
		if ((size_t)(p - hay) + nlen >= hlen)
			break;
	}
	return NULL;
}

/* The value of parameter key in a header value such as
 * `form-data; name="file"; filename="a.pdf"` (malloc'd), or NULL. */
static char *header_param(const char *v, size_t vlen, const char *key)
{
	size_t klen = strlen(key), i = 0;

	while (i < vlen) {
		while (i < vlen && v[i] != ';')
			i++;
		if (i >= vlen)
			break;
		i++;
		while (i < vlen && (v[i] == ' ' || v[i] == '\t'))
			i++;
		if (vlen - i > klen && strncasecmp(v + i, key, klen) == 0 && v[i + klen] == '=') {
			i += klen + 1;
			char *out = xmalloc(vlen - i + 1);
			size_t o = 0;
			if (i < vlen && v[i] == '"') {
				/* browsers write a quote inside as %22, never with a
				 * backslash, and keep backslashes of Windows paths */
				for (i++; i < vlen && v[i] != '"'; i++)
					out[o++] = v[i];
				if (i >= vlen) {
					free(out);
					return NULL;   /* unterminated quote */
				}
			} else {
				while (i < vlen && v[i] != ';' && v[i] != ' ' && v[i] != '\t')
					out[o++] = v[i++];
			}
			out[o] = '\0';
			return out;
		}
	}
	return NULL;
}

struct part_head {
	char *name, *filename, *ctype;
};

/* Read the header lines of one part, [p, end) without the blank line. */
static bool part_headers(const char *p, const char *end, struct part_head *h, const char **why)
{
	bool disposition = false;

	while (p < end) {
		const char *eol = find_bytes(p, (size_t)(end - p), "\r\n", 2);
		const char *stop = eol ? eol : end;
		const char *colon = memchr(p, ':', (size_t)(stop - p));
		if (!colon || colon == p) {
			*why = N_("A part of the form data has a broken header.");
			return false;
		}
		const char *v = colon + 1;
		while (v < stop && (*v == ' ' || *v == '\t'))
			v++;
		size_t nlen = (size_t)(colon - p), vlen = (size_t)(stop - v);
		if (memchr(v, '\0', vlen) || memchr(p, '\0', nlen)) {
			*why = N_("A part of the form data has a broken header.");
			return false;
		}
		if (nlen == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
			if (disposition || vlen < 9 || strncasecmp(v, "form-data", 9) != 0 ||
			    (vlen > 9 && v[9] != ';' && v[9] != ' ')) {
				*why = N_("A part of the form data is not form-data.");
				return false;
			}
			disposition = true;
			h->name = header_param(v, vlen, "name");
			h->filename = header_param(v, vlen, "filename");
		} else if (nlen == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
			free(h->ctype);
			h->ctype = xstrndup(v, vlen);
		}
		p = eol ? eol + 2 : end;
	}
	if (!disposition || !h->name) {
		*why = N_("A part of the form data has no name.");
		return false;
	}
	return true;
}

static void add_upload(struct http_form *form, struct part_head *h, const char *data, size_t len)
{
	struct upload *u;

	form->uploads = xrealloc(form->uploads, (form->nuploads + 1) * sizeof *form->uploads);
	u = &form->uploads[form->nuploads++];
	u->field = h->name;
	u->filename = h->filename;
	u->content_type = h->ctype ? h->ctype : xstrdup("application/octet-stream");
	u->data = xmalloc(len + 1);
	if (len)
		memcpy(u->data, data, len);
	u->data[len] = 0;
	u->len = len;
	h->name = h->filename = h->ctype = NULL;
}

static bool parse_multipart(const char *ctype, const char *body, size_t len,
                            struct http_form *form, const char **why)
{
	char *boundary = header_param(ctype, strlen(ctype), "boundary");
	char *delim = NULL;
	size_t dlen;
	const char *p, *end = body + len;
	bool ok = false;

	if (!boundary || !*boundary || strlen(boundary) > 70) {
		*why = N_("The form data has no valid boundary.");
		goto out;
	}
	/* "\r\n--boundary"; the first one may open the body without the CRLF */
	delim = xasprintf("\r\n--%s", boundary);
	dlen = strlen(delim);
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
		p = body + dlen - 2;
	} else {
		p = find_bytes(body, len, delim, dlen);
		if (!p) {
			*why = N_("The form data has no parts.");
			goto out;
		}
		p += dlen;
	}
	for (int parts = 0;; parts++) {
		/* just after a delimiter: "--" closes, else padding and CRLF */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
			ok = true;
			break;
		}
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n') {
			*why = N_("The form data ends without its closing boundary.");
			goto out;
		}
		p += 2;
		if (parts >= FORM_MAX_PARTS) {
			*why = N_("The form data has too many fields.");
			goto out;
		}
		const char *blank = (end - p >= 2 && p[0] == '\r' && p[1] == '\n') ? p
		                    : find_bytes(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!blank) {
			*why = N_("The form data ends without its closing boundary.");
			goto out;
		}
		struct part_head h = { NULL, NULL, NULL };
		if (!part_headers(p, blank, &h, why)) {
			free(h.name);
			free(h.filename);
			free(h.ctype);
			goto out;
		}
		const char *data = blank + (blank == p ? 2 : 4);
		const char *next = find_bytes(data, (size_t)(end - data), delim, dlen);
		if (!next) {
			free(h.name);
			free(h.filename);
			free(h.ctype);
			*why = N_("The form data ends without its closing boundary.");
			goto out;
		}
		if (h.filename) {
			add_upload(form, &h, data, (size_t)(next - data));
		} else {
			add_field(form, h.name, strlen(h.name), data, (size_t)(next - data));
			free(h.name);
			free(h.ctype);
		}
		p = next + dlen;
	}
out:
	free(boundary);
	free(delim);
	return ok;
}

bool http_form_parse(const char *content_type, const char *body, size_t len,
                     struct http_form *form, const char **why)
{
	char kind = http_form_kind(content_type);

	memset(form, 0, sizeof *form);
	*why = NULL;
	if (kind == 'm')
		return parse_multipart(content_type, body ? body : "", len, form, why);
	if (kind == 'u')
		return parse_urlencoded(body ? body : "", len, form, why);
	*why = N_("The request body is not form data.");
	return false;
}

void http_form_free(struct http_form *form)
{
	for (size_t i = 0; i < form->nfields; i++) {
		free(form->fields[i].name);
		free(form->fields[i].value);
	}
	free(form->fields);
	for (size_t i = 0; i < form->nuploads; i++) {
		free(form->uploads[i].field);
		free(form->uploads[i].filename);
		free(form->uploads[i].content_type);
		free(form->uploads[i].data);
	}
	free(form->uploads);
	free(form->nul_field);
	memset(form, 0, sizeof *form);
}
