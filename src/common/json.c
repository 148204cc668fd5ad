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

/* ------------------------------------------------------------------------
 * The grammar of RFC 8259, checked before cJSON sees the text: cJSON takes
 * more than the RFC allows (raw control characters in strings, "01", "1.",
 * a NUL escape it cuts the string at), and a reader that accepts what
 * another refuses is one more place for two programs to disagree. The
 * checker also notes where the first \u0000 is, so that a caller can name
 * the field. */

#define JSON_MAX_DEPTH 512
#define JSON_PATH_MAX 128

struct jcheck {
	const char *p, *end;
	char path[JSON_PATH_MAX];  /* "profile.name", "items.2" */
	size_t plen;
	char nul_path[JSON_PATH_MAX];
	bool nul;
};

static void jc_ws(struct jcheck *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static int jc_hex4(const char *s)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char h = s[i];
		v <<= 4;
		if (h >= '0' && h <= '9')
			v |= h - '0';
		else if (h >= 'a' && h <= 'f')
			v |= h - 'a' + 10;
		else if (h >= 'A' && h <= 'F')
			v |= h - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* A string at c->p (the opening quote). When key is set, its raw text goes
 * there (cut to keylen - 1 bytes). */
static bool jc_string(struct jcheck *c, char *key, size_t keylen)
{
	size_t k = 0;

	c->p++;
	while (c->p < c->end && *c->p != '"') {
		unsigned char ch = (unsigned char)*c->p;
		if (ch < 0x20)
			return false;   /* raw control characters must be escaped */
		if (ch != '\\') {
			if (key && k + 1 < keylen)
				key[k++] = (char)ch;
			c->p++;
			continue;
		}
		if (c->end - c->p < 2)
			return false;
		char e = c->p[1];
		if (e == 'u') {
			if (c->end - c->p < 6)
				return false;
			int u = jc_hex4(c->p + 2);
			if (u < 0)
				return false;
			c->p += 6;
			if (u >= 0xD800 && u <= 0xDBFF) {
				/* a high surrogate needs its low half next */
				if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u')
					return false;
				int lo = jc_hex4(c->p + 2);
				if (lo < 0xDC00 || lo > 0xDFFF)
					return false;
				c->p += 6;
			} else if (u >= 0xDC00 && u <= 0xDFFF) {
				return false;
			} else if (u == 0 && !c->nul) {
				c->nul = true;
				memcpy(c->nul_path, c->path, c->plen + 1);
			}
			if (key && k + 1 < keylen)
				key[k++] = '?';
			continue;
		}
		if (!strchr("\"\\/bfnrt", e) || e == '\0')
			return false;
		if (key && k + 1 < keylen)
			key[k++] = e == '"' || e == '\\' || e == '/' ? e : '?';
		c->p += 2;
	}
	if (c->p >= c->end)
		return false;
	c->p++;
	if (key)
		key[k] = '\0';
	return true;
}

static bool jc_digits(struct jcheck *c)
{
	const char *start = c->p;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
		c->p++;
	return c->p > start;
}

static bool jc_number(struct jcheck *c)
{
	if (*c->p == '-')
		c->p++;
	if (c->p >= c->end)
		return false;
	if (*c->p == '0')
		c->p++;            /* no leading zeros: "01" ends after the 0 */
	else if (!jc_digits(c))
		return false;
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		if (!jc_digits(c))
			return false;   /* "1." */
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (!jc_digits(c))
			return false;   /* "1e" */
	}
	return true;
}

static bool jc_literal(struct jcheck *c, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return false;
	c->p += n;
	return true;
}

/* Append one component to the path; returns the old length to restore. */
static size_t jc_push(struct jcheck *c, const char *part)
{
	size_t old = c->plen;
	int n = snprintf(c->path + c->plen, sizeof c->path - c->plen, "%s%s",
	                 c->plen ? "." : "", part);

	if (n > 0)
		c->plen = c->plen + (size_t)n < sizeof c->path ? c->plen + (size_t)n : sizeof c->path - 1;
	return old;
}

static bool jc_value(struct jcheck *c, int depth);

