/* Every route group and the table of them (routes/index.c). To add a group:
 * write routes/<group>.c ending in a zero-terminated routes_<group>[], declare
 * it here and list it in index.c. */
#ifndef ROSTERD_ROUTES_H
#define ROSTERD_ROUTES_H

#include "route.h"

extern const struct route routes_health[];   /* GET /healthz */
extern const struct route routes_openapi[];  /* GET /api/v1/openapi.json */
extern const struct route routes_auth[];     /* /auth/... */
extern const struct route routes_me[];       /* GET /me */
extern const struct route routes_catalogue[]; /* /orgs /levels /terms /forms /bank-account */

extern const struct route routes_members_export[]; /* GET /members/export.csv */
extern const struct route routes_members[];  /* /members (staff register) */
extern const struct route routes_stats[];    /* /stats /review/counts (staff) */
extern const struct route routes_catalogue_admin[]; /* /catalogue (admin: edit, history) */
extern const struct route routes_order_discounts[]; /* /review/orders/{id}/reduce (HQ) */
extern const struct route routes_renewals[]; /* /renewals /members/{id}/history /jobs (staff, admin) */
extern const struct route routes_application[];  /* /application (join draft, submit, form.pdf) */
extern const struct route routes_attachments[];  /* /application/attachments */
extern const struct route routes_applications[]; /* /applications /level-changes /branch-joins /branches/mine */
extern const struct route routes_profile[];      /* /member/profile /member/profile-changes */
extern const struct route routes_review[];       /* /review/applications (staff) */
extern const struct route routes_messages[];     /* /messages */
extern const struct route routes_notices[];      /* /notices */
extern const struct route routes_handoff[];      /* POST /handoff */
extern const struct route routes_handoff_pages[]; /* /h/{token} phone pages (html/handoff.c) */
extern const struct route routes_dues[];          /* /dues/quote, POST /orders */
extern const struct route routes_orders[];        /* /orders (list, detail, cancel, pay, receipt) */
extern const struct route routes_bank_transfers[]; /* /orders/{id}/bank-transfer, /review/bank-transfers */
extern const struct route routes_refunds[];        /* /review/refunds (HQ staff) */
extern const struct route routes_invoices[];      /* /invoices, /orders/{id}/invoice, /review/invoices */
extern const struct route routes_certificate[];   /* /certificate, /certificate.pdf */
extern const struct route routes_verify[];        /* /verify/{cert_no} (public) */
extern const struct route routes_pay_callback[];  /* /pay/callback/{provider} */
extern const struct route routes_sandbox_pay[];   /* /pay/sb/{token} (html/sandbox_pay.c) */
extern const struct route routes_verify_page[];   /* /v/{cert_no} (html/verify_page.c) */
extern const struct route routes_staff_accounts[]; /* /staff/accounts (admin) */
extern const struct route routes_audit[];         /* GET /audit (admin, HQ) */
extern const struct route routes_member_records[]; /* /members/{id}/... staff actions */
extern const struct route routes_broadcasts[];    /* /broadcasts (staff messages to members) */
extern const struct route routes_transfer_history[]; /* /review/bank-transfers/history */
extern const struct route routes_account_settings[]; /* PUT /me/language */
extern const struct route routes_attempts[];      /* /orders/{id}/attempts (payment attempts) */
extern const struct route routes_payment_refunds[]; /* /review/orders/{no}, refunds (HQ) */
extern const struct route routes_bank_transfers_bulk[]; /* POST /review/bank-transfers/confirm */
extern const struct route routes_document_kinds[]; /* GET /document-kinds */

/* NULL-terminated list of the tables above (index.c). */
extern const struct route *const route_tables[];

/* GET /me is assembled from the account (routes/me.c) plus whatever other
 * parts add: each function adds its fields to `me` for the caller. Listed,
 * NULL-terminated, in index.c. */
typedef void (*me_extend_fn)(struct req *req, cJSON *me);
extern const me_extend_fn me_extenders[];
/* "member" and "unread_messages" (routes/profile.c). */
void me_extend_member(struct req *req, cJSON *me);
/* "language" (routes/account_settings.c). */
void me_extend_language(struct req *req, cJSON *me);
/* "unpaid_orders" for members (routes/orders.c). */
void orders_me_extend(struct req *req, cJSON *me);

/* The OpenAPI document merged from <data_dir>/openapi/NN-part.json (routes/openapi.c);
 * NULL (logged) when a part is missing or broken. The caller deletes it. */
cJSON *openapi_build(const char *data_dir);

#endif
