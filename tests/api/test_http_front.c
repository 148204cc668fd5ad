/* The strict HTTP front, in raw bytes over TCP against the real rosterd: a
 * head that a proxy and rosterd could read two ways gets one JSON 400 and
 * the connection closes, so nothing hidden in it runs as a second request;
 * the errors libmicrohttpd finds itself come back as JSON too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>
#include "harness.h"
#include "roster/json.h"

static struct test_server ts;

static int setup(void **state)
{
	(void)state;
	return ts_start(&ts, NULL);
}

static int teardown(void **state)
{
	(void)state;
	return ts_stop(&ts) == 0 ? 0 : -1;
}

struct answer {
	int status;
	char ctype[128];
	char connection[32];
	cJSON *json;
};

/* Split what came back into HTTP answers: how many there are (anything
 * after the last whole answer counts as one more), the first in *first. */
static int split_answers(const char *buf, size_t len, struct answer *first)
{
	size_t pos = 0;
	int count = 0;

	memset(first, 0, sizeof *first);
	while (pos < len) {
		const char *a = buf + pos;
		const char *end = strstr(a, "\r\n\r\n");
		if (strncmp(a, "HTTP/1.", 7) != 0 || !end)
			return count + 1;
		size_t clen = 0;
		char ctype[128] = "", conn[32] = "";
		for (const char *l = strstr(a, "\r\n") + 2; l < end; l = strstr(l, "\r\n") + 2) {
			if (strncasecmp(l, "Content-Length:", 15) == 0)
				clen = strtoul(l + 15, NULL, 10);
			else if (strncasecmp(l, "Content-Type:", 13) == 0)
				sscanf(l + 13, " %127[^\r]", ctype);
			else if (strncasecmp(l, "Connection:", 11) == 0)
				sscanf(l + 11, " %31[^\r]", conn);
		}
		const char *body = end + 4;
		if ((size_t)(body - buf) + clen > len)
			return count + 1;
		if (count == 0) {
			first->status = atoi(a + 9);
			snprintf(first->ctype, sizeof first->ctype, "%s", ctype);
			snprintf(first->connection, sizeof first->connection, "%s", conn);
			first->json = json_parse(body, clen, NULL);
		}
		count++;
		pos = (size_t)(body - buf) + clen;
	}
	return count;
}

/* Send request; expect exactly one answer, a JSON error with this status
 * and code, and the connection closed by the server. */
static void one_json_error(const char *what, const char *request, size_t len, int status,
                           const char *code)
{
	char *out;
	size_t outlen;
	struct answer a;
	int closed = ts_raw(&ts, request, len, 20, &out, &outlen);

	assert_true(closed >= 0);
	int n = split_answers(out, outlen, &a);
	if (n != 1 || a.status != status || closed != 1)
		fail_msg("%s: %d answers, closed %d, got:\n%s", what, n, closed, out);
	assert_non_null(strstr(a.ctype, "application/json"));
	assert_non_null(a.json);
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(a.json, "error");
	assert_string_equal(json_str_or(err, "code", ""), code);
	assert_true(json_str_or(err, "message", "")[0] != '\0');
	cJSON_Delete(a.json);
	free(out);
}

#define ONE_ERROR(what, req, status, code) one_json_error(what, req, sizeof req - 1, status, code)

/* The second request a confused reader would find. */
#define HIDDEN "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"

