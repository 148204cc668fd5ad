/* The scheduler (see schedule.h): a lease row in the database, a run log,
 * and the timer thread of `rosterd serve`.
 *
 * The lease is leadership: the instance that took it keeps renewing it at
 * every run (and between jobs), so the others find it held and skip; when
 * that instance stops it gives the lease up, and when it dies the lease
 * runs out after twice the interval and another instance takes it. Lease
 * times are real time; the jobs themselves use the association's clock
 * (store_now, which tests may set). */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "roster/json.h"
#include "roster/xalloc.h"
#include "i18n.h"
#include "log.h"
#include "server.h"
#include "service/schedule.h"
#include "service/schedule_jobs.h"
#include "store/jobs.h"
#include "store/store.h"

#define LEASE "scheduler"

static pthread_mutex_t run_lock = PTHREAD_MUTEX_INITIALIZER;   /* one run at a time */
static pthread_mutex_t timer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timer_cond = PTHREAD_COND_INITIALIZER;
static pthread_t timer_thread;
static bool timer_running, timer_stopping;
static char owner[128];
static pthread_once_t owner_once = PTHREAD_ONCE_INIT;

static void owner_make(void)
{
	char host[64] = "localhost";

	gethostname(host, sizeof host - 1);
	host[sizeof host - 1] = '\0';
	snprintf(owner, sizeof owner, "%s:%ld:%08x", host, (long)getpid(),
	         (unsigned)randombytes_random());
}

const char *schedule_owner(void)
{
	pthread_once(&owner_once, owner_make);
	return owner;
}

/* Seconds a lease lasts: a holder that stopped without giving it up is
 * replaced after two missed runs. */
static int lease_ttl(void)
{
	int iv = g_cfg ? g_cfg->schedule_interval : 0;

	return iv > 0 ? 2 * iv + 60 : 600;
}

static int lease_take(struct db *db, char **holder)
{
	return store_lease_take(db, LEASE, schedule_owner(), (int64_t)time(NULL), lease_ttl(),
	                        holder);
}

int schedule_run(struct db *db, const char *trigger, char **detail, char **holder)
{
	cJSON *out = NULL;
	char today[11];
	int64_t run_id = 0, now;
	bool ok = true;
	int rc;

	*detail = NULL;
	if (holder)
		*holder = NULL;
	pthread_mutex_lock(&run_lock);
	rc = lease_take(db, holder);
	if (rc != ST_OK)
		goto out;
	/* mails and messages in the association's language, whoever asked */
	i18n_thread_from_header(NULL);
	now = store_now();
	store_today(today);
	if (store_job_run_start(db, schedule_owner(), trigger, now, (int64_t)time(NULL),
	                        &run_id) != ST_OK) {
		rc = ST_ERROR;
		goto out;
	}
	out = cJSON_CreateObject();
	json_add_str(out, "today", today);
	for (const struct sched_job *j = sched_jobs; j->name; j++) {
		/* renewed between jobs: a long run keeps the lease */
		if (lease_take(db, NULL) != ST_OK) {
			log_warn("scheduled jobs: the lease was lost before \"%s\"", j->name);
			ok = false;
			break;
		}
		if (j->run(db, now, today, out) != ST_OK) {
			log_warn("scheduled job \"%s\" failed (see above)", j->name);
			ok = false;
		}
	}
	*detail = cJSON_PrintUnformatted(out);
	if (store_job_run_finish(db, run_id, ok, *detail, (int64_t)time(NULL)) != ST_OK)
		ok = false;
	log_info("scheduled jobs (%s, %s): %s%s", trigger, today, *detail, ok ? "" : " [failed]");
	rc = ok ? ST_OK : ST_ERROR;
	/* without a timer nobody renews it: let the next runner take it */
	if (!g_cfg || g_cfg->schedule_interval == 0 || strcmp(trigger, "command") == 0)
		store_lease_release(db, LEASE, schedule_owner());
out:
	cJSON_Delete(out);
	pthread_mutex_unlock(&run_lock);
	return rc;
}

static void *timer_main(void *arg)
{
	struct db *db;
	bool told = false;

	(void)arg;
	pthread_mutex_lock(&timer_lock);
	while (!timer_stopping) {
		char *detail = NULL, *holder = NULL;
		struct timespec until;
		int rc;

		pthread_mutex_unlock(&timer_lock);
		db = db_thread();
		rc = db ? schedule_run(db, "timer", &detail, &holder) : ST_ERROR;
		if (rc == ST_CONFLICT && !told) {
			log_info("scheduled jobs: instance %s holds the lease; this one stands by",
			         holder ? holder : "?");
			told = true;
		} else if (rc == ST_OK) {
			told = false;
		}
		free(detail);
		free(holder);
		if (db)
			db_request_done(db);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += g_cfg->schedule_interval;
		pthread_mutex_lock(&timer_lock);
		while (!timer_stopping &&
		       pthread_cond_timedwait(&timer_cond, &timer_lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&timer_lock);
	db = db_thread();
	if (db)
		store_lease_release(db, LEASE, schedule_owner());
	return NULL;
}

int schedule_start(void)
{
	if (!g_cfg || g_cfg->schedule_interval <= 0) {
		log_info("scheduled jobs: no timer (schedule.interval = 0)");
		return 0;
	}
	timer_stopping = false;
	if (pthread_create(&timer_thread, NULL, timer_main, NULL) != 0) {
		log_error("cannot start the scheduler thread");
		return -1;
	}
	timer_running = true;
	return 0;
}

void schedule_stop(void)
{
	if (!timer_running)
		return;
	pthread_mutex_lock(&timer_lock);
	timer_stopping = true;
	pthread_cond_signal(&timer_cond);
	pthread_mutex_unlock(&timer_lock);
	pthread_join(timer_thread, NULL);
	timer_running = false;
}
