/* Staff accounts and the audit log in the staff console, against a real
 * rosterd: an admin creates a branch officer (who can then sign in with
 * the password the admin typed), gives it a generated password, disables
 * it, after which the officer's open session is refused; the audit log,
 * filtered by action, shows the change with before → after and opens the
 * row in full. Headquarters staff are not offered the two screens. */
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

#define OFFICER "gz_clerk"
#define OFFICER_PW "Clerk-Pass-2026"

static struct test_server ts;

static int setup(void **state)
{
	(void)state;
	return ts_start(&ts, NULL);
}

static int teardown(void **state)
{
	(void)state;
	ts_stop(&ts);
	return 0;
}

/* The staff account called name as GET /staff/accounts has it. */
static cJSON *account(const char *name)
{
	char *admin = ts_login(&ts, "admin", "Admin-Demo-2026"), path[128];
	cJSON *l, *out = NULL;
	const cJSON *it;

	assert_non_null(admin);
	snprintf(path, sizeof(path), "/api/v1/staff/accounts?q=%s", name);
	l = fx_call(&ts, "GET", path, admin, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(l, "items"))
		if (!strcmp(json_str_or(it, "username", ""), name))
			out = cJSON_Duplicate(it, 1);
	cJSON_Delete(l);
	free(admin);
	return out;
}

static long me_status(const char *token)
{
	struct http_reply r;
	long st;

	assert_int_equal(http_req(&ts, "GET", "/api/v1/me", token, NULL, &r), 0);
	st = r.status;
	http_reply_free(&r);
	return st;
}

/* The generated password on the screen (xxxx-xxxx-xxxx), cut out of
 * screen; NULL when there is none. */
static char *find_generated(char *screen)
{
	for (char *p = screen; *p; p++) {
		bool ok = true;

		for (int i = 0; i < 14 && ok; i++)
			ok = (i == 4 || i == 9) ? p[i] == '-' : (p[i] && strchr(
				"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", p[i]));
		if (ok && (p == screen || p[-1] == ' ') && (p[14] == ' ' || p[14] == '\n' || !p[14])) {
			p[14] = '\0';
			return p;
		}
	}
	return NULL;
}

static void test_create_disable_audit(void **state)
{
	struct tui *t = tui_current();
	char *officer, *screen, *generated;
	cJSON *acc;

	(void)state;
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "admin", "Admin-Demo-2026"));
	assert_true(tui_open(t, "9", "Staff accounts"));
	TUI_WAIT(t, "bj_staff");
	TUI_WAIT(t, "branch staff");

	/* a new branch officer for the first branch */
	tui_keys(t, "n", NULL);
	TUI_WAIT(t, "New staff account");
	TUI_WAIT(t, "[ Generate ]");
	tui_type(t, OFFICER);
	tui_keys(t, "Tab", NULL);
	tui_type(t, OFFICER "@example.test");
	tui_keys(t, "Tab", "Tab", "Tab", "Right", "Tab", NULL);   /* role as it is; branch: BJ */
	tui_type(t, OFFICER_PW);
	tui_keys(t, "Enter", NULL);          /* Enter on the last field creates it */
	TUI_WAIT(t, "The account " OFFICER " was created.");
	TUI_WAIT(t, OFFICER_PW);
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, OFFICER);

	/* stored as typed: the officer signs in, in their branch */
	acc = account(OFFICER);
	assert_non_null(acc);
	assert_string_equal(json_str_or(acc, "role", ""), "branch_staff");
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(acc, "org"), "code", ""), "BJ");
	cJSON_Delete(acc);
	officer = ts_login(&ts, OFFICER, OFFICER_PW);
	assert_non_null(officer);
	assert_int_equal(me_status(officer), 200);

	/* the officer's row, its detail under the list */
	tui_keys(t, "/", NULL);
	tui_type(t, OFFICER);
	tui_keys(t, "Enter", NULL);
	TUI_GONE(t, "bj_staff");
	TUI_WAIT(t, "Last login");

	/* a taken username is refused, and says which field */
	tui_keys(t, "n", NULL);
	TUI_WAIT(t, "New staff account");
	tui_type(t, OFFICER);
	tui_keys(t, "Tab", NULL);
	tui_type(t, "other@example.test");
	tui_keys(t, "Tab", "Tab", "Right", "Tab", "Tab", NULL);   /* headquarters staff */
	tui_type(t, "Other-Pass-2026");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "This is taken.");
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "Staff accounts");

	/* a generated password; the old session ends */
	tui_keys(t, "w", NULL);
	TUI_WAIT(t, "Set a new password");
	tui_keys(t, "Tab", "Tab", "Enter", "BTab", "Enter", NULL);  /* generate, set */
	TUI_WAIT(t, "The password of " OFFICER " is now:");
	screen = tui_screen(t);
	generated = find_generated(screen);
	assert_non_null(generated);
	generated = strdup(generated);
	free(screen);
	assert_int_equal(me_status(officer), 401);
	free(officer);
	officer = ts_login(&ts, OFFICER, generated);
	assert_non_null(officer);
	tui_keys(t, "Enter", NULL);

	/* disabled: the open session is refused at once */
	TUI_WAIT(t, "o disable");
	tui_keys(t, "o", NULL);
	TUI_WAIT(t, "Disable " OFFICER " (branch staff)?");
	tui_keys(t, "y", NULL);
	TUI_WAIT(t, "The account was disabled; its sessions ended.");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Disabled");
	TUI_WAIT(t, "o enable");
	assert_int_equal(me_status(officer), 401);
	assert_null(ts_login(&ts, OFFICER, generated));
	free(generated);
	free(officer);

	/* the audit log: the change with before and after */
	tui_keys(t, "Escape", NULL);
	assert_true(tui_open(t, "u", "Audit log"));
	TUI_WAIT(t, "Every entry");
	TUI_WAIT(t, "account.disable");
	tui_keys(t, "f", NULL);
	TUI_WAIT(t, "Filter the audit log");
	tui_type(t, "ADMIN");                /* any case */
	tui_keys(t, "Tab", "Tab", "Tab", "Tab", NULL);
	tui_type(t, "account.");
	tui_keys(t, "Tab", "Tab", "Tab", "Enter", NULL);
	TUI_WAIT(t, "who: ADMIN");
	TUI_WAIT(t, "action: account.");
	TUI_WAIT(t, "account.create");
	TUI_WAIT(t, "account.disable");
	assert_false(tui_wait_for(t, "login", 300));
	tui_keys(t, "Home", "Enter", NULL);    /* the newest: the disable */
	TUI_WAIT(t, "[ account.disable ]");
	TUI_WAIT(t, "status");
	TUI_WAIT(t, "active \xe2\x86\x92 disabled");
	TUI_WAIT(t, "admin (admin,");
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "account.create");
	assert_true(tui_quit(t));
	tui_stop(t);
}

