/* The tables of scheduled work (see jobs.h). */
#include <stdint.h>
#include <string.h>
#include "roster/xalloc.h"
#include "store/db.h"
#include "store/jobs.h"

int store_lease_take(struct db *db, const char *name, const char *owner, int64_t now,
                     int ttl, char **holder)
{
	/* the WHERE of DO UPDATE is the guard: a live lease of another owner
	 * is left alone and changes() stays 0 */
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO job_lease (name, owner, expires_at, taken_at) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (name) DO UPDATE SET owner = excluded.owner,"
		"  expires_at = excluded.expires_at,"
		"  taken_at = CASE WHEN job_lease.owner = excluded.owner THEN job_lease.taken_at"
		"                  ELSE excluded.taken_at END"
		" WHERE job_lease.owner = excluded.owner OR job_lease.expires_at <= ?4");
	int rc;

	if (holder)
		*holder = NULL;
	if (!st || db_bind(st, "ttii", name, owner, now + ttl, now) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	if (db_changes(db) > 0)
		return ST_OK;
	if (holder) {
		st = db_stmt(db, "SELECT owner FROM job_lease WHERE name = ?");
		if (st && db_bind(st, "t", name) == ST_OK && db_row(st) == 1)
			*holder = db_col_text(st, 0);
		db_reset(st);
	}
	return ST_CONFLICT;
}

int store_lease_release(struct db *db, const char *name, const char *owner)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM job_lease WHERE name = ? AND owner = ?");

	if (!st || db_bind(st, "tt", name, owner) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_job_run_start(struct db *db, const char *owner, const char *trigger, int64_t clock,
                        int64_t started_at, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO job_runs (owner, trigger, clock, started_at) VALUES (?, ?, ?, ?)");
	int rc;

	if (!st || db_bind(st, "ttii", owner, trigger, clock, started_at) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK)
		*id = db_last_id(db);
	return rc;
}

int store_job_run_finish(struct db *db, int64_t id, bool ok, const char *detail,
                         int64_t finished_at)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE job_runs SET status = ?, detail = ?, finished_at = ? WHERE id = ?");

	if (!st || db_bind(st, "ttii", ok ? "ok" : "failed", detail, finished_at, id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_job_run_list(struct db *db, int limit,
                       void (*fn)(const struct job_run *, void *), void *arg)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT id, owner, trigger, clock, started_at, COALESCE(finished_at, 0), status,"
		" detail FROM job_runs ORDER BY id DESC LIMIT ?");
	int rc;

	if (!st || db_bind(st, "d", limit) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		struct job_run r = {
			.id = db_col_int(st, 0), .owner = db_col_ctext(st, 1),
			.trigger = db_col_ctext(st, 2), .clock = db_col_int(st, 3),
			.started_at = db_col_int(st, 4), .finished_at = db_col_int(st, 5),
			.status = db_col_ctext(st, 6), .detail = db_col_ctext(st, 7),
		};
		fn(&r, arg);
	}
	return rc == 0 ? ST_OK : ST_ERROR;
}

int store_renewal_candidates(struct db *db, const char *from, const char *to,
                             void (*fn)(const struct renewal_row *, void *), void *arg)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT m.account_id, m.valid_until, a.email, a.username, m.name, m.member_no,"
		" (SELECT MIN(r.offset_days) FROM reminders_sent r"
		"   WHERE r.account_id = m.account_id AND r.valid_until = m.valid_until)"
		" FROM members m JOIN accounts a ON a.id = m.account_id"
		" WHERE m.status = 'active' AND m.valid_until BETWEEN ? AND ?"
		" AND a.status = 'active'"
		" ORDER BY m.valid_until, m.account_id");
	int rc;

	if (!st || db_bind(st, "tt", from, to) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		struct renewal_row r = {
			.account_id = db_col_int(st, 0), .valid_until = db_col_ctext(st, 1),
			.email = db_col_ctext(st, 2), .username = db_col_ctext(st, 3),
			.name = db_col_ctext(st, 4), .member_no = db_col_ctext(st, 5),
			.last_offset = db_col_null(st, 6) ? INT32_MAX : (int)db_col_int(st, 6),
		};
		fn(&r, arg);
	}
	return rc == 0 ? ST_OK : ST_ERROR;
}

