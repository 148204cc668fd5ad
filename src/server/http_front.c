/* The strict front on libmicrohttpd: the raw request target seen before
 * libmicrohttpd decodes it, the head checks of http_head.c at the first
 * call of a request, and libmicrohttpd's own error answers turned into the
 * JSON errors roster-api(7) promises. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <microhttpd.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "http.h"
#include "http_head.h"
#include "http_internal.h"
#include "i18n.h"

/* ------------------------------------------------------ the request target */

void *http_front_uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_state *hs = xcalloc(1, sizeof *hs);
	const char *why;

	(void)cls;
	(void)conn;
	/* uri is the raw target as on the request line, cut by libmicrohttpd at
	 * the space before the version; a NUL byte inside it would cut it
	 * earlier, which http_front_check sees by where the version starts */
	hs->raw_target = uri;
	hs->raw_target_len = strlen(uri);
	hs->target = http_target_check(uri, hs->raw_target_len, hs->nul_param,
	                               sizeof hs->nul_param, &why);
	hs->target_why = why;
	return hs;
}

struct head_list {
	struct http_field *f;      /* first the array below, then on the heap */
	size_t n, cap;
	struct http_field few[32];
};

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      size_t key_size, const char *value, size_t value_size)
{
	struct head_list *l = cls;

	(void)kind;
	if (l->n == l->cap) {
		struct http_field *more = xmalloc(l->cap * 2 * sizeof *more);
		memcpy(more, l->f, l->n * sizeof *more);
		if (l->f != l->few)
			free(l->f);
		l->f = more;
		l->cap *= 2;
	}
	l->f[l->n++] = (struct http_field){ key ? key : "", key ? key_size : 0,
	                                    value ? value : "", value ? value_size : 0 };
	return MHD_YES;
}

static void refuse(struct http_state *hs, enum roster_err e, const char *msgid)
{
	resp_error(&hs->resp, e, msgid ? _(msgid) : NULL, NULL);
	/* whatever follows on this connection is not read as a request */
	resp_header(&hs->resp, "Connection", "close");
}

bool http_front_check(struct http_state *hs, const char *version)
{
	struct head_list l;
	const char *why;

	if (!hs->raw_target || version != hs->raw_target + hs->raw_target_len + 1) {
		refuse(hs, ERR_BAD_REQUEST, N_("The request line holds a NUL character."));
		return true;
	}
	if (hs->target == HTTP_TARGET_BAD) {
		refuse(hs, ERR_BAD_REQUEST, hs->target_why);
		return true;
	}
	l.f = l.few;
	l.n = 0;
	l.cap = sizeof l.few / sizeof l.few[0];
	MHD_get_connection_values_n(hs->conn, MHD_HEADER_KIND, collect_header, &l);
	why = http_head_problem(version, l.f, l.n);
	if (l.f != l.few)
		free(l.f);
	if (why) {
		refuse(hs, ERR_BAD_REQUEST, why);
		return true;
	}
	if (hs->target == HTTP_TARGET_NUL_PARAM) {
		cJSON *fields = cJSON_CreateObject();
		json_add_str(fields, hs->nul_param, _("Contains a NUL character."));
		resp_error(&hs->resp, ERR_VALIDATION, NULL, fields);
		return true;
	}
	return false;
}

/* ------------------------------------- libmicrohttpd's own error answers
 *
 * libmicrohttpd 0.9 answers a request it cannot parse (a broken request
 * line or header, a head too large, an unsupported HTTP version, broken
 * chunks) itself, with a fixed HTML page and no hook to change it. It makes
 * that page with MHD_create_response_from_buffer(…, MHD_RESPMEM_PERSISTENT)
 * and queues it with MHD_queue_response, both called through the library's
 * procedure linkage table; rosterd defines both functions, so the dynamic
 * linker binds those calls here. Every call is passed on to the library's
 * own function; the error pages (PERSISTENT buffers that start with
 * "<html><head><title>", which rosterd never sends) become JSON errors. */

typedef struct MHD_Response *(*create_fn)(size_t, void *, enum MHD_ResponseMemoryMode);
typedef enum MHD_Result (*queue_fn)(struct MHD_Connection *, unsigned int, struct MHD_Response *);

static create_fn real_create;
static queue_fn real_queue;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;
/* the error page just made on this thread, to be queued next */
static _Thread_local struct MHD_Response *page_resp;
static _Thread_local const char *page_text;   /* the library's static text */
static _Thread_local size_t page_len;

