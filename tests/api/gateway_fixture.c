/* The stand-in payment gateways for the API tests (see gateway_fixture.h). */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <curl/curl.h>
#include "gateway_fixture.h"

static int sh(const char *cmd)
{
	int rc = system(cmd);

	return rc == 0 ? 0 : -1;
}

static int make_keys(struct gw_fixture *g)
{
	char cmd[2048];
	FILE *f;

	snprintf(cmd, sizeof cmd,
	         "cd '%s' && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048"
	         " -out merchant.pem 2>/dev/null && openssl pkey -in merchant.pem -pubout"
	         " -out merchant.pub 2>/dev/null && openssl genpkey -algorithm RSA"
	         " -pkeyopt rsa_keygen_bits:2048 -out platform.pem 2>/dev/null"
	         " && openssl pkey -in platform.pem -pubout -out platform.pub 2>/dev/null"
	         " && openssl rand -hex 16 | tr -d '\\n' > apiv3.key", g->dir);
	if (sh(cmd) != 0)
		return -1;
	/* the APIv3 key is 32 characters */
	snprintf(cmd, sizeof cmd, "%s/apiv3.key", g->dir);
	if (!(f = fopen(cmd, "r")))
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fclose(f);
	return n == 32 ? 0 : -1;
}

static void add_set(struct gw_fixture *g, int *n, int *b, const char *fmt, const char *v)
{
	g->args[(*n)++] = "--set";
	snprintf(g->buf[*b], sizeof g->buf[*b], fmt, v);
	g->args[(*n)++] = g->buf[(*b)++];
}

