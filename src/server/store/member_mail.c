/* member_mail table. */
#include <stdlib.h>
#include <string.h>
#include "store/db.h"
#include "store/member_mail.h"
#include "store/rows.h"

int store_member_mail_add(struct db *db, int64_t account_id, const char *subject_zh,
                          const char *subject_en, const char *body_zh, const char *body_en)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO member_mail (account_id, subject_zh, subject_en, body_zh, body_en,"
		" created_at) VALUES (?, ?, ?, ?, ?, ?)");

	if (!st || db_bind(st, "itttti", account_id, subject_zh, subject_en, body_zh, body_en,
	                   store_now()) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

void member_mail_free(struct member_mail *m)
{
	if (!m)
		return;
	free(m->subject_zh);
	free(m->subject_en);
	free(m->body_zh);
	free(m->body_en);
	free(m->email);
	free(m->username);
	free(m->language);
	free(m->account_status);
	memset(m, 0, sizeof *m);
}

static void mail_read(struct db_stmt *st, void *row)
{
	struct member_mail *m = row;

	m->id = db_col_int(st, 0);
	m->account_id = db_col_int(st, 1);
	m->subject_zh = db_col_text(st, 2);
	m->subject_en = db_col_text(st, 3);
	m->body_zh = db_col_text(st, 4);
	m->body_en = db_col_text(st, 5);
	m->email = db_col_text(st, 6);
	m->username = db_col_text(st, 7);
	m->language = db_col_text(st, 8);
	m->account_status = db_col_text(st, 9);
}

int store_member_mail_next(struct db *db, struct member_mail *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT q.id, q.account_id, q.subject_zh, q.subject_en, q.body_zh, q.body_en,"
		" a.email, a.username, a.language, a.status"
		" FROM member_mail q JOIN accounts a ON a.id = q.account_id"
		" WHERE q.sent_at IS NULL ORDER BY q.id LIMIT 1");

	if (!st)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, mail_read);
}

int store_member_mail_claim(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "UPDATE member_mail SET sent_at = ?"
	                               " WHERE id = ? AND sent_at IS NULL");

	if (!st || db_bind(st, "ii", store_now(), id) != ST_OK || db_run(st) != ST_OK)
		return ST_ERROR;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}
