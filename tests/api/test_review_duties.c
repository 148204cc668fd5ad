/* The review queue as officers meet it: one person cannot decide both
 * stages of an application (and the detail says so before they try), a
 * decision someone else took first answers 409 naming who and when, an
 * approval carries an optional note to the member, the queue and the
 * history of decided applications are searchable, a second application
 * with an active member's resident ID number is flagged to the reviewer,
 * the queue's pages say who may act as the detail does, in a fixed number
 * of statements, and with [members] separate_stages = 0 one admin may decide both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"
#include "fixture.h"
#include "roster/json.h"

#define OWN_ID "110105198001010016"

static struct test_server ts;
static char *admin, *hq, *hq2, *bj;
static struct fx_member active;   /* an active member with the fixtures' ID number */

static int setup(void **state)
{
	cJSON *o;

	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	admin = ts_login(&ts, "admin", "Admin-Demo-2026");
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	if (!admin || !hq || !bj)
		return -1;
	o = fx_call(&ts, "POST", "/api/v1/staff/accounts", admin,
	            "{\"username\":\"hq2\",\"email\":\"hq2@example.org\",\"role\":\"hq_staff\","
	            "\"password\":\"Second-Hq-2026\"}", 201);
	cJSON_Delete(o);
	hq2 = ts_login(&ts, "hq2", "Second-Hq-2026");
	if (!hq2)
		return -1;
	return fx_member_active(&ts, "active1", "钱七", "HQ", "regular", &active);
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&active);
	free(admin);
	free(hq);
	free(hq2);
	free(bj);
	ts_stop(&ts);
	return 0;
}

/* A member who applied through org with name and resident ID id_number;
 * the join application's id. */
static int64_t applicant(const char *username, const char *org, const char *name,
                         const char *id_number, char **token)
{
	cJSON *p = fx_profile(name);

	cJSON_ReplaceItemInObject(p, "id_number", cJSON_CreateString(id_number));
	/* birth date and gender as the ID number has them (GB 11643) */
	char birth[11];
	snprintf(birth, sizeof birth, "%.4s-%.2s-%.2s", id_number + 6, id_number + 10, id_number + 12);
	cJSON_ReplaceItemInObject(p, "birth_date", cJSON_CreateString(birth));
	cJSON_ReplaceItemInObject(p, "gender", cJSON_CreateString((id_number[16] - '0') % 2 ? "male" : "female"));
	*token = fx_register(&ts, username);
	fx_draft(&ts, *token, org, "regular", p);
	fx_upload_form(&ts, *token);
	return fx_submit(&ts, *token);
}

static cJSON *detail(int64_t id, const char *token)
{
	char path[96];

	snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)id);
	return fx_call(&ts, "GET", path, token, NULL, 200);
}

static int64_t hq_joins(const char *token)
{
	cJSON *c = fx_call(&ts, "GET", "/api/v1/review/counts", token, NULL, 200);
	int64_t n = json_int_or(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "applications"), "hq"),
	                        "join", -1);

	cJSON_Delete(c);
	return n;
}

static void test_separation_of_duties(void **state)
{
	char *tok;
	int64_t id, admin_before;
	cJSON *d;

	(void)state;
	id = applicant("sod1", "BJ", "孙八", OWN_ID, &tok);
	admin_before = hq_joins(admin);
	/* the admin decides the branch stage */
	assert_int_equal(fx_decide(&ts, admin, id, "approve", NULL), 200);
	/* and may not decide the HQ stage: the detail says so, the queue does
	 * not count it as the admin's, acting is refused */
	d = detail(id, admin);
	assert_string_equal(json_str_or(d, "status", ""), "pending_hq");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(d, "may_act")));
	assert_true(strlen(json_str_or(d, "may_act_reason", "")) > 0);
	cJSON_Delete(d);
	assert_int_equal(hq_joins(admin), admin_before);
	assert_int_equal(fx_decide(&ts, admin, id, "approve", NULL), 403);
	assert_int_equal(fx_decide(&ts, admin, id, "reject", "不行"), 403);
	/* HQ staff may */
	d = detail(id, hq);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "may_act")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(d, "may_act_reason")));
	cJSON_Delete(d);
	assert_int_equal(fx_decide(&ts, hq, id, "approve", "欢迎加入本会"), 200);
	free(tok);
}

