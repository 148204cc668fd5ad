/* Catalogue tables: orgs, levels, terms, forms, settings, reason_templates. */
#include <stdlib.h>
#include <string.h>
#include "roster/xalloc.h"
#include "store/catalogue.h"
#include "store/db.h"
#include "store/rows.h"

#define ORG_COLS "id, code, kind, name_zh, name_en, address, contact, phone, email, rank, active"
#define LEVEL_COLS "id, member_type, code, name_zh, name_en, annual_fee, rank, active"
#define REASON_COLS "id, code, scope, text_zh, text_en, rank, active"

/* ------------------------------------------------------------------ frees */

void org_free(struct org *o)
{
	if (!o)
		return;
	free(o->code);
	free(o->kind);
	free(o->name_zh);
	free(o->name_en);
	free(o->address);
	free(o->contact);
	free(o->phone);
	free(o->email);
	memset(o, 0, sizeof *o);
}

void orgs_free(struct org *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		org_free(&v[i]);
	free(v);
}

void level_free(struct level *l)
{
	if (!l)
		return;
	free(l->member_type);
	free(l->code);
	free(l->name_zh);
	free(l->name_en);
	memset(l, 0, sizeof *l);
}

void levels_free(struct level *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		level_free(&v[i]);
	free(v);
}

void terms_free(struct terms *t)
{
	if (!t)
		return;
	free(t->version);
	free(t->title_zh);
	free(t->title_en);
	free(t->body_zh);
	free(t->body_en);
	memset(t, 0, sizeof *t);
}

void reasons_free(struct reason_template *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].code);
		free(v[i].scope);
		free(v[i].text_zh);
		free(v[i].text_en);
	}
	free(v);
}

/* ---------------------------------------------------------- row readers */

static void org_read(struct db_stmt *st, void *out)
{
	struct org *o = out;

	o->id = db_col_int(st, 0);
	o->code = db_col_text(st, 1);
	o->kind = db_col_text(st, 2);
	o->name_zh = db_col_text(st, 3);
	o->name_en = db_col_text(st, 4);
	o->address = db_col_text(st, 5);
	o->contact = db_col_text(st, 6);
	o->phone = db_col_text(st, 7);
	o->email = db_col_text(st, 8);
	o->rank = (int)db_col_int(st, 9);
	o->active = db_col_int(st, 10) != 0;
}

static void level_read(struct db_stmt *st, void *out)
{
	struct level *l = out;

	l->id = db_col_int(st, 0);
	l->member_type = db_col_text(st, 1);
	l->code = db_col_text(st, 2);
	l->name_zh = db_col_text(st, 3);
	l->name_en = db_col_text(st, 4);
	l->annual_fee = db_col_int(st, 5);
	l->rank = (int)db_col_int(st, 6);
	l->active = db_col_int(st, 7) != 0;
}

static void reason_read(struct db_stmt *st, void *out)
{
	struct reason_template *r = out;

	r->id = db_col_int(st, 0);
	r->code = db_col_text(st, 1);
	r->scope = db_col_text(st, 2);
	r->text_zh = db_col_text(st, 3);
	r->text_en = db_col_text(st, 4);
	r->rank = (int)db_col_int(st, 5);
	r->active = db_col_int(st, 6) != 0;
}

/* ------------------------------------------------------------------- orgs */

int store_org_upsert(struct db *db, const struct org *o, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO orgs (code, kind, name_zh, name_en, address, contact, phone,"
		" email, rank, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
		" ON CONFLICT(code) DO UPDATE SET kind = excluded.kind,"
		" name_zh = excluded.name_zh, name_en = excluded.name_en,"
		" address = excluded.address, contact = excluded.contact,"
		" phone = excluded.phone, email = excluded.email, rank = excluded.rank,"
		" active = 1");
	int rc;

	if (!st || db_bind(st, "tttttttti", o->code, o->kind, o->name_zh, o->name_en,
	                   o->address, o->contact, o->phone, o->email,
	                   (int64_t)o->rank) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK || !id)
		return rc;
	st = db_stmt(db, "SELECT id FROM orgs WHERE code = ?");
	if (!st || db_bind(st, "t", o->code) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc == 1)
		*id = db_col_int(st, 0);
	db_reset(st);
	return rc == 1 ? ST_OK : ST_ERROR;
}

