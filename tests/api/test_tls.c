/* rosterd serving HTTPS itself (server.tls_cert / server.tls_key): the
 * certificate verifies against the test CA and only against it, plain HTTP
 * gets no API answer, and a missing or mismatched key stops serve at start
 * with exit status 1 and a message. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <curl/curl.h>
#include "harness.h"
#include "tls_fixture.h"

static struct tls_fixture tf;
static struct test_server ts;

static int group_setup(void **state)
{
	(void)state;
	if (tls_fixture_make(&tf) != 0)
		return -1;
	const char *args[] = { "--set", tf.set_cert, "--set", tf.set_key, NULL };
	if (ts_start(&ts, args) != 0)
		return -1;
	snprintf(ts.cafile, sizeof ts.cafile, "%s", tf.ca);
	return 0;
}

static int group_teardown(void **state)
{
	int rc;

	(void)state;
	rc = ts_stop(&ts);
	tls_fixture_free(&tf);
	return rc == 0 ? 0 : -1;
}

struct sink {
	char buf[4096];
	size_t len;
};

static size_t sink_write(char *data, size_t size, size_t nmemb, void *userp)
{
	struct sink *s = userp;
	size_t n = size * nmemb, room = sizeof s->buf - 1 - s->len;

	memcpy(s->buf + s->len, data, n < room ? n : room);
	s->len += n < room ? n : room;
	s->buf[s->len] = '\0';
	return n;
}

/* GET url trusting cafile (NULL = the system's CAs); the libcurl result,
 * with the status and body of any answer. */
static CURLcode get(const char *url, const char *cafile, long *status, struct sink *body)
{
	CURL *c = curl_easy_init();
	CURLcode rc;

	memset(body, 0, sizeof *body);
	*status = 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (cafile)
		curl_easy_setopt(c, CURLOPT_CAINFO, cafile);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(c);
	return rc;
}

static void test_listening_line_says_https(void **state)
{
	char want[64];

	(void)state;
	snprintf(want, sizeof want, "https://127.0.0.1:%d", ts.port);
	assert_string_equal(ts.base, want);
}

static void test_https_with_ca(void **state)
{
	struct http_reply r;

	(void)state;
	assert_int_equal(http_req(&ts, "GET", "/healthz", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"status\":\"ok\""));
	http_reply_free(&r);

	/* the API itself, a session included, works over it */
	char *tok = ts_login(&ts, "demo", "Member-Demo-2026");
	assert_non_null(tok);
	assert_int_equal(http_req(&ts, "GET", "/api/v1/me", tok, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"demo\""));
	http_reply_free(&r);
	free(tok);
}

static void test_https_without_ca_fails_verification(void **state)
{
	char url[128];
	struct sink body;
	long status;

	(void)state;
	snprintf(url, sizeof url, "%s/healthz", ts.base);
	assert_int_equal(get(url, NULL, &status, &body), CURLE_PEER_FAILED_VERIFICATION);
	assert_int_equal(status, 0);
	/* and with the right one the same call goes through */
	assert_int_equal(get(url, tf.ca, &status, &body), CURLE_OK);
	assert_int_equal(status, 200);
}

