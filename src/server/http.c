/* libmicrohttpd glue: one request state per request (in *req_cls, freed in
 * the completion callback), routing, the caller's session, body limits,
 * JSON and form bodies, then gzip, ETag and the log line on the way out.
 *
 * Life of a request (all calls for one connection run on the same worker
 * thread of the pool):
 *   request line  the raw target is checked (http_front.c), which makes
 *              the request state
 *   1st call   the strict head checks (http_front.c), route, limits,
 *              session and role checks; an answer known now (400, 404, 405,
 *              413, 401 …) goes out without reading the body
 *   body calls buffer the body (http_body.c)
 *   last call  parse (JSON, forms), run the handler, send; a long poll suspends the
 *              connection instead and the last call repeats when resumed;
 *              a slow step handed to the offload pool suspends it too, and
 *              the last call finishes the answer when the job has run
 *   completed  log line, free everything */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <microhttpd.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"
#include "service/auth.h"
#include "http.h"
#include "http_internal.h"
#include "i18n.h"
#include "log.h"
#include "routes/routes.h"
#include "server.h"
#include "store/audit.h"
#include "store/store.h"

#define API_PREFIX "/api/v1"
#define GZIP_MIN 1024          /* smaller bodies are not worth compressing */

static struct MHD_Daemon *daemon_handle;
static atomic_int inflight;
static atomic_bool stopping;

/* ---------------------------------------------------------------- sending */

static bool header_set(const struct resp *resp, const char *name)
{
	for (const struct resp_header *h = resp->headers; h; h = h->next)
		if (strcasecmp(h->name, name) == 0)
			return true;
	return false;
}

static enum MHD_Result send_response(struct http_state *hs)
{
	struct resp *resp = &hs->resp;
	struct MHD_Response *mr;
	char etag[64] = "";
	enum MHD_Result ret;
	bool gz = false, may_gzip;

	if (resp->status == 0)
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
	if (!strcmp(hs->req.method, "GET") && resp->status == 200 && !resp->no_etag) {
		http_etag(resp->body, resp->len, etag, sizeof etag);
		if (http_etag_matches(req_header(&hs->req, "If-None-Match"), etag)) {
			xfree(&resp->body);
			resp->len = 0;
			resp->status = 304;
		}
	}
	may_gzip = !resp->no_gzip && http_compressible(resp->ctype) &&
	           http_accepts_gzip(req_header(&hs->req, "Accept-Encoding"));
	if (resp->len >= GZIP_MIN && may_gzip) {
		size_t zlen;
		char *z = http_gzip(resp->body, resp->len, &zlen);
		if (z && zlen < resp->len) {
			free(resp->body);
			resp->body = z;
			resp->len = zlen;
			gz = true;
		} else {
			free(z);
		}
	}
	if (resp->stream) {
		/* the bytes are counted as they go out */
		gz = may_gzip;
		mr = http_stream_response(resp->stream, &gz, &hs->bytes);
		resp->stream = NULL;   /* MHD frees it */
		resp->len = 0;
	} else if (resp->body) {
		mr = MHD_create_response_from_buffer(resp->len, resp->body, MHD_RESPMEM_MUST_FREE);
		resp->body = NULL;   /* MHD frees it */
	} else {
		mr = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!mr)
		return MHD_NO;
	if (resp->ctype && resp->status != 304)
		MHD_add_response_header(mr, "Content-Type", resp->ctype);
	if (gz)
		MHD_add_response_header(mr, "Content-Encoding", "gzip");
	if (http_compressible(resp->ctype))
		MHD_add_response_header(mr, "Vary", "Accept-Encoding");
	if (etag[0])
		MHD_add_response_header(mr, "ETag", etag);
	if (!header_set(resp, "Cache-Control"))
		MHD_add_response_header(mr, "Cache-Control",
		                        hs->req.who.account_id ? "private, no-cache" : "no-cache");
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	for (const struct resp_header *h = resp->headers; h; h = h->next)
		MHD_add_response_header(mr, h->name, h->value);
	ret = MHD_queue_response(hs->conn, (unsigned)resp->status, mr);
	MHD_destroy_response(mr);
	if (ret == MHD_YES) {
		hs->queued = true;
		hs->status = resp->status;
		hs->bytes += resp->len;
	}
	return ret;
}

/* ---------------------------------------------------------------- the request */

