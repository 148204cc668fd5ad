/* Pieces of the HTTP core shared by its files (http*.c); not for handlers. */
#ifndef ROSTERD_HTTP_INTERNAL_H
#define ROSTERD_HTTP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <microhttpd.h>

/* Long polls (http_poll.c): a thread resumes suspended connections once a
 * second or at http_wake(). */
int http_poll_start(void);
/* Suspend conn (from its access handler) until the next wake-up; false
 * when stopping (then answer at once). */
bool http_poll_suspend(struct MHD_Connection *conn);
/* Resume everything and stop the thread. */
void http_poll_stop(void);

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
