/* Alipay asynchronous notifications (异步通知), POST /pay/callback/alipay,
 * application/x-www-form-urlencoded:
 *
 *	notify_time, notify_type=trade_status_sync, notify_id, app_id,
 *	seller_id, out_trade_no, trade_no, trade_status, total_amount,
 *	gmt_payment, [refund_fee, out_biz_no, gmt_refund,] sign_type=RSA2, sign
 *
 * Verified before anything is believed: drop sign and sign_type, sort the
 * rest, join k=v&…, and check sign with Alipay's public key (401 when it
 * fails). Then app_id and seller_id must be ours; trade_status
 * TRADE_SUCCESS or TRADE_FINISHED pays (the amount is checked against the
 * attempt by pay/callback.c); a notification carrying out_biz_no and
 * refund_fee reports a refund; anything else is acknowledged and ignored.
 * Alipay retries a notification for up to 25 hours until it reads exactly
 * "success", so no freshness window applies: a replay is absorbed by the
 * event and trade checks of pay/callback.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pay/alipay_int.h"
#include "pay/crypto.h"
#include "pay/provider.h"
#include "server.h"
#include "store/store.h"

static bool copy(const struct ali_params *p, const char *key, char *out, size_t n)
{
	const char *v = ali_params_get(p, key);

	if (!v || !*v || strlen(v) >= n)
		return false;
	memcpy(out, v, strlen(v) + 1);
	return true;
}

enum roster_err ali_verify(const struct pay_callback_in *in, struct pay_event *ev,
                           const char **why)
{
	struct ali_params p = { 0 };
	enum roster_err e = ERR_BAD_REQUEST;
	EVP_PKEY *alipay = NULL;
	char kwhy[256], *content = NULL;
	const char *status, *refund_fee, *biz_no;

	memset(ev, 0, sizeof *ev);
	if (!ali_params_parse_form(&p, in->body, in->len)) {
		*why = "body is not a form";
		goto done;
	}
	if (!(alipay = pay_key_public_file(g_cfg->ali_public_key, kwhy, sizeof kwhy))) {
		*why = "Alipay public key cannot be read";
		e = ERR_UNAVAILABLE;
		goto done;
	}
	content = ali_sign_content(&p, true);
	if (strcmp(ali_params_get(&p, "sign_type") ? ali_params_get(&p, "sign_type") : "",
	           "RSA2") != 0 ||
	    !pay_rsa_verify(alipay, content, strlen(content), ali_params_get(&p, "sign"))) {
		*why = "bad or missing signature";
		e = ERR_UNAUTHORIZED;
		goto done;
	}
	if (strcmp(ali_params_get(&p, "app_id") ? ali_params_get(&p, "app_id") : "",
	           g_cfg->ali_app_id) != 0 ||
	    strcmp(ali_params_get(&p, "seller_id") ? ali_params_get(&p, "seller_id") : "",
	           g_cfg->ali_seller_id) != 0) {
		*why = "another app or seller";
		goto done;
	}
	if (!copy(&p, "notify_id", ev->event_id, sizeof ev->event_id) ||
	    !copy(&p, "out_trade_no", ev->trade_no, sizeof ev->trade_no)) {
		*why = "no notify_id or out_trade_no";
		goto done;
	}
	{
		const char *us = strrchr(ev->trade_no, '_');
		snprintf(ev->order_no, sizeof ev->order_no, "%.*s",
		         (int)(us ? (size_t)(us - ev->trade_no) : strlen(ev->trade_no)), ev->trade_no);
	}
	copy(&p, "trade_no", ev->gateway_no, sizeof ev->gateway_no);
	status = ali_params_get(&p, "trade_status");
	refund_fee = ali_params_get(&p, "refund_fee");
	biz_no = ali_params_get(&p, "out_biz_no");
	if (biz_no && *biz_no && refund_fee && *refund_fee) {
		ev->kind = PAY_EV_REFUND;
		if (!copy(&p, "out_biz_no", ev->refund_no, sizeof ev->refund_no)) {
			*why = "out_biz_no too long";
			goto done;
		}
		strcpy(ev->refund_status, "succeeded");
		ev->refund_amount = ali_yuan_parse(refund_fee);
	} else if (status && (strcmp(status, "TRADE_SUCCESS") == 0 ||
	                      strcmp(status, "TRADE_FINISHED") == 0)) {
		ev->kind = PAY_EV_PAID;
		ev->amount = ali_yuan_parse(ali_params_get(&p, "total_amount"));
		if (ev->amount <= 0) {
			*why = "no total_amount";
			goto done;
		}
		ev->paid_at = ali_time_parse(ali_params_get(&p, "gmt_payment"));
		if (ev->paid_at < 0)
			ev->paid_at = store_now();
	} else {
		ev->kind = PAY_EV_IGNORE;
	}
	e = ERR_OK;
	*why = NULL;
done:
	free(content);
	EVP_PKEY_free(alipay);
	ali_params_free(&p);
	return e;
}