static void client_address(struct http_state *hs)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(hs->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(hs->addr, sizeof hs->addr, "unknown");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, hs->addr, sizeof hs->addr);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, hs->addr, sizeof hs->addr);
	/* behind the configured proxy the client is the last hop it adds */
	if (g_cfg->trusted_proxy && strcmp(hs->addr, g_cfg->trusted_proxy) == 0) {
		const char *xff = MHD_lookup_connection_value(hs->conn, MHD_HEADER_KIND, "X-Forwarded-For");
		if (xff) {
			const char *last = strrchr(xff, ',');
			last = last ? last + 1 : xff;
			while (*last == ' ')
				last++;
			char tmp[INET6_ADDRSTRLEN];
			snprintf(tmp, sizeof tmp, "%s", last);
			tmp[strcspn(tmp, " ")] = '\0';
			unsigned char buf[sizeof(struct in6_addr)];
			if (inet_pton(AF_INET, tmp, buf) == 1 || inet_pton(AF_INET6, tmp, buf) == 1)
				snprintf(hs->addr, sizeof hs->addr, "%s", tmp);
		}
	}
}

static enum MHD_Result query_utf8_check(void *cls, enum MHD_ValueKind kind,
                                        const char *key, const char *value)
{
	bool *ok = cls;

	(void)kind;
	if ((key && !utf8_valid(key, strlen(key))) || (value && !utf8_valid(value, strlen(value)))) {
		*ok = false;
		return MHD_NO;
	}
	return MHD_YES;
}

static const char *bearer_token(struct http_state *hs)
{
	const char *h = MHD_lookup_connection_value(hs->conn, MHD_HEADER_KIND, "Authorization");

	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return *h ? h : NULL;
}

/* The first call: everything that can be decided before the body. Returns
 * true when an answer is already set in hs->resp. */
static bool request_start(struct http_state *hs, const char *url, const char *method,
                          const char *version)
{
	struct req *r = &hs->req;
	char allow[64];
	bool known, ok = true;
	const char *cl, *token;
	size_t plen;

	r->conn = hs->conn;
	r->remote_addr = hs->addr;
	client_address(hs);
	snprintf(hs->method, sizeof hs->method, "%s", method);
	hs->head = strcmp(method, "HEAD") == 0;
	r->method = hs->head ? "GET" : hs->method;
	hs->path = xstrdup(url);
	plen = strlen(hs->path);
	if (plen > 1 && hs->path[plen - 1] == '/')
		hs->path[plen - 1] = '\0';
	r->path = hs->path;

	if (http_front_check(hs, version))
		return true;
	if (!utf8_valid(hs->path, strlen(hs->path))) {
		resp_error(&hs->resp, ERR_BAD_UTF8, NULL, NULL);
		return true;
	}
	MHD_get_connection_values(hs->conn, MHD_GET_ARGUMENT_KIND, query_utf8_check, &ok);
	if (!ok) {
		resp_error(&hs->resp, ERR_BAD_UTF8, NULL, NULL);
		return true;
	}
	/* params point into segbuf, which lives as long as the request */
	hs->segbuf = xstrdup(hs->path);
	r->route = http_route_find(hs->segbuf, r->method, r->params, &r->nparams,
	                           allow, sizeof allow, &known);
	if (!r->route) {
		if (known) {
			resp_error(&hs->resp, ERR_METHOD_NOT_ALLOWED, NULL, NULL);
			resp_header(&hs->resp, "Allow", allow);
		} else {
			resp_error(&hs->resp, ERR_NOT_FOUND, NULL, NULL);
		}
		return true;
	}
	hs->limit = (r->route->flags & (ROUTE_UPLOAD | ROUTE_RAW)) ? g_cfg->upload_max : g_cfg->json_max;
	cl = MHD_lookup_connection_value(hs->conn, MHD_HEADER_KIND, "Content-Length");
	if (cl) {
		char *end;
		unsigned long long n = strtoull(cl, &end, 10);
		if (*end == '\0' && n > hs->limit) {
			resp_error(&hs->resp, ERR_TOO_LARGE, NULL, NULL);
			return true;
		}
	}
	r->db = db_thread();
	if (!r->db) {
		resp_error(&hs->resp, ERR_UNAVAILABLE, NULL, NULL);
		return true;
	}
	audit_set_address(hs->addr);
	token = bearer_token(hs);
	enum roster_err serr = ERR_UNAUTHORIZED;
	uint64_t sql0 = db_statements(r->db);
	if (token)
		serr = auth_session_check(r->db, token, !(r->route->flags & ROUTE_NO_TOUCH), &r->who);
	db_request_done(r->db);
	hs->sql += db_statements(r->db) - sql0;
	audit_set_address(NULL);
	if (r->route->roles) {
		if (!r->who.account_id) {
			resp_error(&hs->resp, token ? serr : ERR_UNAUTHORIZED, NULL, NULL);
			resp_header(&hs->resp, "WWW-Authenticate", "Bearer");
			return true;
		}
		if (!(r->who.role & r->route->roles)) {
			resp_error(&hs->resp, ERR_FORBIDDEN, NULL, NULL);
			return true;
		}
	}
	if (r->route->flags & (ROUTE_UPLOAD | ROUTE_RAW))
		hs->form = http_form_kind(req_header(r, "Content-Type")) != 0;
	return false;
}

