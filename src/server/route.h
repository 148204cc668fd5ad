/* The route table: each file in src/server/routes/ exports a zero-terminated
 * `const struct route routes_<group>[]`, listed in routes/index.c. */
#ifndef ROSTERD_ROUTE_H
#define ROSTERD_ROUTE_H

#include "http.h"

typedef void (*route_fn)(struct req *req, struct resp *resp);

enum {
	/* multipart/form-data or urlencoded body up to the upload cap; files in
	 * req->uploads, fields in req->form */
	ROUTE_UPLOAD      = 1u << 0,
	/* the pattern is a full path outside /api/v1 (HTML pages, payment
	 * callbacks); form bodies are parsed like ROUTE_UPLOAD, any other body is
	 * left raw in req->body (no JSON parsing) */
	ROUTE_RAW         = 1u << 1,
	/* the path holds a secret (a hand-off or payment token): the request log
	 * shows the pattern, not the path */
	ROUTE_LOG_PATTERN = 1u << 2,
	/* keep the caller's session idle timer as it is (polling routes) */
	ROUTE_NO_TOUCH    = 1u << 3,
};

struct route {
	const char *method;    /* "GET", "POST", "PUT", "DELETE", "PATCH" */
	/* "/orders/{id}/pay": relative to /api/v1 unless ROUTE_RAW; a {name}
	 * segment matches one non-empty path segment and is captured in order
	 * into req->params */
	const char *pattern;
	route_fn fn;
	unsigned roles;        /* ROLE_* bits allowed; 0 = public */
	unsigned flags;        /* ROUTE_* */
};

#endif
