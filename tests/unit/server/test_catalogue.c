/* The catalogue: the shipped files pass their own checks, broken files are
 * refused with a useful line, loading is idempotent, and profiles are
 * checked against the shipped form schemas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "service/catalogue.h"
#include "store/catalogue.h"
#include "store/store.h"

static char tmpdir[] = "/tmp/roster-test-catalogue-XXXXXX";
static const char *datadir;   /* the repository's data/ */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static cJSON *load_json(const char *dir, const char *rel)
{
	char path[512];
	char *text;
	cJSON *j;

	snprintf(path, sizeof path, "%s/catalogue/%s", dir, rel);
	text = slurp(path);
	j = cJSON_Parse(text);
	free(text);
	assert_non_null(j);
	return j;
}

static void save_json(const char *dir, const char *rel, const cJSON *j)
{
	char path[512];
	char *text = cJSON_Print(j);
	FILE *f;

	snprintf(path, sizeof path, "%s/catalogue/%s", dir, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(text);
}

static void sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

/* A fresh copy of the shipped data under tmpdir/name. */
static char *copy_data(const char *name)
{
	char *dir = NULL;

	assert_true(asprintf(&dir, "%s/%s", tmpdir, name) > 0);
	sh("rm -rf '%s' && mkdir -p '%s' && cp -R '%s/catalogue' '%s/'", dir, dir,
	   datadir, dir);
	return dir;
}

/* --------------------------------------------------------- shipped files */

static void test_shipped_files_pass(void **state)
{
	char *err = NULL;

	if (catalogue_check(datadir, &err) != 0)
		fail_msg("shipped catalogue refused:\n%s", err);
	assert_null(err);
}

/* ------------------------------------------------------------ field check */

static cJSON *individual, *unit;

static cJSON *good_person(void)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddStringToObject(p, "name", "张伟明");
	cJSON_AddStringToObject(p, "gender", "female");
	cJSON_AddStringToObject(p, "birth_date", "1949-12-31");
	cJSON_AddStringToObject(p, "id_type", "id_card");
	cJSON_AddStringToObject(p, "id_number", "11010519491231002X");
	cJSON_AddStringToObject(p, "mobile", "13812345678");
	cJSON_AddStringToObject(p, "email", "zhang@example.com");
	cJSON_AddStringToObject(p, "address", "北京市海淀区示例路1号");
	cJSON_AddStringToObject(p, "postcode", "100080");
	cJSON_AddStringToObject(p, "education", "master");
	cJSON_AddStringToObject(p, "employer", "北京示例科技有限公司");
	cJSON_AddStringToObject(p, "resume", "1990年至今从事软件研发工作。\n主持多项课题。");
	return p;
}

static void set(cJSON *p, const char *k, const char *v)
{
	cJSON_DeleteItemFromObject(p, k);
	cJSON_AddStringToObject(p, k, v);
}

/* Runs the check and returns the field errors (caller deletes). */
static cJSON *check(const cJSON *schema, const cJSON *profile, bool all, int want)
{
	cJSON *errs = cJSON_CreateObject();
	int n = catalogue_field_check(schema, profile, all ? FIELD_CHECK_ALL : FIELD_CHECK_DRAFT, errs);

	if (n != want) {
		char *s = cJSON_Print(errs);
		fail_msg("%d problems, want %d: %s", n, want, s);
	}
	assert_int_equal(cJSON_GetArraySize(errs), want);
	return errs;
}

static void test_profile_valid(void **state)
{
	cJSON *p = good_person();

	cJSON_Delete(check(individual, p, true, 0));
	cJSON_Delete(check(individual, p, false, 0));
	/* a passport number is not checked as an identity card number */
	set(p, "id_type", "passport");
	set(p, "id_number", "E12345678");
	cJSON_Delete(check(individual, p, true, 0));
	cJSON_Delete(p);
}

