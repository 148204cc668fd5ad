/* The JSON the API shows for orders, bank transfers and invoices. */
#include <string.h>
#include "roster/json.h"
#include "pay/pay.h"
#include "service/discounts.h"
#include "store/accounts.h"
#include "store/catalogue.h"
#include "store/invoices.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"

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

cJSON *pay_level_json(struct db *db, int64_t level_id)
{
	struct level l;
	cJSON *o;

	if (!level_id || store_level_get(db, level_id, &l) != ST_OK)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	json_add_int(o, "id", l.id);
	json_add_str(o, "code", l.code);
	json_add_str(o, "name_zh", l.name_zh);
	json_add_str(o, "name_en", l.name_en);
	json_add_int(o, "annual_fee", l.annual_fee);
	level_free(&l);
	return o;
}

cJSON *pay_transfer_json(const struct payment *p)
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
	add_opt_int(o, "reviewed_at", p->reviewed_at);
	return o;
}

cJSON *pay_invoice_json(const struct invoice *inv)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", inv->id);
	json_add_int(o, "order_id", inv->order_id);
	json_add_str(o, "order_no", inv->order_no);
	json_add_str(o, "order_status", inv->order_status);
	json_add_str(o, "status", inv->status);
	json_add_str(o, "title_type", inv->f.title_type);
	json_add_str(o, "title", inv->f.title);
	add_opt(o, "tax_no", inv->f.tax_no);
	json_add_str(o, "kind", inv->f.kind);
	add_opt(o, "address", inv->f.address);
	add_opt(o, "phone", inv->f.phone);
	add_opt(o, "bank", inv->f.bank);
	add_opt(o, "account", inv->f.bank_account);
	json_add_str(o, "email", inv->f.email);
	json_add_int(o, "amount", inv->amount);
	add_opt(o, "invoice_no", inv->invoice_no);
	json_add_bool(o, "has_file", inv->file_size > 0);
	json_add_int(o, "requested_at", inv->requested_at);
	json_add_int(o, "updated_at", inv->updated_at);
	add_opt_int(o, "issued_at", inv->issued_at);
	return o;
}

cJSON *pay_order_json(struct db *db, const struct order *od)
{
	cJSON *o = cJSON_CreateObject(), *years;
	struct payment bt;
	struct invoice inv;
	bool dues = strcmp(od->kind, "dues") == 0;

	json_add_int(o, "id", od->id);
	json_add_str(o, "order_no", od->order_no);
	json_add_str(o, "kind", od->kind);
	json_add_str(o, "status", od->status);
	json_add_int(o, "amount", od->amount);
	discount_json_add(db, od, o);
	json_add_int(o, "unit_fee", od->unit_fee);
	years = cJSON_AddArrayToObject(o, "years");
	for (int y = od->year_from; y && y <= od->year_to; y++)
		cJSON_AddItemToArray(years, cJSON_CreateNumber(y));
	cJSON_AddItemToObject(o, "level", pay_level_json(db, od->level_id));
	cJSON_AddItemToObject(o, "from_level", pay_level_json(db, dues ? 0 : od->from_level_id));
	add_opt_int(o, "application_id", od->application_id);
	add_opt(o, "method", od->method);
	add_opt(o, "provider", od->provider);
	add_opt(o, "receipt_no", od->receipt_no);
	json_add_int(o, "created_at", od->created_at);
	json_add_int(o, "updated_at", od->updated_at);
	add_opt_int(o, "paid_at", od->paid_at);
	if (strcmp(od->status, "unpaid") == 0)
		json_add_int(o, "closes_at", od->closes_at);
	else
		cJSON_AddNullToObject(o, "closes_at");
	json_add_int(o, "version", od->version);
	if (store_payment_last_bank(db, od->id, &bt) == ST_OK) {
		json_add_bool(o, "awaiting_confirmation", strcmp(bt.status, "pending") == 0);
		cJSON_AddItemToObject(o, "bank_transfer", pay_transfer_json(&bt));
		payment_free(&bt);
	} else {
		json_add_bool(o, "awaiting_confirmation", false);
		cJSON_AddNullToObject(o, "bank_transfer");
	}
	if (store_invoice_by_order(db, od->id, &inv) == ST_OK) {
		cJSON *io = cJSON_CreateObject();
		json_add_int(io, "id", inv.id);
		json_add_str(io, "status", inv.status);
		add_opt(io, "invoice_no", inv.invoice_no);
		cJSON_AddItemToObject(o, "invoice", io);
		invoice_free(&inv);
	} else {
		cJSON_AddNullToObject(o, "invoice");
	}
	return o;
}

cJSON *pay_payer_json(struct db *db, int64_t account_id, bool with_type)
{
	cJSON *o = cJSON_CreateObject();
	struct account a = { 0 };
	struct member m = { 0 };

	json_add_int(o, "account_id", account_id);
	if (store_account_get(db, account_id, &a) == ST_OK)
		json_add_str(o, "username", a.username);
	if (store_member_get(db, account_id, &m) == ST_OK) {
		json_add_str(o, "name", m.name);
		json_add_str(o, "member_no", m.member_no);
		if (with_type)
			json_add_str(o, "member_type", m.member_type);
		json_add_int(o, "org_id", m.org_id);
	}
	account_free(&a);
	member_free(&m);
	return o;
}