static void test_conflict_names_who(void **state)
{
	char *tok, path[96];
	int64_t id;
	cJSON *r;
	const cJSON *f;

	(void)state;
	id = applicant("race1", "HQ", "周九", OWN_ID, &tok);
	assert_int_equal(fx_decide(&ts, hq, id, "approve", NULL), 200);
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld/approve", (long long)id);
	r = fx_call(&ts, "POST", path, hq2, "{}", 409);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(r, "error"), "code", ""), "conflict");
	f = fx_fields(r);
	assert_string_equal(json_str_or(f, "decided_by", ""), "hq");
	assert_string_equal(json_str_or(f, "decision", ""), "approve");
	assert_true(json_int_or(f, "decided_at", 0) > 0);
	cJSON_Delete(r);
	/* the detail now says who decided and that nobody can act */
	r = detail(id, hq2);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r, "may_act")));
	assert_string_equal(json_str_or(cJSON_GetObjectItem(r, "last_decision"), "by", ""), "hq");
	cJSON_Delete(r);
	free(tok);
}

static void test_note_search_history(void **state)
{
	char *tok, path[160];
	cJSON *l;
	const cJSON *it;
	bool note = false;

	(void)state;
	/* the approval note of the first test reached 孙八 */
	tok = ts_login(&ts, "sod1", FX_PASSWORD);
	l = fx_call(&ts, "GET", "/api/v1/messages", tok, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(l, "items"))
		if (strstr(json_str_or(it, "body_zh", ""), "欢迎加入本会"))
			note = true;
	assert_true(note);
	cJSON_Delete(l);
	free(tok);

	/* the queue searched by name: 孙八 is decided, not pending */
	snprintf(path, sizeof path, "/api/v1/review/applications?q=%s", "%E5%AD%99%E5%85%AB");
	l = fx_call(&ts, "GET", path, hq, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 0);
	cJSON_Delete(l);
	snprintf(path, sizeof path, "/api/v1/review/applications?status=decided&q=%s",
	         "%E5%AD%99%E5%85%AB");
	l = fx_call(&ts, "GET", path, hq, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 1);
	cJSON_Delete(l);
	/* the history: newest decision first, by username too */
	l = fx_call(&ts, "GET", "/api/v1/review/applications?status=decided", hq, NULL, 200);
	assert_true(json_int_or(l, "total", 0) >= 3);
	assert_string_equal(json_str_or(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0),
	                                "username", ""), "race1");
	cJSON_Delete(l);
	l = fx_call(&ts, "GET", "/api/v1/review/applications?status=decided&q=RACE", hq, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 1);
	cJSON_Delete(l);
}

static void test_identity_flagged(void **state)
{
	char *tok1, *tok2;
	int64_t twin, fresh;
	cJSON *d;
	const cJSON *m;

	(void)state;
	/* the fixtures' resident ID is the active member 钱七's */
	twin = applicant("twin1", "HQ", "钱七", "11010519491231002X", &tok1);
	fresh = applicant("fresh1", "HQ", "吴十", "110105199001010010", &tok2);
	d = detail(twin, hq);
	m = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "identity_matches"), 0);
	assert_non_null(m);
	assert_int_equal(json_int_or(m, "account_id", 0), active.account_id);
	assert_string_equal(json_str_or(m, "field", ""), "id_number");
	assert_non_null(json_str_or(m, "member_no", NULL));
	cJSON_Delete(d);
	d = detail(fresh, hq);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(d, "identity_matches")), 0);
	cJSON_Delete(d);
	/* a branch officer learns that there is a match, not whose */
	{
		char *tok3;
		int64_t bj_twin = applicant("twin2", "BJ", "钱七", "11010519491231002X", &tok3);

		d = detail(bj_twin, bj);
		m = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "identity_matches"), 0);
		assert_non_null(m);
		assert_string_equal(json_str_or(m, "field", ""), "id_number");
		assert_true(cJSON_IsNull(cJSON_GetObjectItem(m, "name")));
		cJSON_Delete(d);
		free(tok3);
	}
	free(tok1);
	free(tok2);
}

