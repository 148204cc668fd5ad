/* Orders and payments above the store: settling a paid order (the one place
 * money changes a member's standing), ending an unpaid one, and applying a
 * provider's callback. Knows no HTTP: it returns what happened, and the
 * routes answer (the JSON they show is in views/). */
#ifndef ROSTERD_PAY_H
#define ROSTERD_PAY_H

#include <stdbool.h>
#include <stdint.h>
#include "roster/err.h"
#include "pay/provider.h"

struct db;
struct order;

/* The current year of the association's calendar (assoc_time.h). */
int pay_this_year(void);

/* A payment landed on order o (unpaid), inside the caller's transaction:
 * the order becomes paid with a receipt number; dues make the member active
 * through the order's last year; a level change applies its level; the
 * certificate is renewed; the member is messaged; other QR codes of the
 * order expire and a bank transfer still waiting for staff is closed as
 * not_needed (the member is told); an audit row is written for actor (0: a
 * provider). ST_OK, ST_CONFLICT (not unpaid), ST_ERROR. */
int pay_settle(struct db *db, const struct order *o, const char *method,
               const char *provider, int64_t paid_at, int64_t actor);

/* End an unpaid order as "cancelled" (by the member) or "closed" (left
 * unpaid): its years are freed, a requested invoice is cancelled, pending QR
 * trades expire; a closed order is reported to the member. ST_OK,
 * ST_CONFLICT (not unpaid), ST_ERROR. */
int pay_order_end(struct db *db, const struct order *o, const char *status, int64_t actor);

/* A provider's payment notification: verify it, then in one transaction
 * store its event id (unique) and apply it (pay/callback.c says how).
 * ERR_OK when it was taken, also a replay or a duplicate of a settled
 * trade, which change nothing: answer with the provider's acknowledgement.
 * Otherwise, with nothing changed: ERR_UNAUTHORIZED (bad signature),
 * ERR_BAD_REQUEST (malformed), ERR_GONE (stale timestamp), ERR_NOT_FOUND
 * (unknown order or trade), ERR_CONFLICT (wrong amount), ERR_UNAVAILABLE
 * (busy, or a concurrent change: the provider should deliver it again),
 * ERR_INTERNAL. */
enum roster_err pay_callback_apply(struct db *db, const struct pay_provider *p,
                                   const struct pay_callback_in *in);

/* Apply a verified payment event (PAY_EV_PAID) of provider p as a callback
 * does, in one transaction (pay/apply.c): *outcome "paid", "refund_due" or
 * "duplicate" (NULL when refused). ERR_OK (also for an event handled
 * before); ERR_NOT_FOUND (no such order or attempt); ERR_CONFLICT (wrong
 * amount); ERR_UNAVAILABLE; ERR_INTERNAL. Reconciliation and the closing of
 * attempts take a gateway's query answers through it too. */
enum roster_err pay_event_apply(struct db *db, const struct pay_provider *p,
                                const struct pay_event *ev, const char **outcome);

/* Order id of account_id into o: ST_NOTFOUND when there is none or it is
 * another account's, ST_ERROR. Reading writes nothing: an order past its
 * closing time is closed by the scheduled jobs (service/schedule.h). */
int pay_order_of(struct db *db, int64_t account_id, int64_t id, struct order *o);

#endif