static void test_hq_is_not_offered(void **state)
{
	struct tui *t = tui_current();
	char *screen;

	(void)state;
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "hq", "Hq-Demo-2026"));
	TUI_WAIT(t, "Message members");
	screen = tui_screen(t);
	assert_null(strstr(screen, "Staff accounts"));
	assert_null(strstr(screen, "Audit log"));
	free(screen);
	tui_keys(t, "9", NULL);
	tui_keys(t, "u", NULL);
	assert_false(tui_wait_for(t, "Staff accounts", 500));
	TUI_WAIT(t, "Signed in as hq");
	tui_stop(t);
}

/* Over a hundred rows: paging forward reaches the oldest, the accounts
 * the demo was made with. */
static void test_audit_pages_reach_every_row(void **state)
{
	struct tui *t = tui_current();
	char *admin = ts_login(&ts, "admin", "Admin-Demo-2026"), want[64];
	cJSON *r;
	long long total;
	bool last = false;

	(void)state;
	assert_non_null(admin);
	/* each read of a member's record is audited */
	r = fx_call(&ts, "GET", "/api/v1/members?q=demo", admin, NULL, 200);
	snprintf(want, sizeof(want), "/api/v1/members/%lld", (long long)json_int_or(
		cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "items"), 0), "id", 0));
	cJSON_Delete(r);
	for (int i = 0; i < 110; i++)
		cJSON_Delete(fx_call(&ts, "GET", want, admin, NULL, 200));
	r = fx_call(&ts, "GET", "/api/v1/audit?per_page=1", admin, NULL, 200);
	total = json_int_or(r, "total", 0);
	cJSON_Delete(r);
	free(admin);
	assert_true(total > 100);

	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "admin", "Admin-Demo-2026"));
	assert_true(tui_open(t, "u", "Audit log"));
	TUI_WAIT(t, "Every entry");
	snprintf(want, sizeof(want), " of %lld", total + 1);   /* and this sign-in */
	TUI_WAIT(t, want);
	snprintf(want, sizeof(want), "\xe2\x80\x93%lld of %lld", total + 1, total + 1);
	for (int i = 0; i < 40 && !last; i++) {
		char *screen;

		tui_keys(t, "C-f", NULL);
		tui_settle(t, 150);
		screen = tui_screen(t);
		last = strstr(screen, want) != NULL;
		free(screen);
	}
	assert_true(last);
	TUI_WAIT(t, "account #1 ");
	TUI_WAIT(t, "system");
	tui_stop(t);
}

static void test_in_chinese(void **state)
{
	const char *const zh[] = { "--lang", "zh_CN", NULL };
	struct tui_opts o = { .args = zh };
	struct tui *t = tui_current();

	(void)state;
	assert_int_equal(tui_start(t, &ts, &o), 0);
	assert_true(tui_sign_in(t, "admin", "Admin-Demo-2026"));
	assert_true(tui_open(t, "9", "工作人员账号"));
	TUI_WAIT(t, "分会工作人员");
	TUI_WAIT(t, "最近登录");
	tui_keys(t, "Escape", NULL);
	assert_true(tui_open(t, "u", "审计日志"));
	TUI_WAIT(t, "全部记录");
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_create_disable_audit, tui_current_teardown),
		cmocka_unit_test_teardown(test_hq_is_not_offered, tui_current_teardown),
		cmocka_unit_test_teardown(test_audit_pages_reach_every_row, tui_current_teardown),
		cmocka_unit_test_teardown(test_in_chinese, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
