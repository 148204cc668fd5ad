/* The counts kept as rows change (tallies.h, migrations 128, 133 and 137).
 * Triggers keep them; this file only counts them again, in one
 * transaction, when the zone they were counted in is not the one rosterd
 * runs in, and after a seed or an import on PostgreSQL. */
#include <stdlib.h>
#include <string.h>
#include "assoc_time.h"
#include "log.h"
#include "store/db.h"
#include "store/store.h"
#include "store/tallies.h"

/* 1: the tallies were counted in zone; 0: not; -1: error */
static int stamped(struct db *db, const char *zone)
{
	struct db_stmt *st = db_stmt(db, "SELECT zone FROM tally_stamp");
	int row, same = 0;

	if (!st)
		return -1;
	while ((row = db_row(st)) == 1)
		same = !strcmp(db_col_ctext(st, 0) ? db_col_ctext(st, 0) : "", zone);
	return row < 0 ? -1 : same;
}

static int recount(struct db *db, const char *zone)
{
	struct db_stmt *st;

	if (db_exec(db,
	            "DELETE FROM member_tally;"
	            " INSERT INTO member_tally (status, level_id, org_id, valid_until, numbered, n)"
	            " SELECT status, level_id, org_id, valid_until, numbered, COUNT(*)"
	            " FROM member_tally_key WHERE role = 'member'"
	            " GROUP BY status, level_id, org_id, valid_until, numbered;"
	            " DELETE FROM order_tally;"
	            " INSERT INTO order_tally (org_id, year, kind, n, amount)"
	            " SELECT COALESCE(k.org_id, 0), strftime('%Y', o.paid_at, 'unixepoch', 'localtime'),"
	            " o.kind, COUNT(*), SUM(o.amount)"
	            " FROM orders o LEFT JOIN order_tally_org k ON k.account_id = o.account_id"
	            " WHERE o.status = 'paid' AND o.paid_at IS NOT NULL GROUP BY 1, 2, 3;"
	            " DELETE FROM application_tally;"
	            " INSERT INTO application_tally (status, kind, org_id, review_org_id, n)"
	            " SELECT status, kind, COALESCE(org_id, 0), COALESCE(review_org_id, 0),"
	            " COUNT(*) FROM applications GROUP BY 1, 2, 3, 4;"
	            " DELETE FROM tally_stamp") != ST_OK)
		return ST_ERROR;
	st = db_stmt(db, "INSERT INTO tally_stamp (zone) VALUES (?)");
	if (!st || db_bind(st, "t", zone) != ST_OK || db_run(st) != ST_OK)
		return ST_ERROR;
	return ST_OK;
}

int store_tallies_check(struct db *db)
{
	const char *zone = assoc_zone();
	int same = stamped(db, zone);

	if (same != 0)
		return same < 0 ? ST_ERROR : ST_OK;
	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	/* another instance may have counted them meanwhile */
	same = stamped(db, zone);
	if (same < 0 || (same == 0 && recount(db, zone) != ST_OK)) {
		db_rollback(db);
		log_error("the member, payment and application counts could not be counted again");
		return ST_ERROR;
	}
	if (db_commit(db) != ST_OK)
		return ST_ERROR;
	if (same == 0)
		log_info("member, payment and application counts counted for time zone %s", zone);
	return ST_OK;
}

int store_tallies_pause(struct db *db)
{
	if (!db_is_pg(db))
		return ST_OK;
	return db_exec(db, "SELECT set_config('roster.tally_off', 'on', true)");
}

int store_tallies_recount(struct db *db)
{
	if (!db_is_pg(db))
		return ST_OK;
	if (recount(db, assoc_zone()) != ST_OK ||
	    db_exec(db, "SELECT set_config('roster.tally_off', 'off', true)") != ST_OK) {
		log_error("the member, payment and application counts could not be counted again");
		return ST_ERROR;
	}
	return ST_OK;
}
