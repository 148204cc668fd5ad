/* invoices table, and the rules of an invoice request. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "assoc_time.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/validate.h"
#include "roster/xalloc.h"
#include "config.h"
#include "server.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/invoices.h"

void invoice_fields_free(struct invoice_fields *f)
{
	if (!f)
		return;
	free(f->title_type);
	free(f->title);
	free(f->tax_no);
	free(f->kind);
	free(f->address);
	free(f->phone);
	free(f->bank);
	free(f->bank_account);
	free(f->email);
	memset(f, 0, sizeof *f);
}

void invoice_free(struct invoice *inv)
{
	if (!inv)
		return;
	invoice_fields_free(&inv->f);
	free(inv->invoice_no);
	free(inv->order_no);
	free(inv->order_status);
	free(inv->status_reason);
	memset(inv, 0, sizeof *inv);
}

/* ---------------------------------------------------------------- rules */

static void field_err(cJSON *errs, const char *prefix, const char *field, const char *why)
{
	char key[64];

	snprintf(key, sizeof key, "%s%s", prefix, field);
	if (!cJSON_GetObjectItemCaseSensitive(errs, key))
		json_add_str(errs, key, why);
}

/* A trimmed copy of a string field; NULL when absent or blank. A value of the
 * wrong type is reported. */
static char *text_field(const cJSON *in, const char *prefix, const char *name, cJSON *errs)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, name);
	const char *s, *e;

	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v)) {
		field_err(errs, prefix, name, _("Must be text."));
		return NULL;
	}
	s = v->valuestring;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return e > s ? xstrndup(s, (size_t)(e - s)) : NULL;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* Required (or optional) text of at most max characters, no control
 * characters. */
static void check_text(char *s, bool required, size_t max, const char *prefix,
                       const char *name, cJSON *errs)
{
	if (!s) {
		if (required)
			field_err(errs, prefix, name, _("Required."));
		return;
	}
	if (utf8_chars(s) > max)
		field_err(errs, prefix, name, _("Too long."));
	else if (has_control(s))
		field_err(errs, prefix, name, _("Contains characters that are not allowed."));
}

/* 税号: a unified social credit code (18 characters with its check
 * character), or an older tax number of 15 to 20 letters and digits. */
static const char *tax_no_problem(char *s)
{
	size_t n = strlen(s);

	for (char *p = s; *p; p++) {
		if (!isalnum((unsigned char)*p))
			return N_("Use only letters and digits.");
		*p = (char)toupper((unsigned char)*p);
	}
	if (n < 15 || n > 20)
		return N_("A tax number has 15 to 20 letters and digits.");
	if (n == 18)
		return val_uscc(s);
	return NULL;
}

static bool phone_ok(const char *s)
{
	size_t digits = 0;

	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (!strchr("+-() ", *s))
			return false;
	}
	return digits >= 5 && digits <= 20;
}

static bool account_ok(const char *s)
{
	size_t digits = 0;

	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (*s != ' ' && *s != '-')
			return false;
	}
	return digits >= 6 && digits <= 40;
}

