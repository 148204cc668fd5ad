/* Orders and payments above the store: settling a paid order (the one place
 * money changes a member's standing), ending an unpaid one, handling a
 * provider's callback, and the JSON the API shows for orders, transfers and
 * invoices. */
#ifndef ROSTERD_PAY_H
#define ROSTERD_PAY_H

#include <stdbool.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "http.h"
#include "pay/provider.h"

struct db;
struct order;
struct payment;
struct invoice;

/* Dates in China time (UTC+8), the association's calendar. */
void pay_china_date(int64_t t, char out[11]);
int pay_this_year(void);

/* This server's public URL for links in QR codes: [server] base_url, or
 * http://<Host header> when it is not set. Malloc'd. */
char *pay_base_url(const struct req *req);

/* A payment landed on order o (unpaid), inside the caller's transaction:
 * the order becomes paid with a receipt number; dues make the member active
 * through the order's last year; a level change applies its level; the
 * certificate is renewed; the member is messaged; other QR codes of the
 * order expire and a bank transfer still waiting for staff is closed as
 * not_needed (the member is told); an audit row is written for actor (0: a
 * provider). ST_OK, ST_CONFLICT (not unpaid), ST_ERROR. */
int pay_settle(struct db *db, const struct order *o, const char *method,
               const char *provider, int64_t paid_at, int64_t actor);

/* End an unpaid order as "cancelled" (by the member) or "closed" (left
 * unpaid): its years are freed, a requested invoice is cancelled, pending QR
 * trades expire; a closed order is reported to the member. ST_OK,
 * ST_CONFLICT (not unpaid), ST_ERROR. */
int pay_order_end(struct db *db, const struct order *o, const char *status, int64_t actor);

/* A provider's payment notification: verify it, then in one transaction
 * store its event id (unique) and settle the order. A replay, or a duplicate
 * of a settled event, changes nothing and is acknowledged like the first;
 * a bad signature (401), stale timestamp (410), unknown order or trade (404)
 * or wrong amount (409) is refused and changes nothing. Fills resp. */
void pay_callback_handle(struct db *db, const struct pay_provider *p,
                         const struct pay_callback_in *in, struct resp *resp);

/* The caller's order of the route's first {id}: false (404 sent) when
 * there is none or it is another account's. An order past its closing time
 * is closed first, so what the member sees is current. */
bool pay_my_order(struct req *req, struct resp *resp, struct order *o);

/* Idempotency-Key for routes that create an order or a payment
 * (store/idempotency.h keeps the answers). pay_idem_key: the header, NULL
 * when absent; false (400 sent) when it is not 1..128 visible ASCII
 * characters. pay_idem_check, inside the transaction that will do the work:
 * true when the request was answered (the first answer replayed with
 * Idempotent-Replayed: true, or 422 for a key used with another request) and
 * the transaction rolled back. pay_idem_save stores the answer in that
 * transaction. scope names the route, e.g. "POST /orders". */
bool pay_idem_key(const struct req *req, struct resp *resp, const char **key);
bool pay_idem_check(struct req *req, struct resp *resp, const char *key, const char *scope);
int pay_idem_save(struct req *req, const char *key, const char *scope, int status,
                  const char *response);

/* A small bilingual HTML page (html/sandbox_pay.c) for the payment and
 * verification pages: title is escaped here, body is trusted HTML. Never
 * cached, indexed or framed. */
void pay_html_send(struct resp *resp, int status, const char *title, const char *body);

/* JSON views (see roster-api(7)). */
cJSON *pay_level_json(struct db *db, int64_t level_id);
cJSON *pay_order_json(struct db *db, const struct order *o);
cJSON *pay_transfer_json(const struct payment *p);
cJSON *pay_invoice_json(const struct invoice *inv);
/* The member as staff reviewing a transfer or an invoice see them:
 * {"account_id","username","name","member_no",["member_type",]"org_id"}
 * (the member's fields only when the account has a member record). */
cJSON *pay_payer_json(struct db *db, int64_t account_id, bool with_type);

#endif
