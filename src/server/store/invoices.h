/* invoices: the documents a member asks for an order (我的票据) — the dues
 * receipt (社会团体会费统一收据), or a VAT fapiao, normal (普票) or special
 * (专票), as the association offers (documents.kinds); personal or
 * organisation payer — editable while requested, then
 * issued by staff with its number and file. One per order. Also the rules a
 * request must meet (invoice_fields_parse), shared by every route that takes
 * one. */
#ifndef ROSTERD_STORE_INVOICES_H
#define ROSTERD_STORE_INVOICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

struct db;

/* What the member fills in (strings malloc'd; NULL when absent). */
struct invoice_fields {
	char *title_type;      /* "personal" | "organisation" */
	char *title;
	char *tax_no;          /* required for organisations: tax number, which is
	                          the unified social credit code */
	char *kind;            /* "dues_receipt" | "normal" | "special" (organisation only) */
	char *address, *phone, *bank, *bank_account;   /* special only */
	char *email;
};

struct invoice {
	int64_t id;
	int64_t order_id;
	int64_t account_id;
	char status[16];       /* "requested" | "issued" | "cancelled" | "rejected" */
	struct invoice_fields f;
	int64_t amount;        /* fen: the order's */
	char *invoice_no;      /* set when issued */
	int64_t file_size;     /* bytes of the issued file; 0 = none */
	int64_t requested_at;
	int64_t updated_at;
	int64_t issued_at;
	char *order_no;        /* the order's number */
	char *order_status;
	char *status_reason;   /* why staff rejected the request or voided the
	                        * last invoice, or NULL */
	int64_t voids;         /* invoices of it voided so far */
};

void invoice_fields_free(struct invoice_fields *f);
void invoice_free(struct invoice *inv);

/* Check a request object against the rules (title_type, title up to 100
 * characters, tax_no for organisations: 15-20 letters and digits or a valid
 * unified social credit code, kind special only for organisations and then
 * address, phone, bank and account too, a valid e-mail). Problems go into
 * errs as "field": "why" (translated, prefixed by prefix, e.g. "invoice.").
 * Returns true when fine; out is filled (trimmed, tax_no upper-case). */
bool invoice_fields_parse(const cJSON *in, const char *prefix, struct invoice_fields *out,
                          cJSON *errs);

/* ST_EXISTS when the order has an invoice already. */
int store_invoice_insert(struct db *db, int64_t order_id, int64_t account_id, int64_t amount,
                         const struct invoice_fields *f, int64_t *id);
int store_invoice_get(struct db *db, int64_t id, struct invoice *out);
/* The invoices of the orders of order_ids (a page of a list; an order has
 * one at most): fn for each, in no particular order; one statement for up
 * to DB_IDS_MAX orders. */
int store_invoices_by_orders(struct db *db, const int64_t *order_ids, size_t n,
                             void (*fn)(const struct invoice *, void *), void *arg);
/* Replace the fields while requested or rejected (then requested again);
 * ST_CONFLICT otherwise. */
int store_invoice_update(struct db *db, int64_t id, const struct invoice_fields *f);
/* requested -> issued with number and file. ST_CONFLICT when not
 * requested; ST_EXISTS when the number was given before (to any invoice,
 * voided ones included). */
int store_invoice_issue(struct db *db, int64_t id, const char *invoice_no,
                        const void *file, size_t len, const char *sha256_hex,
                        int64_t issuer);
/* requested -> rejected with staff's reason (ST_CONFLICT otherwise). */
int store_invoice_reject(struct db *db, int64_t id, const char *reason);
/* issued -> requested again: the number, file and issuer move to
 * invoice_voids with the reason, so it can be issued anew (with another
 * number). ST_CONFLICT when not issued. */
int store_invoice_void(struct db *db, int64_t id, int64_t actor, const char *reason);
/* requested -> cancelled (the order ended unpaid); no-op otherwise. */
int store_invoice_cancel_for_order(struct db *db, int64_t order_id);
/* requested again after its order was paid late. */
int store_invoice_reopen_for_order(struct db *db, int64_t order_id);
/* The issued file (malloc'd). ST_NOTFOUND when not issued. */
int store_invoice_file(struct db *db, int64_t id, void **data, size_t *len);

struct invoice_filter {
	int64_t account_id;    /* 0 = every member (staff) */
	const char *status;    /* NULL = any */
	int year;              /* requested in that year (association's calendar); 0 = any */
	bool paid_only;        /* only invoices of paid orders (staff queue) */
	int64_t org_id;        /* staff of a branch: its members (joined through it or
	                        * added by a branch join); 0 = all */
};
int store_invoice_list(struct db *db, const struct invoice_filter *f, int limit, int offset,
                       void (*fn)(const struct invoice *, void *), void *arg, int64_t *total);

#endif
