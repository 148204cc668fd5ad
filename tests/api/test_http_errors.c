/* Bad input of every kind gets a 4xx JSON error and the server keeps
 * serving; plus the HTTP niceties: gzip, ETag/If-None-Match, HEAD, the
 * request log without secrets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "harness.h"

static struct test_server ts;
static char *token;

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	token = ts_login(&ts, "demo", "Member-Demo-2026");
	return token ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(token);
	return ts_stop(&ts) == 0 ? 0 : -1;
}

/* The reply is a JSON error with this status and code. */
static void expect_error(const struct http_reply *r, long status, const char *code)
{
	if (r->status != status)
		fprintf(stderr, "got %ld: %s\n", r->status, r->body);
	assert_int_equal(r->status, status);
	assert_non_null(r->json);
	assert_string_equal(http_error_code(r), code);
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r->json, "error"), "message");
	assert_true(cJSON_IsString(msg) && msg->valuestring[0]);
	char *ct = http_reply_header(r, "Content-Type");
	assert_non_null(ct);
	assert_non_null(strstr(ct, "application/json"));
	free(ct);
}

static void still_serving(void)
{
	struct http_reply r;

	assert_int_equal(http_req(&ts, "GET", "/healthz", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	assert_int_equal(http_req(&ts, "GET", "/api/v1/me", token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
}

static void post_raw(const char *path, const void *body, size_t len, struct http_reply *r)
{
	assert_int_equal(http_req_ex(&ts, "POST", path, NULL, NULL, body, len, 0, r), 0);
}

static void test_malformed_json(void **state)
{
	static const char *bodies[] = {
		"{", "{\"login\":", "not json", "{\"login\":\"a\",}", "{'login':'a'}",
		"{\"login\":\"a\"} trailing", "\"just a string\"", "42", "null",
	};
	struct http_reply r;
	(void)state;

	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		post_raw("/api/v1/auth/login", bodies[i], strlen(bodies[i]), &r);
		assert_true(r.status == 400);
		assert_true(!strcmp(http_error_code(&r), "bad_json") || !strcmp(http_error_code(&r), "bad_request"));
		http_reply_free(&r);
	}
	/* an array is JSON but not an object */
	post_raw("/api/v1/auth/login", "[1,2]", 5, &r);
	expect_error(&r, 400, "bad_request");
	http_reply_free(&r);
	/* NUL bytes inside the body */
	post_raw("/api/v1/auth/login", "{\"login\":\"a\0b\"}", 15, &r);
	assert_int_equal(r.status, 400);
	http_reply_free(&r);
	/* nesting far beyond reason */
	char deep[5000];
	memset(deep, '[', 2500);
	memset(deep + 2500, ']', 2500);
	post_raw("/api/v1/auth/login", deep, sizeof deep, &r);
	assert_int_equal(r.status, 400);
	http_reply_free(&r);
	still_serving();
}

static void test_invalid_utf8(void **state)
{
	struct http_reply r;
	(void)state;

	/* in a JSON string */
	const char body[] = "{\"login\":\"\xff\xfe\",\"password\":\"x\"}";
	post_raw("/api/v1/auth/login", body, sizeof body - 1, &r);
	expect_error(&r, 400, "bad_utf8");
	http_reply_free(&r);
	/* an overlong encoding of '/' and a lone surrogate */
	const char body2[] = "{\"login\":\"\xc0\xaf\xed\xa0\x80\",\"password\":\"x\"}";
	post_raw("/api/v1/auth/login", body2, sizeof body2 - 1, &r);
	expect_error(&r, 400, "bad_utf8");
	http_reply_free(&r);
	/* in the query string and in the path */
	assert_int_equal(http_req(&ts, "GET", "/api/v1/me?page=%ff%fe", token, NULL, &r), 0);
	expect_error(&r, 400, "bad_utf8");
	http_reply_free(&r);
	assert_int_equal(http_req(&ts, "GET", "/api/v1/%c3%28", token, NULL, &r), 0);
	expect_error(&r, 400, "bad_utf8");
	http_reply_free(&r);
	still_serving();
}

static void test_wrong_types(void **state)
{
	struct http_reply r;
	(void)state;

	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/login", NULL,
	                          "{\"login\":123,\"password\":[\"x\"]}", &r), 0);
	expect_error(&r, 422, "validation");
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r.json, "error"), "fields");
	assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(f, "login")));
	assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(f, "password")));
	http_reply_free(&r);
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/register", NULL,
	                          "{\"username\":\"x1234\",\"email\":\"x@example.test\",\"mobile\":13900000000,"
	                          "\"password\":\"a long password\",\"member_type\":\"individual\",\"agree_terms\":\"yes\"}", &r), 0);
	expect_error(&r, 422, "validation");
	f = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r.json, "error"), "fields");
	assert_non_null(cJSON_GetObjectItemCaseSensitive(f, "mobile"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(f, "agree_terms"));
	http_reply_free(&r);
	/* an empty body is an empty object: every required field is missing */
	post_raw("/api/v1/auth/login", "", 0, &r);
	expect_error(&r, 422, "validation");
	http_reply_free(&r);
	still_serving();
}

