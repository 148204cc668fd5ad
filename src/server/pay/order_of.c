/* The caller's order, as the order routes load it (see pay.h). */
#include "pay/pay.h"
#include "store/orders.h"
#include "store/store.h"

int pay_order_of(struct db *db, int64_t account_id, int64_t id, struct order *o)
{
	int rc = id > 0 ? store_order_get(db, id, o) : ST_NOTFOUND;

	if (rc == ST_OK && o->account_id != account_id)
		rc = ST_NOTFOUND;
	return rc;
}
