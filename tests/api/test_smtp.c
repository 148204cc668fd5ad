/* The real SMTP path: rosterd with mail.smtp_url pointing at a listener on
 * loopback (smtp_sink.c); a password reset with the code read from the
 * SMTP DATA. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <sodium.h>
#include "harness.h"
#include "fixture.h"
#include "smtp_sink.h"

/* The decoded body of a base64 text/plain message, or NULL. */
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

/* The decoded Subject (one or more RFC 2047 B-words), or NULL. */
static char *mail_subject(const char *data)
{
	const char *s = strstr(data, "\r\nSubject: ");
	char *out = calloc(1, 1024);
	size_t n = 0;

	if (!s)
		return NULL;
	s += 11;
	if (strncmp(s, "=?UTF-8?B?", 10) != 0) {
		/* plain ASCII subject */
		size_t l = strcspn(s, "\r");
		memcpy(out, s, l < 1023 ? l : 1023);
		return out;
	}
	for (;;) {
		const char *w = strstr(s, "=?UTF-8?B?");
		const char *eol = strstr(s, "\r\n");
		if (!w || (eol && w > eol && !(eol[2] == ' ')))
			break;
		w += 10;
		const char *e = strstr(w, "?=");
		size_t len = 0;
		if (!e || sodium_base642bin((unsigned char *)out + n, 1023 - n, w, (size_t)(e - w),
		                            NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
			break;
		n += len;
		s = e + 2;
		if (strncmp(s, "\r\n ", 3) != 0)
			break;
		s += 3;
	}
	out[n] = '\0';
	return out;
}

static void test_reset_over_smtp(void **state)
{
	struct test_server ts;
	struct http_reply r;
	char url[64], code[7], body[256];
	int port;
	(void)state;

	struct smtp_sink *sink = smtp_sink_start(&port);
	assert_non_null(sink);
	snprintf(url, sizeof url, "mail.smtp_url=smtp://127.0.0.1:%d", port);
	const char *args[] = { "--set", url, "--set", "mail.from=office@example.test", NULL };
	assert_int_equal(ts_start(&ts, args), 0);

	/* registering sends the welcome mail over SMTP, not to the outbox */
	char *tok = fx_register_as(&ts, "smtp01", "smtp password 1");
	assert_non_null(tok);
	char *m1 = smtp_sink_wait(sink, "smtp01@example.test", 1, 10000);
	assert_non_null(m1);
	assert_int_equal(ts_outbox_count(&ts, "smtp01@example.test"), 0);
	assert_non_null(strstr(m1, "From: "));
	assert_non_null(strstr(m1, "<office@example.test>"));
	assert_non_null(strstr(m1, "To: <smtp01@example.test>"));
	assert_non_null(strstr(m1, "MIME-Version: 1.0"));
	assert_non_null(strstr(m1, "Content-Type: text/plain; charset=UTF-8"));
	assert_non_null(strstr(m1, "Date: "));
	assert_non_null(strstr(m1, "Message-ID: <"));
	free(m1);

	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/email-code", NULL,
	                          "{\"email\":\"smtp01@example.test\"}", &r), 0);
	assert_int_equal(r.status, 202);
	http_reply_free(&r);
	char *m2 = smtp_sink_wait(sink, "smtp01@example.test", 2, 10000);
	assert_non_null(m2);
	char *subject = mail_subject(m2);
	assert_non_null(subject);
	/* the server speaks Chinese by default: the subject is RFC 2047
	 * encoded UTF-8 */
	assert_non_null(strstr(m2, "Subject: =?UTF-8?B?"));
	assert_non_null(strstr(subject, "验证码"));
	free(subject);
	char *text = mail_body(m2);
	assert_non_null(text);
	/* ts_find_code wants the headers/body split of a whole message */
	char *whole = malloc(strlen(text) + 5);
	sprintf(whole, "\r\n\r\n%s", text);
	ts_find_code(whole, code);
	free(whole);
	free(text);
	free(m2);
	assert_int_equal(strlen(code), 6);

	snprintf(body, sizeof body,
	         "{\"email\":\"smtp01@example.test\",\"code\":\"%s\",\"new_password\":\"smtp password 2\"}", code);
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/password/reset", NULL, body, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	char *t2 = ts_login(&ts, "smtp01", "smtp password 2");
	assert_non_null(t2);
	free(t2);
	/* and the member was told over SMTP too */
	char *m3 = smtp_sink_wait(sink, "smtp01@example.test", 3, 10000);
	assert_non_null(m3);
	free(m3);
	free(tok);
	assert_int_equal(ts_stop(&ts), 0);
	smtp_sink_stop(sink);
}