/* The active member's resident ID number changed from one to another,
 * straight in the database. */
static void renumber_active(const char *from, const char *to)
{
	char sql[300];

	snprintf(sql, sizeof sql, "UPDATE members SET profile = replace(profile, '%s', '%s')"
	         " WHERE account_id = %lld", from, to, (long long)active.account_id);
	fx_sql(&ts, sql);
}

/* How many members application id's detail names as holding its number;
 * *first: the first one's account (0: none). */
static int matches_of(int64_t id, int64_t *first)
{
	cJSON *d = detail(id, hq);
	const cJSON *list = cJSON_GetObjectItem(d, "identity_matches");
	int n = cJSON_GetArraySize(list);

	*first = json_int_or(cJSON_GetArrayItem(list, 0), "account_id", 0);
	if (n > 0)
		assert_string_equal(json_str_or(cJSON_GetArrayItem(list, 0), "field", ""),
		                    "id_number");
	cJSON_Delete(d);
	return n;
}

/* The matches follow the members' profiles as they change (kept in
 * member_identities): a number in another case matches; a member whose
 * number is edited in the database no longer matches the old number and
 * matches the new one. */
static void test_identity_kept(void **state)
{
	char *tok1, *tok2;
	int64_t lower, renumbered, first;

	(void)state;
	lower = applicant("twin3", "HQ", "钱七", "11010519491231002x", &tok1);
	assert_int_equal(matches_of(lower, &first), 1);
	assert_int_equal(first, active.account_id);

	renumber_active("11010519491231002X", "110105198505050038");
	assert_int_equal(matches_of(lower, &first), 0);
	renumbered = applicant("twin4", "HQ", "钱七", "110105198505050038", &tok2);
	assert_int_equal(matches_of(renumbered, &first), 1);
	assert_int_equal(first, active.account_id);

	renumber_active("110105198505050038", "11010519491231002X");
	assert_int_equal(matches_of(lower, &first), 1);
	assert_int_equal(matches_of(renumbered, &first), 0);
	free(tok1);
	free(tok2);
}

/* How many applications of any status the queue's search for text (URL
 * encoded) finds, as HQ. */
static int64_t found_by(const char *text)
{
	char path[200];
	cJSON *l;
	int64_t n;

	snprintf(path, sizeof path, "/api/v1/review/applications?status=all&q=%s", text);
	l = fx_call(&ts, "GET", path, hq, NULL, 200);
	n = json_int_or(l, "total", -1);
	cJSON_Delete(l);
	return n;
}

/* The queue searches and lists an application by its profile's name, or
 * a unit's by its unit_name, as the profile is now (kept in search_name):
 * after a name is changed in the database the new one finds it, the old
 * one does not, and the list shows the new one. */
