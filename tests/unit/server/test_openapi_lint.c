/* The served OpenAPI document passes the checks a standard linter makes
 * with its recommended rules (Redocly's "recommended" set), so client
 * generators can use it: every operation has a unique operationId, declares
 * its security (an empty list for public operations) with schemes that
 * exist, has a 4XX answer and a 2XX/3XX one, declares every {parameter} of
 * its path; `nullable` always stands beside a `type`; every $ref resolves;
 * info has a license; tags used are declared. Each rule is also tried on a
 * small broken document, so a rule that stopped checking would fail here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "routes/routes.h"

static const char *const methods[] = {
	"get", "put", "post", "delete", "patch", "head", "options", NULL
};

struct lint {
	const cJSON *doc;
	int problems;
	char first[512];               /* the first problem, for the log */
};

static void problem(struct lint *l, const char *what, const char *where, const char *detail)
{
	if (l->problems++ == 0)
		snprintf(l->first, sizeof l->first, "%.60s: %.380s %.60s", what, where, detail ? detail : "");
	fprintf(stderr, "openapi lint: %s: %s %s\n", what, where, detail ? detail : "");
}

/* "#/components/schemas/X" → the node, or NULL. */
static const cJSON *ref_target(const cJSON *doc, const char *ref)
{
	char buf[512], *save = NULL;
	const cJSON *at = doc;

	if (strncmp(ref, "#/", 2) != 0 || strlen(ref) >= sizeof buf)
		return NULL;
	snprintf(buf, sizeof buf, "%s", ref + 2);
	for (char *seg = strtok_r(buf, "/", &save); seg && at; seg = strtok_r(NULL, "/", &save))
		at = cJSON_GetObjectItemCaseSensitive(at, seg);
	return at;
}

/* $ref resolution and nullable-type-sibling, anywhere in the tree. */
static void walk(struct lint *l, const cJSON *node, const char *where)
{
	const cJSON *it;

	if (cJSON_IsObject(node)) {
		const cJSON *ref = cJSON_GetObjectItemCaseSensitive(node, "$ref");
		if (cJSON_IsString(ref) && !ref_target(l->doc, ref->valuestring))
			problem(l, "no-unresolved-refs", where, ref->valuestring);
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(node, "nullable")) &&
		    !cJSON_GetObjectItemCaseSensitive(node, "type"))
			problem(l, "nullable-type-sibling", where, NULL);
	}
	cJSON_ArrayForEach(it, node) {
		char sub[512];
		snprintf(sub, sizeof sub, "%.400s/%.100s", where, it->string ? it->string : "[]");
		walk(l, it, sub);
	}
}

static bool param_declared(const cJSON *list, const char *name)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, list) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(p, "name");
		const cJSON *in = cJSON_GetObjectItemCaseSensitive(p, "in");
		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0 &&
		    cJSON_IsString(in) && strcmp(in->valuestring, "path") == 0)
			return true;
	}
	return false;
}

static void lint_operation(struct lint *l, const char *path, const char *method,
                           const cJSON *op, const cJSON *item_params, cJSON *ids)
{
	char where[512];
	const cJSON *schemes = ref_target(l->doc, "#/components/securitySchemes");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(op, "operationId");
	const cJSON *sec = cJSON_GetObjectItemCaseSensitive(op, "security");
	const cJSON *resp = cJSON_GetObjectItemCaseSensitive(op, "responses");
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(op, "parameters");
	const cJSON *r, *s;
	bool has4xx = false, has2xx = false;

	snprintf(where, sizeof where, "%s %s", method, path);
	if (!cJSON_IsString(id) || !*id->valuestring)
		problem(l, "operation-operationId", where, NULL);
	else if (cJSON_GetObjectItemCaseSensitive(ids, id->valuestring))
		problem(l, "operation-operationId-unique", where, id->valuestring);
	else
		cJSON_AddTrueToObject(ids, id->valuestring);

	if (!cJSON_IsArray(sec) && !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(l->doc, "security")))
		problem(l, "security-defined", where, NULL);
	cJSON_ArrayForEach(s, sec) {
		const cJSON *name;
		cJSON_ArrayForEach(name, s)
			if (!cJSON_GetObjectItemCaseSensitive(schemes, name->string))
				problem(l, "security-defined", where, name->string);
	}

	cJSON_ArrayForEach(r, resp) {
		if (r->string[0] == '4')
			has4xx = true;
		if (r->string[0] == '2' || r->string[0] == '3')
			has2xx = true;
	}
	if (!has4xx)
		problem(l, "operation-4xx-response", where, NULL);
	if (!has2xx)
		problem(l, "operation-2xx-response", where, NULL);

	/* every {name} of the path is a declared path parameter */
	for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		char name[64];
		if (!e || (size_t)(e - p - 1) >= sizeof name)
			break;
		snprintf(name, sizeof name, "%.*s", (int)(e - p - 1), p + 1);
		if (!param_declared(params, name) && !param_declared(item_params, name))
			problem(l, "path-parameters-defined", where, name);
	}

	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(op, "tags"), *t;
	const cJSON *declared = cJSON_GetObjectItemCaseSensitive(l->doc, "tags");
	cJSON_ArrayForEach(t, tags) {
		const cJSON *d;
		bool found = false;
		cJSON_ArrayForEach(d, declared) {
			const cJSON *n = cJSON_GetObjectItemCaseSensitive(d, "name");
			if (cJSON_IsString(n) && cJSON_IsString(t) && strcmp(n->valuestring, t->valuestring) == 0)
				found = true;
		}
		if (!found)
			problem(l, "operation-tag-defined", where, cJSON_IsString(t) ? t->valuestring : "?");
	}
}