int store_reminder_sent(struct db *db, int64_t account_id, const char *valid_until,
                        int offset_days, int64_t at)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO reminders_sent (account_id, valid_until, offset_days, sent_at)"
		" VALUES (?, ?, ?, ?)");

	if (!st || db_bind(st, "itdi", account_id, valid_until, offset_days, at) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

static int ids_of(struct db_stmt *st, int64_t *ids, int max)
{
	int n = 0, rc;

	while (n < max && (rc = db_row(st)) == 1)
		ids[n++] = db_col_int(st, 0);
	db_reset(st);
	return n;
}

int store_members_past_grace(struct db *db, const char *before, int64_t *ids, int max)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT account_id FROM members WHERE status = 'active'"
		" AND valid_until IS NOT NULL AND valid_until < ? ORDER BY account_id LIMIT ?");

	if (!st || db_bind(st, "td", before, max) != ST_OK)
		return -1;
	return ids_of(st, ids, max);
}

int store_members_entering_grace(struct db *db, const char *before, int64_t *ids, int max)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT m.account_id FROM members m WHERE m.status = 'active'"
		" AND m.valid_until IS NOT NULL AND m.valid_until < ?"
		" AND NOT EXISTS (SELECT 1 FROM member_history h WHERE h.account_id = m.account_id"
		"  AND h.event = 'grace' AND h.date_from = date(m.valid_until, '+1 day'))"
		" ORDER BY m.account_id LIMIT ?");

	if (!st || db_bind(st, "td", before, max) != ST_OK)
		return -1;
	return ids_of(st, ids, max);
}

int store_history_add(struct db *db, int64_t account_id, const char *event,
                      const char *date_from, const char *date_to, int64_t order_id,
                      int64_t actor_id, const char *note)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO member_history (account_id, event, date_from, date_to, order_id,"
		" actor_id, note, at) VALUES (?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?)");

	if (!st || db_bind(st, "itttiiti", account_id, event, date_from, date_to, order_id,
	                   actor_id, note, store_now()) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_history_list(struct db *db, int64_t account_id,
                       void (*fn)(const struct history_row *, void *), void *arg)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT id, event, date_from, date_to, COALESCE(order_id, 0),"
		" COALESCE(actor_id, 0), note, at FROM member_history WHERE account_id = ?"
		" ORDER BY id");
	int rc;

	if (!st || db_bind(st, "i", account_id) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		struct history_row r = {
			.id = db_col_int(st, 0), .event = db_col_ctext(st, 1),
			.date_from = db_col_ctext(st, 2), .date_to = db_col_ctext(st, 3),
			.order_id = db_col_int(st, 4), .actor_id = db_col_int(st, 5),
			.note = db_col_ctext(st, 6), .at = db_col_int(st, 7),
		};
		fn(&r, arg);
	}
	return rc == 0 ? ST_OK : ST_ERROR;
}

int store_history_has(struct db *db, int64_t account_id, const char *event,
                      const char *date_from)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT 1 FROM member_history WHERE account_id = ? AND event = ? AND date_from = ?");
	int rc;

	if (!st || db_bind(st, "itt", account_id, event, date_from) != ST_OK)
		return -1;
	rc = db_row(st);
	db_reset(st);
	return rc;
}

static int purge(struct db *db, struct db_stmt *st, int64_t t, int *n)
{
	int rc;

	*n = 0;
	if (!st || db_bind(st, "i", t) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK)
		*n = db_changes(db);
	return rc;
}

int store_purge_codes(struct db *db, int64_t now, int *n)
{
	return purge(db, db_stmt(db, "DELETE FROM codes WHERE expires_at <= ?"), now, n);
}

int store_purge_handoffs(struct db *db, int64_t before, int *n)
{
	return purge(db, db_stmt(db,
		"DELETE FROM handoffs WHERE expires_at <= ?1 OR used_at <= ?1"), before, n);
}

int store_purge_job_runs(struct db *db, int64_t before, int *n)
{
	return purge(db, db_stmt(db,
		"DELETE FROM job_runs WHERE started_at < ? AND status <> 'running'"), before, n);
}

int store_member_valid_until(struct db *db, int64_t account_id, const char *valid_until)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE members SET valid_until = ?, updated_at = ? WHERE account_id = ?");

	if (!st || db_bind(st, "tii", valid_until, store_now(), account_id) != ST_OK)
		return ST_ERROR;
	if (db_run(st) != ST_OK)
		return ST_ERROR;
	return db_changes(db) > 0 ? ST_OK : ST_NOTFOUND;
}
