/* Confirming several bank transfers at once, as staff do from a bank
 * statement: they paste the order numbers.
 *
 *	POST /review/bank-transfers/confirm {"order_nos":["D…","L…",…]}
 *	     or {"text":"D… D…\nL…"} (numbers separated by spaces, commas,
 *	     semicolons or line breaks)
 *
 * Each number is confirmed on its own, in its own transaction, exactly as
 * POST /review/bank-transfers/{id}/confirm would, and answered item by
 * item: {"items":[{"order_no","result","transfer_id"?,"message"}],
 * "confirmed":N,"failed":N}, with result confirmed | not_found (no such
 * order, or another branch's) | no_transfer (no transfer waits on it) |
 * conflict (it cannot be paid now) | duplicate (listed twice). At most 200
 * numbers per request.
 *
 * With "dry_run":true nothing is confirmed: each number is answered as it
 * would be, a transfer waiting for it as result "ready", so staff see
 * what each number matched (its member, amount and payer) before they
 * confirm; "ready" counts those. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "pay/pay.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/audit.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"
#include "views/member.h"
#include "views/order.h"

#define BULK_MAX 200

struct pending {
	struct payment *v;
	size_t n;
};

static void keep(const struct payment *p, void *arg)
{
	struct pending *l = arg;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	memset(&l->v[l->n], 0, sizeof l->v[0]);
	l->v[l->n].id = p->id;
	l->v[l->n].order_id = p->order_id;
	l->n++;
}

/* The numbers asked for, trimmed (malloc'd array of malloc'd strings). */
static char **numbers_in(const cJSON *in, size_t *n, cJSON *errs)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(in, "order_nos");
	const char *text = json_str_or(in, "text", NULL);
	char **out = NULL;

	*n = 0;
	if (cJSON_IsArray(list)) {
		const cJSON *it;
		cJSON_ArrayForEach(it, list) {
			if (!cJSON_IsString(it)) {
				json_add_str(errs, "order_nos", _("A list of order numbers is needed."));
				break;
			}
			out = xrealloc(out, (*n + 1) * sizeof *out);
			out[(*n)++] = xstrdup(it->valuestring);
		}
	} else if (text) {
		const char *p = text;
		while (*p) {
			size_t len;
			while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == ';'))
				p++;
			len = strcspn(p, " \t\r\n,;");
			if (!len)
				break;
			out = xrealloc(out, (*n + 1) * sizeof *out);
			out[(*n)++] = xstrndup(p, len);
			p += len;
		}
	}
	if (!*n && !cJSON_GetObjectItemCaseSensitive(errs, "order_nos"))
		json_add_str(errs, "order_nos", _("Paste at least one order number."));
	else if (*n > BULK_MAX)
		json_add_str(errs, "order_nos", _("At most 200 order numbers at a time."));
	return out;
}

/* Confirm transfer id of order o, as the single confirm does. */
static const char *confirm_one(struct req *req, int64_t id, int64_t order_id)
{
	struct order o;
	int rc;

	if (db_begin(req->db) != ST_OK)
		return "conflict";
	if (store_order_get(req->db, order_id, &o) != ST_OK)
		goto fail;
	rc = store_payment_succeed(req->db, id, NULL, store_now(), req->who.account_id);
	if (rc != ST_OK)
		goto fail;
	rc = pay_settle(req->db, &o, "bank_transfer", NULL, store_now(), req->who.account_id);
	if (rc != ST_OK ||
	    store_audit(req->db, req->who.account_id, "bank_transfer.confirm", "payment", id,
	                "{\"bulk\":true}") != ST_OK)
		goto fail;
	return db_commit(req->db) == ST_OK ? "confirmed" : "conflict";
fail:
	db_rollback(req->db);
	return "conflict";
}

static void route_bulk_confirm(struct req *req, struct resp *resp)
{
	struct bank_review_filter f = { .status = "pending", .org_id = route_caller_scope(req) };
	cJSON *errs = cJSON_CreateObject(), *items, *out;
	struct pending l = { 0 };
	size_t n = 0;
	char **nos = numbers_in(req->json, &n, errs);
	int64_t total, confirmed = 0, failed = 0, ready = 0;
	bool dry = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(req->json, "dry_run"));

	if (resp_fields_error(resp, errs))
		goto done;
	/* the transfers waiting that this member of staff may confirm */
	if (store_bank_review_list(req->db, &f, 100000, 0, keep, &l, &total) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		goto done;
	}
	items = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *it = cJSON_CreateObject();
		const char *result = "no_transfer";
		struct order o;
		int64_t tid = 0;
		bool dup = false;

		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(nos[i], nos[j]) == 0;
		json_add_str(it, "order_no", nos[i]);
		if (dup) {
			result = "duplicate";
		} else if (store_order_by_no(req->db, nos[i], &o) != ST_OK) {
			result = "not_found";
		} else {
			for (size_t k = 0; k < l.n && !tid; k++)
				if (l.v[k].order_id == o.id)
					tid = l.v[k].id;
			if (tid) {
				struct payment p;

				if (store_payment_get(req->db, tid, &p) == ST_OK) {
					json_add_int(it, "amount", p.amount);
					json_add_str(it, "payer_name", p.payer_name);
					payment_free(&p);
				}
				cJSON_AddItemToObject(it, "member", view_member_ref(req->db, o.account_id));
				result = dry ? "ready" : confirm_one(req, tid, o.id);
			}
			else if (f.org_id) {
				/* another branch's order is not named to branch staff */
				struct payment p;
				if (store_payment_pending_bank(req->db, o.id, &p) == ST_OK) {
					result = "not_found";
					payment_free(&p);
				}
			}
		}
		json_add_str(it, "result", result);
		if (tid)
			json_add_int(it, "transfer_id", tid);
		json_add_str(it, "message",
		             strcmp(result, "confirmed") == 0 ? _("Confirmed; the order is paid.")
		             : strcmp(result, "ready") == 0
		             ? _("Transfer waiting: ready to confirm.")
		             : strcmp(result, "not_found") == 0 ? _("No such order.")
		             : strcmp(result, "duplicate") == 0
		             ? (dry ? _("Listed twice; counted once.") : _("Listed twice; confirmed once."))
		             : strcmp(result, "no_transfer") == 0
		             ? _("No bank transfer of this order waits for confirmation.")
		             : _("The order is not open for payment."));
		if (strcmp(result, "confirmed") == 0)
			confirmed++;
		else if (strcmp(result, "ready") == 0)
			ready++;
		else if (strcmp(result, "duplicate") != 0)
			failed++;
		cJSON_AddItemToArray(items, it);
	}
	if (confirmed)
		http_wake();
	out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "items", items);
	json_add_int(out, "confirmed", confirmed);
	json_add_int(out, "failed", failed);
	if (dry)
		json_add_int(out, "ready", ready);
	resp_json(resp, 200, out);
done:
	for (size_t i = 0; i < n; i++)
		free(nos[i]);
	free(nos);
	free(l.v);
}

const struct route routes_bank_transfers_bulk[] = {
	{ "POST", "/review/bank-transfers/confirm", route_bulk_confirm, ROLES_STAFF, 0 },
	{ 0 }
};
