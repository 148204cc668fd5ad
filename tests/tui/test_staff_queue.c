/* The review queue beyond the first look, against a real rosterd: a search
 * that finds an application past the first page of the queue; the history
 * of decided applications; approving with a note; another officer who
 * decided first (409), after which the application shows who and when;
 * separation of duties (the officer who approved the branch stage is not
 * offered the HQ stage) and a branch officer who is not offered HQ's
 * stage; rejecting from the list with a reason; a level change, which has
 * no organisation, in the queue and the history; an application number of
 * seven digits shown whole. Each step is checked on the server as well. */
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

#define FILLERS 51          /* one more than a page of the queue (50) */

static struct test_server ts;
static struct fx_member fill[FILLERS];  /* 排队01 … 排队51, HQ, oldest first */
static struct fx_member seeker;         /* 寻找者: the newest, on page 2 */
static struct fx_member late;           /* 迟到者: decided by admin meanwhile */
static struct fx_member noted;          /* 备注者: approved with a note */
static struct fx_member split;          /* 分离者: BJ, admin approved the branch stage */

static int setup(void **state)
{
	char user[32], name[32];

	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	for (int i = 0; i < FILLERS; i++) {
		snprintf(user, sizeof(user), "fill%02d", i + 1);
		snprintf(name, sizeof(name), "排队%02d", i + 1);
		if (fx_member_submit(&ts, user, name, "HQ", "regular", &fill[i]) != 0)
			return -1;
	}
	if (fx_member_submit(&ts, "late", "迟到者", "HQ", "regular", &late) != 0 ||
	    fx_member_submit(&ts, "noted", "备注者", "HQ", "regular", &noted) != 0 ||
	    fx_member_submit(&ts, "split", "分离者", "BJ", "regular", &split) != 0 ||
	    fx_member_submit(&ts, "seeker", "寻找者", "HQ", "regular", &seeker) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < FILLERS; i++)
		fx_member_free(&fill[i]);
	fx_member_free(&seeker);
	fx_member_free(&late);
	fx_member_free(&noted);
	fx_member_free(&split);
	ts_stop(&ts);
	return 0;
}

