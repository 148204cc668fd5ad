/* HTTPS requests to a payment gateway (libcurl), with short timeouts so a
 * slow gateway never holds a request thread for long. */
#ifndef ROSTERD_PAY_GATEWAY_HTTP_H
#define ROSTERD_PAY_GATEWAY_HTTP_H

#include <stddef.h>

struct gw_reply {
	long status;           /* HTTP status; 0 when no answer came */
	char *body;            /* NUL-terminated */
	size_t len;
	char *headers;         /* raw header lines */
};

/* method url with the header lines (NULL-terminated, may be NULL) and a
 * body (NULL = none). 0 when an answer came (any status), -1 when the
 * gateway could not be reached (out->status 0). */
int gw_http(const char *method, const char *url, const char *const *headers,
            const char *body, size_t len, struct gw_reply *out);
/* A response header's value (case-insensitive name), malloc'd, or NULL. */
char *gw_reply_header(const struct gw_reply *r, const char *name);
void gw_reply_free(struct gw_reply *r);
/* curl_global_init, once, before any thread uses gw_http. */
void gw_http_init(void);

#endif
