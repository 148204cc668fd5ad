/* Housekeeping of orders, done lazily by the requests that look at them, so
 * it needs no thread of its own and several rosterd instances on one
 * database share it: unpaid orders past their closes_at (and not waiting
 * for a bank transfer review) are closed, QR trades past their expiry
 * expire, idempotency answers older than a day are dropped. */
#ifndef ROSTERD_SWEEPER_H
#define ROSTERD_SWEEPER_H

#include <stdbool.h>

struct db;
struct order;

/* Sweep everything due, at most once a minute per process (cheap to call
 * on every request that shows orders). */
void sweeper_tick(struct db *db);

/* Close o now when it is due, and re-read it; true when it was closed. */
bool sweeper_close_if_due(struct db *db, struct order *o);

#endif
