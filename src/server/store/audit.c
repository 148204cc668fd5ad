/* audit_log rows. */
#include "store/audit.h"
#include "store/db.h"

/* The address of the request this thread is serving (set by http.c). */
static __thread const char *audit_address;

void audit_set_address(const char *addr)
{
	audit_address = addr;
}

int store_audit(struct db *db, int64_t actor_account_id, const char *action,
                const char *object_type, int64_t object_id, const char *detail)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO audit_log (at, actor_id, action, object_type, object_id, address, detail)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)");

	if (!st)
		return ST_ERROR;
	if (db_bind(st, "i", store_now()) != ST_OK)
		return ST_ERROR;
	if (actor_account_id > 0)
		db_bind_int(st, 2, actor_account_id);
	db_bind_text(st, 3, action);
	if (object_type)
		db_bind_text(st, 4, object_type);
	if (object_id > 0)
		db_bind_int(st, 5, object_id);
	if (audit_address)
		db_bind_text(st, 6, audit_address);
	if (detail)
		db_bind_text(st, 7, detail);
	return db_run(st);
}

/* The member a row concerns: its object, or what the object belongs to. */
#define AUDIT_MEMBER \
	"CASE l.object_type WHEN 'account' THEN l.object_id WHEN 'member' THEN l.object_id" \
	" WHEN 'application' THEN (SELECT account_id FROM applications WHERE id = l.object_id)" \
	" WHEN 'order' THEN (SELECT account_id FROM orders WHERE id = l.object_id)" \
	" WHEN 'payment' THEN (SELECT account_id FROM payments WHERE id = l.object_id)" \
	" WHEN 'invoice' THEN (SELECT account_id FROM invoices WHERE id = l.object_id)" \
	" WHEN 'session' THEN l.actor_id END"

#define AUDIT_FROM \
	" FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id" \
	" WHERE (?1 = 0 OR l.actor_id = ?1)" \
	" AND (?2 IS NULL OR a.username_key = lower(?2))" \
	" AND (?3 = 0 OR l.actor_id = ?3 OR (" AUDIT_MEMBER ") = ?3)" \
	" AND (?4 IS NULL OR l.object_type = ?4)" \
	" AND (?5 = 0 OR l.object_id = ?5)" \
	" AND (?6 IS NULL OR l.action = ?6 OR (substr(?6, length(?6)) = '.' AND" \
	"      substr(l.action, 1, length(?6)) = ?6))" \
	" AND (?7 = 0 OR l.at >= ?7) AND (?8 = 0 OR l.at < ?8)"

static int audit_bind(struct db_stmt *st, const struct audit_filter *f)
{
	return db_bind(st, "ititiiii", f->actor_id, f->actor, f->member_id, f->object_type,
	               f->object_id, (int64_t)0, f->from, f->to) == ST_OK &&
	       db_bind_text(st, 6, f->action) == ST_OK
	       ? ST_OK : ST_ERROR;
}

int store_audit_list(struct db *db, const struct audit_filter *f, int limit, int offset,
                     void (*fn)(const struct audit_row *, void *), void *arg,
                     int64_t *total)
{
	struct db_stmt *st = db_stmt(db, "SELECT COUNT(*)" AUDIT_FROM);
	int row;

	if (!st || audit_bind(st, f) != ST_OK || db_row(st) != 1)
		return ST_ERROR;
	*total = db_col_int(st, 0);
	db_reset(st);
	st = db_stmt(db, "SELECT l.id, l.at, l.actor_id, a.username, a.role, l.action,"
	             " l.object_type, l.object_id, " AUDIT_MEMBER ", l.address, l.detail"
	             AUDIT_FROM " ORDER BY l.id DESC LIMIT ?9 OFFSET ?10");
	if (!st || audit_bind(st, f) != ST_OK ||
	    db_bind_int(st, 9, limit) != ST_OK ||
	    db_bind_int(st, 10, offset) != ST_OK)
		return ST_ERROR;
	while ((row = db_row(st)) == 1) {
		struct audit_row r = {
			.id = db_col_int(st, 0),
			.at = db_col_int(st, 1),
			.actor_id = db_col_int(st, 2),
			.actor = db_col_ctext(st, 3),
			.actor_role = db_col_ctext(st, 4),
			.action = db_col_ctext(st, 5),
			.object_type = db_col_ctext(st, 6),
			.object_id = db_col_int(st, 7),
			.member_id = db_col_int(st, 8),
			.address = db_col_ctext(st, 9),
			.detail = db_col_ctext(st, 10),
		};
		fn(&r, arg);
	}
	return row < 0 ? ST_ERROR : ST_OK;
}
