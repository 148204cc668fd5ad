/* The staff's renewal lists (see renewal_list.h). */
#include <string.h>
#include "service/renewal.h"
#include "store/db.h"
#include "store/renewal_list.h"

/* Each state's members, as its own condition, so that each is read along
 * members_renewal (migration 140) in the list's order: one statement for
 * every state read every member (0.1-0.8 s among 200,000). ?1 and ?2 are
 * the state's dates, ?3 the scope. A member whose row has no valid_until
 * is in none. */
#define SCOPE \
	" AND (?3 = 0 OR m.org_id = ?3 OR EXISTS (SELECT 1 FROM member_branches mb" \
	"  WHERE mb.account_id = m.account_id AND mb.org_id = ?3))"
/* ?1 today, ?2 the last day that is soon */
#define EXPIRING " m.status = 'active' AND m.valid_until BETWEEN ?1 AND ?2" SCOPE
/* ?1 today, ?2 the first day still in grace today */
#define GRACE " m.status = 'active' AND m.valid_until < ?1 AND m.valid_until >= ?2" SCOPE
/* ?1 the first day still in grace today, ?2 today (which it is not after:
 * named so that every statement has the same parameters) */
#define LAPSED \
	" ((m.status = 'expired' AND m.valid_until IS NOT NULL)" \
	"  OR (m.status = 'active' AND m.valid_until < ?1 AND m.valid_until < ?2))" SCOPE
#define COUNT_OF(where) "SELECT COUNT(*) FROM members m WHERE" where
/* The page chosen from the index, then its rows read whole */
#define PAGE_OF(where) \
	"SELECT m.account_id, a.username, a.email, m.name, m.member_no, m.valid_until," \
	" l.code, o.code," \
	" COALESCE((SELECT MAX(h.at) FROM member_history h WHERE h.account_id = m.account_id" \
	"  AND h.event = 'reminded' AND h.date_from = m.valid_until), 0)" \
	" FROM members m JOIN accounts a ON a.id = m.account_id" \
	" LEFT JOIN levels l ON l.id = m.level_id LEFT JOIN orgs o ON o.id = m.org_id" \
	" WHERE m.account_id IN (SELECT m.account_id FROM members m WHERE" where \
	"  ORDER BY m.valid_until, m.account_id LIMIT ?4 OFFSET ?5)" \
	" ORDER BY m.valid_until, m.account_id"

static const struct {
	const char *state, *count, *page;
} states[] = {
	{ "expiring", COUNT_OF(EXPIRING), PAGE_OF(EXPIRING) },
	{ "grace", COUNT_OF(GRACE), PAGE_OF(GRACE) },
	{ "lapsed", COUNT_OF(LAPSED), PAGE_OF(LAPSED) },
};

static int bind_query(struct db_stmt *st, size_t k, const struct renewal_query *q)
{
	char last[11], first_grace[11];

	renewal_date_add(q->today, q->days, last);
	/* the first valid_until still in grace today */
	renewal_date_add(q->today, -q->grace_days, first_grace);
	switch (k) {
	case 0:
		return db_bind(st, "tti", q->today, last, q->scope_org);
	case 1:
		return db_bind(st, "tti", q->today, first_grace, q->scope_org);
	default:
		return db_bind(st, "tti", first_grace, q->today, q->scope_org);
	}
}

int store_renewal_list(struct db *db, const struct renewal_query *q, int limit, int offset,
                       void (*fn)(const struct renewal_item *, void *), void *arg,
                       int64_t *total)
{
	struct db_stmt *st;
	size_t k = 0;
	int rc;

	*total = 0;
	while (k < sizeof states / sizeof states[0] && strcmp(states[k].state, q->state ? q->state : ""))
		k++;
	if (k == sizeof states / sizeof states[0])
		return ST_OK;      /* no such state: nobody (the route refuses it first) */
	st = db_stmt(db, states[k].count);
	if (!st || bind_query(st, k, q) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc < 0)
		return ST_ERROR;
	if (rc == 1)
		*total = db_col_int(st, 0);
	db_reset(st);
	if (limit == 0)
		return ST_OK;
	st = db_stmt(db, states[k].page);
	if (!st || bind_query(st, k, q) != ST_OK || db_bind_int(st, 4, limit) != ST_OK ||
	    db_bind_int(st, 5, offset) != ST_OK)
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
