/* payments: attempts to pay an order — a QR trade with a provider, or a bank
 * transfer that staff confirm or reject — and pay_events, the provider
 * events already handled (unique per provider, so a replay is noticed in the
 * transaction that would apply it). */
#ifndef ROSTERD_STORE_PAYMENTS_H
#define ROSTERD_STORE_PAYMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

struct payment {
	int64_t id;
	int64_t order_id;
	int64_t account_id;
	char method[16];       /* "qr" | "bank_transfer" */
	char provider[16];     /* qr: "sandbox", …; "" */
	char status[16];       /* "pending", "succeeded", "expired", "rejected", "refund_due",
	                        * "not_needed" (a transfer the order no longer needed) */
	int64_t amount;        /* fen */
	char *token;           /* qr: the provider's key of the trade */
	char *code_url;        /* qr */
	char *payer_name;      /* bank transfer, as the payer reported it */
	char *bank;
	char *account_tail;
	char *transfer_date;   /* YYYY-MM-DD */
	char *reference;
	char *scan_type;       /* content type of the receipt scan, or NULL */
	int64_t scan_size;     /* bytes; 0 = no scan */
	char *reason;          /* rejection reason */
	int64_t reviewed_by;
	int64_t reviewed_at;
	char *event_id;        /* provider event that settled it */
	int64_t created_at;
	int64_t updated_at;
	int64_t expires_at;    /* qr: 0 for bank transfers */
	int64_t paid_at;
};

void payment_free(struct payment *p);

int store_payment_get(struct db *db, int64_t id, struct payment *out);
int store_payment_by_token(struct db *db, const char *token, struct payment *out);
/* The pending QR payment of an order with provider still payable at now. */
int store_payment_live_qr(struct db *db, int64_t order_id, const char *provider,
                          int64_t now, struct payment *out);
/* The bank transfer of an order waiting for staff (ST_NOTFOUND: none). */
int store_payment_pending_bank(struct db *db, int64_t order_id, struct payment *out);
/* The latest bank transfer of an order, whatever its status. */
int store_payment_last_bank(struct db *db, int64_t order_id, struct payment *out);
/* The same for the orders of order_ids (a page of a list): fn for each
 * order that has one, in no particular order; one statement for up to
 * DB_IDS_MAX orders. */
int store_payment_last_banks(struct db *db, const int64_t *order_ids, size_t n,
                             void (*fn)(const struct payment *, void *), void *arg);

int store_payment_insert_qr(struct db *db, int64_t order_id, int64_t account_id,
                            const char *provider, const char *token, const char *code_url,
                            int64_t amount, int64_t expires_at, const char *lang,
                            int64_t *id);
/* The language ("zh", "en") the payment's code was made in, into lang;
 * "" when none was recorded. */
int store_payment_lang(struct db *db, int64_t id, char lang[3]);

struct bank_transfer_new {
	int64_t order_id;
	int64_t account_id;
	int64_t amount;        /* fen */
	const char *payer_name, *bank, *account_tail, *transfer_date, *reference;
};
/* ST_EXISTS when a transfer of the order already waits for staff. */
int store_payment_insert_bank(struct db *db, const struct bank_transfer_new *b, int64_t *id);
/* Attach or replace the receipt scan of a pending bank transfer
 * (ST_CONFLICT when it is no longer pending). */
int store_payment_set_scan(struct db *db, int64_t id, const void *data, size_t len,
                           const char *type, const char *sha256_hex);
/* The scan (malloc'd) and its type (malloc'd); ST_NOTFOUND without one. */
int store_payment_scan(struct db *db, int64_t id, void **data, size_t *len, char **type);

/* pending (or expired: paid just after the code stopped) -> succeeded with
 * the settling event (NULL for bank transfers).
 * ST_CONFLICT when it was not pending. */
int store_payment_succeed(struct db *db, int64_t id, const char *event_id,
                          int64_t paid_at, int64_t reviewer);
/* pending -> rejected by staff with a reason. ST_CONFLICT when not pending. */
int store_payment_reject(struct db *db, int64_t id, const char *reason, int64_t reviewer);
/* A QR payment, pending or expired, becomes refund_due (its money arrived
 * for an order that was settled otherwise), recording the event.
 * ST_CONFLICT when its money was counted already. */
int store_payment_refund_due(struct db *db, int64_t id, const char *event_id, int64_t paid_at);
/* pending bank transfer -> not_needed: the order was paid otherwise while
 * it waited. ST_CONFLICT when it was not pending. */
int store_payment_not_needed(struct db *db, int64_t id);
/* Pending QR payments of an order (or, order_id 0, all of them past their
 * expires_at at now) become expired. */
int store_payment_expire_qr(struct db *db, int64_t order_id, int64_t now);

/* Bank transfers for review, oldest first. status NULL = any; org_id 0 =
 * every member, else only that branch's members (joined through it or added
 * by a branch join). */
struct bank_review_filter {
	const char *status;
	int64_t org_id;
};
int store_bank_review_list(struct db *db, const struct bank_review_filter *f,
                           int limit, int offset,
                           void (*fn)(const struct payment *, void *), void *arg,
                           int64_t *total);

/* Payments whose money is to be given back (status refund_due, and not
 * yet covered by refunds), the
 * oldest money first; *total = all of them. */
int store_refund_list(struct db *db, int limit, int offset,
                      void (*fn)(const struct payment *, void *), void *arg, int64_t *total);

/* Record a provider event as handled. ST_EXISTS when it was handled already. */
int store_pay_event_insert(struct db *db, const char *provider, const char *event_id,
                           int64_t order_id, int64_t payment_id, int64_t amount,
                           const char *outcome);
/* Payments of an order that succeeded (to check money is counted once). */
int store_payment_count_succeeded(struct db *db, int64_t order_id, int64_t *n);

#endif