bool invoice_fields_parse(const cJSON *in, const char *prefix, struct invoice_fields *out,
                          cJSON *errs)
{
	int before = cJSON_GetArraySize(errs);
	bool org, special;
	const char *why;

	memset(out, 0, sizeof *out);
	if (!cJSON_IsObject(in)) {
		field_err(errs, prefix, "title_type", _("Required."));
		return false;
	}
	out->title_type = text_field(in, prefix, "title_type", errs);
	out->title = text_field(in, prefix, "title", errs);
	out->tax_no = text_field(in, prefix, "tax_no", errs);
	out->kind = text_field(in, prefix, "kind", errs);
	out->address = text_field(in, prefix, "address", errs);
	out->phone = text_field(in, prefix, "phone", errs);
	out->bank = text_field(in, prefix, "bank", errs);
	out->bank_account = text_field(in, prefix, "account", errs);
	out->email = text_field(in, prefix, "email", errs);

	if (!out->title_type)
		field_err(errs, prefix, "title_type", _("Required."));
	else if (strcmp(out->title_type, "personal") != 0 &&
	         strcmp(out->title_type, "organisation") != 0)
		field_err(errs, prefix, "title_type", _("Choose personal or organisation."));
	org = out->title_type && strcmp(out->title_type, "organisation") == 0;

	/* the kinds are the association's choice (documents.kinds): the dues
	 * receipt by default, VAT fapiao where it offers them */
	if (!out->kind)
		out->kind = xstrdup(g_cfg && g_cfg->doc_default ? g_cfg->doc_default : "dues_receipt");
	if (strcmp(out->kind, "dues_receipt") != 0 && strcmp(out->kind, "normal") != 0 &&
	    strcmp(out->kind, "special") != 0)
		field_err(errs, prefix, "kind", _("Unknown kind of document."));
	else if (g_cfg && !config_list_has(g_cfg->doc_kinds, out->kind))
		field_err(errs, prefix, "kind",
		          _("The association does not issue this kind of document."));
	special = strcmp(out->kind, "special") == 0;
	if (special && out->title_type && !org)
		field_err(errs, prefix, "kind",
		          _("A special VAT invoice is only issued to an organisation."));

	check_text(out->title, true, 100, prefix, "title", errs);
	if (out->tax_no) {
		if ((why = tax_no_problem(out->tax_no)))
			field_err(errs, prefix, "tax_no", _(why));
	} else if (org) {
		field_err(errs, prefix, "tax_no", _("An organisation needs its tax number."));
	}
	if (special) {
		check_text(out->address, true, 200, prefix, "address", errs);
		check_text(out->bank, true, 100, prefix, "bank", errs);
		if (!out->phone)
			field_err(errs, prefix, "phone", _("Required."));
		else if (!phone_ok(out->phone))
			field_err(errs, prefix, "phone", _("Not a valid telephone number."));
		if (!out->bank_account)
			field_err(errs, prefix, "account", _("Required."));
		else if (!account_ok(out->bank_account))
			field_err(errs, prefix, "account", _("Not a valid bank account number."));
	} else {
		/* a normal invoice carries none of them */
		xfree(&out->address);
		xfree(&out->phone);
		xfree(&out->bank);
		xfree(&out->bank_account);
	}
	if (!out->email)
		field_err(errs, prefix, "email", _("Required."));
	else if ((why = val_email(out->email)))
		field_err(errs, prefix, "email", _(why));

	if (cJSON_GetArraySize(errs) != before) {
		invoice_fields_free(out);
		return false;
	}
	return true;
}

/* ---------------------------------------------------------------- table */

#define INVOICE_COLS "i.id, i.order_id, i.account_id, i.status, i.title_type, i.title," \
                     " i.tax_no, i.kind, i.address, i.phone, i.bank, i.bank_account," \
                     " i.email, i.amount, i.invoice_no, length(i.file), i.requested_at," \
                     " i.updated_at, i.issued_at, o.order_no, o.status, i.status_reason," \
                     " (SELECT COUNT(*) FROM invoice_voids v WHERE v.invoice_id = i.id)"

static void invoice_read(struct db_stmt *st, void *row)
{
	struct invoice *inv = row;
	const char *s;

	memset(inv, 0, sizeof *inv);
	inv->id = db_col_int(st, 0);
	inv->order_id = db_col_int(st, 1);
	inv->account_id = db_col_int(st, 2);
	s = db_col_ctext(st, 3);
	snprintf(inv->status, sizeof inv->status, "%s", s ? s : "");
	inv->f.title_type = db_col_text(st, 4);
	inv->f.title = db_col_text(st, 5);
	inv->f.tax_no = db_col_text(st, 6);
	inv->f.kind = db_col_text(st, 7);
	inv->f.address = db_col_text(st, 8);
	inv->f.phone = db_col_text(st, 9);
	inv->f.bank = db_col_text(st, 10);
	inv->f.bank_account = db_col_text(st, 11);
	inv->f.email = db_col_text(st, 12);
	inv->amount = db_col_int(st, 13);
	inv->invoice_no = db_col_text(st, 14);
	inv->file_size = db_col_int(st, 15);
	inv->requested_at = db_col_int(st, 16);
	inv->updated_at = db_col_int(st, 17);
	inv->issued_at = db_col_int(st, 18);
	inv->order_no = db_col_text(st, 19);
	inv->order_status = db_col_text(st, 20);
	inv->status_reason = db_col_text(st, 21);
	inv->voids = db_col_int(st, 22);
}

