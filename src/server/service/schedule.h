/* Scheduled work: the jobs that run by themselves (renewal reminders,
 * grace and expiry, closing unpaid orders, purging what has run out; see
 * rosterd(8)). Several rosterd instances may serve one database; only the
 * one holding the lease row "scheduler" runs the jobs. Each run is logged
 * in job_runs and every job is idempotent: running twice at the same
 * moment changes nothing the second time. */
#ifndef ROSTERD_SCHEDULE_H
#define ROSTERD_SCHEDULE_H

struct db;

/* Start the timer thread of `rosterd serve` (nothing when
 * schedule.interval is 0); stop it, waiting for a run in progress. */
int schedule_start(void);
void schedule_stop(void);

/* Run every job now under the lease. trigger: "timer", "manual" (the
 * admin route) or "command" (rosterd jobs run). ST_OK: ran, *detail gets
 * what each job did (JSON text, malloc'd); ST_CONFLICT: another instance
 * holds the lease (*holder, malloc'd, may be NULL); ST_ERROR. Runs of one
 * process never overlap. */
int schedule_run(struct db *db, const char *trigger, char **detail, char **holder);

/* This process's lease owner id ("host:pid:random"). */
const char *schedule_owner(void);

#endif
