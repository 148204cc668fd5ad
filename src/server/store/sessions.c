/* sessions table. */
#include "store/db.h"
#include "store/rows.h"
#include "store/sessions.h"

int store_session_insert(struct db *db, const unsigned char hash[SESSION_HASH_LEN],
                         int64_t account_id, int64_t expires_at,
                         const char *address, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, address)"
		" VALUES (?, ?, ?, ?, ?, ?)");
	int64_t now = store_now();
	int rc;

	if (!st || db_bind(st, "biiiit", hash, (size_t)SESSION_HASH_LEN, account_id, now, now,
	                   expires_at, address) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK && id)
		*id = db_last_id(db);
	return rc;
}

static void session_read(struct db_stmt *st, void *row)
{
	struct session_row *out = row;

	out->id = db_col_int(st, 0);
	out->account_id = db_col_int(st, 1);
	out->created_at = db_col_int(st, 2);
	out->last_seen_at = db_col_int(st, 3);
	out->expires_at = db_col_int(st, 4);
	db_col_copy(st, 5, out->role, sizeof out->role);
	out->org_id = db_col_int(st, 6);
	db_col_copy(st, 7, out->account_status, sizeof out->account_status);
}

int store_session_lookup(struct db *db, const unsigned char hash[SESSION_HASH_LEN],
                         struct session_row *out)
{
	/* the one indexed lookup per authenticated request */
	struct db_stmt *st = db_stmt(db,
		"SELECT s.id, s.account_id, s.created_at, s.last_seen_at, s.expires_at,"
		" a.role, a.org_id, a.status"
		" FROM sessions s JOIN accounts a ON a.id = s.account_id"
		" WHERE s.token_hash = ?");

	if (!st || db_bind(st, "b", hash, (size_t)SESSION_HASH_LEN) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, session_read);
}

int store_session_touch(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st = db_stmt(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?");

	if (!st || db_bind(st, "ii", now, id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_session_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM sessions WHERE id = ?");
	int rc;

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK && db_changes(db) == 0)
		rc = ST_NOTFOUND;
	return rc;
}

int store_session_delete_account(struct db *db, int64_t account_id, int64_t keep_id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM sessions WHERE account_id = ? AND id <> ?");

	if (!st || db_bind(st, "ii", account_id, keep_id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_session_purge(struct db *db, int64_t now, int idle)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?");

	if (!st || db_bind(st, "ii", now, now - idle) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}
