/* Bank transfers already decided, for staff:
 *
 *	GET /review/bank-transfers/history?q=&status=&page=&per_page=
 *
 * Newest decision first, with who decided, why a transfer was refused and
 * whether the payer attached a scan (has_scan). q searches the order
 * number, payer, reference and the member's username, name and number;
 * status is confirmed, rejected or refund_due. A branch officer sees their
 * branch's members only. */
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "route.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/staff_queries.h"
#include "store/store.h"

static const struct { const char *word, *stored; } statuses[] = {
	{ "confirmed", "succeeded" },
	{ "rejected", "rejected" },
	{ "refund_due", "refund_due" },
};

static void row_json(const struct transfer_row *r, void *arg)
{
	cJSON *o = cJSON_CreateObject(), *m;
	const char *status = r->status;

	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (!strcmp(r->status, statuses[i].stored))
			status = statuses[i].word;
	json_add_int(o, "id", r->id);
	json_add_int(o, "order_id", r->order_id);
	json_add_str(o, "order_no", r->order_no);
	json_add_int(o, "amount", r->amount);
	json_add_str(o, "status", status);
	json_add_str(o, "payer_name", r->payer_name);
	json_add_str(o, "bank", r->bank);
	json_add_str(o, "account_tail", r->account_tail);
	json_add_str(o, "transfer_date", r->transfer_date);
	json_add_str(o, "reference", r->reference);
	json_add_str(o, "reason", r->reason);
	json_add_bool(o, "has_scan", r->scan_size > 0);
	json_add_str(o, "scan_type", r->scan_type);
	json_add_str(o, "decided_by", r->reviewer);
	json_add_int(o, "decided_at", r->reviewed_at);
	json_add_int(o, "created_at", r->created_at);
	m = cJSON_AddObjectToObject(o, "member");
	json_add_int(m, "account_id", r->account_id);
	json_add_str(m, "username", r->username);
	json_add_str(m, "name", r->member_name);
	json_add_str(m, "member_no", r->member_no);
	cJSON_AddItemToArray(arg, o);
}

static void route_transfer_history(struct req *req, struct resp *resp)
{
	const char *q = req_query(req, "q"), *status = req_query(req, "status"), *stored = NULL;
	cJSON *errs = cJSON_CreateObject(), *items;
	int64_t total = 0;
	int page, per_page;

	if (q && strlen(q) > 200)
		json_add_str(errs, "q", _("The search text is too long."));
	if (status && *status) {
		for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
			if (!strcmp(status, statuses[i].word))
				stored = statuses[i].stored;
		if (!stored)
			json_add_str(errs, "status", _("Unknown status."));
	}
	if (resp_fields_error(resp, errs))
		return;
	req_page(req, &page, &per_page);
	items = cJSON_CreateArray();
	if (staff_transfer_history(req->db, q, stored, route_caller_scope(req), per_page,
	                           (page - 1) * per_page, row_json, items, &total) != ST_OK) {
		cJSON_Delete(items);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_list(resp, items, total, page, per_page);
}

const struct route routes_transfer_history[] = {
	{ "GET", "/review/bank-transfers/history", route_transfer_history, ROLES_STAFF, 0 },
	{ 0 }
};