int store_org_get(struct db *db, int64_t id, struct org *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ORG_COLS " FROM orgs WHERE id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, org_read);
}

int store_org_by_code(struct db *db, const char *code, struct org *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ORG_COLS " FROM orgs WHERE code = ?");

	if (!st || db_bind(st, "t", code) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, org_read);
}

int store_org_list(struct db *db, bool all, struct org **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " ORG_COLS " FROM orgs WHERE active = 1 OR ? = 1"
		" ORDER BY kind = 'branch', rank, id");
	void *v = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind(st, "d", all ? 1 : 0) != ST_OK)
		return ST_ERROR;
	rc = db_fetch_all(st, sizeof **out, org_read, &v, n);
	if (rc != ST_OK) {
		orgs_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return ST_OK;
}

int store_org_deactivate_all(struct db *db)
{
	struct db_stmt *st = db_stmt(db, "UPDATE orgs SET active = 0");

	return st ? db_run(st) : ST_ERROR;
}

/* ----------------------------------------------------------------- levels */

int store_level_upsert(struct db *db, const struct level *l, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO levels (member_type, code, name_zh, name_en, annual_fee, rank,"
		" active) VALUES (?, ?, ?, ?, ?, ?, 1)"
		" ON CONFLICT(code) DO UPDATE SET member_type = excluded.member_type,"
		" name_zh = excluded.name_zh, name_en = excluded.name_en,"
		" annual_fee = excluded.annual_fee, rank = excluded.rank, active = 1");
	int rc;

	if (!st || db_bind(st, "ttttii", l->member_type, l->code, l->name_zh,
	                   l->name_en, l->annual_fee, (int64_t)l->rank) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK || !id)
		return rc;
	st = db_stmt(db, "SELECT id FROM levels WHERE code = ?");
	if (!st || db_bind(st, "t", l->code) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc == 1)
		*id = db_col_int(st, 0);
	db_reset(st);
	return rc == 1 ? ST_OK : ST_ERROR;
}

int store_level_get(struct db *db, int64_t id, struct level *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " LEVEL_COLS " FROM levels WHERE id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, level_read);
}

int store_level_by_code(struct db *db, const char *code, struct level *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " LEVEL_COLS " FROM levels WHERE code = ?");

	if (!st || db_bind(st, "t", code) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, level_read);
}

int store_level_list(struct db *db, const char *member_type, bool all,
                     struct level **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " LEVEL_COLS " FROM levels"
		" WHERE (? IS NULL OR member_type = ?) AND (active = 1 OR ? = 1)"
		" ORDER BY member_type = 'unit', rank, id");
	void *v = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind(st, "ttd", member_type, member_type, all ? 1 : 0) != ST_OK)
		return ST_ERROR;
	rc = db_fetch_all(st, sizeof **out, level_read, &v, n);
	if (rc != ST_OK) {
		levels_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return ST_OK;
}

int store_level_deactivate_all(struct db *db)
{
	struct db_stmt *st = db_stmt(db, "UPDATE levels SET active = 0");

	return st ? db_run(st) : ST_ERROR;
}

/* ------------------------------------------------------------------ terms */

