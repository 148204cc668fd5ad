/* codes table. */
#include <string.h>
#include "store/codes.h"
#include "store/db.h"

int store_code_insert(struct db *db, int64_t account_id, const char *purpose,
                      const unsigned char hash[CODE_HASH_LEN],
                      const unsigned char salt[CODE_SALT_LEN],
                      int64_t expires_at, int64_t *id)
{
	struct db_stmt *st;
	int64_t now = store_now();
	int rc;

	/* one live code per purpose: a new one retires the old */
	st = db_stmt(db, "UPDATE codes SET used_at = ? WHERE account_id = ? AND purpose = ? AND used_at IS NULL");
	if (!st || db_bind(st, "iit", now, account_id, purpose) != ST_OK || db_run(st) != ST_OK)
		return ST_ERROR;
	st = db_stmt(db, "INSERT INTO codes (account_id, purpose, code_hash, salt, created_at, expires_at)"
	                 " VALUES (?, ?, ?, ?, ?, ?)");
	if (!st || db_bind(st, "itbbii", account_id, purpose, hash, (size_t)CODE_HASH_LEN,
	                   salt, (size_t)CODE_SALT_LEN, now, expires_at) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK && id)
		*id = db_last_id(db);
	return rc;
}

int store_code_live(struct db *db, int64_t account_id, const char *purpose,
                    int64_t now, int max_attempts, struct code_row *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT id, code_hash, salt, expires_at, attempts FROM codes"
		" WHERE account_id = ? AND purpose = ? AND used_at IS NULL"
		" AND expires_at > ? AND attempts < ? ORDER BY id DESC LIMIT 1");
	const void *p;
	size_t n;
	int rc;

	if (!st || db_bind(st, "itid", account_id, purpose, now, max_attempts) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc <= 0)
		return rc < 0 ? ST_ERROR : ST_NOTFOUND;
	memset(out, 0, sizeof *out);
	out->id = db_col_int(st, 0);
	out->account_id = account_id;
	p = db_col_bytes(st, 1, &n);
	if (n == CODE_HASH_LEN)
		memcpy(out->hash, p, CODE_HASH_LEN);
	p = db_col_bytes(st, 2, &n);
	if (n == CODE_SALT_LEN)
		memcpy(out->salt, p, CODE_SALT_LEN);
	out->expires_at = db_col_int(st, 3);
	out->attempts = (int)db_col_int(st, 4);
	db_reset(st);
	return ST_OK;
}

int store_code_attempt(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "UPDATE codes SET attempts = attempts + 1 WHERE id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_code_use(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "UPDATE codes SET used_at = ? WHERE id = ? AND used_at IS NULL");
	int rc;

	if (!st || db_bind(st, "ii", store_now(), id) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK && db_changes(db) == 0)
		rc = ST_CONFLICT;
	return rc;
}
