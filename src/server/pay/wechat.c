/* WeChat Pay API v3, Native (扫码支付): the calls rosterd makes.
 *
 *	POST /v3/pay/transactions/native                         a code_url
 *	GET  /v3/pay/transactions/out-trade-no/{no}?mchid=…      query
 *	POST /v3/pay/transactions/out-trade-no/{no}/close        close (204)
 *	POST /v3/refund/domestic/refunds                         refund
 *	GET  /v3/refund/domestic/refunds/{out_refund_no}         refund query
 *
 * Every request carries
 *	Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",
 *	               signature="…",timestamp="…",serial_no="…"
 * where signature is SHA256withRSA by the merchant key over
 * "METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n". Every 2xx answer is
 * believed only when its Wechatpay-Signature verifies with WeChat Pay's
 * public key (public-key mode, Wechatpay-Serial = PUB_KEY_ID_…, or a
 * platform certificate and its serial). Callbacks: wechat_notify.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "roster/json.h"
#include "roster/xalloc.h"
#include "log.h"
#include "pay/crypto.h"
#include "pay/gateway_http.h"
#include "pay/provider.h"
#include "pay/wechat_int.h"
#include "server.h"
#include "store/store.h"

#define SIGNTEST_PREFIX "WECHATPAY/SIGNTEST/"

int wx_keys_load(struct wx_keys *k, char *why, size_t n)
{
	char *v3;

	memset(k, 0, sizeof *k);
	if (!g_cfg || !g_cfg->wx_mchid) {
		snprintf(why, n, "WeChat Pay is not configured");
		return -1;
	}
	if (!(k->merchant = pay_key_private_file(g_cfg->wx_key, why, n)) ||
	    !(k->wechat = pay_key_public_file(g_cfg->wx_public_key, why, n)))
		goto fail;
	if (!(v3 = pay_file_read(g_cfg->wx_apiv3_key, 256, why, n)))
		goto fail;
	/* the key is 32 ASCII characters; a trailing newline is forgiven */
	size_t len = strlen(v3);
	while (len && (v3[len - 1] == '\n' || v3[len - 1] == '\r'))
		len--;
	if (len != sizeof k->apiv3) {
		snprintf(why, n, "%s: the APIv3 key must be 32 characters", g_cfg->wx_apiv3_key);
		sodium_memzero(v3, strlen(v3));
		free(v3);
		goto fail;
	}
	memcpy(k->apiv3, v3, sizeof k->apiv3);
	sodium_memzero(v3, strlen(v3));
	free(v3);
	return 0;
fail:
	wx_keys_free(k);
	return -1;
}

void wx_keys_free(struct wx_keys *k)
{
	EVP_PKEY_free(k->merchant);
	EVP_PKEY_free(k->wechat);
	sodium_memzero(k->apiv3, sizeof k->apiv3);
	k->merchant = k->wechat = NULL;
}

bool wx_signature_ok(const struct wx_keys *k, const char *serial, const char *timestamp,
                     const char *nonce, const char *signature, const char *body, size_t len)
{
	char *msg;
	bool ok;

	if (!serial || !timestamp || !nonce || !signature || !body)
		return false;
	if (strncmp(signature, SIGNTEST_PREFIX, strlen(SIGNTEST_PREFIX)) == 0)
		return false;
	if (strcmp(serial, g_cfg->wx_public_key_id) != 0)
		return false;
	msg = xasprintf("%s\n%s\n%.*s\n", timestamp, nonce, (int)len, body);
	ok = pay_rsa_verify(k->wechat, msg, strlen(msg), signature);
	free(msg);
	return ok;
}

int64_t wx_time_parse(const char *s)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, used = 0;
	char sign = 0;
	struct tm tm = { 0 };

	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6)
		return -1;
	s += used;
	if (*s == '.')           /* fractions of a second */
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (*s == 'Z') {
		s++;
	} else if ((*s == '+' || *s == '-') && sscanf(s + 1, "%2d:%2d", &oh, &om) == 2) {
		sign = *s;
		s += 6;
	} else {
		return -1;
	}
	if (*s)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	int64_t t = (int64_t)timegm(&tm);
	int64_t off = (int64_t)(oh * 3600 + om * 60);
	return sign == '-' ? t + off : t - off;
}

/* WeChat Pay's protocol wants China time (UTC+8) whatever the
 * association's time zone. */
