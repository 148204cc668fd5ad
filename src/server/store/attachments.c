/* attachments table. */
#include <stdlib.h>
#include <string.h>
#include "roster/xalloc.h"
#include "store/attachments.h"
#include "store/db.h"
#include "store/rows.h"

#define ATT_COLS "id, application_id, account_id, name, content_type, size, sha256, created_at"

void attachment_free(struct attachment *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->content_type);
	free(a->sha256);
	free(a->data);
	memset(a, 0, sizeof *a);
}

void attachments_free(struct attachment *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		attachment_free(&v[i]);
	free(v);
}

static void att_read(struct db_stmt *st, void *row)
{
	struct attachment *a = row;

	memset(a, 0, sizeof *a);
	a->id = db_col_int(st, 0);
	a->application_id = db_col_int(st, 1);
	a->account_id = db_col_int(st, 2);
	a->name = db_col_text(st, 3);
	a->content_type = db_col_text(st, 4);
	a->size = db_col_int(st, 5);
	a->sha256 = db_col_text(st, 6);
	a->created_at = db_col_int(st, 7);
}

int store_attachment_insert(struct db *db, int64_t application_id, int64_t account_id,
                            const char *name, const char *content_type,
                            const void *data, size_t size, const char *sha256,
                            int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO attachments (application_id, account_id, name, content_type, size,"
		" sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	/* a zero-length blob would bind as NULL: refuse it here, the routes
	 * never pass one */
	if (size == 0)
		return ST_CONFLICT;
	if (!st || db_bind(st, "iittitbi", application_id, account_id, name, content_type,
	                   (int64_t)size, sha256, data, size, store_now()) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK && id)
		*id = db_last_id(db);
	return rc;
}

int store_attachment_get(struct db *db, int64_t id, int with_data, struct attachment *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ATT_COLS ", data FROM attachments WHERE id = ?");
	int rc;

	memset(out, 0, sizeof *out);
	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc < 0)
		return ST_ERROR;
	if (rc == 0)
		return ST_NOTFOUND;
	att_read(st, out);
	if (with_data) {
		size_t n;
		const void *p = db_col_bytes(st, 8, &n);

		out->data = xmalloc(n + 1);
		if (p && n)
			memcpy(out->data, p, n);
		out->data[n] = 0;
		out->size = (int64_t)n;
	}
	db_reset(st);
	return ST_OK;
}

int store_attachment_list(struct db *db, int64_t application_id,
                          struct attachment **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ATT_COLS " FROM attachments"
	                               " WHERE application_id = ? ORDER BY id");
	void *v;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind(st, "i", application_id) != ST_OK)
		return ST_ERROR;
	rc = db_fetch_all(st, sizeof **out, att_read, &v, n);
	if (rc != ST_OK) {
		attachments_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return ST_OK;
}

int store_attachment_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM attachments WHERE id = ?");
	int rc;

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc != ST_OK)
		return rc;
	return db_changes(db) > 0 ? ST_OK : ST_NOTFOUND;
}

int store_attachment_count(struct db *db, int64_t application_id)
{
	struct db_stmt *st = db_stmt(db, "SELECT COUNT(*) FROM attachments WHERE application_id = ?");
	int n;

	if (!st || db_bind(st, "i", application_id) != ST_OK || db_row(st) != 1)
		return -1;
	n = (int)db_col_int(st, 0);
	db_reset(st);
	return n;
}
