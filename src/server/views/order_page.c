/* A page of orders (views/order_page.h). */
#include <stdlib.h>
#include <string.h>
#include "roster/json.h"
#include "roster/xalloc.h"
#include "pay/refund.h"
#include "store/catalogue.h"
#include "store/discounts.h"
#include "store/invoices.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/refunds.h"
#include "store/store.h"
#include "views/catalogue.h"
#include "views/order.h"
#include "views/order_page.h"
#include "views/payment.h"

struct page {
	const struct order *orders;
	size_t n;
	struct order_parts *parts;
	struct order_discount *discounts;
};

/* The position of the order in the page, or n. */
static size_t page_index(const struct page *pg, int64_t order_id)
{
	size_t i = 0;

	while (i < pg->n && pg->orders[i].id != order_id)
		i++;
	return i;
}

static void put_discount(int64_t order_id, const struct order_discount *d, void *arg)
{
	struct page *pg = arg;
	size_t i = page_index(pg, order_id);

	if (i == pg->n)
		return;
	pg->discounts[i] = *d;
	pg->discounts[i].reason = d->reason ? xstrdup(d->reason) : NULL;
	pg->parts[i].discount = &pg->discounts[i];
}

static void put_bank(const struct payment *p, void *arg)
{
	struct page *pg = arg;
	size_t i = page_index(pg, p->order_id);

	if (i == pg->n)
		return;
	pg->parts[i].awaiting = strcmp(p->status, "pending") == 0;
	pg->parts[i].bank_transfer = view_transfer(p);
}

static void put_invoice(const struct invoice *inv, void *arg)
{
	struct page *pg = arg;
	size_t i = page_index(pg, inv->order_id);
	cJSON *o;

	if (i == pg->n)
		return;
	o = cJSON_CreateObject();
	json_add_int(o, "id", inv->id);
	json_add_str(o, "status", inv->status);
	json_add_str(o, "invoice_no", inv->invoice_no && *inv->invoice_no ? inv->invoice_no : NULL);
	pg->parts[i].invoice = o;
}

static void put_refund(const struct refund *r, void *arg)
{
	struct page *pg = arg;
	size_t i = page_index(pg, r->order_id);

	if (i == pg->n)
		return;
	if (!pg->parts[i].refunds)
		pg->parts[i].refunds = cJSON_CreateArray();
	cJSON_AddItemToArray(pg->parts[i].refunds, pay_refund_json(r));
}

/* view_level of the level with that id among levels[0..n), or NULL. */
static cJSON *level_ref(const struct level *levels, size_t n, int64_t id)
{
	for (size_t i = 0; id > 0 && i < n; i++)
		if (levels[i].id == id)
			return view_level(&levels[i]);
	return NULL;
}

int view_orders_add(struct db *db, const struct order *orders, size_t n, cJSON *into)
{
	struct page pg = { .orders = orders, .n = n };
	struct level *levels = NULL;
	size_t nlevels = 0;
	int64_t *ids;
	int rc = ST_OK;

	if (n == 0)
		return ST_OK;
	ids = xcalloc(n, sizeof *ids);
	pg.parts = xcalloc(n, sizeof *pg.parts);
	pg.discounts = xcalloc(n, sizeof *pg.discounts);
	for (size_t i = 0; i < n; i++)
		ids[i] = orders[i].id;
	/* each statement fills what it finds; one that fails leaves its part
	 * out and the others still run */
	if (store_order_discounts(db, ids, n, put_discount, &pg) != ST_OK)
		rc = ST_ERROR;
	if (store_level_list(db, NULL, true, &levels, &nlevels) != ST_OK)
		rc = ST_ERROR;
	if (store_payment_last_banks(db, ids, n, put_bank, &pg) != ST_OK)
		rc = ST_ERROR;
	if (store_invoices_by_orders(db, ids, n, put_invoice, &pg) != ST_OK)
		rc = ST_ERROR;
	if (store_refunds_of_orders(db, ids, n, put_refund, &pg) != ST_OK)
		rc = ST_ERROR;
	for (size_t i = 0; i < n; i++) {
		const struct order *o = &orders[i];

		pg.parts[i].level = level_ref(levels, nlevels, o->level_id);
		if (strcmp(o->kind, "dues") != 0)
			pg.parts[i].from_level = level_ref(levels, nlevels, o->from_level_id);
		cJSON_AddItemToArray(into, view_order_of(o, &pg.parts[i]));
		free(pg.discounts[i].reason);
	}
	levels_free(levels, nlevels);
	free(pg.discounts);
	free(pg.parts);
	free(ids);
	return rc;
}
