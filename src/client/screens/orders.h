/* My orders (我的订单): every order of this member, filtered by status, year
 * and kind; Enter shows one, from where it can be paid (the payment
 * screens), cancelled, its invoice viewed or asked for afterwards (补开),
 * and its payment voucher downloaded. */
#ifndef ROSTER_CLIENT_ORDERS_H
#define ROSTER_CLIENT_ORDERS_H

#include "app.h"

/* arg: NULL for the list, or const long long *order_id to show one order at
 * once (Esc then shows the list). */
extern const struct screen_ops scr_orders_ops;

#endif
