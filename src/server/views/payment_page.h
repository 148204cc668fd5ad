/* A page of a staff list of payments (GET /review/bank-transfers, GET
 * /review/refunds): each payment's object with its order (view_order) and
 * member (view_member_ref) after it. The page's orders and members are
 * read with a fixed number of statements whatever its length
 * (views/order_page.h, views/member_page.h).
 *
 *	struct payment_page pg = { .items = cJSON_CreateArray() };
 *	... for each payment p: payment_page_add(&pg, view_transfer(p), p);
 *	rc = payment_page_finish(db, &pg);      // pg.items is the list */
#ifndef ROSTERD_VIEWS_PAYMENT_PAGE_H
#define ROSTERD_VIEWS_PAYMENT_PAGE_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

struct db;
struct payment;

struct payment_page {
	cJSON *items;              /* the list's array (the caller's) */
	int64_t *order_ids;        /* of each item */
	int64_t *account_ids;
	size_t n;
};

/* Append item (taken), the object of payment p so far, to pg->items. */
void payment_page_add(struct payment_page *pg, cJSON *item, const struct payment *p);
/* Add "order" (JSON null when it is gone) and "member" to every item, and
 * free what the page kept (not the items). ST_OK, or ST_ERROR when a
 * statement failed (logged; the items are complete all the same). */
int payment_page_finish(struct db *db, struct payment_page *pg);

#endif
