/* My invoices (我的票据): the invoices (发票) asked for, filtered by status
 * and year; Enter shows one, which can be edited while it is only requested
 * and whose issued file can be downloaded. The invoice form screen asks for
 * an invoice for a paid order (补开) or edits a requested one. */
#ifndef ROSTER_CLIENT_INVOICES_H
#define ROSTER_CLIENT_INVOICES_H

#include <cjson/cJSON.h>

#include "app.h"

/* arg: NULL for the list, or const long long *invoice_id to show one
 * invoice at once (Esc then shows the list). */
extern const struct screen_ops scr_invoices_ops;

struct invoice_form_arg {
	long long order_id;     /* ask for an invoice for this paid order, or */
	long long invoice_id;   /* edit this invoice (while requested); 0 = new */
	const cJSON *invoice;   /* values to start from, or NULL (copied) */
};
/* arg: const struct invoice_form_arg *. Resume value 1 when it was sent. */
extern const struct screen_ops scr_invoice_form_ops;

#endif
