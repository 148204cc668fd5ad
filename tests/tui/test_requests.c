/* Every member screen gets what it shows in one or two requests: each
 * screen is opened from the member centre, and the server's request log
 * (server.log in the test server's directory, one line a request with its
 * method, path and account) tells how many API requests opening it cost.
 *
 * The members are brought to the states that ask the most of the screens:
 * a fresh applicant (the join wizard's first step), and an active member
 * with a rejected profile change, an approved level change whose fee
 * difference is unpaid, and a rejected branch join request. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "tui.h"

/* The most requests a screen may make to open (issue: "one or two"). */
#define MAX_OPEN_REQUESTS 2

static struct test_server ts;

/* A screen as the member centre lists it, and how to tell it has loaded. */
struct screen_case {
	const char *menu;      /* the member centre's entry */
	const char *title;     /* the screen's title (in the title bar) */
	const char *loaded;    /* text shown once its data is in, or NULL */
	const char *loaded2;   /* another text that means the same, or NULL */
};

static long long account_id(const char *token)
{
	cJSON *me = fx_try(&ts, "GET", "/api/v1/me", token, NULL, NULL);
	long long id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(me, "id"));

	cJSON_Delete(me);
	return id;
}

/* API request lines of the account in the server log; with list, the
 * lines from the n-th on are appended to *list as "METHOD path; ". */
static int log_requests(long long acct, int from, char **list)
{
	char path[320], line[1024], tail[48];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/server.log", ts.dir);
	snprintf(tail, sizeof(tail), " acct=%lld", acct);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *q = strstr(line, " \"/api/v1/"), *m;
		size_t len = strcspn(line, "\n");

		line[len] = '\0';
		if (!q || len < strlen(tail) || strcmp(line + len - strlen(tail), tail) != 0)
			continue;
		if (list && n >= from) {
			/* "… INFO GET "/api/v1/x" 200 …": the word before the path */
			char *end = strchr(q + 2, '"'), *t;

			for (m = q; m > line && m[-1] != ' '; m--)
				;
			if (end)
				*end = '\0';
			if (asprintf(&t, "%s%.*s %s; ", *list ? *list : "", (int)(q - m), m, q + 2) < 0)
				abort();
			free(*list);
			*list = t;
		}
		n++;
	}
	fclose(f);
	return n;
}

/* Lines for /healthz so far (the sentinel below). */
static int log_health(void)
{
	char path[320], line[1024];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/server.log", ts.dir);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, " \"/healthz\" "))
			n++;
	fclose(f);
	return n;
}

/* Make sure every request answered before now is in the log: ask
 * /healthz and wait for its line, which the server writes after the
 * lines of what it answered earlier. */
static void log_sync(void)
{
	struct http_reply r;
	int before = log_health();
	long long until = tui_now_ms() + TUI_TIMEOUT_MS;

	assert_int_equal(http_req(&ts, "GET", "/healthz", NULL, NULL, &r), 0);
	http_reply_free(&r);
	while (log_health() <= before && tui_now_ms() < until)
		tui_settle_ms(20);
	assert_true(log_health() > before);
}

/* Wait until the account has made at least n requests. */
static void log_wait(long long acct, int n)
{
	long long until = tui_now_ms() + TUI_TIMEOUT_MS;

	while (log_requests(acct, 0, NULL) < n && tui_now_ms() < until)
		tui_settle_ms(20);
	assert_true(log_requests(acct, 0, NULL) >= n);
}

/* Poll until the screen shows a or b. */
static bool either(struct tui *t, const char *a, const char *b)
{
	long long until = tui_now_ms() + TUI_TIMEOUT_MS;

	while (tui_now_ms() < until) {
		char *scr = tui_screen(t);
		bool hit = scr && (strstr(scr, a) || strstr(scr, b));

		free(scr);
		if (hit)
			return true;
		tui_settle_ms(50);
	}
	return tui_wait_for(t, a, 1);
}

/* Open c from the member centre, count its requests, go back. */
static int open_and_count(struct tui *t, long long acct, const struct screen_case *c)
{
	char title[128];
	char *list = NULL;
	int mark, n;

	snprintf(title, sizeof(title), "· %s", c->title);
	log_sync();
	mark = log_requests(acct, 0, NULL);
	assert_true(tui_menu(t, c->menu));
	TUI_WAIT(t, title);
	if (c->loaded2)
		assert_true(either(t, c->loaded, c->loaded2));
	else if (c->loaded)
		TUI_WAIT(t, c->loaded);
	TUI_GONE(t, "Loading");
	tui_settle(t, 200);
	log_sync();
	n = log_requests(acct, mark, &list) - mark;
	printf("# %s: %d request%s: %s\n", c->menu, n, n == 1 ? "" : "s", list ? list : "");
	free(list);

	/* back: the member centre asks GET /me and GET /notices again */
	mark += n;
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "· Member centre");
	log_wait(acct, mark + 2);
	tui_settle(t, 200);
	return n;
}

