/* members, member_branches and member_no_seq tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/xalloc.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/members.h"

#define MEMBER_COLS "account_id, member_type, org_id, level_id, status, status_reason," \
                    " member_no, valid_until, joined_at, profile, name, created_at, updated_at"

void member_free(struct member *m)
{
	if (!m)
		return;
	free(m->member_type);
	free(m->status);
	free(m->status_reason);
	free(m->member_no);
	free(m->valid_until);
	free(m->profile);
	free(m->name);
	memset(m, 0, sizeof *m);
}

static void member_read(struct db_stmt *st, void *row)
{
	struct member *out = row;

	out->account_id = db_col_int(st, 0);
	out->member_type = db_col_text(st, 1);
	out->org_id = db_col_int(st, 2);
	out->level_id = db_col_int(st, 3);
	out->status = db_col_text(st, 4);
	out->status_reason = db_col_text(st, 5);
	out->member_no = db_col_text(st, 6);
	out->valid_until = db_col_text(st, 7);
	out->joined_at = db_col_int(st, 8);
	out->profile = db_col_text(st, 9);
	out->name = db_col_text(st, 10);
	out->created_at = db_col_int(st, 11);
	out->updated_at = db_col_int(st, 12);
}

int store_member_get(struct db *db, int64_t account_id, struct member *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " MEMBER_COLS " FROM members WHERE account_id = ?");

	memset(out, 0, sizeof *out);
	if (!st || db_bind(st, "i", account_id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, member_read);
}

int store_members_by_accounts(struct db *db, const int64_t *account_ids, size_t count,
                              struct member **out, size_t *n)
{
	void *rows = NULL;
	int rc = db_fetch_all_ids(db, "SELECT " MEMBER_COLS " FROM members"
	                              " WHERE account_id IN (" DB_IDS ")",
	                          account_ids, count, sizeof **out, member_read, &rows, n);

	*out = rows;
	return rc;
}

int store_member_ensure(struct db *db, int64_t account_id, const char *member_type)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO members (account_id, member_type, created_at, updated_at)"
		" VALUES (?, ?, ?, ?) ON CONFLICT (account_id) DO NOTHING");
	int64_t now = store_now();

	if (!st || db_bind(st, "itii", account_id, member_type, now, now) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

/* ST_OK when the last UPDATE changed a row, else ST_NOTFOUND. */
static int changed(struct db *db, int rc)
{
	if (rc != ST_OK)
		return rc;
	return db_changes(db) > 0 ? ST_OK : ST_NOTFOUND;
}

/* The next member number of year: "M" + year + 6 digits. */
static int next_member_no(struct db *db, int year, char out[16])
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO member_no_seq (year, last) VALUES (?, 1)"
		" ON CONFLICT (year) DO UPDATE SET last = member_no_seq.last + 1 RETURNING last");
	int64_t seq;
	int rc;

	if (!st || db_bind(st, "d", year) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc != 1)
		return ST_ERROR;
	seq = db_col_int(st, 0);
	/* RETURNING rows must be stepped to the end for the write to finish */
	while (db_row(st) == 1)
		;
	db_reset(st);
	snprintf(out, 16, "M%04d%06lld", year, (long long)(seq % 1000000));
	return ST_OK;
}

int store_member_activate_through(struct db *db, int64_t account_id, int last_paid_year)
{
	struct member m;
	char until[16], today[11], no[16];
	struct db_stmt *st;
	int rc;

	rc = store_member_get(db, account_id, &m);
	if (rc != ST_OK)
		return rc;
	snprintf(until, sizeof until, "%04d-12-31", last_paid_year);
	/* dates in YYYY-MM-DD compare as text */
	if (m.valid_until && strcmp(m.valid_until, until) > 0)
		snprintf(until, sizeof until, "%s", m.valid_until);
	if (!m.member_no) {
		store_today(today);
		rc = next_member_no(db, atoi(today), no);
		if (rc != ST_OK)
			goto out;
	}
	st = db_stmt(db,
		"UPDATE members SET status = 'active', status_reason = NULL, valid_until = ?,"
		" member_no = COALESCE(member_no, ?), joined_at = COALESCE(joined_at, ?),"
		" updated_at = ? WHERE account_id = ?");
	if (!st || db_bind(st, "ttiii", until, m.member_no ? NULL : no, store_now(),
	                   store_now(), account_id) != ST_OK) {
		rc = ST_ERROR;
		goto out;
	}
	rc = changed(db, db_run(st));
out:
	member_free(&m);
	return rc;
}