static void test_profile_draft_and_required(void **state)
{
	cJSON *p = cJSON_CreateObject(), *errs;

	cJSON_AddStringToObject(p, "name", "李四");
	cJSON_AddNullToObject(p, "email");
	cJSON_AddStringToObject(p, "mobile", "   ");
	/* a draft: what is filled is fine, the rest may wait */
	cJSON_Delete(check(individual, p, false, 0));
	/* submit: every required field must be there */
	errs = cJSON_CreateObject();
	assert_true(catalogue_field_check(individual, p, FIELD_CHECK_ALL, errs) >= 8);
	assert_null(cJSON_GetObjectItem(errs, "name"));
	assert_non_null(cJSON_GetObjectItem(errs, "email"));
	assert_non_null(cJSON_GetObjectItem(errs, "mobile"));   /* blank */
	assert_non_null(cJSON_GetObjectItem(errs, "gender"));
	assert_non_null(cJSON_GetObjectItem(errs, "id_number"));
	assert_null(cJSON_GetObjectItem(errs, "postcode"));     /* optional */
	assert_null(cJSON_GetObjectItem(errs, "resume"));
	cJSON_Delete(errs);
	cJSON_Delete(p);
}

static void test_profile_bad_id_number(void **state)
{
	cJSON *p = good_person(), *errs;

	set(p, "id_number", "110105194912310021");   /* wrong check digit */
	errs = check(individual, p, true, 1);
	assert_non_null(cJSON_GetObjectItem(errs, "id_number"));
	cJSON_Delete(errs);
	/* a draft keeps it as typed: it is wrong only when submitted */
	cJSON_Delete(check(individual, p, false, 0));
	cJSON_Delete(p);
}

/* GB 11643: the number tells the birth date and the gender */
static void test_profile_id_holder(void **state)
{
	cJSON *p = good_person(), *errs;

	(void)state;
	set(p, "birth_date", "1950-01-01");
	set(p, "gender", "male");
	errs = check(individual, p, true, 2);
	assert_non_null(cJSON_GetObjectItem(errs, "birth_date"));
	assert_non_null(cJSON_GetObjectItem(errs, "gender"));
	cJSON_Delete(errs);
	cJSON_Delete(check(individual, p, false, 0));
	/* a passport says nothing of either */
	set(p, "id_type", "passport");
	set(p, "id_number", "E12345678");
	cJSON_Delete(check(individual, p, true, 0));
	cJSON_Delete(p);
}

static void test_profile_too_long(void **state)
{
	cJSON *p = good_person(), *errs;
	char name[51 * 3 + 1] = "";

	/* 50 characters (150 bytes) fit: the limit counts characters */
	for (int i = 0; i < 50; i++)
		strcat(name, "张");
	set(p, "name", name);
	cJSON_Delete(check(individual, p, true, 0));
	strcat(name, "张");
	set(p, "name", name);
	errs = check(individual, p, true, 1);
	assert_non_null(cJSON_GetObjectItem(errs, "name"));
	cJSON_Delete(errs);
	cJSON_Delete(p);
}

static void test_profile_unknown_option(void **state)
{
	cJSON *p = good_person(), *errs;

	set(p, "gender", "男");          /* the label, not the value */
	set(p, "education", "phd");
	errs = check(individual, p, false, 2);
	assert_non_null(cJSON_GetObjectItem(errs, "gender"));
	assert_non_null(cJSON_GetObjectItem(errs, "education"));
	cJSON_Delete(errs);
	cJSON_Delete(p);
}

static void test_profile_other_problems(void **state)
{
	cJSON *p = good_person(), *errs;

	set(p, "email", "not-an-address");
	set(p, "mobile", "12345");
	set(p, "birth_date", "1990-02-30");
	set(p, "postcode", "10008");
	set(p, "employer", "有\x01控制字符");
	cJSON_AddNumberToObject(p, "hacked", 1);      /* not in the schema */
	cJSON_DeleteItemFromObject(p, "address");
	cJSON_AddNumberToObject(p, "address", 42);   /* not text */
	/* a draft refuses only what no form can hold */
	errs = check(individual, p, false, 3);
	assert_non_null(cJSON_GetObjectItem(errs, "employer"));
	assert_non_null(cJSON_GetObjectItem(errs, "hacked"));
	assert_non_null(cJSON_GetObjectItem(errs, "address"));
	cJSON_Delete(errs);
	errs = check(individual, p, true, 7);
	assert_non_null(cJSON_GetObjectItem(errs, "email"));
	assert_non_null(cJSON_GetObjectItem(errs, "mobile"));
	assert_non_null(cJSON_GetObjectItem(errs, "birth_date"));
	assert_non_null(cJSON_GetObjectItem(errs, "postcode"));
	assert_non_null(cJSON_GetObjectItem(errs, "employer"));
	assert_non_null(cJSON_GetObjectItem(errs, "hacked"));
	assert_non_null(cJSON_GetObjectItem(errs, "address"));
	cJSON_Delete(errs);
	cJSON_Delete(p);
}

