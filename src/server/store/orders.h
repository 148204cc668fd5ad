/* orders: what a member owes — yearly dues or a level-change fee difference.
 * Status: unpaid -> paid | cancelled | closed (left unpaid too long). Amounts
 * are integer fen fixed when the order is made; a dues order covers a run of
 * calendar years, each year held by at most one live (unpaid or paid) order
 * of the account, which the database enforces. */
#ifndef ROSTERD_STORE_ORDERS_H
#define ROSTERD_STORE_ORDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

#define ORDER_NO_LEN 16        /* "D20261129" + 6 digits, plus the NUL */

struct order {
	int64_t id;
	char order_no[ORDER_NO_LEN];
	int64_t account_id;
	char kind[16];             /* "dues" | "level_change" */
	char status[16];           /* "unpaid" | "paid" | "cancelled" | "closed" */
	int64_t amount;            /* fen */
	int64_t unit_fee;          /* fen per year (level_change: the difference) */
	int64_t level_id;          /* dues: level paid for; level_change: new level */
	int64_t from_level_id;     /* level_change: the level before; 0 for dues */
	int64_t application_id;    /* level_change: the approved application; 0 */
	int year_from, year_to;    /* years covered, inclusive (0 when none) */
	char method[16];           /* how it was paid: "qr", "bank_transfer"; "" */
	char provider[16];         /* qr: "sandbox", …; "" */
	char receipt_no[32];       /* set when paid; "" before */
	int64_t created_at;
	int64_t updated_at;
	int64_t paid_at;           /* 0 until paid */
	int64_t closes_at;         /* an unpaid order closes at this time */
	int64_t version;           /* bumped on every change (long polls watch it) */
};

/* Approval of a level change (called by the review code, inside or outside
 * its transaction). The fee difference (new annual fee - old annual fee)
 * times the paid years from the current year through the year of the
 * member's valid_until. When that is <= 0, *order_id = 0 and the caller
 * applies the new level at once; otherwise an unpaid order of kind
 * level_change is created and *order_id set; paying it applies the level
 * (store_member_set_level) and messages the member. Returns ST_OK,
 * ST_NOTFOUND (no member or level) or ST_ERROR. */
int orders_create_level_change(struct db *db, int64_t account_id, int64_t application_id,
                               int64_t new_level_id, int64_t *order_id);

/* What a new order needs. years: dues years (consecutive, ascending). */
struct order_new {
	int64_t account_id;
	const char *kind;          /* "dues" | "level_change" */
	int64_t amount;            /* fen, > 0 */
	int64_t unit_fee;
	int64_t level_id;
	int64_t from_level_id;
	int64_t application_id;
	int year_from, year_to;
	int64_t closes_at;
};

/* Insert an unpaid order with a fresh order number (D… for dues, L… for
 * level changes) and, for dues, claim its years. ST_EXISTS when a year is
 * already held by another live order. */
int store_order_insert(struct db *db, const struct order_new *o, int64_t *id);
int store_order_get(struct db *db, int64_t id, struct order *out);
int store_order_by_no(struct db *db, const char *order_no, struct order *out);
/* The orders of ids that exist, into a malloc'd array (*out, *n; NULL and 0
 * when none), in no particular order; one statement for up to DB_IDS_MAX
 * ids. */
int store_orders_by_ids(struct db *db, const int64_t *ids, size_t count, struct order **out,
                        size_t *n);

/* Filters of a member's list; NULL / 0 = any. year: created in that
 * calendar year of the association (assoc_time.h). */
struct order_filter {
	int64_t account_id;
	const char *status;
	const char *kind;
	int year;
};
/* Page of orders, newest first: calls fn for each; *total = all matches. */
int store_order_list(struct db *db, const struct order_filter *f, int limit, int offset,
                     void (*fn)(const struct order *, void *), void *arg, int64_t *total);

/* Years 'from'..'to' of the account that are paid, or held by an unpaid
 * order: bit (year - from) set in *mask (to - from < 64). */
int store_order_years_taken(struct db *db, int64_t account_id, int from, int to,
                            uint64_t *paid_mask, uint64_t *unpaid_mask);
/* Last dues year paid (0 when none). */
int store_order_last_paid_year(struct db *db, int64_t account_id, int *year);
/* Has the account an unpaid order of this kind (0 when none)? */
int store_order_unpaid_of_kind(struct db *db, int64_t account_id, const char *kind,
                               int64_t *order_id);

/* unpaid -> paid with a receipt number of the paid year (R2026000001 …).
 * ST_CONFLICT when it is not unpaid. */
int store_order_mark_paid(struct db *db, int64_t id, const char *method,
                          const char *provider, int64_t paid_at);
/* A cancelled or closed order that is paid after all (the money came in
 * late): claims its years again. ST_EXISTS when a year went to another
 * order meanwhile, ST_CONFLICT when it is not cancelled or closed. Check
 * store_order_years_free first inside a larger transaction: a failed
 * revive rolls the whole transaction back. */
int store_order_revive(struct db *db, int64_t id);
/* Are the years of order id held by no other live order? (*free) */
int store_order_years_free(struct db *db, int64_t id, bool *free_);
/* unpaid -> cancelled | closed, releasing its years. ST_CONFLICT when it
 * was not unpaid. */
int store_order_end(struct db *db, int64_t id, const char *status);
/* Keep an unpaid order open at least until `until` (a rejected bank
 * transfer gives the member time to pay again). */
int store_order_keep_open(struct db *db, int64_t id, int64_t until);
/* Bump version and updated_at (something attached to it changed). */
int store_order_touch(struct db *db, int64_t id);
/* Unpaid orders whose closes_at has passed and that wait for no bank
 * transfer review: up to max ids into ids; returns the count or -1. */
int store_order_due_to_close(struct db *db, int64_t now, int64_t *ids, int max);

#endif
