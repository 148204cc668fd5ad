/* idempotency table. */
#include <string.h>
#include <sodium.h>
#include "roster/xalloc.h"
#include "store/db.h"
#include "store/idempotency.h"

/* Hex SHA-256 of the scope and the body: the same key sent to another route
 * counts as a different request too. */
static void request_hash(const char *scope, const void *body, size_t len,
                         char out[crypto_hash_sha256_BYTES * 2 + 1])
{
	crypto_hash_sha256_state s;
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&s);
	crypto_hash_sha256_update(&s, (const unsigned char *)scope, strlen(scope) + 1);
	if (body && len)
		crypto_hash_sha256_update(&s, body, len);
	crypto_hash_sha256_final(&s, h);
	sodium_bin2hex(out, crypto_hash_sha256_BYTES * 2 + 1, h, sizeof h);
}

enum idem_result idem_lookup(struct db *db, int64_t account_id, const char *key,
                             const char *scope, const void *body, size_t len,
                             int *status, char **response)
{
	char hash[crypto_hash_sha256_BYTES * 2 + 1];
	struct db_stmt *st = db_stmt(db, "SELECT request_hash, status, response FROM idempotency"
	                               " WHERE account_id = ? AND idem_key = ?");
	enum idem_result r;
	int rc;

	if (!st || db_bind(st, "it", account_id, key) != ST_OK)
		return IDEM_ERROR;
	rc = db_row(st);
	if (rc <= 0)
		return rc < 0 ? IDEM_ERROR : IDEM_NEW;
	request_hash(scope, body, len, hash);
	if (strcmp(db_col_ctext(st, 0), hash) != 0) {
		r = IDEM_MISMATCH;
	} else {
		*status = (int)db_col_int(st, 1);
		*response = db_col_text(st, 2);
		r = IDEM_REPLAY;
	}
	db_reset(st);
	return r;
}

int idem_save(struct db *db, int64_t account_id, const char *key, const char *scope,
              const void *body, size_t len, int status, const char *response)
{
	char hash[crypto_hash_sha256_BYTES * 2 + 1];
	struct db_stmt *st = db_stmt(db, "INSERT INTO idempotency (account_id, idem_key, scope,"
	                               " request_hash, status, response, created_at)"
	                               " VALUES (?, ?, ?, ?, ?, ?, ?)");

	request_hash(scope, body, len, hash);
	if (!st || db_bind(st, "ittt" "dti", account_id, key, scope, hash, status, response,
	                   store_now()) != ST_OK)
		return ST_ERROR;
	return db_run(st) == ST_OK ? ST_OK : ST_ERROR;
}

int idem_purge(struct db *db, int64_t before)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM idempotency WHERE created_at < ?");

	if (!st || db_bind(st, "i", before) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}
