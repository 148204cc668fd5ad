/* Staff accounts run by an admin, through the API and `rosterd user`: the
 * list (every demo branch has its officer), creating an officer who then
 * works, disabling an account whose open session is refused on its very
 * next request, enabling it again, a new role and branch, a new password
 * that ends the old sessions, the guards (no one disables themselves; HQ
 * staff are not admins), and the audit trail of all of it with before and
 * after. */
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

static struct test_server ts;
static char *admin, *hq;
static int64_t officer_id;

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	admin = ts_login(&ts, "admin", "Admin-Demo-2026");
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	return admin && hq ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(admin);
	free(hq);
	ts_stop(&ts);
	return 0;
}

/* The item of a list whose username is name, or NULL. */
static const cJSON *by_username(const cJSON *list, const char *name)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(list, "items"))
		if (!strcmp(json_str_or(it, "username", ""), name))
			return it;
	return NULL;
}

static void test_every_branch_has_an_officer(void **state)
{
	cJSON *l;
	const char *const branches[] = { "BJ", "SH", "GD", "SC" };
	const cJSON *o;

	(void)state;
	l = fx_call(&ts, "GET", "/api/v1/staff/accounts?role=branch_staff&per_page=100", admin,
	            NULL, 200);
	for (size_t i = 0; i < 4; i++) {
		char user[16];

		snprintf(user, sizeof user, "%c%c_staff", branches[i][0] + 32, branches[i][1] + 32);
		o = by_username(l, user);
		if (!o)
			fail_msg("no officer %s", user);
		assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "org"), "code", ""),
		                    branches[i]);
		assert_string_equal(json_str_or(o, "status", ""), "active");
	}
	/* members are not staff accounts */
	assert_null(by_username(l, "demo"));
	cJSON_Delete(l);
	/* the 广东 officer signs in and has a queue of their own */
	{
		char *gd = ts_login(&ts, "gd_staff", "Branch-Demo-2026");

		assert_non_null(gd);
		l = fx_call(&ts, "GET", "/api/v1/review/counts", gd, NULL, 200);
		assert_string_equal(json_str_or(l, "scope", ""), "branch");
		cJSON_Delete(l);
		free(gd);
	}
	/* only admins run accounts */
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/staff/accounts", hq, NULL, 403));
}

static void test_create_disable_enable(void **state)
{
	char path[256], *tok, *tok2;
	cJSON *o;

	(void)state;
	/* an officer without a branch is refused */
	o = fx_call(&ts, "POST", "/api/v1/staff/accounts", admin,
	            "{\"username\":\"zhou\",\"email\":\"zhou@example.org\",\"role\":\"branch_staff\","
	            "\"password\":\"Branch-Zhou-2026\"}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(o), "org_id"));
	cJSON_Delete(o);
	snprintf(path, sizeof path,
	         "{\"username\":\"zhou\",\"email\":\"zhou@example.org\",\"role\":\"branch_staff\","
	         "\"org_id\":%lld,\"password\":\"Branch-Zhou-2026\"}",
	         (long long)fx_org_id(&ts, "SH"));
	o = fx_call(&ts, "POST", "/api/v1/staff/accounts", admin, path, 201);
	officer_id = json_int_or(o, "id", 0);
	assert_true(officer_id > 0);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "org"), "code", ""), "SH");
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts, "POST", "/api/v1/staff/accounts", admin, path, 409));

	/* the new officer works */
	tok = ts_login(&ts, "zhou", "Branch-Zhou-2026");
	assert_non_null(tok);
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/review/counts", tok, NULL, 200));

	/* disabled: the open session is refused at once, and so is a login */
	snprintf(path, sizeof path, "/api/v1/staff/accounts/%lld/disable", (long long)officer_id);
	o = fx_call(&ts, "POST", path, admin, "{\"reason\":\"left the branch\"}", 200);
	assert_string_equal(json_str_or(o, "status", ""), "disabled");
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/review/counts", tok, NULL, 401));
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 401));
	free(tok);
	assert_null(ts_login(&ts, "zhou", "Branch-Zhou-2026"));

	/* enabled again: a login works */
	snprintf(path, sizeof path, "/api/v1/staff/accounts/%lld/enable", (long long)officer_id);
	cJSON_Delete(fx_call(&ts, "POST", path, admin, NULL, 200));
	tok = ts_login(&ts, "zhou", "Branch-Zhou-2026");
	assert_non_null(tok);

	/* a new role and branch take effect on the open session */
	snprintf(path, sizeof path, "/api/v1/staff/accounts/%lld", (long long)officer_id);
	cJSON_Delete(fx_call(&ts, "PUT", path, admin, "{\"role\":\"hq_staff\"}", 200));
	o = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
	assert_string_equal(json_str_or(o, "role", ""), "hq_staff");
	cJSON_Delete(o);

	/* a password set by the admin ends the old sessions */
	snprintf(path, sizeof path, "/api/v1/staff/accounts/%lld/password", (long long)officer_id);
	o = fx_call(&ts, "POST", path, admin, "{\"password\":\"123\"}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(o), "password"));
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts, "POST", path, admin, "{\"password\":\"New-Zhou-Pass-2026\"}", 200));
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 401));
	free(tok);
	tok2 = ts_login(&ts, "zhou", "New-Zhou-Pass-2026");
	assert_non_null(tok2);
	free(tok2);
	assert_null(ts_login(&ts, "zhou", "Branch-Zhou-2026"));
}

