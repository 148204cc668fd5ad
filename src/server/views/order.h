/* An order (我的订单) as the API shows it, and the QR code of a payment of
 * it (roster-api(7)). */
#ifndef ROSTERD_VIEWS_ORDER_H
#define ROSTERD_VIEWS_ORDER_H

#include <cjson/cJSON.h>

struct db;
struct order;
struct payment;

/* The order object: id, order_no, kind, status, amount, unit_fee, years,
 * level, from_level, application_id, method, provider, voucher_no (and
 * its older name receipt_no), times, closes_at, version,
 * awaiting_confirmation, bank_transfer (its latest, view_transfer), invoice
 * ({id,status,invoice_no} or null) and refunds (pay_refunds_json). */
cJSON *view_order(struct db *db, const struct order *o);

/* POST /orders/{id}/pay: {payment_id, order_id, order_no, method,
 * provider, out_trade_no, code_url, amount, expires_at} of QR payment p
 * (a payment attempt) of order o. */
cJSON *view_qr(const struct order *o, const struct payment *p);

#endif
