/* The audit log: one row for every authentication and every change of state. */
#ifndef ROSTERD_STORE_AUDIT_H
#define ROSTERD_STORE_AUDIT_H

#include <stdbool.h>
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

/* Reading the log (GET /audit). Every filter is off at NULL / 0. */
struct audit_filter {
	int64_t actor_id;
	const char *actor;       /* the actor's username (any case) */
	int64_t member_id;       /* rows done by this account or about it, its
	                          * applications, orders, payments, invoices */
	const char *object_type;
	int64_t object_id;
	const char *action;      /* exact, or a prefix when it ends in '.' */
	int64_t from, to;        /* at >= from, at < to (unix seconds) */
};
struct audit_row {
	int64_t id, at;
	int64_t actor_id;        /* 0 = anonymous or the system */
	const char *actor, *actor_role;   /* NULL when none */
	const char *action, *object_type; /* object_type may be NULL */
	int64_t object_id;
	int64_t member_id;       /* the member the row concerns, 0 = none */
	const char *address, *detail;     /* may be NULL */
};
/* Newest first. Rows are borrowed for the callback only. */
int store_audit_list(struct db *db, const struct audit_filter *f, int limit, int offset,
                     void (*fn)(const struct audit_row *, void *), void *arg,
                     int64_t *total);

#endif
