/* Bodies made while the client reads them (resp_stream, http.h).
 *
 * libmicrohttpd asks for the next piece of the body when the socket can
 * take more (its content reader callback), on the worker thread that
 * serves the connection, between the other connections that thread
 * serves. So a piece is made with that thread's own database connection,
 * never inside another request's transaction, and nothing may stay open
 * in the database between two pieces: the producer reads what it needs
 * for one piece, to the end, each time.
 *
 * The length is not known beforehand: HTTP/1.1 clients get a chunked
 * body, whose last (empty) chunk is sent only when the producer says it is
 * done. When it fails midway the connection is closed without that chunk,
 * so the client sees a download cut short rather than a complete file.
 * When the client accepts gzip the pieces are compressed on the way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "roster/xalloc.h"
#include "http_internal.h"

#define STREAM_BLOCK (64 * 1024)   /* the most MHD asks for at once */

struct resp_stream {
	resp_stream_fill fill;
	resp_stream_free free_fn;
	void *cls;                 /* the producer's, freed by free_fn */
	uint64_t *sent;            /* the request's byte count, for its log line */
	bool gzip;
	bool ended;                /* the producer said it is done */
	z_stream z;                /* when gzip */
	char *in;                  /* the producer's piece, before deflate */
	size_t in_len;
};

void resp_stream(struct resp *resp, int status, const char *ctype,
                 resp_stream_fill fill, resp_stream_free free_fn, void *cls)
{
	struct resp_stream *s = xcalloc(1, sizeof *s);

	s->fill = fill;
	s->free_fn = free_fn;
	s->cls = cls;
	/* resp_bytes drops a stream set before: the last helper wins */
	resp_bytes(resp, status, ctype, NULL, 0, false);
	xfree(&resp->body);
	resp->stream = s;
	resp->no_etag = true;
}

void http_stream_free(struct resp_stream *s)
{
	if (!s)
		return;
	if (s->free_fn)
		s->free_fn(s->cls);
	if (s->gzip)
		deflateEnd(&s->z);
	free(s->in);
	free(s);
}

/* The next compressed bytes into buf: at least one, or 0 at the end, -1
 * when the producer failed. */
static ssize_t stream_deflate(struct resp_stream *s, char *buf, size_t max)
{
	s->z.next_out = (Bytef *)buf;
	s->z.avail_out = (uInt)max;
	/* deflate keeps what it is given until it has a block: feed it until
	 * something comes out */
	while (s->z.avail_out == max) {
		int rc;

		if (s->z.avail_in == 0 && !s->ended) {
			long n = s->fill(s->cls, s->in, STREAM_BLOCK);

			if (n < 0)
				return -1;
			s->ended = n == 0;
			s->z.next_in = (Bytef *)s->in;
			s->z.avail_in = (uInt)n;
		}
		rc = deflate(&s->z, s->ended ? Z_FINISH : Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return -1;
	}
	return (ssize_t)(max - s->z.avail_out);
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct resp_stream *s = cls;
	ssize_t n;

	(void)pos;
	if (s->gzip) {
		n = stream_deflate(s, buf, max);
	} else if (s->ended) {
		n = 0;
	} else {
		n = s->fill(s->cls, buf, max);
		s->ended = n == 0;
	}
	if (n < 0)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (n == 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (s->sent)
		*s->sent += (uint64_t)n;
	return n;
}

static void stream_release(void *cls)
{
	http_stream_free(cls);
}

struct MHD_Response *http_stream_response(struct resp_stream *s, bool *gzip, uint64_t *sent)
{
	struct MHD_Response *mr;

	/* 15 + 16: a gzip wrapper rather than zlib's */
	if (*gzip && deflateInit2(&s->z, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK) {
		s->gzip = true;
		s->in = xmalloc(STREAM_BLOCK);
	}
	/* the response says gzip only when the body is */
	*gzip = s->gzip;
	s->sent = sent;
	mr = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK,
	                                       stream_read, s, stream_release);
	if (!mr)
		http_stream_free(s);
	return mr;
}
