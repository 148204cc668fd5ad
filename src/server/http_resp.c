/* Response helpers for handlers (see http.h), HTML escaping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "http.h"
#include "http_internal.h"

/* Replace what a helper set before: the last helper wins. */
static void resp_body_set(struct resp *resp, int status, const char *ctype,
                          char *body, size_t len)
{
	free(resp->body);
	free(resp->ctype);
	http_stream_free(resp->stream);
	resp->stream = NULL;
	resp->status = status;
	resp->body = body;
	resp->len = len;
	resp->ctype = ctype ? xstrdup(ctype) : NULL;
}

void resp_json(struct resp *resp, int status, cJSON *obj)
{
	char *text = json_print(obj);

	cJSON_Delete(obj);
	resp_body_set(resp, status, "application/json; charset=utf-8", text, strlen(text));
	resp->err = ERR_OK;
}

void resp_error(struct resp *resp, enum roster_err e, const char *msg, cJSON *fields)
{
	cJSON *root = cJSON_CreateObject(), *err = cJSON_CreateObject();
	int status = err_http_status(e);

	if (!root || !err)
		abort();
	json_add_str(err, "code", err_code(e));
	json_add_str(err, "message", msg ? msg : _(err_message(e)));
	if (fields)
		cJSON_AddItemToObject(err, "fields", fields);
	cJSON_AddItemToObject(root, "error", err);
	resp_json(resp, status ? status : 500, root);
	resp->err = e;
	resp->no_etag = true;
}

bool resp_fields_error(struct resp *resp, cJSON *fields)
{
	if (!fields || !cJSON_GetArraySize(fields)) {
		cJSON_Delete(fields);
		return false;
	}
	resp_error(resp, ERR_VALIDATION, NULL, fields);
	return true;
}

void resp_bytes(struct resp *resp, int status, const char *ctype,
                void *data, size_t len, bool owned)
{
	char *body;

	if (owned) {
		body = data;
	} else {
		body = xmalloc(len + 1);
		if (len)
			memcpy(body, data, len);
		body[len] = '\0';
	}
	resp_body_set(resp, status, ctype, body, len);
	resp->err = ERR_OK;
}

void resp_html(struct resp *resp, int status, char *html)
{
	resp_body_set(resp, status, "text/html; charset=utf-8", html, strlen(html));
	resp->err = ERR_OK;
}

void resp_redirect(struct resp *resp, const char *location)
{
	resp_body_set(resp, 303, NULL, NULL, 0);
	resp_header(resp, "Location", location);
}

void resp_header(struct resp *resp, const char *name, const char *value)
{
	struct resp_header *h = xcalloc(1, sizeof *h);

	h->name = xstrdup(name);
	h->value = xstrdup(value);
	h->next = resp->headers;
	resp->headers = h;
}

void resp_list(struct resp *resp, cJSON *items, int64_t total, int page, int per_page)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		abort();
	cJSON_AddItemToObject(o, "items", items);
	json_add_int(o, "total", total);
	json_add_int(o, "page", page);
	json_add_int(o, "per_page", per_page);
	resp_json(resp, 200, o);
}

char *html_escape(const char *s)
{
	size_t n = 1;
	char *out, *o;

	for (const char *p = s; *p; p++)
		n += (*p == '&') ? 5 : (*p == '<' || *p == '>') ? 4 : (*p == '"' || *p == '\'') ? 6 : 1;
	out = o = xmalloc(n);
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '&':  memcpy(o, "&amp;", 5);  o += 5; break;
		case '<':  memcpy(o, "&lt;", 4);   o += 4; break;
		case '>':  memcpy(o, "&gt;", 4);   o += 4; break;
		case '"':  memcpy(o, "&quot;", 6); o += 6; break;
		case '\'': memcpy(o, "&#x27;", 6); o += 6; break;
		default:   *o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

char *html_page(const char *lang, const char *css, const char *title, const char *body)
{
	char *t = html_escape(title);
	char *html = xasprintf(
		"<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		"<meta name=\"robots\" content=\"noindex\">"
		"<title>%s</title><style>%s</style></head>"
		"<body><main><h1>%s</h1>%s</main></body></html>\n",
		lang, t, css, t, body);

	free(t);
	return html;
}

void resp_private_html(struct resp *resp, int status, char *html)
{
	resp_html(resp, status, html);
	resp->no_etag = true;
	resp_header(resp, "Cache-Control", "no-store");
	resp_header(resp, "Referrer-Policy", "no-referrer");
	resp_header(resp, "Content-Security-Policy",
	            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
	            "frame-ancestors 'none'");
}

void resp_poll_again(struct resp *resp, int64_t deadline_ms)
{
	resp_body_set(resp, 0, NULL, NULL, 0);
	resp->poll_deadline_ms = deadline_ms > 0 ? deadline_ms : 1;
}