int store_terms_set(struct db *db, const struct terms *t)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO terms (id, version, title_zh, title_en, body_zh, body_en,"
		" updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT(id) DO UPDATE SET version = excluded.version,"
		" title_zh = excluded.title_zh, title_en = excluded.title_en,"
		" body_zh = excluded.body_zh, body_en = excluded.body_en,"
		" updated_at = excluded.updated_at"
		" WHERE terms.version <> excluded.version"
		" OR terms.title_zh <> excluded.title_zh"
		" OR terms.title_en <> excluded.title_en"
		" OR terms.body_zh <> excluded.body_zh"
		" OR terms.body_en <> excluded.body_en");

	if (!st || db_bind(st, "ttttti", t->version, t->title_zh, t->title_en,
	                   t->body_zh, t->body_en, t->updated_at) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_terms_get(struct db *db, struct terms *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT version, title_zh, title_en, body_zh, body_en, updated_at"
		" FROM terms WHERE id = 1");
	int rc;

	if (!st)
		return ST_ERROR;
	rc = db_row(st);
	if (rc != 1)
		return rc == 0 ? ST_NOTFOUND : ST_ERROR;
	memset(out, 0, sizeof *out);
	out->version = db_col_text(st, 0);
	out->title_zh = db_col_text(st, 1);
	out->title_en = db_col_text(st, 2);
	out->body_zh = db_col_text(st, 3);
	out->body_en = db_col_text(st, 4);
	out->updated_at = db_col_int(st, 5);
	db_reset(st);
	return ST_OK;
}

/* ------------------------------------------------------------------ forms */

int store_form_set(struct db *db, const char *member_type, const char *schema)
{
	/* updated_at moves only when the schema really changed */
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO forms (member_type, schema, updated_at) VALUES (?, ?, ?)"
		" ON CONFLICT(member_type) DO UPDATE SET schema = excluded.schema,"
		" updated_at = excluded.updated_at WHERE forms.schema <> excluded.schema");

	if (!st || db_bind(st, "tti", member_type, schema, store_now()) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_form_get(struct db *db, const char *member_type, char **schema)
{
	struct db_stmt *st = db_stmt(db, "SELECT schema FROM forms WHERE member_type = ?");
	int rc;

	*schema = NULL;
	if (!st || db_bind(st, "t", member_type) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc != 1)
		return rc == 0 ? ST_NOTFOUND : ST_ERROR;
	*schema = db_col_text(st, 0);
	db_reset(st);
	return *schema ? ST_OK : ST_ERROR;
}

/* --------------------------------------------------------------- settings */

int store_setting_set(struct db *db, const char *key, const char *value)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO settings (key, value) VALUES (?, ?)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value");

	if (!st || db_bind(st, "tt", key, value) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_setting_get(struct db *db, const char *key, char **value)
{
	struct db_stmt *st = db_stmt(db, "SELECT value FROM settings WHERE key = ?");
	int rc;

	*value = NULL;
	if (!st || db_bind(st, "t", key) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc != 1)
		return rc == 0 ? ST_NOTFOUND : ST_ERROR;
	*value = db_col_text(st, 0);
	db_reset(st);
	return *value ? ST_OK : ST_ERROR;
}

/* -------------------------------------------------------- reason templates */

int store_reason_upsert(struct db *db, const struct reason_template *r)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO reason_templates (code, scope, text_zh, text_en, rank, active)"
		" VALUES (?, ?, ?, ?, ?, 1)"
		" ON CONFLICT(code) DO UPDATE SET scope = excluded.scope,"
		" text_zh = excluded.text_zh, text_en = excluded.text_en,"
		" rank = excluded.rank, active = 1");

	if (!st || db_bind(st, "ttttd", r->code, r->scope, r->text_zh, r->text_en,
	                   r->rank) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_reason_list(struct db *db, const char *scope,
                      struct reason_template **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " REASON_COLS " FROM reason_templates WHERE active = 1"
		" AND (? IS NULL OR scope = ? OR scope = 'any') ORDER BY scope = 'any', rank, id");
	void *v = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind(st, "tt", scope, scope) != ST_OK)
		return ST_ERROR;
	rc = db_fetch_all(st, sizeof **out, reason_read, &v, n);
	if (rc != ST_OK) {
		reasons_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return ST_OK;
}

int store_reason_deactivate_all(struct db *db)
{
	struct db_stmt *st = db_stmt(db, "UPDATE reason_templates SET active = 0");

	return st ? db_run(st) : ST_ERROR;
}
