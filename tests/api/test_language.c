/* Each request is answered in the language it asks for (Accept-Language),
 * whatever another request on the same server asked for; without a zh or en
 * tag the configured default (Chinese) applies. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "harness.h"

static struct test_server ts;

static int setup(void **state)
{
	(void)state;
	return ts_start(&ts, NULL);
}

static int teardown(void **state)
{
	(void)state;
	ts_stop(&ts);
	return 0;
}

/* The message of GET /me without a token sent with that Accept-Language
 * (NULL: no header); malloc'd. */
static char *login_message(const char *accept_language)
{
	char hdr[200];
	const char *headers[] = { hdr, NULL };
	struct http_reply r;

	snprintf(hdr, sizeof hdr, "Accept-Language: %s", accept_language ? accept_language : "");
	assert_int_equal(http_req_ex(&ts, "GET", "/api/v1/me", NULL,
	                             accept_language ? headers : NULL, NULL, 0, 0, &r), 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(http_error_code(&r), "unauthorized");
	const cJSON *err = cJSON_GetObjectItem(r.json, "error");
	const cJSON *msg = cJSON_GetObjectItem(err, "message");
	assert_true(cJSON_IsString(msg));
	char *out = strdup(msg->valuestring);
	http_reply_free(&r);
	return out;
}

static void test_accept_language(void **state)
{
	(void)state;
	static const struct { const char *al, *want; } cases[] = {
		{ "en", "Please sign in." },
		{ "en-GB,en;q=0.9", "Please sign in." },
		{ "zh-CN", "请先登录。" },
		{ "zh-CN,zh;q=0.9,en;q=0.8", "请先登录。" },
		{ "fr-FR, en;q=0.5, zh;q=0.4", "Please sign in." },
		{ "en;q=0.2, zh_CN;q=0.7", "请先登录。" },
		{ "fr", "请先登录。" },          /* neither: the default */
		{ NULL, "请先登录。" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *m = login_message(cases[i].al);
		if (strcmp(m, cases[i].want) != 0)
			fail_msg("Accept-Language %s: got \"%s\", want \"%s\"",
			         cases[i].al ? cases[i].al : "(none)", m, cases[i].want);
		free(m);
	}
}

/* Field reasons follow the request's language too. */
static void test_field_errors_language(void **state)
{
	(void)state;
	const char *hdr_en[] = { "Accept-Language: en", NULL };
	const char *body = "{\"username\":\"x\",\"email\":\"bad\",\"mobile\":\"1\","
	                   "\"password\":\"short\",\"member_type\":\"individual\","
	                   "\"agree_terms\":true}";
	struct http_reply r;

	assert_int_equal(http_req_ex(&ts, "POST", "/api/v1/auth/register", NULL, hdr_en,
	                             body, strlen(body), 0, &r), 0);
	assert_int_equal(r.status, 422);
	const cJSON *fields = cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "error"), "fields");
	const cJSON *email = cJSON_GetObjectItem(fields, "email");
	assert_true(cJSON_IsString(email));
	/* English text: plain ASCII */
	for (const char *p = email->valuestring; *p; p++)
		assert_true((unsigned char)*p < 0x80);
	http_reply_free(&r);

	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/register", NULL, body, &r), 0);
	assert_int_equal(r.status, 422);
	fields = cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "error"), "fields");
	email = cJSON_GetObjectItem(fields, "email");
	assert_true(cJSON_IsString(email));
	bool cjk = false;
	for (const char *p = email->valuestring; *p; p++)
		cjk = cjk || (unsigned char)*p >= 0xe4;
	assert_true(cjk);
	http_reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accept_language),
		cmocka_unit_test(test_field_errors_language),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
