/* Alipay open platform (alipay.trade.*), RSA2: the calls rosterd makes.
 *
 * A call is a form POST to the gateway (alipay.gateway, by default
 * https://openapi.alipay.com/gateway.do) of app_id, method, format=JSON,
 * charset=utf-8, sign_type=RSA2, timestamp ("yyyy-MM-dd HH:mm:ss", China
 * time), version=1.0, [notify_url,] biz_content (JSON) and sign: SHA256withRSA
 * by the application's private key over every non-empty parameter but sign,
 * sorted by name, joined as k=v&k=v. The answer is
 *
 *	{"alipay_trade_precreate_response":{"code":"10000",…},"sign":"…"}
 *
 * and is believed only when sign verifies, with Alipay's public key, over
 * the raw text of the …_response object exactly as it came (not re-encoded).
 *
 *	alipay.trade.precreate        out_trade_no, total_amount (yuan, 2 decimals),
 *	                              subject, timeout_express -> qr_code
 *	alipay.trade.query            a code nobody scanned is unknown there
 *	                              (ACQ.TRADE_NOT_EXIST): still open
 *	alipay.trade.close            the same answer means nothing to close
 *	alipay.trade.refund           out_request_no makes a retry happen once
 *	alipay.trade.fastpay.refund.query
 *
 * Notifications: alipay_notify.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>
#include "roster/json.h"
#include "roster/xalloc.h"
#include "log.h"
#include "pay/alipay_int.h"
#include "pay/crypto.h"
#include "pay/gateway_http.h"
#include "pay/provider.h"
#include "server.h"
#include "store/store.h"

/* ---------------------------------------------------------------- params */

void ali_params_add(struct ali_params *p, const char *key, const char *value)
{
	p->v = xrealloc(p->v, (p->n + 1) * sizeof p->v[0]);
	p->v[p->n].key = xstrdup(key);
	p->v[p->n].value = xstrdup(value ? value : "");
	p->n++;
}

void ali_params_free(struct ali_params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].key);
		free(p->v[i].value);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

const char *ali_params_get(const struct ali_params *p, const char *key)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].key, key) == 0)
			return p->v[i].value;
	return NULL;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct ali_param *)a)->key, ((const struct ali_param *)b)->key);
}

char *ali_sign_content(const struct ali_params *p, bool drop_sign_type)
{
	struct ali_param *sorted = xmalloc((p->n ? p->n : 1) * sizeof *sorted);
	size_t len = 1;
	char *out;

	memcpy(sorted, p->v, p->n * sizeof *sorted);
	qsort(sorted, p->n, sizeof *sorted, by_key);
	for (size_t i = 0; i < p->n; i++)
		len += strlen(sorted[i].key) + strlen(sorted[i].value) + 2;
	out = xmalloc(len);
	out[0] = '\0';
	for (size_t i = 0, at = 0; i < p->n; i++) {
		if (!*sorted[i].value || strcmp(sorted[i].key, "sign") == 0 ||
		    (drop_sign_type && strcmp(sorted[i].key, "sign_type") == 0))
			continue;
		at += (size_t)sprintf(out + at, "%s%s=%s", at ? "&" : "", sorted[i].key,
		                      sorted[i].value);
	}
	free(sorted);
	return out;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *form_decode(const char *s, size_t n, bool *ok)
{
	char *out = xmalloc(n + 1);
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[j++] = ' ';
		} else if (s[i] == '%') {
			int hi = i + 1 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				*ok = false;      /* malformed, or a NUL */
				break;
			}
			out[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[j++] = s[i];
		}
	}
	out[j] = '\0';
	return out;
}

bool ali_params_parse_form(struct ali_params *p, const char *body, size_t len)
{
	const char *s = body, *end = body + len;

	if (!body || memchr(body, '\0', len))
		return false;
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s)), *stop = amp ? amp : end;
		const char *eq = memchr(s, '=', (size_t)(stop - s));
		bool ok = true;
		char *k, *v;

		if (!eq || eq == s)
			return false;
		k = form_decode(s, (size_t)(eq - s), &ok);
		v = form_decode(eq + 1, (size_t)(stop - eq - 1), &ok);
		if (ok)
			ali_params_add(p, k, v);
		free(k);
		free(v);
		if (!ok)
			return false;
		s = stop + 1;
	}
	return true;
}

/* ---------------------------------------------------------------- money, time */