static void resp_headers_free(struct resp *resp)
{
	for (struct resp_header *h = resp->headers, *n; h; h = n) {
		n = h->next;
		free(h->name);
		free(h->value);
		free(h);
	}
	resp->headers = NULL;
}

/* The last call (again after each resume of a long poll). */
static enum MHD_Result request_finish(struct http_state *hs)
{
	struct req *r = &hs->req;
	struct resp *resp = &hs->resp;

	if (hs->too_large) {
		resp_error(resp, ERR_TOO_LARGE, NULL, NULL);
		return send_response(hs);
	}
	if (!hs->prepared) {
		hs->prepared = true;
		r->poll_started_ms = http_now_ms();
		if (!http_body_prepare(hs))
			return send_response(hs);
	} else if (!hs->offload) {
		r->poll_round++;
	}
	for (;;) {
		bool resumed = hs->offload != NULL;

		r->poll_final = r->poll_round > 0 &&
		                (atomic_load(&stopping) || http_now_ms() >= hs->poll_deadline);
		resp->poll_deadline_ms = 0;
		if (r->poll_round > 0 && !resumed)
			resp_headers_free(resp);
		uint64_t sql0 = db_statements(r->db);
		audit_set_address(hs->addr);
		if (!http_offload_finish(hs))
			r->route->fn(r, resp);
		db_request_done(r->db);
		hs->sql += db_statements(r->db) - sql0;
		audit_set_address(NULL);
		if (resp->offload) {
			if (http_offload_submit(hs))
				return MHD_YES;
			break;   /* refused: resp holds the 503 */
		}
		if (!resp->poll_deadline_ms)
			break;
		if (r->poll_final) {
			log_error("%s %s: a long poll did not answer its final round",
			          r->method, r->route->pattern);
			resp_error(resp, ERR_INTERNAL, NULL, NULL);
			break;
		}
		hs->poll_deadline = resp->poll_deadline_ms;
		if (http_now_ms() < hs->poll_deadline && http_poll_suspend(hs->conn, hs->poll_deadline))
			return MHD_YES;
		/* the deadline passed already, or the server is stopping */
		r->poll_round++;
		hs->poll_deadline = 0;
	}
	return send_response(hs);
}

static bool has_body(struct http_state *hs)
{
	const char *cl = MHD_lookup_connection_value(hs->conn, MHD_HEADER_KIND, "Content-Length");
	const char *te = MHD_lookup_connection_value(hs->conn, MHD_HEADER_KIND, "Transfer-Encoding");

	return te || (cl && strcmp(cl, "0") != 0);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
	struct http_state *hs = *req_cls;

	(void)cls;
	/* each call may run on another worker thread */
	i18n_thread_from_header(MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	                                                    "Accept-Language"));
	if (!hs || !hs->conn) {
		/* the first call; the state comes from http_front_uri_log */
		if (!hs) {
			hs = xcalloc(1, sizeof *hs);
			*req_cls = hs;
		}
		hs->conn = conn;
		clock_gettime(CLOCK_MONOTONIC, &hs->t0);
		atomic_fetch_add(&inflight, 1);
		if (request_start(hs, url, method, version)) {
			/* with a body on its way, answer now and let MHD close the
			 * connection instead of reading it; without one, answer at
			 * the next call so the connection stays open */
			if (has_body(hs))
				return send_response(hs);
			hs->answered = true;
		}
		return MHD_YES;
	}
	if (hs->answered) {
		*upload_data_size = 0;
		return send_response(hs);
	}
	if (hs->queued) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		http_body_feed(hs, upload_data, *upload_data_size);
		*upload_data_size = 0;
		if (hs->too_large) {
			/* answer now; MHD closes the connection instead of reading on */
			resp_error(&hs->resp, ERR_TOO_LARGE, NULL, NULL);
			if (send_response(hs) == MHD_YES)
				return MHD_YES;
			/* too early in this MHD version: keep discarding, answer at the end */
		}
		return MHD_YES;
	}
	return request_finish(hs);
}

