/* How a fee reduction or exemption shows: on the order's JSON and on its
 * payment voucher (service/discounts.c). */
#ifndef ROSTERD_DISCOUNTS_H
#define ROSTERD_DISCOUNTS_H

#include <stdbool.h>
#include <cjson/cJSON.h>

struct db;
struct order;
struct order_discount;

/* "discount" (fen taken off, 0 when none), "list_amount" (the fee before
 * it) and "discount_reason" (or null) into obj, from the order's discount d
 * (store_order_discount; NULL: none). */
void discount_json_put(const struct order *o, const struct order_discount *d, cJSON *obj);
/* The voucher's line about it ("减免 300.00 元（原价 …）：reason",
 * malloc'd), or NULL when there was none. */
char *discount_note(struct db *db, const struct order *o);
/* Was the order settled by an exemption (nothing paid)? */
bool discount_exempt(const struct order *o);

#endif
