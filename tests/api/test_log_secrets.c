/* No secret in any log line: one server runs a broad set of flows (sign-in
 * with good and wrong passwords, a reset code, a password change, phone
 * hand-off links to upload and download, sandbox payments and their
 * callbacks, a refund due, a made-up bearer token, mistyped secret links),
 * then its whole log is searched for every password, session token, reset
 * code, hand-off token and payment token the flows used. The log must also
 * show the requests were logged at all, or the search would prove nothing. */
#include <ctype.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

#define MAX_SECRETS 64

struct secrets {
	char *s[MAX_SECRETS];
	bool digits[MAX_SECRETS];   /* a code: only a whole run of digits counts */
	int n;
};

static void keep(struct secrets *k, const char *s)
{
	assert_non_null(s);
	assert_true(strlen(s) >= 6);
	assert_true(k->n < MAX_SECRETS);
	k->digits[k->n] = false;
	k->s[k->n++] = strdup(s);
}

static void keep_code(struct secrets *k, const char *code)
{
	keep(k, code);
	k->digits[k->n - 1] = true;
}

/* Case-insensitive search (hand-off tokens work in either case); a code
 * counts only where it is not part of a longer word or number (order
 * numbers and timings are digits too). */
static const char *find(const char *hay, const char *needle, bool whole)
{
	size_t n = strlen(needle);

	for (const char *p = hay; *p; p++) {
		if (strncasecmp(p, needle, n) != 0)
			continue;
		if (!whole || ((p == hay || !isalnum((unsigned char)p[-1])) &&
		               !isalnum((unsigned char)p[n])))
			return p;
	}
	return NULL;
}

