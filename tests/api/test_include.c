/* ?include= on the routes member screens open with, against a real rosterd:
 * each embedded piece equals what its own route answers, the rest of the
 * answer equals the answer without ?include= (which has no "included"),
 * and an unknown or misplaced name is a 422 naming "include". */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

static struct test_server ts;

static int setup(void **state)
{
	(void)state;
	return ts_start(&ts, NULL);
}

static int teardown(void **state)
{
	(void)state;
	return ts_stop(&ts) == 0 ? 0 : -1;
}

/* GET path as tok, 200 expected: the body. */
static cJSON *get(const char *tok, const char *path)
{
	return fx_call(&ts, "GET", path, tok, NULL, 200);
}

/* included[name] of whole equals GET path (the separate route). */
static void assert_piece(const cJSON *whole, const char *name, const char *tok, const char *path)
{
	const cJSON *inc = cJSON_GetObjectItemCaseSensitive(whole, "included");
	const cJSON *piece = cJSON_GetObjectItemCaseSensitive(inc, name);
	cJSON *alone = get(tok, path);

	if (!piece || !cJSON_Compare(piece, alone, true)) {
		char *a = cJSON_PrintUnformatted(piece), *b = cJSON_PrintUnformatted(alone);
		fprintf(stderr, "# included.%s: %s\n# %s: %s\n", name, a ? a : "(missing)", path, b);
		free(a);
		free(b);
		fail_msg("included.%s differs from GET %s", name, path);
	}
	cJSON_Delete(alone);
}

/* whole without "included" equals GET plain, which has no "included". */
static void assert_rest(const cJSON *whole, const char *tok, const char *plain)
{
	cJSON *rest = cJSON_Duplicate(whole, 1), *alone = get(tok, plain);

	assert_null(cJSON_GetObjectItemCaseSensitive(alone, "included"));
	cJSON_DeleteItemFromObjectCaseSensitive(rest, "included");
	assert_true(cJSON_Compare(rest, alone, true));
	cJSON_Delete(rest);
	cJSON_Delete(alone);
}

/* GET path is a 422 naming the include field. */
static void assert_refused(const char *tok, const char *path)
{
	cJSON *r = fx_call(&ts, "GET", path, tok, NULL, 422);
	const cJSON *why = cJSON_GetObjectItemCaseSensitive(fx_fields(r), "include");

	assert_true(cJSON_IsString(why));
	assert_true(strlen(why->valuestring) > 0);
	cJSON_Delete(r);
}

static void test_application_include(void **state)
{
	char *tok = fx_register(&ts, "incjoin");
	cJSON *a;

	(void)state;
	a = get(tok, "/api/v1/application?include=orgs,levels,form");
	assert_piece(a, "orgs", tok, "/api/v1/orgs");
	assert_piece(a, "levels", tok, "/api/v1/levels?member_type=individual");
	assert_piece(a, "form", tok, "/api/v1/forms/individual");
	assert_rest(a, tok, "/api/v1/application");
	/* only what was asked for */
	cJSON_Delete(a);
	a = get(tok, "/api/v1/application?include=form");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "included")), 1);
	assert_piece(a, "form", tok, "/api/v1/forms/individual");
	cJSON_Delete(a);
	/* an empty value is no include */
	a = get(tok, "/api/v1/application?include=");
	assert_null(cJSON_GetObjectItem(a, "included"));
	cJSON_Delete(a);

	assert_refused(tok, "/api/v1/application?include=orgs,bogus");
	assert_refused(tok, "/api/v1/application?include=orgs,,levels");
	assert_refused(tok, "/api/v1/application?include=profile_change");
	assert_refused(tok, "/api/v1/application?include=ORGS");
	free(tok);
}

static void test_unit_application_include(void **state)
{
	char *tok = fx_register_unit(&ts, "incunit");
	cJSON *a;

	(void)state;
	/* the pieces follow the application's member type */
	a = get(tok, "/api/v1/application?include=levels,form");
	assert_piece(a, "levels", tok, "/api/v1/levels?member_type=unit");
	assert_piece(a, "form", tok, "/api/v1/forms/unit");
	assert_rest(a, tok, "/api/v1/application");
	cJSON_Delete(a);
	free(tok);
}

static void test_profile_include(void **state)
{
	char *tok = fx_pending_payment(&ts, "incprof", "HQ", "李明");
	char path[64], *body = NULL;
	cJSON *p, *c;
	int64_t change_id, level_id;

	(void)state;
	/* nothing yet: the latest changes are null */
	p = get(tok, "/api/v1/member/profile?include=form,levels,orgs,profile_change,level_change");
	assert_piece(p, "form", tok, "/api/v1/forms/individual");
	assert_piece(p, "levels", tok, "/api/v1/levels?member_type=individual");
	assert_piece(p, "orgs", tok, "/api/v1/orgs");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(p, "included"), "profile_change")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(p, "included"), "level_change")));
	assert_rest(p, tok, "/api/v1/member/profile");
	cJSON_Delete(p);

	/* a profile change, then a level change: each in detail */
	c = fx_call(&ts, "POST", "/api/v1/member/profile-changes", tok,
	            "{\"profile\":{\"employer\":\"北京示例大学\"}}", 201);
	change_id = json_int_or(c, "id", -1);
	cJSON_Delete(c);
	fx_pay_dues(&ts, tok);
	assert_true(asprintf(&body, "{\"level_id\":%lld,\"reason\":\"职称晋升\"}",
	                     (long long)fx_level_id(&ts, "senior")) > 0);
	c = fx_call(&ts, "POST", "/api/v1/level-changes", tok, body, 201);
	free(body);
	level_id = json_int_or(c, "id", -1);
	cJSON_Delete(c);

	p = get(tok, "/api/v1/member/profile?include=profile_change,level_change");
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)change_id);
	assert_piece(p, "profile_change", tok, path);
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)level_id);
	assert_piece(p, "level_change", tok, path);
	assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(p, "included"), "form"));
	assert_rest(p, tok, "/api/v1/member/profile");
	cJSON_Delete(p);

	assert_refused(tok, "/api/v1/member/profile?include=branch_joins");
	assert_refused(tok, "/api/v1/member/profile?include=form,nope");
	free(tok);
}

static void test_branches_mine_include(void **state)
{
	char *tok = fx_pending_payment(&ts, "incbranch", "HQ", "张伟");
	char *body = NULL;
	cJSON *m;

	(void)state;
	fx_pay_dues(&ts, tok);
	assert_true(asprintf(&body, "{\"org_id\":%lld,\"reason\":\"在北京工作\"}",
	                     (long long)fx_org_id(&ts, "BJ")) > 0);
	cJSON_Delete(fx_call(&ts, "POST", "/api/v1/branch-joins", tok, body, 201));
	free(body);

	m = get(tok, "/api/v1/branches/mine?include=orgs,branch_joins");
	assert_piece(m, "orgs", tok, "/api/v1/orgs");
	assert_piece(m, "branch_joins", tok, "/api/v1/applications?kind=branch_join&page=1&per_page=100");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(
	                 cJSON_GetObjectItem(m, "included"), "branch_joins"), "items")), 1);
	assert_rest(m, tok, "/api/v1/branches/mine");
	cJSON_Delete(m);

	assert_refused(tok, "/api/v1/branches/mine?include=form");
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_application_include),
		cmocka_unit_test(test_unit_application_include),
		cmocka_unit_test(test_profile_include),
		cmocka_unit_test(test_branches_mine_include),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