/* The application as admin sees it (caller deletes). */
static cJSON *app_json(int64_t id)
{
	char *tok = ts_login(&ts, "admin", "Admin-Demo-2026");
	struct http_reply r;
	char path[96];
	cJSON *j;

	assert_non_null(tok);
	snprintf(path, sizeof(path), "/api/v1/review/applications/%lld", (long long)id);
	assert_int_equal(http_req(&ts, "GET", path, tok, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	j = r.json;
	r.json = NULL;
	http_reply_free(&r);
	free(tok);
	return j;
}

static void assert_status(int64_t id, const char *status)
{
	cJSON *j = app_json(id);

	assert_string_equal(json_str_or(j, "status", ""), status);
	cJSON_Delete(j);
}

/* A decision signed in as the demo administrator: the HTTP status. */
static long admin_decides(int64_t id, const char *action, const char *reason)
{
	char *tok = ts_login(&ts, "admin", "Admin-Demo-2026");
	long st;

	assert_non_null(tok);
	st = fx_decide(&ts, tok, id, action, reason);
	free(tok);
	return st;
}

static bool shown(struct tui *t, const char *text)
{
	char *screen = tui_screen(t);
	bool yes = strstr(screen, text) != NULL;

	free(screen);
	return yes;
}

/* Search the queue for text. */
static void search(struct tui *t, const char *text)
{
	tui_keys(t, "/", NULL);
	tui_type(t, text);
	tui_keys(t, "Enter", NULL);
}

static void test_search_past_first_page(void **state)
{
	struct tui t;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	TUI_WAIT(&t, "排队01");
	TUI_WAIT(&t, " of 55");              /* the queue is longer than a page */
	assert_false(shown(&t, "寻找者"));    /* the newest: far down, on page 2 */
	search(&t, "寻找");
	TUI_WAIT(&t, "寻找者");
	TUI_GONE(&t, "排队01");
	/* and opens from there */
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Application #");
	TUI_WAIT(&t, "寻找者");
	tui_stop(&t);
}

/* A register grown large numbers its applications in the hundreds of
 * thousands: the number column shows seven digits whole. */
static void test_long_number_whole(void **state)
{
	struct fx_member big;
	struct tui t;
	char sql[500];

	(void)state;
	assert_int_equal(fx_member_submit(&ts, "bignum", "大号码", "HQ", "regular", &big), 0);
	snprintf(sql, sizeof sql,
	         "UPDATE applications SET id = 1234567 WHERE id = %lld;"
	         " UPDATE application_events SET application_id = 1234567 WHERE application_id = %lld;"
	         " UPDATE attachments SET application_id = 1234567 WHERE application_id = %lld;"
	         " UPDATE handoffs SET application_id = 1234567 WHERE application_id = %lld",
	         (long long)big.app_id, (long long)big.app_id, (long long)big.app_id,
	         (long long)big.app_id);
	fx_sql(&ts, sql);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	search(&t, "大号码");
	TUI_WAIT(&t, "大号码");
	TUI_WAIT(&t, "#1234567 ");
	tui_stop(&t);
	/* out of the other tests' way */
	assert_int_equal(admin_decides(1234567, "reject", "测试"), 200);
	fx_member_free(&big);
}

static void test_history_lists_decided(void **state)
{
	struct tui t;

	(void)state;
	assert_int_equal(fx_decide_as(&ts, "hq", fill[0].app_id, "reject", "资料不全"), 200);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	TUI_WAIT(&t, "排队02");
	assert_false(shown(&t, "排队01"));    /* decided: out of the queue */
	tui_keys(&t, "h", NULL);
	TUI_WAIT(&t, "Show: history (decided)");
	TUI_WAIT(&t, "排队01");
	TUI_WAIT(&t, "Rejected");
	assert_false(shown(&t, "排队02"));
	/* a decided one offers no approval, and says why */
	assert_false(shown(&t, "a approve"));
	tui_keys(&t, "a", NULL);
	TUI_WAIT(&t, "This application has been decided.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Application #");
	TUI_WAIT(&t, "(This application has been decided.)");
	TUI_WAIT(&t, "Last decision");
	tui_keys(&t, "End", NULL);
	TUI_WAIT(&t, "资料不全");
	/* back to the queue as it was */
	tui_keys(&t, "q", NULL);
	TUI_WAIT(&t, "Show: history (decided)");
	tui_keys(&t, "h", NULL);
	TUI_WAIT(&t, "Show: waiting");
	TUI_WAIT(&t, "排队02");
	assert_status(fill[0].app_id, "rejected");
	tui_stop(&t);
}

static void test_approve_with_note(void **state)
{
	struct tui t;
	const cJSON *ev;
	cJSON *j;
	bool found = false;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	search(&t, "备注者");
	TUI_WAIT(&t, "备注者");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Application #");
	TUI_WAIT(&t, "a approve  x reject");
	tui_keys(&t, "a", NULL);
	TUI_WAIT(&t, "Approve this application?");
	TUI_WAIT(&t, "Note (optional):");
	tui_type(&t, "材料齐全，同意");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "The application was approved.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Review queue");
	j = app_json(noted.app_id);
	assert_string_equal(json_str_or(j, "status", ""), "approved");
	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(j, "history"))
		if (!strcmp(json_str_or(ev, "action", ""), "approve") &&
		    !strcmp(json_str_or(ev, "reason", ""), "材料齐全，同意"))
			found = true;
	assert_true(found);
	cJSON_Delete(j);
	tui_stop(&t);
}

static void test_conflict_says_who(void **state)
{
	struct tui t;
	const cJSON *ev;
	cJSON *j;
	int decisions = 0;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	search(&t, "迟到者");
	TUI_WAIT(&t, "迟到者");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Application #");
	TUI_WAIT(&t, "a approve  x reject");
	/* meanwhile, the administrator decides it elsewhere */
	assert_int_equal(admin_decides(late.app_id, "approve", NULL), 200);
	tui_keys(&t, "a", NULL);
	TUI_WAIT(&t, "Approve this application?");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Someone else approved this application first: admin,");
	tui_keys(&t, "Enter", NULL);
	/* the application as it stands now, and the keys it allows */
	TUI_WAIT(&t, "(This application has been decided.)");
	TUI_WAIT(&t, "Approved by admin");
	TUI_GONE(&t, "a approve");
	tui_keys(&t, "x", NULL);
	TUI_WAIT(&t, "This application has been decided.");
	assert_false(shown(&t, "Templates"));
	/* one decision only, the administrator's */
	j = app_json(late.app_id);
	assert_string_equal(json_str_or(j, "status", ""), "approved");
	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(j, "history")) {
		const char *a = json_str_or(ev, "action", "");

		if (!strcmp(a, "approve") || !strcmp(a, "reject")) {
			assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(ev, "actor"),
			                                "username", ""), "admin");
			decisions++;
		}
	}
	assert_int_equal(decisions, 1);
	cJSON_Delete(j);
	tui_stop(&t);
}

