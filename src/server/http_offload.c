/* The offload pool (see offload.h): a few threads of their own run the slow
 * steps handlers hand over (password hashing, PDF rendering) while the
 * request's connection is suspended, then resume the connection so a worker
 * thread finishes the answer.
 *
 * A job belongs to the request's state from submission to the end: the pool
 * only borrows it while it waits or runs, and lets go of it for good when
 * it resumes the connection. libmicrohttpd neither times out nor closes a
 * suspended connection (short of stopping the daemon, which happens only
 * after the pool has stopped), so the request outlives every job it
 * submitted.
 *
 * The pool's threads run at a lower scheduling priority than the workers:
 * on a busy machine a quick request goes first and a login waits a little
 * longer, instead of every request waiting behind the hashing. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "roster/i18n.h"
#include "roster/xalloc.h"
#include "http.h"
#include "http_internal.h"
#include "log.h"
#include "offload.h"
#include "server.h"
#include "store/audit.h"
#include "store/store.h"

#define OFFLOAD_NICE 10        /* how much lower the pool's threads run */
#define RETRY_MAX 60           /* seconds: the most a 503 asks a client to wait */

enum job_state { JOB_WAITING, JOB_RUNNING, JOB_DONE, JOB_REFUSED };

struct offload {
	offload_job_fn job;
	offload_done_fn done;
	void *ctx;
	offload_free_fn ctx_free;
	struct MHD_Connection *conn;  /* suspended while the pool holds the job */
	char addr[INET6_ADDRSTRLEN];  /* the client's, for audit rows the job writes */
	enum job_state state;         /* under pool_lock */
	uint64_t sql;                 /* statements the job ran, for the log */
	struct offload *next;         /* in the waiting queue */
};

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_cond = PTHREAD_COND_INITIALIZER;
static struct offload *queue_head, *queue_tail;
static int queue_len;             /* jobs waiting, not yet running */
static int queue_cap;             /* waiting jobs allowed beyond the idle threads */
static int pool_busy;             /* threads running a job */
static bool pool_quit;
static bool pool_running;
static pthread_t *pool_threads;
static int pool_size;
static int64_t job_ms_avg = 100;  /* running average of a job's duration */
static int64_t refused_since;     /* http_now_ms() of the last warning */
static int refused_count;         /* 503s since then */

void resp_offload(struct resp *resp, offload_job_fn job, offload_done_fn done,
                  void *ctx, offload_free_fn ctx_free)
{
	struct offload *j = xcalloc(1, sizeof *j);

	/* the last call wins, as with the other resp_* helpers */
	http_offload_free(resp->offload);
	j->job = job;
	j->done = done;
	j->ctx = ctx;
	j->ctx_free = ctx_free;
	resp->offload = j;
}

void http_offload_free(struct offload *j)
{
	if (!j)
		return;
	if (j->ctx_free)
		j->ctx_free(j->ctx);
	free(j);
}

/* Seconds a refused client should wait: the queue ahead of it, spread over
 * the pool (pool_lock held). */
static int retry_after_locked(void)
{
	int64_t ms = (int64_t)(queue_len + pool_size) * job_ms_avg / (pool_size > 0 ? pool_size : 1);
	int s = (int)((ms + 999) / 1000);

	return s < 1 ? 1 : s > RETRY_MAX ? RETRY_MAX : s;
}

/* The answer for a job the pool did not take or did not run. */
static void refuse(struct resp *resp, int retry_after)
{
	char secs[16];

	snprintf(secs, sizeof secs, "%d", retry_after);
	resp_error(resp, ERR_UNAVAILABLE, _("The server is busy. Please try again in a moment."), NULL);
	resp_header(resp, "Retry-After", secs);
	resp_header(resp, "Cache-Control", "no-store");
}

static void lower_priority(void)
{
#ifdef SYS_gettid
	/* on Linux a nice value is per thread */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), OFFLOAD_NICE) != 0)
		log_warn("offload: cannot lower the priority of a pool thread: %s", strerror(errno));
#endif
}

