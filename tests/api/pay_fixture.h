/* Helpers for the tests of orders, payments, invoices and certificates,
 * driven through the real routes (members come from apps_flow.h). They fail
 * the running cmocka test when a step does not answer as expected. */
#ifndef ROSTER_TEST_PAY_FIXTURE_H
#define ROSTER_TEST_PAY_FIXTURE_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "harness.h"

/* This year in China time (the association's calendar). */
int pf_year(void);

/* method path with a JSON body (or NULL); the reply must have status
 * `expect`: its JSON (caller deletes; an empty object for a non-JSON
 * body). */
cJSON *pf_call(const struct test_server *ts, const char *method, const char *path,
               const char *token, const char *body, long expect);
/* The same with one extra header line ("Name: value"). */
cJSON *pf_call_hdr(const struct test_server *ts, const char *method, const char *path,
                   const char *token, const char *header, const char *body, long expect);

/* A dues order for the years (a JSON array text, e.g. "[2026]"): its id. */
int64_t pf_order(const struct test_server *ts, const char *token, const char *years);
/* POST /orders/{id}/pay with the sandbox: the code_url's path on the
 * server ("/pay/sb/…", malloc'd). */
char *pf_qr(const struct test_server *ts, const char *token, int64_t order_id);
/* Confirm on the sandbox page as a phone would: the HTTP status. */
long pf_confirm(const struct test_server *ts, const char *path);
/* The order as the member sees it (caller deletes). */
cJSON *pf_get_order(const struct test_server *ts, const char *token, int64_t order_id);

/* Sign body with the server's sandbox key (read from its key directory),
 * as the sandbox gateway would: base64url text (malloc'd). */
char *pf_sandbox_sign(const struct test_server *ts, const char *body);
/* POST /pay/callback/sandbox with body and the signature header (NULL:
 * none): the HTTP status. */
long pf_callback(const struct test_server *ts, const char *body, const char *signature);

/* A callback body as the sandbox gateway sends it (malloc'd): event_id,
 * order_no, trade_no, amount, paid_at = timestamp = now + skew seconds. */
char *pf_callback_body(const char *event_id, const char *order_no, const char *trade_no,
                       long long amount, long skew);

/* The first column of the first row of a query on the server's database
 * (through the sqlite3 tool), as a number; for what no route shows. */
long long pf_sql_int(const struct test_server *ts, const char *sql);

/* pdftotext of PDF bytes (malloc'd text). */
char *pf_pdf_text(const void *pdf, size_t len);
/* GET path as token: the raw body (malloc'd, *len set); status must be
 * expect. */
char *pf_get_raw(const struct test_server *ts, const char *path, const char *token,
                 long expect, size_t *len);

#endif