static void test_join_wizard_opens_with_one_request(void **state)
{
	static const struct screen_case join = {
		"Membership application", "Membership application", "Organisation and level", NULL
	};
	struct tui *t = tui_current();
	char *token = NULL;
	long long acct;

	/* a member who has not applied yet: the wizard needs the catalogue */
	assert_int_equal(fx_register_with(&ts, "reqnew", "reqnew@example.test", "13900001111",
	                                 FX_PASSWORD), 0);
	token = ts_login(&ts, "reqnew", FX_PASSWORD);
	assert_non_null(token);
	acct = account_id(token);
	free(token);
	assert_true(acct > 0);
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "reqnew", FX_PASSWORD));
	/* the first step is drawn only once the organisations, levels and
	 * form schema are in: they came embedded */
	assert_true(open_and_count(t, acct, &join) <= MAX_OPEN_REQUESTS);
	assert_true(tui_quit(t));
}

/* POST path with body as token; the new application's id. */
static long long post_id(const char *token, const char *path, const char *body)
{
	long status = 0;
	cJSON *r = fx_try(&ts, "POST", path, token, body, &status);
	long long id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "id"));

	cJSON_Delete(r);
	assert_true(status == 201 || status == 200);
	assert_true(id > 0);
	return id;
}

static void test_member_screens_open_with_two_requests(void **state)
{
	static const struct screen_case cases[] = {
		{ "Membership application", "Membership application", "Review and submit", NULL },
		{ "Pay dues / renew", "Pay dues", "Pay for", "no years to pay" },
		{ "My certificate", "My certificate", "D: save the PDF", NULL },
		{ "Member information", "Member information", "Your last change was rejected", NULL },
		{ "My applications", "My applications", NULL, NULL },
		{ "My orders", "My orders", NULL, NULL },
		{ "My invoices", "My invoices", NULL, NULL },
		{ "Level change", "Level change", "Fee difference to pay", NULL },
		{ "Message centre", "Message centre", NULL, NULL },
		{ "Notices", "Notices", NULL, NULL },
		{ "Join a branch", "Join a branch", "资料不全", NULL },
		{ "Change password", "Change password", NULL, NULL },
	};
	struct tui *t = tui_current();
	char *token = fx_active(&ts, "reqactive", "李雷"), body[160];
	long long acct, id;
	int worst = 0;

	assert_non_null(token);
	acct = account_id(token);
	assert_true(acct > 0);
	/* a profile change, rejected: the screen edits it from its detail */
	id = post_id(token, "/api/v1/member/profile-changes", "{\"profile\":{\"name\":\"王小明\"}}");
	assert_true((fx_decide_as(&ts, "hq", id, "reject", "姓名与证件不符") == 200));
	/* a level change, approved: the fee difference is an unpaid order */
	snprintf(body, sizeof(body), "{\"level_id\":%lld,\"reason\":\"已获高级职称\"}",
	         (long long)fx_level_id(&ts, "senior"));
	id = post_id(token, "/api/v1/level-changes", body);
	assert_true((fx_decide_as(&ts, "hq", id, "approve", NULL) == 200));
	/* a branch join, rejected with a reason */
	snprintf(body, sizeof(body), "{\"org_id\":%lld}", (long long)fx_org_id(&ts, "BJ"));
	id = post_id(token, "/api/v1/branch-joins", body);
	assert_true((fx_decide_as(&ts, "bj_staff", id, "reject", "资料不全") == 200));
	free(token);

	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "reqactive", FX_PASSWORD));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = open_and_count(t, acct, &cases[i]);

		if (n > MAX_OPEN_REQUESTS)
			fprintf(stderr, "# %s opened with %d requests\n", cases[i].menu, n);
		if (n > worst)
			worst = n;
	}
	assert_true(worst <= MAX_OPEN_REQUESTS);
	assert_true(tui_quit(t));
}

static int group_setup(void **state)
{
	return ts_start(&ts, NULL) == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_join_wizard_opens_with_one_request, tui_current_teardown),
		cmocka_unit_test_teardown(test_member_screens_open_with_two_requests, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
