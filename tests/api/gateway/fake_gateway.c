/* A stand-in payment gateway on loopback for the API tests: WeChat Pay API
 * v3 (Native) or the Alipay open platform gateway, speaking their published
 * wire formats with RSA keys the test made, so rosterd's providers run
 * unchanged against it.
 *
 *	fake_gateway wechat DIR MCHID APPID
 *	fake_gateway alipay DIR APP_ID SELLER_ID
 *
 * DIR holds merchant.pub (verifies rosterd's requests), platform.pem (signs
 * answers and notifications) and, for WeChat, apiv3.key. It prints
 * "port N" once listening on 127.0.0.1 and serves until killed, one request
 * at a time.
 *
 * Besides the gateway's own API, /control/… lets the test play the payer
 * and the gateway's back office (unsigned; loopback only):
 *
 *	POST /control/scan?no=T            the payer scans (Alipay: the trade
 *	                                   exists from now on)
 *	POST /control/pay?no=T&…           the trade is paid; its notification is
 *	                                   sent to the trade's notify_url. Options:
 *	                                   deliver=0 (lost), amount=FEN, mchid=,
 *	                                   appid= (WeChat) / app_id=, seller_id=
 *	                                   (Alipay), tamper=1, signtest=1,
 *	                                   skew=SECONDS, id=NOTIFICATION_ID
 *	POST /control/resend               the last notification again, as it was
 *	POST /control/refund-busy?on=1|0   Alipay: refunds asked from now on are
 *	                                   taken but answered 20000
 *	                                   (ACQ.SYSTEM_ERROR) and stay under way:
 *	                                   the query has no refund_status for
 *	                                   them until refund-done
 *	POST /control/refund-done?no=R     refund R succeeded: its notification
 *	GET  /control/trade?no=T           {"state":…,"closed":n,"refunds":n,…}
 *
 * A control call that sends a notification answers
 * {"status":<rosterd's HTTP status>,"body":"<its answer>"}. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#define MAX_TRADES 256
#define MAX_REFUNDS 256

static bool wechat;                /* else alipay */
static const char *merchant_id, *app_id;
static EVP_PKEY *merchant_pub, *platform_key;
static unsigned char apiv3[32];

struct trade {
	char no[72];
	char notify_url[256];
	long long amount;              /* fen */
	long long refunded;
	char state[24];                /* NOTPAY/SUCCESS/CLOSED (WeChat words) */
	bool scanned;                  /* Alipay: exists at the gateway */
	char gateway_no[40];
	long long paid_at;
	int closes;                    /* close calls received */
	int refund_calls;              /* refund calls received */
};
static struct trade trades[MAX_TRADES];
static int ntrades;

struct refund {
	char no[72];
	char trade[72];
	char notify_url[256];
	long long amount;
	bool done;
	int calls;
};
static struct refund refunds[MAX_REFUNDS];
static int nrefunds;
static bool refund_busy;           /* Alipay: new refunds answered 20000 */

/* the last notification sent, for /control/resend */
static char *last_url, *last_body, *last_headers[8];

/* ---------------------------------------------------------------- crypto */

static EVP_PKEY *load_key(const char *dir, const char *name, bool private)
{
	char path[512];
	FILE *f;
	EVP_PKEY *k;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "r"))) {
		fprintf(stderr, "fake_gateway: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	k = private ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!k) {
		fprintf(stderr, "fake_gateway: %s: not a key\n", path);
		exit(1);
	}
	return k;
}

static char *b64(const unsigned char *d, size_t n)
{
	char *out = malloc(4 * ((n + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, d, (int)n);
	return out;
}

static char *sign(const char *msg)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned char sig[1024];
	size_t n = sizeof sig;

	EVP_DigestSignInit(c, NULL, EVP_sha256(), NULL, platform_key);
	EVP_DigestSign(c, sig, &n, (const unsigned char *)msg, strlen(msg));
	EVP_MD_CTX_free(c);
	return b64(sig, n);
}

static bool verify(const char *msg, const char *sig_b64)
{
	unsigned char sig[1024];
	EVP_MD_CTX *c;
	int n;
	bool ok;

	if (!sig_b64 || strlen(sig_b64) > 1300 || strlen(sig_b64) % 4)
		return false;
	n = EVP_DecodeBlock(sig, (const unsigned char *)sig_b64, (int)strlen(sig_b64));
	if (n <= 0)
		return false;
	for (const char *p = sig_b64 + strlen(sig_b64); p > sig_b64 && p[-1] == '='; p--)
		n--;
	c = EVP_MD_CTX_new();
	ok = EVP_DigestVerifyInit(c, NULL, EVP_sha256(), NULL, merchant_pub) == 1 &&
	     EVP_DigestVerify(c, sig, (size_t)n, (const unsigned char *)msg, strlen(msg)) == 1;
	EVP_MD_CTX_free(c);
	return ok;
}

static char *gcm_seal(const char *plain, const char *nonce, const char *aad)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	size_t n = strlen(plain);
	unsigned char *out = malloc(n + 16);
	int l = 0, f = 0;
	char *text;

	EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL);
	EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, (int)strlen(nonce), NULL);
	EVP_EncryptInit_ex(c, NULL, NULL, apiv3, (const unsigned char *)nonce);
	EVP_EncryptUpdate(c, NULL, &l, (const unsigned char *)aad, (int)strlen(aad));
	EVP_EncryptUpdate(c, out, &l, (const unsigned char *)plain, (int)n);
	EVP_EncryptFinal_ex(c, out + l, &f);
	EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, out + n);
	EVP_CIPHER_CTX_free(c);
	text = b64(out, n + 16);
	free(out);
	return text;
}

