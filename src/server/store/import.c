/* Bringing members in and out (see import.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/db.h"
#include "store/rows.h"
#include "store/import.h"

int store_import_find(struct db *db, const char *key, const char *value, int64_t *id,
                      const char **role)
{
	static const char *const roles[] = { "member", "branch_staff", "hq_staff", "admin" };
	struct db_stmt *st;
	const char *r;
	int rc;

	if (strcmp(key, "email") == 0)
		st = db_stmt(db, "SELECT id, role FROM accounts WHERE email = lower(?)");
	else if (strcmp(key, "mobile") == 0)
		st = db_stmt(db, "SELECT id, role FROM accounts WHERE mobile = ?");
	else if (strcmp(key, "username") == 0)
		st = db_stmt(db, "SELECT id, role FROM accounts WHERE username_key = lower(?)");
	else
		st = db_stmt(db, "SELECT a.id, a.role FROM members m JOIN accounts a"
		                 " ON a.id = m.account_id WHERE m.member_no = ?");
	if (!st || db_bind(st, "t", value) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc == 1) {
		*id = db_col_int(st, 0);
		r = db_col_ctext(st, 1);
		*role = roles[0];
		for (size_t i = 0; r && i < sizeof roles / sizeof roles[0]; i++)
			if (strcmp(r, roles[i]) == 0)
				*role = roles[i];
	}
	db_reset(st);
	return rc == 1 ? ST_OK : rc == 0 ? ST_NOTFOUND : ST_ERROR;
}

static int next_no(struct db *db, int year, char out[16])
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO member_no_seq (year, last) VALUES (?, 1)"
		" ON CONFLICT (year) DO UPDATE SET last = member_no_seq.last + 1 RETURNING last");
	int64_t seq;

	if (!st || db_bind(st, "d", year) != ST_OK || db_row(st) != 1)
		return ST_ERROR;
	seq = db_col_int(st, 0);
	while (db_row(st) == 1)
		;
	db_reset(st);
	snprintf(out, 16, "M%04d%06lld", year, (long long)(seq % 1000000));
	return ST_OK;
}

int store_import_seq_bump(struct db *db, int year, int64_t n)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO member_no_seq (year, last) VALUES (?1, ?2)"
		" ON CONFLICT (year) DO UPDATE SET last = MAX(member_no_seq.last, ?2)");

	if (!st || db_bind(st, "di", year, n) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_import_member_put(struct db *db, const struct import_member *m,
                            char member_no_out[16], bool *changed)
{
	struct db_stmt *st;
	char no[16] = "";
	int rc;

	if (m->member_no) {
		snprintf(no, sizeof no, "%s", m->member_no);
	} else {
		st = db_stmt(db, "SELECT member_no FROM members WHERE account_id = ?");
		if (!st || db_bind(st, "i", m->account_id) != ST_OK)
			return ST_ERROR;
		if (db_row(st) == 1)
			db_col_copy(st, 0, no, sizeof no);
		db_reset(st);
		if (!*no && (rc = next_no(db, atoi(m->valid_until), no)) != ST_OK)
			return rc;
	}
	st = db_stmt(db,
		"INSERT INTO members (account_id, member_type, org_id, level_id, status, member_no,"
		" valid_until, joined_at, profile, name, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)"
		" ON CONFLICT (account_id) DO UPDATE SET member_type = ?2, org_id = ?3,"
		"  level_id = ?4, status = ?5, member_no = ?6, valid_until = ?7,"
		"  joined_at = COALESCE(members.joined_at, ?8),"
		"  profile = CASE WHEN members.profile = '{}' THEN ?9 ELSE members.profile END,"
		"  name = ?10, status_reason = NULL, updated_at = ?11"
		" WHERE members.member_type IS DISTINCT FROM ?2 OR members.org_id IS DISTINCT FROM ?3"
		"  OR members.level_id IS DISTINCT FROM ?4 OR members.status IS DISTINCT FROM ?5"
		"  OR members.member_no IS DISTINCT FROM ?6 OR members.valid_until IS DISTINCT FROM ?7"
		"  OR members.name IS DISTINCT FROM ?10");
	if (!st || db_bind(st, "itiitttitti", m->account_id, m->member_type, m->org_id,
	                   m->level_id, m->status, no, m->valid_until, m->joined_at, m->profile,
	                   m->name, store_now()) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	*changed = rc == ST_OK && db_changes(db) > 0;
	if (rc == ST_OK && member_no_out)
		snprintf(member_no_out, 16, "%s", no);
	return rc;
}

/* Dates and times in the association's time zone (the process's, see
 * assoc_time.h), money in fen. The members query writes
 * the columns cli_import.c reads. */