static void test_plain_http_gets_no_answer(void **state)
{
	char url[128];
	struct sink body;
	long status;

	(void)state;
	snprintf(url, sizeof url, "http://127.0.0.1:%d/healthz", ts.port);
	get(url, NULL, &status, &body);
	assert_int_not_equal(status, 200);
	assert_null(strstr(body.buf, "\"status\""));

	/* the server is still fine afterwards */
	struct http_reply r;
	assert_int_equal(http_req(&ts, "GET", "/healthz", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
}

/* `rosterd serve --port 0 … EXTRA` on the test database; its exit status
 * (-1 when it was still serving after 20 s and had to be killed) and what
 * it printed, in out. */
static int serve_exit(const char *const *extra, char *out, size_t outlen)
{
	const char *argv[32];
	char log[320], outbox[320];
	int n = 0, st = 0, rc = -1;
	pid_t pid;

	snprintf(log, sizeof log, "%s/serve-fail.log", ts.dir);
	snprintf(outbox, sizeof outbox, "%s/outbox", ts.dir);
	unlink(log);
	argv[n++] = getenv("ROSTERD");
	argv[n++] = "serve";
	argv[n++] = "--port";
	argv[n++] = "0";
	argv[n++] = "--db";
	argv[n++] = ts.db;
	argv[n++] = "--outbox";
	argv[n++] = outbox;
	argv[n++] = "--data-dir";
	argv[n++] = getenv("ROSTER_DATADIR");
	for (; *extra && n < 31; extra++)
		argv[n++] = *extra;
	argv[n] = NULL;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int nul = open("/dev/null", O_RDONLY);
		dup2(nul, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; i < 2000; i++) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid) {
			rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
			break;
		}
		if (i == 1999) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		}
		struct timespec t = { 0, 10 * 1000 * 1000 };
		nanosleep(&t, NULL);
	}
	FILE *f = fopen(log, "r");
	size_t got = f ? fread(out, 1, outlen - 1, f) : 0;
	out[got] = '\0';
	if (f)
		fclose(f);
	return rc;
}

static void test_key_mismatch_stops_serve(void **state)
{
	char out[4096], set_key[340];

	(void)state;
	/* the CA's key is a valid key, just not the certificate's */
	snprintf(set_key, sizeof set_key, "server.tls_key=%s", tf.ca_key);
	const char *args[] = { "--set", tf.set_cert, "--set", set_key, NULL };
	assert_int_equal(serve_exit(args, out, sizeof out), 1);
	assert_non_null(strstr(out, "cannot start the HTTPS server"));
	assert_non_null(strstr(out, tf.ca_key));
	assert_null(strstr(out, "listening on"));
}

static void test_missing_key_stops_serve(void **state)
{
	char out[4096], set_key[340];

	(void)state;
	snprintf(set_key, sizeof set_key, "server.tls_key=%s/no-such.key", tf.dir);
	const char *args[] = { "--set", tf.set_cert, "--set", set_key, NULL };
	assert_int_equal(serve_exit(args, out, sizeof out), 1);
	assert_non_null(strstr(out, "server.tls_key"));
	assert_non_null(strstr(out, "no-such.key"));
	assert_null(strstr(out, "listening on"));
}

static void test_not_pem_stops_serve(void **state)
{
	char out[4096], set_cert[340];

	(void)state;
	/* a file that exists but holds no certificate (the OpenSSL extension file) */
	snprintf(set_cert, sizeof set_cert, "server.tls_cert=%s/server.ext", tf.dir);
	const char *args[] = { "--set", set_cert, "--set", tf.set_key, NULL };
	assert_int_equal(serve_exit(args, out, sizeof out), 1);
	assert_non_null(strstr(out, "not a PEM file"));
}

static void test_cert_without_key_is_a_config_error(void **state)
{
	char out[4096];

	(void)state;
	const char *args[] = { "--set", tf.set_cert, NULL };
	assert_int_equal(serve_exit(args, out, sizeof out), 2);
	assert_non_null(strstr(out, "server.tls_cert and server.tls_key go together"));
	const char *args2[] = { "--set", tf.set_key, NULL };
	assert_int_equal(serve_exit(args2, out, sizeof out), 2);
	assert_non_null(strstr(out, "go together"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listening_line_says_https),
		cmocka_unit_test(test_https_with_ca),
		cmocka_unit_test(test_https_without_ca_fails_verification),
		cmocka_unit_test(test_plain_http_gets_no_answer),
		cmocka_unit_test(test_key_mismatch_stops_serve),
		cmocka_unit_test(test_missing_key_stops_serve),
		cmocka_unit_test(test_not_pem_stops_serve),
		cmocka_unit_test(test_cert_without_key_is_a_config_error),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
