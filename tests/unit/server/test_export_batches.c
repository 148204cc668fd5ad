/* store/staff_queries.c, staff_members_batch: the export's batches give
 * every member matching the filters once, in the register's order
 * (numbered by number, then the rest by account), whether the caller
 * counted the matches first (few: read through the search's index) or
 * not, and when more match by the time they are read than were counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/db.h"
#include "store/staff_queries.h"
#include "store/store.h"

static char tmpdir[] = "/tmp/roster-test-export-XXXXXX";
static char path[80];
static struct db *db;
/* the accounts holding "zqx", in the register's order: two numbered
 * (M2026000001 for the later account), then three without a number */
static int64_t want[5];

static int64_t account(const char *username)
{
	char sql[512];

	snprintf(sql, sizeof sql,
	         "INSERT INTO accounts (username, username_key, email, password_hash, role,"
	         " member_type, status, created_at, updated_at, password_changed_at)"
	         " VALUES ('%s', '%s', '%s@example.cn', 'x', 'member', 'individual', 'active',"
	         " 1, 1, 1)", username, username, username);
	if (db_exec(db, sql) != ST_OK)
		return 0;
	return db_last_id(db);
}

static int numbered(int64_t id, const char *no)
{
	char sql[512];

	snprintf(sql, sizeof sql,
	         "INSERT INTO members (account_id, member_type, status, member_no, valid_until,"
	         " name, created_at, updated_at)"
	         " VALUES (%lld, 'individual', 'active', '%s', '2099-12-31', NULL, 1, 1)",
	         (long long)id, no);
	return db_exec(db, sql);
}

static int setup(void **state)
{
	int64_t ids[5];
	char name[32];

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(path, sizeof path, "%s/export.db", tmpdir);
	db = db_open(path);
	if (!db || store_migrate(db, NULL) != ST_OK)
		return -1;
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "other%d", i);
		if (!account(name))
			return -1;
		snprintf(name, sizeof name, "zqxmember%d", i);
		if (!(ids[i] = account(name)))
			return -1;
	}
	if (numbered(ids[3], "M2026000001") != ST_OK || numbered(ids[1], "M2026000002") != ST_OK)
		return -1;
	want[0] = ids[3];
	want[1] = ids[1];
	want[2] = ids[0];
	want[3] = ids[2];
	want[4] = ids[4];
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	unlink(path);
	snprintf(path, sizeof path, "%s/export.db-wal", tmpdir);
	unlink(path);
	snprintf(path, sizeof path, "%s/export.db-shm", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return 0;
}

struct got {
	int64_t ids[16];
	int n;
};

static void take(const struct member_row *r, void *arg)
{
	struct got *g = arg;

	if (g->n < 16)
		g->ids[g->n] = r->account_id;
	g->n++;
}

/* Every batch to the end, limit rows each; the calls it took. */
static int export_all(struct member_key *key, int limit, struct got *g)
{
	struct member_query q = { .q = "zqx", .today = "2026-12-08", .grace_days = 30 };
	int calls = 0;

	memset(g, 0, sizeof *g);
	while (key->at != MEMBER_KEY_END) {
		assert_int_equal(staff_members_batch(db, &q, key, limit, take, g), ST_OK);
		assert_true(++calls < 20);
	}
	free(key->member_no);
	return calls;
}

static void assert_all_once(const struct got *g)
{
	assert_int_equal(g->n, 5);
	for (int i = 0; i < 5; i++)
		if (g->ids[i] != want[i])
			fail_msg("row %d is account %lld, the register has %lld there", i + 1,
			         (long long)g->ids[i], (long long)want[i]);
}

/* Not counted: the register is walked, two members at a time. */
static void test_walked(void **state)
{
	struct member_key key = { 0 };
	struct got g;

	(void)state;
	export_all(&key, 2, &g);
	assert_all_once(&g);
}

/* Counted five, and five there are: one statement reads them all. */
static void test_few_at_once(void **state)
{
	struct member_key key = { .counted = true, .matched = 5 };
	struct got g;

	(void)state;
	assert_int_equal(export_all(&key, 10, &g), 1);
	assert_all_once(&g);
}

/* Counted none, but five match by the time they are read: the first page
 * comes back full and the walk goes on after its last row, so none is
 * left out and none comes twice. */
static void test_more_than_counted(void **state)
{
	struct member_key key = { .counted = true, .matched = 0 };
	struct got g;

	(void)state;
	assert_true(export_all(&key, 2, &g) > 1);
	assert_all_once(&g);
	key = (struct member_key){ .counted = true, .matched = 1 };
	export_all(&key, 3, &g);
	assert_all_once(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walked),
		cmocka_unit_test(test_few_at_once),
		cmocka_unit_test(test_more_than_counted),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