static void test_guards(void **state)
{
	cJSON *me = fx_call(&ts, "GET", "/api/v1/me", admin, NULL, 200);
	char path[96];

	(void)state;
	snprintf(path, sizeof path, "/api/v1/staff/accounts/%lld/disable",
	         (long long)json_int_or(me, "id", 0));
	cJSON_Delete(fx_call(&ts, "POST", path, admin, NULL, 409));
	snprintf(path, sizeof path, "/api/v1/staff/accounts/%lld", (long long)json_int_or(me, "id", 0));
	cJSON_Delete(fx_call(&ts, "PUT", path, admin, "{\"role\":\"hq_staff\"}", 409));
	cJSON_Delete(me);
	/* a member is not a staff account */
	me = fx_call(&ts, "GET", "/api/v1/members?q=demo", hq, NULL, 200);
	snprintf(path, sizeof path, "/api/v1/staff/accounts/%lld/disable",
	         (long long)json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(me, "items"), 0),
	                                "id", 0));
	cJSON_Delete(me);
	cJSON_Delete(fx_call(&ts, "POST", path, admin, NULL, 404));
	cJSON_Delete(fx_call(&ts, "POST", "/api/v1/staff/accounts/1/disable", hq, NULL, 403));
}

static void test_command_line(void **state)
{
	const char *list[] = { "user", "list", "--role", "branch_staff", NULL };
	const char *dis[] = { "user", "disable", "sh_staff", NULL };
	const char *en[] = { "user", "enable", "sh_staff", NULL };
	const char *role[] = { "user", "set-role", "sh_staff", "--role", "branch_staff", "--org", "GD",
	                       NULL };
	const char *reset[] = { "user", "reset", "sh_staff", "--password-stdin", NULL };
	char *tok;
	cJSON *o;

	(void)state;
	assert_int_equal(ts_rosterd(&ts, list, NULL), 0);
	tok = ts_login(&ts, "sh_staff", "Branch-Demo-2026");
	assert_non_null(tok);
	assert_int_equal(ts_rosterd(&ts, dis, NULL), 0);
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 401));
	free(tok);
	assert_int_equal(ts_rosterd(&ts, en, NULL), 0);
	assert_int_equal(ts_rosterd(&ts, role, NULL), 0);
	tok = ts_login(&ts, "sh_staff", "Branch-Demo-2026");
	assert_non_null(tok);
	o = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "org_id", 0), fx_org_id(&ts, "GD"));
	cJSON_Delete(o);
	assert_int_equal(ts_rosterd(&ts, reset, "Reset-Sh-Staff-2026\n"), 0);
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 401));
	free(tok);
	tok = ts_login(&ts, "sh_staff", "Reset-Sh-Staff-2026");
	assert_non_null(tok);
	free(tok);
	/* a weak password and an unknown account are refused */
	assert_int_equal(ts_rosterd(&ts, reset, "123\n"), 2);
	{
		const char *nobody[] = { "user", "disable", "nobody", NULL };
		assert_int_equal(ts_rosterd(&ts, nobody, NULL), 1);
	}
}

static void test_audit_trail(void **state)
{
	char path[160];
	cJSON *l;
	const cJSON *it, *d;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/audit?action=account.disable&member=%lld",
	         (long long)officer_id);
	l = fx_call(&ts, "GET", path, admin, NULL, 200);
	assert_int_equal(json_int_or(l, "total", 0), 1);
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0);
	assert_string_equal(json_str_or(cJSON_GetObjectItem(it, "actor"), "username", ""), "admin");
	d = cJSON_GetObjectItem(it, "detail");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(d, "before"), "status", ""), "active");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(d, "after"), "status", ""), "disabled");
	assert_string_equal(json_str_or(d, "reason", ""), "left the branch");
	cJSON_Delete(l);

	/* a role change says before and after */
	snprintf(path, sizeof path, "/api/v1/audit?action=account.role&object_type=account&object_id=%lld",
	         (long long)officer_id);
	l = fx_call(&ts, "GET", path, hq, NULL, 200);
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0);
	d = cJSON_GetObjectItem(it, "detail");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(d, "before"), "role", ""), "branch_staff");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(d, "after"), "role", ""), "hq_staff");
	cJSON_Delete(l);

	/* logins, by actor and by a prefix of the action */
	l = fx_call(&ts, "GET", "/api/v1/audit?actor=ZHOU&action=login", admin, NULL, 200);
	assert_true(json_int_or(l, "total", 0) >= 3);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(l, "items"))
		assert_string_equal(json_str_or(it, "action", ""), "login");
	cJSON_Delete(l);
	l = fx_call(&ts, "GET", "/api/v1/audit?action=account.", admin, NULL, 200);
	assert_true(json_int_or(l, "total", 0) >= 6);
	cJSON_Delete(l);
	/* today's rows are within today's dates; none are before 2001 */
	l = fx_call(&ts, "GET", "/api/v1/audit?to=2000-12-31", admin, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 0);
	cJSON_Delete(l);
	l = fx_call(&ts, "GET", "/api/v1/audit?from=2000-01-01&per_page=5", admin, NULL, 200);
	assert_true(json_int_or(l, "total", 0) > 10);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "items")), 5);
	cJSON_Delete(l);
	l = fx_call(&ts, "GET", "/api/v1/audit?from=yesterday", admin, NULL, 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(l), "from"));
	cJSON_Delete(l);
	/* branch officers do not read the audit log */
	{
		char *bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
		cJSON_Delete(fx_call(&ts, "GET", "/api/v1/audit", bj, NULL, 403));
		free(bj);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_branch_has_an_officer),
		cmocka_unit_test(test_create_disable_enable),
		cmocka_unit_test(test_guards),
		cmocka_unit_test(test_command_line),
		cmocka_unit_test(test_audit_trail),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