static void test_search_follows_profile(void **state)
{
	char *tok1, *tok2, sql[300], path[160];
	int64_t person, unit;
	cJSON *l;

	(void)state;
	person = applicant("rename1", "HQ", "改名前", "110105198505050038", &tok1);
	tok2 = fx_register_unit(&ts, "renameunit");
	fx_draft(&ts, tok2, "HQ", "council", fx_unit_profile("旧名科技有限公司"));
	fx_upload_form(&ts, tok2);
	unit = fx_submit(&ts, tok2);
	assert_true(person > 0 && unit > 0);
	assert_int_equal(found_by("%E6%94%B9%E5%90%8D%E5%89%8D"), 1);        /* 改名前 */
	assert_int_equal(found_by("%E6%97%A7%E5%90%8D%E7%A7%91%E6%8A%80"), 1); /* 旧名科技 */

	snprintf(sql, sizeof sql, "UPDATE applications SET profile = replace(profile, '改名前',"
	         " '改名后') WHERE id = %lld; UPDATE applications SET profile = replace(profile,"
	         " '旧名科技', '新名科技') WHERE id = %lld", (long long)person, (long long)unit);
	fx_sql(&ts, sql);
	assert_int_equal(found_by("%E6%94%B9%E5%90%8D%E5%89%8D"), 0);
	assert_int_equal(found_by("%E6%94%B9%E5%90%8D%E5%90%8E"), 1);        /* 改名后 */
	assert_int_equal(found_by("%E6%97%A7%E5%90%8D%E7%A7%91%E6%8A%80"), 0);
	assert_int_equal(found_by("%E6%96%B0%E5%90%8D%E7%A7%91%E6%8A%80"), 1); /* 新名科技 */
	/* and the queue names the unit by its new name */
	snprintf(path, sizeof path, "/api/v1/review/applications?status=all&q=%s",
	         "%E6%96%B0%E5%90%8D%E7%A7%91%E6%8A%80");
	l = fx_call(&ts, "GET", path, hq, NULL, 200);
	assert_string_equal(json_str_or(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0),
	                                "applicant_name", ""), "新名科技有限公司");
	cJSON_Delete(l);
	free(tok1);
	free(tok2);
}

/* may_act of an application in the HQ queue as listed (equal to its
 * detail's) for the admin and for HQ staff. */
static bool listed_may_act(const char *token, int64_t id)
{
	cJSON *l = fx_call(&ts, "GET", "/api/v1/review/applications?status=pending_hq&per_page=100",
	                   token, NULL, 200), *d;
	const cJSON *it;
	int found = -1;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(l, "items"))
		if (json_int_or(it, "id", 0) == id)
			found = cJSON_IsTrue(cJSON_GetObjectItem(it, "may_act"));
	cJSON_Delete(l);
	assert_int_not_equal(found, -1);
	d = detail(id, token);
	assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(d, "may_act")), found);
	cJSON_Delete(d);
	return found == 1;
}

/* The queue as a list: each application's may_act keeps the two stages
 * apart as its detail does (by the stage's last decision), and a page of
 * the queue takes the same number of statements for 1 application or
 * 20, its levels, branches, branch-stage deciders and level changes' fee
 * orders read for the page. */