static bool jc_container(struct jcheck *c, int depth)
{
	bool object = *c->p == '{';
	char close = object ? '}' : ']';
	size_t index = 0;

	if (depth >= JSON_MAX_DEPTH)
		return false;
	c->p++;
	jc_ws(c);
	if (c->p < c->end && *c->p == close) {
		c->p++;
		return true;
	}
	for (;;) {
		char part[JSON_PATH_MAX];
		size_t old;
		if (object) {
			if (c->p >= c->end || *c->p != '"' || !jc_string(c, part, sizeof part))
				return false;
			jc_ws(c);
			if (c->p >= c->end || *c->p != ':')
				return false;
			c->p++;
		} else {
			snprintf(part, sizeof part, "%zu", index++);
		}
		old = jc_push(c, part);
		bool ok = jc_value(c, depth + 1);
		c->plen = old;
		c->path[old] = '\0';
		if (!ok)
			return false;
		if (c->p >= c->end)
			return false;
		if (*c->p == close) {
			c->p++;
			return true;
		}
		if (*c->p != ',')
			return false;
		c->p++;
		jc_ws(c);   /* a comma followed by the close is a trailing comma */
		if (c->p < c->end && *c->p == close)
			return false;
	}
}

/* ws value ws */
static bool jc_value(struct jcheck *c, int depth)
{
	bool ok;

	jc_ws(c);
	if (c->p >= c->end)
		return false;
	switch (*c->p) {
	case '{':
	case '[':  ok = jc_container(c, depth); break;
	case '"':  ok = jc_string(c, NULL, 0); break;
	case 't':  ok = jc_literal(c, "true"); break;
	case 'f':  ok = jc_literal(c, "false"); break;
	case 'n':  ok = jc_literal(c, "null"); break;
	default:
		ok = (*c->p == '-' || (*c->p >= '0' && *c->p <= '9')) && jc_number(c);
	}
	jc_ws(c);
	return ok;
}

bool json_check(const char *buf, size_t len, char *nul_path, size_t nul_len)
{
	struct jcheck *c = xcalloc(1, sizeof *c);
	bool ok;

	c->p = buf;
	c->end = buf + len;
	ok = len > 0 && jc_value(c, 0) && c->p == c->end;
	if (nul_path && nul_len) {
		snprintf(nul_path, nul_len, "%s", ok && c->nul ? (c->nul_path[0] ? c->nul_path : "(body)") : "");
	}
	free(c);
	return ok;
}

cJSON *json_parse(const char *buf, size_t len, enum roster_err *err)
{
	enum roster_err unused;   /* where the error goes when the caller wants none */

	if (err == NULL)
		err = &unused;
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
	char nul_path[JSON_PATH_MAX];
	if (!json_check(buf, len, nul_path, sizeof nul_path)) {
		*err = ERR_BAD_JSON;
		return NULL;
	}
	if (nul_path[0]) {
		/* cJSON would cut the string at the NUL: a password would match
		 * its prefix alone */
		*err = ERR_VALIDATION;
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

/* What is wrong with the text s for a field that is (or is not) a single
 * line, as a msgid, or NULL. */
static const char *text_problem(const char *s, bool single_line)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r') {
			if (single_line)
				return N_("Must be a single line of text.");
		} else if (*p < 0x20 || *p == 0x7f) {
			return N_("Contains control characters that are not allowed.");
		}
	}
	return NULL;
}

static const char *tree_problem(const cJSON *node, const char *const *single_line,
                                char *path, size_t pathlen, size_t plen)
{
	size_t index = 0;

	for (const cJSON *c = node->child; c; c = c->next, index++) {
		char part[32];
		const char *name = c->string;
		if (!cJSON_IsObject(node)) {
			snprintf(part, sizeof part, "%zu", index);
			name = part;
		}
		int n = snprintf(path + plen, pathlen - plen, "%s%s", plen ? "." : "", name ? name : "");
		size_t nlen = n < 0 ? plen : plen + (size_t)n < pathlen ? plen + (size_t)n : pathlen - 1;
		const char *why = NULL;
		if (cJSON_IsObject(node) && name)
			why = text_problem(name, true);
		if (!why && cJSON_IsString(c) && c->valuestring) {
			bool one = false;
			for (const char *const *k = single_line; k && *k && name; k++)
				one = one || strcmp(*k, name) == 0;
			why = text_problem(c->valuestring, one);
		}
		if (!why && (cJSON_IsObject(c) || cJSON_IsArray(c)))
			why = tree_problem(c, single_line, path, pathlen, nlen);
		if (why)
			return why;
		path[plen] = '\0';
	}
	return NULL;
}

const char *json_text_problem(const cJSON *root, const char *const *single_line,
                              char *path, size_t pathlen)
{
	if (!path || pathlen == 0 || !root)
		return NULL;
	path[0] = '\0';
	if (cJSON_IsString(root) && root->valuestring)
		return text_problem(root->valuestring, false);
	if (!cJSON_IsObject(root) && !cJSON_IsArray(root))
		return NULL;
	return tree_problem(root, single_line, path, pathlen, 0);
}