int gwf_start(struct gw_fixture *g, const char *kind)
{
	const char *build = getenv("ROSTER_BUILD");
	char exe[512], line[64];
	int out[2], n = 0, b = 0;
	bool wechat = strcmp(kind, "wechat") == 0;
	FILE *f;

	memset(g, 0, sizeof *g);
	snprintf(g->kind, sizeof g->kind, "%s", kind);
	snprintf(g->dir, sizeof g->dir, "%s/roster-gw-XXXXXX",
	         getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(g->dir) || make_keys(g) != 0) {
		fprintf(stderr, "gateway fixture: cannot make keys in %s\n", g->dir);
		return -1;
	}
	snprintf(exe, sizeof exe, "%s/tests/api/fake_gateway", build && *build ? build : "build/out");
	if (pipe(out) != 0)
		return -1;
	g->pid = fork();
	if (g->pid < 0)
		return -1;
	if (g->pid == 0) {
		dup2(out[1], 1);
		close(out[0]);
		execl(exe, exe, kind, g->dir, wechat ? GW_MCHID : GW_ALI_SELLER,
		      wechat ? GW_APPID : GW_ALI_APP, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	f = fdopen(out[0], "r");
	if (!f || !fgets(line, sizeof line, f) || sscanf(line, "port %d", &g->port) != 1) {
		fprintf(stderr, "gateway fixture: %s did not start\n", exe);
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	snprintf(g->base, sizeof g->base, "http://127.0.0.1:%d", g->port);
	if (wechat) {
		char path[320];
		add_set(g, &n, &b, "wechat.mchid=%s", GW_MCHID);
		add_set(g, &n, &b, "wechat.appid=%s", GW_APPID);
		add_set(g, &n, &b, "wechat.merchant_serial=%s", "5157F09EFDC096DE15EBE81A47057A72");
		snprintf(path, sizeof path, "%s/merchant.pem", g->dir);
		add_set(g, &n, &b, "wechat.merchant_key=%s", path);
		snprintf(path, sizeof path, "%s/apiv3.key", g->dir);
		add_set(g, &n, &b, "wechat.apiv3_key_file=%s", path);
		snprintf(path, sizeof path, "%s/platform.pub", g->dir);
		add_set(g, &n, &b, "wechat.public_key=%s", path);
		add_set(g, &n, &b, "wechat.public_key_id=%s", GW_PUB_KEY_ID);
		add_set(g, &n, &b, "wechat.api_base=%s", g->base);
	} else {
		char path[320];
		add_set(g, &n, &b, "alipay.app_id=%s", GW_ALI_APP);
		add_set(g, &n, &b, "alipay.seller_id=%s", GW_ALI_SELLER);
		snprintf(path, sizeof path, "%s/merchant.pem", g->dir);
		add_set(g, &n, &b, "alipay.app_private_key=%s", path);
		snprintf(path, sizeof path, "%s/platform.pub", g->dir);
		add_set(g, &n, &b, "alipay.alipay_public_key=%s", path);
		snprintf(path, sizeof path, "%s/gateway.do", g->base);
		add_set(g, &n, &b, "alipay.gateway=%s", path);
	}
	g->args[n] = NULL;
	return 0;
}

void gwf_stop(struct gw_fixture *g)
{
	char cmd[320];

	if (g->pid > 0) {
		kill(g->pid, SIGTERM);
		waitpid(g->pid, NULL, 0);
		g->pid = 0;
	}
	if (g->dir[0] && !getenv("ROSTER_TEST_KEEP")) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", g->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "gateway fixture: cannot remove %s\n", g->dir);
	}
}

struct buf {
	char *p;
	size_t n;
};

static size_t sink(char *d, size_t s, size_t n, void *arg)
{
	struct buf *b = arg;
	char *p = realloc(b->p, b->n + s * n + 1);

	if (!p)
		return 0;
	b->p = p;
	memcpy(b->p + b->n, d, s * n);
	b->n += s * n;
	b->p[b->n] = '\0';
	return s * n;
}

cJSON *gwf_control(const struct gw_fixture *g, const char *method, const char *path,
                   long *status)
{
	CURL *c = curl_easy_init();
	struct buf b = { 0 };
	char url[1024];
	cJSON *out = NULL;

	*status = 0;
	snprintf(url, sizeof url, "%s%s", g->base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "POST") == 0)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(c);
	if (b.p)
		out = cJSON_Parse(b.p);
	free(b.p);
	return out;
}

static long notified(cJSON *o, char *body_out, size_t n)
{
	long st = o ? (long)cJSON_GetNumberValue(cJSON_GetObjectItem(o, "status")) : -1;

	if (body_out && n) {
		const char *b = o ? cJSON_GetStringValue(cJSON_GetObjectItem(o, "body")) : NULL;
		snprintf(body_out, n, "%s", b ? b : "");
	}
	cJSON_Delete(o);
	return st;
}

long gwf_pay(const struct gw_fixture *g, const char *trade, const char *extra,
             char *body_out, size_t n)
{
	char path[512];
	long st;

	snprintf(path, sizeof path, "/control/pay?no=%s%s%s", trade, extra ? "&" : "",
	         extra ? extra : "");
	return notified(gwf_control(g, "POST", path, &st), body_out, n);
}

long gwf_resend(const struct gw_fixture *g)
{
	long st;

	return notified(gwf_control(g, "POST", "/control/resend", &st), NULL, 0);
}

long long gwf_trade_num(const struct gw_fixture *g, const char *trade, const char *key)
{
	char path[256];
	long st;
	cJSON *o;
	long long v = -1;

	snprintf(path, sizeof path, "/control/trade?no=%s", trade);
	o = gwf_control(g, "GET", path, &st);
	if (o && st == 200)
		v = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(o, key));
	cJSON_Delete(o);
	return v;
}

void gwf_trade_str(const struct gw_fixture *g, const char *trade, const char *key,
                   char *out, size_t n)
{
	char path[256];
	long st;
	cJSON *o;

	snprintf(path, sizeof path, "/control/trade?no=%s", trade);
	o = gwf_control(g, "GET", path, &st);
	snprintf(out, n, "%s", o ? (cJSON_GetStringValue(cJSON_GetObjectItem(o, key)) ?
	                            cJSON_GetStringValue(cJSON_GetObjectItem(o, key)) : "") : "");
	cJSON_Delete(o);
}