static int lint(const cJSON *doc, char first[512])
{
	struct lint l = { .doc = doc };
	cJSON *ids = cJSON_CreateObject();
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(doc, "info");
	const cJSON *item;

	if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(info, "license")))
		problem(&l, "info-license", "info", NULL);
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(doc, "paths")) {
		const cJSON *item_params = cJSON_GetObjectItemCaseSensitive(item, "parameters");
		for (const char *const *m = methods; *m; m++) {
			const cJSON *op = cJSON_GetObjectItemCaseSensitive(item, *m);
			if (op)
				lint_operation(&l, item->string, *m, op, item_params, ids);
		}
	}
	walk(&l, doc, "#");
	cJSON_Delete(ids);
	if (first)
		snprintf(first, 512, "%s", l.first);
	return l.problems;
}

static const char *datadir(void)
{
	const char *d = getenv("ROSTER_DATADIR");
	return d && *d ? d : "data";
}

static void test_served_document_is_clean(void **state)
{
	cJSON *doc = openapi_build(datadir());
	char first[512];
	(void)state;

	assert_non_null(doc);
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "paths")) > 50);
	int n = lint(doc, first);
	if (n)
		fprintf(stderr, "%d problems, first: %s\n", n, first);
	assert_int_equal(n, 0);
	cJSON_Delete(doc);
}

/* A clean little document, then one defect at a time: each must be seen. */
static const char *const clean_doc =
	"{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\","
	"\"license\":{\"name\":\"MIT\"}},\"tags\":[{\"name\":\"x\"}],"
	"\"paths\":{\"/a/{id}\":{\"get\":{\"operationId\":\"getA\",\"tags\":[\"x\"],"
	"\"security\":[{\"bearer\":[]}],\"parameters\":[{\"name\":\"id\",\"in\":\"path\","
	"\"required\":true,\"schema\":{\"type\":\"integer\"}}],"
	"\"responses\":{\"200\":{\"description\":\"ok\",\"content\":{\"application/json\":"
	"{\"schema\":{\"type\":\"object\",\"nullable\":true,\"allOf\":[{\"$ref\":"
	"\"#/components/schemas/A\"}]}}}},\"404\":{\"description\":\"no\"}}}},"
	"\"/b\":{\"get\":{\"operationId\":\"getB\",\"security\":[],"
	"\"responses\":{\"200\":{\"description\":\"ok\"},\"400\":{\"description\":\"bad\"}}}}},"
	"\"components\":{\"securitySchemes\":{\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\"}},"
	"\"schemas\":{\"A\":{\"type\":\"object\"}}}}";

static int lint_text(const char *text)
{
	cJSON *doc = cJSON_Parse(text);
	assert_non_null(doc);
	int n = lint(doc, NULL);
	cJSON_Delete(doc);
	return n;
}

/* clean_doc with the first occurrence of from replaced by to */
static int lint_with(const char *from, const char *to)
{
	const char *at = strstr(clean_doc, from);
	assert_non_null(at);
	size_t len = strlen(clean_doc) - strlen(from) + strlen(to) + 1;
	char *s = malloc(len);
	assert_non_null(s);
	snprintf(s, len, "%.*s%s%s", (int)(at - clean_doc), clean_doc, to, at + strlen(from));
	int n = lint_text(s);
	free(s);
	return n;
}

static void test_each_rule_catches_its_defect(void **state)
{
	(void)state;
	assert_int_equal(lint_text(clean_doc), 0);
	/* no operationId; a repeated one */
	assert_int_equal(lint_with("\"operationId\":\"getA\",", ""), 1);
	assert_int_equal(lint_with("\"operationId\":\"getB\"", "\"operationId\":\"getA\""), 1);
	/* security: missing, and naming an unknown scheme */
	assert_int_equal(lint_with("\"security\":[],", ""), 1);
	assert_int_equal(lint_with("{\"bearer\":[]}", "{\"apikey\":[]}"), 1);
	/* no 4XX answer; no 2XX answer */
	assert_int_equal(lint_with(",\"400\":{\"description\":\"bad\"}", ""), 1);
	assert_int_equal(lint_with("\"200\":{\"description\":\"ok\"},\"400\"", "\"400\""), 1);
	/* nullable without type */
	assert_int_equal(lint_with("\"type\":\"object\",\"nullable\"", "\"nullable\""), 1);
	/* a $ref to nowhere */
	assert_int_equal(lint_with("schemas/A\"", "schemas/Z\""), 1);
	/* an undeclared path parameter */
	assert_int_equal(lint_with("\"name\":\"id\"", "\"name\":\"key\""), 1);
	/* no license */
	assert_int_equal(lint_with(",\"license\":{\"name\":\"MIT\"}", ""), 1);
	/* an undeclared tag */
	assert_int_equal(lint_with("\"tags\":[\"x\"]", "\"tags\":[\"y\"]"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_served_document_is_clean),
		cmocka_unit_test(test_each_rule_catches_its_defect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
