/* Housekeeping of orders and payments (see sweeper.h). */
#include <string.h>
#include "http.h"
#include "log.h"
#include "pay/pay.h"
#include "server.h"
#include "store/idempotency.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"
#include "service/sweeper.h"

#define SWEEP_BATCH 100        /* orders read per query */
#define IDEM_KEEP   86400      /* seconds an idempotent answer is kept */

int sweeper_close_if_due(struct db *db, struct order *o)
{
	struct payment p;
	int rc;

	if (strcmp(o->status, "unpaid") != 0 || o->closes_at > store_now())
		return 0;
	/* a transfer waiting for staff keeps the order open */
	rc = store_payment_pending_bank(db, o->id, &p);
	if (rc == ST_OK)
		payment_free(&p);
	if (rc != ST_NOTFOUND)
		return rc == ST_OK ? 0 : -1;
	/* read outside the transaction: paid (or cancelled) since, the
	 * guarded end leaves it be (ST_CONFLICT), and that is no failure */
	rc = pay_order_end(db, o, "closed", 0);
	if (rc != ST_OK)
		return rc == ST_CONFLICT ? 0 : -1;
	log_info("order %s closed: unpaid for %d days", o->order_no,
	         g_cfg ? g_cfg->order_close_days : 7);
	store_order_get(db, o->id, o);
	http_wake();
	return 1;
}

int sweeper_run(struct db *db, int64_t now, int *closed)
{
	int64_t ids[SWEEP_BATCH];
	int n, rc = ST_OK, progress;

	*closed = 0;
	/* batch after batch while each one closes something: an order that
	 * cannot be closed (it failed) is not asked for again in this run */
	do {
		progress = 0;
		n = store_order_due_to_close(db, now, ids, SWEEP_BATCH);
		if (n < 0)
			return ST_ERROR;
		for (int i = 0; i < n; i++) {
			struct order o;
			int done = store_order_get(db, ids[i], &o) == ST_OK
			           ? sweeper_close_if_due(db, &o) : -1;
			if (done > 0)
				progress++;
			else if (done < 0)
				rc = ST_ERROR;
		}
		*closed += progress;
	} while (n == SWEEP_BATCH && progress == n);
	if (store_payment_expire_qr(db, 0, now) != ST_OK) {
		log_warn("expiring QR payments failed");
		rc = ST_ERROR;
	}
	if (idem_purge(db, now - IDEM_KEEP) != ST_OK) {
		log_warn("purging idempotency keys failed");
		rc = ST_ERROR;
	}
	return rc;
}
