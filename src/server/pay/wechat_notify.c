/* WeChat Pay API v3 callbacks (支付通知, 退款通知), POST /pay/callback/wechat:
 *
 *	Wechatpay-Timestamp, Wechatpay-Nonce, Wechatpay-Signature,
 *	Wechatpay-Serial headers;
 *	{"id":"…","create_time":"…","event_type":"TRANSACTION.SUCCESS",
 *	 "resource_type":"encrypt-resource",
 *	 "resource":{"algorithm":"AEAD_AES_256_GCM","ciphertext":"…",
 *	             "associated_data":"transaction","nonce":"…",
 *	             "original_type":"transaction"}, "summary":"…"}
 *
 * Checked in this order, before anything is believed: the signature over
 * "timestamp\nnonce\nbody\n" with WeChat Pay's public key (a probe signed
 * WECHATPAY/SIGNTEST/… fails like any bad signature: 401; WeChat counts a
 * 200 to it as a security defect), the timestamp (5 minutes or more off:
 * 410), then the body is parsed and the resource opened with the APIv3 key;
 * a transaction must name our mchid and appid. The amount is checked
 * against the attempt by pay/callback.c, which records and settles in one
 * short local transaction and never calls the gateway, so WeChat's 5-second
 * limit is kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/json.h"
#include "roster/xalloc.h"
#include "pay/crypto.h"
#include "pay/provider.h"
#include "pay/wechat_int.h"
#include "server.h"
#include "store/store.h"

/* The resource, opened: its JSON, or NULL (why). */
static cJSON *open_resource(const struct wx_keys *k, const cJSON *res, const char **why)
{
	const char *alg = json_str_or(res, "algorithm", ""), *ct = json_str_or(res, "ciphertext", ""),
	           *nonce = json_str_or(res, "nonce", ""), *aad = json_str_or(res, "associated_data", "");
	unsigned char *raw, *plain;
	size_t raw_len, plain_len;
	enum roster_err e;
	cJSON *o = NULL;

	if (strcmp(alg, "AEAD_AES_256_GCM") != 0) {
		*why = "resource algorithm is not AEAD_AES_256_GCM";
		return NULL;
	}
	if (!(raw = pay_b64_decode(ct, &raw_len))) {
		*why = "resource ciphertext is not base64";
		return NULL;
	}
	plain = pay_aes_gcm_open(k->apiv3, nonce, strlen(nonce), aad, strlen(aad), raw, raw_len,
	                         &plain_len);
	free(raw);
	if (!plain) {
		*why = "resource does not decrypt with the APIv3 key";
		return NULL;
	}
	o = json_parse((const char *)plain, plain_len, &e);
	free(plain);
	if (!o)
		*why = "resource is not JSON";
	return o;
}

static enum roster_err read_refund(const cJSON *r, struct pay_event *ev, const char **why)
{
	struct pay_refund_result res;
	const cJSON *amount = cJSON_GetObjectItemCaseSensitive(r, "amount");
	const char *no = json_str_or(r, "out_refund_no", ""), *trade = json_str_or(r, "out_trade_no", "");

	if (strcmp(json_str_or(r, "mchid", ""), g_cfg->wx_mchid) != 0) {
		*why = "another merchant";
		return ERR_BAD_REQUEST;
	}
	if (!*no || strlen(no) >= sizeof ev->refund_no || !*trade ||
	    strlen(trade) >= sizeof ev->trade_no) {
		*why = "refund without out_refund_no or out_trade_no";
		return ERR_BAD_REQUEST;
	}
	wx_refund_read(r, &res);
	ev->kind = PAY_EV_REFUND;
	strcpy(ev->refund_no, no);
	strcpy(ev->trade_no, trade);
	snprintf(ev->refund_status, sizeof ev->refund_status, "%s", res.status);
	ev->refund_amount = json_int_or(amount, "refund", 0);
	snprintf(ev->gateway_no, sizeof ev->gateway_no, "%s", res.gateway_refund_no);
	return ERR_OK;
}

enum roster_err wx_verify(const struct pay_callback_in *in, struct pay_event *ev,
                          const char **why)
{
	const char *sig = in->header(in->ctx, "Wechatpay-Signature"),
	           *ts = in->header(in->ctx, "Wechatpay-Timestamp"),
	           *nonce = in->header(in->ctx, "Wechatpay-Nonce"),
	           *serial = in->header(in->ctx, "Wechatpay-Serial");
	int64_t window = g_cfg->pay_callback_window, now = store_now(), t;
	enum roster_err e = ERR_UNAUTHORIZED;
	struct wx_keys k;
	char kwhy[256], *end;
	cJSON *o = NULL, *res = NULL;
	const char *type, *id;

	memset(ev, 0, sizeof *ev);
	if (wx_keys_load(&k, kwhy, sizeof kwhy) != 0) {
		*why = "WeChat Pay keys cannot be read";
		return ERR_UNAVAILABLE;
	}
	if (!wx_signature_ok(&k, serial, ts, nonce, sig, in->body, in->len)) {
		*why = sig && strncmp(sig, "WECHATPAY/SIGNTEST/", 19) == 0
		       ? "signature probe (WECHATPAY/SIGNTEST)" : "bad or missing signature";
		goto done;
	}
	t = strtoll(ts, &end, 10);
	if (*end || t <= now - window || t >= now + window) {
		*why = "timestamp 5 minutes or more off";
		e = ERR_GONE;
		goto done;
	}
	e = ERR_BAD_REQUEST;
	if (!(o = json_parse(in->body, in->len, &e))) {
		*why = "body is not JSON";
		e = ERR_BAD_REQUEST;
		goto done;
	}
	e = ERR_BAD_REQUEST;
	id = json_str_or(o, "id", "");
	type = json_str_or(o, "event_type", "");
	if (!*id || strlen(id) >= sizeof ev->event_id) {
		*why = "no notification id";
		goto done;
	}
	strcpy(ev->event_id, id);
	if (!(res = open_resource(&k, cJSON_GetObjectItemCaseSensitive(o, "resource"), why)))
		goto done;
	if (strncmp(type, "REFUND.", 7) == 0) {
		e = read_refund(res, ev, why);
		goto done;
	}
	if (!wx_transaction_read(res, ev, why))
		goto done;
	/* only TRANSACTION.SUCCESS pays; other events are acknowledged */
	if (strcmp(type, "TRANSACTION.SUCCESS") != 0)
		ev->kind = PAY_EV_IGNORE;
	e = ERR_OK;
	*why = NULL;
done:
	cJSON_Delete(res);
	cJSON_Delete(o);
	wx_keys_free(&k);
	return e;
}