static void test_smuggling_shapes(void **state)
{
	(void)state;
	ONE_ERROR("two lengths",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
	          "Content-Length: 2\r\nContent-Length: 36\r\n\r\n{}" HIDDEN,
	          400, "bad_request");
	ONE_ERROR("equal lengths twice",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n"
	          "Content-Length: 2\r\n\r\n{}",
	          400, "bad_request");
	ONE_ERROR("space before the colon",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length : 34\r\n\r\n" HIDDEN,
	          400, "bad_request");
	ONE_ERROR("tab in a header name",
	          "GET /healthz HTTP/1.1\r\nHost: t\r\nX-A\t: 1\r\n\r\n", 400, "bad_request");
	ONE_ERROR("length and chunks",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
	          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" HIDDEN,
	          400, "bad_request");
	ONE_ERROR("chunks in HTTP/1.0",
	          "POST /api/v1/auth/login HTTP/1.0\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
	          "2\r\n{}\r\n0\r\n\r\n",
	          400, "bad_request");
	ONE_ERROR("unknown coding",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: identity\r\n\r\n{}",
	          400, "bad_request");
	ONE_ERROR("coding list",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
	          "0\r\n\r\n",
	          400, "bad_request");
	ONE_ERROR("two codings",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
	          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
	          400, "bad_request");
	ONE_ERROR("negative length",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n{}", 400,
	          "bad_request");
	ONE_ERROR("length with a sign",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: +2\r\n\r\n{}", 400,
	          "bad_request");
	ONE_ERROR("length beyond 64 bits",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\n"
	          "Content-Length: 123456789012345678901234567890\r\n\r\n{}",
	          413, "too_large");
}

static void test_head_oddities(void **state)
{
	(void)state;
	ONE_ERROR("no Host", "GET /healthz HTTP/1.1\r\n\r\n", 400, "bad_request");
	ONE_ERROR("two Hosts", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "bad_request");
	ONE_ERROR("two Hosts in 1.0", "GET /healthz HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 400,
	          "bad_request");
	ONE_ERROR("bare CR", "GET /healthz HTTP/1.1\r\nHost: t\rX-Injected: 1\r\n\r\n", 400,
	          "bad_request");
	ONE_ERROR("control character in a value", "GET /healthz HTTP/1.1\r\nHost: t\r\nX-A: a\x01z\r\n\r\n",
	          400, "bad_request");
	ONE_ERROR("NUL in the path", "GET /healthz\0/x HTTP/1.1\r\nHost: t\r\n\r\n", 400, "bad_request");
	ONE_ERROR("NUL in the query", "GET /api/v1/notices?page=1\0&x=1 HTTP/1.1\r\nHost: t\r\n\r\n",
	          400, "bad_request");
	ONE_ERROR("no leading slash", "GET healthz HTTP/1.1\r\nHost: t\r\n\r\n", 400, "bad_request");
	ONE_ERROR("asterisk", "GET * HTTP/1.1\r\nHost: t\r\n\r\n", 400, "bad_request");
	ONE_ERROR("space in the target", "GET /health z HTTP/1.1\r\nHost: t\r\n\r\n", 400, "bad_request");
	ONE_ERROR("broken escape", "GET /api/v1/notices?q=%zz HTTP/1.1\r\nHost: t\r\n\r\n", 400,
	          "bad_request");
	ONE_ERROR("%00 in the path", "GET /api/v1/notices%00/x HTTP/1.1\r\nHost: t\r\n\r\n", 400,
	          "bad_request");
}

/* What libmicrohttpd refuses before rosterd sees the request. */
static void test_library_errors_are_json(void **state)
{
	char *big;
	size_t n = 40000;
	(void)state;

	ONE_ERROR("HTTP/2.0", "GET /healthz HTTP/2.0\r\nHost: t\r\n\r\n", 505, "http_version");
	ONE_ERROR("HTTP/0.9", "GET /healthz HTTP/0.9\r\nHost: t\r\n\r\n", 505, "http_version");
	ONE_ERROR("lower-case version", "GET /healthz http/1.1\r\nHost: t\r\n\r\n", 400, "bad_request");
	ONE_ERROR("header without a colon", "GET /healthz HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n", 400,
	          "bad_request");
	ONE_ERROR("broken chunk size",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
	          400, "bad_request");
	ONE_ERROR("chunk without its CRLF",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
	          "2\r\n{}XX0\r\n\r\n",
	          400, "bad_request");
	ONE_ERROR("chunk size beyond 64 bits",
	          "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
	          "fffffffffffffffffffff\r\n",
	          413, "too_large");

	big = malloc(n + 100);
	memcpy(big, "GET /", 5);
	memset(big + 5, 'a', n);
	strcpy(big + 5 + n, " HTTP/1.1\r\nHost: t\r\n\r\n");
	one_json_error("long target", big, strlen(big), 414, "too_large");
	strcpy(big, "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ");
	size_t l = strlen(big);
	memset(big + l, 'b', n);
	strcpy(big + l + n, "\r\n\r\n");
	one_json_error("huge header", big, strlen(big), 431, "too_large");
	free(big);
}