static void test_profile_unit(void **state)
{
	cJSON *p = cJSON_CreateObject(), *errs;

	cJSON_AddStringToObject(p, "unit_name", "上海示例信息技术有限公司");
	cJSON_AddStringToObject(p, "uscc", "91350100M000100Y43");
	cJSON_AddStringToObject(p, "unit_type", "enterprise");
	cJSON_AddStringToObject(p, "industry", "it");
	cJSON_AddStringToObject(p, "size", "50_299");
	cJSON_AddStringToObject(p, "address", "上海市徐汇区示例路1号");
	cJSON_AddStringToObject(p, "legal_rep", "王五");
	cJSON_AddStringToObject(p, "contact_name", "赵六");
	cJSON_AddStringToObject(p, "contact_mobile", "+8613912345678");
	cJSON_AddStringToObject(p, "contact_phone", "021-6400 5678");
	cJSON_AddStringToObject(p, "contact_email", "zhao@example.com");
	cJSON_Delete(check(unit, p, true, 0));
	set(p, "uscc", "91350100M000100Y44");        /* wrong check character */
	set(p, "contact_phone", "call me maybe");
	errs = check(unit, p, true, 2);
	assert_non_null(cJSON_GetObjectItem(errs, "uscc"));
	assert_non_null(cJSON_GetObjectItem(errs, "contact_phone"));
	cJSON_Delete(errs);
	cJSON_Delete(p);
}

/* ----------------------------------------------------------- schema check */

static void test_schema_problems(void **state)
{
	cJSON *s = cJSON_Duplicate(individual, true);
	cJSON *fields = cJSON_GetObjectItem(cJSON_GetArrayItem(
		cJSON_GetObjectItem(s, "sections"), 0), "fields");
	cJSON *f;
	char *why;

	why = catalogue_schema_problems(s, "individual");
	assert_null(why);
	why = catalogue_schema_problems(s, "unit");    /* wrong file */
	assert_non_null(why);
	assert_non_null(strstr(why, "member_type"));
	free(why);

	f = cJSON_GetArrayItem(fields, 0);
	cJSON_AddStringToObject(f, "validator", "horoscope");
	f = cJSON_GetArrayItem(fields, 1);
	cJSON_ReplaceItemInObject(f, "type", cJSON_CreateString("slider"));
	f = cJSON_GetArrayItem(fields, 2);
	cJSON_ReplaceItemInObject(f, "name", cJSON_CreateString("name"));  /* twice */
	f = cJSON_GetArrayItem(fields, 3);
	cJSON_ReplaceItemInObject(f, "max_len", cJSON_CreateNumber(-3));
	cJSON_AddTrueToObject(f, "requried");
	why = catalogue_schema_problems(s, "individual");
	assert_non_null(why);
	assert_non_null(strstr(why, "sections[0].fields[0].validator"));
	assert_non_null(strstr(why, "horoscope"));
	assert_non_null(strstr(why, "sections[0].fields[1].type"));
	assert_non_null(strstr(why, "sections[0].fields[2].name"));
	assert_non_null(strstr(why, "sections[0].fields[3].max_len"));
	assert_non_null(strstr(why, "requried"));
	free(why);
	cJSON_Delete(s);
}