int store_invoice_insert(struct db *db, int64_t order_id, int64_t account_id, int64_t amount,
                         const struct invoice_fields *f, int64_t *id)
{
	int64_t now = store_now();
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO invoices (order_id, account_id, status, title_type, title, tax_no, kind,"
		" address, phone, bank, bank_account, email, amount, requested_at, updated_at)"
		" VALUES (?, ?, 'requested', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st || db_bind(st, "iitttttttttiii", order_id, account_id, f->title_type, f->title,
	                   f->tax_no, f->kind, f->address, f->phone, f->bank, f->bank_account,
	                   f->email, amount, now, now) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) == ST_OK)
		*id = db_last_id(db);
	return rc;
}

int store_invoice_get(struct db *db, int64_t id, struct invoice *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " INVOICE_COLS " FROM invoices i"
	                               " JOIN orders o ON o.id = i.order_id WHERE i.id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, invoice_read);
}

int store_invoices_by_orders(struct db *db, const int64_t *order_ids, size_t n,
                             void (*fn)(const struct invoice *, void *), void *arg)
{
	struct invoice *rows = NULL;
	size_t k = 0;
	int rc = db_fetch_all_ids(db, "SELECT " INVOICE_COLS " FROM invoices i"
	                              " JOIN orders o ON o.id = i.order_id WHERE i.order_id IN (" DB_IDS ")",
	                          order_ids, n, sizeof *rows, invoice_read, (void **)&rows, &k);

	for (size_t i = 0; i < k; i++) {
		if (rc == ST_OK)
			fn(&rows[i], arg);
		invoice_free(&rows[i]);
	}
	free(rows);
	return rc;
}

