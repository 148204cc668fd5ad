/* Payment provider callbacks, outside /api/v1 (the gateway is not a
 * logged-in user; the signature is its credential):
 *
 *	POST /pay/callback/{provider}   e.g. /pay/callback/sandbox
 *
 * pay_callback_apply verifies the signature and timestamp and applies the
 * event once (see pay/callback.c); taken (also a replay) is answered with
 * the provider's acknowledgement, which stops its retries, anything else
 * with the JSON error of its status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>
#include "roster/xalloc.h"
#include "pay/pay.h"
#include "routes/routes.h"

static const char *req_header_cb(void *ctx, const char *name)
{
	return req_header(ctx, name);
}

/* A form body (Alipay's notifications) reaches the route as its fields;
 * they are given to the provider as form text again (same names and
 * values, which is all a form signature covers). Malloc'd. */
static char *form_text(const struct req *req)
{
	size_t len = 1;
	char *out;

	for (size_t i = 0; i < req->nform; i++)
		len += 3 * (strlen(req->form[i].name) + strlen(req->form[i].value)) + 2;
	out = xmalloc(len);
	out[0] = '\0';
	for (size_t i = 0, at = 0; i < req->nform; i++) {
		char *k = curl_easy_escape(NULL, req->form[i].name, 0);
		char *v = curl_easy_escape(NULL, req->form[i].value, 0);
		if (k && v)
			at += (size_t)snprintf(out + at, len - at, "%s%s=%s", at ? "&" : "", k, v);
		curl_free(k);
		curl_free(v);
	}
	return out;
}

static void route_pay_callback(struct req *req, struct resp *resp)
{
	const struct pay_provider *p = pay_provider_find(req->params[0]);
	char *form = !req->body && req->nform ? form_text(req) : NULL;
	struct pay_callback_in in = {
		.body = form ? form : req->body,
		.len = form ? strlen(form) : req->body ? req->body_len : 0,
		.header = req_header_cb, .ctx = req,
	};
	enum roster_err e;

	if (!p) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	e = pay_callback_apply(req->db, p, &in);
	free(form);
	if (e != ERR_OK) {
		resp_error(resp, e, NULL, NULL);
		return;
	}
	http_wake();
	resp_bytes(resp, 200, p->ack_ctype, (void *)p->ack_body, strlen(p->ack_body), false);
	resp->no_etag = true;
}

const struct route routes_pay_callback[] = {
	{ "POST", "/pay/callback/{provider}", route_pay_callback, 0, ROUTE_RAW },
	{ 0 }
};