int64_t ali_yuan_parse(const char *s)
{
	int64_t yuan = 0, fen = 0;
	int dec = 0;

	if (!s || !*s || *s == '.')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		yuan = yuan * 10 + (*s - '0');
		if (yuan > 100000000)
			return -1;
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9' && dec < 2; s++, dec++)
			fen = fen * 10 + (*s - '0');
		if (dec == 0)
			return -1;
		if (dec == 1)
			fen *= 10;
	}
	return *s ? -1 : yuan * 100 + fen;
}

void ali_yuan_format(int64_t fen, char out[24])
{
	snprintf(out, 24, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

int64_t ali_time_parse(const char *s)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec, used = 0;

	if (!s || sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6 ||
	    s[used])
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	return (int64_t)timegm(&tm) - 8 * 3600;
}

/* Alipay's protocol is in China time (UTC+8) whatever the association's
 * time zone: these two stay fixed at +8. */
static void china_time(int64_t t, char out[24])
{
	time_t tt = (time_t)t + 8 * 3600;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 24, "%Y-%m-%d %H:%M:%S", &tm);
}

/* ---------------------------------------------------------------- calls */

/* The raw text of the value of "key" in a JSON object text: an object
 * found by matching braces outside strings. Points into text, *n set. */
static const char *raw_value(const char *text, const char *key, size_t *n)
{
	char *needle = xasprintf("\"%s\"", key);
	const char *p = strstr(text, needle), *start;
	int depth = 0;
	bool in_str = false;

	free(needle);
	if (!p)
		return NULL;
	p += strlen(key) + 2;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p++ != ':')
		return NULL;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p != '{')
		return NULL;
	for (start = p; *p; p++) {
		if (in_str) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				in_str = false;
		} else if (*p == '"') {
			in_str = true;
		} else if (*p == '{') {
			depth++;
		} else if (*p == '}' && --depth == 0) {
			*n = (size_t)(p + 1 - start);
			return start;
		}
	}
	return NULL;
}

static char *form_encode(const struct ali_params *p)
{
	size_t len = 1;
	char *out, **enc = xmalloc((p->n ? p->n : 1) * sizeof *enc);

	for (size_t i = 0; i < p->n; i++) {
		char *e = curl_easy_escape(NULL, p->v[i].value, (int)strlen(p->v[i].value));
		enc[i] = xstrdup(e ? e : "");
		curl_free(e);
		len += strlen(p->v[i].key) + strlen(enc[i]) + 2;
	}
	out = xmalloc(len);
	out[0] = '\0';
	for (size_t i = 0, at = 0; i < p->n; i++) {
		at += (size_t)sprintf(out + at, "%s%s=%s", i ? "&" : "", p->v[i].key, enc[i]);
		free(enc[i]);
	}
	free(enc);
	return out;
}

/* Call method with biz: the verified …_response object (caller deletes), or
 * NULL when the gateway could not be reached or its answer is not signed
 * by Alipay. */
static cJSON *ali_call(const char *method, const cJSON *biz, const char *notify_url)
{
	struct ali_params p = { 0 };
	char ts[24], why[256], *biz_text = json_print(biz), *content, *sig, *body;
	char *resp_key = NULL;
	EVP_PKEY *key = NULL, *alipay = NULL;
	struct gw_reply r = { 0 };
	const char *raw;
	size_t raw_len = 0;
	cJSON *all = NULL, *out = NULL;
	enum roster_err e;

	if (!(key = pay_key_private_file(g_cfg->ali_key, why, sizeof why)) ||
	    !(alipay = pay_key_public_file(g_cfg->ali_public_key, why, sizeof why))) {
		log_error("alipay: %s", why);
		goto done;
	}
	china_time(store_now(), ts);
	ali_params_add(&p, "app_id", g_cfg->ali_app_id);
	ali_params_add(&p, "method", method);
	ali_params_add(&p, "format", "JSON");
	ali_params_add(&p, "charset", "utf-8");
	ali_params_add(&p, "sign_type", "RSA2");
	ali_params_add(&p, "timestamp", ts);
	ali_params_add(&p, "version", "1.0");
	if (notify_url)
		ali_params_add(&p, "notify_url", notify_url);
	ali_params_add(&p, "biz_content", biz_text);
	content = ali_sign_content(&p, false);
	sig = pay_rsa_sign(key, content, strlen(content));
	free(content);
	if (!sig) {
		log_error("alipay: cannot sign with the application key");
		goto done;
	}
	ali_params_add(&p, "sign", sig);
	free(sig);
	body = form_encode(&p);
	const char *headers[] = {
		"Content-Type: application/x-www-form-urlencoded;charset=utf-8",
		"User-Agent: rosterd/" ROSTER_VERSION, NULL
	};
	int rc = gw_http("POST", g_cfg->ali_gateway, headers, body, strlen(body), &r);
	free(body);
	if (rc != 0 || r.status != 200) {
		log_warn("alipay: %s: %s", method, rc ? "no answer" : "HTTP error");
		goto done;
	}
	resp_key = xasprintf("%s_response", method);
	for (char *c = resp_key; *c; c++)
		if (*c == '.')
			*c = '_';
	raw = raw_value(r.body, resp_key, &raw_len);
	all = json_parse(r.body, r.len, &e);
	if (!raw || !all ||
	    !pay_rsa_verify(alipay, raw, raw_len, json_str_or(all, "sign", NULL))) {
		log_warn("alipay: %s: answer signature does not verify", method);
		goto done;
	}
	out = cJSON_DetachItemFromObjectCaseSensitive(all, resp_key);
	if (strcmp(json_str_or(out, "code", ""), "10000") != 0)
		log_info("alipay: %s: %s %s", method, json_str_or(out, "code", "?"),
		         json_str_or(out, "sub_code", ""));
done:
	cJSON_Delete(all);
	gw_reply_free(&r);
	ali_params_free(&p);
	EVP_PKEY_free(key);
	EVP_PKEY_free(alipay);
	free(resp_key);
	free(biz_text);
	return out;
}