int store_invoice_update(struct db *db, int64_t id, const struct invoice_fields *f)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE invoices SET title_type = ?, title = ?, tax_no = ?, kind = ?, address = ?,"
		" phone = ?, bank = ?, bank_account = ?, email = ?, updated_at = ?,"
		" status = 'requested', status_reason = NULL"
		" WHERE id = ? AND status IN ('requested', 'rejected')");
	int rc;

	if (!st || db_bind(st, "tttttttttii", f->title_type, f->title, f->tax_no, f->kind,
	                   f->address, f->phone, f->bank, f->bank_account, f->email,
	                   store_now(), id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}

int store_invoice_issue(struct db *db, int64_t id, const char *invoice_no,
                        const void *file, size_t len, const char *sha256_hex,
                        int64_t issuer)
{
	int64_t now = store_now();
	struct db_stmt *st;
	int rc;

	struct db_stmt *used;

	/* a number is given once, also when the invoice holding it was voided */
	used = db_stmt(db, "SELECT 1 FROM invoice_voids WHERE invoice_no = ?");
	if (!used || db_bind(used, "t", invoice_no) != ST_OK)
		return ST_ERROR;
	rc = db_row(used);
	db_reset(used);
	if (rc < 0)
		return ST_ERROR;
	if (rc == 1)
		return ST_EXISTS;
	st = db_stmt(db,
		"UPDATE invoices SET status = 'issued', invoice_no = ?, file = ?, file_sha256 = ?,"
		" issued_at = ?, issued_by = ?, updated_at = ?, status_reason = NULL"
		" WHERE id = ? AND status = 'requested'");
	if (!st || db_bind(st, "tbtiiii", invoice_no, file, len, sha256_hex, now, issuer, now,
	                   id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}

int store_invoice_reject(struct db *db, int64_t id, const char *reason)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE invoices SET status = 'rejected', status_reason = ?, updated_at = ?"
		" WHERE id = ? AND status = 'requested'");
	int rc;

	if (!st || db_bind(st, "tii", reason, store_now(), id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}

int store_invoice_void(struct db *db, int64_t id, int64_t actor, const char *reason)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO invoice_voids (invoice_id, invoice_no, file, file_sha256, issued_at,"
		" issued_by, voided_at, voided_by, reason)"
		" SELECT id, invoice_no, file, file_sha256, issued_at, issued_by, ?, ?, ?"
		" FROM invoices WHERE id = ? AND status = 'issued'");
	int64_t now = store_now();
	int rc;

	if (!st || db_bind(st, "iiti", now, actor, reason, id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	if (db_changes(db) != 1)
		return ST_CONFLICT;
	st = db_stmt(db,
		"UPDATE invoices SET status = 'requested', invoice_no = NULL, file = NULL,"
		" file_sha256 = NULL, issued_at = NULL, issued_by = NULL, status_reason = ?,"
		" updated_at = ? WHERE id = ? AND status = 'issued'");
	if (!st || db_bind(st, "tii", reason, now, id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	return db_changes(db) == 1 ? ST_OK : ST_CONFLICT;
}

int store_invoice_cancel_for_order(struct db *db, int64_t order_id)
{
	struct db_stmt *st = db_stmt(db, "UPDATE invoices SET status = 'cancelled', updated_at = ?"
	                               " WHERE order_id = ? AND status = 'requested'");

	if (!st || db_bind(st, "ii", store_now(), order_id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_invoice_reopen_for_order(struct db *db, int64_t order_id)
{
	struct db_stmt *st = db_stmt(db, "UPDATE invoices SET status = 'requested', updated_at = ?"
	                               " WHERE order_id = ? AND status = 'cancelled'");

	if (!st || db_bind(st, "ii", store_now(), order_id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_invoice_file(struct db *db, int64_t id, void **data, size_t *len)
{
	struct db_stmt *st = db_stmt(db, "SELECT file FROM invoices WHERE id = ?"
	                               " AND status = 'issued' AND file IS NOT NULL");
	int rc;

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc <= 0)
		return rc < 0 ? ST_ERROR : ST_NOTFOUND;
	db_col_blob(st, 0, data, len);
	db_reset(st);
	return ST_OK;
}

/* [start, end) unix seconds of a year of the association's calendar. */
static void year_bounds(int year, int64_t *start, int64_t *end)
{
	*start = assoc_day_time(year, 1, 1, 0);
	*end = assoc_day_time(year + 1, 1, 1, 0);
}

int store_invoice_list(struct db *db, const struct invoice_filter *f, int limit, int offset,
                       void (*fn)(const struct invoice *, void *), void *arg, int64_t *total)
{
	int64_t from = 0, to = INT64_MAX;
	struct db_stmt *st;
	struct invoice inv;
	int rc;

	if (f->year)
		year_bounds(f->year, &from, &to);
#define INVOICE_WHERE " FROM invoices i JOIN orders o ON o.id = i.order_id" \
	" WHERE (?1 = 0 OR i.account_id = ?1) AND (?2 IS NULL OR i.status = ?2)" \
	" AND i.requested_at >= ?3 AND i.requested_at < ?4" \
	" AND (?5 = 0 OR o.status = 'paid') AND (?6 = 0 OR EXISTS (SELECT 1 FROM members ms" \
	" WHERE ms.account_id = i.account_id AND ms.org_id = ?6) OR EXISTS (SELECT 1" \
	" FROM member_branches mb WHERE mb.account_id = i.account_id AND mb.org_id = ?6))"
	st = db_stmt(db, "SELECT COUNT(*)" INVOICE_WHERE);
	if (!st || db_bind(st, "itiidi", f->account_id, f->status, from, to,
	                   f->paid_only ? 1 : 0, f->org_id) != ST_OK)
		return ST_ERROR;
	if (db_row(st) != 1)
		return ST_ERROR;
	*total = db_col_int(st, 0);
	db_reset(st);
	st = db_stmt(db, "SELECT " INVOICE_COLS INVOICE_WHERE
	                 " ORDER BY i.requested_at DESC, i.id DESC LIMIT ?7 OFFSET ?8");
#undef INVOICE_WHERE
	if (!st || db_bind(st, "itiididd", f->account_id, f->status, from, to,
	                   f->paid_only ? 1 : 0, f->org_id, limit, offset) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		invoice_read(st, &inv);
		fn(&inv, arg);
		invoice_free(&inv);
	}
	return rc < 0 ? ST_ERROR : ST_OK;
}