static void test_bad_files_refused(void **state)
{
	char *dir = copy_data("bad"), *err = NULL;
	cJSON *levels = load_json(dir, "levels.json");
	cJSON *org = load_json(dir, "org.json");
	cJSON *ind = cJSON_GetObjectItem(levels, "individual");

	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(ind, 0), "annual_fee",
	                          cJSON_CreateNumber(-100));
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(ind, 1), "annual_fee",
	                          cJSON_CreateNumber(300.5));
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(ind, 2), "code",
	                          cJSON_CreateString("student"));
	save_json(dir, "levels.json", levels);
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(org, "branches"), 1),
	                          "code", cJSON_CreateString("BJ"));
	save_json(dir, "org.json", org);
	sh("printf '{\"version\": 1' > '%s/catalogue/terms.json'", dir);
	sh("rm '%s/catalogue/bank.json'", dir);

	assert_int_equal(catalogue_check(dir, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "catalogue/levels.json: individual[0].annual_fee"));
	assert_non_null(strstr(err, "catalogue/levels.json: individual[1].annual_fee"));
	assert_non_null(strstr(err, "catalogue/levels.json: individual[2].code"));
	assert_non_null(strstr(err, "catalogue/org.json: branches[1].code"));
	assert_non_null(strstr(err, "catalogue/terms.json: "));
	assert_non_null(strstr(err, "catalogue/bank.json: "));
	assert_null(strstr(err, "forms/"));   /* the good files say nothing */
	free(err);
	cJSON_Delete(levels);
	cJSON_Delete(org);
	free(dir);
}

/* ------------------------------------------------------------------ load */

static size_t count_sql(struct db *db, const char *what)
{
	struct org *orgs;
	struct level *levels;
	size_t n = 0;

	if (strcmp(what, "orgs") == 0) {
		assert_int_equal(store_org_list(db, true, &orgs, &n), ST_OK);
		orgs_free(orgs, n);
	} else {
		assert_int_equal(store_level_list(db, NULL, true, &levels, &n), ST_OK);
		levels_free(levels, n);
	}
	return n;
}

