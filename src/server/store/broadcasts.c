/* broadcasts table. */
#include <stdlib.h>
#include <string.h>
#include "store/broadcasts.h"
#include "store/db.h"
#include "store/rows.h"

#define BC_COLS "id, author_id, scope_org, filter, title_zh, title_en, body_zh, body_en," \
                " email, status, matched, sent, last_account, created_at, finished_at"

void broadcast_free(struct broadcast *b)
{
	if (!b)
		return;
	free(b->filter);
	free(b->title_zh);
	free(b->title_en);
	free(b->body_zh);
	free(b->body_en);
	memset(b, 0, sizeof *b);
}

static void bc_read(struct db_stmt *st, void *row)
{
	struct broadcast *b = row;

	memset(b, 0, sizeof *b);
	b->id = db_col_int(st, 0);
	b->author_id = db_col_int(st, 1);
	b->scope_org = db_col_int(st, 2);
	b->filter = db_col_text(st, 3);
	b->title_zh = db_col_text(st, 4);
	b->title_en = db_col_text(st, 5);
	b->body_zh = db_col_text(st, 6);
	b->body_en = db_col_text(st, 7);
	b->email = db_col_int(st, 8) != 0;
	db_col_copy(st, 9, b->status, sizeof b->status);
	b->matched = db_col_int(st, 10);
	b->sent = db_col_int(st, 11);
	b->last_account = db_col_int(st, 12);
	b->created_at = db_col_int(st, 13);
	b->finished_at = db_col_int(st, 14);
}

int store_broadcast_insert(struct db *db, const struct broadcast *b, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO broadcasts (author_id, scope_org, filter, title_zh, title_en, body_zh,"
		" body_en, email, matched, created_at)"
		" VALUES (NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st || db_bind(st, "iitttttiii", b->author_id, b->scope_org, b->filter, b->title_zh,
	                   b->title_en, b->body_zh, b->body_en, (int64_t)b->email, b->matched,
	                   store_now()) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK && id)
		*id = db_last_id(db);
	return rc;
}

int store_broadcast_get(struct db *db, int64_t id, struct broadcast *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " BC_COLS " FROM broadcasts WHERE id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, bc_read);
}

int store_broadcast_list(struct db *db, int64_t scope_org, int limit, int offset,
                         void (*fn)(const struct broadcast *, void *), void *arg,
                         int64_t *total)
{
	struct db_stmt *st = db_stmt(db, "SELECT COUNT(*) FROM broadcasts"
	                               " WHERE ?1 = 0 OR scope_org = ?1");
	int row;

	if (!st || db_bind(st, "i", scope_org) != ST_OK || db_row(st) != 1)
		return ST_ERROR;
	*total = db_col_int(st, 0);
	db_reset(st);
	st = db_stmt(db, "SELECT " BC_COLS " FROM broadcasts WHERE ?1 = 0 OR scope_org = ?1"
	             " ORDER BY id DESC LIMIT ?2 OFFSET ?3");
	if (!st || db_bind(st, "idd", scope_org, limit, offset) != ST_OK)
		return ST_ERROR;
	while ((row = db_row(st)) == 1) {
		struct broadcast b;

		bc_read(st, &b);
		fn(&b, arg);
		broadcast_free(&b);
	}
	return row < 0 ? ST_ERROR : ST_OK;
}

int store_broadcast_next(struct db *db, struct broadcast *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " BC_COLS " FROM broadcasts"
	                               " WHERE status IN ('queued', 'sending') ORDER BY id LIMIT 1");

	if (!st)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, bc_read);
}

int store_broadcast_advance(struct db *db, int64_t id, int64_t from, int64_t to, int64_t n,
                            bool finished)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE broadcasts SET last_account = ?1, sent = sent + ?2,"
		" status = CASE WHEN ?3 <> 0 THEN 'done' ELSE 'sending' END,"
		" finished_at = CASE WHEN ?3 <> 0 THEN ?4 ELSE NULL END"
		" WHERE id = ?5 AND last_account = ?6 AND status IN ('queued', 'sending')");

	if (!st || db_bind(st, "iiiiii", to, n, (int64_t)finished, store_now(), id, from) != ST_OK ||
	    db_run(st) != ST_OK)
		return ST_ERROR;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}

int store_broadcast_cancel(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE broadcasts SET status = 'cancelled', finished_at = ?"
		" WHERE id = ? AND status IN ('queued', 'sending')");

	if (!st || db_bind(st, "ii", store_now(), id) != ST_OK || db_run(st) != ST_OK)
		return ST_ERROR;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}
