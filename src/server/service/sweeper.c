/* Lazy housekeeping of orders and payments (see sweeper.h). */
#include <stdatomic.h>
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

#define SWEEP_EVERY 60         /* seconds between sweeps of one process */
#define SWEEP_BATCH 100        /* orders closed per sweep */
#define IDEM_KEEP   86400      /* seconds an idempotent answer is kept */

static _Atomic int64_t last_sweep;

bool sweeper_close_if_due(struct db *db, struct order *o)
{
	struct payment p;
	int rc;

	if (strcmp(o->status, "unpaid") != 0 || o->closes_at > store_now())
		return false;
	/* a transfer waiting for staff keeps the order open */
	rc = store_payment_pending_bank(db, o->id, &p);
	if (rc == ST_OK)
		payment_free(&p);
	if (rc != ST_NOTFOUND)
		return false;
	if (pay_order_end(db, o, "closed", 0) != ST_OK)
		return false;
	log_info("order %s closed: unpaid for %d days", o->order_no,
	         g_cfg ? g_cfg->order_close_days : 7);
	store_order_get(db, o->id, o);
	http_wake();
	return true;
}

void sweeper_tick(struct db *db)
{
	int64_t now = store_now(), prev = atomic_load(&last_sweep);
	int64_t ids[SWEEP_BATCH];
	int n;

	if (now - prev < SWEEP_EVERY || !atomic_compare_exchange_strong(&last_sweep, &prev, now))
		return;
	n = store_order_due_to_close(db, now, ids, SWEEP_BATCH);
	for (int i = 0; i < n; i++) {
		struct order o;
		if (store_order_get(db, ids[i], &o) == ST_OK)
			sweeper_close_if_due(db, &o);
	}
	if (store_payment_expire_qr(db, 0, now) != ST_OK)
		log_warn("sweeper: expiring QR payments failed");
	if (idem_purge(db, now - IDEM_KEEP) != ST_OK)
		log_warn("sweeper: purging idempotency keys failed");
}
