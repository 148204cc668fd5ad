/* Payment provider callbacks, outside /api/v1 (the gateway is not a
 * logged-in user; the signature is its credential):
 *
 *	POST /pay/callback/{provider}   e.g. /pay/callback/sandbox
 *
 * pay_callback_apply verifies the signature and timestamp and applies the
 * event once (see pay/callback.c); taken (also a replay) is answered with
 * the provider's acknowledgement, which stops its retries, anything else
 * with the JSON error of its status. */
#include <string.h>
#include "pay/pay.h"
#include "routes/routes.h"

static const char *req_header_cb(void *ctx, const char *name)
{
	return req_header(ctx, name);
}

static void route_pay_callback(struct req *req, struct resp *resp)
{
	const struct pay_provider *p = pay_provider_find(req->params[0]);
	struct pay_callback_in in = {
		.body = req->body, .len = req->body ? req->body_len : 0,
		.header = req_header_cb, .ctx = req,
	};
	enum roster_err e;

	if (!p) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	e = pay_callback_apply(req->db, p, &in);
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
