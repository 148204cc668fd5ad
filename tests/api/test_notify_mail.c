/* Decisions reach members by e-mail in the member's own language, whatever
 * language the staff console speaks: the account keeps the language its
 * client asked for at login (Accept-Language) or set in the profile, a
 * rejection template chosen in one language reaches the member in the
 * other, and the SMTP test listener receives it. Staff messages to a
 * filtered set of members: the preview counts them, sending is queued and
 * finishes in the background, each member gets a message and an e-mail in
 * their language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>

#include "harness.h"
#include "fixture.h"
#include "smtp_sink.h"
#include "roster/json.h"

static struct test_server ts;
static struct smtp_sink *sink;
static char *hq, *en_tok, *zh_tok;
static int64_t en_app, zh_app;

/* The body of a message, decoded when base64 (malloc'd). */
static char *mail_body(const char *data)
{
	const char *p = strstr(data, "\r\n\r\n");
	unsigned char *out;
	size_t len = 0;

	if (!p)
		return NULL;
	if (!strstr(data, "Content-Transfer-Encoding: base64"))
		return strdup(p + 4);
	out = malloc(strlen(p) + 1);
	if (sodium_base642bin(out, strlen(p), p + 4, strlen(p + 4), "\r\n", &len, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(out);
		return NULL;
	}
	out[len] = '\0';
	return (char *)out;
}

/* Log in with an Accept-Language header: the token. */
static char *login_in(const char *user, const char *password, const char *lang)
{
	char body[256], header[64], *tok;
	const char *headers[] = { header, NULL };
	struct http_reply r;

	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", user, password);
	snprintf(header, sizeof header, "Accept-Language: %s", lang);
	assert_int_equal(http_req_ex(&ts, "POST", "/api/v1/auth/login", NULL, headers, body,
	                             strlen(body), 0, &r), 0);
	assert_int_equal(r.status, 200);
	tok = strdup(json_str_or(r.json, "token", ""));
	http_reply_free(&r);
	return tok;
}

/* POST as staff speaking lang. */
static long post_in(const char *token, const char *path, const char *body, const char *lang,
                    cJSON **out)
{
	char header[64];
	const char *headers[] = { header, NULL };
	struct http_reply r;
	long status;

	snprintf(header, sizeof header, "Accept-Language: %s", lang);
	assert_int_equal(http_req_ex(&ts, "POST", path, token, headers, body, strlen(body), 0, &r), 0);
	status = r.status;
	if (out) {
		*out = r.json;
		r.json = NULL;
	}
	http_reply_free(&r);
	return status;
}

static int64_t submit(const char *token, const char *name)
{
	fx_draft(&ts, token, "HQ", "regular", fx_profile(name));
	fx_upload_form(&ts, token);
	return fx_submit(&ts, token);
}

static int setup(void **state)
{
	char url[64];
	int port;

	(void)state;
	sink = smtp_sink_start(&port);
	if (!sink)
		return -1;
	snprintf(url, sizeof url, "mail.smtp_url=smtp://127.0.0.1:%d", port);
	const char *args[] = { "--set", url, "--set", "mail.from=office@example.test", NULL };
	if (ts_start(&ts, args) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	free(fx_register_as(&ts, "enmember", FX_PASSWORD));
	free(fx_register_as(&ts, "zhmember", FX_PASSWORD));
	/* one member's client speaks English, the other's Chinese */
	en_tok = login_in("enmember", FX_PASSWORD, "en-GB,en;q=0.9");
	zh_tok = login_in("zhmember", FX_PASSWORD, "zh-CN,zh;q=0.9,en;q=0.5");
	if (!hq || !en_tok || !zh_tok)
		return -1;
	en_app = submit(en_tok, "Anna Li");
	zh_app = submit(zh_tok, "李安娜");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(hq);
	free(en_tok);
	free(zh_tok);
	ts_stop(&ts);
	smtp_sink_stop(sink);
	return 0;
}

static void test_language_kept_on_the_account(void **state)
{
	cJSON *me;

	(void)state;
	me = fx_call(&ts, "GET", "/api/v1/me", en_tok, NULL, 200);
	assert_string_equal(json_str_or(me, "language", ""), "en");
	cJSON_Delete(me);
	me = fx_call(&ts, "GET", "/api/v1/me", zh_tok, NULL, 200);
	assert_string_equal(json_str_or(me, "language", ""), "zh");
	cJSON_Delete(me);
	/* a profile setting, and back */
	cJSON_Delete(fx_call(&ts, "PUT", "/api/v1/me/language", zh_tok, "{\"language\":\"xx\"}", 422));
	cJSON_Delete(fx_call(&ts, "PUT", "/api/v1/me/language", zh_tok, "{\"language\":\"en\"}", 200));
	me = fx_call(&ts, "GET", "/api/v1/me", zh_tok, NULL, 200);
	assert_string_equal(json_str_or(me, "language", ""), "en");
	cJSON_Delete(me);
	cJSON_Delete(fx_call(&ts, "PUT", "/api/v1/me/language", zh_tok, "{\"language\":\"zh\"}", 200));
}

static void test_rejection_in_the_members_language(void **state)
{
	char path[96], *m, *text;
	cJSON *a;

	(void)state;
	/* the Chinese console rejects the English member's application with a
	 * template ... */
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld/reject", (long long)en_app);
	assert_int_equal(post_in(hq, path, "{\"reason_code\":\"incomplete\"}", "zh-CN", NULL), 200);
	/* ... and the English console the Chinese member's */
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld/reject", (long long)zh_app);
	assert_int_equal(post_in(hq, path, "{\"reason_code\":\"stamp_missing\",\"reason\":\"第2页\"}",
	                         "en", NULL), 200);

	/* mail 1 was the welcome, mail 2 the decision */
	m = smtp_sink_wait(sink, "enmember@example.test", 2, 15000);
	assert_non_null(m);
	assert_non_null(strstr(m, "Subject: Application rejected"));
	text = mail_body(m);
	assert_non_null(text);
	assert_non_null(strstr(text, "Hello enmember"));
	assert_non_null(strstr(text, "The application is incomplete."));
	assert_null(strstr(text, "申请资料"));
	free(text);
	free(m);

	m = smtp_sink_wait(sink, "zhmember@example.test", 2, 15000);
	assert_non_null(m);
	assert_non_null(strstr(m, "Subject: =?UTF-8?B?"));
	text = mail_body(m);
	assert_non_null(text);
	assert_non_null(strstr(text, "上传的申请表缺少签字或单位盖章"));
	assert_non_null(strstr(text, "第2页"));
	assert_null(strstr(text, "signature"));
	free(text);
	free(m);

	/* the record keeps the reason in the member's language */
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)en_app);
	a = fx_call(&ts, "GET", path, en_tok, NULL, 200);
	assert_non_null(strstr(json_str_or(a, "status_reason", ""), "incomplete"));
	cJSON_Delete(a);
	/* an unknown template is refused */
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld/reject", (long long)zh_app);
	assert_int_equal(post_in(hq, path, "{\"reason_code\":\"no_such\"}", "en", NULL), 422);
}