static void find_real(void)
{
	real_create = (create_fn)dlsym(RTLD_NEXT, "MHD_create_response_from_buffer");
	real_queue = (queue_fn)dlsym(RTLD_NEXT, "MHD_queue_response");
	if (!real_create || !real_queue) {
		fprintf(stderr, "rosterd: libmicrohttpd's response functions not found\n");
		abort();
	}
}

#define PAGE_START "<html><head><title>"

/* The JSON error for one of libmicrohttpd's pages (by its title), in the
 * server's default language: the request's own is not known yet. */
static char *page_json(const char *page, size_t len, unsigned status)
{
	struct resp r;
	enum roster_err e = ERR_BAD_REQUEST;
	const char *msg = N_("The request is not valid HTTP.");
	const char *title = page + strlen(PAGE_START);
	size_t tlen = len - strlen(PAGE_START);

	if (tlen >= 15 && memcmp(title, "Request too big", 15) == 0) {
		e = ERR_TOO_LARGE;
		msg = status == 414 ? N_("The request target is too long.")
		                    : N_("The request headers are too large.");
	} else if (tlen >= 25 && memcmp(title, "Request content too large", 25) == 0) {
		e = ERR_TOO_LARGE;
		msg = NULL;
	} else if (tlen >= 21 && memcmp(title, "Internal server error", 21) == 0) {
		e = ERR_INTERNAL;
		msg = NULL;
	} else if (tlen >= 17 && memcmp(title, "Requested HTTP ve", 17) == 0) {
		e = ERR_HTTP_VERSION;
		msg = NULL;
	} else if (tlen >= 10 && memcmp(title, "&quot;Host", 10) == 0) {
		msg = N_("The request needs exactly one Host header.");
	} else if (memmem(title, tlen, "chunked", 7)) {
		msg = N_("The chunked body is not valid.");
	} else if (memmem(title, tlen, "Content-Length", 14)) {
		msg = N_("The Content-Length header is not valid.");
	}
	memset(&r, 0, sizeof r);
	i18n_thread_from_header(NULL);
	resp_error(&r, e, msg ? _(msg) : NULL, NULL);
	free(r.ctype);
	return r.body;
}

static bool is_error_page(const void *buffer, size_t size, enum MHD_ResponseMemoryMode mode)
{
	return mode == MHD_RESPMEM_PERSISTENT && buffer && size > strlen(PAGE_START) &&
	       memcmp(buffer, PAGE_START, strlen(PAGE_START)) == 0;
}

struct MHD_Response *MHD_create_response_from_buffer(size_t size, void *buffer,
                                                     enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *mr;

	pthread_once(&real_once, find_real);
	mr = real_create(size, buffer, mode);
	/* the status that goes with the page is known when it is queued, which
	 * the library does next */
	page_resp = is_error_page(buffer, size, mode) ? mr : NULL;
	page_text = buffer;
	page_len = size;
	return mr;
}

/* Answer a bad Content-Length directly on the socket and close, since the
 * library would send the head twice: it finds the length while taking the
 * headers apart, builds the error's head, then its request loop goes on and
 * builds the head again. Over TLS the socket is not ours to write; the
 * connection is closed without an answer there. */
static enum MHD_Result answer_and_close(struct MHD_Connection *conn, unsigned status,
                                        const char *json)
{
	const union MHD_ConnectionInfo *fd = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	const union MHD_ConnectionInfo *tls = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_PROTOCOL);
	char *msg;
	int n;

	if (!fd || (tls && tls->protocol != 0))
		return MHD_NO;
	n = asprintf(&msg, "HTTP/1.1 %u %s\r\nContent-Type: application/json; charset=utf-8\r\n"
	             "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n"
	             "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
	             status, MHD_get_reason_phrase_for(status), strlen(json), json);
	if (n > 0) {
		/* a new connection's socket buffer takes this small answer whole;
		 * a part of it is no worse than none, as the connection closes */
		send(fd->connect_fd, msg, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
		free(msg);
	}
	return MHD_NO;   /* the library closes the connection */
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code,
                                   struct MHD_Response *response)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	char *json;

	pthread_once(&real_once, find_real);
	if (!response || response != page_resp)
		return real_queue(connection, status_code, response);
	page_resp = NULL;
	json = page_json(page_text, page_len, status_code);
	if (memmem(page_text, page_len, "Content-Length", 14)) {
		ret = answer_and_close(connection, status_code, json);
		free(json);
		return ret;
	}
	/* queue the JSON instead; the caller drops its page as usual */
	mr = real_create(strlen(json), json, MHD_RESPMEM_MUST_COPY);
	free(json);
	if (!mr)
		return MHD_NO;
	MHD_add_response_header(mr, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "Cache-Control", "no-store");
	ret = real_queue(connection, status_code, mr);
	MHD_destroy_response(mr);
	return ret;
}
