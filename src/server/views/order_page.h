/* A page of orders as the API shows them, read with a fixed number of
 * statements whatever its length: the page's discounts, latest bank
 * transfers, invoices and refunds one statement each (WHERE order_id IN the
 * page's ids), the levels one more. */
#ifndef ROSTERD_VIEWS_ORDER_PAGE_H
#define ROSTERD_VIEWS_ORDER_PAGE_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct db;
struct order;

/* The object of each of orders[0..n) (view_order's) appended to the array
 * into, in their order. ST_OK, or ST_ERROR when a statement failed (logged;
 * the objects are there all the same, showing what could be read). */
int view_orders_add(struct db *db, const struct order *orders, size_t n, cJSON *into);

#endif