static bool code_is(const cJSON *o, const char *code)
{
	return strcmp(json_str_or(o, "code", ""), code) == 0;
}

static bool sub_code_is(const cJSON *o, const char *sub)
{
	return strcmp(json_str_or(o, "sub_code", ""), sub) == 0;
}

static enum roster_err ali_create(const struct pay_trade *t, char **token, char **code_url)
{
	cJSON *b = cJSON_CreateObject(), *out;
	char amount[24], timeout[24], *notify = pay_notify_url(g_cfg->ali_notify_url, t->base_url,
	                                                      "alipay");
	int64_t minutes = (t->expires_at - store_now() + 59) / 60;
	enum roster_err e = ERR_UNAVAILABLE;

	if (minutes < 1)
		minutes = 1;
	ali_yuan_format(t->amount, amount);
	snprintf(timeout, sizeof timeout, "%lldm", (long long)minutes);
	json_add_str(b, "out_trade_no", t->out_trade_no);
	json_add_str(b, "total_amount", amount);
	json_add_str(b, "subject", t->subject);
	json_add_str(b, "timeout_express", timeout);
	out = ali_call("alipay.trade.precreate", b, notify);
	if (out && code_is(out, "10000") && json_str_or(out, "qr_code", NULL)) {
		*token = xstrdup(t->out_trade_no);
		*code_url = xstrdup(json_str_or(out, "qr_code", ""));
		e = ERR_OK;
	}
	cJSON_Delete(out);
	cJSON_Delete(b);
	free(notify);
	return e;
}

static int ali_query(struct db *db, const char *token, struct pay_event *ev)
{
	cJSON *b = cJSON_CreateObject(), *out;
	int rc = PAY_STATE_FAILED;

	(void)db;
	memset(ev, 0, sizeof *ev);
	json_add_str(b, "out_trade_no", token);
	out = ali_call("alipay.trade.query", b, NULL);
	cJSON_Delete(b);
	if (!out)
		return rc;
	if (code_is(out, "40004") && sub_code_is(out, "ACQ.TRADE_NOT_EXIST")) {
		/* a precreated code exists at Alipay only once it is scanned */
		rc = PAY_STATE_OPEN;
	} else if (code_is(out, "10000") &&
	           strcmp(json_str_or(out, "out_trade_no", ""), token) == 0) {
		const char *st = json_str_or(out, "trade_status", "");
		if (strcmp(st, "TRADE_SUCCESS") == 0 || strcmp(st, "TRADE_FINISHED") == 0) {
			const char *us = strrchr(token, '_');
			rc = PAY_STATE_PAID;
			ev->kind = PAY_EV_PAID;
			snprintf(ev->trade_no, sizeof ev->trade_no, "%s", token);
			snprintf(ev->order_no, sizeof ev->order_no, "%.*s",
			         (int)(us ? (size_t)(us - token) : strlen(token)), token);
			snprintf(ev->gateway_no, sizeof ev->gateway_no, "%s",
			         json_str_or(out, "trade_no", ""));
			snprintf(ev->event_id, sizeof ev->event_id, "query:%.60s",
			         ev->gateway_no[0] ? ev->gateway_no : token);
			ev->amount = ali_yuan_parse(json_str_or(out, "total_amount", ""));
			ev->paid_at = ali_time_parse(json_str_or(out, "send_pay_date", ""));
			if (ev->paid_at < 0)
				ev->paid_at = store_now();
			if (ev->amount <= 0)
				rc = PAY_STATE_FAILED;
		} else if (strcmp(st, "TRADE_CLOSED") == 0) {
			rc = PAY_STATE_CLOSED;
		} else {
			rc = PAY_STATE_OPEN;
		}
	}
	cJSON_Delete(out);
	return rc;
}

