/* The jobs schedule.c runs, in order (schedule_jobs.c). */
#ifndef ROSTERD_SCHEDULE_JOBS_H
#define ROSTERD_SCHEDULE_JOBS_H

#include <stdint.h>
#include <cjson/cJSON.h>

struct db;

struct sched_job {
	const char *name;
	/* Do what is due at now (today: its date in the association's zone);
	 * add counts to out. ST_OK, or ST_ERROR when some of it failed (logged). */
	int (*run)(struct db *db, int64_t now, const char *today, cJSON *out);
};

/* Zero-terminated. */
extern const struct sched_job sched_jobs[];

#endif
