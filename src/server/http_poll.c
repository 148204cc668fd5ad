/* Long polls: handlers that asked to run again (resp_poll_again) have their
 * connection suspended; one thread resumes them all when http_wake() is
 * called (a payment settled here, or on PostgreSQL on another instance), at
 * the earliest deadline among them, and every server.poll_recheck seconds
 * for what nothing wakes (another process on the same SQLite file); each
 * re-runs its handler. Nothing holds a worker thread while it waits. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include "roster/xalloc.h"
#include "http.h"
#include "http_internal.h"
#include "log.h"
#include "server.h"

struct waiting {
	struct MHD_Connection *conn;
	int64_t deadline_ms;
	struct waiting *next;
};

static pthread_mutex_t poll_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t poll_cond = PTHREAD_COND_INITIALIZER;
static struct waiting *poll_list;
static bool poll_wake_flag;
static bool poll_quit;
static pthread_t poll_thread;
static bool poll_started;

int64_t http_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void http_wake(void)
{
	pthread_mutex_lock(&poll_lock);
	poll_wake_flag = true;
	pthread_cond_signal(&poll_cond);
	pthread_mutex_unlock(&poll_lock);
}

/* Resume every waiting connection (poll_lock held). */
static void resume_all(void)
{
	struct waiting *w = poll_list;

	poll_list = NULL;
	while (w) {
		struct waiting *next = w->next;
		MHD_resume_connection(w->conn);
		free(w);
		w = next;
	}
}

/* When the poll thread should look next (poll_lock held), as a
 * CLOCK_REALTIME time for pthread_cond_timedwait. */
static struct timespec next_look(void)
{
	int64_t now = http_now_ms();
	int64_t at = now + (int64_t)(g_cfg && g_cfg->poll_recheck > 0 ? g_cfg->poll_recheck : 1) * 1000;
	struct timespec until;

	for (struct waiting *w = poll_list; w; w = w->next)
		if (w->deadline_ms < at)
			at = w->deadline_ms;
	if (at < now)
		at = now;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += (at - now) / 1000;
	until.tv_nsec += (long)((at - now) % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	return until;
}

static void *poll_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&poll_lock);
	while (!poll_quit) {
		struct timespec until = next_look();

		/* signalled without a wake: a new waiter, whose deadline may
		 * come first */
		if (!poll_wake_flag &&
		    pthread_cond_timedwait(&poll_cond, &poll_lock, &until) != ETIMEDOUT &&
		    !poll_wake_flag && !poll_quit)
			continue;
		poll_wake_flag = false;
		resume_all();
	}
	resume_all();
	pthread_mutex_unlock(&poll_lock);
	return NULL;
}

int http_poll_start(void)
{
	poll_quit = false;
	if (pthread_create(&poll_thread, NULL, poll_main, NULL) != 0) {
		log_error("cannot start the long-poll thread");
		return -1;
	}
	poll_started = true;
	return 0;
}

bool http_poll_suspend(struct MHD_Connection *conn, int64_t deadline_ms)
{
	struct waiting *w;

	pthread_mutex_lock(&poll_lock);
	if (poll_quit || !poll_started) {
		pthread_mutex_unlock(&poll_lock);
		return false;
	}
	w = xmalloc(sizeof *w);
	w->conn = conn;
	w->deadline_ms = deadline_ms;
	w->next = poll_list;
	poll_list = w;
	/* its deadline may come before the thread's next look: it works out
	 * that look again */
	pthread_cond_signal(&poll_cond);
	/* suspended under the lock: the poll thread cannot resume it before
	 * it is suspended */
	MHD_suspend_connection(conn);
	pthread_mutex_unlock(&poll_lock);
	return true;
}

void http_poll_stop(void)
{
	if (!poll_started)
		return;
	pthread_mutex_lock(&poll_lock);
	poll_quit = true;
	pthread_cond_signal(&poll_cond);
	pthread_mutex_unlock(&poll_lock);
	pthread_join(poll_thread, NULL);
	poll_started = false;
}
