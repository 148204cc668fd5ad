/* Payments (views/payment.h). */
#include <string.h>
#include "roster/json.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"
#include "views/member.h"
#include "views/order.h"
#include "views/payment.h"

/* Optional text: JSON null when empty. */
static void add_opt(cJSON *o, const char *key, const char *s)
{
	json_add_str(o, key, s && *s ? s : NULL);
}

/* The order of payment p, or JSON null. */
static cJSON *order_of(struct db *db, const struct payment *p)
{
	struct order od;

	if (store_order_get(db, p->order_id, &od) != ST_OK)
		return cJSON_CreateNull();
	return view_order(db, &od);
}

cJSON *view_transfer(const struct payment *p)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", p->id);
	json_add_int(o, "order_id", p->order_id);
	json_add_str(o, "status", p->status);
	json_add_str(o, "payer_name", p->payer_name);
	json_add_str(o, "bank", p->bank);
	json_add_str(o, "account_tail", p->account_tail);
	json_add_str(o, "date", p->transfer_date);
	json_add_int(o, "amount", p->amount);
	add_opt(o, "reference", p->reference);
	json_add_bool(o, "has_scan", p->scan_size > 0);
	add_opt(o, "scan_type", p->scan_type);
	add_opt(o, "reason", p->reason);
	json_add_int(o, "created_at", p->created_at);
	if (p->reviewed_at)
		json_add_int(o, "reviewed_at", p->reviewed_at);
	else
		cJSON_AddNullToObject(o, "reviewed_at");
	return o;
}

cJSON *view_transfer_review(struct db *db, const struct payment *p)
{
	cJSON *o = view_transfer(p);

	if (strcmp(p->status, "succeeded") == 0)
		cJSON_ReplaceItemInObjectCaseSensitive(o, "status", cJSON_CreateString("confirmed"));
	cJSON_AddItemToObject(o, "order", order_of(db, p));
	cJSON_AddItemToObject(o, "member", view_member_ref(db, p->account_id));
	return o;
}

cJSON *view_refund(struct db *db, const struct payment *p)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", p->id);
	json_add_int(o, "amount", p->amount);
	json_add_str(o, "method", p->method);
	json_add_str(o, "provider", p->provider);
	json_add_str(o, "trade_no", p->token);
	json_add_int(o, "paid_at", p->paid_at);
	json_add_int(o, "recorded_at", p->updated_at);
	cJSON_AddItemToObject(o, "order", order_of(db, p));
	cJSON_AddItemToObject(o, "member", view_member_ref(db, p->account_id));
	return o;
}