static void test_huge_bodies(void **state)
{
	struct http_reply r;
	size_t big = 2u << 20;   /* twice the JSON cap */
	char *body = malloc(big);
	(void)state;

	memset(body, ' ', big);
	body[0] = '{';
	body[big - 1] = '}';
	post_raw("/api/v1/auth/login", body, big, &r);
	expect_error(&r, 413, "too_large");
	http_reply_free(&r);
	/* the same without a Content-Length (chunked) */
	const char *chunked[] = { "Transfer-Encoding: chunked", NULL };
	assert_int_equal(http_req_ex(&ts, "POST", "/api/v1/auth/login", NULL, chunked, body, big, 0, &r), 0);
	expect_error(&r, 413, "too_large");
	http_reply_free(&r);
	/* just under the cap is read (and then judged on its content) */
	size_t ok = (1u << 20) - 64;
	memset(body, ' ', ok);
	memcpy(body, "{\"login\":\"demo\",\"password\":\"x\"", 30);
	body[ok - 1] = '}';
	post_raw("/api/v1/auth/login", body, ok, &r);
	expect_error(&r, 401, "bad_credentials");
	http_reply_free(&r);
	free(body);
	/* a huge header block is refused by the HTTP layer, not crashed on */
	char *hdr = malloc(100000);
	memset(hdr, 'a', 99999);
	memcpy(hdr, "X-Big: ", 7);
	hdr[99999] = '\0';
	const char *hdrs[] = { hdr, NULL };
	assert_int_equal(http_req_ex(&ts, "GET", "/api/v1/me", token, hdrs, NULL, 0, 0, &r), 0);
	assert_true(r.status >= 400 && r.status < 500);
	http_reply_free(&r);
	free(hdr);
	still_serving();
}