/* A dead mail server costs the request nothing: the reply does not wait. */
static void test_dead_smtp_does_not_block(void **state)
{
	struct test_server ts;
	struct http_reply r;
	int port;
	char url[64];
	(void)state;

	/* a port nobody listens on: start a sink to get a free port, stop it */
	struct smtp_sink *sink = smtp_sink_start(&port);
	assert_non_null(sink);
	smtp_sink_stop(sink);
	snprintf(url, sizeof url, "mail.smtp_url=smtp://127.0.0.1:%d", port);
	const char *args[] = { "--set", url, "--set", "mail.smtp_timeout=2", NULL };
	assert_int_equal(ts_start(&ts, args), 0);
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/email-code", NULL,
	                          "{\"email\":\"demo@example.org\"}", &r), 0);
	assert_int_equal(r.status, 202);
	http_reply_free(&r);
	/* the server still stops cleanly with a message it could not deliver */
	assert_int_equal(ts_stop(&ts), 0);
}

/* The text of the server's log so far (malloc'd). */
static char *server_log(const struct test_server *ts)
{
	char path[320], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/server.log", ts->dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* With SMTP credentials set, TLS is required: a server that offers no
 * STARTTLS (as when a man in the middle strips it) gets no password and no
 * mail, and the log says why. */
static void test_credentials_need_tls(void **state)
{
	static const char user[] = "roster-mailer", pass[] = "Smtp-Secret-Pass-7";
	unsigned char plain[64];
	char url[64], set_user[64], set_pass[64], b64[128], *wire, *log = NULL;
	struct test_server ts;
	struct http_reply r;
	size_t n = 0;
	int port;
	(void)state;

	struct smtp_sink *sink = smtp_sink_start_ex(&port, SMTP_SINK_AUTH);
	assert_non_null(sink);
	snprintf(url, sizeof url, "mail.smtp_url=smtp://127.0.0.1:%d", port);
	snprintf(set_user, sizeof set_user, "mail.smtp_user=%s", user);
	snprintf(set_pass, sizeof set_pass, "mail.smtp_pass=%s", pass);
	const char *args[] = { "--set", url, "--set", set_user, "--set", set_pass, NULL };
	assert_int_equal(ts_start(&ts, args), 0);

	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/email-code", NULL,
	                          "{\"email\":\"demo@example.org\"}", &r), 0);
	assert_int_equal(r.status, 202);
	http_reply_free(&r);
	/* the sender gives up at the first answer to EHLO, and says why */
	for (int i = 0; i < 200; i++) {
		free(log);
		log = server_log(&ts);
		if (strstr(log, "demo@example.org via SMTP failed"))
			break;
		struct timespec t = { 0, 50 * 1000 * 1000 };
		nanosleep(&t, NULL);
	}
	assert_non_null(strstr(log, "mail to demo@example.org via SMTP failed: the server offers"
	                            " no TLS (STARTTLS)"));
	assert_null(strstr(log, pass));
	free(log);

	wire = smtp_sink_transcript(sink);
	assert_non_null(strstr(wire, "EHLO"));
	/* no AUTH, no password in any form, no mail */
	assert_null(strstr(wire, "AUTH"));
	assert_null(strstr(wire, pass));
	plain[n++] = '\0';
	memcpy(plain + n, user, strlen(user));
	n += strlen(user);
	plain[n++] = '\0';
	memcpy(plain + n, pass, strlen(pass));
	n += strlen(pass);
	sodium_bin2base64(b64, sizeof b64, plain, n, sodium_base64_VARIANT_ORIGINAL);
	assert_null(strstr(wire, b64));
	assert_null(strstr(wire, "MAIL FROM"));
	free(wire);
	assert_int_equal(smtp_sink_count(sink), 0);
	assert_int_equal(ts_outbox_count(&ts, "demo@example.org"), 0);
	assert_int_equal(ts_stop(&ts), 0);
	smtp_sink_stop(sink);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_over_smtp),
		cmocka_unit_test(test_dead_smtp_does_not_block),
		cmocka_unit_test(test_credentials_need_tls),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
