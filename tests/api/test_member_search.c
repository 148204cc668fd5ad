/* Member search on its trigram index, against a real rosterd on a database
 * seeded with `rosterd seed`: every search answers exactly the members
 * whose username, name, e-mail, mobile, member number or credit code holds
 * the text (any ASCII case), for long texts (found through the index) and
 * texts of one or two characters (which trigrams cannot find; Chinese ones
 * through the index of tripled characters), in Chinese and digits, and
 * letters beyond ASCII in their own case (SQLite); the
 * indexes follow a member's changes (an approved profile
 * change of the mobile, an e-mail changed, an application submitted); the
 * statistics count the seeded members right and the CSV export holds them
 * all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

#define SEEDED 400

static char *hq;
static cJSON *everyone;   /* every member, read page by page without a search */

/* percent-encode s into out */
static void enc(const char *s, char *out, size_t len)
{
	size_t o = 0;

	for (; *s && o + 4 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, len - o, "%%%02X", c);
	}
	out[o] = '\0';
}

/* every member the search q answers (all its pages); *total the total it says */
static cJSON *search_all(const char *q, int64_t *total)
{
	cJSON *all = cJSON_CreateArray();
	char eq[256], path[400];

	enc(q, eq, sizeof eq);
	for (int page = 1;; page++) {
		cJSON *r, *items;
		int n;

		snprintf(path, sizeof path, "/api/v1/members?q=%s&per_page=100&page=%d", eq, page);
		r = fx_call(&ts_group, "GET", path, hq, NULL, 200);
		items = cJSON_GetObjectItem(r, "items");
		if (!items)
			items = cJSON_GetObjectItem(r, "data");
		assert_non_null(items);
		n = cJSON_GetArraySize(items);
		*total = json_int_or(r, "total", -1);
		while (cJSON_GetArraySize(items) > 0)
			cJSON_AddItemToArray(all, cJSON_DetachItemFromArray(items, 0));
		cJSON_Delete(r);
		if (n < 100)
			break;
	}
	return all;
}

/* s holds q, ASCII letters in any case (as LIKE compares) */
static bool holds(const char *s, const char *q)
{
	size_t n = strlen(q);

	for (; s && *s; s++)
		if (!strncasecmp(s, q, n))
			return true;
	return false;
}

static bool member_holds(const cJSON *m, const char *q)
{
	static const char *const keys[] = {
		"username", "name", "email", "mobile", "member_no", "uscc",
	};

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (holds(json_str_or(m, keys[i], ""), q))
			return true;
	return false;
}

static bool has_id(const cJSON *list, int64_t id)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, list)
		if (json_int_or(it, "id", 0) == id)
			return true;
	return false;
}

/* The search answers exactly the members (of everyone) that hold q. */
static void same_as_scan(const char *q, int at_least)
{
	int64_t total = -1;
	cJSON *found = search_all(q, &total);
	const cJSON *it;
	int want = 0;

	cJSON_ArrayForEach(it, everyone) {
		if (member_holds(it, q)) {
			want++;
			if (!has_id(found, json_int_or(it, "id", 0)))
				fail_msg("q=%s misses member %s", q, json_str_or(it, "username", ""));
		}
	}
	cJSON_ArrayForEach(it, found)
		if (!member_holds(it, q))
			fail_msg("q=%s answers %s, which does not hold it", q,
			         json_str_or(it, "username", ""));
	assert_int_equal(cJSON_GetArraySize(found), want);
	assert_int_equal(total, want);
	assert_true(want >= at_least);
	cJSON_Delete(found);
}

static int setup(void **state)
{
	static const char *const seed[] = {
		"seed", "--members", "400", "--orders", "1500", "--seed", "17", NULL
	};
	int64_t total;

	if (ts_group_setup(state) != 0)
		return -1;
	if (ts_rosterd(&ts_group, seed, NULL) != 0)
		return -1;
	hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	if (!hq)
		return -1;
	everyone = search_all("", &total);
	return cJSON_GetArraySize(everyone) == total && total >= SEEDED ? 0 : -1;
}

static int teardown(void **state)
{
	cJSON_Delete(everyone);
	free(hq);
	return ts_group_teardown(state);
}

