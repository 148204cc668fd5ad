/* Helpers over cJSON: bounded parsing of request bodies and typed getters
 * that collect field errors for a validation reply. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

/* Integers travel as JSON numbers, which cJSON keeps as double: beyond 2^53
 * a double no longer holds every integer, so larger values are refused
 * rather than silently rounded. */
#define JSON_INT_LIMIT 9007199254740992.0 /* 2^53 */

static void json_die(void)
{
	fprintf(stderr, "roster: out of memory (JSON)\n");
	abort();
}

static int json_key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* True when some object in the tree repeats a key. Which of two equal keys
 * a reader sees differs between parsers, so such a body is refused rather
 * than guessed at. Sorting keeps a huge object linear-logarithmic. */
static bool json_has_duplicate_keys(const cJSON *node)
{
	for (; node; node = node->next) {
		if (cJSON_IsObject(node)) {
			size_t n = 0;
			for (const cJSON *c = node->child; c; c = c->next)
				n++;
			if (n > 1) {
				const char **keys = xmalloc(n * sizeof *keys);
				size_t i = 0;
				for (const cJSON *c = node->child; c; c = c->next)
					keys[i++] = c->string ? c->string : "";
				qsort(keys, n, sizeof *keys, json_key_cmp);
				bool dup = false;
				for (i = 1; i < n && !dup; i++)
					dup = strcmp(keys[i - 1], keys[i]) == 0;
				free(keys);
				if (dup)
					return true;
			}
		}
		if ((cJSON_IsObject(node) || cJSON_IsArray(node)) &&
		    json_has_duplicate_keys(node->child))
			return true;
	}
	return false;
}

cJSON *json_parse(const char *buf, size_t len, enum roster_err *err)
{
	enum roster_err dummy;

	if (err == NULL)
		err = &dummy;
	if (buf == NULL && len > 0) {
		*err = ERR_BAD_JSON;
		return NULL;
	}
	if (!utf8_valid(buf, len)) {
		*err = ERR_BAD_UTF8;
		return NULL;
	}
	/* A raw NUL is never valid JSON, and a NUL-terminated copy would hide
	 * whatever follows it. */
	if (len == 0 || memchr(buf, '\0', len) != NULL) {
		*err = ERR_BAD_JSON;
		return NULL;
	}
	/* cJSON wants a terminated string: parse a copy, and require the value
	 * to be followed by nothing but whitespace */
	char *copy = xstrndup(buf, len);
	cJSON *root = cJSON_ParseWithOpts(copy, NULL, true);
	free(copy);
	if (root == NULL || !(cJSON_IsObject(root) || cJSON_IsArray(root)) ||
	    json_has_duplicate_keys(root)) {
		cJSON_Delete(root);
		*err = ERR_BAD_JSON;
		return NULL;
	}
	return root;
}

/* Adds errs[key] = why unless the field already has a complaint. */
static void json_complain(cJSON *errs, const char *key, const char *why)
{
	if (errs == NULL || cJSON_GetObjectItemCaseSensitive(errs, key) != NULL)
		return;
	if (cJSON_AddStringToObject(errs, key, why) == NULL)
		json_die();
}

/* Field or NULL when absent or JSON null. */
static const cJSON *json_field(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj) || key == NULL)
		return NULL;
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNull(it) ? NULL : it;
}

/* Common part of the getters: 1 when absent and optional, -1 when absent
 * and required, 0 when present. */
static int json_presence(const cJSON *it, const char *key, bool required, cJSON *errs)
{
	if (it != NULL)
		return 0;
	if (!required)
		return 1;
	json_complain(errs, key, N_("This field is required."));
	return -1;
}

static bool json_integral(const cJSON *it, int64_t *out)
{
	if (!cJSON_IsNumber(it))
		return false;
	double v = it->valuedouble;
	/* v != v: NaN, which no comparison with a limit would catch */
	if (v != v || v > JSON_INT_LIMIT || v < -JSON_INT_LIMIT)
		return false;
	if ((double)(int64_t)v != v)
		return false; /* has a fraction */
	*out = (int64_t)v;
	return true;
}

int json_get_str(const cJSON *obj, const char *key, bool required,
                 const char **out, cJSON *errs)
{
	const cJSON *it = json_field(obj, key);
	int rc = json_presence(it, key, required, errs);

	if (rc != 0)
		return rc;
	if (!cJSON_IsString(it) || it->valuestring == NULL) {
		json_complain(errs, key, N_("Must be text."));
		return -1;
	}
	*out = it->valuestring;
	return 0;
}

int json_get_int(const cJSON *obj, const char *key, bool required,
                 int64_t *out, cJSON *errs)
{
	const cJSON *it = json_field(obj, key);
	int rc = json_presence(it, key, required, errs);
	int64_t v;

	if (rc != 0)
		return rc;
	if (!json_integral(it, &v)) {
		json_complain(errs, key, N_("Must be a whole number."));
		return -1;
	}
	*out = v;
	return 0;
}

int json_get_bool(const cJSON *obj, const char *key, bool required,
                  bool *out, cJSON *errs)
{
	const cJSON *it = json_field(obj, key);
	int rc = json_presence(it, key, required, errs);

	if (rc != 0)
		return rc;
	if (!cJSON_IsBool(it)) {
		json_complain(errs, key, N_("Must be true or false."));
		return -1;
	}
	*out = cJSON_IsTrue(it);
	return 0;
}

const char *json_str_or(const cJSON *obj, const char *key, const char *dflt)
{
	const cJSON *it = json_field(obj, key);

	return cJSON_IsString(it) && it->valuestring ? it->valuestring : dflt;
}

int64_t json_int_or(const cJSON *obj, const char *key, int64_t dflt)
{
	int64_t v;

	return json_integral(json_field(obj, key), &v) ? v : dflt;
}

char *json_print(const cJSON *item)
{
	char *s = cJSON_PrintUnformatted(item);

	if (s == NULL)
		json_die();
	return s;
}

void json_add_str(cJSON *obj, const char *key, const char *val)
{
	cJSON *it = val ? cJSON_AddStringToObject(obj, key, val)
	                : cJSON_AddNullToObject(obj, key);
	if (it == NULL)
		json_die();
}

void json_add_int(cJSON *obj, const char *key, int64_t val)
{
	if (cJSON_AddNumberToObject(obj, key, (double)val) == NULL)
		json_die();
}

void json_add_bool(cJSON *obj, const char *key, bool val)
{
	if (cJSON_AddBoolToObject(obj, key, val) == NULL)
		json_die();
}
