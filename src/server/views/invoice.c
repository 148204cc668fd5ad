/* Invoices (views/invoice.h). */
#include "roster/json.h"
#include "store/invoices.h"
#include "views/invoice.h"
#include "views/member.h"

/* Optional text: JSON null when empty. */
static void add_opt(cJSON *o, const char *key, const char *s)
{
	json_add_str(o, key, s && *s ? s : NULL);
}

cJSON *view_invoice(const struct invoice *inv)
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
	if (inv->issued_at)
		json_add_int(o, "issued_at", inv->issued_at);
	else
		cJSON_AddNullToObject(o, "issued_at");
	return o;
}

cJSON *view_invoice_review(struct db *db, const struct invoice *inv)
{
	cJSON *o = view_invoice(inv);

	cJSON_AddItemToObject(o, "member", view_member_ref(db, inv->account_id));
	return o;
}
