/* Dues: the quote for chosen calendar years and placing a dues order.
 *
 *	GET  /dues/quote?years=2026,2027
 *	POST /orders {"kind":"dues","years":[2026,2027],"invoice":{…}}
 *	     (Idempotency-Key header: a retry gets the first answer)
 *
 * Years are paid in sequence: the choice is a run of consecutive years that
 * starts at the first year not yet paid (this year at the earliest) and ends
 * no later than this year + dues_years_ahead; a year paid or held by an
 * unpaid order cannot be chosen again. Renewal is the same path. The amount
 * is the member's level's annual fee at the time of the order times the
 * number of years, in fen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "routes/routes.h"
#include "server.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/catalogue_edit.h"
#include "service/renewal.h"
#include "store/invoices.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/store.h"
#include "routes/idempotency.h"
#include "views/catalogue.h"
#include "views/order.h"

#define YEARS_MAX 21           /* dues_years_ahead is at most 20 */

struct quote {
	int years[YEARS_MAX];
	int n;
	int this_year;             /* the association's calendar */
	int first, last;           /* the years that may be chosen now */
	int64_t unit_fee;          /* fen per year */
	int64_t amount;
	int64_t level_id;
	const char *status;        /* the member's status (static) */
	bool lifetime;             /* a lifetime level: its fee is paid once, for one year */
};

/* Where the member stands for dues: fills first/last/unit_fee/level.
 * ERR_OK, or an error with *msg (translated) for the response. */
static enum roster_err quote_base(struct db *db, int64_t account_id, struct quote *q,
                                  const char **msg)
{
	struct member m = { 0 };
	struct level l = { 0 };
	char today[11];
	int paid_through = 0, last_order = 0;
	enum roster_err e = ERR_INTERNAL;
	int rc;

	memset(q, 0, sizeof *q);
	*msg = NULL;
	rc = store_member_get(db, account_id, &m);
	if (rc == ST_NOTFOUND) {
		*msg = _("Dues can be paid once your application has been approved.");
		return ERR_CONFLICT;
	}
	if (rc != ST_OK)
		return ERR_INTERNAL;
	store_today(today);
	q->status = member_effective_status(&m, today, g_cfg ? g_cfg->grace_days : 90);
	if (strcmp(q->status, "pending_payment") != 0 && strcmp(q->status, "active") != 0 &&
	    strcmp(q->status, "grace") != 0 && strcmp(q->status, "expired") != 0) {
		*msg = _("Dues can be paid once your application has been approved.");
		e = ERR_CONFLICT;
		goto done;
	}
	if (!m.level_id || store_level_get(db, m.level_id, &l) != ST_OK)
		goto done;
	if (l.annual_fee <= 0) {
		*msg = _("Your level has no annual fee: there is nothing to pay.");
		e = ERR_CONFLICT;
		goto done;
	}
	if (store_order_last_paid_year(db, account_id, &last_order) != ST_OK)
		goto done;
	paid_through = m.valid_until ? atoi(m.valid_until) : 0;
	if (last_order > paid_through)
		paid_through = last_order;
	q->this_year = q->first = atoi(today);
	if (paid_through >= q->first)
		q->first = paid_through + 1;
	q->last = atoi(today) + (g_cfg ? g_cfg->dues_years_ahead : 3);
	q->unit_fee = l.annual_fee;
	q->level_id = l.id;
	q->lifetime = store_level_is_lifetime(db, l.id) == 1;
	e = ERR_OK;
done:
	member_free(&m);
	level_free(&l);
	return e;
}

/* Check the chosen years (q->years, q->n) against q->first..q->last and the
 * orders in the database; sets q->amount. ERR_OK, or an error with the
 * fields (taken by the caller) or *msg. */