/* a field of the n-th seeded member that has one */
static const char *field_of(const char *key, int n)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, everyone) {
		const char *v = json_str_or(it, key, "");

		if (*v && n-- == 0)
			return v;
	}
	return "";
}

/* the first five bytes of a username that another username also starts
 * with; which seeded member that is follows the register's order, which
 * moves with today's date */
static void shared_start(char *part, size_t size)
{
	const cJSON *it, *other;

	cJSON_ArrayForEach(it, everyone) {
		const char *u = json_str_or(it, "username", "");

		if (strlen(u) < 5)
			continue;
		cJSON_ArrayForEach(other, everyone)
			if (other != it &&
			    !strncmp(json_str_or(other, "username", ""), u, 5)) {
				snprintf(part, size, "%.5s", u);
				return;
			}
	}
	fail_msg("no two seeded usernames start alike");
}

static void test_usernames(void **state)
{
	char part[64];
	const char *u = field_of("username", 37);

	(void)state;
	same_as_scan(u, 1);                        /* a whole username */
	shared_start(part, sizeof part);           /* a start: many */
	same_as_scan(part, 2);
	same_as_scan("WANG", 1);                   /* any ASCII case */
	same_as_scan("example.cn", 10);            /* e-mail domains */
	same_as_scan("li", 10);                    /* two letters: no trigram */
	same_as_scan("x", 1);
}

static void test_chinese_names(void **state)
{
	char one[8], two[16];
	const char *name = field_of("name", 11);

	(void)state;
	same_as_scan(name, 1);                     /* a whole name */
	memcpy(one, name, 3);                      /* its surname: one character */
	one[3] = '\0';
	same_as_scan(one, 5);
	snprintf(two, sizeof two, "%.6s", name);   /* two characters */
	same_as_scan(two, 1);
	same_as_scan("科技有限公司", 1);           /* inside unit names */
	same_as_scan("研究院", 0);
}

static void test_mobiles_and_numbers(void **state)
{
	char part[16];
	const char *mobile = field_of("mobile", 101), *no = field_of("member_no", 23);

	(void)state;
	same_as_scan(mobile, 1);
	snprintf(part, sizeof part, "%.5s", mobile + 3);   /* the middle of it */
	same_as_scan(part, 1);
	same_as_scan(mobile + 7, 1);                       /* its last four digits */
	same_as_scan("13", 10);
	same_as_scan(no, 1);
	same_as_scan("M20", 10);
	same_as_scan("91", 1);                             /* credit codes */
}

static void test_odd_texts(void **state)
{
	int64_t total = -1;
	cJSON *found;

	(void)state;
	/* wildcards and quotes are text, not patterns nor query syntax */
	found = search_all("%", &total);
	assert_int_equal(total, 0);
	cJSON_Delete(found);
	found = search_all("wa_g", &total);
	assert_int_equal(total, 0);
	cJSON_Delete(found);
	found = search_all("\"wang\" OR li", &total);
	assert_int_equal(total, 0);
	cJSON_Delete(found);
	found = search_all("NEAR(wang li)", &total);
	assert_int_equal(total, 0);
	cJSON_Delete(found);
	same_as_scan("wang\"", 0);
}

static int64_t find_one(const char *q)
{
	int64_t total = -1, id;
	cJSON *found = search_all(q, &total);

	id = total == 1 ? json_int_or(cJSON_GetArrayItem(found, 0), "id", 0) : 0;
	cJSON_Delete(found);
	return total == 1 ? id : -total;
}