static void random_text(char *out, size_t n)
{
	static const char set[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	unsigned char r[64];

	RAND_bytes(r, (int)n);
	for (size_t i = 0; i < n; i++)
		out[i] = set[r[i] % (sizeof set - 1)];
	out[n] = '\0';
}

/* ---------------------------------------------------------------- HTTP */

struct request {
	char method[8];
	char path[1024];               /* without the query */
	char query[1024];
	char *headers;
	char *body;
	size_t len;
};

static const char *header(const struct request *r, const char *name, char *out, size_t n)
{
	size_t len = strlen(name);

	for (const char *p = r->headers; p && *p;) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			break;
		if ((size_t)(eol - p) > len && p[len] == ':' && strncasecmp(p, name, len) == 0) {
			const char *v = p + len + 1;
			while (*v == ' ')
				v++;
			snprintf(out, n, "%.*s", (int)(eol - v), v);
			return out;
		}
		p = eol + 2;
	}
	return NULL;
}

static bool read_request(int fd, struct request *r)
{
	size_t cap = 65536, have = 0, need;
	char *buf = malloc(cap + 1), *end, *cl, *sp;
	ssize_t got;

	memset(r, 0, sizeof *r);
	for (;;) {
		got = read(fd, buf + have, cap - have);
		if (got <= 0)
			goto fail;
		have += (size_t)got;
		buf[have] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")))
			break;
		if (have == cap)
			goto fail;
	}
	*end = '\0';
	cl = strcasestr(buf, "\r\nContent-Length:");
	need = cl ? strtoul(cl + 17, NULL, 10) : 0;
	size_t head = (size_t)(end - buf) + 4;
	while (have < head + need) {
		if (head + need > cap)
			goto fail;
		got = read(fd, buf + have, cap - have);
		if (got <= 0)
			goto fail;
		have += (size_t)got;
	}
	r->body = malloc(need + 1);
	memcpy(r->body, buf + head, need);
	r->body[need] = '\0';
	r->len = need;
	sp = strchr(buf, ' ');
	if (!sp)
		goto fail;
	snprintf(r->method, sizeof r->method, "%.*s", (int)(sp - buf), buf);
	char *target = sp + 1, *sp2 = strchr(target, ' '), *q;
	if (!sp2)
		goto fail;
	*sp2 = '\0';
	q = strchr(target, '?');
	if (q) {
		snprintf(r->query, sizeof r->query, "%s", q + 1);
		*q = '\0';
	}
	snprintf(r->path, sizeof r->path, "%s", target);
	if (q)
		*q = '?';
	r->headers = strdup(strstr(sp2 + 1, "\r\n") ? strstr(sp2 + 1, "\r\n") + 2 : "");
	size_t hl = strlen(r->headers);
	r->headers = realloc(r->headers, hl + 3);
	strcpy(r->headers + hl, "\r\n");
	free(buf);
	return true;
fail:
	free(buf);
	free(r->body);
	return false;
}

static void request_free(struct request *r)
{
	free(r->headers);
	free(r->body);
}

static void send_reply(int fd, int status, const char *ctype, const char *extra,
                       const char *body)
{
	char head[2048];
	size_t n = body ? strlen(body) : 0;
	int hl = snprintf(head, sizeof head,
	                  "HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s"
	                  "Connection: close\r\n\r\n", status, ctype, n, extra ? extra : "");
	if (write(fd, head, (size_t)hl) < 0 || (n && write(fd, body, n) < 0))
		return;
}

static const char *qparam(const struct request *r, const char *name, char *out, size_t n)
{
	size_t len = strlen(name);

	for (const char *p = r->query; *p;) {
		const char *amp = strchr(p, '&'), *stop = amp ? amp : p + strlen(p);
		if ((size_t)(stop - p) > len && p[len] == '=' && strncmp(p, name, len) == 0) {
			snprintf(out, n, "%.*s", (int)(stop - p - (long)len - 1), p + len + 1);
			return out;
		}
		p = amp ? amp + 1 : stop;
	}
	return NULL;
}

/* ---------------------------------------------------------------- state */

static struct trade *trade_find(const char *no)
{
	for (int i = 0; i < ntrades; i++)
		if (strcmp(trades[i].no, no) == 0)
			return &trades[i];
	return NULL;
}

static struct trade *trade_add(const char *no, long long amount, const char *notify)
{
	struct trade *t = trade_find(no);

	if (t || ntrades == MAX_TRADES)
		return t;
	t = &trades[ntrades++];
	memset(t, 0, sizeof *t);
	snprintf(t->no, sizeof t->no, "%s", no);
	snprintf(t->notify_url, sizeof t->notify_url, "%s", notify ? notify : "");
	snprintf(t->state, sizeof t->state, "NOTPAY");
	t->amount = amount;
	return t;
}

static struct refund *refund_find(const char *no)
{
	for (int i = 0; i < nrefunds; i++)
		if (strcmp(refunds[i].no, no) == 0)
			return &refunds[i];
	return NULL;
}

static void iso_time(long long t, char out[32])
{
	time_t tt = (time_t)t + 8 * 3600;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

static void china_time(long long t, char out[32])
{
	time_t tt = (time_t)t + 8 * 3600;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

/* ---------------------------------------------------------------- notifications */

static size_t sink(char *p, size_t s, size_t n, void *arg)
{
	cJSON *o = arg;
	cJSON *b = cJSON_GetObjectItem(o, "body");
	size_t add = s * n;
	char *joined = malloc(strlen(b->valuestring) + add + 1);

	sprintf(joined, "%s%.*s", b->valuestring, (int)add, p);
	cJSON_SetValuestring(b, joined);
	free(joined);
	return add;
}

/* POST the last notification: {"status":…,"body":…} text (malloc'd). */
static char *deliver(void)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	cJSON *o = cJSON_CreateObject();
	long status = 0;
	char *out;

	cJSON_AddStringToObject(o, "body", "");
	for (int i = 0; last_headers[i]; i++)
		h = curl_slist_append(h, last_headers[i]);
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, last_url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, last_body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(last_body));
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, o);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	cJSON_AddNumberToObject(o, "status", (double)status);
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return out;
}

