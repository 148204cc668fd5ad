/* Provider callbacks: verified, then applied exactly once. The event id is
 * inserted under a unique key in the transaction that settles the order, so
 * of two deliveries of one event (a gateway's retry, a replay, a payer
 * pressing "confirm" twice) only the first changes anything, and the second
 * still gets the provider's acknowledgement, which stops its retries. */
#include <stdio.h>
#include <string.h>
#include "roster/xalloc.h"
#include "log.h"
#include "pay/pay.h"
#include "pay/refund.h"
#include "server.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"

static void ack(const struct pay_provider *p, struct resp *resp)
{
	resp_bytes(resp, 200, p->ack_ctype, (void *)p->ack_body, strlen(p->ack_body), false);
	resp->no_etag = true;
}

void pay_callback_handle(struct db *db, const struct pay_provider *p,
                         const struct pay_callback_in *in, struct resp *resp)
{
	struct pay_event ev;
	const char *why = NULL, *outcome;
	enum roster_err e;

	e = p->verify(in, &ev, &why);
	if (e != ERR_OK) {
		log_warn("%s callback refused: %s", p->name, why ? why : err_code(e));
		resp_error(resp, e, NULL, NULL);
		return;
	}
	/* genuine, but not a payment (a trade closed, a refund ended) */
	if (ev.kind == PAY_EV_IGNORE) {
		ack(p, resp);
		return;
	}
	if (ev.kind == PAY_EV_REFUND) {
		e = pay_refund_event(db, p, &ev);
		if (e != ERR_OK) {
			log_warn("%s refund callback refused: %s", p->name, err_code(e));
			resp_error(resp, e, NULL, NULL);
			return;
		}
		http_wake();
		ack(p, resp);
		return;
	}
	/* recorded and settled in one short local transaction, without
	 * calling the gateway: answered well within WeChat's 5 seconds */
	e = pay_event_apply(db, p, &ev, &outcome);
	if (e != ERR_OK) {
		resp_error(resp, e, NULL, NULL);
		return;
	}
	ack(p, resp);
}