static enum roster_err quote_years(struct db *db, int64_t account_id, struct quote *q,
                                   cJSON *errs, const char **msg)
{
	uint64_t paid, unpaid;
	char why[160];

	if (q->n == 0) {
		json_add_str(errs, "years", _("Choose at least one year."));
		return ERR_VALIDATION;
	}
	if (q->first > q->last) {
		/* a static buffer: *msg is borrowed, and a request runs on one thread */
		static _Thread_local char full[200];
		snprintf(full, sizeof full,
		         _("Your dues are paid through %d. Dues can be paid for this year and at most %d years ahead, so %d can be paid from next year on."),
		         q->first - 1, q->last - q->this_year, q->first);
		*msg = full;
		return ERR_CONFLICT;
	}
	if (q->lifetime && q->n != 1) {
		json_add_str(errs, "years", _("A lifetime membership is paid once: choose one year."));
		return ERR_VALIDATION;
	}
	for (int i = 0; i < q->n; i++) {
		if (q->years[i] < q->this_year || q->years[i] > q->last) {
			snprintf(why, sizeof why,
			         _("Dues can be paid for this year and at most %d years ahead: choose years from %d to %d."),
			         q->last - q->this_year, q->first, q->last);
			json_add_str(errs, "years", why);
			return ERR_VALIDATION;
		}
		if (i > 0 && q->years[i] != q->years[i - 1] + 1) {
			json_add_str(errs, "years", _("Choose consecutive years, in order."));
			return ERR_VALIDATION;
		}
	}
	if (store_order_years_taken(db, account_id, q->first, q->last, &paid, &unpaid) != ST_OK)
		return ERR_INTERNAL;
	if (q->years[0] < q->first) {
		*msg = _("That year is paid already.");
		return ERR_CONFLICT;
	}
	for (int i = 0; i < q->n; i++) {
		uint64_t bit = UINT64_C(1) << (q->years[i] - q->first);
		if (paid & bit) {
			*msg = _("That year is paid already.");
			return ERR_CONFLICT;
		}
		if (unpaid & bit) {
			*msg = _("An unpaid order already covers that year: pay or cancel it first.");
			return ERR_CONFLICT;
		}
	}
	if (q->years[0] != q->first) {
		snprintf(why, sizeof why, _("Dues are paid year by year: start with %d."), q->first);
		json_add_str(errs, "years", why);
		return ERR_VALIDATION;
	}
	q->amount = q->unit_fee * q->n;
	return ERR_OK;
}

/* "2026,2027" into q->years. false (fields set) when it is not a list of
 * whole numbers of at most four digits. */
static bool years_from_query(const char *s, struct quote *q, cJSON *errs)
{
	q->n = 0;
	while (s && *s) {
		int digits = 0, y = 0;

		while (*s >= '0' && *s <= '9') {
			if (++digits > 4)
				goto bad;
			y = y * 10 + (*s++ - '0');
		}
		if (!digits || (*s && *s != ',') || q->n == YEARS_MAX)
			goto bad;
		q->years[q->n++] = y;
		if (*s == ',')
			s++;
	}
	return true;
bad:
	json_add_str(errs, "years", _("Not a list of years."));
	return false;
}

static bool years_from_json(const cJSON *arr, struct quote *q, cJSON *errs)
{
	const cJSON *it;

	q->n = 0;
	if (!arr)
		return true;
	if (!cJSON_IsArray(arr))
		goto bad;
	cJSON_ArrayForEach(it, arr) {
		double d;
		if (!cJSON_IsNumber(it) || q->n == YEARS_MAX)
			goto bad;
		d = it->valuedouble;
		if (!(d >= 1 && d <= 9999) || d != (double)(int)d)
			goto bad;
		q->years[q->n++] = (int)d;
	}
	return true;
bad:
	json_add_str(errs, "years", _("Not a list of years."));
	return false;
}

static cJSON *quote_json(struct db *db, int64_t account_id, const struct quote *q)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *years = cJSON_AddArrayToObject(o, "years");
	cJSON *choices = cJSON_AddArrayToObject(o, "choices");
	char until[16];

	for (int i = 0; i < q->n; i++)
		cJSON_AddItemToArray(years, cJSON_CreateNumber(q->years[i]));
	for (int y = q->first; y <= q->last; y++)
		cJSON_AddItemToArray(choices, cJSON_CreateNumber(y));
	json_add_int(o, "unit_fee", q->unit_fee);
	json_add_bool(o, "lifetime", q->lifetime);
	json_add_int(o, "amount", q->amount);
	json_add_str(o, "currency", "CNY");
	cJSON_AddItemToObject(o, "level", view_level_ref(db, q->level_id));
	json_add_str(o, "status", q->status);
	json_add_int(o, "first_year", q->first);
	json_add_int(o, "last_year", q->last);
	if (q->n && renewal_valid_until_after(db, account_id, q->level_id, q->years[0],
	                                      q->years[q->n - 1], until) == ST_OK) {
		json_add_str(o, "valid_until", until);
	} else {
		cJSON_AddNullToObject(o, "valid_until");
	}
	return o;
}

