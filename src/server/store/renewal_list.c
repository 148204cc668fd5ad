/* The staff's renewal lists (see renewal_list.h). */
#include <string.h>
#include "service/renewal.h"
#include "store/db.h"
#include "store/renewal_list.h"

/* ?1 state, ?2 today, ?3 last expiring date, ?4 first grace date,
 * ?5 scope */
#define RENEWAL_WHERE \
	" FROM members m JOIN accounts a ON a.id = m.account_id" \
	" LEFT JOIN levels l ON l.id = m.level_id LEFT JOIN orgs o ON o.id = m.org_id" \
	" WHERE m.valid_until IS NOT NULL AND (" \
	"  (?1 = 'expiring' AND m.status = 'active' AND m.valid_until BETWEEN ?2 AND ?3) OR" \
	"  (?1 = 'grace' AND m.status = 'active' AND m.valid_until < ?2 AND m.valid_until >= ?4) OR" \
	"  (?1 = 'lapsed' AND (m.status = 'expired' OR" \
	"                      (m.status = 'active' AND m.valid_until < ?4))))" \
	" AND (?5 = 0 OR m.org_id = ?5 OR EXISTS (SELECT 1 FROM member_branches mb" \
	"  WHERE mb.account_id = m.account_id AND mb.org_id = ?5))"

static int bind_query(struct db_stmt *st, const struct renewal_query *q)
{
	char last[11], first_grace[11];

	renewal_date_add(q->today, q->days, last);
	/* the first valid_until still in grace today */
	renewal_date_add(q->today, -q->grace_days, first_grace);
	return db_bind(st, "tttti", q->state, q->today, last, first_grace, q->scope_org);
}

int store_renewal_list(struct db *db, const struct renewal_query *q, int limit, int offset,
                       void (*fn)(const struct renewal_item *, void *), void *arg,
                       int64_t *total)
{
	struct db_stmt *st = db_stmt(db, "SELECT COUNT(*)" RENEWAL_WHERE);
	int rc;

	*total = 0;
	if (!st || bind_query(st, q) != ST_OK)
		return ST_ERROR;
	if (db_row(st) == 1)
		*total = db_col_int(st, 0);
	db_reset(st);
	if (limit == 0)
		return ST_OK;
	st = db_stmt(db,
		"SELECT m.account_id, a.username, a.email, m.name, m.member_no, m.valid_until,"
		" l.code, o.code,"
		" COALESCE((SELECT MAX(h.at) FROM member_history h WHERE h.account_id = m.account_id"
		"  AND h.event = 'reminded' AND h.date_from = m.valid_until), 0)"
		RENEWAL_WHERE " ORDER BY m.valid_until, m.account_id LIMIT ?6 OFFSET ?7");
	if (!st || bind_query(st, q) != ST_OK || db_bind_int(st, 6, limit) != ST_OK ||
	    db_bind_int(st, 7, offset) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		struct renewal_item r = {
			.account_id = db_col_int(st, 0), .username = db_col_ctext(st, 1),
			.email = db_col_ctext(st, 2), .name = db_col_ctext(st, 3),
			.member_no = db_col_ctext(st, 4), .valid_until = db_col_ctext(st, 5),
			.level_code = db_col_ctext(st, 6), .org_code = db_col_ctext(st, 7),
			.last_reminded_at = db_col_int(st, 8),
		};
		fn(&r, arg);
	}
	return rc == 0 ? ST_OK : ST_ERROR;
}

int store_renewal_in_scope(struct db *db, int64_t account_id, int64_t scope_org)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT 1 FROM members m WHERE m.account_id = ?1 AND (?2 = 0 OR m.org_id = ?2"
		" OR EXISTS (SELECT 1 FROM member_branches mb WHERE mb.account_id = m.account_id"
		"  AND mb.org_id = ?2))");
	int rc;

	if (!st || db_bind(st, "ii", account_id, scope_org) != ST_OK)
		return -1;
	rc = db_row(st);
	db_reset(st);
	return rc;
}

int store_renewal_staff_reminded(struct db *db, int64_t account_id, const char *valid_until,
                                 int64_t since)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT 1 FROM member_history WHERE account_id = ?1 AND event = 'reminded'"
		" AND date_from = ?2 AND actor_id != 0 AND at >= ?3 LIMIT 1");
	int rc;

	if (!st || db_bind(st, "iti", account_id, valid_until, since) != ST_OK)
		return -1;
	rc = db_row(st);
	db_reset(st);
	return rc;
}
