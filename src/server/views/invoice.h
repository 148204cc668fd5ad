/* An invoice (发票) request as the API shows it, to the member and, with
 * the member, to staff (roster-api(7)). */
#ifndef ROSTERD_VIEWS_INVOICE_H
#define ROSTERD_VIEWS_INVOICE_H

#include <cjson/cJSON.h>

struct db;
struct invoice;

/* id, order_id, order_no, order_status, status, title_type, title, tax_no,
 * kind, address, phone, bank, account, email, amount, invoice_no, has_file,
 * requested_at, updated_at, issued_at. */
cJSON *view_invoice(const struct invoice *inv);
/* What staff see: view_invoice with the member (view_member_ref). */
cJSON *view_invoice_review(struct db *db, const struct invoice *inv);

#endif
