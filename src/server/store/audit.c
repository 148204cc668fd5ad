/* audit_log rows. */
#include "store/audit.h"
#include "store/db.h"

/* The address of the request this thread is serving (set by http.c). */
static __thread const char *audit_address;

void audit_set_address(const char *addr)
{
	audit_address = addr;
}

int store_audit(struct db *db, int64_t actor_account_id, const char *action,
                const char *object_type, int64_t object_id, const char *detail)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO audit_log (at, actor_id, action, object_type, object_id, address, detail)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)");

	if (!st)
		return ST_ERROR;
	if (db_bind(st, "i", store_now()) != ST_OK)
		return ST_ERROR;
	if (actor_account_id > 0)
		sqlite3_bind_int64(st, 2, actor_account_id);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_TRANSIENT);
	if (object_type)
		sqlite3_bind_text(st, 4, object_type, -1, SQLITE_TRANSIENT);
	if (object_id > 0)
		sqlite3_bind_int64(st, 5, object_id);
	if (audit_address)
		sqlite3_bind_text(st, 6, audit_address, -1, SQLITE_TRANSIENT);
	if (detail)
		sqlite3_bind_text(st, 7, detail, -1, SQLITE_TRANSIENT);
	return db_run(st);
}
