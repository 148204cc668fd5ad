/* Payment provider callbacks, outside /api/v1 (the gateway is not a
 * logged-in user; the signature is its credential):
 *
 *	POST /pay/callback/{provider}   e.g. /pay/callback/sandbox
 *
 * The provider's verify checks the signature and timestamp; then
 * pay_callback_handle applies the event once (see pay/callback.c). */
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

	if (!p) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	pay_callback_handle(req->db, p, &in, resp);
}

const struct route routes_pay_callback[] = {
	{ "POST", "/pay/callback/{provider}", route_pay_callback, 0, ROUTE_RAW },
	{ 0 }
};