static enum roster_err ali_close(const char *token)
{
	cJSON *b = cJSON_CreateObject(), *out;
	enum roster_err e = ERR_UNAVAILABLE;
	struct pay_event ev;

	json_add_str(b, "out_trade_no", token);
	out = ali_call("alipay.trade.close", b, NULL);
	cJSON_Delete(b);
	if (out && code_is(out, "10000")) {
		e = ERR_OK;
	} else if (out && sub_code_is(out, "ACQ.TRADE_NOT_EXIST")) {
		/* nobody scanned it: nothing to close at Alipay; the code stops
		 * at its timeout_express, and a payment made before that is
		 * still taken by the callback (refunded when the order is done) */
		e = ERR_OK;
	} else if (out && sub_code_is(out, "ACQ.TRADE_STATUS_ERROR")) {
		/* closed already, or paid: ask which */
		e = ali_query(NULL, token, &ev) == PAY_STATE_PAID ? ERR_CONFLICT : ERR_OK;
	}
	cJSON_Delete(out);
	return e;
}

static enum roster_err ali_refund(const struct pay_refund *r, struct pay_refund_result *res)
{
	cJSON *b = cJSON_CreateObject(), *out;
	char amount[24];
	enum roster_err e = ERR_UNAVAILABLE;

	memset(res, 0, sizeof *res);
	ali_yuan_format(r->amount, amount);
	json_add_str(b, "out_trade_no", r->token);
	json_add_str(b, "refund_amount", amount);
	if (r->reason && *r->reason)
		json_add_str(b, "refund_reason", r->reason);
	json_add_str(b, "out_request_no", r->refund_no);
	out = ali_call("alipay.trade.refund", b, NULL);
	cJSON_Delete(b);
	if (out && code_is(out, "10000")) {
		/* fund_change "N" on a retry of a refund made before: still done */
		strcpy(res->status, "succeeded");
		snprintf(res->gateway_refund_no, sizeof res->gateway_refund_no, "%s",
		         json_str_or(out, "trade_no", ""));
		e = ERR_OK;
	} else if (out && !code_is(out, "20000")) {
		strcpy(res->status, "failed");
		snprintf(res->why, sizeof res->why, "%s: %s", json_str_or(out, "sub_code", "?"),
		         json_str_or(out, "sub_msg", ""));
		e = ERR_CONFLICT;
	}
	cJSON_Delete(out);
	return e;
}

static int ali_refund_query(const char *token, const char *refund_no,
                            struct pay_refund_result *res)
{
	cJSON *b = cJSON_CreateObject(), *out;
	int rc = -1;

	memset(res, 0, sizeof *res);
	json_add_str(b, "out_trade_no", token);
	json_add_str(b, "out_request_no", refund_no);
	out = ali_call("alipay.trade.fastpay.refund.query", b, NULL);
	cJSON_Delete(b);
	if (out && code_is(out, "10000")) {
		/* an empty answer (no refund_status) means no such refund */
		const char *st = json_str_or(out, "refund_status", "");
		rc = *st ? 1 : 0;
		strcpy(res->status, strcmp(st, "REFUND_SUCCESS") == 0 ? "succeeded" : "processing");
		snprintf(res->gateway_refund_no, sizeof res->gateway_refund_no, "%s",
		         json_str_or(out, "trade_no", ""));
	}
	cJSON_Delete(out);
	return rc;
}

const struct pay_provider pay_alipay = {
	.name = "alipay",
	.create = ali_create,
	.verify = ali_verify,
	.query = ali_query,
	.close = ali_close,
	.refund = ali_refund,
	.refund_query = ali_refund_query,
	/* Alipay stops sending only on exactly these seven bytes */
	.ack_ctype = "text/plain",
	.ack_body = "success",
};
