/* Catalogue edits and their history (see catalogue_edit.h). */
#include "store/catalogue_edit.h"
#include "store/db.h"

static int changed(struct db *db, int rc)
{
	if (rc != ST_OK)
		return rc;
	return db_changes(db) > 0 ? ST_OK : ST_NOTFOUND;
}

int store_level_set_flags(struct db *db, const char *code, bool active, bool lifetime)
{
	struct db_stmt *st = db_stmt(db, "UPDATE levels SET active = ?, lifetime = ? WHERE code = ?");

	if (!st || db_bind(st, "ddt", active ? 1 : 0, lifetime ? 1 : 0, code) != ST_OK)
		return ST_ERROR;
	return changed(db, db_run(st));
}

int store_org_set_active(struct db *db, const char *code, bool active)
{
	struct db_stmt *st = db_stmt(db, "UPDATE orgs SET active = ? WHERE code = ?");

	if (!st || db_bind(st, "dt", active ? 1 : 0, code) != ST_OK)
		return ST_ERROR;
	return changed(db, db_run(st));
}

int store_reason_set_active(struct db *db, const char *code, bool active)
{
	struct db_stmt *st = db_stmt(db, "UPDATE reason_templates SET active = ? WHERE code = ?");

	if (!st || db_bind(st, "dt", active ? 1 : 0, code) != ST_OK)
		return ST_ERROR;
	return changed(db, db_run(st));
}

int store_level_is_lifetime(struct db *db, int64_t level_id)
{
	struct db_stmt *st = db_stmt(db, "SELECT lifetime FROM levels WHERE id = ?");
	int rc, v = 0;

	if (!st || db_bind(st, "i", level_id) != ST_OK)
		return -1;
	rc = db_row(st);
	if (rc == 1)
		v = db_col_int(st, 0) != 0;
	db_reset(st);
	return rc < 0 ? -1 : v;
}

int store_reason_all(struct db *db, void (*fn)(const struct reason_row *, void *), void *arg)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT code, scope, text_zh, text_en, rank, active FROM reason_templates"
		" ORDER BY rank, id");
	int rc;

	if (!st)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		struct reason_row r = {
			.code = db_col_ctext(st, 0), .scope = db_col_ctext(st, 1),
			.text_zh = db_col_ctext(st, 2), .text_en = db_col_ctext(st, 3),
			.rank = (int)db_col_int(st, 4), .active = db_col_int(st, 5) != 0,
		};
		fn(&r, arg);
	}
	return rc == 0 ? ST_OK : ST_ERROR;
}

int store_setting_all(struct db *db, void (*fn)(const char *key, const char *value, void *),
                      void *arg)
{
	struct db_stmt *st = db_stmt(db, "SELECT key, value FROM settings ORDER BY key");
	int rc;

	if (!st)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1)
		fn(db_col_ctext(st, 0), db_col_ctext(st, 1), arg);
	return rc == 0 ? ST_OK : ST_ERROR;
}

int store_catalogue_history_add(struct db *db, int64_t actor_id, const char *object,
                                const char *object_id, const char *before, const char *after)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO catalogue_history (at, actor_id, object, object_id, before, after)"
		" VALUES (?, NULLIF(?, 0), ?, ?, ?, ?)");

	if (!st || db_bind(st, "iitttt", store_now(), actor_id, object, object_id, before,
	                   after) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_catalogue_history_list(struct db *db, const char *object, const char *object_id,
                                 int limit, int offset,
                                 void (*fn)(const struct catalogue_change *, void *),
                                 void *arg, int64_t *total)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT COUNT(*) FROM catalogue_history WHERE (?1 IS NULL OR object = ?1)"
		" AND (?2 IS NULL OR object_id = ?2)");
	int rc;

	*total = 0;
	if (!st || db_bind(st, "tt", object, object_id) != ST_OK)
		return ST_ERROR;
	if (db_row(st) == 1)
		*total = db_col_int(st, 0);
	db_reset(st);
	st = db_stmt(db,
		"SELECT h.id, h.at, COALESCE(h.actor_id, 0), a.username, h.object, h.object_id,"
		" h.before, h.after FROM catalogue_history h LEFT JOIN accounts a ON a.id = h.actor_id"
		" WHERE (?1 IS NULL OR h.object = ?1) AND (?2 IS NULL OR h.object_id = ?2)"
		" ORDER BY h.id DESC LIMIT ?3 OFFSET ?4");
	if (!st || db_bind(st, "ttdd", object, object_id, limit, offset) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		struct catalogue_change c = {
			.id = db_col_int(st, 0), .at = db_col_int(st, 1), .actor_id = db_col_int(st, 2),
			.actor = db_col_ctext(st, 3), .object = db_col_ctext(st, 4),
			.object_id = db_col_ctext(st, 5), .before = db_col_ctext(st, 6),
			.after = db_col_ctext(st, 7),
		};
		fn(&c, arg);
	}
	return rc == 0 ? ST_OK : ST_ERROR;
}
