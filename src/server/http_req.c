/* Request helpers for handlers (see http.h). */
#include <stdint.h>
#include <string.h>
#include <microhttpd.h>
#include "http.h"

const char *req_query(const struct req *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *req_header(const struct req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *req_form(const struct req *req, const char *name)
{
	for (size_t i = 0; i < req->nform; i++)
		if (strcmp(req->form[i].name, name) == 0)
			return req->form[i].value;
	return NULL;
}

const struct upload *req_upload(const struct req *req, const char *field)
{
	for (size_t i = 0; i < req->nuploads; i++)
		if (strcmp(req->uploads[i].field, field) == 0)
			return &req->uploads[i];
	return NULL;
}

/* A positive decimal without sign, leading zeros or junk; -1 otherwise. */
static int64_t parse_positive(const char *s)
{
	int64_t v = 0;

	if (!s || !*s || *s == '0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int64_t req_param_id(const struct req *req, int i)
{
	if (i < 0 || i >= req->nparams)
		return -1;
	return parse_positive(req->params[i]);
}

void req_page(const struct req *req, int *page, int *per_page)
{
	int64_t p = parse_positive(req_query(req, "page"));
	int64_t n = parse_positive(req_query(req, "per_page"));

	*page = (p < 1 || p > 1000000) ? 1 : (int)p;
	*per_page = n < 1 ? 20 : n > 100 ? 100 : (int)n;
}
