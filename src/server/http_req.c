/* Request helpers for handlers (see http.h). */
#include <stdint.h>
#include <string.h>
#include <microhttpd.h>
#include "roster/i18n.h"
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

#define PAGE_MAX 1000000
#define PER_PAGE_MAX 100

const char *req_page_problem(const struct req *req, const char **param)
{
	const char *p = req_query(req, "page"), *n = req_query(req, "per_page");
	int64_t v;

	if (p) {
		v = parse_positive(p);
		if (v < 1 || v > PAGE_MAX) {
			*param = "page";
			return N_("Must be a whole number from 1 to 1000000.");
		}
	}
	if (n) {
		v = parse_positive(n);
		if (v < 1 || v > PER_PAGE_MAX) {
			*param = "per_page";
			return N_("Must be a whole number from 1 to 100.");
		}
	}
	return NULL;
}

void req_page(const struct req *req, int *page, int *per_page)
{
	int64_t p = parse_positive(req_query(req, "page"));
	int64_t n = parse_positive(req_query(req, "per_page"));

	/* out-of-range values were refused before the handler ran */
	*page = (p < 1 || p > PAGE_MAX) ? 1 : (int)p;
	*per_page = (n < 1 || n > PER_PAGE_MAX) ? 20 : (int)n;
}
