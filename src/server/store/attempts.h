/* Payment attempts: the QR rows of payments, as the gateways know them
 * (out_trade_no = token, the gateway's own number, closing, checking).
 * See migration 060. */
#ifndef ROSTERD_STORE_ATTEMPTS_H
#define ROSTERD_STORE_ATTEMPTS_H

#include <stdint.h>

struct db;

struct attempt {
	int64_t id;                /* the payment's id */
	int64_t order_id;
	int64_t account_id;
	char provider[16];
	char status[16];           /* the payment's status */
	int64_t amount;            /* fen */
	char token[72];            /* out_trade_no */
	char gateway_no[72];       /* "" until the gateway said */
	int64_t created_at;
	int64_t expires_at;
	int64_t closed_at;         /* 0 = not closed at the gateway */
	int64_t paid_at;
};

/* The out_trade_no of the order's next attempt: "<order_no>_<n>". */
int store_attempt_next_no(struct db *db, int64_t order_id, const char *order_no,
                          char out[72]);
int store_attempt_get(struct db *db, int64_t id, struct attempt *out);
int store_attempt_by_token(struct db *db, const char *token, struct attempt *out);
/* The QR attempts of an order, oldest first. */
int store_attempt_list(struct db *db, int64_t order_id,
                       void (*fn)(const struct attempt *, void *), void *arg);
/* Attempts of an order not yet closed at the gateway and not paid
 * (pending, or expired here only). */
int store_attempt_list_open(struct db *db, int64_t order_id,
                            void (*fn)(const struct attempt *, void *), void *arg);
/* Attempts of provider reconciliation asks about for the day [from, to):
 * made or paid that day, and every one still pending whenever it was made. */
int store_attempt_list_day(struct db *db, const char *provider, int64_t from, int64_t to,
                           void (*fn)(const struct attempt *, void *), void *arg);
/* Closed at the gateway: a pending attempt expires; closed_at is set. */
int store_attempt_closed(struct db *db, int64_t id);
/* The gateway's number of the trade (set once). */
int store_attempt_set_gateway_no(struct db *db, int64_t id, const char *gateway_no);
int store_attempt_checked(struct db *db, int64_t id);

#endif
