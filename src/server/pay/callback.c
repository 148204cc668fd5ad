/* Provider callbacks: verified, then applied exactly once. The event id is
 * inserted under a unique key in the transaction that settles the order, so
 * of two deliveries of one event (a gateway's retry, a replay, a payer
 * pressing "confirm" twice) only the first changes anything, and the second
 * still gets the provider's acknowledgement, which stops its retries.
 *
 * What an event does is decided from the trade and the order as they are
 * inside that transaction:
 *
 *	trade already counted (succeeded or refund_due)  nothing: a second
 *	        notification of one trade (gateways send them, with new event
 *	        ids) is recorded as a duplicate and acknowledged
 *	order unpaid                                      pays it
 *	order cancelled or closed, its years still free   revives and pays it
 *	order paid (by another trade or a bank transfer),
 *	or its years taken by a newer order               refund_due
 *
 * Every change is a guarded UPDATE (only from the state the decision was
 * made on); should one find the state changed, nothing is written and the
 * provider is asked to retry (ERR_UNAVAILABLE), so no interleaving counts
 * money twice. That decision is pay/apply.c's, shared with reconciliation.
 *
 * A genuine notification that reports no payment (a trade not paid, a
 * refund's end) is taken without touching any order; a refund's end
 * reaches pay/refund.c. Nothing here calls the gateway, so a callback is
 * answered within WeChat Pay's 5 seconds. */
#include <string.h>
#include "log.h"
#include "pay/pay.h"
#include "pay/refund.h"

enum roster_err pay_callback_apply(struct db *db, const struct pay_provider *p,
                                   const struct pay_callback_in *in)
{
	struct pay_event ev;
	const char *why = NULL, *outcome;
	enum roster_err e;

	/* nothing the caller sent reaches the log: event ids and trade
	 * numbers may carry the trade's token (the sandbox's do) */
	e = p->verify(in, &ev, &why);
	if (e != ERR_OK) {
		log_warn("%s callback refused: %s", p->name, why ? why : err_code(e));
		return e;
	}
	if (ev.kind == PAY_EV_IGNORE)
		return ERR_OK;
	if (ev.kind == PAY_EV_REFUND) {
		e = pay_refund_event(db, p, &ev);
		if (e != ERR_OK)
			log_warn("%s refund callback refused: %s", p->name, err_code(e));
		return e;
	}
	return pay_event_apply(db, p, &ev, &outcome);
}