static void test_unknown_routes_and_methods(void **state)
{
	struct http_reply r;
	(void)state;

	static const char *paths[] = {
		"/api/v1/nope", "/api/v1", "/api/v2/me", "/", "/index.html", "/api/v1/me/extra",
		"/api/v1/auth/login/x", "/../../etc/passwd", "/api/v1/%00",
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(http_req(&ts, "GET", paths[i], token, NULL, &r), 0);
		assert_true(r.status == 404 || r.status == 400);
		assert_non_null(r.json);
		http_reply_free(&r);
	}
	assert_int_equal(http_req(&ts, "DELETE", "/api/v1/me", token, NULL, &r), 0);
	expect_error(&r, 405, "method_not_allowed");
	char *allow = http_reply_header(&r, "Allow");
	assert_non_null(allow);
	assert_string_equal(allow, "GET");
	free(allow);
	http_reply_free(&r);
	assert_int_equal(http_req(&ts, "GET", "/api/v1/auth/login", NULL, NULL, &r), 0);
	expect_error(&r, 405, "method_not_allowed");
	http_reply_free(&r);
	assert_int_equal(http_req(&ts, "BREW", "/api/v1/me", token, NULL, &r), 0);
	assert_true(r.status == 405 || r.status == 400 || r.status == 501);
	http_reply_free(&r);
	/* a trailing slash is the same route */
	assert_int_equal(http_req(&ts, "GET", "/api/v1/me/", token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	still_serving();
}

static void test_auth_errors(void **state)
{
	struct http_reply r;
	(void)state;

	assert_int_equal(http_req(&ts, "GET", "/api/v1/me", NULL, NULL, &r), 0);
	expect_error(&r, 401, "unauthorized");
	http_reply_free(&r);
	assert_int_equal(http_req(&ts, "GET", "/api/v1/me", "not-a-token", NULL, &r), 0);
	expect_error(&r, 401, "unauthorized");
	http_reply_free(&r);
	char longtok[600];
	memset(longtok, 'A', sizeof longtok - 1);
	longtok[sizeof longtok - 1] = '\0';
	assert_int_equal(http_req(&ts, "GET", "/api/v1/me", longtok, NULL, &r), 0);
	expect_error(&r, 401, "unauthorized");
	http_reply_free(&r);
	const char *basic[] = { "Authorization: Basic ZGVtbzp4", NULL };
	assert_int_equal(http_req_ex(&ts, "GET", "/api/v1/me", NULL, basic, NULL, 0, 0, &r), 0);
	expect_error(&r, 401, "unauthorized");
	http_reply_free(&r);
}

static void test_gzip_etag_head(void **state)
{
	struct http_reply r, r2;
	(void)state;

	/* the OpenAPI document is big enough to be compressed */
	assert_int_equal(http_req_ex(&ts, "GET", "/api/v1/openapi.json", NULL, NULL, NULL, 0, HTTP_GZIP, &r), 0);
	assert_int_equal(r.status, 200);
	char *ce = http_reply_header(&r, "Content-Encoding");
	assert_non_null(ce);
	assert_string_equal(ce, "gzip");
	free(ce);
	assert_non_null(r.json);   /* libcurl decoded it */
	assert_non_null(cJSON_GetObjectItemCaseSensitive(r.json, "paths"));
	char *etag = http_reply_header(&r, "ETag");
	assert_non_null(etag);
	http_reply_free(&r);

	/* without Accept-Encoding: plain */
	assert_int_equal(http_req(&ts, "GET", "/api/v1/openapi.json", NULL, NULL, &r), 0);
	assert_null(http_reply_header(&r, "Content-Encoding"));
	char *etag2 = http_reply_header(&r, "ETag");
	assert_string_equal(etag, etag2);
	free(etag2);
	http_reply_free(&r);

	/* If-None-Match: 304, no body */
	char inm[200];
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	const char *h[] = { inm, NULL };
	assert_int_equal(http_req_ex(&ts, "GET", "/api/v1/openapi.json", NULL, h, NULL, 0, 0, &r), 0);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.len, 0);
	http_reply_free(&r);
	const char *other[] = { "If-None-Match: \"something-else\"", NULL };
	assert_int_equal(http_req_ex(&ts, "GET", "/api/v1/openapi.json", NULL, other, NULL, 0, 0, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	free(etag);

	/* an authenticated GET has an ETag too and is private */
	assert_int_equal(http_req(&ts, "GET", "/api/v1/me", token, NULL, &r), 0);
	etag = http_reply_header(&r, "ETag");
	assert_non_null(etag);
	char *cc = http_reply_header(&r, "Cache-Control");
	assert_non_null(strstr(cc, "private"));
	free(cc);
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	assert_int_equal(http_req_ex(&ts, "GET", "/api/v1/me", token, h, NULL, 0, 0, &r2), 0);
	assert_int_equal(r2.status, 304);
	http_reply_free(&r2);
	free(etag);
	http_reply_free(&r);

	/* HEAD: headers only */
	assert_int_equal(http_req(&ts, "HEAD", "/api/v1/me", token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 0);
	http_reply_free(&r);
}

static void test_log_has_no_secrets(void **state)
{
	char path[400], *log = NULL;
	size_t len = 0;
	FILE *f;
	(void)state;

	still_serving();
	snprintf(path, sizeof path, "%s/server.log", ts.dir);
	f = fopen(path, "r");
	assert_non_null(f);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		log = realloc(log, len + n + 1);
		memcpy(log + len, buf, n);
		len += n;
		log[len] = '\0';
	}
	fclose(f);
	assert_non_null(log);
	/* one line per request with method, path, status, time, account */
	assert_non_null(strstr(log, "GET \"/api/v1/me\" 200 "));
	assert_non_null(strstr(log, "acct="));
	assert_null(strstr(log, "Member-Demo-2026"));
	assert_null(strstr(log, token));
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_json),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_huge_bodies),
		cmocka_unit_test(test_unknown_routes_and_methods),
		cmocka_unit_test(test_auth_errors),
		cmocka_unit_test(test_gzip_etag_head),
		cmocka_unit_test(test_log_has_no_secrets),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
