/* Uploaded files: type by content, hashes, safe names, download headers. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "roster/utf8.h"
#include "roster/xalloc.h"
#include "service/files.h"

#define NAME_MAX_CHARS 100

const char *file_sniff(const void *data, size_t len)
{
	const unsigned char *p = data;

	/* the PDF header may follow a little junk (PDF 1.7, 7.5.2), but an
	 * upload that does not start with it is not a form we want */
	if (len >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 4 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "image/jpeg";
	return NULL;
}

const char *file_ext_for(const char *content_type)
{
	if (!content_type)
		return "";
	if (strcmp(content_type, "application/pdf") == 0)
		return ".pdf";
	if (strcmp(content_type, "image/png") == 0)
		return ".png";
	if (strcmp(content_type, "image/jpeg") == 0)
		return ".jpg";
	return "";
}

void file_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}

char *file_display_name(const char *sent, const char *content_type)
{
	const char *base = sent ? sent : "";
	const char *ext = file_ext_for(content_type);
	char *clean, *dot, *out;
	size_t n = 0, chars = 0;

	/* browsers on Windows send the full path */
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	clean = xmalloc(strlen(base) + 1);
	for (const char *p = base; *p && chars < NAME_MAX_CHARS; ) {
		uint32_t cp;
		int l = utf8_decode(p, strlen(p), &cp);

		if (l < 0)
			l = 1;
		else if (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) &&
		         cp != '"' && cp != ';') {
			memcpy(clean + n, p, (size_t)l);
			n += (size_t)l;
			chars++;
		}
		p += l;
	}
	clean[n] = '\0';
	/* no hidden files, no names made of dots */
	while (clean[0] == '.' || clean[0] == ' ')
		memmove(clean, clean + 1, strlen(clean));
	dot = strrchr(clean, '.');
	if (dot)
		*dot = '\0';
	out = *clean ? xasprintf("%s%s", clean, ext) : xasprintf("file%s", ext);
	free(clean);
	return out;
}

/* RFC 5987 value: UTF-8 bytes, percent-encoded outside attr-char. */
static char *ext_value(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(s) * 3 + 1), *o = out;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

/* ASCII fallback for old clients: letters, digits, '.', '-', '_' kept, runs
 * of anything else become one '_'; "file" when no letter or digit is left
 * before the extension. */
static char *ascii_name(const char *s)
{
	char *out = xmalloc(strlen(s) + 8), *o = out;
	const char *dot = strrchr(s, '.');
	bool alnum = false;

	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
		if (ok) {
			if (c != '.' && c != '-' && c != '_' && (!dot || p < dot))
				alnum = true;
			*o++ = (char)c;
		} else if (o == out || o[-1] != '_') {
			*o++ = '_';
		}
	}
	*o = '\0';
	if (!alnum) {
		char *r = xasprintf("file%s", dot && strlen(dot) < 6 ? dot : "");
		free(out);
		return r;
	}
	return out;
}

char *file_disposition(const char *name)
{
	char *ascii = ascii_name(name && *name ? name : "file");
	char *ext = ext_value(name && *name ? name : "file");
	char *cd = xasprintf("attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, ext);

	free(ext);
	free(ascii);
	return cd;
}
