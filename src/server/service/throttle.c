/* Fixed-window counters in the throttle table. Uses the store's statement
 * helpers directly: the table is tiny and its SQL (an upsert) is the same on
 * SQLite and PostgreSQL. */
#include "log.h"
#include "store/db.h"
#include "service/throttle.h"

int throttle_wait(struct db *db, const char *key, int limit)
{
	struct db_stmt *st = db_stmt(db, "SELECT count, reset_at FROM throttle WHERE key = ?");
	int64_t now = store_now(), count, reset_at;
	int rc;

	if (!st || db_bind(st, "t", key) != ST_OK)
		return 0;
	rc = db_row(st);
	if (rc <= 0)
		return 0;
	count = db_col_int(st, 0);
	reset_at = db_col_int(st, 1);
	db_reset(st);
	if (reset_at <= now || count < limit)
		return 0;
	return (int)(reset_at - now);
}

void throttle_hit(struct db *db, const char *key, int window)
{
	struct db_stmt *st;
	int64_t now = store_now();

	st = db_stmt(db,
		"INSERT INTO throttle (key, count, reset_at) VALUES (?1, 1, ?2 + ?3)"
		" ON CONFLICT (key) DO UPDATE SET"
		" count = CASE WHEN throttle.reset_at <= ?2 THEN 1 ELSE throttle.count + 1 END,"
		" reset_at = CASE WHEN throttle.reset_at <= ?2 THEN ?2 + ?3 ELSE throttle.reset_at END");
	if (!st || db_bind(st, "tii", key, now, (int64_t)window) != ST_OK)
		return;
	if (db_run(st) != ST_OK)
		log_warn("throttle: could not count an event");
	/* now and then, forget windows that are over */
	if ((now & 63) == 0) {
		st = db_stmt(db, "DELETE FROM throttle WHERE reset_at <= ?");
		if (st && db_bind(st, "i", now) == ST_OK)
			db_run(st);
	}
}

int throttle_take(struct db *db, const char *key, int limit, int window)
{
	int wait = throttle_wait(db, key, limit);

	if (wait == 0)
		throttle_hit(db, key, window);
	return wait;
}

void throttle_clear(struct db *db, const char *key)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM throttle WHERE key = ?");

	if (st && db_bind(st, "t", key) == ST_OK)
		db_run(st);
}
