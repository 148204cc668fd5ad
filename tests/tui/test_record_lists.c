/* Lists never hide a row, against a real rosterd: the staff member
 * register with 300 more members paged through with PgDn and back with
 * PgUp (and with Ctrl-F / Ctrl-B on a vt100) shows every member exactly
 * once each way; after a new search the first row is shown and the
 * position line is right; the review queue's branch filter loads for HQ;
 * the confirmation of an action on one row names the row; a member's list
 * with the server stopped shows the error, not an empty list, and the
 * register's next page with the server stopped leaves the rows on screen
 * and says why in the foot. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui.h"
#include "fixture.h"
#include "roster/json.h"

#define MANY 300

static struct test_server ts;
static bool stopped;
static struct fx_member waiting;   /* 王一, BJ: at the branch stage */
static struct fx_member waiting2;  /* 张三, SH: at the branch stage */

/* MANY member accounts pg001 … pg300 straight into the database (through
 * the API they would take minutes of password hashing). */
static int add_many(void)
{
	char cmd[1400];

	snprintf(cmd, sizeof(cmd),
	         "sqlite3 '%s' \"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	         " WHERE i < %d) INSERT INTO accounts (username, username_key, email, mobile,"
	         " password_hash, role, member_type, created_at, updated_at, password_changed_at)"
	         " SELECT printf('pg%%03d', i), printf('pg%%03d', i), printf('pg%%03d@example.test', i),"
	         " printf('139%%08d', i), 'x', 'member', 'individual', 1, 1, 1 FROM n\"",
	         ts.db, MANY);
	return system(cmd) == 0 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	if (fx_member_submit(&ts, "wangyi", "王一", "BJ", "regular", &waiting) != 0 ||
	    fx_member_submit(&ts, "zhangsan", "张三", "SH", "regular", &waiting2) != 0)
		return -1;
	return add_many();
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&waiting);
	fx_member_free(&waiting2);
	if (!stopped)
		ts_stop(&ts);
	return 0;
}

/* The position line "a–b of n" on the screen: false when none is shown. */
static bool position(const char *screen, long *a, long *b, long *n)
{
	const char *p = screen;

	while ((p = strstr(p, " of ")) != NULL) {
		const char *q = p;

		while (q > screen && q[-1] != '\n')
			q--;
		if (sscanf(q, " %ld–%ld of %ld", a, b, n) == 3 ||
		    sscanf(q, " %ld-%ld of %ld", a, b, n) == 3)
			return true;
		p += 4;
	}
	return false;
}

/* Wait until the position line differs from (a, b); fills the new one
 * and returns the screen (caller frees). */
static char *wait_moved(struct tui *t, long *a, long *b, long *n)
{
	long long end = tui_now_ms() + TUI_TIMEOUT_MS;
	long na, nb, nn;
	char *screen;

	for (;;) {
		screen = tui_screen(t);
		if (position(screen, &na, &nb, &nn) && (na != *a || nb != *b)) {
			tui_settle(t, 100);
			free(screen);
			screen = tui_screen(t);
			if (position(screen, &na, &nb, &nn) && (na != *a || nb != *b))
				break;
		}
		if (tui_now_ms() > end)
			fail_msg("the position line did not move from %ld-%ld:\n%s", *a, *b, screen);
		free(screen);
		tui_settle_ms(50);
	}
	*a = na;
	*b = nb;
	*n = nn;
	return screen;
}

/* Count the pgNNN on the screen into seen[]. */
static void count(const char *screen, int *seen)
{
	const char *p = screen;
	int i;

	while ((p = strstr(p, "pg")) != NULL) {
		if (sscanf(p, "pg%3d", &i) == 1 && i >= 1 && i <= MANY && p[2] >= '0' && p[2] <= '9')
			seen[i]++;
		p += 2;
	}
}

static void expect_each_once(const int *seen, const char *way)
{
	for (int i = 1; i <= MANY; i++)
		if (seen[i] != 1)
			fail_msg("going %s, pg%03d was seen %d times", way, i, seen[i]);
}

/* Page to the end with key and back to the start with back. */
static void page_through(struct tui *t, const char *key, const char *back)
{
	int seen[MANY + 1] = { 0 };
	long a = -1, b = -1, n = 0;
	char *screen = wait_moved(t, &a, &b, &n);

	assert_int_equal(a, 1);
	assert_true(n >= MANY);
	count(screen, seen);
	free(screen);
	while (b < n) {
		tui_keys(t, key, NULL);
		screen = wait_moved(t, &a, &b, &n);
		count(screen, seen);
		free(screen);
	}
	expect_each_once(seen, "forward");
	memset(seen, 0, sizeof(seen));
	screen = tui_screen(t);
	count(screen, seen);
	free(screen);
	while (a > 1) {
		tui_keys(t, back, NULL);
		screen = wait_moved(t, &a, &b, &n);
		count(screen, seen);
		free(screen);
	}
	expect_each_once(seen, "back");
}

static void test_members_every_row(void **state)
{
	struct tui t;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "5", "Members"));
	page_through(&t, "NPage", "PPage");
	tui_stop(&t);
}

