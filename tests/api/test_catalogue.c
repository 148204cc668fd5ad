/* The catalogue routes against a real rosterd: each serves what the shipped
 * files in data/catalogue say, without a login, with an ETag that a client
 * can revalidate; the demo branch officers exist and see the reasons. */
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
#include "roster/json.h"

/* A shipped catalogue file, parsed (caller deletes). */
static cJSON *shipped(const char *rel)
{
	const char *dir = getenv("ROSTER_DATADIR");
	char path[512];
	FILE *f;
	char *buf;
	long n;
	cJSON *j;

	assert_non_null(dir);
	snprintf(path, sizeof path, "%s/catalogue/%s", dir, rel);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	j = cJSON_Parse(buf);
	free(buf);
	assert_non_null(j);
	return j;
}

/* GET path without a token; asserts the status. */
static void get(const char *path, long status, struct http_reply *r)
{
	assert_int_equal(http_req(&ts_group, "GET", path, NULL, NULL, r), 0);
	if (r->status != status)
		fail_msg("GET %s: %ld, want %ld: %s", path, r->status, status, r->body);
}

static const char *s(const cJSON *o, const char *k)
{
	return json_str_or(o, k, "(none)");
}

static void test_orgs(void **state)
{
	struct http_reply r;
	cJSON *org = shipped("org.json"), *items, *b;
	cJSON *assoc = cJSON_GetObjectItem(org, "association");
	int i = 1;

	get("/api/v1/orgs", 200, &r);
	items = cJSON_GetObjectItem(r.json, "items");
	assert_int_equal(cJSON_GetArraySize(items),
	                 1 + cJSON_GetArraySize(cJSON_GetObjectItem(org, "branches")));
	assert_int_equal(json_int_or(r.json, "total", -1), cJSON_GetArraySize(items));
	assert_string_equal(s(cJSON_GetArrayItem(items, 0), "code"), "HQ");
	assert_string_equal(s(cJSON_GetArrayItem(items, 0), "kind"), "hq");
	cJSON_ArrayForEach(b, cJSON_GetObjectItem(org, "branches")) {
		cJSON *got = cJSON_GetArrayItem(items, i++);
		assert_string_equal(s(got, "code"), s(b, "code"));
		assert_string_equal(s(got, "kind"), "branch");
		assert_string_equal(s(got, "name_zh"), s(b, "name_zh"));
		assert_string_equal(s(got, "name_en"), s(b, "name_en"));
		assert_string_equal(s(got, "address"), s(b, "address"));
		assert_true(json_int_or(got, "id", 0) > 0);
	}
	assert_string_equal(s(cJSON_GetArrayItem(items, 1), "name_zh"), "北京分会");
	assert_string_equal(s(cJSON_GetObjectItem(r.json, "association"), "name_zh"),
	                    s(assoc, "name_zh"));
	assert_string_equal(s(cJSON_GetObjectItem(r.json, "association"), "name_zh"),
	                    "中国示例协会");
	http_reply_free(&r);
	cJSON_Delete(org);
}

/* The levels of one type come back as shipped, by rank. */
static void check_levels(const char *type, const cJSON *want)
{
	struct http_reply r;
	char path[64];
	const cJSON *items, *l;
	int i = 0;

	snprintf(path, sizeof path, "/api/v1/levels?member_type=%s", type);
	get(path, 200, &r);
	items = cJSON_GetObjectItem(r.json, "items");
	assert_int_equal(cJSON_GetArraySize(items), cJSON_GetArraySize(want));
	cJSON_ArrayForEach(l, want) {
		cJSON *got = cJSON_GetArrayItem(items, i++);
		assert_string_equal(s(got, "member_type"), type);
		assert_string_equal(s(got, "code"), s(l, "code"));
		assert_string_equal(s(got, "name_zh"), s(l, "name_zh"));
		assert_string_equal(s(got, "name_en"), s(l, "name_en"));
		assert_int_equal(json_int_or(got, "annual_fee", -1),
		                 json_int_or(l, "annual_fee", -2));
	}
	http_reply_free(&r);
}

static void test_levels(void **state)
{
	struct http_reply r;
	cJSON *levels = shipped("levels.json");
	cJSON *ind = cJSON_GetObjectItem(levels, "individual");

	check_levels("individual", ind);
	check_levels("unit", cJSON_GetObjectItem(levels, "unit"));
	assert_string_equal(s(cJSON_GetArrayItem(ind, 0), "name_zh"), "学生会员");
	assert_int_equal(json_int_or(cJSON_GetArrayItem(ind, 0), "annual_fee", 0), 10000);

	get("/api/v1/levels", 200, &r);   /* both types */
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")),
	                 cJSON_GetArraySize(ind) +
	                 cJSON_GetArraySize(cJSON_GetObjectItem(levels, "unit")));
	assert_string_equal(s(cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0),
	                      "member_type"), "individual");
	http_reply_free(&r);

	get("/api/v1/levels?member_type=robot", 422, &r);
	assert_string_equal(http_error_code(&r), "validation");
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(
		cJSON_GetObjectItem(r.json, "error"), "fields"), "member_type"));
	http_reply_free(&r);
	cJSON_Delete(levels);
}

static void test_terms(void **state)
{
	struct http_reply r;
	cJSON *terms = shipped("terms.json"), *p;
	const char *body;
	size_t at = 0;

	get("/api/v1/terms", 200, &r);
	assert_string_equal(s(r.json, "title_zh"), "入会须知");
	assert_string_equal(s(r.json, "version"), s(terms, "version"));
	assert_string_equal(s(r.json, "title_en"), s(terms, "title_en"));
	/* every shipped paragraph, in order, split by blank lines */
	body = s(r.json, "body_zh");
	cJSON_ArrayForEach(p, cJSON_GetObjectItem(terms, "body_zh")) {
		size_t n = strlen(p->valuestring);
		assert_memory_equal(body + at, p->valuestring, n);
		at += n;
		if (p->next) {
			assert_memory_equal(body + at, "\n\n", 2);
			at += 2;
		}
	}
	assert_int_equal(strlen(body), at);
	assert_non_null(strstr(s(r.json, "body_en"), "Articles of Association"));
	http_reply_free(&r);
	cJSON_Delete(terms);
}

