/* Request and response as every route handler sees them.
 *
 * A handler reads the parsed request (struct req) and fills the response
 * (struct resp) through the resp_* helpers; the HTTP core (http.c) does the
 * rest: routing, the caller's session, body limits, JSON parsing, gzip, ETag,
 * the log line. Handlers run on a worker thread of the pool and may block
 * briefly (database); each worker has its own database connection in
 * req->db. Slow steps (password hashing, PDFs) go to the offload pool
 * (offload.h).
 *
 *	static void route_things_get(struct req *req, struct resp *resp)
 *	{
 *		int64_t id = req_param_id(req, 0);
 *		struct thing t;
 *		if (id < 0 || store_thing_get(req->db, id, &t) != ST_OK) {
 *			resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
 *			return;
 *		}
 *		cJSON *o = cJSON_CreateObject();
 *		json_add_str(o, "name", t.name);
 *		resp_json(resp, 200, o);
 *	}
 */
#ifndef ROSTERD_HTTP_H
#define ROSTERD_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "roster/err.h"
#include "caller.h"

struct db;
struct offload;
struct resp_stream;
struct route;

/* One file of a multipart/form-data body. */
struct upload {
	char *field;           /* form field name */
	char *filename;        /* as sent by the client (may be ""); untrusted */
	char *content_type;    /* as sent by the client; untrusted */
	unsigned char *data;   /* NUL-terminated for convenience */
	size_t len;
};

/* A plain (non-file) field of a form body (urlencoded or multipart). */
struct form_field {
	char *name;
	char *value;           /* valid UTF-8, NUL-terminated */
};

struct req {
	const char *method;        /* "GET", "POST", … (HEAD arrives as GET) */
	const char *path;          /* decoded path without the query */
	const char *params[4];     /* {…} segments of the route pattern, in order */
	int nparams;
	const char *body;          /* raw body, NUL-terminated; NULL when none */
	size_t body_len;
	/* The parsed JSON body. For POST/PUT/PATCH/DELETE on API routes it is
	 * always an object (an empty body reads as {}); NULL otherwise. */
	cJSON *json;
	struct upload *uploads;    /* multipart files (ROUTE_UPLOAD/ROUTE_RAW routes) */
	size_t nuploads;
	struct form_field *form;   /* form fields (ROUTE_UPLOAD/ROUTE_RAW routes) */
	size_t nform;
	struct caller who;
	struct db *db;             /* this worker thread's connection */
	const char *remote_addr;   /* client address as text */
	const struct route *route; /* the route being served */
	/* Long polling (see resp_poll_again): the round, 0 at first; poll_final
	 * is true when this round must answer (deadline passed or shutting
	 * down); poll_started_ms is when round 0 ran; poll_mark is the handler's
	 * to keep between rounds (e.g. the updated_at seen at round 0). */
	int poll_round;
	bool poll_final;
	int64_t poll_started_ms;
	int64_t poll_mark;
	void *conn;                /* private to http.c */
};

/* Query-string value (decoded, valid UTF-8) or NULL. */
const char *req_query(const struct req *req, const char *key);
/* Request header value or NULL (name is case-insensitive). */
const char *req_header(const struct req *req, const char *name);
/* Form field value or NULL. */
const char *req_form(const struct req *req, const char *name);
/* First upload of a form field, or NULL. */
const struct upload *req_upload(const struct req *req, const char *field);
/* Captured segment i as a positive integer; -1 when absent, not a
 * positive decimal integer, or out of range. */
int64_t req_param_id(const struct req *req, int i);
/* ?page=&per_page= with defaults 1 and 20. The HTTP core answers 422
 * before any handler runs when either is present but not a whole number in
 * 1..1000000 (page) or 1..100 (per_page); see req_page_problem. */
void req_page(const struct req *req, int *page, int *per_page);
/* Why ?page= or ?per_page= is refused (a msgid; *param names which), or
 * NULL. */
const char *req_page_problem(const struct req *req, const char **param);

/* A header to send (a linked list, newest first). */
struct resp_header {
	char *name;
	char *value;
	struct resp_header *next;
};

struct resp {
	int status;                /* 0 until a helper sets it (then 500) */
	char *body;                /* owned; may be NULL for an empty body */
	size_t len;
	char *ctype;               /* owned; NULL = no Content-Type */
	struct resp_header *headers;
	enum roster_err err;       /* ERR_OK unless resp_error was used */
	bool no_etag;              /* don't add an ETag / answer If-None-Match */
	bool no_gzip;              /* never compress this body */
	int64_t poll_deadline_ms;  /* set by resp_poll_again */
	struct offload *offload;   /* set by resp_offload (offload.h) */
	struct resp_stream *stream;  /* set by resp_stream */
};