static void set_last(const char *url, char *body, char **headers)
{
	free(last_url);
	free(last_body);
	for (int i = 0; last_headers[i]; i++)
		free(last_headers[i]);
	memset(last_headers, 0, sizeof last_headers);
	last_url = strdup(url);
	last_body = body;
	for (int i = 0; headers && headers[i] && i < 7; i++)
		last_headers[i] = headers[i];
}

struct notify_opts {
	long long amount;
	char merchant[64], app[64], id[72];
	bool tamper, signtest;
	long skew;
};

/* A WeChat notification of resource (plain JSON) as event_type. */
static void wx_notify(const char *url, const char *event_type, const char *original,
                      const char *resource, const struct notify_opts *o)
{
	char nonce[13], hnonce[33], ts[24], id[72], msgid[40], *ct, *body, *msg, *sig;
	char *h[6] = { 0 };
	cJSON *n = cJSON_CreateObject(), *res;

	random_text(nonce, 12);
	random_text(hnonce, 32);
	random_text(msgid, 36);
	snprintf(id, sizeof id, "%s", o->id[0] ? o->id : msgid);
	ct = gcm_seal(resource, nonce, original);
	cJSON_AddStringToObject(n, "id", id);
	cJSON_AddStringToObject(n, "create_time", "2026-01-01T08:00:00+08:00");
	cJSON_AddStringToObject(n, "event_type", event_type);
	cJSON_AddStringToObject(n, "resource_type", "encrypt-resource");
	res = cJSON_AddObjectToObject(n, "resource");
	cJSON_AddStringToObject(res, "algorithm", "AEAD_AES_256_GCM");
	cJSON_AddStringToObject(res, "ciphertext", ct);
	cJSON_AddStringToObject(res, "associated_data", original);
	cJSON_AddStringToObject(res, "original_type", original);
	cJSON_AddStringToObject(res, "nonce", nonce);
	cJSON_AddStringToObject(n, "summary", "支付成功");
	body = cJSON_PrintUnformatted(n);
	cJSON_Delete(n);
	free(ct);
	snprintf(ts, sizeof ts, "%lld", (long long)time(NULL) + o->skew);
	msg = malloc(strlen(body) + 128);
	sprintf(msg, "%s\n%s\n%s\n", ts, hnonce, body);
	sig = o->signtest ? strdup("WECHATPAY/SIGNTEST/c2lnbmF0dXJlIHByb2Jl") : sign(msg);
	free(msg);
	if (o->tamper) {
		/* one byte of the body changed after signing */
		char *p = strstr(body, "支付成功");
		if (p)
			memcpy(p, "SUCCESS!", 8);
	}
	h[0] = malloc(64);
	snprintf(h[0], 64, "Wechatpay-Timestamp: %s", ts);
	h[1] = malloc(64);
	snprintf(h[1], 64, "Wechatpay-Nonce: %s", hnonce);
	h[2] = malloc(strlen(sig) + 32);
	sprintf(h[2], "Wechatpay-Signature: %s", sig);
	h[3] = strdup("Wechatpay-Serial: PUB_KEY_ID_0114232024112100000000000000000000");
	h[4] = strdup("Wechatpay-Signature-Type: WECHATPAY2-SHA256-RSA2048");
	h[5] = strdup("Content-Type: application/json");
	free(sig);
	char **hv = malloc(7 * sizeof *hv);
	memcpy(hv, h, 6 * sizeof *hv);
	hv[6] = NULL;
	set_last(url, body, hv);
	free(hv);
}

static char *wx_transaction(const struct trade *t, const struct notify_opts *o)
{
	cJSON *x = cJSON_CreateObject(), *a, *p;
	char when[32];
	char *s;

	iso_time(t->paid_at ? t->paid_at : time(NULL), when);
	cJSON_AddStringToObject(x, "appid", o && o->app[0] ? o->app : app_id);
	cJSON_AddStringToObject(x, "mchid", o && o->merchant[0] ? o->merchant : merchant_id);
	cJSON_AddStringToObject(x, "out_trade_no", t->no);
	if (t->gateway_no[0])
		cJSON_AddStringToObject(x, "transaction_id", t->gateway_no);
	cJSON_AddStringToObject(x, "trade_type", "NATIVE");
	cJSON_AddStringToObject(x, "trade_state",
	                        t->refunded && strcmp(t->state, "SUCCESS") == 0 ? "REFUND" : t->state);
	cJSON_AddStringToObject(x, "trade_state_desc", "");
	if (strcmp(t->state, "SUCCESS") == 0)
		cJSON_AddStringToObject(x, "success_time", when);
	a = cJSON_AddObjectToObject(x, "amount");
	cJSON_AddNumberToObject(a, "total", (double)(o && o->amount ? o->amount : t->amount));
	cJSON_AddNumberToObject(a, "payer_total", (double)(o && o->amount ? o->amount : t->amount));
	cJSON_AddStringToObject(a, "currency", "CNY");
	cJSON_AddStringToObject(a, "payer_currency", "CNY");
	p = cJSON_AddObjectToObject(x, "payer");
	cJSON_AddStringToObject(p, "openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
	s = cJSON_PrintUnformatted(x);
	cJSON_Delete(x);
	return s;
}

/* ---------------------------------------------------------------- Alipay */

struct kv {
	char *k, *v;
};

static int kv_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->k, ((const struct kv *)b)->k);
}

static char *url_escape(const char *s)
{
	char *e = curl_easy_escape(NULL, s, (int)strlen(s)), *out = strdup(e);
	curl_free(e);
	return out;
}