static void *pool_main(void *arg)
{
	(void)arg;
	lower_priority();
	pthread_mutex_lock(&pool_lock);
	for (;;) {
		struct offload *j;
		struct db *db;
		int64_t t0;

		while (!queue_head && !pool_quit)
			pthread_cond_wait(&pool_cond, &pool_lock);
		if (!queue_head)
			break;
		j = queue_head;
		queue_head = j->next;
		if (!queue_head)
			queue_tail = NULL;
		queue_len--;
		pool_busy++;
		j->state = JOB_RUNNING;
		pthread_mutex_unlock(&pool_lock);

		t0 = http_now_ms();
		/* this thread's own connection, opened at its first job */
		db = db_thread();
		j->sql = db_statements(db);
		audit_set_address(j->addr);
		j->job(db, j->ctx);
		audit_set_address(NULL);
		if (db)
			db_request_done(db);
		j->sql = db_statements(db) - j->sql;

		pthread_mutex_lock(&pool_lock);
		job_ms_avg = (job_ms_avg * 7 + (http_now_ms() - t0)) / 8;
		pool_busy--;
		j->state = JOB_DONE;
		/* from here on the job is the request's again */
		MHD_resume_connection(j->conn);
	}
	pthread_mutex_unlock(&pool_lock);
	return NULL;
}

int http_offload_start(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int n = g_cfg->offload_threads;

	if (n <= 0)
		n = cores > 1 ? (int)(cores / 2) : 1;
	pthread_mutex_lock(&pool_lock);
	pool_quit = false;
	queue_cap = g_cfg->offload_queue;
	pool_threads = xcalloc((size_t)n, sizeof *pool_threads);
	for (pool_size = 0; pool_size < n; pool_size++) {
		if (pthread_create(&pool_threads[pool_size], NULL, pool_main, NULL) != 0)
			break;
	}
	pool_running = pool_size > 0;
	pthread_mutex_unlock(&pool_lock);
	if (pool_size < n) {
		log_error("offload: cannot start the thread pool (%d of %d threads)", pool_size, n);
		http_offload_stop();
		return -1;
	}
	log_info("slow steps run on %d offload threads, up to %d waiting", n, queue_cap);
	return 0;
}

bool http_offload_submit(struct http_state *hs)
{
	struct offload *j = hs->resp.offload;
	int retry;

	hs->resp.offload = NULL;
	pthread_mutex_lock(&pool_lock);
	/* an idle thread takes a job at once; beyond them, queue_cap may wait */
	if (!pool_running || pool_quit || queue_len >= pool_size - pool_busy + queue_cap) {
		int64_t now = http_now_ms();
		int count = 0;

		retry = retry_after_locked();
		refused_count++;
		/* one line a minute at most: a storm must not flood the log */
		if (now - refused_since >= 60000) {
			count = refused_count;
			refused_count = 0;
			refused_since = now;
		}
		pthread_mutex_unlock(&pool_lock);
		if (count)
			log_warn("offload: the queue is full (%d waiting); %d request(s) answered 503 "
			         "in the last minute", queue_cap, count);
		http_offload_free(j);
		refuse(&hs->resp, retry);
		return false;
	}
	j->conn = hs->conn;
	snprintf(j->addr, sizeof j->addr, "%s", hs->addr);
	j->state = JOB_WAITING;
	j->next = NULL;
	if (queue_tail)
		queue_tail->next = j;
	else
		queue_head = j;
	queue_tail = j;
	queue_len++;
	hs->offload = j;
	/* suspended under the lock: no pool thread can resume it before */
	MHD_suspend_connection(hs->conn);
	pthread_cond_signal(&pool_cond);
	pthread_mutex_unlock(&pool_lock);
	return true;
}

bool http_offload_finish(struct http_state *hs)
{
	struct offload *j = hs->offload;
	enum job_state state;
	int retry;

	if (!j)
		return false;
	hs->offload = NULL;
	pthread_mutex_lock(&pool_lock);
	state = j->state;
	retry = retry_after_locked();
	pthread_mutex_unlock(&pool_lock);
	if (state == JOB_DONE) {
		hs->sql += j->sql;
		j->done(&hs->req, &hs->resp, j->ctx);
	} else {
		refuse(&hs->resp, retry);
	}
	http_offload_free(j);
	return true;
}

void http_offload_stop(void)
{
	struct offload *j, *next;

	pthread_mutex_lock(&pool_lock);
	if (!pool_threads) {
		pthread_mutex_unlock(&pool_lock);
		return;
	}
	pool_quit = true;
	/* what still waits is refused: its request answers 503 */
	for (j = queue_head; j; j = next) {
		next = j->next;
		j->state = JOB_REFUSED;
		MHD_resume_connection(j->conn);
	}
	queue_head = queue_tail = NULL;
	queue_len = 0;
	pthread_cond_broadcast(&pool_cond);
	pthread_mutex_unlock(&pool_lock);
	/* what runs finishes and resumes its request */
	for (int i = 0; i < pool_size; i++)
		pthread_join(pool_threads[i], NULL);
	pthread_mutex_lock(&pool_lock);
	free(pool_threads);
	pool_threads = NULL;
	pool_size = 0;
	pool_running = false;
	pthread_mutex_unlock(&pool_lock);
}
