/* Orders (views/order.h). */
#include <string.h>
#include "roster/json.h"
#include "service/discounts.h"
#include "store/orders.h"
#include "store/payments.h"
#include "views/order.h"
#include "views/order_page.h"

/* Optional text: JSON null when empty. */
static void add_opt(cJSON *o, const char *key, const char *s)
{
	json_add_str(o, key, s && *s ? s : NULL);
}

static void add_opt_int(cJSON *o, const char *key, int64_t v)
{
	if (v)
		json_add_int(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

cJSON *view_order_of(const struct order *od, struct order_parts *p)
{
	cJSON *o = cJSON_CreateObject(), *years;

	json_add_int(o, "id", od->id);
	json_add_str(o, "order_no", od->order_no);
	json_add_str(o, "kind", od->kind);
	json_add_str(o, "status", od->status);
	json_add_int(o, "amount", od->amount);
	discount_json_put(od, p->discount, o);
	json_add_int(o, "unit_fee", od->unit_fee);
	years = cJSON_AddArrayToObject(o, "years");
	for (int y = od->year_from; y && y <= od->year_to; y++)
		cJSON_AddItemToArray(years, cJSON_CreateNumber(y));
	cJSON_AddItemToObject(o, "level", p->level ? p->level : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "from_level", p->from_level ? p->from_level : cJSON_CreateNull());
	add_opt_int(o, "application_id", od->application_id);
	add_opt(o, "method", od->method);
	add_opt(o, "provider", od->provider);
	add_opt(o, "receipt_no", od->receipt_no);
	add_opt(o, "voucher_no", od->receipt_no);
	json_add_int(o, "created_at", od->created_at);
	json_add_int(o, "updated_at", od->updated_at);
	add_opt_int(o, "paid_at", od->paid_at);
	if (strcmp(od->status, "unpaid") == 0)
		json_add_int(o, "closes_at", od->closes_at);
	else
		cJSON_AddNullToObject(o, "closes_at");
	json_add_int(o, "version", od->version);
	json_add_bool(o, "awaiting_confirmation", p->bank_transfer && p->awaiting);
	cJSON_AddItemToObject(o, "bank_transfer", p->bank_transfer ? p->bank_transfer
	                                                           : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "invoice", p->invoice ? p->invoice : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "refunds", p->refunds ? p->refunds : cJSON_CreateArray());
	memset(p, 0, sizeof *p);
	return o;
}

cJSON *view_order(struct db *db, const struct order *od)
{
	cJSON *a = cJSON_CreateArray(), *o;

	view_orders_add(db, od, 1, a);
	o = cJSON_DetachItemFromArray(a, 0);
	cJSON_Delete(a);
	return o;
}

cJSON *view_qr(const struct order *o, const struct payment *p)
{
	cJSON *out = cJSON_CreateObject();

	json_add_int(out, "payment_id", p->id);
	json_add_int(out, "order_id", o->id);
	json_add_str(out, "order_no", o->order_no);
	json_add_str(out, "method", "qr");
	json_add_str(out, "provider", p->provider);
	json_add_str(out, "out_trade_no", p->token);
	json_add_str(out, "code_url", p->code_url);
	json_add_int(out, "amount", p->amount);
	json_add_int(out, "expires_at", p->expires_at);
	return out;
}
