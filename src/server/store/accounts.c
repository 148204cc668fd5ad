/* accounts table. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "roster/validate.h"
#include "roster/xalloc.h"
#include "store/accounts.h"
#include "store/db.h"
#include "store/rows.h"

#define ACCOUNT_COLS "id, username, email, mobile, password_hash, role, member_type," \
                     " org_id, status, created_at, password_changed_at, last_login_at"

void account_free(struct account *a)
{
	if (!a)
		return;
	free(a->username);
	free(a->email);
	free(a->mobile);
	if (a->password_hash) {
		memset(a->password_hash, 0, strlen(a->password_hash));
		free(a->password_hash);
	}
	free(a->role);
	free(a->member_type);
	free(a->status);
	memset(a, 0, sizeof *a);
}

static void account_read(struct db_stmt *st, void *row)
{
	struct account *a = row;

	memset(a, 0, sizeof *a);
	a->id = db_col_int(st, 0);
	a->username = db_col_text(st, 1);
	a->email = db_col_text(st, 2);
	a->mobile = db_col_text(st, 3);
	a->password_hash = db_col_text(st, 4);
	a->role = db_col_text(st, 5);
	a->member_type = db_col_text(st, 6);
	a->org_id = db_col_int(st, 7);
	a->status = db_col_text(st, 8);
	a->created_at = db_col_int(st, 9);
	a->password_changed_at = db_col_int(st, 10);
	a->last_login_at = db_col_int(st, 11);
}

static char *lower(const char *s)
{
	char *r = xstrdup(s);

	for (char *p = r; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

int store_account_get(struct db *db, int64_t id, struct account *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, account_read);
}

int store_accounts_by_ids(struct db *db, const int64_t *ids, size_t count,
                          struct account **out, size_t *n)
{
	void *rows = NULL;
	int rc = db_fetch_all_ids(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE id IN (" DB_IDS ")",
	                          ids, count, sizeof **out, account_read, &rows, n);

	*out = rows;
	return rc;
}

int store_account_by_username(struct db *db, const char *username, struct account *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE username_key = ?");
	char *key = lower(username);
	int rc = ST_ERROR;

	if (st && db_bind(st, "t", key) == ST_OK)
		rc = db_fetch_one(st, out, sizeof *out, account_read);
	free(key);
	return rc;
}

int store_account_by_email(struct db *db, const char *email, struct account *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE email = ?");
	char *key = lower(email);
	int rc = ST_ERROR;

	if (st && db_bind(st, "t", key) == ST_OK)
		rc = db_fetch_one(st, out, sizeof *out, account_read);
	free(key);
	return rc;
}

int store_account_by_mobile(struct db *db, const char *mobile, struct account *out)
{
	struct db_stmt *st;
	char norm[12];

	if (!val_mobile_normalise(mobile, norm))
		return ST_NOTFOUND;
	st = db_stmt(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE mobile = ?");
	if (!st || db_bind(st, "t", norm) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, account_read);
}

int store_account_by_login(struct db *db, const char *login, struct account *out)
{
	/* a username starts with a letter and has no '@', so the three kinds
	 * never overlap */
	if (strchr(login, '@'))
		return store_account_by_email(db, login, out);
	if (isalpha((unsigned char)login[0]))
		return store_account_by_username(db, login, out);
	return store_account_by_mobile(db, login, out);
}

int store_account_insert(struct db *db, const struct account_new *a, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO accounts (username, username_key, email, mobile, password_hash, role,"
		" member_type, org_id, status, created_at, updated_at, password_changed_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)");
	char *ukey = lower(a->username), *email = lower(a->email);
	int64_t now = store_now();
	int rc = ST_ERROR;

	if (!st)
		goto out;
	if (db_bind(st, "tttttt", a->username, ukey, email, a->mobile, a->password_hash, a->role) != ST_OK)
		goto out;
	if (a->member_type)
		db_bind_text(st, 7, a->member_type);
	if (a->org_id > 0)
		db_bind_int(st, 8, a->org_id);
	db_bind_int(st, 9, now);
	db_bind_int(st, 10, now);
	db_bind_int(st, 11, now);
	rc = db_run(st);
	if (rc == ST_OK && id)
		*id = db_last_id(db);
out:
	free(ukey);
	free(email);
	return rc;
}

static int update_one(struct db *db, struct db_stmt *st)
{
	int rc;

	if (!st)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK && db_changes(db) == 0)
		rc = ST_NOTFOUND;
	return rc;
}

int store_account_set_password(struct db *db, int64_t id, const char *hash)
{
	struct db_stmt *st = db_stmt(db, "UPDATE accounts SET password_hash = ?,"
	                               " password_changed_at = ?, updated_at = ? WHERE id = ?");
	int64_t now = store_now();

	if (!st || db_bind(st, "tiii", hash, now, now, id) != ST_OK)
		return ST_ERROR;
	return update_one(db, st);
}

int store_account_rehash(struct db *db, int64_t id, const char *hash)
{
	struct db_stmt *st = db_stmt(db, "UPDATE accounts SET password_hash = ? WHERE id = ?");

	if (!st || db_bind(st, "ti", hash, id) != ST_OK)
		return ST_ERROR;
	return update_one(db, st);
}

