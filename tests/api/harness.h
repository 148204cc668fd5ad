/* API test harness: a real rosterd on a loopback port with a fresh
 * database, and a small libcurl client.
 *
 *	struct test_server ts;
 *	assert_int_equal(ts_start(&ts, NULL), 0);     // init --demo, serve
 *	char *tok = ts_login(&ts, "demo", "Member-Demo-2026");
 *	struct http_reply r;
 *	http_req(&ts, "GET", "/api/v1/me", tok, NULL, &r);
 *	assert_int_equal(r.status, 200);
 *	assert_string_equal(json_str_or(r.json, "username", ""), "demo");
 *	http_reply_free(&r);
 *	free(tok);
 *	ts_stop(&ts);
 *
 * Needs ROSTERD (absolute path of the binary) and ROSTER_DATADIR in the
 * environment (tests/run.sh and `make check` set them). Set
 * ROSTER_TEST_KEEP=1 to keep the temporary directory (database, outbox,
 * server.log) of each server.
 *
 * With ROSTER_TEST_PG set to a PostgreSQL URL (tests/pg/cluster.sh prints
 * one), each server gets a fresh database of its own on that cluster in
 * place of the SQLite file: ts->db is then that database's URL, made with
 * CREATE DATABASE at the start and dropped at the stop (kept, like the
 * directory, under ROSTER_TEST_KEEP). Such a server also has a
 * configuration file, DIR/rosterd.conf, given to init, serve and
 * ts_rosterd with --config, that keeps its keys in DIR/keys and its mail
 * in DIR/outbox, where they are next to an SQLite file (with a database
 * URL rosterd would keep them in ./keys and ./outbox); see ts_config. */
#ifndef ROSTER_TEST_HARNESS_H
#define ROSTER_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <cjson/cJSON.h>

struct test_server {
	pid_t pid;
	int port;
	char dir[256];      /* temporary directory of this server */
	char base[64];      /* "http://127.0.0.1:PORT", or https:// when the server serves TLS */
	char cafile[300];   /* CA bundle (PEM) the http_* calls trust; "" = the system's */
	char outbox[300];   /* mail outbox directory */
	char db[300];       /* database: a file, or a postgresql:// URL (ROSTER_TEST_PG) */
	char pgdb[64];      /* the PostgreSQL database this server made, "" = none */
};

/* Is the server's database a PostgreSQL one (a URL, not a file)? */
bool ts_db_is_pg(const struct test_server *ts);
/* The server's own configuration file, for a test that runs rosterd on
 * ts->db itself (give it with --config): its path in out (len bytes), or ""
 * when the server has none (SQLite). Returns out. */
const char *ts_config(const struct test_server *ts, char *out, size_t len);

/* Fresh temp dir, `rosterd init --demo --db …`, then `rosterd serve --port 0
 * --db … --outbox … --data-dir $ROSTER_DATADIR --set pay.sandbox=1 EXTRA…`
 * (the sandbox payment provider on, unless EXTRA sets pay.sandbox itself);
 * waits for the listening line (http:// or https://, which base keeps; set
 * cafile after the start to trust a test CA). extra_args: more serve arguments (NULL-terminated) or
 * NULL, e.g. { "--set", "session.idle_timeout=2", NULL }. 0 or -1 (the
 * server log is printed). */
int ts_start(struct test_server *ts, const char *const *extra_args);
/* A second rosterd serving first's database, with first's keys and outbox,
 * as another instance behind a load balancer would (ts_stop it before
 * first, which owns the database). 0 or -1. */
int ts_start_beside(struct test_server *ts, const struct test_server *first,
                    const char *const *extra_args);
/* Only the first half: the directory and a database with the demo data
 * (ts->dir, ts->db, ts->outbox), no server; for a test that runs rosterd
 * itself. ts_stop removes them. 0 or -1. */
int ts_init(struct test_server *ts);
/* SIGTERM, wait (SIGKILL after 10 s), remove the directory. Returns the
 * server's exit status (0 = clean shutdown), -1 when it had to be killed. */
int ts_stop(struct test_server *ts);
/* The server that most test files share across their tests, as cmocka
 * group fixtures: cmocka_run_group_tests(tests, ts_group_setup,
 * ts_group_teardown) starts it with no extra arguments and stops it
 * (failing when it did not shut down cleanly); pass &ts_group to calls. */
extern struct test_server ts_group;
int ts_group_setup(void **state);
int ts_group_teardown(void **state);
/* Run `rosterd ARGS… --db <ts db>` to completion with stdin_text on its
 * standard input (NULL = empty); returns its exit status. */
int ts_rosterd(const struct test_server *ts, const char *const *args, const char *stdin_text);

struct http_reply {
	long status;        /* 0 when the request failed at the transport */
	char *body;         /* NUL-terminated */
	size_t len;
	cJSON *json;        /* parsed body when it is JSON, else NULL */
	char *headers;      /* raw response header lines */
};

/* method + path relative to the base ("/api/v1/me"); token NULL = none;
 * json_body NULL = no body. 0 when a reply came back (any status), -1 on a
 * transport error. */
int http_req(const struct test_server *ts, const char *method, const char *path,
             const char *token, const char *json_body, struct http_reply *out);

enum {
	HTTP_GZIP = 1u << 0,      /* ask for gzip; libcurl decodes the body */
	HTTP_NO_JSON_CT = 1u << 1 /* don't add Content-Type: application/json */
};
/* The same with extra header lines ("Name: value", NULL-terminated) and a
 * raw body of body_len bytes (may hold NULs or invalid UTF-8). */
int http_req_ex(const struct test_server *ts, const char *method, const char *path,
                const char *token, const char *const *headers,
                const void *body, size_t body_len, unsigned flags,
                struct http_reply *out);
/* multipart/form-data POST: one file part (field, filename, content type,
 * bytes) plus text fields as name, value pairs (NULL-terminated, or NULL). */
int http_upload(const struct test_server *ts, const char *path, const char *token,
                const char *field, const char *filename, const char *content_type,
                const void *data, size_t len, const char *const *fields,
                struct http_reply *out);
void http_reply_free(struct http_reply *r);
/* Value of a response header (case-insensitive name), malloc'd, or NULL. */
char *http_reply_header(const struct http_reply *r, const char *name);
/* The error code of a JSON error reply ("not_found"), or "" when none. */
const char *http_error_code(const struct http_reply *r);

/* Send raw bytes on a new TCP connection to the server and read what comes
 * back until the server closes the connection or timeout_s seconds pass
 * without it. *out: what came back (malloc'd, NUL-terminated; may hold
 * NULs), *outlen its length. Returns 1 when the server closed the
 * connection, 0 when it was still open at the end, -1 on error. */
int ts_raw(const struct test_server *ts, const void *request, size_t len, int timeout_s,
           char **out, size_t *outlen);

/* Log in; the token (malloc'd) or NULL. */
char *ts_login(const struct test_server *ts, const char *login, const char *password);
/* Text of the newest mail to that address in the outbox (malloc'd), or
 * NULL when there is none. */
char *ts_outbox_latest(const struct test_server *ts, const char *to);
/* How many mails to that address are in the outbox. */
int ts_outbox_count(const struct test_server *ts, const char *to);
/* The first run of exactly six digits in the body of a mail (after its
 * headers), or "" when none; out holds 7 bytes. */
void ts_find_code(const char *text, char out[7]);

#endif