static void test_forms(void **state)
{
	static const char *const types[] = { "individual", "unit" };
	struct http_reply r;

	for (int i = 0; i < 2; i++) {
		char path[64], rel[64];
		cJSON *want;
		snprintf(path, sizeof path, "/api/v1/forms/%s", types[i]);
		snprintf(rel, sizeof rel, "forms/%s.json", types[i]);
		want = shipped(rel);
		get(path, 200, &r);
		/* the schema is served exactly as shipped */
		assert_true(cJSON_Compare(r.json, want, true));
		http_reply_free(&r);
		cJSON_Delete(want);
	}
	get("/api/v1/forms/robot", 404, &r);
	assert_string_equal(http_error_code(&r), "not_found");
	http_reply_free(&r);
}

static void test_bank_account(void **state)
{
	struct http_reply r;
	cJSON *bank = shipped("bank.json");

	get("/api/v1/bank-account", 200, &r);
	assert_string_equal(s(r.json, "account_name"), s(bank, "account_name"));
	assert_string_equal(s(r.json, "bank"), s(bank, "bank"));
	assert_string_equal(s(r.json, "account_no"), s(bank, "account_no"));
	assert_string_equal(s(r.json, "note_zh"), s(bank, "note_zh"));
	http_reply_free(&r);
	cJSON_Delete(bank);
}

/* A client that kept an answer revalidates it with its ETag and gets 304. */
static void test_etag(void **state)
{
	static const char *const paths[] = {
		"/api/v1/orgs", "/api/v1/levels?member_type=unit", "/api/v1/terms",
		"/api/v1/forms/unit", "/api/v1/bank-account",
	};

	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct http_reply r, again;
		char *etag, *cc, hdr[256];
		const char *hdrs[] = { hdr, NULL };

		get(paths[i], 200, &r);
		etag = http_reply_header(&r, "ETag");
		cc = http_reply_header(&r, "Cache-Control");
		assert_non_null(etag);
		assert_non_null(cc);
		assert_non_null(strstr(cc, "max-age="));
		snprintf(hdr, sizeof hdr, "If-None-Match: %s", etag);
		assert_int_equal(http_req_ex(&ts_group, "GET", paths[i], NULL, hdrs, NULL, 0, 0,
		                             &again), 0);
		assert_int_equal(again.status, 304);
		assert_int_equal(again.len, 0);
		http_reply_free(&again);
		/* and a stale tag gets the body */
		snprintf(hdr, sizeof hdr, "If-None-Match: \"stale\"");
		assert_int_equal(http_req_ex(&ts_group, "GET", paths[i], NULL, hdrs, NULL, 0, 0,
		                             &again), 0);
		assert_int_equal(again.status, 200);
		assert_int_equal(again.len, r.len);
		http_reply_free(&again);
		free(etag);
		free(cc);
		http_reply_free(&r);
	}
}

/* bj_staff and sh_staff exist after init --demo, bound to their branches,
 * and staff (only) read the rejection reasons. */
static void test_demo_officers_and_reasons(void **state)
{
	struct http_reply r, orgs;
	char *bj = ts_login(&ts_group, "bj_staff", "Branch-Demo-2026");
	char *sh = ts_login(&ts_group, "sh_staff", "Branch-Demo-2026");
	char *member = ts_login(&ts_group, "demo", "Member-Demo-2026");
	const cJSON *e;

	assert_non_null(bj);
	assert_non_null(sh);
	assert_non_null(member);
	get("/api/v1/orgs", 200, &orgs);
	assert_int_equal(http_req(&ts_group, "GET", "/api/v1/me", bj, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(s(r.json, "role"), "branch_staff");
	assert_int_equal(json_int_or(r.json, "org_id", 0),
	                 json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(orgs.json, "items"), 1),
	                             "id", -1));   /* BJ */
	http_reply_free(&r);
	assert_int_equal(http_req(&ts_group, "GET", "/api/v1/me", sh, NULL, &r), 0);
	assert_int_equal(json_int_or(r.json, "org_id", 0),
	                 json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(orgs.json, "items"), 2),
	                             "id", -1));   /* SH */
	http_reply_free(&r);
	http_reply_free(&orgs);

	get("/api/v1/reason-templates", 401, &r);
	http_reply_free(&r);
	assert_int_equal(http_req(&ts_group, "GET", "/api/v1/reason-templates", member, NULL, &r), 0);
	assert_int_equal(r.status, 403);
	http_reply_free(&r);
	assert_int_equal(http_req(&ts_group, "GET", "/api/v1/reason-templates?scope=bank_transfer",
	                          bj, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items")) >= 2);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(r.json, "items")) {
		const char *scope = s(e, "scope");
		assert_true(strcmp(scope, "bank_transfer") == 0 || strcmp(scope, "any") == 0);
		assert_true(strlen(s(e, "text_zh")) > 0);
	}
	http_reply_free(&r);
	/* a logged-in caller reads the public routes as well */
	assert_int_equal(http_req(&ts_group, "GET", "/api/v1/terms", member, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	free(bj);
	free(sh);
	free(member);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orgs),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_bank_account),
		cmocka_unit_test(test_etag),
		cmocka_unit_test(test_demo_officers_and_reasons),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