/* Sign and set as the last notification: the form params (k, v pairs). */
static void ali_notify(const char *url, struct kv *p, int n, const struct notify_opts *o)
{
	size_t len = 1;
	char *content, *sig, *body;
	char *h[2] = { strdup("Content-Type: application/x-www-form-urlencoded; charset=utf-8"), NULL };

	qsort(p, (size_t)n, sizeof *p, kv_cmp);
	for (int i = 0; i < n; i++)
		len += strlen(p[i].k) + strlen(p[i].v) * 3 + 2;
	content = calloc(1, len + 1024);
	for (int i = 0, at = 0; i < n; i++) {
		if (!*p[i].v || strcmp(p[i].k, "sign_type") == 0)
			continue;
		at += sprintf(content + at, "%s%s=%s", at ? "&" : "", p[i].k, p[i].v);
	}
	sig = o->signtest ? strdup("c2lnbmF0dXJl") : sign(content);
	body = calloc(1, len + strlen(sig) * 3 + 1024);
	for (int i = 0, at = 0; i < n; i++) {
		char *e = url_escape(p[i].v);
		at += sprintf(body + at, "%s%s=%s", at ? "&" : "", p[i].k, e);
		free(e);
	}
	char *e = url_escape(sig);
	strcat(body, "&sign=");
	strcat(body, e);
	free(e);
	if (o->tamper) {
		char *t = strstr(body, "total_amount=");
		if (t)
			t[13] = t[13] == '9' ? '8' : '9';
	}
	free(content);
	free(sig);
	char **hv = malloc(2 * sizeof *hv);
	hv[0] = h[0];
	hv[1] = NULL;
	set_last(url, body, hv);
	free(hv);
}

static void ali_pay_notify(struct trade *t, const struct notify_opts *o, const char *status)
{
	char amount[32], when[32], id[40], rand_id[40];
	struct kv p[14];
	int n = 0;

	snprintf(amount, sizeof amount, "%lld.%02lld", (o->amount ? o->amount : t->amount) / 100,
	         (o->amount ? o->amount : t->amount) % 100);
	china_time(time(NULL) + o->skew, when);
	random_text(rand_id, 32);
	snprintf(id, sizeof id, "%s", o->id[0] ? o->id : rand_id);
#define P(key, val) (p[n].k = (char *)(key), p[n].v = (char *)(val), n++)
	P("notify_time", when);
	P("notify_type", "trade_status_sync");
	P("notify_id", id);
	P("app_id", o->app[0] ? o->app : app_id);
	P("seller_id", o->merchant[0] ? o->merchant : merchant_id);
	P("charset", "utf-8");
	P("version", "1.0");
	P("sign_type", "RSA2");
	P("out_trade_no", t->no);
	P("trade_no", t->gateway_no);
	P("trade_status", status);
	P("total_amount", amount);
	P("gmt_payment", when);
	P("subject", "会费");
#undef P
	ali_notify(t->notify_url, p, n, o);
}

/* {"<method>_response":{…},"sign":"…"} with the object's exact text signed. */
static void ali_answer(int fd, const char *method, cJSON *resp)
{
	char key[128], *obj = cJSON_PrintUnformatted(resp), *sig = sign(obj), *out;

	snprintf(key, sizeof key, "%s_response", method);
	for (char *c = key; *c; c++)
		if (*c == '.')
			*c = '_';
	out = malloc(strlen(obj) + strlen(sig) + 256);
	/* spaces and a key order of its own, as the raw text must be kept */
	sprintf(out, "{\"%s\": %s, \"sign\":\"%s\"}", key, obj, sig);
	send_reply(fd, 200, "application/json;charset=utf-8", NULL, out);
	free(obj);
	free(sig);
	free(out);
	cJSON_Delete(resp);
}

static cJSON *ali_code(const char *code, const char *sub)
{
	cJSON *r = cJSON_CreateObject();

	cJSON_AddStringToObject(r, "code", code);
	cJSON_AddStringToObject(r, "msg", strcmp(code, "10000") == 0 ? "Success" : "Business Failed");
	if (sub) {
		cJSON_AddStringToObject(r, "sub_code", sub);
		cJSON_AddStringToObject(r, "sub_msg", sub);
	}
	return r;
}

static char *form_get(const char *body, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = body; *p;) {
		const char *amp = strchr(p, '&'), *stop = amp ? amp : p + strlen(p);
		if ((size_t)(stop - p) > len && p[len] == '=' && strncmp(p, name, len) == 0) {
			int outlen = 0;
			char *raw = strndup(p + len + 1, (size_t)(stop - p - (long)len - 1));
			for (char *c = raw; *c; c++)
				if (*c == '+')
					*c = ' ';
			char *d = curl_easy_unescape(NULL, raw, 0, &outlen), *out = strdup(d);
			curl_free(d);
			free(raw);
			return out;
		}
		p = amp ? amp + 1 : stop;
	}
	return NULL;
}

static long long yuan(const char *s)
{
	long long y = 0, f = 0;
	int d = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		y = y * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9' && d < 2; s++, d++)
			f = f * 10 + (*s - '0');
	if (d == 1)
		f *= 10;
	return y * 100 + f;
}

