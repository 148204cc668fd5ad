/* handoffs table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/db.h"
#include "store/rows.h"
#include "store/handoffs.h"

void handoff_free(struct handoff *h)
{
	if (!h)
		return;
	free(h->purpose);
	free(h->doc);
	memset(h, 0, sizeof *h);
}

int store_handoff_insert(struct db *db, const unsigned char hash[HANDOFF_HASH_LEN],
                         int64_t account_id, const char *purpose, const char *doc,
                         int64_t application_id, int64_t expires_at, const char *lang,
                         int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO handoffs (token_hash, account_id, purpose, doc, application_id,"
		" created_at, expires_at, lang) VALUES (?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?)");
	int rc;

	if (!st || db_bind(st, "bittiiit", hash, (size_t)HANDOFF_HASH_LEN, account_id, purpose,
	                   doc, application_id, store_now(), expires_at, lang) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK && id)
		*id = db_last_id(db);
	return rc;
}

static void handoff_read(struct db_stmt *st, void *row)
{
	struct handoff *out = row;

	out->id = db_col_int(st, 0);
	out->account_id = db_col_int(st, 1);
	out->purpose = db_col_text(st, 2);
	out->doc = db_col_text(st, 3);
	out->application_id = db_col_int(st, 4);
	out->created_at = db_col_int(st, 5);
	out->expires_at = db_col_int(st, 6);
	out->used_at = db_col_int(st, 7);
	if (!db_col_null(st, 8))
		snprintf(out->lang, sizeof out->lang, "%s", db_col_ctext(st, 8));
}

int store_handoff_lookup(struct db *db, const unsigned char hash[HANDOFF_HASH_LEN],
                         struct handoff *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT id, account_id, purpose, doc, application_id, created_at, expires_at,"
		" used_at, lang FROM handoffs WHERE token_hash = ?");

	memset(out, 0, sizeof *out);
	if (!st || db_bind(st, "b", hash, (size_t)HANDOFF_HASH_LEN) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, handoff_read);
}

int store_handoff_use(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE handoffs SET used_at = ?1 WHERE id = ?2 AND used_at IS NULL AND expires_at > ?1");
	int rc;

	if (!st || db_bind(st, "ii", now, id) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc != ST_OK)
		return rc;
	return db_changes(db) > 0 ? ST_OK : ST_CONFLICT;
}
