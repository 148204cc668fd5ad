/* The QR payment screen while the server restarts: it says it cannot reach
 * the server and keeps retrying, less and less often, and a server that
 * answers at once without news (as one shutting down does) is not asked in
 * a loop; when answers come again the warning goes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "tui.h"
#include "fixture.h"

static struct test_server ts;

/* Stands on the stopped server's port and answers every request at once
 * with an unpaid order. */
struct quick_server {
	int fd;
	volatile int stop;
	volatile int requests;
	pthread_t thread;
};

static void *quick_run(void *arg)
{
	struct quick_server *q = arg;
	static const char body[] =
		"{\"id\":1,\"order_no\":\"D1\",\"kind\":\"dues\",\"status\":\"unpaid\",\"amount\":30000}";
	char reply[512], buf[4096];

	snprintf(reply, sizeof reply,
	         "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	         "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(body), body);
	while (!q->stop) {
		int c = accept(q->fd, NULL, NULL);
		size_t got = 0;

		if (c < 0)
			continue;
		while (got < sizeof buf - 1) {
			ssize_t n = read(c, buf + got, sizeof buf - 1 - got);
			if (n <= 0)
				break;
			got += (size_t)n;
			buf[got] = '\0';
			if (strstr(buf, "\r\n\r\n"))
				break;
		}
		q->requests++;
		if (write(c, reply, strlen(reply)) < 0)
			q->stop = q->stop;
		close(c);
	}
	return NULL;
}

static int quick_start(struct quick_server *q, int port)
{
	struct sockaddr_in a;
	int one = 1;
	struct timeval tv = { 0, 200000 };

	memset(q, 0, sizeof *q);
	q->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (q->fd < 0)
		return -1;
	setsockopt(q->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	/* accept wakes up to look at stop */
	setsockopt(q->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	if (bind(q->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(q->fd, 16) != 0) {
		close(q->fd);
		return -1;
	}
	return pthread_create(&q->thread, NULL, quick_run, q);
}

static void quick_stop(struct quick_server *q)
{
	q->stop = 1;
	pthread_join(q->thread, NULL);
	close(q->fd);
}

static void test_qr_server_restart(void **state)
{
	char *tok = fx_register(&ts, "pay_off");
	struct quick_server q;
	struct tui t;
	const char *colon;
	int port, before;

	(void)state;
	assert_non_null(tok);
	fx_approve(&ts, fx_apply(&ts, tok, "HQ", "regular", fx_profile("孙七")), "HQ");
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "pay_off", FX_PASSWORD));
	TUI_WAIT(&t, "[ Pay the dues ]");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "¥300.00");
	tui_keys(&t, "Tab", "Tab", NULL);
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Please check the order:");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "How would you like to pay?");
	tui_keys(&t, "q", NULL);
	TUI_WAIT(&t, "The code is valid for");
	TUI_WAIT(&t, "Waiting for the payment");

	/* the server goes away: the screen says so */
	colon = strrchr(ts.base, ':');
	assert_non_null(colon);
	port = atoi(colon + 1);
	ts_stop(&ts);
	TUI_WAIT(&t, "Cannot reach the server; retrying");

	/* back, but answering at once with no news (as one shutting down does):
	 * the warning goes, and the screen asks seldom, not in a loop */
	assert_int_equal(quick_start(&q, port), 0);
	TUI_GONE(&t, "Cannot reach the server; retrying");
	TUI_WAIT(&t, "Waiting for the payment");
	before = q.requests;
	tui_settle_ms(6000);
	/* with no pause it was hundreds; doubling pauses give a handful */
	if (q.requests - before > 8)
		fail_msg("%d requests in 6 s", q.requests - before);
	quick_stop(&q);
	tui_stop(&t);
	free(tok);
}

static int group_setup(void **state)
{
	(void)state;
	return ts_start(&ts, NULL);
}

static int group_teardown(void **state)
{
	(void)state;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qr_server_restart),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