static const struct {
	const char *what;
	const char *sql;
} exports[] = {
	{ "members",
	  "SELECT m.member_no, a.username, a.email, a.mobile, m.member_type, m.name,"
	  " CASE WHEN json_valid(m.profile) THEN COALESCE(json_extract(m.profile, '$.id_number'),"
	  "  json_extract(m.profile, '$.uscc')) END AS id_number,"
	  " l.code AS level, o.code AS org, m.valid_until,"
	  " date(m.joined_at, 'unixepoch', 'localtime') AS joined_on, m.status"
	  " FROM members m JOIN accounts a ON a.id = m.account_id"
	  " LEFT JOIN levels l ON l.id = m.level_id LEFT JOIN orgs o ON o.id = m.org_id"
	  " WHERE m.member_no IS NOT NULL ORDER BY m.member_no" },
	{ "orders",
	  "SELECT o.order_no, m.member_no, a.username, o.kind, o.status, o.amount AS amount_fen,"
	  " o.unit_fee AS unit_fee_fen, l.code AS level, o.year_from, o.year_to, o.method,"
	  " o.provider, o.receipt_no,"
	  " datetime(o.created_at, 'unixepoch', 'localtime') AS created,"
	  " datetime(o.paid_at, 'unixepoch', 'localtime') AS paid"
	  " FROM orders o JOIN accounts a ON a.id = o.account_id"
	  " LEFT JOIN members m ON m.account_id = o.account_id"
	  " LEFT JOIN levels l ON l.id = o.level_id ORDER BY o.id" },
	{ "invoices",
	  "SELECT i.id, o.order_no, m.member_no, i.status, i.kind, i.title_type, i.title,"
	  " i.tax_no, i.amount AS amount_fen, i.invoice_no, i.email,"
	  " datetime(i.requested_at, 'unixepoch', 'localtime') AS requested,"
	  " datetime(i.issued_at, 'unixepoch', 'localtime') AS issued"
	  " FROM invoices i JOIN orders o ON o.id = i.order_id"
	  " LEFT JOIN members m ON m.account_id = i.account_id ORDER BY i.id" },
};

int store_export(struct db *db, const char *what,
                 void (*fn)(int ncols, const char *const *header, const char *const *vals,
                            void *arg),
                 void *arg)
{
	enum { COLS_MAX = 32 };
	const char *names[COLS_MAX], *vals[COLS_MAX];
	struct db_stmt *st = NULL;
	int rc, n;
	bool first = true;

	for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++)
		if (strcmp(exports[i].what, what) == 0)
			st = db_stmt(db, exports[i].sql);
	if (!st)
		return ST_NOTFOUND;
	n = db_col_count(st);
	if (n > COLS_MAX)
		n = COLS_MAX;
	for (int c = 0; c < n; c++)
		names[c] = db_col_name(st, c);
	while ((rc = db_row(st)) == 1) {
		for (int c = 0; c < n; c++) {
			const char *v = db_col_ctext(st, c);
			vals[c] = v ? v : "";
		}
		fn(n, first ? names : NULL, vals, arg);
		first = false;
	}
	if (rc == 0 && first)
		fn(n, names, NULL, arg);   /* no rows: the header alone */
	return rc == 0 ? ST_OK : ST_ERROR;
}
