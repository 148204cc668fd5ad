/* Fee reductions and exemptions of orders (migration 052). */
#ifndef ROSTERD_STORE_DISCOUNTS_H
#define ROSTERD_STORE_DISCOUNTS_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* An unpaid order's amount becomes new_amount (0 < new_amount < amount);
 * what it took off adds to its discount, with the reason and who approved
 * it. A requested invoice follows the new amount. ST_CONFLICT when the
 * order is not unpaid or the amount does not fit. */
int store_order_reduce(struct db *db, int64_t order_id, int64_t new_amount,
                       const char *reason, int64_t by);
/* The whole remaining amount of an unpaid order is waived (the caller then
 * settles it with method "exempt"). ST_CONFLICT when not unpaid. */
int store_order_exempt(struct db *db, int64_t order_id, const char *reason, int64_t by);

struct order_discount {
	int64_t discount;         /* fen taken off in all; 0 = none */
	char *reason;             /* or NULL */
	int64_t by;               /* staff account, 0 = none */
};
/* ST_OK (zeroed when none), ST_NOTFOUND. reason malloc'd. */
int store_order_discount(struct db *db, int64_t order_id, struct order_discount *out);
/* The same for the orders of order_ids (a page of a list): fn for each
 * order found, in no particular order (d and its reason are the callee's
 * to read, not to keep); one statement for up to DB_IDS_MAX orders. */
int store_order_discounts(struct db *db, const int64_t *order_ids, size_t n,
                          void (*fn)(int64_t order_id, const struct order_discount *d, void *),
                          void *arg);

#endif
