/* The sandbox provider: a payment gateway played by rosterd itself, for
 * demos and tests. A trade's code_url is base_url + "/pay/sb/" + a 16-
 * character token (short enough for a version 5 QR code); the page there
 * (html/sandbox_pay.c) lets the payer confirm, and the confirmation comes
 * back as a callback signed with the sandbox key (Ed25519, sign.h) in the
 * X-Sandbox-Signature header (base64url, over the raw body):
 *
 *	{"event_id":"sb_<token>","order_no":"D…","trade_no":"<token>",
 *	 "amount":10000,"paid_at":1795939200,"timestamp":1795939200}
 *
 * verified here exactly as a real gateway's callback would be. */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include <cjson/cJSON.h>
#include "roster/json.h"
#include "roster/xalloc.h"
#include "pay/provider.h"
#include "server.h"
#include "service/sign.h"
#include "store/payments.h"
#include "store/store.h"

#define TOKEN_BYTES 12         /* 96 bits -> 16 base64url characters */

static enum roster_err sb_create(const struct pay_trade *t, char **token, char **code_url)
{
	unsigned char raw[TOKEN_BYTES];
	char tok[sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(tok, sizeof tok, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	*token = xstrdup(tok);
	*code_url = xasprintf("%s/pay/sb/%s", t->base_url, tok);
	return ERR_OK;
}

static bool copy_str(const cJSON *o, const char *key, char *out, size_t n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsString(v) || !*v->valuestring || strlen(v->valuestring) >= n)
		return false;
	memcpy(out, v->valuestring, strlen(v->valuestring) + 1);
	return true;
}

static enum roster_err sb_verify(const struct pay_callback_in *in, struct pay_event *ev,
                                 const char **why)
{
	const char *sig = in->header(in->ctx, SANDBOX_SIG_HEADER);
	int64_t ts, now = store_now(), window = g_cfg ? g_cfg->pay_callback_window : 300;
	enum roster_err err;
	cJSON *o;

	memset(ev, 0, sizeof *ev);
	if (!sig || !in->body ||
	    !sign_verify_b64(SIGN_SANDBOX, in->body, in->len, sig)) {
		*why = "bad or missing signature";
		return ERR_UNAUTHORIZED;
	}
	o = json_parse(in->body, in->len, &err);
	if (!o) {
		*why = "body is not JSON";
		return ERR_BAD_REQUEST;
	}
	err = ERR_BAD_REQUEST;
	*why = "missing or malformed field";
	if (!copy_str(o, "event_id", ev->event_id, sizeof ev->event_id) ||
	    !copy_str(o, "order_no", ev->order_no, sizeof ev->order_no) ||
	    !copy_str(o, "trade_no", ev->trade_no, sizeof ev->trade_no) ||
	    json_get_int(o, "amount", true, &ev->amount, NULL) != 0 ||
	    json_get_int(o, "paid_at", true, &ev->paid_at, NULL) != 0 ||
	    json_get_int(o, "timestamp", true, &ts, NULL) != 0 || ev->amount <= 0)
		goto done;
	/* an old (or future) message may be a replay of a captured one */
	if (ts < now - window || ts > now + window) {
		*why = "timestamp outside the window";
		err = ERR_GONE;
		goto done;
	}
	err = ERR_OK;
	*why = NULL;
done:
	cJSON_Delete(o);
	return err;
}

static int sb_query(struct db *db, const char *token, struct pay_event *ev)
{
	struct payment p;
	int rc = store_payment_by_token(db, token, &p);

	if (rc != ST_OK)
		return rc == ST_NOTFOUND ? 0 : -1;
	rc = strcmp(p.status, "succeeded") == 0;
	if (rc) {
		memset(ev, 0, sizeof *ev);
		snprintf(ev->event_id, sizeof ev->event_id, "%s", p.event_id ? p.event_id : "");
		snprintf(ev->trade_no, sizeof ev->trade_no, "%s", token);
		ev->amount = p.amount;
		ev->paid_at = p.paid_at;
	}
	payment_free(&p);
	return rc;
}

/* The sandbox holds no trades of its own: once rosterd marks an attempt
 * closed its page refuses it, so closing needs no call. */
static enum roster_err sb_close(const char *token)
{
	(void)token;
	return ERR_OK;
}

/* No money moved, so a refund is done at once; the refund number is its
 * own reference. */
static enum roster_err sb_refund(const struct pay_refund *r, struct pay_refund_result *out)
{
	memset(out, 0, sizeof *out);
	strcpy(out->status, "succeeded");
	snprintf(out->gateway_refund_no, sizeof out->gateway_refund_no, "sb_%s", r->refund_no);
	return ERR_OK;
}

static int sb_refund_query(const char *token, const char *refund_no,
                           struct pay_refund_result *out)
{
	(void)token;
	memset(out, 0, sizeof *out);
	strcpy(out->status, "succeeded");
	snprintf(out->gateway_refund_no, sizeof out->gateway_refund_no, "sb_%s", refund_no);
	return 1;
}

enum roster_err sandbox_callback_build(const char *token, const char *order_no,
                                       int64_t amount, int64_t paid_at,
                                       char **body, char **signature)
{
	char sig[SIGN_B64_LEN + 1];
	char *event_id = xasprintf("sb_%s", token);
	cJSON *o = cJSON_CreateObject();

	json_add_str(o, "event_id", event_id);
	json_add_str(o, "order_no", order_no);
	json_add_str(o, "trade_no", token);
	json_add_int(o, "amount", amount);
	json_add_int(o, "paid_at", paid_at);
	json_add_int(o, "timestamp", store_now());
	*body = json_print(o);
	cJSON_Delete(o);
	free(event_id);
	if (sign_b64(SIGN_SANDBOX, *body, strlen(*body), sig) != 0) {
		xfree(body);
		return ERR_INTERNAL;
	}
	*signature = xstrdup(sig);
	return ERR_OK;
}

const struct pay_provider pay_sandbox = {
	.name = "sandbox",
	.create = sb_create,
	.verify = sb_verify,
	.query = sb_query,
	.close = sb_close,
	.refund = sb_refund,
	.refund_query = sb_refund_query,
	.ack_ctype = "application/json",
	.ack_body = "{\"code\":\"SUCCESS\",\"message\":\"OK\"}",
};
