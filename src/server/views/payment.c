/* Payments (views/payment.h). */
#include <string.h>
#include "roster/json.h"
#include "store/payments.h"
#include "views/payment.h"
#include "views/payment_page.h"

/* Optional text: JSON null when empty. */
static void add_opt(cJSON *o, const char *key, const char *s)
{
	json_add_str(o, key, s && *s ? s : NULL);
}

/* The object of payment p (taken) with its order and member after it. */
static cJSON *with_order(struct db *db, cJSON *item, const struct payment *p)
{
	struct payment_page pg = { .items = cJSON_CreateArray() };
	cJSON *o;

	payment_page_add(&pg, item, p);
	payment_page_finish(db, &pg);
	o = cJSON_DetachItemFromArray(pg.items, 0);
	cJSON_Delete(pg.items);
	return o;
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

static cJSON *transfer_for_review(const struct payment *p)
{
	cJSON *o = view_transfer(p);

	if (strcmp(p->status, "succeeded") == 0)
		cJSON_ReplaceItemInObjectCaseSensitive(o, "status", cJSON_CreateString("confirmed"));
	return o;
}

cJSON *view_transfer_review(struct db *db, const struct payment *p)
{
	return with_order(db, transfer_for_review(p), p);
}

void view_transfer_review_add(struct payment_page *pg, const struct payment *p)
{
	payment_page_add(pg, transfer_for_review(p), p);
}

static cJSON *refund_due(const struct payment *p)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", p->id);
	json_add_int(o, "amount", p->amount);
	json_add_str(o, "method", p->method);
	json_add_str(o, "provider", p->provider);
	json_add_str(o, "trade_no", p->token);
	json_add_int(o, "paid_at", p->paid_at);
	json_add_int(o, "recorded_at", p->updated_at);
	return o;
}

cJSON *view_refund(struct db *db, const struct payment *p)
{
	return with_order(db, refund_due(p), p);
}

void view_refund_add(struct payment_page *pg, const struct payment *p)
{
	payment_page_add(pg, refund_due(p), p);
}