/* Send obj (taken, freed here) as application/json. */
void resp_json(struct resp *resp, int status, cJSON *obj);
/* Send {"error":{"code","message","fields"}} with the error's HTTP status.
 * msg: text shown to the user (already translated), or NULL for the
 * translated err_message(e). fields: {"field":"why"} (taken) or NULL. */
void resp_error(struct resp *resp, enum roster_err e, const char *msg, cJSON *fields);
/* A 422 validation error when fields is not empty (then returns true and
 * takes fields); otherwise frees fields and returns false. */
bool resp_fields_error(struct resp *resp, cJSON *fields);
/* Send bytes. owned: data came from malloc and is taken; otherwise it is
 * copied. ctype is copied. */
void resp_bytes(struct resp *resp, int status, const char *ctype,
                void *data, size_t len, bool owned);
/* Send a UTF-8 HTML page (html taken, from malloc). */
void resp_html(struct resp *resp, int status, char *html);
/* 303 See Other to location (copied). */
void resp_redirect(struct resp *resp, const char *location);
/* Add a header (both copied). */
void resp_header(struct resp *resp, const char *name, const char *value);
/* A body too large to hold, made piece by piece while the client reads it
 * (no Content-Length; chunked for HTTP/1.1; never an ETag). fill writes
 * the next piece into buf (at most max bytes) and returns its length, 0
 * at the end, or -1 when it failed: the status is sent already, so the
 * connection is closed without the chunked body's end and the client sees
 * a download cut short. fill runs later, on a worker thread, after the
 * handler returned: it takes db_thread() afresh each time and leaves
 * nothing open in the database between pieces (another request may use
 * that connection in between). free_fn(cls) runs once, when the body is
 * done, the client hung up or the stream never started. */
typedef long (*resp_stream_fill)(void *cls, char *buf, size_t max);
typedef void (*resp_stream_free)(void *cls);
void resp_stream(struct resp *resp, int status, const char *ctype,
                 resp_stream_fill fill, resp_stream_free free_fn, void *cls);
/* {"items":items,"total":total,"page":page,"per_page":per_page}, 200;
 * items (an array) is taken. */
void resp_list(struct resp *resp, cJSON *items, int64_t total, int page, int per_page);

/* Long polling without holding a worker thread: instead of answering, the
 * handler asks to be run again (the connection is suspended meanwhile) when
 * http_wake() is called or at the latest after a second, until
 * deadline_ms (http_now_ms() clock). Then it runs once more with
 * req->poll_final set and must answer.
 *
 *	int64_t deadline = req->poll_started_ms + wait_seconds * 1000;
 *	if (req->poll_round == 0)
 *		req->poll_mark = order.updated_at;
 *	if (order.updated_at != req->poll_mark || req->poll_final || wait_seconds == 0)
 *		answer …
 *	else
 *		resp_poll_again(resp, deadline);
 */
void resp_poll_again(struct resp *resp, int64_t deadline_ms);
/* Run every waiting long poll again soon (call after committing a change
 * someone may be waiting for). Safe from any thread. */
void http_wake(void);
/* Monotonic milliseconds. */
int64_t http_now_ms(void);

/* Escape text for HTML element content and attribute values; caller frees. */
char *html_escape(const char *s);
/* A small standalone page for a phone's browser: title (escaped here) as
 * the <title> and the <h1>, css inline, then body (trusted HTML). Caller
 * frees. */
char *html_page(const char *lang, const char *css, const char *title, const char *body);
/* The look those pages share; each page appends its own rules. */
#define HTML_PAGE_CSS \
	"body{font-family:system-ui,-apple-system,\"PingFang SC\",\"Noto Sans CJK SC\"," \
	"\"Microsoft YaHei\",sans-serif;margin:0;padding:24px 16px;background:#f4f5f7;" \
	"color:#1d2330;line-height:1.6}" \
	"main{max-width:480px;margin:0 auto;background:#fff;border-radius:12px;" \
	"padding:24px 20px;box-shadow:0 1px 4px rgba(0,0,0,.08)}" \
	"h1{font-size:1.3em;margin:0 0 12px}p{margin:8px 0}"
/* Send such a page (html taken); never cached, never indexed, never
 * framed. */
void resp_private_html(struct resp *resp, int status, char *html);

/* For main.c: serve on an already bound and listening socket with the
 * configured thread pool; stop accepting, let in-flight requests finish
 * (up to grace_seconds), then stop. */
int http_start(int listen_fd);
void http_stop(int grace_seconds);

#endif
