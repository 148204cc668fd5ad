/* idempotency: the first answer to a request sent with an Idempotency-Key,
 * so a retry (same key, same account) gets that answer instead of a second
 * order or payment. A key reused for a different request is refused. */
#ifndef ROSTERD_STORE_IDEMPOTENCY_H
#define ROSTERD_STORE_IDEMPOTENCY_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define IDEM_KEY_MAX 128       /* characters of a key */

enum idem_result {
	IDEM_NEW = 0,          /* not seen: go ahead, then idem_save */
	IDEM_REPLAY = 1,       /* seen with the same request: *status, *response */
	IDEM_MISMATCH = 2,     /* seen with another request */
	IDEM_ERROR = -1,
};

/* Look the key up for account. scope names the route ("POST /orders");
 * body is hashed to tell a retry from a different request. Call inside the
 * transaction that will do the work, so two retries racing each other are
 * serialised. *response is malloc'd on IDEM_REPLAY. */
enum idem_result idem_lookup(struct db *db, int64_t account_id, const char *key,
                             const char *scope, const void *body, size_t len,
                             int *status, char **response);
/* Store the answer (inside the same transaction). ST_OK or ST_ERROR. */
int idem_save(struct db *db, int64_t account_id, const char *key, const char *scope,
              const void *body, size_t len, int status, const char *response);
/* Drop answers older than before (unix seconds). */
int idem_purge(struct db *db, int64_t before);

#endif
