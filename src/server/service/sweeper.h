/* Housekeeping of orders and payments, run by the scheduled jobs
 * (schedule_jobs.c) and never by a request: unpaid orders past their
 * closes_at (and not waiting for a bank transfer review) are closed, QR
 * trades past their expiry expire, idempotency answers older than a day
 * are dropped. */
#ifndef ROSTERD_SWEEPER_H
#define ROSTERD_SWEEPER_H

#include <stdint.h>

struct db;
struct order;

/* Everything due at now; *closed gets the orders closed. ST_OK or ST_ERROR
 * (what could be done is done). */
int sweeper_run(struct db *db, int64_t now, int *closed);

/* Close o now when it is due, and re-read it: 1 when it was closed, 0 when
 * it is not due (any more: paid, cancelled or a transfer reported since o
 * was read), -1 when closing it failed. */
int sweeper_close_if_due(struct db *db, struct order *o);

#endif