static void test_load_idempotent(void **state)
{
	char *dir = copy_data("load"), *err = NULL, *path = NULL, *v = NULL;
	struct db *db;
	struct org o, *orgs;
	struct level l, *levels;
	struct terms t;
	struct reason_template *rs;
	size_t n;
	int64_t bj_id, student_id;
	cJSON *schema;

	assert_true(asprintf(&path, "%s/roster.db", tmpdir) > 0);
	db = db_open(path);
	assert_non_null(db);
	assert_int_equal(store_migrate(db, NULL), ST_OK);
	if (catalogue_load(db, dir, &err) != 0)
		fail_msg("load: %s", err);

	assert_int_equal(count_sql(db, "orgs"), 5);
	assert_int_equal(count_sql(db, "levels"), 7);
	assert_int_equal(store_org_list(db, false, &orgs, &n), ST_OK);
	assert_int_equal(n, 5);
	assert_string_equal(orgs[0].code, "HQ");       /* HQ first */
	assert_string_equal(orgs[0].kind, "hq");
	assert_string_equal(orgs[1].code, "BJ");
	assert_string_equal(orgs[1].name_zh, "北京分会");
	assert_string_equal(orgs[1].kind, "branch");
	bj_id = orgs[1].id;
	orgs_free(orgs, n);
	assert_int_equal(store_level_list(db, "individual", false, &levels, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(levels[0].name_zh, "学生会员");
	assert_int_equal(levels[0].annual_fee, 10000);
	assert_string_equal(levels[2].name_zh, "高级会员");
	assert_int_equal(levels[2].annual_fee, 80000);
	student_id = levels[0].id;
	levels_free(levels, n);
	assert_int_equal(store_level_by_code(db, "vice_president", &l), ST_OK);
	assert_int_equal(l.annual_fee, 2000000);
	assert_string_equal(l.member_type, "unit");
	level_free(&l);
	assert_int_equal(store_terms_get(db, &t), ST_OK);
	assert_string_equal(t.title_zh, "入会须知");
	assert_non_null(strstr(t.body_zh, "\n\n二、"));
	terms_free(&t);
	assert_int_equal(store_setting_get(db, "association.name_zh", &v), ST_OK);
	assert_string_equal(v, "中国示例协会");
	free(v);
	assert_int_equal(store_setting_get(db, "bank.account_no", &v), ST_OK);
	assert_non_null(v);
	free(v);
	schema = catalogue_form(db, "unit");
	assert_non_null(schema);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(schema, "member_type")), "unit");
	cJSON_Delete(schema);
	assert_null(catalogue_form(db, "robot"));
	assert_int_equal(store_reason_list(db, "bank_transfer", &rs, &n), ST_OK);
	assert_int_equal(n, 3);   /* two for transfers and the "any" one */
	assert_string_equal(rs[n - 1].scope, "any");
	reasons_free(rs, n);

	/* again: nothing doubles, ids stay */
	assert_int_equal(catalogue_load(db, dir, &err), 0);
	assert_int_equal(count_sql(db, "orgs"), 5);
	assert_int_equal(count_sql(db, "levels"), 7);
	assert_int_equal(store_org_by_code(db, "BJ", &o), ST_OK);
	assert_int_equal(o.id, bj_id);
	org_free(&o);

	/* the operator raises a fee and closes a branch */
	{
		cJSON *levelsj = load_json(dir, "levels.json");
		cJSON *org = load_json(dir, "org.json");
		cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(levelsj,
			"individual"), 0), "annual_fee", cJSON_CreateNumber(12000));
		cJSON_DeleteItemFromArray(cJSON_GetObjectItem(org, "branches"), 2); /* GD */
		save_json(dir, "levels.json", levelsj);
		save_json(dir, "org.json", org);
		cJSON_Delete(levelsj);
		cJSON_Delete(org);
	}
	assert_int_equal(catalogue_load(db, dir, &err), 0);
	assert_int_equal(store_level_get(db, student_id, &l), ST_OK);
	assert_int_equal(l.annual_fee, 12000);
	level_free(&l);
	assert_int_equal(count_sql(db, "orgs"), 5);          /* kept … */
	assert_int_equal(store_org_by_code(db, "GD", &o), ST_OK);
	assert_false(o.active);                              /* … but closed */
	org_free(&o);
	assert_int_equal(store_org_list(db, false, &orgs, &n), ST_OK);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(orgs[i].code, "GD");
	orgs_free(orgs, n);

	/* a broken file changes nothing */
	sh("printf '{}' > '%s/catalogue/levels.json'", dir);
	assert_int_equal(catalogue_load(db, dir, &err), -1);
	free(err);
	assert_int_equal(count_sql(db, "levels"), 7);
	assert_int_equal(store_level_get(db, student_id, &l), ST_OK);
	assert_true(l.active);
	level_free(&l);

	db_close(db);
	free(path);
	free(dir);
}

static int setup(void **state)
{
	char *err = NULL, path[512];
	char *text;

	datadir = getenv("ROSTER_DATADIR");
	if (!datadir || !*datadir)
		datadir = "data";
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(path, sizeof path, "%s/catalogue/forms/individual.json", datadir);
	text = slurp(path);
	individual = cJSON_Parse(text);
	free(text);
	snprintf(path, sizeof path, "%s/catalogue/forms/unit.json", datadir);
	text = slurp(path);
	unit = cJSON_Parse(text);
	free(text);
	free(err);
	return individual && unit ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	cJSON_Delete(individual);
	cJSON_Delete(unit);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_files_pass),
		cmocka_unit_test(test_profile_valid),
		cmocka_unit_test(test_profile_draft_and_required),
		cmocka_unit_test(test_profile_bad_id_number),
		cmocka_unit_test(test_profile_id_holder),
		cmocka_unit_test(test_profile_too_long),
		cmocka_unit_test(test_profile_unknown_option),
		cmocka_unit_test(test_profile_other_problems),
		cmocka_unit_test(test_profile_unit),
		cmocka_unit_test(test_schema_problems),
		cmocka_unit_test(test_bad_files_refused),
		cmocka_unit_test(test_load_idempotent),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