/* Nothing of a refused request is acted on: a registration hidden behind a
 * length and chunks stores no account. */
static void test_refused_body_is_not_run(void **state)
{
	char req[1024], body[300];
	(void)state;

	snprintf(body, sizeof body,
	         "{\"username\":\"smuggled1\",\"email\":\"smuggled1@example.test\","
	         "\"mobile\":\"13911112222\",\"password\":\"Smuggled-Pass-2026\","
	         "\"member_type\":\"individual\",\"agree_terms\":true}");
	snprintf(req, sizeof req,
	         "POST /api/v1/auth/register HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
	         "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n%zx\r\n%s\r\n0\r\n\r\n",
	         strlen(body), body);
	one_json_error("register behind length and chunks", req, strlen(req), 400, "bad_request");
	snprintf(req, sizeof req,
	         "POST /api/v1/auth/register HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
	         "Content-Length: 0\r\nContent-Length: %zu\r\n\r\n%s", strlen(body), body);
	one_json_error("register behind two lengths", req, strlen(req), 400, "bad_request");
	char *tok = ts_login(&ts, "smuggled1", "Smuggled-Pass-2026");
	assert_null(tok);
}

/* Well-formed requests keep working: pipelined on one connection, chunked,
 * HTTP/1.0 without Host. */
static void test_good_requests_still_served(void **state)
{
	static const char two[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
	                          "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
	static const char chunked[] = "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\n"
	                              "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
	                              "Connection: close\r\n\r\n"
	                              "10\r\n{\"login\":\"demo\",\r\n"
	                              "10\r\n\"password\":\"x\"}\r\n0\r\n\r\n";
	static const char old[] = "GET /healthz HTTP/1.0\r\n\r\n";
	char *out;
	size_t len;
	struct answer a;
	(void)state;

	assert_int_equal(ts_raw(&ts, two, sizeof two - 1, 20, &out, &len), 1);
	assert_int_equal(split_answers(out, len, &a), 2);
	assert_int_equal(a.status, 200);
	cJSON_Delete(a.json);
	free(out);

	assert_int_equal(ts_raw(&ts, chunked, sizeof chunked - 1, 20, &out, &len), 1);
	assert_int_equal(split_answers(out, len, &a), 1);
	assert_int_equal(a.status, 401);   /* read whole, judged on its content */
	cJSON_Delete(a.json);
	free(out);

	assert_int_equal(ts_raw(&ts, old, sizeof old - 1, 20, &out, &len), 1);
	assert_int_equal(split_answers(out, len, &a), 1);
	assert_int_equal(a.status, 200);
	cJSON_Delete(a.json);
	free(out);

	/* many headers are fine; a second Host among them is not */
	char many[4096];
	size_t n = (size_t)snprintf(many, sizeof many, "GET /healthz HTTP/1.1\r\nHost: t\r\n");
	for (int i = 0; i < 70; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "X-Header-%d: value %d\r\n", i, i);
	memcpy(many + n, "Connection: close\r\n\r\n", 21);
	assert_int_equal(ts_raw(&ts, many, n + 21, 20, &out, &len), 1);
	assert_int_equal(split_answers(out, len, &a), 1);
	assert_int_equal(a.status, 200);
	cJSON_Delete(a.json);
	free(out);
	memcpy(many + n, "Host: u\r\n\r\n", 12);
	one_json_error("a second Host after many", many, n + 11, 400, "bad_request");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_smuggling_shapes),
		cmocka_unit_test(test_head_oddities),
		cmocka_unit_test(test_library_errors_are_json),
		cmocka_unit_test(test_refused_body_is_not_run),
		cmocka_unit_test(test_good_requests_still_served),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
