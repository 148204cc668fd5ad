/* An order (我的订单) as the API shows it, and the QR code of a payment of
 * it (roster-api(7)). */
#ifndef ROSTERD_VIEWS_ORDER_H
#define ROSTERD_VIEWS_ORDER_H

#include <stdbool.h>
#include <cjson/cJSON.h>

struct db;
struct order;
struct order_discount;
struct payment;

/* The order object: id, order_no, kind, status, amount, discount,
 * list_amount, discount_reason, unit_fee, years, level, from_level,
 * application_id, method, provider, voucher_no (and its older name
 * receipt_no), times, closes_at, version, awaiting_confirmation,
 * bank_transfer (its latest, view_transfer), invoice ({id,status,invoice_no}
 * or null) and refunds (pay_refund_json each). One order's view_orders_add
 * (views/order_page.h). */
cJSON *view_order(struct db *db, const struct order *o);

/* What the object shows beyond the order's row, gathered for a page of
 * orders by view_orders_add. The cJSON parts are taken; NULL shows null
 * (refunds: an empty array). */
struct order_parts {
	const struct order_discount *discount;  /* NULL: none */
	cJSON *level, *from_level;              /* view_level (a dues order: none) */
	cJSON *bank_transfer;                   /* view_transfer of its latest */
	bool awaiting;                          /* that transfer waits for staff */
	cJSON *invoice;                         /* {id, status, invoice_no} */
	cJSON *refunds;                         /* array of pay_refund_json */
};
cJSON *view_order_of(const struct order *o, struct order_parts *p);

/* POST /orders/{id}/pay: {payment_id, order_id, order_no, method,
 * provider, out_trade_no, code_url, amount, expires_at} of QR payment p
 * (a payment attempt) of order o. */
cJSON *view_qr(const struct order *o, const struct payment *p);

#endif
