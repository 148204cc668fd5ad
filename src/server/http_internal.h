/* Pieces of the HTTP core shared by its files (http*.c); not for handlers. */
#ifndef ROSTERD_HTTP_INTERNAL_H
#define ROSTERD_HTTP_INTERNAL_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <microhttpd.h>
#include "http.h"
#include "http_head.h"

/* One request's state, in *req_cls from the first call to completion. */
struct http_state {
	struct req req;
	struct resp resp;
	struct MHD_Connection *conn;
	char *path;                /* copy of the path, trailing '/' dropped */
	char *segbuf;              /* path split at '/' for the params */
	char addr[INET6_ADDRSTRLEN];
	char method[8];
	struct timespec t0;
	bool head;                 /* HEAD: answered as GET without a body */
	bool queued;               /* a response is queued */
	bool prepared;             /* body parsed (once, before round 0) */
	bool too_large;
	bool answered;             /* the answer was decided at the first call */
	bool form;                 /* the body is form data (ROUTE_UPLOAD/ROUTE_RAW) */
	size_t limit;              /* body cap for this route */
	size_t received;
	size_t cap;                /* allocated for req.body */
	/* the raw request target (libmicrohttpd's buffer) and its checks */
	const char *raw_target;
	size_t raw_target_len;
	enum http_target target;
	const char *target_why;    /* untranslated, for HTTP_TARGET_BAD */
	char nul_param[64];        /* for HTTP_TARGET_NUL_PARAM */
	int64_t poll_deadline;     /* ms, of the current long poll */
	struct offload *offload;   /* a job on the offload pool (http_offload.c) */
	int status;                /* sent, for the log */
	uint64_t bytes;
	uint64_t sql;              /* statements run for it, for the log */
};

/* The strict front (http_front.c): the URI log callback, which makes the
 * request's state (cls unused); the checks at the first call (true when an
 * answer is set, with the connection to close). */
void *http_front_uri_log(void *cls, const char *uri, struct MHD_Connection *conn);
bool http_front_check(struct http_state *hs, const char *version);

/* Bodies (http_body.c): feeding a body chunk (over the cap sets
 * too_large); parsing what arrived, false when an error response was set. */
void http_body_feed(struct http_state *hs, const char *data, size_t size);
bool http_body_prepare(struct http_state *hs);

/* Long polls (http_poll.c): a thread resumes suspended connections every
 * server.poll_recheck seconds, at the earliest deadline, or at http_wake(). */
int http_poll_start(void);
/* Suspend conn (from its access handler) until the next wake-up, which
 * comes by deadline_ms (http_now_ms) at the latest; false when stopping
 * (then answer at once). */
bool http_poll_suspend(struct MHD_Connection *conn, int64_t deadline_ms);
/* Resume everything and stop the thread. */
void http_poll_stop(void);

/* The offload pool (http_offload.c). */
int http_offload_start(void);
/* Hand hs->resp.offload to the pool and suspend the connection (true), or
 * refuse it with a 503 in hs->resp (false). */
bool http_offload_submit(struct http_state *hs);
/* After the resume: run the job's done (or answer 503 when the pool did not
 * run it) and free the job. false when hs has no job. */
bool http_offload_finish(struct http_state *hs);
/* Refuse the waiting jobs (their requests answer 503), let the running
 * ones finish, stop the threads. */
void http_offload_stop(void);
/* Free a job that never reached the pool, or was left behind. */
void http_offload_free(struct offload *j);

/* Streamed bodies (http_stream.c): the MHD response reading s (taken,
 * also when NULL is returned), gzipped when *gzip asks and compression
 * could start (*gzip then says whether it is); *sent counts the bytes
 * sent. */
struct MHD_Response *http_stream_response(struct resp_stream *s, bool *gzip, uint64_t *sent);
void http_stream_free(struct resp_stream *s);

/* Routing (http_route.c): split segbuf (a copy of the path, changed in
 * place) and find the route for method. Captured {…} segments point into
 * segbuf. On a miss, *path_known says whether any route has this path and
 * allow lists their methods ("GET, POST"). */
struct route;
const struct route *http_route_find(char *segbuf, const char *method,
                                    const char *params_out[4], int *nparams_out,
                                    char *allow, size_t allowlen, bool *path_known);

/* Encoding (http_encode.c). */
bool http_accepts_gzip(const char *accept_encoding);
bool http_compressible(const char *ctype);
/* gzip of in; NULL when it fails. */
char *http_gzip(const char *in, size_t len, size_t *outlen);
/* Weak ETag W/"…" of a body into out (at least 40 bytes). */
void http_etag(const void *body, size_t len, char *out, size_t outlen);
/* Does an If-None-Match header value match etag? */
bool http_etag_matches(const char *if_none_match, const char *etag);

#endif
