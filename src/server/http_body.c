/* Request bodies: buffering every body up to the route's cap, then
 * parsing what arrived before the handler runs: form data (http_form.c)
 * into fields and uploads, JSON strictly into req->json, with text no field
 * may hold refused here once for every route. */
#include <stdlib.h>
#include <string.h>
#include <microhttpd.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"
#include "http.h"
#include "http_internal.h"
#include "http_head.h"
#include "route.h"

void http_body_feed(struct http_state *hs, const char *data, size_t size)
{
	if (hs->too_large)
		return;
	if (size > hs->limit - hs->received) {
		hs->too_large = true;
		return;
	}
	hs->received += size;
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

/* Fields whose text is one line wherever they appear: a tab or line break
 * in them is refused here; routes check the lengths and the rest. */
static const char *const single_line_fields[] = {
	"username", "login", "email", "mobile", "name", "title", "title_en", "tax_no",
	"invoice_no", "code", NULL
};

static void field_error(struct resp *resp, const char *field, const char *why)
{
	cJSON *fields = cJSON_CreateObject();

	json_add_str(fields, field, why);
	resp_error(resp, ERR_VALIDATION, NULL, fields);
}

static bool form_prepare(struct http_state *hs)
{
	struct req *r = &hs->req;
	struct http_form form;
	const char *why;

	if (!http_form_parse(req_header(r, "Content-Type"), r->body, r->body_len, &form, &why)) {
		http_form_free(&form);
		resp_error(&hs->resp, ERR_BAD_REQUEST, _(why), NULL);
		return false;
	}
	r->form = form.fields;
	r->nform = form.nfields;
	r->uploads = form.uploads;
	r->nuploads = form.nuploads;
	if (form.nul_field) {
		field_error(&hs->resp, form.nul_field, _("Contains a NUL character."));
		free(form.nul_field);
		return false;
	}
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

bool http_body_prepare(struct http_state *hs)
{
	struct req *r = &hs->req;
	const struct route *rt = r->route;
	enum roster_err err;
	char path[128];
	const char *why, *param;

	if ((why = req_page_problem(r, &param))) {
		field_error(&hs->resp, param, _(why));
		return false;
	}
	if (hs->form)
		return form_prepare(hs);
	if ((rt->flags & ROUTE_RAW) || !is_write_method(r->method))
		return true;
	if (r->body_len == 0) {
		r->json = cJSON_CreateObject();
		return true;
	}
	r->json = json_parse(r->body, r->body_len, &err);
	if (!r->json && err == ERR_VALIDATION) {
		json_check(r->body, r->body_len, path, sizeof path);
		field_error(&hs->resp, path, _("Contains a NUL character."));
		return false;
	}
	if (!r->json) {
		resp_error(&hs->resp, err == ERR_BAD_UTF8 ? ERR_BAD_UTF8 : ERR_BAD_JSON, NULL, NULL);
		return false;
	}
	if (!cJSON_IsObject(r->json)) {
		resp_error(&hs->resp, ERR_BAD_REQUEST, _("The request body must be a JSON object."), NULL);
		return false;
	}
	why = json_text_problem(r->json, single_line_fields, path, sizeof path);
	if (why) {
		field_error(&hs->resp, path, _(why));
		return false;
	}
	return true;
}
