/* Multipart uploads for the staff console (staff.h). The shell's requests
 * carry JSON bodies only; an upload runs here on its own libcurl multi
 * handle, stepped without blocking from the screen's tick(), so the screen
 * keeps drawing its progress bar and Esc can cancel by freeing it. */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "config.h"
#include "staff/staff.h"
#include "roster/json.h"
#include "roster/xalloc.h"

struct staff_upload {
	CURLM *multi;
	CURL *easy;
	curl_mime *mime;
	struct curl_slist *headers;
	char *resp;
	size_t len, cap;
	curl_off_t sent, total;
	bool done;
	long status;
};

static size_t on_write(char *data, size_t size, size_t n, void *ud)
{
	struct staff_upload *u = ud;
	size_t len = size * n;

	if (u->len + len > (8u << 20))
		return 0; /* a reply to an upload is small: refuse a flood */
	if (u->len + len + 1 > u->cap) {
		size_t cap = u->cap ? u->cap : 4096;

		while (cap < u->len + len + 1)
			cap *= 2;
		u->resp = xrealloc(u->resp, cap);
		u->cap = cap;
	}
	memcpy(u->resp + u->len, data, len);
	u->len += len;
	u->resp[u->len] = '\0';
	return len;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow,
                       curl_off_t ultotal, curl_off_t ulnow)
{
	struct staff_upload *u = ud;

	(void)dltotal;
	(void)dlnow;
	u->sent = ulnow;
	u->total = ultotal;
	return 0;
}

struct staff_upload *staff_upload_start(struct app *app, const char *path,
                                        const struct staff_upload_field *f, size_t n)
{
	const struct config *cfg = app_config(app);
	const char *token = app_session(app)->token;
	struct staff_upload *u = xcalloc(1, sizeof(*u));
	char *url, *auth;

	u->multi = curl_multi_init();
	u->easy = curl_easy_init();
	if (!u->multi || !u->easy)
		goto fail;
	u->mime = curl_mime_init(u->easy);
	for (size_t i = 0; i < n; i++) {
		curl_mimepart *part = curl_mime_addpart(u->mime);

		curl_mime_name(part, f[i].name);
		if (f[i].file) {
			const char *base = strrchr(f[i].file, '/');

			if (curl_mime_filedata(part, f[i].file) != CURLE_OK)
				goto fail;
			curl_mime_filename(part, base ? base + 1 : f[i].file);
			if (f[i].type)
				curl_mime_type(part, f[i].type);
		} else {
			curl_mime_data(part, f[i].value ? f[i].value : "", CURL_ZERO_TERMINATED);
		}
	}
	url = xasprintf("%s/api/v1%s", cfg->server, path);
	curl_easy_setopt(u->easy, CURLOPT_URL, url);
	free(url);
	if (token) {
		auth = xasprintf("Authorization: Bearer %s", token);
		u->headers = curl_slist_append(u->headers, auth);
		free(auth);
	}
	u->headers = curl_slist_append(u->headers, "Accept: application/json");
	curl_easy_setopt(u->easy, CURLOPT_HTTPHEADER, u->headers);
	curl_easy_setopt(u->easy, CURLOPT_MIMEPOST, u->mime);
	curl_easy_setopt(u->easy, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(u->easy, CURLOPT_WRITEDATA, u);
	curl_easy_setopt(u->easy, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(u->easy, CURLOPT_XFERINFODATA, u);
	curl_easy_setopt(u->easy, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(u->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(u->easy, CURLOPT_CONNECTTIMEOUT, (long)(cfg->connect_timeout > 0 ? cfg->connect_timeout : 10));
	curl_easy_setopt(u->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(u->easy, CURLOPT_LOW_SPEED_TIME, (long)(cfg->timeout > 0 ? cfg->timeout : 30));
	if (cfg->cafile)
		curl_easy_setopt(u->easy, CURLOPT_CAINFO, cfg->cafile);
	curl_easy_setopt(u->easy, CURLOPT_ACCEPT_ENCODING, "");
	if (curl_multi_add_handle(u->multi, u->easy) != CURLM_OK)
		goto fail;
	return u;
fail:
	staff_upload_free(u);
	return NULL;
}

bool staff_upload_poll(struct staff_upload *u, long *status, cJSON **reply)
{
	int running = 0, left;
	CURLMsg *msg;

	*status = 0;
	*reply = NULL;
	if (!u->done) {
		curl_multi_perform(u->multi, &running);
		while ((msg = curl_multi_info_read(u->multi, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			u->done = true;
			if (msg->data.result == CURLE_OK)
				curl_easy_getinfo(u->easy, CURLINFO_RESPONSE_CODE, &u->status);
		}
		if (!u->done)
			return false;
	}
	*status = u->status;
	if (u->resp && u->len) {
		enum roster_err err;

		*reply = json_parse(u->resp, u->len, &err);
	}
	return true;
}

void staff_upload_progress(const struct staff_upload *u, int64_t *done, int64_t *total)
{
	*done = (int64_t)u->sent;
	*total = (int64_t)u->total;
}

void staff_upload_free(struct staff_upload *u)
{
	if (!u)
		return;
	if (u->easy) {
		if (u->multi)
			curl_multi_remove_handle(u->multi, u->easy);
		curl_easy_cleanup(u->easy);
	}
	curl_mime_free(u->mime);
	if (u->multi)
		curl_multi_cleanup(u->multi);
	curl_slist_free_all(u->headers);
	free(u->resp);
	free(u);
}
