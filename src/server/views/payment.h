/* Payments as the API shows them: a bank transfer (to the member and, with
 * its order and member, to staff) and a payment whose money is due back
 * (roster-api(7)). */
#ifndef ROSTERD_VIEWS_PAYMENT_H
#define ROSTERD_VIEWS_PAYMENT_H

#include <cjson/cJSON.h>

struct db;
struct payment;
struct payment_page;

/* A bank transfer: id, order_id, status, payer_name, bank, account_tail,
 * date, amount, reference, has_scan, scan_type, reason, created_at,
 * reviewed_at. */
cJSON *view_transfer(const struct payment *p);
/* What staff see of a transfer: view_transfer (status "confirmed" for
 * succeeded, the review's word) with its order (view_order) and member
 * (view_member_ref). */
cJSON *view_transfer_review(struct db *db, const struct payment *p);
/* The same as a row of a page (views/payment_page.h). */
void view_transfer_review_add(struct payment_page *pg, const struct payment *p);

/* GET /review/refunds: {id, amount, method, provider, trade_no, paid_at,
 * recorded_at, order, member} of a refund_due payment. */
cJSON *view_refund(struct db *db, const struct payment *p);
void view_refund_add(struct payment_page *pg, const struct payment *p);

#endif
