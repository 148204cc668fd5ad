/* Every route in the route tables is documented: in the OpenAPI document
 * (merged from data/openapi/) with its method, and in roster-api(7). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "routes/routes.h"

static char *file_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, r;
	char tmp[65536];

	if (!f)
		return NULL;
	while ((r = fread(tmp, 1, sizeof tmp, f)) > 0) {
		buf = realloc(buf, n + r + 1);
		memcpy(buf + n, tmp, r);
		n += r;
		buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

static const char *datadir(void)
{
	const char *d = getenv("ROSTER_DATADIR");
	return d && *d ? d : "data";
}

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static void test_routes_in_openapi(void **state)
{
	cJSON *doc = openapi_build(datadir());
	int missing = 0;
	(void)state;

	assert_non_null(doc);
	const cJSON *paths = cJSON_GetObjectItemCaseSensitive(doc, "paths");
	assert_true(cJSON_IsObject(paths));
	for (const struct route *const *t = route_tables; *t; t++) {
		for (const struct route *r = *t; r->method; r++) {
			char method[16];
			snprintf(method, sizeof method, "%s", r->method);
			lower(method);
			const cJSON *item = cJSON_GetObjectItemCaseSensitive(paths, r->pattern);
			if (!cJSON_GetObjectItemCaseSensitive(item, method)) {
				fprintf(stderr, "not in the OpenAPI document: %s %s\n", r->method, r->pattern);
				missing++;
			}
		}
	}
	cJSON_Delete(doc);
	assert_int_equal(missing, 0);
}

static void test_routes_in_man_page(void **state)
{
	char path[512];
	int missing = 0;
	(void)state;

	snprintf(path, sizeof path, "%s/../man/roster-api.7", datadir());
	char *man = file_read(path);
	assert_non_null(man);
	for (const struct route *const *t = route_tables; *t; t++) {
		for (const struct route *r = *t; r->method; r++) {
			/* groff spells a minus '\-'; a plain '-' (a hyphen) counts too */
			char want[512];
			size_t j = 0;
			for (const char *p = r->pattern; *p && j < sizeof want - 3; p++) {
				if (*p == '-')
					want[j++] = '\\';
				want[j++] = *p;
			}
			want[j] = '\0';
			if (!strstr(man, want) && !strstr(man, r->pattern)) {
				fprintf(stderr, "not in roster-api(7): %s %s\n", r->method, r->pattern);
				missing++;
			}
		}
	}
	free(man);
	assert_int_equal(missing, 0);
}

static void test_openapi_parts_are_sound(void **state)
{
	(void)state;
	cJSON *doc = openapi_build(datadir());
	assert_non_null(doc);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "openapi");
	assert_true(cJSON_IsString(v));
	assert_int_equal(strncmp(v->valuestring, "3.", 2), 0);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(doc, "info"));
	/* every $ref points at something that exists */
	char *text = cJSON_PrintUnformatted(doc);
	const cJSON *comp = cJSON_GetObjectItemCaseSensitive(doc, "components");
	int bad = 0;
	for (const char *p = text; (p = strstr(p, "\"$ref\":\"#/components/")) != NULL; ) {
		p += strlen("\"$ref\":\"#/components/");
		const char *slash = strchr(p, '/'), *end = strchr(p, '"');
		char kind[64], name[128];
		snprintf(kind, sizeof kind, "%.*s", (int)(slash - p), p);
		snprintf(name, sizeof name, "%.*s", (int)(end - slash - 1), slash + 1);
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(comp, kind);
		if (!cJSON_GetObjectItemCaseSensitive(k, name)) {
			fprintf(stderr, "dangling $ref: #/components/%s/%s\n", kind, name);
			bad++;
		}
	}
	free(text);
	cJSON_Delete(doc);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openapi_parts_are_sound),
		cmocka_unit_test(test_routes_in_openapi),
		cmocka_unit_test(test_routes_in_man_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
