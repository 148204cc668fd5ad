/* The invoice details a payer may add to a dues order: title for a person
 * or an organisation, tax number (organisations), normal or special VAT
 * invoice (special: address, phone, bank, account), e-mail. The fields go
 * into a form the payment screen owns. */
#ifndef ROSTER_CLIENT_PAY_INVOICE_H
#define ROSTER_CLIENT_PAY_INVOICE_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "widgets/form.h"

/* Add the invoice fields to fm; the e-mail starts as the account's
 * (account: the session's account object, may be NULL). */
void pay_invoice_form(struct form *fm, const cJSON *account);
/* The form's checks plus the invoice rules; errors land on the fields.
 * Returns true when the details can be sent. */
bool pay_invoice_check(struct form *fm);
/* The "invoice" object for POST /orders (fields of the other kind left
 * out). Caller deletes. */
cJSON *pay_invoice_json(const struct form *fm);

#endif