static void ali_gateway(int fd, const struct request *r)
{
	static const char *const names[] = {
		"app_id", "method", "format", "charset", "sign_type", "timestamp", "version",
		"notify_url", "biz_content", "sign", NULL
	};
	struct kv p[16];
	int n = 0;
	char *content, *method, *biz_text;
	cJSON *biz, *resp;
	struct trade *t;

	for (int i = 0; names[i]; i++) {
		char *v = form_get(r->body, names[i]);
		if (v) {
			p[n].k = strdup(names[i]);
			p[n].v = v;
			n++;
		}
	}
	qsort(p, (size_t)n, sizeof *p, kv_cmp);
	content = calloc(1, r->len + 1);
	const char *sig = NULL;
	method = NULL;
	biz_text = NULL;
	for (int i = 0, at = 0; i < n; i++) {
		if (strcmp(p[i].k, "sign") == 0) {
			sig = p[i].v;
			continue;
		}
		if (strcmp(p[i].k, "method") == 0)
			method = p[i].v;
		if (strcmp(p[i].k, "biz_content") == 0)
			biz_text = p[i].v;
		if (*p[i].v)
			at += sprintf(content + at, "%s%s=%s", at ? "&" : "", p[i].k, p[i].v);
	}
	const char *notify = NULL, *the_app = NULL;
	for (int i = 0; i < n; i++) {
		if (strcmp(p[i].k, "notify_url") == 0)
			notify = p[i].v;
		if (strcmp(p[i].k, "app_id") == 0)
			the_app = p[i].v;
	}
	if (!method)
		method = "unknown";
	if (!sig || !verify(content, sig) || !the_app || strcmp(the_app, app_id) != 0 ||
	    !biz_text || !(biz = cJSON_Parse(biz_text))) {
		ali_answer(fd, method, ali_code("40002", "isv.invalid-signature"));
		goto done;
	}
	const char *no = cJSON_GetStringValue(cJSON_GetObjectItem(biz, "out_trade_no"));
	t = no ? trade_find(no) : NULL;
	if (strcmp(method, "alipay.trade.precreate") == 0) {
		const char *amount = cJSON_GetStringValue(cJSON_GetObjectItem(biz, "total_amount"));
		if (!no || !amount || !cJSON_GetObjectItem(biz, "subject")) {
			resp = ali_code("40004", "ACQ.INVALID_PARAMETER");
		} else if (t && t->scanned) {
			resp = ali_code("40004", "ACQ.TRADE_HAS_SUCCESS");
		} else {
			char qr[64], rnd[24];
			t = trade_add(no, yuan(amount), notify);
			random_text(rnd, 20);
			snprintf(qr, sizeof qr, "https://qr.alipay.com/bax%s", rnd);
			resp = ali_code("10000", NULL);
			cJSON_AddStringToObject(resp, "out_trade_no", no);
			cJSON_AddStringToObject(resp, "qr_code", qr);
		}
	} else if (strcmp(method, "alipay.trade.query") == 0) {
		if (!t || !t->scanned) {
			resp = ali_code("40004", "ACQ.TRADE_NOT_EXIST");
		} else {
			char amount[32], when[32];
			snprintf(amount, sizeof amount, "%lld.%02lld", t->amount / 100, t->amount % 100);
			resp = ali_code("10000", NULL);
			cJSON_AddStringToObject(resp, "out_trade_no", t->no);
			cJSON_AddStringToObject(resp, "trade_no", t->gateway_no);
			cJSON_AddStringToObject(resp, "trade_status",
			                        strcmp(t->state, "SUCCESS") == 0 ? "TRADE_SUCCESS"
			                        : strcmp(t->state, "CLOSED") == 0 ? "TRADE_CLOSED"
			                        : "WAIT_BUYER_PAY");
			cJSON_AddStringToObject(resp, "total_amount", amount);
			if (t->paid_at) {
				china_time(t->paid_at, when);
				cJSON_AddStringToObject(resp, "send_pay_date", when);
			}
		}
	} else if (strcmp(method, "alipay.trade.close") == 0) {
		if (t)
			t->closes++;
		if (!t || !t->scanned)
			resp = ali_code("40004", "ACQ.TRADE_NOT_EXIST");
		else if (strcmp(t->state, "NOTPAY") != 0)
			resp = ali_code("40004", "ACQ.TRADE_STATUS_ERROR");
		else {
			snprintf(t->state, sizeof t->state, "CLOSED");
			resp = ali_code("10000", NULL);
			cJSON_AddStringToObject(resp, "out_trade_no", t->no);
		}
	} else if (strcmp(method, "alipay.trade.refund") == 0) {
		const char *rno = cJSON_GetStringValue(cJSON_GetObjectItem(biz, "out_request_no"));
		const char *amount = cJSON_GetStringValue(cJSON_GetObjectItem(biz, "refund_amount"));
		struct refund *rf = rno ? refund_find(rno) : NULL;
		if (t)
			t->refund_calls++;
		if (!t || strcmp(t->state, "SUCCESS") != 0 || !rno || !amount) {
			resp = ali_code("40004", "ACQ.TRADE_STATUS_ERROR");
		} else if (rf) {
			rf->calls++;
			resp = ali_code("10000", NULL);
			cJSON_AddStringToObject(resp, "fund_change", "N");
		} else if (yuan(amount) > t->amount - t->refunded || nrefunds == MAX_REFUNDS) {
			resp = ali_code("40004", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL");
		} else {
			rf = &refunds[nrefunds++];
			memset(rf, 0, sizeof *rf);
			snprintf(rf->no, sizeof rf->no, "%s", rno);
			snprintf(rf->trade, sizeof rf->trade, "%s", t->no);
			rf->amount = yuan(amount);
			rf->done = !refund_busy;
			rf->calls = 1;
			t->refunded += rf->amount;
			if (refund_busy) {
				resp = ali_code("20000", "ACQ.SYSTEM_ERROR");
			} else {
				resp = ali_code("10000", NULL);
				cJSON_AddStringToObject(resp, "fund_change", "Y");
			}
		}
		if (cJSON_GetObjectItem(resp, "fund_change")) {
			char fee[32];
			snprintf(fee, sizeof fee, "%lld.%02lld", t->refunded / 100, t->refunded % 100);
			cJSON_AddStringToObject(resp, "trade_no", t->gateway_no);
			cJSON_AddStringToObject(resp, "out_trade_no", t->no);
			cJSON_AddStringToObject(resp, "refund_fee", fee);
		}
	} else if (strcmp(method, "alipay.trade.fastpay.refund.query") == 0) {
		const char *rno = cJSON_GetStringValue(cJSON_GetObjectItem(biz, "out_request_no"));
		struct refund *rf = rno ? refund_find(rno) : NULL;
		resp = ali_code("10000", NULL);
		if (rf && rf->done) {
			char amount[32];
			snprintf(amount, sizeof amount, "%lld.%02lld", rf->amount / 100, rf->amount % 100);
			cJSON_AddStringToObject(resp, "out_request_no", rf->no);
			cJSON_AddStringToObject(resp, "refund_amount", amount);
			cJSON_AddStringToObject(resp, "refund_status", "REFUND_SUCCESS");
		}
	} else {
		resp = ali_code("40004", "isv.invalid-method");
	}
	cJSON_Delete(biz);
	ali_answer(fd, method, resp);
done:
	for (int i = 0; i < n; i++) {
		free(p[i].k);
		free(p[i].v);
	}
	free(content);
}

/* ---------------------------------------------------------------- WeChat */

static void wx_answer(int fd, int status, const char *body)
{
	char ts[24], nonce[33], *msg, *sig, extra[1024];

	snprintf(ts, sizeof ts, "%lld", (long long)time(NULL));
	random_text(nonce, 32);
	msg = malloc(strlen(body) + 80);
	sprintf(msg, "%s\n%s\n%s\n", ts, nonce, body);
	sig = sign(msg);
	snprintf(extra, sizeof extra,
	         "Wechatpay-Timestamp: %s\r\nWechatpay-Nonce: %s\r\nWechatpay-Signature: %s\r\n"
	         "Wechatpay-Serial: PUB_KEY_ID_0114232024112100000000000000000000\r\n"
	         "Request-ID: %s\r\n", ts, nonce, sig, nonce);
	send_reply(fd, status, "application/json", extra, body);
	free(msg);
	free(sig);
}

static void wx_error(int fd, int status, const char *code)
{
	char body[256];

	snprintf(body, sizeof body, "{\"code\":\"%s\",\"message\":\"%s\"}", code, code);
	wx_answer(fd, status, body);
}

/* Authorization: WECHATPAY2-SHA256-RSA2048 k="v",… over the request. */
static bool wx_auth_ok(const struct request *r)
{
	char auth[2048], sig[1024] = "", ts[32] = "", nonce[64] = "", mch[64] = "", *msg;
	bool ok;

	if (!header(r, "Authorization", auth, sizeof auth) ||
	    strncmp(auth, "WECHATPAY2-SHA256-RSA2048 ", 26) != 0)
		return false;
	struct { const char *k; char *out; size_t n; } f[] = {
		{ "signature=\"", sig, sizeof sig }, { "timestamp=\"", ts, sizeof ts },
		{ "nonce_str=\"", nonce, sizeof nonce }, { "mchid=\"", mch, sizeof mch },
	};
	for (size_t i = 0; i < 4; i++) {
		const char *p = strstr(auth, f[i].k), *q;
		if (!p || !(q = strchr(p + strlen(f[i].k), '"')))
			return false;
		p += strlen(f[i].k);
		snprintf(f[i].out, f[i].n, "%.*s", (int)(q - p), p);
	}
	if (strcmp(mch, merchant_id) != 0)
		return false;
	msg = malloc(strlen(r->path) + strlen(r->query) + r->len + 256);
	sprintf(msg, "%s\n%s%s%s\n%s\n%s\n%s\n", r->method, r->path, r->query[0] ? "?" : "",
	        r->query, ts, nonce, r->body);
	ok = verify(msg, sig);
	free(msg);
	return ok;
}

static void wx_api(int fd, const struct request *r)
{
	static const char pfx[] = "/v3/pay/transactions/out-trade-no/";
	cJSON *b = r->len ? cJSON_Parse(r->body) : NULL;
	struct trade *t;
	char no[128];

	if (!wx_auth_ok(r)) {
		wx_error(fd, 401, "SIGN_ERROR");
		goto done;
	}
	if (strcmp(r->method, "POST") == 0 && strcmp(r->path, "/v3/pay/transactions/native") == 0) {
		const char *otn = cJSON_GetStringValue(cJSON_GetObjectItem(b, "out_trade_no"));
		const char *notify = cJSON_GetStringValue(cJSON_GetObjectItem(b, "notify_url"));
		cJSON *amount = cJSON_GetObjectItem(b, "amount");
		const char *mch = cJSON_GetStringValue(cJSON_GetObjectItem(b, "mchid"));
		const char *app = cJSON_GetStringValue(cJSON_GetObjectItem(b, "appid"));
		if (!otn || !notify || strchr(notify, '?') || !amount || !mch || !app ||
		    strcmp(mch, merchant_id) != 0 || strcmp(app, app_id) != 0 ||
		    !cJSON_GetObjectItem(b, "time_expire") || !cJSON_GetObjectItem(b, "description")) {
			wx_error(fd, 400, "PARAM_ERROR");
			goto done;
		}
		if ((t = trade_find(otn))) {
			wx_error(fd, 400, "OUT_TRADE_NO_USED");
			goto done;
		}
		t = trade_add(otn, (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(amount, "total")),
		              notify);
		char body[128], rnd[20];
		random_text(rnd, 16);
		snprintf(body, sizeof body, "{\"code_url\":\"weixin://wxpay/bizpayurl?pr=%s\"}", rnd);
		wx_answer(fd, 200, body);
	} else if (strncmp(r->path, pfx, sizeof pfx - 1) == 0) {
		snprintf(no, sizeof no, "%s", r->path + sizeof pfx - 1);
		char *slash = strchr(no, '/');
		bool close = slash && strcmp(slash, "/close") == 0;
		if (slash)
			*slash = '\0';
		t = trade_find(no);
		if (!t) {
			wx_error(fd, 404, "ORDER_NOT_EXIST");
		} else if (close) {
			t->closes++;
			if (strcmp(t->state, "SUCCESS") == 0) {
				wx_error(fd, 400, "ORDERPAID");
			} else {
				snprintf(t->state, sizeof t->state, "CLOSED");
				wx_answer(fd, 204, "");
			}
		} else {
			char *tx = wx_transaction(t, NULL);
			wx_answer(fd, 200, tx);
			free(tx);
		}
	} else if (strcmp(r->method, "POST") == 0 &&
	           strcmp(r->path, "/v3/refund/domestic/refunds") == 0) {
		const char *rno = cJSON_GetStringValue(cJSON_GetObjectItem(b, "out_refund_no"));
		const char *otn = cJSON_GetStringValue(cJSON_GetObjectItem(b, "out_trade_no"));
		const char *txid = cJSON_GetStringValue(cJSON_GetObjectItem(b, "transaction_id"));
		const char *notify = cJSON_GetStringValue(cJSON_GetObjectItem(b, "notify_url"));
		cJSON *amount = cJSON_GetObjectItem(b, "amount");
		long long want = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(amount, "refund"));
		struct refund *rf = rno ? refund_find(rno) : NULL;
		t = NULL;
		for (int i = 0; i < ntrades && !t; i++)
			if ((otn && strcmp(trades[i].no, otn) == 0) ||
			    (txid && strcmp(trades[i].gateway_no, txid) == 0))
				t = &trades[i];
		if (t)
			t->refund_calls++;
		if (!t || strcmp(t->state, "SUCCESS") != 0 || !rno) {
			wx_error(fd, 400, "INVALID_REQUEST");
			goto done;
		}
		if (!rf) {
			if (want <= 0 || want > t->amount - t->refunded || nrefunds == MAX_REFUNDS) {
				wx_error(fd, 400, "NOT_ENOUGH");
				goto done;
			}
			rf = &refunds[nrefunds++];
			memset(rf, 0, sizeof *rf);
			snprintf(rf->no, sizeof rf->no, "%s", rno);
			snprintf(rf->trade, sizeof rf->trade, "%s", t->no);
			snprintf(rf->notify_url, sizeof rf->notify_url, "%s", notify ? notify : "");
			rf->amount = want;
			t->refunded += want;
		}
		rf->calls++;
		char body[512];
		snprintf(body, sizeof body,
		         "{\"refund_id\":\"50000%s\",\"out_refund_no\":\"%s\",\"transaction_id\":\"%s\","
		         "\"out_trade_no\":\"%s\",\"channel\":\"ORIGINAL\",\"status\":\"%s\","
		         "\"create_time\":\"2026-01-01T08:00:00+08:00\",\"amount\":{\"total\":%lld,"
		         "\"refund\":%lld,\"payer_total\":%lld,\"payer_refund\":%lld,\"currency\":\"CNY\"}}",
		         rf->no, rf->no, t->gateway_no, t->no, rf->done ? "SUCCESS" : "PROCESSING",
		         t->amount, rf->amount, t->amount, rf->amount);
		wx_answer(fd, 200, body);
	} else if (strcmp(r->method, "GET") == 0 &&
	           strncmp(r->path, "/v3/refund/domestic/refunds/", 28) == 0) {
		struct refund *rf = refund_find(r->path + 28);
		if (!rf) {
			wx_error(fd, 404, "RESOURCE_NOT_EXISTS");
		} else {
			char body[512];
			t = trade_find(rf->trade);
			snprintf(body, sizeof body,
			         "{\"refund_id\":\"50000%s\",\"out_refund_no\":\"%s\",\"out_trade_no\":\"%s\","
			         "\"status\":\"%s\",\"amount\":{\"total\":%lld,\"refund\":%lld}}",
			         rf->no, rf->no, rf->trade, rf->done ? "SUCCESS" : "PROCESSING",
			         t ? t->amount : 0, rf->amount);
			wx_answer(fd, 200, body);
		}
	} else {
		wx_error(fd, 404, "NOT_FOUND");
	}
done:
	cJSON_Delete(b);
}

