/* libcurl multi client for /api/v1 (see api.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <sodium.h>

#include "api.h"
#include "roster/err.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

#define API_MAX_BODY (32u << 20) /* a reply larger than this is refused */

struct api_req {
	struct api_req *next;
	int id;
	int tag;
	void *owner;             /* borrowed: the screen that asked */
	CURL *easy;
	struct curl_slist *headers;
	char *body;              /* request JSON, wiped after sending */
	size_t body_len;
	char *resp;              /* reply body */
	size_t resp_len, resp_cap;
	bool too_large;
	int retry_after;
	curl_mime *mime;         /* multipart body of an upload, or NULL */
	curl_off_t up_now, up_total; /* upload progress in bytes */
};

/* Cancelled requests with notify wait here until api_run() reports them, so
 * a callback never runs inside api_cancel(). */
struct cancelled {
	struct cancelled *next;
	void *owner;
	int tag;
};

struct api {
	CURLM *multi;
	struct cancelled *cancelled;
	char *base;              /* server + "/api/v1" */
	char *cafile;
	char *language;
	int connect_timeout, low_speed_time;
	struct api_req *reqs;
	int next_id;
};

static bool curl_ready;

struct api *api_new(const struct api_options *opt)
{
	struct api *api;

	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return NULL;
		curl_ready = true;
	}
	api = xcalloc(1, sizeof(*api));
	api->multi = curl_multi_init();
	if (!api->multi) {
		free(api);
		return NULL;
	}
	/* keep the connection between requests; a second one only while two
	 * requests overlap (a long poll and a click) */
	curl_multi_setopt(api->multi, CURLMOPT_MAXCONNECTS, 2L);
	api->base = xasprintf("%s/api/v1", opt->server);
	api->cafile = opt->cafile ? xstrdup(opt->cafile) : NULL;
	api->language = xstrdup(opt->language ? opt->language : "en");
	api->connect_timeout = opt->connect_timeout > 0 ? opt->connect_timeout : 10;
	api->low_speed_time = opt->low_speed_time > 0 ? opt->low_speed_time : 30;
	api->next_id = 1;
	return api;
}

static void req_free(struct api *api, struct api_req *q)
{
	if (q->easy) {
		curl_multi_remove_handle(api->multi, q->easy);
		curl_easy_cleanup(q->easy);
	}
	curl_slist_free_all(q->headers);
	curl_mime_free(q->mime);
	if (q->body) {
		sodium_memzero(q->body, q->body_len);
		free(q->body);
	}
	free(q->resp);
	free(q);
}

static void req_unlink(struct api *api, struct api_req *q)
{
	struct api_req **pp;

	for (pp = &api->reqs; *pp; pp = &(*pp)->next)
		if (*pp == q) {
			*pp = q->next;
			return;
		}
}

void api_free(struct api *api)
{
	if (!api)
		return;
	while (api->reqs) {
		struct api_req *q = api->reqs;

		api->reqs = q->next;
		req_free(api, q);
	}
	while (api->cancelled) {
		struct cancelled *c = api->cancelled;

		api->cancelled = c->next;
		free(c);
	}
	curl_multi_cleanup(api->multi);
	free(api->base);
	free(api->cafile);
	free(api->language);
	free(api);
}

static size_t on_write(char *data, size_t size, size_t n, void *ud)
{
	struct api_req *q = ud;
	size_t len = size * n;

	if (q->resp_len + len > API_MAX_BODY) {
		q->too_large = true;
		return 0; /* makes curl fail the transfer */
	}
	if (q->resp_len + len + 1 > q->resp_cap) {
		size_t cap = q->resp_cap ? q->resp_cap : 4096;

		while (cap < q->resp_len + len + 1)
			cap *= 2;
		q->resp = xrealloc(q->resp, cap);
		q->resp_cap = cap;
	}
	memcpy(q->resp + q->resp_len, data, len);
	q->resp_len += len;
	q->resp[q->resp_len] = '\0';
	return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
	struct api_req *q = ud;
	size_t len = size * n;
	static const char name[] = "retry-after:";

	if (len > sizeof(name) && !strncasecmp(data, name, sizeof(name) - 1)) {
		const char *p = data + sizeof(name) - 1;
		long v = 0;

		while (p < data + len && (*p == ' ' || *p == '\t'))
			p++;
		while (p < data + len && isdigit((unsigned char)*p) && v < 1000000)
			v = v * 10 + (*p++ - '0');
		q->retry_after = (int)v;
	}
	return len;
}

