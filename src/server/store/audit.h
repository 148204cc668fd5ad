/* The audit log: one row for every authentication and every change of state. */
#ifndef ROSTERD_STORE_AUDIT_H
#define ROSTERD_STORE_AUDIT_H

#include <stdint.h>

struct db;

/* Record that actor (0 = anonymous / the system) did action ("login",
 * "login_failed", "application.approve" …) to object_type/object_id (NULL/0
 * when none). detail: short free text or JSON, never a secret; may be NULL.
 * The client address of the request being served is recorded as well.
 * Call inside the transaction of the change it records. Returns ST_*. */
int store_audit(struct db *db, int64_t actor_account_id, const char *action,
                const char *object_type, int64_t object_id, const char *detail);

/* The client address store_audit records for this thread (set by the HTTP
 * core per request; NULL clears). The string must outlive the request. */
void audit_set_address(const char *addr);

#endif
