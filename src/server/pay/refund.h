/* Refunds: money given back for a payment, full or partial, with a reason
 * (an order paid twice, a membership ended), asked of the gateway that took
 * it under a refund number of its own so that asking again never refunds
 * twice; the member sees each refund on the order. Payment attempts: closing
 * the open ones at the gateway. Knows no HTTP. */
#ifndef ROSTERD_PAY_REFUND_H
#define ROSTERD_PAY_REFUND_H

#include <stdbool.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "roster/err.h"
#include "pay/provider.h"

struct db;
struct refund;

struct refund_request {
	int64_t payment_id;
	int64_t amount;            /* fen; 0 = all that is left of the payment */
	const char *cause;         /* "paid_twice", "membership_ended", "other" */
	const char *reason;        /* shown to the member and the payer */
	const char *base_url;      /* for the gateway's refund callback */
	int64_t actor;             /* staff account */
	const char *key;           /* the request's Idempotency-Key, or NULL */
};

/* Record the refund (processing), then ask the gateway outside any
 * transaction and record its answer. A request repeated with the same key
 * finds the refund the first one made (*again = true) and, while it is
 * processing, asks the gateway about it again under its number. A bank transfer is paid back by staff
 * outside Roster: its refund is recorded as done. ERR_OK (*id set; the
 * refund may still be processing, or failed: see its status);
 * ERR_NOT_FOUND (no such payment); ERR_CONFLICT (*why: not a payment that
 * took money, or more than is left of it); ERR_VALIDATION (*why);
 * ERR_INTERNAL. */
enum roster_err pay_refund_request(struct db *db, const struct refund_request *rq,
                                   int64_t *id, bool *again, const char **why);

/* Ask the gateway how a processing refund stands, and send it again under
 * the same refund number when the gateway never got it. ERR_OK (its status
 * may have changed), ERR_UNAVAILABLE, ERR_NOT_FOUND, ERR_INTERNAL. */
enum roster_err pay_refund_check(struct db *db, int64_t id, const char *base_url);

/* A refund callback (PAY_EV_REFUND) of provider p: the refund it names
 * ends succeeded or failed, once; the member is told. ERR_OK (also for a
 * repeat), ERR_NOT_FOUND (no such refund of that provider), ERR_INTERNAL. */
enum roster_err pay_refund_event(struct db *db, const struct pay_provider *p,
                                 const struct pay_event *ev);

/* {"id","refund_no","amount","cause","reason","status","created_at",
 *  "finished_at"} */
cJSON *pay_refund_json(const struct refund *r);
/* The refunds of an order, as an array. */
cJSON *pay_refunds_json(struct db *db, int64_t order_id);

/* Close every attempt of the order still open at its gateway (the order
 * ended, was paid, or the member left the code), outside any transaction.
 * An attempt the gateway reports paid meanwhile is taken as a payment
 * (pay_query_apply). */
void pay_attempts_close(struct db *db, int64_t order_id);

/* Ask the gateway about attempt token and, when it was paid, apply it as
 * its callback would have been. *state: the enum pay_state. ERR_OK,
 * ERR_NOT_FOUND (no such attempt), ERR_UNAVAILABLE (gateway or provider
 * off), ERR_CONFLICT (the gateway's amount differs), ERR_INTERNAL. */
enum roster_err pay_query_apply(struct db *db, const char *token, int *state,
                                const char **outcome);

#endif
