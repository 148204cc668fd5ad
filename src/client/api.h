/* HTTP client for the Roster API on the libcurl multi interface, so the
 * event loop can wait on the keyboard and the network at once. Screens use
 * app_request() (app.h); this is the layer below it.
 *
 * One multi handle keeps the connection alive between requests (the next
 * request reuses it); replies are decompressed (gzip), connect and
 * low-speed timeouts apply, HTTPS checks against a configurable CA file. */
#ifndef ROSTER_CLIENT_API_H
#define ROSTER_CLIENT_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "roster/err.h"

struct api;

/* What a finished request delivers (to its screen's reply(), app.h). */
struct api_reply {
	int tag;                /* the tag given to app_request() */
	long status;            /* HTTP status; 0 when no answer came */
	enum roster_err err;    /* ERR_OK for 2xx, else the error */
	const char *message;    /* translated text for err, never NULL */
	const char *server_message; /* error.message from the server or NULL */
	cJSON *json;            /* parsed body, NULL when empty or not JSON */
	const cJSON *fields;    /* error.fields ({"name":"why"}) or NULL */
	int retry_after;        /* seconds from Retry-After, 0 if none */
	bool cert_unverified;   /* ERR_NETWORK because the server's TLS certificate did not verify */
	const char *body;       /* raw body (downloads), len bytes */
	size_t len;
	const char *content_type; /* or NULL */
};

/* One part of a multipart/form-data upload: a text field, or a file
 * streamed from disk. */
struct upload_part {
	const char *name;
	const char *value;        /* a text field; NULL when file is set */
	const char *file;         /* path of a file to send */
	const char *type;         /* the file's MIME type, or NULL */
};


struct api_options {
	const char *server;      /* "http://127.0.0.1:8470" (no /api/v1) */
	const char *cafile;      /* or NULL */
	const char *language;    /* Accept-Language, e.g. "zh-CN" */
	int connect_timeout;     /* seconds */
	int low_speed_time;      /* seconds below 1 byte/s before giving up */
};

/* Called once per finished (failed, cancelled) request. r is valid only
 * during the call. */
typedef void (*api_done_fn)(void *ctx, void *owner, const struct api_reply *r);

struct api *api_new(const struct api_options *opt);
void api_free(struct api *api);

/* Start METHOD /api/v1PATH. body is NUL-terminated JSON text that the api
 * takes over: it is wiped with sodium_memzero and freed once sent. token
 * may be NULL. Returns a request id > 0. */
int api_start(struct api *api, const char *method, const char *path,
              const char *token, char *body, void *owner, int tag);
/* POST /api/v1PATH as multipart/form-data with n parts (an upload: files
 * are streamed from disk), headers as api_start. Returns 0 (nothing
 * started) when a file cannot be read. */
int api_start_upload(struct api *api, const char *path, const char *token,
                     const struct upload_part *parts, size_t n,
                     void *owner, int tag);
/* Add a header line ("Name: value") to request id before it runs. */
void api_add_header(struct api *api, int id, const char *line);
/* Bytes of request id's body sent so far and in all (0 while unknown);
 * false when id is not in flight. */
bool api_progress(const struct api *api, int id, int64_t *sent, int64_t *total);
/* Stop a request; with notify, done() sees ERR_CANCELLED, else nothing. */
void api_cancel(struct api *api, int id, bool notify);
void api_cancel_owner(struct api *api, const void *owner, bool notify);
bool api_owner_busy(const struct api *api, const void *owner);
int api_pending(const struct api *api);

/* Wait up to timeout_ms for network activity or for one of fds to become
 * readable; returns the number of ready fds (as curl_multi_poll). */
int api_wait(struct api *api, int *fds, int nfds, short *revents, int timeout_ms);
/* Drive transfers and deliver every finished one to done(). */
void api_run(struct api *api, api_done_fn done, void *ctx);
/* Wake api_wait() from a signal handler or another thread. */
void api_wakeup(struct api *api);

/* Wipe every string in a JSON tree, then delete it (bodies with secrets). */
void api_json_wipe_delete(cJSON *json);
/* Map a libcurl result or an HTTP status without a readable body. */
int api_err_from_http(long status);

#endif
