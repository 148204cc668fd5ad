/* mail_outbox table. */
#include <stdlib.h>
#include <string.h>
#include "store/db.h"
#include "store/mail_outbox.h"

void mail_row_free(struct mail_row *r)
{
	if (!r)
		return;
	free(r->recipient);
	free(r->message);
	memset(r, 0, sizeof *r);
}

int store_mail_insert(struct db *db, const char *recipient, const char *message, int64_t now)
{
	struct db_stmt *st;

	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	st = db_stmt(db, "INSERT INTO mail_outbox (recipient, message, next_at, created_at)"
	                 " VALUES (?, ?, ?, ?)");
	if (!st || db_bind(st, "ttii", recipient, message, now, now) != ST_OK ||
	    db_run(st) != ST_OK) {
		db_rollback(db);
		return ST_ERROR;
	}
	return db_commit(db);
}

int store_mail_claim(struct db *db, int64_t now, int64_t claim_until, struct mail_row *out)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	st = db_stmt(db, "SELECT id, recipient, message, attempts, created_at FROM mail_outbox"
	                 " WHERE status = 'queued' AND next_at <= ? ORDER BY next_at, id LIMIT 1");
	if (!st || db_bind(st, "i", now) != ST_OK)
		goto fail;
	rc = db_row(st);
	if (rc < 0)
		goto fail;
	if (rc == 0) {
		db_rollback(db);
		return ST_NOTFOUND;
	}
	out->id = db_col_int(st, 0);
	out->recipient = db_col_text(st, 1);
	out->message = db_col_text(st, 2);
	out->attempts = (int)db_col_int(st, 3) + 1;
	out->created_at = db_col_int(st, 4);
	db_reset(st);
	st = db_stmt(db, "UPDATE mail_outbox SET next_at = ?, attempts = attempts + 1 WHERE id = ?");
	if (!st || db_bind(st, "ii", claim_until, out->id) != ST_OK || db_run(st) != ST_OK)
		goto fail;
	if (db_commit(db) != ST_OK) {
		mail_row_free(out);
		return ST_ERROR;
	}
	return ST_OK;
fail:
	db_rollback(db);
	mail_row_free(out);
	return ST_ERROR;
}

int store_mail_sent(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM mail_outbox WHERE id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_mail_retry(struct db *db, int64_t id, int64_t next_at)
{
	struct db_stmt *st = db_stmt(db, "UPDATE mail_outbox SET next_at = ? WHERE id = ?");

	if (!st || db_bind(st, "ii", next_at, id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_mail_fail(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "UPDATE mail_outbox SET status = 'failed' WHERE id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_mail_next_due(struct db *db, int64_t *next_at)
{
	struct db_stmt *st = db_stmt(db, "SELECT min(next_at) FROM mail_outbox WHERE status = 'queued'");
	int rc;

	if (!st)
		return ST_ERROR;
	rc = db_row(st);
	if (rc < 0)
		return ST_ERROR;
	if (rc == 0 || db_col_null(st, 0)) {
		db_reset(st);
		return ST_NOTFOUND;
	}
	*next_at = db_col_int(st, 0);
	db_reset(st);
	return ST_OK;
}