/* ---------------------------------------------------------------- control */

static void control(int fd, const struct request *r)
{
	char no[80] = "", v[80];
	struct trade *t;
	struct notify_opts o = { 0 };
	char *out = NULL;

	qparam(r, "no", no, sizeof no);
	if (qparam(r, "amount", v, sizeof v))
		o.amount = atoll(v);
	if (qparam(r, wechat ? "mchid" : "seller_id", v, sizeof v))
		snprintf(o.merchant, sizeof o.merchant, "%s", v);
	if (qparam(r, wechat ? "appid" : "app_id", v, sizeof v))
		snprintf(o.app, sizeof o.app, "%s", v);
	if (qparam(r, "id", v, sizeof v))
		snprintf(o.id, sizeof o.id, "%s", v);
	if (qparam(r, "skew", v, sizeof v))
		o.skew = atol(v);
	o.tamper = qparam(r, "tamper", v, sizeof v) && strcmp(v, "1") == 0;
	o.signtest = qparam(r, "signtest", v, sizeof v) && strcmp(v, "1") == 0;
	t = trade_find(no);

	if (strcmp(r->path, "/control/trade") == 0) {
		char body[512];
		if (!t) {
			send_reply(fd, 404, "application/json", NULL, "{}");
			return;
		}
		snprintf(body, sizeof body,
		         "{\"state\":\"%s\",\"closed\":%d,\"refund_calls\":%d,\"refunded\":%lld,"
		         "\"scanned\":%s,\"amount\":%lld}", t->state, t->closes, t->refund_calls,
		         t->refunded, t->scanned ? "true" : "false", t->amount);
		send_reply(fd, 200, "application/json", NULL, body);
		return;
	}
	if (strcmp(r->path, "/control/scan") == 0 && t) {
		t->scanned = true;
		if (!t->gateway_no[0])
			snprintf(t->gateway_no, sizeof t->gateway_no, "2026%012d", (int)(t - trades) + 1);
		send_reply(fd, 200, "application/json", NULL, "{}");
		return;
	}
	if (strcmp(r->path, "/control/pay") == 0 && t) {
		bool send = !(qparam(r, "deliver", v, sizeof v) && strcmp(v, "0") == 0);
		t->scanned = true;
		if (!t->gateway_no[0])
			snprintf(t->gateway_no, sizeof t->gateway_no, "4200%012d%012d", (int)(t - trades) + 1,
			         (int)time(NULL) % 1000000);
		snprintf(t->state, sizeof t->state, "SUCCESS");
		if (!t->paid_at)
			t->paid_at = time(NULL);
		if (wechat) {
			char *tx = wx_transaction(t, &o);
			wx_notify(t->notify_url, "TRANSACTION.SUCCESS", "transaction", tx, &o);
			free(tx);
		} else {
			ali_pay_notify(t, &o, "TRADE_SUCCESS");
		}
		out = send ? deliver() : strdup("{\"status\":0,\"body\":\"\"}");
	} else if (strcmp(r->path, "/control/resend") == 0 && last_body) {
		out = deliver();
	} else if (strcmp(r->path, "/control/refund-busy") == 0) {
		refund_busy = qparam(r, "on", v, sizeof v) && strcmp(v, "1") == 0;
		send_reply(fd, 200, "application/json", NULL, "{}");
		return;
	} else if (strcmp(r->path, "/control/refund-done") == 0) {
		struct refund *rf = refund_find(no);
		struct trade *rt = rf ? trade_find(rf->trade) : NULL;
		if (!rf || !rt) {
			send_reply(fd, 404, "application/json", NULL, "{}");
			return;
		}
		rf->done = true;
		if (wechat) {
			char res[512];
			snprintf(res, sizeof res,
			         "{\"mchid\":\"%s\",\"out_trade_no\":\"%s\",\"transaction_id\":\"%s\","
			         "\"out_refund_no\":\"%s\",\"refund_id\":\"50000%s\",\"refund_status\":\"SUCCESS\","
			         "\"success_time\":\"2026-01-01T08:00:00+08:00\",\"amount\":{\"total\":%lld,"
			         "\"refund\":%lld,\"payer_total\":%lld,\"payer_refund\":%lld},"
			         "\"user_received_account\":\"支付用户零钱\"}",
			         merchant_id, rt->no, rt->gateway_no, rf->no, rf->no, rt->amount, rf->amount,
			         rt->amount, rf->amount);
			wx_notify(rf->notify_url, "REFUND.SUCCESS", "refund", res, &o);
		} else {
			char fee[32], when[32], id[40];
			struct kv p[12];
			int n = 0;
			snprintf(fee, sizeof fee, "%lld.%02lld", rt->refunded / 100, rt->refunded % 100);
			china_time(time(NULL), when);
			random_text(id, 32);
			p[n].k = "notify_time", p[n++].v = when;
			p[n].k = "notify_type", p[n++].v = "trade_status_sync";
			p[n].k = "notify_id", p[n++].v = id;
			p[n].k = "app_id", p[n++].v = (char *)app_id;
			p[n].k = "seller_id", p[n++].v = (char *)merchant_id;
			p[n].k = "sign_type", p[n++].v = "RSA2";
			p[n].k = "out_trade_no", p[n++].v = rt->no;
			p[n].k = "trade_no", p[n++].v = rt->gateway_no;
			p[n].k = "trade_status", p[n++].v = "TRADE_SUCCESS";
			p[n].k = "refund_fee", p[n++].v = fee;
			p[n].k = "out_biz_no", p[n++].v = rf->no;
			p[n].k = "gmt_refund", p[n++].v = when;
			ali_notify(rt->notify_url, p, n, &o);
		}
		out = deliver();
	}
	if (!out) {
		send_reply(fd, 404, "application/json", NULL, "{\"error\":\"no such trade\"}");
		return;
	}
	send_reply(fd, 200, "application/json", NULL, out);
	free(out);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	int s, one = 1;

	if (argc != 5 || (strcmp(argv[1], "wechat") != 0 && strcmp(argv[1], "alipay") != 0)) {
		fprintf(stderr, "usage: fake_gateway wechat|alipay DIR MERCHANT APP\n");
		return 2;
	}
	wechat = strcmp(argv[1], "wechat") == 0;
	merchant_id = argv[3];
	app_id = argv[4];
	merchant_pub = load_key(argv[2], "merchant.pub", false);
	platform_key = load_key(argv[2], "platform.pem", true);
	if (wechat) {
		char path[512];
		FILE *f;
		snprintf(path, sizeof path, "%s/apiv3.key", argv[2]);
		if (!(f = fopen(path, "r")) || fread(apiv3, 1, 32, f) != 32) {
			fprintf(stderr, "fake_gateway: %s: 32 bytes needed\n", path);
			return 1;
		}
		fclose(f);
	}
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 64) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &alen) != 0) {
		perror("fake_gateway");
		return 1;
	}
	printf("port %d\n", ntohs(a.sin_port));
	fflush(stdout);
	for (;;) {
		struct request r;
		int fd = accept(s, NULL, NULL);
		if (fd < 0)
			continue;
		if (read_request(fd, &r)) {
			if (strncmp(r.path, "/control/", 9) == 0)
				control(fd, &r);
			else if (wechat)
				wx_api(fd, &r);
			else if (strcmp(r.path, "/gateway.do") == 0)
				ali_gateway(fd, &r);
			else
				send_reply(fd, 404, "text/plain", NULL, "not found");
			request_free(&r);
		}
		close(fd);
	}
}
