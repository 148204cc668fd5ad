/* refunds: money given back for a payment, full or partial, each under
 * its own refund number (see migration 060). */
#ifndef ROSTERD_STORE_REFUNDS_H
#define ROSTERD_STORE_REFUNDS_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct refund {
	int64_t id;
	int64_t order_id;
	int64_t payment_id;
	int64_t account_id;
	char provider[16];
	char refund_no[72];
	int64_t amount;            /* fen */
	char cause[20];            /* "paid_twice", "membership_ended", "other" */
	char *reason;
	char status[12];           /* "processing", "succeeded", "failed" */
	char *gateway_refund_no;
	char *failure;
	int64_t requested_by;
	char *request_key;         /* Idempotency-Key of the staff request, or NULL */
	int64_t created_at;
	int64_t updated_at;
	int64_t finished_at;
};

void refund_free(struct refund *r);

/* A new refund (status processing) of payment; its refund_no is
 * "<order_no>R<n>", n counting the order's refunds. *id set. */
int store_refund_insert(struct db *db, const struct refund *r, const char *order_no,
                        int64_t *id);
int store_refund_get(struct db *db, int64_t id, struct refund *out);
int store_refund_by_no(struct db *db, const char *refund_no, struct refund *out);
/* The refund a staff request with that key made of the payment. */
int store_refund_by_key(struct db *db, int64_t payment_id, const char *key,
                        struct refund *out);
/* processing -> succeeded or failed (ST_CONFLICT when it was not
 * processing); gateway_refund_no and failure may be NULL. */
int store_refund_finish(struct db *db, int64_t id, const char *status,
                        const char *gateway_refund_no, const char *failure);
/* Fen of a payment refunded or being refunded (failed ones excluded). */
int store_refund_sum(struct db *db, int64_t payment_id, int64_t *sum);
/* The refunds of an order (oldest first), or (order_id 0) every refund
 * still processing. */
int store_refunds_of(struct db *db, int64_t order_id,
                     void (*fn)(const struct refund *, void *), void *arg);
/* The refunds of the orders of order_ids (a page of a list), oldest first:
 * one statement for up to DB_IDS_MAX orders. */
int store_refunds_of_orders(struct db *db, const int64_t *order_ids, size_t n,
                            void (*fn)(const struct refund *, void *), void *arg);
/* Every refund (status "" or NULL) or those of one status, newest first,
 * a page at a time; *total counts them all. */
int store_refund_page(struct db *db, const char *status, int limit, int offset,
                      void (*fn)(const struct refund *, void *), void *arg, int64_t *total);

#endif
