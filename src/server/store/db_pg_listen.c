/* Order events between instances on one PostgreSQL database: a trigger
 * (migrations/pg/127_order_events.sql) sends NOTIFY roster_order when an
 * order becomes paid or closed, and this thread, on its own connection,
 * LISTENs and calls the callback, which wakes the long polls held here. On
 * SQLite there is one instance and the code that settles wakes them itself.
 * A lost connection is made again every few seconds; in the meantime long
 * polls still look again once a second. */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "roster/xalloc.h"
#include "log.h"
#include "server.h"
#include "store/db_backend.h"
#include "store/store.h"

static pthread_t listen_thread;
static bool listen_running;
static int quit_pipe[2] = { -1, -1 };
static char *listen_url;
static void (*listen_fn)(void);

static PGconn *listen_connect(void)
{
	PGconn *c = PQconnectdb(listen_url);
	PGresult *r;

	if (PQstatus(c) != CONNECTION_OK) {
		log_warn("order events: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	r = PQexec(c, "LISTEN roster_order");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		log_warn("order events: LISTEN: %s", PQresultErrorMessage(r));
		PQclear(r);
		PQfinish(c);
		return NULL;
	}
	PQclear(r);
	return c;
}

/* Wait for the socket or the quit pipe; false when told to quit. */
static bool wait_for(int fd, int timeout_ms)
{
	struct pollfd p[2] = { { .fd = quit_pipe[0], .events = POLLIN },
	                       { .fd = fd, .events = POLLIN } };

	while (poll(p, fd >= 0 ? 2 : 1, timeout_ms) < 0 && errno == EINTR)
		;
	return !(p[0].revents & POLLIN);
}

static void *listen_main(void *arg)
{
	PGconn *c = NULL;

	(void)arg;
	for (;;) {
		PGnotify *n;
		bool woke = false;

		if (!c && !(c = listen_connect())) {
			if (!wait_for(-1, 5000))
				break;
			continue;
		}
		if (!wait_for(PQsocket(c), -1))
			break;
		if (!PQconsumeInput(c)) {
			log_warn("order events: %s", PQerrorMessage(c));
			PQfinish(c);
			c = NULL;
			continue;
		}
		while ((n = PQnotifies(c)) != NULL) {
			woke = true;
			PQfreemem(n);
		}
		if (woke && listen_fn)
			listen_fn();
	}
	PQfinish(c);
	return NULL;
}

int store_events_start(void (*on_order)(void))
{
	if (!g_cfg || !db_path_is_pg(g_cfg->db_path))
		return 0;
	if (pipe(quit_pipe) != 0)
		return -1;
	listen_url = xstrdup(g_cfg->db_path);
	listen_fn = on_order;
	if (pthread_create(&listen_thread, NULL, listen_main, NULL) != 0) {
		close(quit_pipe[0]);
		close(quit_pipe[1]);
		quit_pipe[0] = quit_pipe[1] = -1;
		free(listen_url);
		listen_url = NULL;
		return -1;
	}
	listen_running = true;
	return 0;
}

void store_events_stop(void)
{
	if (!listen_running)
		return;
	if (write(quit_pipe[1], "q", 1) != 1)
		log_warn("order events: cannot stop the listener");
	pthread_join(listen_thread, NULL);
	listen_running = false;
	close(quit_pipe[0]);
	close(quit_pipe[1]);
	quit_pipe[0] = quit_pipe[1] = -1;
	free(listen_url);
	listen_url = NULL;
}