static void test_separation_of_duties(void **state)
{
	struct tui t;

	(void)state;
	/* the administrator approved the branch stage (admin may act there) */
	assert_int_equal(admin_decides(split.app_id, "approve", NULL), 200);
	assert_status(split.app_id, "pending_hq");

	/* the same administrator is not offered the HQ stage */
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "admin", "Admin-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	search(&t, "分离者");
	TUI_WAIT(&t, "分离者");
	TUI_WAIT(&t, "Enter open");
	assert_false(shown(&t, "a approve"));
	tui_keys(&t, "a", NULL);
	TUI_WAIT(&t, "You approved the branch stage: someone else decides the HQ stage.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Application #");
	TUI_WAIT(&t, "(You approved the branch stage: someone else decides the HQ stage.)");
	assert_false(shown(&t, "a approve"));
	tui_keys(&t, "a", NULL);
	TUI_WAIT(&t, "You approved the branch stage: someone else decides the HQ stage.");
	assert_false(shown(&t, "Approve this application?"));
	tui_stop(&t);
	assert_status(split.app_id, "pending_hq");

	/* the branch officer sees their branch's application at HQ's stage,
	 * and is not offered it either */
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "bj_staff", "Branch-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	TUI_WAIT(&t, "分离者");
	TUI_WAIT(&t, "Enter open");
	assert_false(shown(&t, "a approve"));
	tui_keys(&t, "x", NULL);
	TUI_WAIT(&t, "Headquarters reviews this application now.");
	tui_stop(&t);

	/* HQ staff, who did not decide the branch stage, are offered it */
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	search(&t, "分离者");
	TUI_WAIT(&t, "分离者");
	TUI_WAIT(&t, "a approve");
	tui_stop(&t);
	assert_status(split.app_id, "pending_hq");
}

static void test_reject_from_list(void **state)
{
	struct tui t;
	cJSON *j;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	search(&t, "排队51");
	TUI_WAIT(&t, "排队51");
	TUI_WAIT(&t, "x reject");
	tui_keys(&t, "x", NULL);
	TUI_WAIT(&t, "排队51 (Joining): reason");
	tui_keys(&t, "Tab", NULL);            /* from the templates to the text */
	tui_type(&t, "证件照片不清晰");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "The application was rejected.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Nothing waits for review.");
	j = app_json(fill[FILLERS - 1].app_id);
	assert_string_equal(json_str_or(j, "status", ""), "rejected");
	assert_string_equal(json_str_or(j, "status_reason", ""), "证件照片不清晰");
	cJSON_Delete(j);
	tui_stop(&t);
}

/* A level change has no organisation of its own (org and review_org are
 * null): the queue lists it, and so does the history once it is decided,
 * instead of the console falling over. */
static void test_level_change_listed(void **state)
{
	struct fx_member up;
	struct tui t;
	int64_t id;
	cJSON *a;

	(void)state;
	assert_int_equal(fx_member_active(&ts, "upward", "晋级者", "HQ", "regular", &up), 0);
	a = fx_level_change(&ts, up.token, "senior", "职称晋升");
	id = json_int_or(a, "id", -1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "org")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "review_org")));
	cJSON_Delete(a);

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	search(&t, "晋级者");
	TUI_WAIT(&t, "晋级者");
	TUI_WAIT(&t, "Level change");
	assert_int_equal(admin_decides(id, "approve", NULL), 200);
	tui_keys(&t, "h", NULL);
	TUI_WAIT(&t, "Show: history (decided)");
	TUI_WAIT(&t, "Level change");
	TUI_WAIT(&t, "Joining");
	/* still there: it opens */
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Application #");
	tui_stop(&t);
	assert_status(id, "approved");
	fx_member_free(&up);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_past_first_page),
		cmocka_unit_test(test_history_lists_decided),
		cmocka_unit_test(test_approve_with_note),
		cmocka_unit_test(test_conflict_says_who),
		cmocka_unit_test(test_separation_of_duties),
		cmocka_unit_test(test_reject_from_list),
		cmocka_unit_test(test_level_change_listed),
		cmocka_unit_test(test_long_number_whole),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
