/* Mail the member was promised is not lost when the SMTP server is down: it
 * waits in the database and goes out once the server is back. The mail
 * server here is a socket bound to its port that starts listening only
 * after the request was answered, so the first try is refused. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>
#include "harness.h"

/* A one-message SMTP server on an already bound socket. */
struct late_smtp {
	int fd;
	char data[16384];      /* DATA of the message received */
	size_t len;
	char rcpt[256];
};

static void say(int fd, const char *s)
{
	ssize_t n = write(fd, s, strlen(s));
	(void)n;
}

/* One line from fd into buf (without CRLF); false at EOF or timeout. */
static bool read_line(int fd, char *buf, size_t cap)
{
	size_t n = 0;

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		char c;
		if (poll(&p, 1, 20000) <= 0 || read(fd, &c, 1) != 1)
			return false;
		if (c == '\n') {
			if (n && buf[n - 1] == '\r')
				n--;
			buf[n] = '\0';
			return true;
		}
		if (n + 1 < cap)
			buf[n++] = c;
	}
}

static void *late_smtp_main(void *arg)
{
	struct late_smtp *s = arg;
	char line[1024];
	struct pollfd p = { s->fd, POLLIN, 0 };
	int c;

	if (poll(&p, 1, 60000) <= 0 || (c = accept(s->fd, NULL, NULL)) < 0)
		return NULL;
	say(c, "220 late.test ESMTP\r\n");
	while (read_line(c, line, sizeof line)) {
		if (!strncasecmp(line, "EHLO", 4) || !strncasecmp(line, "HELO", 4)) {
			say(c, "250 late.test\r\n");
		} else if (!strncasecmp(line, "RCPT TO:", 8)) {
			snprintf(s->rcpt, sizeof s->rcpt, "%.200s", line + 8);
			say(c, "250 OK\r\n");
		} else if (!strncasecmp(line, "DATA", 4)) {
			say(c, "354 go on\r\n");
			while (read_line(c, line, sizeof line) && strcmp(line, ".") != 0) {
				size_t l = strlen(line);
				if (s->len + l + 2 < sizeof s->data) {
					memcpy(s->data + s->len, line, l);
					memcpy(s->data + s->len + l, "\r\n", 2);
					s->len += l + 2;
				}
			}
			s->data[s->len] = '\0';
			say(c, "250 queued\r\n");
		} else if (!strncasecmp(line, "QUIT", 4)) {
			say(c, "221 bye\r\n");
			break;
		} else {
			say(c, "250 OK\r\n");
		}
	}
	close(c);
	return NULL;
}

/* The decoded body of a base64 text/plain message, or NULL. */
static char *mail_body(const char *data)
{
	const char *p = strstr(data, "\r\n\r\n");
	unsigned char *out;
	size_t len = 0;

	if (!p)
		return NULL;
	out = malloc(strlen(p) + 1);
	if (sodium_base642bin(out, strlen(p), p + 4, strlen(p + 4), "\r\n", &len, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(out);
		return NULL;
	}
	out[len] = '\0';
	return (char *)out;
}

static void test_code_sent_once_the_server_is_back(void **state)
{
	struct test_server ts;
	struct late_smtp s;
	struct sockaddr_in a = { 0 };
	socklen_t alen = sizeof a;
	struct http_reply r;
	char url[64], code[7], body[256];
	pthread_t th;
	(void)state;

	memset(&s, 0, sizeof s);
	s.fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s.fd >= 0);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s.fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(s.fd, (struct sockaddr *)&a, &alen), 0);
	/* bound, not listening: a connection is refused */
	snprintf(url, sizeof url, "mail.smtp_url=smtp://127.0.0.1:%d", ntohs(a.sin_port));
	const char *args[] = { "--set", url, "--set", "mail.smtp_timeout=5", NULL };
	assert_int_equal(ts_start(&ts, args), 0);

	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/email-code", NULL,
	                          "{\"email\":\"demo@example.org\"}", &r), 0);
	assert_int_equal(r.status, 202);
	http_reply_free(&r);
	/* the first try fails while nothing listens; then the server is back */
	bool failed = false;
	for (int i = 0; i < 100 && !failed; i++) {
		char *log = NULL;
		char path[400];
		snprintf(path, sizeof path, "%s/server.log", ts.dir);
		FILE *f = fopen(path, "r");
		if (f) {
			log = calloc(1, 65536);
			size_t n = fread(log, 1, 65535, f);
			(void)n;
			fclose(f);
		}
		failed = log && strstr(log, "try 1 failed");
		free(log);
		if (!failed)
			usleep(100 * 1000);
	}
	assert_true(failed);
	assert_int_equal(listen(s.fd, 4), 0);
	assert_int_equal(pthread_create(&th, NULL, late_smtp_main, &s), 0);
	pthread_join(th, NULL);
	close(s.fd);

	/* the message came on the retry, whole */
	assert_non_null(strstr(s.rcpt, "<demo@example.org>"));
	assert_non_null(strstr(s.data, "To: <demo@example.org>"));
	char *text = mail_body(s.data);
	assert_non_null(text);
	char *whole = malloc(strlen(text) + 5);
	sprintf(whole, "\r\n\r\n%s", text);
	ts_find_code(whole, code);
	free(whole);
	free(text);
	assert_int_equal(strlen(code), 6);
	/* and the code in it works */
	snprintf(body, sizeof body, "{\"email\":\"demo@example.org\",\"code\":\"%s\","
	         "\"new_password\":\"late mail password 1\"}", code);
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/password/reset", NULL, body, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	assert_int_equal(ts_stop(&ts), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_sent_once_the_server_is_back),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
