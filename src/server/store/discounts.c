/* Fee reductions and exemptions (see discounts.h). */
#include <stdlib.h>
#include <string.h>
#include "store/db.h"
#include "store/discounts.h"
#include "store/rows.h"

int store_order_reduce(struct db *db, int64_t order_id, int64_t new_amount,
                       const char *reason, int64_t by)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE orders SET discount = discount + (amount - ?1), amount = ?1,"
		" discount_reason = ?2, discount_by = ?3, version = version + 1, updated_at = ?4"
		" WHERE id = ?5 AND status = 'unpaid' AND ?1 > 0 AND ?1 < amount");
	int rc;

	if (!st || db_bind(st, "itiii", new_amount, reason, by, store_now(), order_id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	if (db_changes(db) == 0)
		return ST_CONFLICT;
	st = db_stmt(db, "UPDATE invoices SET amount = ?, updated_at = ?"
	                 " WHERE order_id = ? AND status = 'requested'");
	if (!st || db_bind(st, "iii", new_amount, store_now(), order_id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_order_exempt(struct db *db, int64_t order_id, const char *reason, int64_t by)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE orders SET discount = discount + amount, discount_reason = ?,"
		" discount_by = ?, version = version + 1, updated_at = ?"
		" WHERE id = ? AND status = 'unpaid'");
	int rc;

	if (!st || db_bind(st, "tiii", reason, by, store_now(), order_id) != ST_OK)
		return ST_ERROR;
	if ((rc = db_run(st)) != ST_OK)
		return rc;
	return db_changes(db) > 0 ? ST_OK : ST_CONFLICT;
}

int store_order_discount(struct db *db, int64_t order_id, struct order_discount *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT discount, discount_reason, COALESCE(discount_by, 0) FROM orders WHERE id = ?");
	int rc;

	memset(out, 0, sizeof *out);
	if (!st || db_bind(st, "i", order_id) != ST_OK)
		return ST_ERROR;
	rc = db_row(st);
	if (rc == 1) {
		out->discount = db_col_int(st, 0);
		out->reason = db_col_text(st, 1);
		out->by = db_col_int(st, 2);
	}
	db_reset(st);
	return rc == 1 ? ST_OK : rc == 0 ? ST_NOTFOUND : ST_ERROR;
}

struct discount_row {
	int64_t order_id;
	struct order_discount d;
};

static void discount_read(struct db_stmt *st, void *row)
{
	struct discount_row *r = row;

	r->order_id = db_col_int(st, 0);
	r->d.discount = db_col_int(st, 1);
	r->d.reason = db_col_text(st, 2);
	r->d.by = db_col_int(st, 3);
}

int store_order_discounts(struct db *db, const int64_t *order_ids, size_t n,
                          void (*fn)(int64_t order_id, const struct order_discount *d, void *),
                          void *arg)
{
	struct discount_row *rows = NULL;
	size_t k = 0;
	int rc = db_fetch_all_ids(db, "SELECT id, discount, discount_reason, COALESCE(discount_by, 0)"
	                              " FROM orders WHERE id IN (" DB_IDS ")",
	                          order_ids, n, sizeof *rows, discount_read, (void **)&rows, &k);

	for (size_t i = 0; i < k; i++) {
		if (rc == ST_OK)
			fn(rows[i].order_id, &rows[i].d, arg);
		free(rows[i].d.reason);
	}
	free(rows);
	return rc;
}
