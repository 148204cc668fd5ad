/* The Idempotency-Key header of routes that create an order or a payment
 * (store/idempotency.h keeps the answers). */
#ifndef ROSTERD_ROUTES_IDEMPOTENCY_H
#define ROSTERD_ROUTES_IDEMPOTENCY_H

#include <stdbool.h>

struct req;
struct resp;

/* The header into *key, NULL when absent; false (400 sent) when it is not
 * 1..128 visible ASCII characters. */
bool route_idem_key(const struct req *req, struct resp *resp, const char **key);
/* Inside the transaction that will do the work: true when the request was
 * answered (the first answer replayed with Idempotent-Replayed: true, or
 * 422 for a key used with another request) and the transaction rolled
 * back. scope names the route, e.g. "POST /orders". */
bool route_idem_check(struct req *req, struct resp *resp, const char *key, const char *scope);
/* Store the answer in that transaction. */
int route_idem_save(struct req *req, const char *key, const char *scope, int status,
                    const char *response);

#endif
