/* A dead, slow or garbled server: the screen never freezes, Esc cancels a
 * request that hangs, and every failure ends in a dialog, not a crash. The
 * bad servers are small listeners in this test on loopback port 0. */
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

enum bad_kind { BAD_GARBLED, BAD_SILENT, BAD_HANGUP };

struct bad_server {
	int fd;
	int port;
	enum bad_kind kind;
	pthread_t thread;
	volatile int stop;
};

static const char garbled[] =
	"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 19\r\n"
	"Connection: close\r\n\r\n{\"token\": \"abc\", [";

static void *bad_serve(void *arg)
{
	struct bad_server *b = arg;
	int held[16], nheld = 0, i;

	while (!b->stop) {
		int c = accept(b->fd, NULL, NULL);
		char buf[4096];

		if (c < 0)
			break;
		/* read the request head */
		if (read(c, buf, sizeof(buf)) <= 0) {
			close(c);
			continue;
		}
		if (b->kind == BAD_GARBLED) {
			if (write(c, garbled, sizeof(garbled) - 1) < 0) {
				/* the client went away */
			}
			close(c);
		} else if (b->kind == BAD_HANGUP) {
			close(c);
		} else if (nheld < 16) {
			held[nheld++] = c;  /* say nothing, keep it open */
		} else {
			close(c);
		}
	}
	for (i = 0; i < nheld; i++)
		close(held[i]);
	return NULL;
}

static int bad_start(struct bad_server *b, enum bad_kind kind)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (b->fd < 0 || bind(b->fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(b->fd, 8) < 0 || getsockname(b->fd, (struct sockaddr *)&a, &len) < 0)
		return -1;
	b->port = ntohs(a.sin_port);
	return pthread_create(&b->thread, NULL, bad_serve, b);
}

static void bad_stop(struct bad_server *b)
{
	b->stop = 1;
	shutdown(b->fd, SHUT_RDWR);
	close(b->fd);
	pthread_join(b->thread, NULL);
}

static void start_against(struct tui *t, const struct bad_server *b)
{
	struct test_server fake;

	memset(&fake, 0, sizeof(fake));
	snprintf(fake.base, sizeof(fake.base), "http://127.0.0.1:%d", b->port);
	assert_int_equal(tui_start(t, &fake, NULL), 0);
	TUI_WAIT(t, "Register as a new member");
	tui_keys(t, "l", NULL);
	TUI_WAIT(t, "Username, e-mail or mobile");
	tui_type(t, "someone");
	tui_keys(t, "Tab", NULL);
	tui_type(t, "Some-Password-2026");
	tui_keys(t, "Enter", NULL);
}

static void test_garbled_reply(void **state)
{
	struct bad_server b;
	struct tui t;

	assert_int_equal(bad_start(&b, BAD_GARBLED), 0);
	start_against(&t, &b);
	TUI_WAIT(&t, "The server sent a reply that cannot be read.");
	tui_keys(&t, "Enter", NULL);
	TUI_GONE(&t, "cannot be read");
	TUI_WAIT(&t, "Username, e-mail or mobile");
	assert_int_equal(tui_exit_status(&t), -1);
	tui_stop(&t);
	bad_stop(&b);
}

static void test_hangup(void **state)
{
	struct bad_server b;
	struct tui t;

	assert_int_equal(bad_start(&b, BAD_HANGUP), 0);
	start_against(&t, &b);
	TUI_WAIT(&t, "Error");
	TUI_WAIT(&t, "[ OK ]");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	assert_int_equal(tui_exit_status(&t), -1);
	tui_stop(&t);
	bad_stop(&b);
}

static void test_silent_server_esc_cancels(void **state)
{
	struct bad_server b;
	struct tui t;

	assert_int_equal(bad_start(&b, BAD_SILENT), 0);
	start_against(&t, &b);
	TUI_WAIT(&t, "Esc cancels");
	/* the screen still takes keys while waiting */
	tui_keys(&t, "Up", NULL);
	tui_type(&t, "-typing");
	TUI_WAIT(&t, "someone-typing");
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "Cancelled.");
	TUI_GONE(&t, "Esc cancels");
	assert_int_equal(tui_exit_status(&t), -1);
	tui_stop(&t);
	bad_stop(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_garbled_reply),
		cmocka_unit_test(test_hangup),
		cmocka_unit_test(test_silent_server_esc_cancels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
