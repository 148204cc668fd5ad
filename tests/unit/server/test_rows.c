/* store/rows.c: one row and every row into structs, fixed-size and blob
 * columns, and the yearly numbering series (receipts, certificates). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/db.h"
#include "store/rows.h"
#include "store/store.h"

struct thing {
	int64_t id;
	char code[6];        /* cut to fit: "ABCDEFG" reads as "ABCDE" */
	char *name;
};

static char tmpdir[] = "/tmp/roster-test-rows-XXXXXX";
static char path[64];
static struct db *db;

static void thing_read(struct db_stmt *st, void *row)
{
	struct thing *t = row;

	t->id = db_col_int(st, 0);
	db_col_copy(st, 1, t->code, sizeof t->code);
	t->name = db_col_text(st, 2);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(path, sizeof path, "%s/rows.db", tmpdir);
	db = db_open(path);
	if (!db)
		return -1;
	return db_exec(db, "CREATE TABLE things (id INTEGER PRIMARY KEY, code TEXT, name TEXT,"
	                   " data BLOB);"
	                   "INSERT INTO things VALUES (1, 'ABCDEFG', '甲', x'00ff10'),"
	                   " (2, NULL, NULL, NULL), (3, 'C', 'three', x'');"
	                   "CREATE TABLE certs (cert_no TEXT)") == ST_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	unlink(path);
	return rmdir(tmpdir);
}

static void test_fetch_one(void **state)
{
	struct db_stmt *st = db_stmt(db, "SELECT id, code, name FROM things WHERE id = ?");
	struct thing t;

	(void)state;
	assert_int_equal(db_bind(st, "i", (int64_t)1), ST_OK);
	assert_int_equal(db_fetch_one(st, &t, sizeof t, thing_read), ST_OK);
	assert_int_equal(t.id, 1);
	assert_string_equal(t.code, "ABCDE");
	assert_string_equal(t.name, "甲");
	free(t.name);

	st = db_stmt(db, "SELECT id, code, name FROM things WHERE id = ?");
	assert_int_equal(db_bind(st, "i", (int64_t)2), ST_OK);
	assert_int_equal(db_fetch_one(st, &t, sizeof t, thing_read), ST_OK);
	assert_string_equal(t.code, "");   /* NULL reads as empty */
	assert_null(t.name);

	/* none: ST_NOTFOUND, and out is left as it was */
	t.id = 42;
	st = db_stmt(db, "SELECT id, code, name FROM things WHERE id = ?");
	assert_int_equal(db_bind(st, "i", (int64_t)99), ST_OK);
	assert_int_equal(db_fetch_one(st, &t, sizeof t, thing_read), ST_NOTFOUND);
	assert_int_equal(t.id, 42);
}

static void test_fetch_all(void **state)
{
	struct db_stmt *st = db_stmt(db, "SELECT id, code, name FROM things WHERE id >= ? ORDER BY id");
	void *v;
	struct thing *t;
	size_t n;

	(void)state;
	assert_int_equal(db_bind(st, "i", (int64_t)1), ST_OK);
	assert_int_equal(db_fetch_all(st, sizeof *t, thing_read, &v, &n), ST_OK);
	t = v;
	assert_int_equal(n, 3);
	assert_int_equal(t[0].id, 1);
	assert_int_equal(t[1].id, 2);
	assert_int_equal(t[2].id, 3);
	assert_string_equal(t[2].code, "C");
	assert_string_equal(t[2].name, "three");
	for (size_t i = 0; i < n; i++)
		free(t[i].name);
	free(v);

	st = db_stmt(db, "SELECT id, code, name FROM things WHERE id >= ? ORDER BY id");
	assert_int_equal(db_bind(st, "i", (int64_t)100), ST_OK);
	assert_int_equal(db_fetch_all(st, sizeof *t, thing_read, &v, &n), ST_OK);
	assert_null(v);
	assert_int_equal(n, 0);
}

static void test_col_blob(void **state)
{
	struct db_stmt *st = db_stmt(db, "SELECT data FROM things WHERE id = ?");
	void *data;
	size_t len;

	(void)state;
	assert_int_equal(db_bind(st, "i", (int64_t)1), ST_OK);
	assert_int_equal(db_row(st), 1);
	db_col_blob(st, 0, &data, &len);
	db_reset(st);
	assert_int_equal(len, 3);
	assert_memory_equal(data, "\x00\xff\x10", 3);
	free(data);
}

static void test_yearly_no(void **state)
{
	static const char max_sql[] =
		"SELECT MAX(cert_no) FROM certs WHERE cert_no >= ? AND cert_no < ?";
	char no[32];

	(void)state;
	assert_int_equal(db_next_yearly_no(db, max_sql, 'C', 2026, no), ST_OK);
	assert_string_equal(no, "C2026000001");
	/* the highest of that year counts; other years and letters do not */
	assert_int_equal(db_exec(db, "INSERT INTO certs VALUES ('C2026000041'), ('C2026000007'),"
	                             " ('C2027000100'), ('D2026000500')"), ST_OK);
	assert_int_equal(db_next_yearly_no(db, max_sql, 'C', 2026, no), ST_OK);
	assert_string_equal(no, "C2026000042");
	assert_int_equal(db_next_yearly_no(db, max_sql, 'C', 2025, no), ST_OK);
	assert_string_equal(no, "C2025000001");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fetch_one),
		cmocka_unit_test(test_fetch_all),
		cmocka_unit_test(test_col_blob),
		cmocka_unit_test(test_yearly_no),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
