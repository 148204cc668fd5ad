/* Long polls: handlers that asked to run again (resp_poll_again) have their
 * connection suspended; one thread resumes them all once a second or when
 * http_wake() is called, and each re-runs its handler. Nothing holds a
 * worker thread while it waits. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include "roster/xalloc.h"
#include "http.h"
#include "http_internal.h"
#include "log.h"

struct waiting {
	struct MHD_Connection *conn;
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

static void *poll_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&poll_lock);
	while (!poll_quit) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		while (!poll_wake_flag && !poll_quit)
			if (pthread_cond_timedwait(&poll_cond, &poll_lock, &until) == ETIMEDOUT)
				break;
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

bool http_poll_suspend(struct MHD_Connection *conn)
{
	struct waiting *w;

	pthread_mutex_lock(&poll_lock);
	if (poll_quit || !poll_started) {
		pthread_mutex_unlock(&poll_lock);
		return false;
	}
	w = xmalloc(sizeof *w);
	w->conn = conn;
	w->next = poll_list;
	poll_list = w;
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
