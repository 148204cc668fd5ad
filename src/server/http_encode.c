/* gzip and ETags for responses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <zlib.h>
#include "roster/xalloc.h"
#include "http_internal.h"

bool http_accepts_gzip(const char *ae)
{
	const char *p = ae ? strcasestr(ae, "gzip") : NULL;
	const char *q, *qv, *comma;

	if (!p)
		return false;
	/* "gzip;q=0" refuses it */
	q = p + 4;
	while (*q == ' ')
		q++;
	if (*q != ';')
		return true;
	qv = strstr(q, "q=");
	comma = strchr(q, ',');
	return !(qv && (!comma || qv < comma) && strtod(qv + 2, NULL) == 0.0);
}

bool http_compressible(const char *ctype)
{
	return ctype && (strncmp(ctype, "application/json", 16) == 0 ||
	                 strncmp(ctype, "text/", 5) == 0 ||
	                 strncmp(ctype, "application/javascript", 22) == 0 ||
	                 strncmp(ctype, "image/svg+xml", 13) == 0);
}

char *http_gzip(const char *in, size_t len, size_t *outlen)
{
	z_stream zs;
	size_t bound;
	char *out;

	memset(&zs, 0, sizeof zs);
	/* 15 + 16: a gzip wrapper rather than zlib's */
	if (deflateInit2(&zs, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	bound = deflateBound(&zs, len);
	out = xmalloc(bound);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = (Bytef *)out;
	zs.avail_out = (uInt)bound;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&zs);
		free(out);
		return NULL;
	}
	*outlen = zs.total_out;
	deflateEnd(&zs);
	return out;
}

void http_etag(const void *body, size_t len, char *out, size_t outlen)
{
	unsigned char h[16];
	char hex[33];

	crypto_generichash(h, sizeof h, body, len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	/* weak: the gzip and plain bodies share the tag */
	snprintf(out, outlen, "W/\"%s\"", hex);
}

bool http_etag_matches(const char *inm, const char *etag)
{
	if (!inm)
		return false;
	/* weak comparison: W/"x" and "x" are the same tag */
	return strchr(inm, '*') || strstr(inm, etag + 2);
}