static void route_dues_quote(struct req *req, struct resp *resp)
{
	cJSON *errs = cJSON_CreateObject();
	const char *years = req_query(req, "years"), *msg;
	struct quote q;
	enum roster_err e;

	e = quote_base(req->db, req->who.account_id, &q, &msg);
	if (e != ERR_OK) {
		cJSON_Delete(errs);
		resp_error(resp, e, msg, NULL);
		return;
	}
	if (years && *years) {
		if (!years_from_query(years, &q, errs)) {
			resp_fields_error(resp, errs);
			return;
		}
	} else if (q.first <= q.last) {
		/* no choice yet: quote the first year payable */
		q.years[0] = q.first;
		q.n = 1;
	}
	e = q.n || q.first > q.last ? quote_years(req->db, req->who.account_id, &q, errs, &msg)
	                            : ERR_OK;
	if (e == ERR_VALIDATION) {
		resp_fields_error(resp, errs);
		return;
	}
	cJSON_Delete(errs);
	if (e != ERR_OK) {
		resp_error(resp, e, msg, NULL);
		return;
	}
	resp_json(resp, 200, quote_json(req->db, req->who.account_id, &q));
}

/* ---------------------------------------------------------------- POST /orders */

static void route_orders_create(struct req *req, struct resp *resp)
{
	const int64_t me = req->who.account_id;
	cJSON *errs = cJSON_CreateObject(), *out = NULL;
	const cJSON *inv_in = cJSON_GetObjectItemCaseSensitive(req->json, "invoice");
	struct invoice_fields inv = { 0 };
	bool want_invoice = inv_in && !cJSON_IsNull(inv_in);
	const char *kind = "dues", *key, *msg = NULL;
	struct order o;
	struct quote q;
	enum roster_err e;
	int64_t id, inv_id;
	char *text = NULL;
	int rc;

	if (!route_idem_key(req, resp, &key)) {
		cJSON_Delete(errs);
		return;
	}
	json_get_str(req->json, "kind", false, &kind, errs);
	if (kind && strcmp(kind, "dues") != 0)
		json_add_str(errs, "kind",
		             _("Only dues orders can be placed; a level change is ordered when it is approved."));
	if (resp_fields_error(resp, errs))
		return;
	errs = cJSON_CreateObject();
	if (db_begin(req->db) != ST_OK) {
		cJSON_Delete(errs);
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		return;
	}
	if (route_idem_check(req, resp, key, "POST /orders")) {
		cJSON_Delete(errs);
		return;
	}
	e = quote_base(req->db, me, &q, &msg);
	if (e == ERR_OK) {
		if (!years_from_json(cJSON_GetObjectItemCaseSensitive(req->json, "years"), &q, errs))
			e = ERR_VALIDATION;
		else
			e = quote_years(req->db, me, &q, errs, &msg);
	}
	if (want_invoice && !invoice_fields_parse(inv_in, "invoice.", &inv, errs) && e == ERR_OK)
		e = ERR_VALIDATION;
	if (e != ERR_OK)
		goto refuse;
	struct order_new on = {
		.account_id = me,
		.kind = "dues",
		.amount = q.amount,
		.unit_fee = q.unit_fee,
		.level_id = q.level_id,
		.year_from = q.years[0],
		.year_to = q.years[q.n - 1],
		.closes_at = store_now() + (int64_t)(g_cfg ? g_cfg->order_close_days : 7) * 86400,
	};
	rc = store_order_insert(req->db, &on, &id);
	if (rc == ST_EXISTS) {
		e = ERR_CONFLICT;
		msg = _("An unpaid order already covers that year: pay or cancel it first.");
		goto refuse;
	}
	if (rc != ST_OK)
		goto internal;
	if (want_invoice && store_invoice_insert(req->db, id, me, q.amount, &inv, &inv_id) != ST_OK)
		goto internal;
	if (store_audit(req->db, me, "order.create", "order", id, NULL) != ST_OK ||
	    store_order_get(req->db, id, &o) != ST_OK)
		goto internal;
	out = view_order(req->db, &o);
	text = json_print(out);
	if (key && route_idem_save(req, key, "POST /orders", 201, text) != ST_OK)
		goto internal;
	if (db_commit(req->db) != ST_OK) {
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		goto done;
	}
	resp_bytes(resp, 201, "application/json", text, strlen(text), true);
	text = NULL;
	goto done;
refuse:
	db_rollback(req->db);
	if (e == ERR_VALIDATION) {
		resp_fields_error(resp, errs);
		errs = NULL;
	} else {
		resp_error(resp, e, msg, NULL);
	}
	goto done;
internal:
	db_rollback(req->db);
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
done:
	cJSON_Delete(errs);
	cJSON_Delete(out);
	free(text);
	invoice_fields_free(&inv);
}

const struct route routes_dues[] = {
	{ "GET", "/dues/quote", route_dues_quote, ROLE_MEMBER, 0 },
	{ "POST", "/orders", route_orders_create, ROLE_MEMBER, 0 },
	{ 0 }
};
