/* Payment (会员缴费 / 续费): choose the year(s) with the amount quoted by the
 * server, optional invoice details, confirm the order, then pay it by QR
 * code (sandbox or a real provider: the screen long-polls the order and
 * turns into the payment voucher when it is paid) or by bank transfer (the
 * association's account, a form, then "awaiting confirmation").
 *
 * Other screens hand an existing unpaid order over with pay_order(); a paid
 * one shows its payment voucher (缴费凭证, Roster's own PDF of the payment;
 * not a financial receipt). */
#ifndef ROSTER_CLIENT_PAY_H
#define ROSTER_CLIENT_PAY_H

#include <cjson/cJSON.h>

#include "app.h"

/* Dues for chosen years (arg: NULL). Resume value 1 when an order was
 * made and paid or sent for confirmation. */
extern const struct screen_ops scr_pay_ops;

/* One order (arg: const long long *order_id): its summary and the choice
 * of QR code or bank transfer; a paid order shows the voucher instead. */
extern const struct screen_ops scr_pay_order_ops;
/* The QR code of one order (arg: const long long *order_id). */
extern const struct screen_ops scr_pay_qr_ops;
/* Bank transfer for one order (arg: const long long *order_id). */
extern const struct screen_ops scr_pay_bank_ops;
/* The payment voucher of a paid order (arg: const long long *order_id). */
extern const struct screen_ops scr_pay_receipt_ops;

/* Show the payment screens for an existing order: what every other screen
 * (my orders, level change) calls. tag goes to the caller's resume(). */
struct screen *pay_order(struct app *app, long long order_id, int tag);

/* Shared by the payment screens (pay_order.c). */
/* The order's "id" (integral number), or -1. */
long long pay_order_id(const cJSON *order);
/* "2026" or "2026–2028" or "2026, 2028" from an order's or a quote's
 * "years" array; caller frees. */
char *pay_years_text(const cJSON *years);
/* What an order is for, in words: "Dues 2026–2027", "Level change"; caller
 * frees. */
char *pay_order_item(const cJSON *order);
/* A fresh random Idempotency-Key (32 hex digits). */
void pay_new_idem_key(char out[33]);
/* Order no., what for, amount, status and invoice as label/value rows from
 * *row on (advanced past them). */
void pay_draw_summary(const cJSON *order, int *row, int x, int w);

#endif