static void test_queue_as_listed(void **state)
{
	static const char *const ids[] = {
		"110105198203040010", "110105198305060012", "110105198407080014",
		"110105198509100012", "11010519861112001X",
	};
	char *tok[5], name[16];
	int64_t app[5];
	cJSON *me = fx_call(&ts, "GET", "/api/v1/me", admin, NULL, 200);
	long long acct = json_int_or(me, "id", 0);
	const char *queue = "/api/v1/review/applications";
	long first;

	(void)state;
	cJSON_Delete(me);
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "listed%d", i);
		app[i] = applicant(name, "BJ", "冯十二", ids[i], &tok[i]);
	}
	/* the admin decides the branch stage of three, the branch officer of one */
	for (int i = 0; i < 3; i++)
		assert_int_equal(fx_decide(&ts, admin, app[i], "approve", NULL), 200);
	assert_int_equal(fx_decide(&ts, bj, app[3], "approve", NULL), 200);
	/* the fifth: the admin approved its branch stage, HQ sent it back, it
	 * came again and the branch officer approved it: the stage's last
	 * decision is not the admin's */
	assert_int_equal(fx_decide(&ts, admin, app[4], "approve", NULL), 200);
	assert_int_equal(fx_decide(&ts, hq, app[4], "reject", "请补充材料"), 200);
	assert_int_equal(fx_submit(&ts, tok[4]), app[4]);
	assert_int_equal(fx_decide(&ts, bj, app[4], "approve", NULL), 200);

	for (int i = 0; i < 3; i++) {
		assert_false(listed_may_act(admin, app[i]));
		assert_true(listed_may_act(hq, app[i]));
	}
	assert_true(listed_may_act(admin, app[3]));
	assert_true(listed_may_act(admin, app[4]));

	/* a level change with its fee order in the history: listed with the
	 * order its detail shows (and, below, in no statement of its own) */
	{
		struct fx_member up;
		cJSON *a, *l, *d;
		const cJSON *it, *listed = NULL;
		int64_t change;

		assert_int_equal(fx_member_active(&ts, "listed_up", "卫十三", "HQ", "regular", &up), 0);
		a = fx_level_change(&ts, up.token, "senior", "职称晋升");
		change = json_int_or(a, "id", -1);
		cJSON_Delete(a);
		assert_int_equal(fx_decide(&ts, hq, change, "approve", NULL), 200);
		l = fx_call(&ts, "GET", "/api/v1/review/applications?status=decided&per_page=20", hq,
		            NULL, 200);
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(l, "items"))
			if (json_int_or(it, "id", 0) == change)
				listed = cJSON_GetObjectItem(it, "order");
		assert_non_null(listed);
		d = detail(change, hq);
		assert_true(cJSON_IsObject(cJSON_GetObjectItem(d, "order")));
		assert_true(json_int_or(cJSON_GetObjectItem(d, "order"), "amount", 0) > 0);
		assert_true(cJSON_Compare(listed, cJSON_GetObjectItem(d, "order"), true));
		cJSON_Delete(d);
		cJSON_Delete(l);
		fx_member_free(&up);
	}

	/* each list (the HQ stage, the whole queue, the history) takes as
	 * many statements for a page of 20 as for a page of 1 */
	fx_request_sql(&ts, admin, acct, queue, "?status=pending_hq");
	first = fx_request_sql(&ts, admin, acct, queue, "?status=pending_hq&per_page=1");
	assert_true(first > 0);
	assert_int_equal(fx_request_sql(&ts, admin, acct, queue, "?status=pending_hq&per_page=20"),
	                 first);
	first = fx_request_sql(&ts, admin, acct, queue, "?per_page=1");
	assert_true(first > 0);
	assert_int_equal(fx_request_sql(&ts, admin, acct, queue, "?per_page=20"), first);
	first = fx_request_sql(&ts, admin, acct, queue, "?status=decided&per_page=1");
	assert_true(first > 0);
	assert_int_equal(fx_request_sql(&ts, admin, acct, queue, "?status=decided&per_page=20"),
	                 first);
	for (int i = 0; i < 5; i++)
		free(tok[i]);
}

static void test_one_admin_when_configured(void **state)
{
	const char *const args[] = { "--set", "members.separate_stages=0", NULL };
	struct test_server other;
	char *adm, *tok, path[96];
	int64_t id;
	cJSON *p;

	(void)state;
	assert_int_equal(ts_start(&other, args), 0);
	adm = ts_login(&other, "admin", "Admin-Demo-2026");
	tok = fx_register(&other, "solo1");
	p = fx_profile("郑十一");
	fx_draft(&other, tok, "BJ", "regular", p);
	fx_upload_form(&other, tok);
	id = fx_submit(&other, tok);
	assert_int_equal(fx_decide(&other, adm, id, "approve", NULL), 200);
	assert_int_equal(fx_decide(&other, adm, id, "approve", NULL), 200);
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)id);
	p = fx_call(&other, "GET", path, adm, NULL, 200);
	assert_string_equal(json_str_or(p, "status", ""), "approved");
	cJSON_Delete(p);
	free(adm);
	free(tok);
	assert_int_equal(ts_stop(&other), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_separation_of_duties),
		cmocka_unit_test(test_conflict_names_who),
		cmocka_unit_test(test_note_search_history),
		cmocka_unit_test(test_identity_flagged),
		cmocka_unit_test(test_identity_kept),
		cmocka_unit_test(test_search_follows_profile),
		cmocka_unit_test(test_queue_as_listed),
		cmocka_unit_test(test_one_admin_when_configured),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