static void state_free(struct http_state *hs)
{
	struct req *r = &hs->req;

	cJSON_Delete(r->json);
	free((char *)r->body);
	for (size_t i = 0; i < r->nuploads; i++) {
		free(r->uploads[i].field);
		free(r->uploads[i].filename);
		free(r->uploads[i].content_type);
		free(r->uploads[i].data);
	}
	free(r->uploads);
	for (size_t i = 0; i < r->nform; i++) {
		free(r->form[i].name);
		free(r->form[i].value);
	}
	free(r->form);
	http_offload_free(hs->offload);
	http_offload_free(hs->resp.offload);
	http_stream_free(hs->resp.stream);
	free(hs->resp.body);
	free(hs->resp.ctype);
	resp_headers_free(&hs->resp);
	free(hs->path);
	free(hs->segbuf);
	free(hs);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct http_state *hs = *req_cls;
	struct timespec t1;
	uint64_t us;
	const char *logpath;

	(void)cls;
	(void)conn;
	if (!hs)
		return;
	if (!hs->conn) {
		/* ended between the request line and the first call */
		state_free(hs);
		*req_cls = NULL;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = (uint64_t)(t1.tv_sec - hs->t0.tv_sec) * 1000000 +
	     (uint64_t)((t1.tv_nsec - hs->t0.tv_nsec) / 1000);
	logpath = hs->path ? hs->path : "?";
	if (hs->req.route && (hs->req.route->flags & ROUTE_LOG_PATTERN))
		logpath = hs->req.route->pattern;
	log_request(hs->method, logpath, hs->queued ? hs->status : 0,
	            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? hs->bytes : 0, us, hs->sql,
	            hs->req.who.account_id);
	state_free(hs);
	*req_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char buf[512];

	(void)cls;
	vsnprintf(buf, sizeof buf, fmt, ap);
	buf[strcspn(buf, "\n")] = '\0';
	log_warn("http: %s", buf);
}

int http_start(int listen_fd)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
	                 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	unsigned threads = g_cfg->threads > 0 ? (unsigned)g_cfg->threads
	                                      : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);

	if (threads < 1)
		threads = 1;
	/* poll(), not epoll: with epoll and a thread pool, libmicrohttpd
	 * (0.9.75) takes the listening socket out of each worker's epoll set
	 * both in MHD_quiesce_daemon and in the worker itself, unlocked, and
	 * aborts the process when the worker loses that race at a stop; with
	 * poll() quiescing only tells the workers to stop watching it */
	if (MHD_is_feature_supported(MHD_FEATURE_POLL) == MHD_YES)
		flags |= MHD_USE_POLL;
	/* HTTPS when serve has read server.tls_cert/tls_key; otherwise the
	 * array is empty and the proxy in front terminates TLS */
	struct MHD_OptionItem tls[3] = { { MHD_OPTION_END, 0, NULL } };
	bool https = g_cfg->tls_cert_pem && g_cfg->tls_key_pem;

	if (https) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			log_error("server.tls_cert is set, but this libmicrohttpd has no TLS support");
			return -1;
		}
		flags |= MHD_USE_TLS;
		tls[0] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, g_cfg->tls_cert_pem };
		tls[1] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, g_cfg->tls_key_pem };
		tls[2] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	}
	if (http_poll_start() != 0 || http_offload_start() != 0) {
		http_poll_stop();
		return -1;
	}
	daemon_handle = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_ARRAY, tls,
		MHD_OPTION_LISTEN_SOCKET, listen_fd,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)g_cfg->conn_timeout,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)g_cfg->per_ip_limit,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)g_cfg->max_connections,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_URI_LOG_CALLBACK, http_front_uri_log, NULL,
		MHD_OPTION_END);
	if (!daemon_handle) {
		if (https)
			log_error("cannot start the HTTPS server: check that %s holds the "
			          "certificate and %s its private key (see the lines above)",
			          g_cfg->tls_cert, g_cfg->tls_key);
		else
			log_error("cannot start the HTTP server");
		http_stop(0);
		return -1;
	}
	log_info("serving with %u worker threads", threads);
	return 0;
}

void http_stop(int grace_seconds)
{
	MHD_socket listen_fd = MHD_INVALID_SOCKET;

	atomic_store(&stopping, true);
	if (daemon_handle) {
		/* stop accepting, let what is running finish; the listening
		 * socket is closed only after MHD_stop_daemon, once no worker
		 * thread watches it any more */
		listen_fd = MHD_quiesce_daemon(daemon_handle);
		/* new connections are refused from now on */
		if (listen_fd != MHD_INVALID_SOCKET)
			shutdown(listen_fd, SHUT_RDWR);
		http_wake();
		int64_t until = http_now_ms() + (int64_t)grace_seconds * 1000;
		while (atomic_load(&inflight) > 0 && http_now_ms() < until) {
			struct timespec ts = { 0, 20 * 1000 * 1000 };
			http_wake();
			nanosleep(&ts, NULL);
		}
	}
	/* slow steps still waiting after the grace are refused (503), those
	 * running finish; give those answers a moment to go out */
	http_offload_stop();
	for (int i = 0; daemon_handle && i < 100 && atomic_load(&inflight) > 0; i++) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		http_wake();
		nanosleep(&ts, NULL);
	}
	http_poll_stop();
	if (daemon_handle) {
		MHD_stop_daemon(daemon_handle);
		daemon_handle = NULL;
	}
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
}
