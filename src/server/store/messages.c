/* messages table. */
#include <stdlib.h>
#include <string.h>
#include "roster/xalloc.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/messages.h"

#define MESSAGE_COLS "id, account_id, kind, title_zh, title_en, body_zh, body_en," \
                     " ref_type, ref_id, created_at, read_at"

void message_free(struct message *m)
{
	if (!m)
		return;
	free(m->kind);
	free(m->title_zh);
	free(m->title_en);
	free(m->body_zh);
	free(m->body_en);
	free(m->ref_type);
	memset(m, 0, sizeof *m);
}

void messages_free(struct message *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		message_free(&v[i]);
	free(v);
}

static void message_read(struct db_stmt *st, void *row)
{
	struct message *m = row;

	m->id = db_col_int(st, 0);
	m->account_id = db_col_int(st, 1);
	m->kind = db_col_text(st, 2);
	m->title_zh = db_col_text(st, 3);
	m->title_en = db_col_text(st, 4);
	m->body_zh = db_col_text(st, 5);
	m->body_en = db_col_text(st, 6);
	m->ref_type = db_col_text(st, 7);
	m->ref_id = db_col_int(st, 8);
	m->created_at = db_col_int(st, 9);
	m->read_at = db_col_int(st, 10);
}

int store_message_add(struct db *db, int64_t account_id, const char *kind,
                      const char *title_zh, const char *title_en,
                      const char *body_zh, const char *body_en,
                      const char *ref_type, int64_t ref_id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO messages (account_id, kind, title_zh, title_en, body_zh, body_en,"
		" ref_type, ref_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?)");

	if (!st || db_bind(st, "ittttttii", account_id, kind, title_zh, title_en,
	                   body_zh, body_en, ref_type, ref_id, store_now()) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_message_list(struct db *db, int64_t account_id, bool unread_only,
                       int offset, int per_page,
                       struct message **out, size_t *n, int64_t *total)
{
	struct db_stmt *st;
	void *v;
	int rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	st = db_stmt(db, "SELECT COUNT(*) FROM messages WHERE account_id = ?"
	                 " AND (? = 0 OR read_at IS NULL)");
	if (!st || db_bind(st, "id", account_id, unread_only ? 1 : 0) != ST_OK || db_row(st) != 1)
		return ST_ERROR;
	*total = db_col_int(st, 0);
	db_reset(st);
	st = db_stmt(db, "SELECT " MESSAGE_COLS " FROM messages WHERE account_id = ?"
	                 " AND (? = 0 OR read_at IS NULL)"
	                 " ORDER BY read_at IS NOT NULL, id DESC LIMIT ? OFFSET ?");
	if (!st || db_bind(st, "iddd", account_id, unread_only ? 1 : 0, per_page, offset) != ST_OK)
		return ST_ERROR;
	rc = db_fetch_all(st, sizeof **out, message_read, &v, n);
	if (rc != ST_OK) {
		messages_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return ST_OK;
}

int store_message_get(struct db *db, int64_t account_id, int64_t id, struct message *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " MESSAGE_COLS " FROM messages"
	                               " WHERE id = ? AND account_id = ?");

	memset(out, 0, sizeof *out);
	if (!st || db_bind(st, "ii", id, account_id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, message_read);
}

int store_message_read(struct db *db, int64_t account_id, int64_t id)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE messages SET read_at = COALESCE(read_at, ?) WHERE id = ? AND account_id = ?");
	int rc;

	if (!st || db_bind(st, "iii", store_now(), id, account_id) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc != ST_OK)
		return rc;
	return db_changes(db) > 0 ? ST_OK : ST_NOTFOUND;
}

int store_message_read_all(struct db *db, int64_t account_id, int *count)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE messages SET read_at = ? WHERE account_id = ? AND read_at IS NULL");
	int rc;

	if (count)
		*count = 0;
	if (!st || db_bind(st, "ii", store_now(), account_id) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK && count)
		*count = db_changes(db);
	return rc;
}

int64_t store_message_unread(struct db *db, int64_t account_id)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT COUNT(*) FROM messages WHERE account_id = ? AND read_at IS NULL");
	int64_t n;

	if (!st || db_bind(st, "i", account_id) != ST_OK || db_row(st) != 1)
		return -1;
	n = db_col_int(st, 0);
	db_reset(st);
	return n;
}
