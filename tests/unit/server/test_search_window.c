/* store/search_window.c: a long search is looked up by the five
 * characters whose trigrams the fewest members hold, counted from a real
 * FTS5 trigram index; a short one, whole. */
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
#include "store/search_window.h"
#include "store/store.h"

static char tmpdir[] = "/tmp/roster-test-window-XXXXXX";
static char path[64];
static struct db *db;

/* the part of q search_window looks up; "" for the whole text */
static char *window_of(const char *q)
{
	static char out[64];
	size_t start = 99, len = search_window(db, q, &start);

	if (!len)
		return strcpy(out, "");
	assert_true(start + len <= strlen(q));
	snprintf(out, sizeof out, "%.*s", (int)len, q + start);
	return out;
}

static int setup(void **state)
{
	int rc;

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(path, sizeof path, "%s/window.db", tmpdir);
	db = db_open(path);
	if (!db)
		return -1;
	/* "yan", "ang" and "ing" in 200 texts and more, "iex" and "xiu" in
	 * two, 王小明 in two */
	rc = db_exec(db, "CREATE VIRTUAL TABLE member_search USING fts5(hay, tokenize = 'trigram');"
	                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
	                 " INSERT INTO member_search (rowid, hay)"
	                 " SELECT i, 'yang' || i || ' zhang' || i || ' ming' || i FROM n;"
	                 "INSERT INTO member_search (rowid, hay) VALUES"
	                 " (1001, 'yangjiexiuying'), (1002, 'liexiu'), (1003, '王小明 wangxiaoming'),"
	                 " (1004, '王小明')");
	return rc == ST_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	unlink(path);
	return rmdir(tmpdir);
}

static void test_pick(void **state)
{
	static const uint32_t c[] = { 9, 1, 1, 1, 9, 0, 0, 0, 5 };

	(void)state;
	assert_int_equal(search_window_pick(c, 9, 3), 5);   /* 0+0+0 */
	assert_int_equal(search_window_pick(c, 5, 3), 1);   /* 1+1+1 */
	assert_int_equal(search_window_pick(c, 3, 3), 0);   /* the only one */
	assert_int_equal(search_window_pick(c + 1, 3, 1), 0);   /* the earliest of equals */
	assert_int_equal(search_window_pick(c, 9, 1), 5);
}

static void test_windows(void **state)
{
	(void)state;
	/* short texts are looked up whole */
	assert_string_equal(window_of("yang"), "");
	assert_string_equal(window_of("angji"), "");
	/* the first five letters whose trigrams one text holds, not
	 * "yangj" ("yan" and "ang" are in 201 and 202) nor "uying" */
	assert_string_equal(window_of("yangjiexiuying"), "ngjie");
	/* ASCII case is folded as the index folds it */
	assert_string_equal(window_of("YANGJIEXIUYING"), "NGJIE");
	/* characters, not bytes: 小明w and 明wa are in no text, wan in one */
	assert_string_equal(window_of("王小明wangxiao"), "小明wan");
	/* trigrams no text holds count 0: the window takes them */
	assert_string_equal(window_of("yangzzzang"), "ngzzz");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_windows),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
