/* SIGTERM lets a request in progress finish before rosterd exits 0. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "harness.h"

/* Read until text shows up or the peer closes; returns what was read. */
static char *read_until(int fd, const char *text, int timeout_ms)
{
	static char buf[8192];
	size_t n = 0;

	buf[0] = '\0';
	while (n < sizeof buf - 1 && !strstr(buf, text)) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, timeout_ms) <= 0)
			break;
		ssize_t r = read(fd, buf + n, sizeof buf - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
	}
	return buf;
}

static void test_sigterm_finishes_in_flight(void **state)
{
	struct test_server ts;
	struct sockaddr_in sa = { 0 };
	const char *body = "{\"login\":\"demo\",\"password\":\"Member-Demo-2026\"}";
	char head[512];
	int fd, st;
	(void)state;

	assert_int_equal(ts_start(&ts, NULL), 0);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)ts.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	/* "Expect: 100-continue": the 100 says the server has the request */
	snprintf(head, sizeof head,
	         "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	         "Content-Type: application/json\r\nContent-Length: %zu\r\n"
	         "Expect: 100-continue\r\n\r\n", strlen(body));
	assert_int_equal(write(fd, head, strlen(head)), (ssize_t)strlen(head));
	assert_non_null(strstr(read_until(fd, "\r\n\r\n", 10000), "100 Continue"));

	/* now stop the server while the request is open */
	assert_int_equal(kill(ts.pid, SIGTERM), 0);
	assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
	char *reply = read_until(fd, "\"token\"", 20000);
	assert_non_null(strstr(reply, "HTTP/1.1 200"));
	assert_non_null(strstr(reply, "\"token\""));
	close(fd);

	/* and it exits cleanly */
	assert_int_equal(waitpid(ts.pid, &st, 0), ts.pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	ts.pid = -1;
	assert_int_equal(ts_stop(&ts), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigterm_finishes_in_flight),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