static void test_members_every_row_vt100(void **state)
{
	struct tui_opts o = { .term = "vt100" };
	struct tui t;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, &o), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "5", "Members"));
	TUI_WAIT(&t, "^F/^B pages");          /* the status line names the keys */
	page_through(&t, "C-f", "C-b");
	tui_stop(&t);
}

static void test_search_shows_first_row(void **state)
{
	struct tui t;
	long a = -1, b = -1, n = 0;
	char *screen;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "5", "Members"));
	free(wait_moved(&t, &a, &b, &n));
	/* far down the list first */
	for (int i = 0; i < 4; i++) {
		tui_keys(&t, "NPage", NULL);
		free(wait_moved(&t, &a, &b, &n));
	}
	assert_true(a > 50);
	tui_keys(&t, "/", NULL);
	tui_type(&t, "pg01");
	tui_keys(&t, "Enter", NULL);
	screen = wait_moved(&t, &a, &b, &n);
	assert_int_equal(a, 1);
	assert_int_equal(b, 10);
	assert_int_equal(n, 10);
	assert_non_null(strstr(screen, "pg010"));
	assert_non_null(strstr(screen, "pg019"));
	free(screen);
	tui_stop(&t);
}

static void test_queue_branch_filter_and_naming(void **state)
{
	struct tui t;
	char want[128];
	struct http_reply r;
	const char *first;

	(void)state;
	assert_int_equal(http_req(&ts, "GET", "/api/v1/orgs", NULL, NULL, &r), 0);
	first = json_str_or(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r.json, "items"), 0),
	                    "name_en", "");
	snprintf(want, sizeof(want), "Branch: %s", first);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	/* the administrator: approving is offered only to whoever may decide
	 * the branch stage */
	assert_true(tui_sign_in(&t, "admin", "Admin-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	TUI_WAIT(&t, "王一");
	tui_keys(&t, "b", NULL);
	TUI_WAIT(&t, want);
	http_reply_free(&r);
	/* back to every branch: 王一 again; "a" names the application */
	while (!tui_wait_for(&t, "Branch: All", 2000))
		tui_keys(&t, "b", NULL);
	TUI_WAIT(&t, "王一");
	tui_keys(&t, "a", NULL);
	snprintf(want, sizeof(want), "Approve #%lld 王一", (long long)waiting.app_id);
	TUI_WAIT(&t, want);
	tui_keys(&t, "Escape", NULL);
	TUI_GONE(&t, want);
	/* "*" marks every application under the filter; the confirmation
	 * names each */
	tui_keys(&t, "*", NULL);
	TUI_WAIT(&t, "Marked: 2.");
	TUI_WAIT(&t, "2 marked");
	tui_keys(&t, "a", NULL);
	TUI_WAIT(&t, "Approve 2 selected application(s)?");
	snprintf(want, sizeof(want), "#%lld 张三", (long long)waiting2.app_id);
	TUI_WAIT(&t, want);
	tui_keys(&t, "Escape", NULL);
	/* "-" drops the marks */
	tui_keys(&t, "-", NULL);
	TUI_GONE(&t, "2 marked");
	tui_stop(&t);
}

static void test_server_stopped_is_an_error(void **state)
{
	struct tui t, staff;
	char *tok = fx_register_as(&ts, "lister", FX_PASSWORD), *screen;
	long a = -1, b = -1, n = 0;
	int seen[MANY + 1] = { 0 }, shown = 0;

	(void)state;
	assert_non_null(tok);
	free(tok);
	/* HQ one screenful before the register's next page */
	assert_int_equal(tui_start(&staff, &ts, NULL), 0);
	assert_true(tui_sign_in(&staff, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&staff, "5", "Members"));
	free(wait_moved(&staff, &a, &b, &n));
	tui_keys(&staff, "NPage", NULL);
	free(wait_moved(&staff, &a, &b, &n));
	assert_int_equal(a, 19);
	assert_int_equal(b, 36);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "lister", FX_PASSWORD));
	ts_stop(&ts);
	stopped = true;
	/* the next page cannot come: the rows stay, the foot says why */
	tui_keys(&staff, "NPage", NULL);
	TUI_WAIT(&staff, "Cannot reach the server.");
	screen = tui_screen(&staff);
	assert_true(position(screen, &a, &b, &n));
	assert_int_equal(a, 19);
	assert_int_equal(b, 36);
	count(screen, seen);
	for (int i = 1; i <= MANY; i++)
		shown += seen[i];
	if (shown == 0)
		fail_msg("no row left on the screen:\n%s", screen);
	free(screen);
	tui_stop(&staff);
	assert_true(tui_menu(&t, "My orders"));
	TUI_WAIT(&t, "Cannot reach the server.");
	screen = tui_screen(&t);
	assert_null(strstr(screen, "Nothing here yet."));
	free(screen);
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, "Cannot reach the server.");
	screen = tui_screen(&t);
	assert_null(strstr(screen, "Nothing here yet."));
	free(screen);
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members_every_row),
		cmocka_unit_test(test_members_every_row_vt100),
		cmocka_unit_test(test_search_shows_first_row),
		cmocka_unit_test(test_queue_branch_filter_and_naming),
		cmocka_unit_test(test_server_stopped_is_an_error),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