void wx_time_format(int64_t t, char out[32])
{
	time_t tt = (time_t)t + 8 * 3600;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

static bool copy_field(const cJSON *o, const char *key, char *out, size_t n)
{
	const char *v = json_str_or(o, key, NULL);

	if (!v || !*v || strlen(v) >= n)
		return false;
	memcpy(out, v, strlen(v) + 1);
	return true;
}

/* out_trade_no is "<order_no>_<n>": the order is the part before '_'. */
static void order_of(const char *out_trade_no, char *order_no, size_t n)
{
	const char *us = strrchr(out_trade_no, '_');
	size_t len = us ? (size_t)(us - out_trade_no) : strlen(out_trade_no);

	snprintf(order_no, n, "%.*s", (int)len, out_trade_no);
}

bool wx_transaction_read(const cJSON *tx, struct pay_event *ev, const char **why)
{
	const cJSON *amount = cJSON_GetObjectItemCaseSensitive(tx, "amount");
	const char *state = json_str_or(tx, "trade_state", "");

	if (strcmp(json_str_or(tx, "mchid", ""), g_cfg->wx_mchid) != 0 ||
	    strcmp(json_str_or(tx, "appid", ""), g_cfg->wx_appid) != 0) {
		*why = "another merchant or app";
		return false;
	}
	if (!copy_field(tx, "out_trade_no", ev->trade_no, sizeof ev->trade_no)) {
		*why = "no out_trade_no";
		return false;
	}
	order_of(ev->trade_no, ev->order_no, sizeof ev->order_no);
	snprintf(ev->gateway_no, sizeof ev->gateway_no, "%s",
	         json_str_or(tx, "transaction_id", ""));
	if (strcmp(state, "SUCCESS") != 0) {
		ev->kind = PAY_EV_IGNORE;
		return true;
	}
	ev->kind = PAY_EV_PAID;
	ev->amount = json_int_or(amount, "total", 0);
	/* what the payer paid in CNY; a trade in another currency is not ours */
	if (ev->amount <= 0 || strcmp(json_str_or(amount, "currency", "CNY"), "CNY") != 0) {
		*why = "no amount in CNY";
		return false;
	}
	ev->paid_at = wx_time_parse(json_str_or(tx, "success_time", ""));
	if (ev->paid_at < 0)
		ev->paid_at = store_now();
	return true;
}

/* ---------------------------------------------------------------- calls */

/* A signed call. *out: the JSON answer (or NULL for an empty one). The HTTP
 * status, 0 when the gateway could not be reached or its answer did not
 * verify. */
static long wx_call(const char *method, const char *path, const cJSON *body, cJSON **out)
{
	struct wx_keys k;
	struct gw_reply r;
	char why[256], nonce[33], ts[24], *text = NULL, *msg, *sig, *url, *auth;
	char *h_ts = NULL, *h_nonce = NULL, *h_sig = NULL, *h_serial = NULL;
	long status = 0;

	*out = NULL;
	if (wx_keys_load(&k, why, sizeof why) != 0) {
		log_error("wechat: %s", why);
		return 0;
	}
	text = body ? json_print(body) : xstrdup("");
	pay_random_text(nonce, 32);
	snprintf(ts, sizeof ts, "%lld", (long long)store_now());
	msg = xasprintf("%s\n%s\n%s\n%s\n%s\n", method, path, ts, nonce, text);
	sig = pay_rsa_sign(k.merchant, msg, strlen(msg));
	free(msg);
	if (!sig) {
		log_error("wechat: cannot sign with the merchant key");
		goto done;
	}
	auth = xasprintf("Authorization: WECHATPAY2-SHA256-RSA2048 mchid=\"%s\",nonce_str=\"%s\","
	                 "signature=\"%s\",timestamp=\"%s\",serial_no=\"%s\"",
	                 g_cfg->wx_mchid, nonce, sig, ts, g_cfg->wx_serial);
	free(sig);
	const char *headers[] = {
		auth, "Accept: application/json", "Content-Type: application/json",
		"User-Agent: rosterd/" ROSTER_VERSION, NULL
	};
	url = xasprintf("%s%s", g_cfg->wx_api_base, path);
	int rc = gw_http(method, url, headers, body ? text : NULL, strlen(text), &r);
	free(url);
	free(auth);
	if (rc != 0) {
		log_warn("wechat: %s %s: no answer", method, path);
		goto done;
	}
	h_ts = gw_reply_header(&r, "Wechatpay-Timestamp");
	h_nonce = gw_reply_header(&r, "Wechatpay-Nonce");
	h_sig = gw_reply_header(&r, "Wechatpay-Signature");
	h_serial = gw_reply_header(&r, "Wechatpay-Serial");
	if (!wx_signature_ok(&k, h_serial, h_ts, h_nonce, h_sig, r.body, r.len)) {
		/* an error answer may come from a proxy in between; a success
		 * must be WeChat Pay's own */
		if (r.status >= 200 && r.status < 300) {
			log_warn("wechat: %s %s: answer signature does not verify", method, path);
			gw_reply_free(&r);
			goto done;
		}
	}
	status = r.status;
	if (r.len) {
		enum roster_err e;
		*out = json_parse(r.body, r.len, &e);
	}
	if (status >= 300)
		log_warn("wechat: %s %s: %ld %s", method, path, status,
		         *out ? json_str_or(*out, "code", "") : "");
	gw_reply_free(&r);
done:
	free(h_ts);
	free(h_nonce);
	free(h_sig);
	free(h_serial);
	free(text);
	wx_keys_free(&k);
	return status;
}

static enum roster_err wx_create(const struct pay_trade *t, char **token, char **code_url)
{
	cJSON *b = cJSON_CreateObject(), *amount, *out = NULL;
	char expire[32], *notify;
	enum roster_err e = ERR_UNAVAILABLE;
	long st;

	wx_time_format(t->expires_at, expire);
	notify = pay_notify_url(g_cfg->wx_notify_url, t->base_url, "wechat");
	if (!notify) {
		log_error("wechat: no notify URL (set server.base_url or wechat.notify_url)");
		cJSON_Delete(b);
		return ERR_UNAVAILABLE;
	}
	json_add_str(b, "appid", g_cfg->wx_appid);
	json_add_str(b, "mchid", g_cfg->wx_mchid);
	json_add_str(b, "description", t->subject);
	json_add_str(b, "out_trade_no", t->out_trade_no);
	json_add_str(b, "time_expire", expire);
	json_add_str(b, "notify_url", notify);
	amount = cJSON_AddObjectToObject(b, "amount");
	json_add_int(amount, "total", t->amount);
	json_add_str(amount, "currency", "CNY");
	st = wx_call("POST", "/v3/pay/transactions/native", b, &out);
	if (st == 200 && json_str_or(out, "code_url", NULL)) {
		*token = xstrdup(t->out_trade_no);
		*code_url = xstrdup(json_str_or(out, "code_url", ""));
		e = ERR_OK;
	}
	cJSON_Delete(out);
	cJSON_Delete(b);
	free(notify);
	return e;
}

static int wx_query(struct db *db, const char *token, struct pay_event *ev)
{
	char *path = xasprintf("/v3/pay/transactions/out-trade-no/%s?mchid=%s", token,
	                       g_cfg->wx_mchid);
	const char *why = NULL, *state;
	cJSON *out = NULL;
	long st = wx_call("GET", path, NULL, &out);
	int rc = PAY_STATE_FAILED;

	(void)db;
	free(path);
	memset(ev, 0, sizeof *ev);
	if (st == 404 && strcmp(json_str_or(out, "code", ""), "ORDER_NOT_EXIST") == 0) {
		rc = PAY_STATE_OPEN;
	} else if (st == 200 && out) {
		state = json_str_or(out, "trade_state", "");
		if (!wx_transaction_read(out, ev, &why) ||
		    strcmp(json_str_or(out, "out_trade_no", ""), token) != 0)
			log_warn("wechat: query %s: %s", token, why ? why : "another trade");
		else if (ev->kind == PAY_EV_PAID || strcmp(state, "REFUND") == 0)
			rc = PAY_STATE_PAID;
		else if (strcmp(state, "CLOSED") == 0 || strcmp(state, "REVOKED") == 0 ||
		         strcmp(state, "PAYERROR") == 0)
			rc = PAY_STATE_CLOSED;
		else
			rc = PAY_STATE_OPEN;
		/* a refunded trade was paid first; its amount is still the total */
		if (rc == PAY_STATE_PAID && ev->kind != PAY_EV_PAID) {
			const cJSON *amount = cJSON_GetObjectItemCaseSensitive(out, "amount");
			ev->kind = PAY_EV_PAID;
			ev->amount = json_int_or(amount, "total", 0);
			ev->paid_at = wx_time_parse(json_str_or(out, "success_time", ""));
		}
		if (rc == PAY_STATE_PAID)
			snprintf(ev->event_id, sizeof ev->event_id, "query:%.60s",
			         ev->gateway_no[0] ? ev->gateway_no : token);
	}
	cJSON_Delete(out);
	return rc;
}

static enum roster_err wx_close(const char *token)
{
	char *path = xasprintf("/v3/pay/transactions/out-trade-no/%s/close", token);
	cJSON *b = cJSON_CreateObject(), *out = NULL;
	long st;
	enum roster_err e = ERR_UNAVAILABLE;

	json_add_str(b, "mchid", g_cfg->wx_mchid);
	st = wx_call("POST", path, b, &out);
	if (st == 204 || st == 200)
		e = ERR_OK;
	else if (st == 400 && strcmp(json_str_or(out, "code", ""), "ORDERPAID") == 0)
		e = ERR_CONFLICT;
	else if (st == 404 || (st == 400 && strcmp(json_str_or(out, "code", ""),
	                                            "ORDER_CLOSED") == 0))
		e = ERR_OK;      /* never made, or closed already */
	cJSON_Delete(out);
	cJSON_Delete(b);
	free(path);
	return e;
}

/* A refund object (an answer, or a refund notification's resource). */
void wx_refund_read(const cJSON *o, struct pay_refund_result *out)
{
	const char *s = json_str_or(o, "status", json_str_or(o, "refund_status", ""));

	memset(out, 0, sizeof *out);
	snprintf(out->gateway_refund_no, sizeof out->gateway_refund_no, "%s",
	         json_str_or(o, "refund_id", ""));
	if (strcmp(s, "SUCCESS") == 0)
		strcpy(out->status, "succeeded");
	else if (strcmp(s, "CLOSED") == 0 || strcmp(s, "ABNORMAL") == 0) {
		strcpy(out->status, "failed");
		snprintf(out->why, sizeof out->why, "%s", s);
	} else
		strcpy(out->status, "processing");
}

static enum roster_err wx_refund(const struct pay_refund *r, struct pay_refund_result *out)
{
	cJSON *b = cJSON_CreateObject(), *amount, *ans = NULL;
	char *notify = pay_notify_url(g_cfg->wx_notify_url, r->base_url, "wechat");
	enum roster_err e = ERR_UNAVAILABLE;
	long st;

	memset(out, 0, sizeof *out);
	if (r->gateway_no && *r->gateway_no)
		json_add_str(b, "transaction_id", r->gateway_no);
	else
		json_add_str(b, "out_trade_no", r->token);
	json_add_str(b, "out_refund_no", r->refund_no);
	if (r->reason && *r->reason)
		json_add_str(b, "reason", r->reason);
	if (notify)
		json_add_str(b, "notify_url", notify);
	amount = cJSON_AddObjectToObject(b, "amount");
	json_add_int(amount, "refund", r->amount);
	json_add_int(amount, "total", r->total);
	json_add_str(amount, "currency", "CNY");
	st = wx_call("POST", "/v3/refund/domestic/refunds", b, &ans);
	if (st == 200 && ans) {
		wx_refund_read(ans, out);
		e = ERR_OK;
	} else if (st >= 400 && st < 500) {
		snprintf(out->why, sizeof out->why, "%s: %s", json_str_or(ans, "code", "?"),
		         json_str_or(ans, "message", ""));
		strcpy(out->status, "failed");
		e = ERR_CONFLICT;
	}
	cJSON_Delete(ans);
	cJSON_Delete(b);
	free(notify);
	return e;
}

static int wx_refund_query(const char *token, const char *refund_no,
                           struct pay_refund_result *out)
{
	char *path = xasprintf("/v3/refund/domestic/refunds/%s", refund_no);
	cJSON *ans = NULL;
	long st = wx_call("GET", path, NULL, &ans);
	int rc = -1;

	(void)token;
	free(path);
	memset(out, 0, sizeof *out);
	if (st == 200 && ans && strcmp(json_str_or(ans, "out_refund_no", ""), refund_no) == 0) {
		wx_refund_read(ans, out);
		rc = 1;
	} else if (st == 404) {
		rc = 0;
	}
	cJSON_Delete(ans);
	return rc;
}

const struct pay_provider pay_wechat = {
	.name = "wechat",
	.create = wx_create,
	.verify = wx_verify,
	.query = wx_query,
	.close = wx_close,
	.refund = wx_refund,
	.refund_query = wx_refund_query,
	/* WeChat Pay takes 200 or 204 with no body as "received" */
	.ack_ctype = "application/json",
	.ack_body = "",
};
