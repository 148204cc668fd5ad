/* Request bodies: buffering JSON and raw bodies up to the route's cap,
 * collecting form fields and uploads from the post processor, and parsing
 * what arrived before the handler runs. */
#include <stdlib.h>
#include <string.h>
#include <microhttpd.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"
#include "http.h"
#include "http_internal.h"
#include "route.h"

enum MHD_Result http_post_iter(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
	struct http_state *hs = cls;
	struct req *r = &hs->req;

	(void)kind;
	(void)transfer_encoding;
	if (!key)
		return MHD_YES;
	if (filename) {
		struct upload *u;
		if (off == 0 || r->nuploads == 0 || strcmp(r->uploads[r->nuploads - 1].field, key) != 0) {
			if (r->nuploads == hs->up_cap) {
				hs->up_cap = hs->up_cap ? hs->up_cap * 2 : 4;
				r->uploads = xrealloc(r->uploads, hs->up_cap * sizeof *r->uploads);
			}
			u = &r->uploads[r->nuploads++];
			memset(u, 0, sizeof *u);
			u->field = xstrdup(key);
			u->filename = xstrdup(filename);
			u->content_type = xstrdup(content_type ? content_type : "application/octet-stream");
			u->data = xmalloc(1);
			u->data[0] = 0;
		}
		u = &r->uploads[r->nuploads - 1];
		if (size) {
			u->data = xrealloc(u->data, u->len + size + 1);
			memcpy(u->data + u->len, data, size);
			u->len += size;
			u->data[u->len] = 0;
		}
	} else {
		struct form_field *f;
		if (off == 0 || r->nform == 0 || strcmp(r->form[r->nform - 1].name, key) != 0) {
			if (r->nform == hs->form_cap) {
				hs->form_cap = hs->form_cap ? hs->form_cap * 2 : 8;
				r->form = xrealloc(r->form, hs->form_cap * sizeof *r->form);
			}
			f = &r->form[r->nform++];
			f->name = xstrdup(key);
			f->value = xstrdup("");
		}
		f = &r->form[r->nform - 1];
		if (size) {
			size_t l = strlen(f->value);
			f->value = xrealloc(f->value, l + size + 1);
			memcpy(f->value + l, data, size);
			f->value[l + size] = '\0';
		}
	}
	return MHD_YES;
}

void http_body_feed(struct http_state *hs, const char *data, size_t size)
{
	if (hs->too_large)
		return;
	if (size > hs->limit - hs->received) {
		hs->too_large = true;
		return;
	}
	hs->received += size;
	if (hs->pp) {
		if (!hs->form_bad && MHD_post_process(hs->pp, data, size) != MHD_YES)
			hs->form_bad = true;
		return;
	}
	if (hs->req.body_len + size + 1 > hs->cap) {
		size_t want = hs->cap ? hs->cap : 4096;
		while (want < hs->req.body_len + size + 1)
			want *= 2;
		hs->req.body = xrealloc((char *)hs->req.body, want);
		hs->cap = want;
	}
	memcpy((char *)hs->req.body + hs->req.body_len, data, size);
	hs->req.body_len += size;
	((char *)hs->req.body)[hs->req.body_len] = '\0';
}

static bool is_write_method(const char *m)
{
	return !strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH") || !strcmp(m, "DELETE");
}

bool http_body_prepare(struct http_state *hs)
{
	struct req *r = &hs->req;
	const struct route *rt = r->route;
	enum roster_err err;

	if (hs->form_bad) {
		resp_error(&hs->resp, ERR_BAD_REQUEST, _("The form data could not be read."), NULL);
		return false;
	}
	if (hs->pp) {
		for (size_t i = 0; i < r->nform; i++) {
			if (!utf8_valid(r->form[i].value, strlen(r->form[i].value)) ||
			    !utf8_valid(r->form[i].name, strlen(r->form[i].name))) {
				resp_error(&hs->resp, ERR_BAD_UTF8, NULL, NULL);
				return false;
			}
		}
		for (size_t i = 0; i < r->nuploads; i++) {
			if (!utf8_valid(r->uploads[i].filename, strlen(r->uploads[i].filename))) {
				resp_error(&hs->resp, ERR_BAD_UTF8, NULL, NULL);
				return false;
			}
		}
		return true;
	}
	if ((rt->flags & ROUTE_RAW) || !is_write_method(r->method))
		return true;
	if (r->body_len == 0) {
		r->json = cJSON_CreateObject();
		return true;
	}
	r->json = json_parse(r->body, r->body_len, &err);
	if (!r->json) {
		resp_error(&hs->resp, err == ERR_BAD_UTF8 ? ERR_BAD_UTF8 : ERR_BAD_JSON, NULL, NULL);
		return false;
	}
	if (!cJSON_IsObject(r->json)) {
		resp_error(&hs->resp, ERR_BAD_REQUEST, _("The request body must be a JSON object."), NULL);
		return false;
	}
	return true;
}