static void test_broadcast(void **state)
{
	cJSON *o, *m;
	char path[64], *mail, *text;
	int64_t id;
	const cJSON *it;
	bool seen = false;

	(void)state;
	o = fx_call(&ts, "POST", "/api/v1/broadcasts/preview", hq,
	            "{\"filter\":{\"status\":\"rejected\"}}", 200);
	assert_int_equal(json_int_or(o, "matched", -1), 2);
	cJSON_Delete(o);
	o = fx_call(&ts, "POST", "/api/v1/broadcasts/preview", hq,
	            "{\"filter\":{\"status\":\"active\"}}", 200);
	assert_int_equal(json_int_or(o, "matched", -1), 0);
	cJSON_Delete(o);
	o = fx_call(&ts, "POST", "/api/v1/broadcasts/preview", hq,
	            "{\"filter\":{\"expiring_before\":\"someday\"}}", 422);
	cJSON_Delete(o);

	o = fx_call(&ts, "POST", "/api/v1/broadcasts", hq,
	            "{\"filter\":{\"status\":\"rejected\"},\"title_zh\":\"补交材料提醒\","
	            "\"title_en\":\"Please complete your application\",\"body_zh\":\"请在月底前补交。\","
	            "\"body_en\":\"Please send the missing papers by the end of the month.\","
	            "\"email\":true}", 202);
	id = json_int_or(o, "id", 0);
	assert_int_equal(json_int_or(o, "matched", -1), 2);
	cJSON_Delete(o);

	mail = smtp_sink_wait(sink, "enmember@example.test", 3, 15000);
	assert_non_null(mail);
	assert_non_null(strstr(mail, "Subject: Please complete your application"));
	free(mail);
	mail = smtp_sink_wait(sink, "zhmember@example.test", 3, 15000);
	assert_non_null(mail);
	text = mail_body(mail);
	assert_non_null(strstr(text, "请在月底前补交。"));
	free(text);
	free(mail);

	snprintf(path, sizeof path, "/api/v1/broadcasts/%lld", (long long)id);
	for (int i = 0; i < 100; i++) {
		o = fx_call(&ts, "GET", path, hq, NULL, 200);
		if (!strcmp(json_str_or(o, "status", ""), "done"))
			break;
		cJSON_Delete(o);
		o = NULL;
		usleep(100000);
	}
	assert_non_null(o);
	assert_int_equal(json_int_or(o, "sent", -1), 2);
	cJSON_Delete(o);

	m = fx_call(&ts, "GET", "/api/v1/messages", en_tok, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(m, "items"))
		if (!strcmp(json_str_or(it, "title_en", ""), "Please complete your application"))
			seen = true;
	assert_true(seen);
	cJSON_Delete(m);
	/* the list shows it; a done broadcast cannot be cancelled */
	o = fx_call(&ts, "GET", "/api/v1/broadcasts", hq, NULL, 200);
	assert_int_equal(json_int_or(o, "total", -1), 1);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/broadcasts/%lld/cancel", (long long)id);
	cJSON_Delete(fx_call(&ts, "POST", path, hq, NULL, 409));
	/* members do not send */
	cJSON_Delete(fx_call(&ts, "POST", "/api/v1/broadcasts/preview", en_tok, "{}", 403));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_language_kept_on_the_account),
		cmocka_unit_test(test_rejection_in_the_members_language),
		cmocka_unit_test(test_broadcast),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