int store_member_set_level(struct db *db, int64_t account_id, int64_t level_id)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE members SET level_id = ?, updated_at = ? WHERE account_id = ?");

	if (!st || db_bind(st, "iii", level_id, store_now(), account_id) != ST_OK)
		return ST_ERROR;
	return changed(db, db_run(st));
}

int store_member_set_status(struct db *db, int64_t account_id, const char *from,
                            const char *to, const char *reason)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE members SET status = ?, status_reason = ?, updated_at = ?"
		" WHERE account_id = ? AND (? IS NULL OR status = ?)");
	int rc;

	if (!st || db_bind(st, "ttiitt", to, reason, store_now(), account_id, from, from) != ST_OK)
		return ST_ERROR;
	rc = changed(db, db_run(st));
	return rc == ST_NOTFOUND ? ST_CONFLICT : rc;
}

int store_member_set_choice(struct db *db, int64_t account_id, int64_t org_id,
                            int64_t level_id)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE members SET org_id = NULLIF(?, 0), level_id = NULLIF(?, 0), updated_at = ?"
		" WHERE account_id = ?");

	if (!st || db_bind(st, "iiii", org_id, level_id, store_now(), account_id) != ST_OK)
		return ST_ERROR;
	return changed(db, db_run(st));
}

int store_member_set_profile(struct db *db, int64_t account_id, const char *profile,
                             const char *name)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE members SET profile = ?, name = ?, updated_at = ? WHERE account_id = ?");

	if (!st || db_bind(st, "ttii", profile, name, store_now(), account_id) != ST_OK)
		return ST_ERROR;
	return changed(db, db_run(st));
}

int store_member_set_name(struct db *db, int64_t account_id, const char *name)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE members SET name = ?, updated_at = ? WHERE account_id = ?");

	if (!st || db_bind(st, "tii", name, store_now(), account_id) != ST_OK)
		return ST_ERROR;
	return changed(db, db_run(st));
}

int store_member_set_valid_until(struct db *db, int64_t account_id, const char *date)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE members SET valid_until = ?, updated_at = ? WHERE account_id = ?");

	if (!st || db_bind(st, "tii", date, store_now(), account_id) != ST_OK)
		return ST_ERROR;
	return changed(db, db_run(st));
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil); -1 when s is not YYYY-MM-DD. */
static long days_of(const char *s)
{
	int y, m, d;
	long era, yoe, doy, doe;

	if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

const char *member_effective_status(const struct member *m, const char *today,
                                    int grace_days)
{
	static const char *const stored[] = {
		"draft", "pending_branch", "pending_hq", "pending_payment",
		"active", "rejected", "expired",
	};
	long until, now;

	if (!m || !m->status)
		return "draft";
	if (strcmp(m->status, "active") != 0 || !m->valid_until) {
		/* hand back a static copy: callers keep it past member_free() */
		for (size_t i = 0; i < sizeof stored / sizeof stored[0]; i++)
			if (strcmp(m->status, stored[i]) == 0)
				return stored[i];
		return "draft";
	}
	until = days_of(m->valid_until);
	now = days_of(today);
	if (until < 0 || now < 0 || now <= until)
		return "active";
	if (now - until <= grace_days)
		return "grace";
	return "expired";
}

int store_member_branch_add(struct db *db, int64_t account_id, int64_t org_id,
                            int64_t application_id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO member_branches (account_id, org_id, application_id, joined_at)"
		" VALUES (?, ?, NULLIF(?, 0), ?)");

	if (!st || db_bind(st, "iiii", account_id, org_id, application_id, store_now()) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_member_branch_list(struct db *db, int64_t account_id,
                             struct member_branch **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT org_id, application_id, joined_at FROM member_branches"
		" WHERE account_id = ? ORDER BY joined_at, org_id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind(st, "i", account_id) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[*n].org_id = db_col_int(st, 0);
		(*out)[*n].application_id = db_col_int(st, 1);
		(*out)[*n].joined_at = db_col_int(st, 2);
		(*n)++;
	}
	if (rc < 0) {
		xfree(out);
		*n = 0;
		return ST_ERROR;
	}
	return ST_OK;
}

int store_member_in_org(struct db *db, int64_t account_id, int64_t org_id)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT 1 FROM members WHERE account_id = ?1 AND org_id = ?2"
		" UNION ALL SELECT 1 FROM member_branches WHERE account_id = ?1 AND org_id = ?2");
	int rc;

	if (!st || db_bind(st, "ii", account_id, org_id) != ST_OK)
		return -1;
	rc = db_row(st);
	db_reset(st);
	return rc;
}