int api_start(struct api *api, const char *method, const char *path,
              const char *token, char *body, void *owner, int tag)
{
	struct api_req *q = xcalloc(1, sizeof(*q));
	char *url, *hdr;

	q->id = api->next_id++;
	if (api->next_id <= 0)
		api->next_id = 1;
	q->tag = tag;
	q->owner = owner;
	q->body = body;
	q->body_len = body ? strlen(body) : 0;
	q->easy = curl_easy_init();
	if (!q->easy)
		abort();

	url = xasprintf("%s%s", api->base, path);
	curl_easy_setopt(q->easy, CURLOPT_URL, url);
	free(url);
	curl_easy_setopt(q->easy, CURLOPT_CUSTOMREQUEST, method);
	if (!strcmp(method, "GET"))
		curl_easy_setopt(q->easy, CURLOPT_HTTPGET, 1L);
	else if (!strcmp(method, "HEAD"))
		curl_easy_setopt(q->easy, CURLOPT_NOBODY, 1L);
	if (body || strcmp(method, "GET")) {
		/* POST with no body still sends Content-Length: 0 */
		curl_easy_setopt(q->easy, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(q->easy, CURLOPT_POSTFIELDSIZE, (long)q->body_len);
		if (!strcmp(method, "GET"))
			curl_easy_setopt(q->easy, CURLOPT_HTTPGET, 1L);
	}
	q->headers = curl_slist_append(q->headers, "Accept: application/json");
	if (body)
		q->headers = curl_slist_append(q->headers, "Content-Type: application/json");
	hdr = xasprintf("Accept-Language: %s", api->language);
	q->headers = curl_slist_append(q->headers, hdr);
	free(hdr);
	if (token) {
		hdr = xasprintf("Authorization: Bearer %s", token);
		q->headers = curl_slist_append(q->headers, hdr);
		sodium_memzero(hdr, strlen(hdr));
		free(hdr);
	}
	q->headers = curl_slist_append(q->headers, "Expect:");
	curl_easy_setopt(q->easy, CURLOPT_HTTPHEADER, q->headers);
	curl_easy_setopt(q->easy, CURLOPT_USERAGENT, "roster/" ROSTER_VERSION);
	curl_easy_setopt(q->easy, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(q->easy, CURLOPT_CONNECTTIMEOUT, (long)api->connect_timeout);
	curl_easy_setopt(q->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(q->easy, CURLOPT_LOW_SPEED_TIME, (long)api->low_speed_time);
	curl_easy_setopt(q->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(q->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(q->easy, CURLOPT_TCP_KEEPALIVE, 1L);
	if (api->cafile)
		curl_easy_setopt(q->easy, CURLOPT_CAINFO, api->cafile);
	curl_easy_setopt(q->easy, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(q->easy, CURLOPT_WRITEDATA, q);
	curl_easy_setopt(q->easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(q->easy, CURLOPT_HEADERDATA, q);
	curl_easy_setopt(q->easy, CURLOPT_PRIVATE, q);

	q->next = api->reqs;
	api->reqs = q;
	curl_multi_add_handle(api->multi, q->easy);
	return q->id;
}

int api_err_from_http(long status)
{
	switch (status) {
	case 400: return ERR_BAD_REQUEST;
	case 401: return ERR_UNAUTHORIZED;
	case 403: return ERR_FORBIDDEN;
	case 404: return ERR_NOT_FOUND;
	case 405: return ERR_METHOD_NOT_ALLOWED;
	case 409: return ERR_CONFLICT;
	case 410: return ERR_GONE;
	case 413: return ERR_TOO_LARGE;
	case 415: return ERR_UNSUPPORTED_TYPE;
	case 422: return ERR_VALIDATION;
	case 429: return ERR_RATE_LIMITED;
	case 502: case 503: case 504: return ERR_UNAVAILABLE;
	default:  return status >= 500 ? ERR_INTERNAL : ERR_BAD_REPLY;
	}
}

static enum roster_err err_from_curl(CURLcode rc)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		return ERR_TIMEOUT;
	case CURLE_WRITE_ERROR:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
		return ERR_BAD_REPLY;
	default:
		return ERR_NETWORK;
	}
}

static bool looks_json(const char *ctype, const char *body, size_t len)
{
	size_t i = 0;

	if (ctype && strstr(ctype, "json"))
		return true;
	while (i < len && isspace((unsigned char)body[i]))
		i++;
	return i < len && (body[i] == '{' || body[i] == '[');
}

/* Turn a finished transfer into a reply and hand it on. */
static void deliver(struct api_req *q, CURLcode rc, api_done_fn done, void *ctx)
{
	struct api_reply r;
	char *ctype = NULL;

	memset(&r, 0, sizeof(r));
	r.tag = q->tag;
	r.retry_after = q->retry_after;
	if (rc != CURLE_OK) {
		r.err = q->too_large ? ERR_BAD_REPLY : err_from_curl(rc);
		r.cert_unverified = rc == CURLE_PEER_FAILED_VERIFICATION;
	} else {
		curl_easy_getinfo(q->easy, CURLINFO_RESPONSE_CODE, &r.status);
		curl_easy_getinfo(q->easy, CURLINFO_CONTENT_TYPE, &ctype);
		r.content_type = ctype;
		r.body = q->resp ? q->resp : "";
		r.len = q->resp_len;
		if (q->resp_len && looks_json(ctype, q->resp, q->resp_len)) {
			enum roster_err perr = ERR_OK;

			r.json = json_parse(q->resp, q->resp_len, &perr);
		}
		if (r.status >= 200 && r.status < 300) {
			r.err = ERR_OK;
			if (!r.json && q->resp_len && ctype && strstr(ctype, "json"))
				r.err = ERR_BAD_REPLY; /* promised JSON, sent garbage */
		} else {
			const cJSON *e = r.json ? cJSON_GetObjectItemCaseSensitive(r.json, "error") : NULL;
			const cJSON *code = e ? cJSON_GetObjectItemCaseSensitive(e, "code") : NULL;
			const cJSON *msg = e ? cJSON_GetObjectItemCaseSensitive(e, "message") : NULL;
			const cJSON *fields = e ? cJSON_GetObjectItemCaseSensitive(e, "fields") : NULL;

			if (cJSON_IsString(code))
				r.err = err_from_code(code->valuestring);
			/* no code, or one this client does not know yet (a newer
			 * server): the HTTP status still says what kind of error */
			if (!cJSON_IsString(code) ||
			    (r.err == ERR_BAD_REPLY && strcmp(code->valuestring, "bad_reply")))
				r.err = api_err_from_http(r.status);
			if (r.err == ERR_OK) /* an error status never means success */
				r.err = api_err_from_http(r.status);
			if (cJSON_IsString(msg))
				r.server_message = msg->valuestring;
			if (cJSON_IsObject(fields))
				r.fields = fields;
		}
	}
	r.message = _(err_message(r.err));
	done(ctx, q->owner, &r);
	cJSON_Delete(r.json);
}

/* Tell the owner its request tag ended as cancelled. */
static void deliver_cancel(void *owner, int tag, api_done_fn done, void *ctx)
{
	struct api_reply r;

	memset(&r, 0, sizeof(r));
	r.tag = tag;
	r.err = ERR_CANCELLED;
	r.message = _(err_message(ERR_CANCELLED));
	r.body = "";
	done(ctx, owner, &r);
}

static void cancel_one(struct api *api, struct api_req *q, bool notify)
{
	if (notify) {
		struct cancelled *c = xcalloc(1, sizeof(*c)), **pp = &api->cancelled;

		c->owner = q->owner;
		c->tag = q->tag;
		while (*pp)
			pp = &(*pp)->next;
		*pp = c;
	}
	req_unlink(api, q);
	req_free(api, q);
}

void api_cancel(struct api *api, int id, bool notify)
{
	struct api_req *q;

	for (q = api->reqs; q; q = q->next)
		if (q->id == id) {
			cancel_one(api, q, notify);
			return;
		}
}

void api_cancel_owner(struct api *api, const void *owner, bool notify)
{
	struct api_req *q = api->reqs, *next;

	for (; q; q = next) {
		next = q->next;
		if (q->owner == owner)
			cancel_one(api, q, notify);
	}
	if (!notify) {
		/* nobody is left to hear about earlier cancellations either */
		struct cancelled **pp = &api->cancelled;

		while (*pp) {
			if ((*pp)->owner == owner) {
				struct cancelled *c = *pp;

				*pp = c->next;
				free(c);
			} else {
				pp = &(*pp)->next;
			}
		}
	}
}

bool api_owner_busy(const struct api *api, const void *owner)
{
	const struct api_req *q;

	for (q = api->reqs; q; q = q->next)
		if (q->owner == owner)
			return true;
	return false;
}

int api_pending(const struct api *api)
{
	const struct api_req *q;
	int n = 0;

	for (q = api->reqs; q; q = q->next)
		n++;
	return n + (api->cancelled != NULL);
}

int api_wait(struct api *api, int *fds, int nfds, short *revents, int timeout_ms)
{
	struct curl_waitfd w[8];
	int i, ready = 0;

	if (nfds > 8)
		nfds = 8;
	for (i = 0; i < nfds; i++) {
		w[i].fd = fds[i];
		w[i].events = CURL_WAIT_POLLIN;
		w[i].revents = 0;
	}
	if (api->cancelled)
		timeout_ms = 0;
	curl_multi_poll(api->multi, w, (unsigned)nfds, timeout_ms, &ready);
	for (i = 0; i < nfds; i++)
		revents[i] = w[i].revents;
	return ready;
}

void api_wakeup(struct api *api)
{
	curl_multi_wakeup(api->multi);
}

void api_run(struct api *api, api_done_fn done, void *ctx)
{
	int running = 0, left = 0;
	CURLMsg *m;

	while (api->cancelled) {
		struct cancelled *c = api->cancelled;
		void *owner = c->owner;
		int tag = c->tag;

		api->cancelled = c->next;
		free(c);
		deliver_cancel(owner, tag, done, ctx);
	}
	curl_multi_perform(api->multi, &running);
	while ((m = curl_multi_info_read(api->multi, &left))) {
		struct api_req *q;
		char *priv = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
		q = (struct api_req *)priv;
		if (!q)
			continue;
		req_unlink(api, q);
		/* the request is sent: its secrets go now, before anyone looks */
		if (q->body) {
			sodium_memzero(q->body, q->body_len);
			xfree(&q->body);
		}
		deliver(q, m->data.result, done, ctx);
		req_free(api, q);
	}
}

static void wipe_tree(cJSON *j)
{
	for (; j; j = j->next) {
		if (j->valuestring)
			sodium_memzero(j->valuestring, strlen(j->valuestring));
		if (j->child)
			wipe_tree(j->child);
	}
}

void api_json_wipe_delete(cJSON *json)
{
	if (!json)
		return;
	wipe_tree(json->child);
	if (json->valuestring)
		sodium_memzero(json->valuestring, strlen(json->valuestring));
	cJSON_Delete(json);
}

/* ----- uploads */

static struct api_req *req_by_id(const struct api *api, int id)
{
	struct api_req *q;

	for (q = api->reqs; q; q = q->next)
		if (q->id == id)
			return q;
	return NULL;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow,
                       curl_off_t ultotal, curl_off_t ulnow)
{
	struct api_req *q = ud;

	q->up_now = ulnow;
	q->up_total = ultotal;
	return 0;
}

int api_start_upload(struct api *api, const char *path, const char *token,
                     const struct upload_part *parts, size_t n,
                     void *owner, int tag)
{
	int id = api_start(api, "POST", path, token, NULL, owner, tag);
	struct api_req *q = req_by_id(api, id);
	size_t i;

	/* the handle has not run yet: take it out, make it multipart, put it
	 * back */
	curl_multi_remove_handle(api->multi, q->easy);
	q->mime = curl_mime_init(q->easy);
	for (i = 0; i < n; i++) {
		curl_mimepart *part = curl_mime_addpart(q->mime);

		curl_mime_name(part, parts[i].name);
		if (parts[i].file) {
			const char *base = strrchr(parts[i].file, '/');

			if (curl_mime_filedata(part, parts[i].file) != CURLE_OK) {
				curl_multi_add_handle(api->multi, q->easy);
				api_cancel(api, id, false);
				return 0;
			}
			curl_mime_filename(part, base ? base + 1 : parts[i].file);
			if (parts[i].type)
				curl_mime_type(part, parts[i].type);
		} else {
			curl_mime_data(part, parts[i].value ? parts[i].value : "",
			               CURL_ZERO_TERMINATED);
		}
	}
	curl_easy_setopt(q->easy, CURLOPT_MIMEPOST, q->mime);
	curl_easy_setopt(q->easy, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(q->easy, CURLOPT_XFERINFODATA, q);
	curl_easy_setopt(q->easy, CURLOPT_NOPROGRESS, 0L);
	curl_multi_add_handle(api->multi, q->easy);
	return id;
}

void api_add_header(struct api *api, int id, const char *line)
{
	struct api_req *q = req_by_id(api, id);

	if (!q)
		return;
	/* not started yet: re-set the list with the line added */
	curl_multi_remove_handle(api->multi, q->easy);
	q->headers = curl_slist_append(q->headers, line);
	curl_easy_setopt(q->easy, CURLOPT_HTTPHEADER, q->headers);
	curl_multi_add_handle(api->multi, q->easy);
}

bool api_progress(const struct api *api, int id, int64_t *sent, int64_t *total)
{
	const struct api_req *q = req_by_id(api, id);

	if (!q)
		return false;
	*sent = (int64_t)q->up_now;
	*total = (int64_t)q->up_total;
	return true;
}