static void test_follows_changes(void **state)
{
	char *tok, path[128];
	int64_t id, before, total;
	cJSON *a, *found;

	(void)state;
	/* a new member is found by username once registered, by name once
	 * the join is submitted (a draft's name is the applicant's alone) */
	tok = fx_register(&ts_group, "searchtest");
	id = find_one("searchtest");
	assert_true(id > 0);
	fx_draft(&ts_group, tok, "BJ", "regular", fx_profile("欧阳测试"));
	assert_int_equal(find_one("欧阳测试"), 0);
	fx_upload_form(&ts_group, tok);
	fx_submit(&ts_group, tok);
	assert_int_equal(find_one("欧阳测试"), id);
	/* two characters of it: too short for trigrams, found all the same */
	assert_int_equal(find_one("测试"), id);
	fx_approve(&ts_group, fx_join_id(&ts_group, tok), "BJ");

	/* an approved profile change of the mobile: found by the new one */
	before = find_one("13912345670");
	assert_int_equal(before, 0);
	a = fx_call(&ts_group, "POST", "/api/v1/member/profile-changes", tok,
	            "{\"profile\":{\"mobile\":\"13912345670\"}}", 201);
	assert_int_equal(find_one("13912345670"), 0);      /* not before approval */
	assert_int_equal(fx_decide_as(&ts_group, "bj_staff", json_int_or(a, "id", 0),
	                              "approve", NULL), 200);
	cJSON_Delete(a);
	assert_int_equal(find_one("13912345670"), id);
	assert_int_equal(find_one("2345670"), id);

	/* the name changed through a profile change */
	a = fx_call(&ts_group, "POST", "/api/v1/member/profile-changes", tok,
	            "{\"profile\":{\"name\":\"欧阳新名\"}}", 201);
	assert_int_equal(fx_decide_as(&ts_group, "bj_staff", json_int_or(a, "id", 0),
	                              "approve", NULL), 200);
	cJSON_Delete(a);
	assert_int_equal(find_one("欧阳新名"), id);
	assert_int_equal(find_one("新名"), id);
	assert_int_equal(find_one("测试"), 0);
	snprintf(path, sizeof path, "/api/v1/members/%lld", (long long)id);
	a = fx_call(&ts_group, "GET", path, hq, NULL, 200);
	cJSON_Delete(a);

	/* a branch officer's search stays in the branch */
	free(tok);
	tok = ts_login(&ts_group, "sh_staff", "Branch-Demo-2026");
	if (tok) {
		a = fx_call(&ts_group, "GET", "/api/v1/members?q=searchtest", tok, NULL, 200);
		assert_int_equal(json_int_or(a, "total", -1), 0);
		cJSON_Delete(a);
	}
	found = search_all("searchtest", &total);
	assert_int_equal(total, 1);
	cJSON_Delete(found);
	free(tok);
}

/* Every page of a search says the same total, whether the page ends
 * before the last member found, on it, or starts past it, and holds the
 * members it should. */
static void test_totals_on_every_page(void **state)
{
	static const char *const texts[] = { "example.cn", "M20", "li", NULL };
	char path[160];

	(void)state;
	for (int t = 0; texts[t]; t++) {
		int64_t n = -1;
		cJSON *all = search_all(texts[t], &n);
		int per[] = { 1, 7, (int)n - 1, (int)n, (int)n + 1 };

		assert_true(n >= 2);
		cJSON_Delete(all);
		for (size_t k = 0; k < sizeof per / sizeof per[0]; k++) {
			if (per[k] < 1 || per[k] > 100)
				continue;
			for (int page = 1; page <= n / per[k] + 2; page++) {
				cJSON *r;
				int64_t want = n - (int64_t)(page - 1) * per[k];

				if (per[k] == 1 && page > 3 && page < n - 2)
					continue;   /* the middle of a long walk: as any */
				snprintf(path, sizeof path, "/api/v1/members?q=%s&per_page=%d&page=%d",
				         texts[t], per[k], page);
				r = fx_call(&ts_group, "GET", path, hq, NULL, 200);
				want = want < 0 ? 0 : want > per[k] ? per[k] : want;
				assert_int_equal(json_int_or(r, "total", -1), n);
				assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "items")), want);
				cJSON_Delete(r);
			}
		}
	}
}

/* A member who registers and submits a join with the given name; its id */
static int64_t member_named(const char *username, const char *name)
{
	char *tok = fx_register(&ts_group, username);
	int64_t id;

	fx_draft(&ts_group, tok, "BJ", "regular", fx_profile(name));
	fx_upload_form(&ts_group, tok);
	fx_submit(&ts_group, tok);
	free(tok);
	id = find_one(username);
	assert_true(id > 0);
	return id;
}

