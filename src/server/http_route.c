/* Matching a path against the route tables (routes/index.c). Patterns are
 * split at '/'; a {name} segment matches any one non-empty segment. Routes
 * without ROUTE_RAW live under /api/v1. A linear scan: a hundred routes
 * cost less than the socket read. */
#include <stdio.h>
#include <string.h>
#include "http_internal.h"
#include "routes/routes.h"

#define MAX_SEGMENTS 16


/* Does pattern match the path segments? Captures {…} segments. */
static bool pattern_match(const char *pattern, char *const *segs, int nsegs,
                          const char **params, int *nparams)
{
	const char *p = pattern;
	int i = 0, np = 0;

	if (*p == '/')
		p++;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (i >= nsegs)
			return false;
		if (len >= 2 && p[0] == '{' && p[len - 1] == '}') {
			if (np < 4)
				params[np++] = segs[i];
		} else if (strlen(segs[i]) != len || memcmp(segs[i], p, len) != 0) {
			return false;
		}
		i++;
		p += len;
		if (*p == '/')
			p++;
	}
	if (i != nsegs)
		return false;
	*nparams = np;
	return true;
}

/* Split path (after the leading '/') in place. -1 when too deep. */
static int split_path(char *path, char **segs)
{
	int n = 0;
	char *p = path;

	if (*p == '/')
		p++;
	if (!*p)
		return 0;
	for (;;) {
		if (n == MAX_SEGMENTS)
			return -1;
		segs[n++] = p;
		p = strchr(p, '/');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

const struct route *http_route_find(char *segbuf, const char *method,
                                    const char *params_out[4], int *nparams_out,
                                    char *allow, size_t allowlen, bool *path_known)
{
	char *segs[MAX_SEGMENTS];
	const char *params[4] = { 0 };
	int nsegs, nparams = 0;
	bool api;

	*path_known = false;
	allow[0] = '\0';
	nsegs = split_path(segbuf, segs);
	if (nsegs < 0)
		return NULL;
	api = nsegs >= 2 && strcmp(segs[0], "api") == 0 && strcmp(segs[1], "v1") == 0;
	for (const struct route *const *t = route_tables; *t; t++) {
		for (const struct route *r = *t; r->method; r++) {
			bool m;

			if (r->flags & ROUTE_RAW)
				m = pattern_match(r->pattern, segs, nsegs, params, &nparams);
			else
				m = api && pattern_match(r->pattern, segs + 2, nsegs - 2, params, &nparams);
			if (!m)
				continue;
			*path_known = true;
			if (strcmp(r->method, method) == 0) {
				for (int i = 0; i < nparams; i++)
					params_out[i] = params[i];
				*nparams_out = nparams;
				return r;
			}
			if (!strstr(allow, r->method)) {
				size_t l = strlen(allow);
				snprintf(allow + l, allowlen - l, "%s%s", l ? ", " : "", r->method);
			}
		}
	}
	return NULL;
}

