/* A page of a staff list of payments (views/payment_page.h). */
#include <stdlib.h>
#include "roster/xalloc.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"
#include "views/member_page.h"
#include "views/order_page.h"
#include "views/payment_page.h"

void payment_page_add(struct payment_page *pg, cJSON *item, const struct payment *p)
{
	pg->order_ids = xrealloc(pg->order_ids, (pg->n + 1) * sizeof *pg->order_ids);
	pg->account_ids = xrealloc(pg->account_ids, (pg->n + 1) * sizeof *pg->account_ids);
	pg->order_ids[pg->n] = p->order_id;
	pg->account_ids[pg->n] = p->account_id;
	pg->n++;
	cJSON_AddItemToArray(pg->items, item);
}

int payment_page_finish(struct db *db, struct payment_page *pg)
{
	struct order *orders = NULL;
	size_t norders = 0, i = 0;
	cJSON *views = cJSON_CreateArray(), **view = NULL, **members, *item;
	int rc = store_orders_by_ids(db, pg->order_ids, pg->n, &orders, &norders);

	if (view_orders_add(db, orders, norders, views) != ST_OK)
		rc = ST_ERROR;
	members = xcalloc(pg->n ? pg->n : 1, sizeof *members);
	if (view_member_refs(db, pg->account_ids, pg->n, members) != ST_OK)
		rc = ST_ERROR;
	/* views[k] is the object of orders[k] */
	view = xcalloc(norders ? norders : 1, sizeof *view);
	for (size_t k = 0; k < norders; k++)
		view[k] = cJSON_GetArrayItem(views, (int)k);
	cJSON_ArrayForEach(item, pg->items) {
		cJSON *o = NULL;

		for (size_t k = 0; k < norders && !o; k++)
			if (orders[k].id == pg->order_ids[i])
				o = cJSON_Duplicate(view[k], true);
		cJSON_AddItemToObject(item, "order", o ? o : cJSON_CreateNull());
		cJSON_AddItemToObject(item, "member", members[i]);
		i++;
	}
	cJSON_Delete(views);
	free(view);
	free(members);
	free(orders);
	free(pg->order_ids);
	free(pg->account_ids);
	pg->order_ids = pg->account_ids = NULL;
	pg->n = 0;
	return rc;
}