/* Letters beyond ASCII. On SQLite the index folds the case of every
 * letter and LIKE of ASCII letters alone, and LIKE decides: a search of
 * ASCII text answers a name spelt with KELVIN SIGN (U+212A) or LONG S
 * (U+017F), which the index folds to 'k' and 's', only where the search
 * holds those characters themselves, and an accented letter does not
 * answer its other case. On PostgreSQL ILIKE folds them as the database's
 * locale does, so there only what every backend answers is asserted: each
 * text found by itself. */
static void test_case_beyond_ascii(void **state)
{
	bool sqlite = !ts_db_is_pg(&ts_group);
	int64_t id = member_named("casetest", "\u6d4b\u212aelvinzq \u017ftrazq \u00e9colezq");
	int64_t b = member_named("casetestb", "\u6d4b\u00e7lairzq");

	(void)state;
	assert_int_equal(find_one("elvinzq"), id);       /* through the index */
	assert_int_equal(find_one("\xe2\x84\xaa" "elvinzq"), id);
	assert_int_equal(find_one("trazq"), id);
	assert_int_equal(find_one("\xc5\xbf" "trazq"), id);
	assert_int_equal(find_one("\xc3\xa9" "colezq"), id);
	assert_int_equal(find_one("\xc3\xa9"), id);            /* one character */
	assert_int_equal(find_one("\xc3\xa7" "lairzq"), b);
	assert_int_equal(find_one("\xc3\xa7"), b);
	if (!sqlite)
		return;
	assert_int_equal(find_one("kelvinzq"), 0);       /* 'k' is not U+212A */
	assert_int_equal(find_one("KELVINZQ"), 0);
	assert_int_equal(find_one("strazq"), 0);         /* 's' is not U+017F */
	assert_int_equal(find_one("\xc3\x89" "colezq"), 0);   /* not its upper case */
	assert_int_equal(find_one("\xc3\x89"), 0);
	/* and without those two in the text */
	assert_int_equal(find_one("\xc3\x87" "lairzq"), 0);
	assert_int_equal(find_one("\xc3\x87"), 0);
}

/* GET /stats counts the seeded members right: its figures are those of
 * the member list read one by one. */
static void test_stats_numbers(void **state)
{
	cJSON *st = fx_call(&ts_group, "GET", "/api/v1/stats", hq, NULL, 200);
	const cJSON *it, *m;
	int64_t sum = 0;

	(void)state;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(st, "by_status")) {
		const char *status = json_str_or(it, "status", "");
		int64_t want = 0;

		cJSON_ArrayForEach(m, everyone)
			want += !strcmp(json_str_or(m, "effective_status", ""), status);
		assert_int_equal(json_int_or(it, "count", -1), want);
		sum += want;
	}
	assert_int_equal(sum, cJSON_GetArraySize(everyone));
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(st, "by_branch")) {
		int64_t want = 0, active = 0, org = json_int_or(it, "id", 0);

		cJSON_ArrayForEach(m, everyone) {
			const char *eff = json_str_or(m, "effective_status", "");

			if (json_int_or(cJSON_GetObjectItem(m, "org"), "id", 0) != org)
				continue;
			want++;
			active += !strcmp(eff, "active") || !strcmp(eff, "grace");
		}
		assert_int_equal(json_int_or(it, "count", -1), want);
		assert_int_equal(json_int_or(it, "active", -1), active);
	}
	cJSON_Delete(st);
}

/* The CSV export holds every member: one line each after the header. */
static void test_export_all(void **state)
{
	size_t len = 0, lines = 0;
	char *csv = fx_get_raw(&ts_group, "/api/v1/members/export.csv?lang=en", hq, 200, &len);

	(void)state;
	for (size_t i = 0; i + 1 < len; i++)
		lines += csv[i] == '\r' && csv[i + 1] == '\n';
	assert_int_equal(lines, (size_t)cJSON_GetArraySize(everyone) + 1);
	free(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats_numbers),
		cmocka_unit_test(test_usernames),
		cmocka_unit_test(test_chinese_names),
		cmocka_unit_test(test_mobiles_and_numbers),
		cmocka_unit_test(test_totals_on_every_page),
		cmocka_unit_test(test_odd_texts),
		cmocka_unit_test(test_export_all),
		cmocka_unit_test(test_follows_changes),
		cmocka_unit_test(test_case_beyond_ascii),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