int store_account_touch_login(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "UPDATE accounts SET last_login_at = ? WHERE id = ?");

	if (!st || db_bind(st, "ii", store_now(), id) != ST_OK)
		return ST_ERROR;
	return update_one(db, st);
}

int store_account_set_status(struct db *db, int64_t id, const char *status)
{
	struct db_stmt *st = db_stmt(db, "UPDATE accounts SET status = ?, updated_at = ? WHERE id = ?");

	if (!st || db_bind(st, "tii", status, store_now(), id) != ST_OK)
		return ST_ERROR;
	return update_one(db, st);
}

int store_account_set_role(struct db *db, int64_t id, const char *role, int64_t org_id)
{
	struct db_stmt *st = db_stmt(db, "UPDATE accounts SET role = ?, org_id = NULLIF(?, 0),"
	                               " updated_at = ? WHERE id = ?");

	if (!st || db_bind(st, "tiii", role, org_id, store_now(), id) != ST_OK)
		return ST_ERROR;
	return update_one(db, st);
}

int store_account_set_identifiers(struct db *db, int64_t id, const char *email,
                                  const char *mobile)
{
	struct db_stmt *st = db_stmt(db, "UPDATE accounts SET email = COALESCE(?, email),"
	                               " mobile = COALESCE(?, mobile), updated_at = ? WHERE id = ?");
	char *key = email ? lower(email) : NULL;
	int rc = ST_ERROR;

	if (st && db_bind(st, "ttii", key, mobile, store_now(), id) == ST_OK)
		rc = update_one(db, st);
	free(key);
	return rc;
}

int store_account_set_language(struct db *db, int64_t id, const char *lang)
{
	struct db_stmt *st = db_stmt(db, "UPDATE accounts SET language = ? WHERE id = ?");

	if (!st || db_bind(st, "ti", lang, id) != ST_OK)
		return ST_ERROR;
	return update_one(db, st);
}

int store_account_language(struct db *db, int64_t id, char out[3])
{
	struct db_stmt *st = db_stmt(db, "SELECT COALESCE(language, '') FROM accounts WHERE id = ?");
	int row;

	out[0] = '\0';
	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	row = db_row(st);
	if (row == 1)
		db_col_copy(st, 0, out, 3);
	db_reset(st);
	return row < 0 ? ST_ERROR : row == 0 ? ST_NOTFOUND : ST_OK;
}

int64_t store_account_active_admins(struct db *db)
{
	struct db_stmt *st = db_stmt(db, "SELECT COUNT(*) FROM accounts"
	                               " WHERE role = 'admin' AND status = 'active'");
	int64_t n;

	if (!st || db_row(st) != 1)
		return -1;
	n = db_col_int(st, 0);
	db_reset(st);
	return n;
}

#define STAFF_WHERE \
	" WHERE role <> 'member' AND (?1 IS NULL OR username_key LIKE ?1 ESCAPE '!'" \
	" OR email LIKE ?1 ESCAPE '!') AND (?2 IS NULL OR role = ?2)" \
	" AND (?3 IS NULL OR status = ?3) AND (?4 = 0 OR org_id = ?4)"

int store_account_list_staff(struct db *db, const struct staff_account_filter *f,
                             int limit, int offset,
                             void (*fn)(const struct account *, void *), void *arg,
                             int64_t *total)
{
	struct db_stmt *st;
	char *pat = NULL;
	int rc = ST_ERROR, row;

	if (f->q && *f->q) {
		char *l = lower(f->q), *p;

		pat = xmalloc(strlen(l) * 2 + 3);
		p = pat;
		*p++ = '%';
		for (const char *c = l; *c; c++) {
			if (*c == '%' || *c == '_' || *c == '!')
				*p++ = '!';
			*p++ = *c;
		}
		*p++ = '%';
		*p = '\0';
		free(l);
	}
	st = db_stmt(db, "SELECT COUNT(*) FROM accounts" STAFF_WHERE);
	if (!st || db_bind(st, "ttti", pat, f->role, f->status, f->org_id) != ST_OK ||
	    db_row(st) != 1)
		goto out;
	*total = db_col_int(st, 0);
	db_reset(st);
	/* SQLite, left to choose, walked every account in username order
	 * to find the few staff (0.2 s among 200,000 members) */
	st = db_stmt(db, DB_INDEXED(db, "SELECT " ACCOUNT_COLS " FROM accounts",
	                            "accounts_not_member",
	                            STAFF_WHERE " ORDER BY username_key LIMIT ?5 OFFSET ?6"));
	if (!st || db_bind(st, "tttiii", pat, f->role, f->status, f->org_id,
	                   (int64_t)limit, (int64_t)offset) != ST_OK)
		goto out;
	while ((row = db_row(st)) == 1) {
		struct account a;

		account_read(st, &a);
		fn(&a, arg);
		account_free(&a);
	}
	rc = row < 0 ? ST_ERROR : ST_OK;
out:
	free(pat);
	return rc;
}