static char *file_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, r;
	char tmp[65536];

	if (!f)
		return NULL;
	buf = calloc(1, 1);
	while ((r = fread(tmp, 1, sizeof tmp, f)) > 0) {
		buf = realloc(buf, n + r + 1);
		memcpy(buf + n, tmp, r);
		n += r;
		buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

static long get(const struct test_server *ts, const char *path, const char *token)
{
	struct http_reply r;
	long st;

	assert_int_equal(http_req(ts, "GET", path, token, NULL, &r), 0);
	st = r.status;
	http_reply_free(&r);
	return st;
}

/* POST /handoff: the link's token (kept) and path into path. */
static void handoff(const struct test_server *ts, const char *tok, const char *body,
                    struct secrets *k, char path[64])
{
	cJSON *h = fx_call(ts, "POST", "/api/v1/handoff", tok, body, 201);

	keep(k, json_str_or(h, "token", ""));
	snprintf(path, 64, "/h/%s", json_str_or(h, "token", ""));
	cJSON_Delete(h);
}

static void accounts_and_codes(const struct test_server *ts, struct secrets *k)
{
	char body[256], code[7], *tok, *mail;
	struct http_reply r;

	keep(k, "Log-Secret-Pass-1");
	tok = fx_register_as(ts, "logsecret", "Log-Secret-Pass-1");
	keep(k, tok);
	free(tok);
	/* a wrong password is a secret too (often a near miss of the real one) */
	keep(k, "Log-Secret-Wrong-9");
	assert_null(ts_login(ts, "logsecret", "Log-Secret-Wrong-9"));
	assert_null(ts_login(ts, "nobody-here", "Log-Secret-Wrong-9"));

	/* a reset code by mail, used */
	assert_int_equal(http_req(ts, "POST", "/api/v1/auth/email-code", NULL,
	                          "{\"email\":\"logsecret@example.test\"}", &r), 0);
	assert_int_equal(r.status, 202);
	http_reply_free(&r);
	mail = ts_outbox_latest(ts, "logsecret@example.test");
	assert_non_null(mail);
	ts_find_code(mail, code);
	free(mail);
	assert_int_equal(strlen(code), 6);
	keep_code(k, code);
	keep(k, "Log-Secret-Pass-2");
	snprintf(body, sizeof body, "{\"email\":\"logsecret@example.test\",\"code\":\"%s\","
	         "\"new_password\":\"Log-Secret-Pass-2\"}", code);
	cJSON_Delete(fx_call(ts, "POST", "/api/v1/auth/password/reset", NULL, body, 200));
	/* the same code again is refused */
	cJSON_Delete(fx_call(ts, "POST", "/api/v1/auth/password/reset", NULL, body, 400));

	/* a password change, then sign out */
	tok = ts_login(ts, "logsecret@example.test", "Log-Secret-Pass-2");
	keep(k, tok);
	keep(k, "Log-Secret-Pass-3");
	cJSON_Delete(fx_call(ts, "POST", "/api/v1/auth/password", tok,
	                     "{\"old_password\":\"Log-Secret-Wrong-9\","
	                     "\"new_password\":\"Log-Secret-Pass-3\"}", 422));
	cJSON_Delete(fx_call(ts, "POST", "/api/v1/auth/password", tok,
	                     "{\"old_password\":\"Log-Secret-Pass-2\","
	                     "\"new_password\":\"Log-Secret-Pass-3\"}", 200));
	cJSON_Delete(fx_call(ts, "POST", "/api/v1/auth/logout", tok, "{}", 200));
	/* the ended session, and a token nobody was given */
	assert_int_equal(get(ts, "/api/v1/me", tok), 401);
	free(tok);
	keep(k, "MadeUpBearerToken-0123456789abcdef");
	assert_int_equal(get(ts, "/api/v1/me", "MadeUpBearerToken-0123456789abcdef"), 401);
	tok = ts_login(ts, "logsecret", "Log-Secret-Pass-3");
	keep(k, tok);

	/* staff sign in too */
	keep(k, "Hq-Demo-2026");
	free(tok);
	tok = ts_login(ts, "hq", "Hq-Demo-2026");
	keep(k, tok);
	free(tok);
}

static void phone_links(const struct test_server *ts, struct secrets *k)
{
	char *tok = fx_register(ts, "logphone"), path[64], more[96];
	struct http_reply r;

	keep(k, FX_PASSWORD);
	keep(k, tok);
	handoff(ts, tok, "{\"purpose\":\"upload_attachment\"}", k, path);
	assert_int_equal(get(ts, path, NULL), 200);
	/* mistyped: a path no route has, with the token in it */
	snprintf(more, sizeof more, "%s/nothing-here", path);
	assert_int_equal(get(ts, more, NULL), 404);
	for (char *p = more; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	assert_int_equal(get(ts, more, NULL), 404);
	assert_int_equal(http_upload(ts, path, NULL, "file", "stamp.png", "image/png", fx_png,
	                             fx_png_len, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	/* spent */
	assert_int_equal(get(ts, path, NULL), 410);

	fx_draft(ts, tok, "HQ", "regular", fx_profile("日志用户"));
	handoff(ts, tok, "{\"purpose\":\"download\",\"doc\":\"application_form\"}", k, path);
	snprintf(more, sizeof more, "%s/file", path);
	assert_int_equal(get(ts, more, NULL), 200);
	assert_int_equal(get(ts, more, NULL), 410);
	free(tok);
}

static void payments(const struct test_server *ts, struct secrets *k)
{
	char *tok = fx_pending_payment(ts, "logpayer", "HQ", "日志付款人");
	char years[16], sql[256], event[96], more[96], *code, *second, *body, *sig;
	int64_t order;
	cJSON *o;

	keep(k, tok);
	snprintf(years, sizeof years, "[%d]", fx_year());
	order = fx_order(ts, tok, years);
	o = fx_get_order(ts, tok, order);
	char order_no[32];
	long long amount = json_int_or(o, "amount", 0);
	snprintf(order_no, sizeof order_no, "%s", json_str_or(o, "order_no", ""));
	cJSON_Delete(o);

	code = fx_qr(ts, tok, order);
	keep(k, code + strlen("/pay/sb/"));
	assert_int_equal(get(ts, code, NULL), 200);
	snprintf(more, sizeof more, "%s/nothing-here", code);
	assert_int_equal(get(ts, more, NULL), 404);
	/* the code runs out; a second one pays */
	snprintf(sql, sizeof sql, "UPDATE payments SET expires_at = 1 WHERE token = '%s'",
	         code + strlen("/pay/sb/"));
	fx_sql(ts, sql);
	assert_int_equal(get(ts, code, NULL), 410);
	second = fx_qr(ts, tok, order);
	keep(k, second + strlen("/pay/sb/"));
	assert_int_equal(fx_confirm(ts, second), 200);
	assert_int_equal(fx_confirm(ts, second), 200);

	/* callbacks: the first code's money (a refund due), a replay, a second
	 * notice of the paying trade, a forged one and one for no trade */
	snprintf(event, sizeof event, "evt-log-%s", code + strlen("/pay/sb/"));
	body = fx_callback_body(event, order_no, code + strlen("/pay/sb/"), amount, 0);
	sig = fx_sandbox_sign(ts, body);
	assert_int_equal(fx_callback(ts, body, sig), 200);
	assert_int_equal(fx_callback(ts, body, sig), 200);
	assert_int_equal(fx_callback(ts, body, NULL), 401);
	free(sig);
	free(body);
	snprintf(event, sizeof event, "evt-log-again-%s", second + strlen("/pay/sb/"));
	body = fx_callback_body(event, order_no, second + strlen("/pay/sb/"), amount, 0);
	sig = fx_sandbox_sign(ts, body);
	assert_int_equal(fx_callback(ts, body, sig), 200);
	free(sig);
	free(body);
	keep(k, "NoSuchTradeToken");
	body = fx_callback_body("evt-log-none-NoSuchTradeToken", order_no, "NoSuchTradeToken",
	                        amount, 0);
	sig = fx_sandbox_sign(ts, body);
	assert_int_equal(fx_callback(ts, body, sig), 404);
	free(sig);
	free(body);
	body = fx_callback_body("evt-log-amount", order_no, second + strlen("/pay/sb/"),
	                        amount + 1, 0);
	sig = fx_sandbox_sign(ts, body);
	assert_int_equal(fx_callback(ts, body, sig), 409);
	free(sig);
	free(body);

	/* the receipt and the certificate by phone */
	char path[64];
	snprintf(years, sizeof years, "receipt:%lld", (long long)order);
	snprintf(sql, sizeof sql, "{\"purpose\":\"download\",\"doc\":\"%s\"}", years);
	handoff(ts, tok, sql, k, path);
	snprintf(more, sizeof more, "%s/file", path);
	assert_int_equal(get(ts, more, NULL), 200);
	handoff(ts, tok, "{\"purpose\":\"download\",\"doc\":\"certificate\"}", k, path);
	assert_int_equal(get(ts, path, NULL), 200);
	free(second);
	free(code);
	free(tok);
}

static void test_no_secret_in_log(void **state)
{
	struct test_server ts;
	struct secrets k = { 0 };
	char path[320], *log;
	int st;
	(void)state;

	assert_int_equal(ts_start(&ts, NULL), 0);
	accounts_and_codes(&ts, &k);
	phone_links(&ts, &k);
	payments(&ts, &k);

	/* stop the server so every buffered line is written, keep its log */
	kill(ts.pid, SIGTERM);
	assert_int_equal(waitpid(ts.pid, &st, 0), ts.pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ts.pid = -1;
	snprintf(path, sizeof path, "%s/server.log", ts.dir);
	log = file_read(path);
	assert_non_null(log);

	/* the flows were logged, so the search below means something */
	assert_non_null(strstr(log, "\"/api/v1/auth/login\" 200"));
	assert_non_null(strstr(log, "\"/api/v1/auth/login\" 401"));
	assert_non_null(strstr(log, "\"/api/v1/auth/password/reset\" 200"));
	assert_non_null(strstr(log, "\"/h/{token}\" 200"));
	assert_non_null(strstr(log, "\"/pay/sb/{token}\" 200"));
	assert_non_null(strstr(log, "\"/pay/callback/sandbox\" 200"));
	assert_non_null(strstr(log, "\"/pay/callback/sandbox\" 404"));
	assert_non_null(strstr(log, "needs a refund"));
	assert_non_null(strstr(log, " 404 "));

	for (int i = 0; i < k.n; i++) {
		const char *at = find(log, k.s[i], k.digits[i]);
		if (at) {
			const char *bol = at, *eol = strchr(at, '\n');
			while (bol > log && bol[-1] != '\n')
				bol--;
			fail_msg("a secret is in the log: %.*s", (int)(eol ? eol - bol : 200), bol);
		}
		free(k.s[i]);
	}
	free(log);
	assert_int_equal(ts_stop(&ts), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_secret_in_log),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
