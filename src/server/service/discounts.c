/* Fee reductions and exemptions as they show (see discounts.h). */
#include <stdlib.h>
#include <string.h>
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"
#include "service/discounts.h"
#include "store/discounts.h"
#include "store/orders.h"
#include "store/store.h"

bool discount_exempt(const struct order *o)
{
	return strcmp(o->method, "exempt") == 0;
}

/* The fee before any reduction: an exempt order keeps its amount, and its
 * discount holds the whole fee. */
static int64_t list_amount(const struct order *o, const struct order_discount *d)
{
	return discount_exempt(o) ? d->discount : o->amount + d->discount;
}

void discount_json_put(const struct order *o, const struct order_discount *d, cJSON *obj)
{
	static const struct order_discount none;

	if (!d)
		d = &none;
	json_add_int(obj, "discount", d->discount);
	json_add_int(obj, "list_amount", list_amount(o, d));
	json_add_str(obj, "discount_reason", d->reason);
}


char *discount_note(struct db *db, const struct order *o)
{
	struct order_discount d;
	char off[MONEY_BUFSZ], list[MONEY_BUFSZ];
	char *note = NULL;

	if (store_order_discount(db, o->id, &d) != ST_OK || d.discount <= 0) {
		free(d.reason);
		return NULL;
	}
	money_format(d.discount, off);
	money_format(list_amount(o, &d), list);
	if (discount_exempt(o))
		note = xasprintf("免缴会费 %s 元（经审批）：%s", list, d.reason ? d.reason : "");
	else
		note = xasprintf("减免 %s 元（原价 %s 元，经审批）：%s", off, list,
		                 d.reason ? d.reason : "");
	free(d.reason);
	return note;
}
