/* Requests to the payment gateways (see gateway_http.h). */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>
#include "roster/xalloc.h"
#include "pay/gateway_http.h"

#define CONNECT_TIMEOUT 5      /* seconds */
#define TOTAL_TIMEOUT 10
#define REPLY_MAX (1 << 20)    /* bytes a gateway may answer */

struct buf {
	char *data;
	size_t len;
	bool too_big;
};

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t add = size * n;

	if (b->len + add > REPLY_MAX) {
		b->too_big = true;
		return 0;
	}
	b->data = xrealloc(b->data, b->len + add + 1);
	memcpy(b->data + b->len, p, add);
	b->len += add;
	b->data[b->len] = '\0';
	return add;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_curl(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void gw_http_init(void)
{
	pthread_once(&init_once, init_curl);
}

int gw_http(const char *method, const char *url, const char *const *headers,
            const char *body, size_t len, struct gw_reply *out)
{
	struct buf data = { 0 }, head = { 0 };
	struct curl_slist *list = NULL;
	CURL *c;
	CURLcode rc;

	memset(out, 0, sizeof *out);
	gw_http_init();
	if (!(c = curl_easy_init()))
		return -1;
	for (size_t i = 0; headers && headers[i]; i++)
		list = curl_slist_append(list, headers[i]);
	/* no "Expect: 100-continue" round trip */
	list = curl_slist_append(list, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)TOTAL_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &data);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &head);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
	}
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(list);
	if (rc != CURLE_OK || data.too_big || head.too_big) {
		free(data.data);
		free(head.data);
		out->status = 0;
		return -1;
	}
	out->body = data.data ? data.data : xstrdup("");
	out->len = data.len;
	out->headers = head.data ? head.data : xstrdup("");
	return 0;
}

char *gw_reply_header(const struct gw_reply *r, const char *name)
{
	size_t n = strlen(name);
	const char *p = r->headers;

	while (p && *p) {
		const char *eol = strstr(p, "\r\n");
		size_t line = eol ? (size_t)(eol - p) : strlen(p);
		if (line > n && p[n] == ':' && strncasecmp(p, name, n) == 0) {
			const char *v = p + n + 1, *e = p + line;
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			return xstrndup(v, (size_t)(e - v));
		}
		p = eol ? eol + 2 : NULL;
	}
	return NULL;
}

void gw_reply_free(struct gw_reply *r)
{
	xfree(&r->body);
	xfree(&r->headers);
	r->len = 0;
}
