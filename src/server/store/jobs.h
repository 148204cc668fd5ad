/* Tables of the scheduled work (migration 050): the scheduler's lease, the
 * log of runs, the automatic reminders sent and each member's history of
 * validity. Lease times are real unix seconds (never the test clock). */
#ifndef ROSTERD_STORE_JOBS_H
#define ROSTERD_STORE_JOBS_H

#include <stdbool.h>
#include <stdint.h>

struct db;

/* Take or renew the lease `name` for owner until now + ttl: one guarded
 * UPSERT that succeeds only when the row is absent, held by owner already,
 * or expired. ST_OK when owner holds it now, ST_CONFLICT when someone else
 * does (*holder, may be NULL, gets their owner id, malloc'd). */
int store_lease_take(struct db *db, const char *name, const char *owner, int64_t now,
                     int ttl, char **holder);
/* Give the lease up (only when owner holds it). */
int store_lease_release(struct db *db, const char *name, const char *owner);

/* Start a run in the log: its id. */
int store_job_run_start(struct db *db, const char *owner, const char *trigger, int64_t clock,
                        int64_t started_at, int64_t *id);
int store_job_run_finish(struct db *db, int64_t id, bool ok, const char *detail,
                         int64_t finished_at);

struct job_run {
	int64_t id;
	const char *owner, *trigger, *status, *detail;   /* borrowed */
	int64_t clock, started_at, finished_at;           /* finished_at 0 = running */
};
/* The newest runs first, at most limit. */
int store_job_run_list(struct db *db, int limit,
                       void (*fn)(const struct job_run *, void *), void *arg);

/* A member whose membership is near or past its end (renewal candidates). */
struct renewal_row {
	int64_t account_id;
	const char *valid_until;     /* YYYY-MM-DD */
	const char *email, *username, *name, *member_no;   /* borrowed */
	int last_offset;             /* smallest automatic reminder offset sent for
	                              * this valid_until; INT32_MAX when none */
};
/* Active members (stored status) with a valid_until from `from` to `to`
 * (inclusive dates). */
int store_renewal_candidates(struct db *db, const char *from, const char *to,
                             void (*fn)(const struct renewal_row *, void *), void *arg);

/* Record an automatic reminder; ST_EXISTS when that one was sent already. */
int store_reminder_sent(struct db *db, int64_t account_id, const char *valid_until,
                        int offset_days, int64_t at);

/* Active members whose valid_until is before `before` (the last day of
 * grace has passed): up to max account ids. */
int store_members_past_grace(struct db *db, const char *before, int64_t *ids, int max);
/* Active members whose valid_until is before `before` and whose grace has
 * not been recorded for that date yet: up to max account ids. */
int store_members_entering_grace(struct db *db, const char *before, int64_t *ids, int max);

/* Set a member's valid_until (a payment under dues.validity =
 * from_payment, or a lifetime level). ST_NOTFOUND when no member. */
int store_member_valid_until(struct db *db, int64_t account_id, const char *valid_until);

/* One line of a member's history. */
int store_history_add(struct db *db, int64_t account_id, const char *event,
                      const char *date_from, const char *date_to, int64_t order_id,
                      int64_t actor_id, const char *note);
struct history_row {
	int64_t id;
	const char *event, *date_from, *date_to, *note;   /* borrowed, may be NULL */
	int64_t order_id, actor_id, at;
};
int store_history_list(struct db *db, int64_t account_id,
                       void (*fn)(const struct history_row *, void *), void *arg);
/* 1 when an event of that kind for date_from exists, 0 when not, -1 error. */
int store_history_has(struct db *db, int64_t account_id, const char *event,
                      const char *date_from);

/* Purges: rows past their end. Each sets *n to the rows removed. */
int store_purge_codes(struct db *db, int64_t now, int *n);
int store_purge_handoffs(struct db *db, int64_t before, int *n);
int store_purge_job_runs(struct db *db, int64_t before, int *n);

#endif
