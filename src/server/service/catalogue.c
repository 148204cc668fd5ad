/* The catalogue files: read, check every one, then load them all into the
 * database in one transaction (rosterd init). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/auth.h"
#include "service/catalogue.h"
#include "log.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"
#include "store/catalogue.h"
#include "store/store.h"

#define FILE_MAX (1024 * 1024)   /* bytes: a catalogue file is a few KiB */

static const char *const member_types[] = { "individual", "unit" };
static const char *const reason_scopes[] = {
	"application", "bank_transfer", "invoice", "any", NULL
};

/* Every file, parsed; NULL where it could not be read. */
struct files {
	cJSON *org, *levels, *terms, *bank, *reasons;
	cJSON *forms[2];             /* by member_types[] */
};

/* Problems found, one a line: "catalogue/FILE: where: what". */
struct problems {
	char *text;
	size_t len;
	const char *file;            /* the file being checked */
};

static void problem(struct problems *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct problems *p, const char *fmt, ...)
{
	va_list ap;
	char *s, *line;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	line = xasprintf("catalogue/%s: %s\n", p->file, s);
	p->text = xrealloc(p->text, p->len + strlen(line) + 1);
	memcpy(p->text + p->len, line, strlen(line) + 1);
	p->len += strlen(line);
	free(line);
	free(s);
}

static const char *str_of(const cJSON *obj, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static void need_text(struct problems *p, const cJSON *obj, const char *key,
                      const char *where)
{
	const char *s = str_of(obj, key);

	if (!s || !*s)
		problem(p, "%s%s: %s", where, key, _("missing, or not text"));
}

static void opt_text(struct problems *p, const cJSON *obj, const char *key,
                     const char *where)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v && !cJSON_IsNull(v) && !cJSON_IsString(v))
		problem(p, "%s%s: %s", where, key, _("not text"));
}

/* A whole number in [lo, hi] (JSON numbers are doubles; 2^53 is plenty). */
static bool whole(const cJSON *v, double lo, double hi)
{
	return cJSON_IsNumber(v) && v->valuedouble == (double)(int64_t)v->valuedouble &&
	       v->valuedouble >= lo && v->valuedouble <= hi;
}

/* Codes: upper case for organisations (BJ), lower case for the rest. */
static bool code_ok(const char *s, bool upper)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool letter = upper ? (c >= 'A' && c <= 'Z') : (c >= 'a' && c <= 'z');
		if (!letter && !(i > 0 && ((c >= '0' && c <= '9') || c == '_')))
			return false;
	}
	return true;
}

/* Note code in seen (an array of strings); a problem if it was there. */
static void unique_code(struct problems *p, cJSON *seen, const char *code,
                        const char *where)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, seen)
		if (strcmp(s->valuestring, code) == 0) {
			problem(p, "%scode: %s \"%s\"", where, _("duplicate code"), code);
			return;
		}
	cJSON_AddItemToArray(seen, cJSON_CreateString(code));
}

static cJSON *read_json(const char *dir, const char *name, struct problems *p)
{
	char *path = xasprintf("%s/catalogue/%s", dir, name), *buf = NULL;
	FILE *f = fopen(path, "rb");
	size_t len = 0;
	cJSON *json = NULL;
	enum roster_err e;

	p->file = name;
	if (!f) {
		problem(p, "%s", strerror(errno));
		goto out;
	}
	buf = xmalloc(FILE_MAX + 1);
	len = fread(buf, 1, FILE_MAX + 1, f);
	if (ferror(f))
		problem(p, "%s", strerror(errno));
	else if (len > FILE_MAX)
		problem(p, "%s", _("file too large"));
	else if (!(json = json_parse(buf, len, &e)))
		problem(p, "%s", _(err_message(e)));
	else if (!cJSON_IsObject(json)) {
		problem(p, "%s", _("the top level must be an object"));
		cJSON_Delete(json);
		json = NULL;
	}
	fclose(f);
out:
	free(buf);
	free(path);
	return json;
}

/* ----------------------------------------------------------------- checks */

static void check_org_entry(struct problems *p, const cJSON *o, const char *where,
                            cJSON *seen)
{
	const char *code = str_of(o, "code");

	if (!cJSON_IsObject(o)) {
		problem(p, "%s: %s", where, _("not an object"));
		return;
	}
	if (!code_ok(code, true))
		problem(p, "%scode: %s", where,
		        _("missing, or not an upper-case code (A-Z, then A-Z, 0-9, _)"));
	else
		unique_code(p, seen, code, where);
	need_text(p, o, "name_zh", where);
	need_text(p, o, "name_en", where);
	opt_text(p, o, "address", where);
	opt_text(p, o, "contact", where);
	opt_text(p, o, "phone", where);
	opt_text(p, o, "email", where);
}

static void check_org(struct problems *p, const cJSON *org)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(org, "association");
	const cJSON *br = cJSON_GetObjectItemCaseSensitive(org, "branches"), *b;
	cJSON *seen = cJSON_CreateArray();
	int i = 0;

	p->file = "org.json";
	need_text(p, a, "name_zh", "association.");
	need_text(p, a, "name_en", "association.");
	opt_text(p, a, "short_name_zh", "association.");
	opt_text(p, a, "short_name_en", "association.");
	opt_text(p, a, "website", "association.");
	opt_text(p, a, "member_no_prefix", "association.");
	check_org_entry(p, cJSON_GetObjectItemCaseSensitive(org, "hq"), "hq.", seen);
	if (br && !cJSON_IsArray(br))
		problem(p, "branches: %s", _("not a list"));
	cJSON_ArrayForEach(b, br) {
		char *w = xasprintf("branches[%d].", i++);
		check_org_entry(p, b, w, seen);
		free(w);
	}
	cJSON_Delete(seen);
}

static void check_levels(struct problems *p, const cJSON *levels)
{
	cJSON *seen = cJSON_CreateArray();
	const cJSON *v, *l;

	p->file = "levels.json";
	for (v = levels->child; v; v = v->next)
		if (strcmp(v->string, member_types[0]) && strcmp(v->string, member_types[1]))
			problem(p, "%s: %s", v->string, _("unknown member type"));
	for (int t = 0; t < 2; t++) {
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(levels, member_types[t]);
		int i = 0;
		if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0) {
			problem(p, "%s: %s", member_types[t],
			        _("missing, or an empty list: every member type needs a level"));
			continue;
		}
		cJSON_ArrayForEach(l, list) {
			char *w = xasprintf("%s[%d].", member_types[t], i++);
			const char *code = str_of(l, "code");
			if (!code_ok(code, false))
				problem(p, "%scode: %s", w,
				        _("missing, or not a lower-case code (a-z, then a-z, 0-9, _)"));
			else
				unique_code(p, seen, code, w);
			need_text(p, l, "name_zh", w);
			need_text(p, l, "name_en", w);
			if (!whole(cJSON_GetObjectItemCaseSensitive(l, "annual_fee"), 0,
			           (double)MONEY_MAX))
				problem(p, "%sannual_fee: %s", w,
				        _("not a whole number of fen, 0 or more"));
			if (!whole(cJSON_GetObjectItemCaseSensitive(l, "rank"), -1e6, 1e6))
				problem(p, "%srank: %s", w, _("not a whole number"));
			free(w);
		}
	}
	cJSON_Delete(seen);
}

/* A string or a list of non-empty strings (paragraphs). */
static void check_paragraphs(struct problems *p, const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key), *s;

	if (cJSON_IsString(v) && *v->valuestring)
		return;
	if (cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0) {
		cJSON_ArrayForEach(s, v)
			if (!cJSON_IsString(s) || !*s->valuestring) {
				problem(p, "%s: %s", key, _("a paragraph is empty or not text"));
				return;
			}
		return;
	}
	problem(p, "%s: %s", key, _("missing, or not text or a list of paragraphs"));
}

static void check_terms(struct problems *p, const cJSON *t)
{
	p->file = "terms.json";
	need_text(p, t, "version", "");
	need_text(p, t, "title_zh", "");
	need_text(p, t, "title_en", "");
	check_paragraphs(p, t, "body_zh");
	check_paragraphs(p, t, "body_en");
}

static void check_bank(struct problems *p, const cJSON *b)
{
	p->file = "bank.json";
	need_text(p, b, "account_name", "");
	need_text(p, b, "bank", "");
	need_text(p, b, "account_no", "");
	opt_text(p, b, "note_zh", "");
	opt_text(p, b, "note_en", "");
}

static void check_reasons(struct problems *p, const cJSON *r)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(r, "reasons"), *e;
	cJSON *seen = cJSON_CreateArray();
	int i = 0;

	p->file = "reasons.json";
	if (!cJSON_IsArray(list))
		problem(p, "reasons: %s", _("missing, or not a list"));
	cJSON_ArrayForEach(e, list) {
		char *w = xasprintf("reasons[%d].", i++);
		const char *code = str_of(e, "code"), *scope = str_of(e, "scope");
		bool known = false;
		if (!code_ok(code, false))
			problem(p, "%scode: %s", w,
			        _("missing, or not a lower-case code (a-z, then a-z, 0-9, _)"));
		else
			unique_code(p, seen, code, w);
		for (int s = 0; scope && reason_scopes[s]; s++)
			known = known || strcmp(scope, reason_scopes[s]) == 0;
		if (!known)
			problem(p, "%sscope: %s", w,
			        _("not one of application, bank_transfer, invoice, any"));
		need_text(p, e, "text_zh", w);
		need_text(p, e, "text_en", w);
		free(w);
	}
	cJSON_Delete(seen);
}

static void check_form(struct problems *p, const cJSON *schema, int t, const char *name)
{
	char *lines = catalogue_schema_problems(schema, member_types[t]);

	p->file = name;
	for (char *s = lines, *nl; s && *s; s = nl + 1) {
		nl = strchr(s, '\n');
		*nl = '\0';
		problem(p, "%s", s);
	}
	free(lines);
}

static void files_free(struct files *f)
{
	cJSON_Delete(f->org);
	cJSON_Delete(f->levels);
	cJSON_Delete(f->terms);
	cJSON_Delete(f->bank);
	cJSON_Delete(f->reasons);
	cJSON_Delete(f->forms[0]);
	cJSON_Delete(f->forms[1]);
	memset(f, 0, sizeof *f);
}

/* Read and check everything; 0, or -1 with *err. */
static int files_read(const char *dir, struct files *f, char **err)
{
	struct problems p = { 0 };

	memset(f, 0, sizeof *f);
	if ((f->org = read_json(dir, "org.json", &p)))
		check_org(&p, f->org);
	if ((f->levels = read_json(dir, "levels.json", &p)))
		check_levels(&p, f->levels);
	if ((f->terms = read_json(dir, "terms.json", &p)))
		check_terms(&p, f->terms);
	if ((f->bank = read_json(dir, "bank.json", &p)))
		check_bank(&p, f->bank);
	if ((f->reasons = read_json(dir, "reasons.json", &p)))
		check_reasons(&p, f->reasons);
	for (int t = 0; t < 2; t++) {
		char *name = xasprintf("forms/%s.json", member_types[t]);
		if ((f->forms[t] = read_json(dir, name, &p)))
			check_form(&p, f->forms[t], t, name);
		free(name);
	}
	if (p.text) {
		*err = p.text;
		files_free(f);
		return -1;
	}
	*err = NULL;
	return 0;
}

int catalogue_check(const char *data_dir, char **err)
{
	struct files f;

	if (files_read(data_dir, &f, err) != 0)
		return -1;
	files_free(&f);
	return 0;
}

/* ------------------------------------------------------------------- load */

static int load_org(struct db *db, const cJSON *o, const char *kind, int rank)
{
	struct org row = {
		.code = (char *)str_of(o, "code"), .kind = (char *)kind,
		.name_zh = (char *)str_of(o, "name_zh"), .name_en = (char *)str_of(o, "name_en"),
		.address = (char *)str_of(o, "address"), .contact = (char *)str_of(o, "contact"),
		.phone = (char *)str_of(o, "phone"), .email = (char *)str_of(o, "email"),
		.rank = rank,
	};
	return store_org_upsert(db, &row, NULL);
}

/* Paragraphs joined by a blank line (caller frees). */
static char *paragraphs(const cJSON *v)
{
	const cJSON *s;
	char *out = NULL;

	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	cJSON_ArrayForEach(s, v) {
		char *next = out ? xasprintf("%s\n\n%s", out, s->valuestring)
		                 : xstrdup(s->valuestring);
		free(out);
		out = next;
	}
	return out ? out : xstrdup("");
}

/* Write the settings prefix.KEY the object gives; one it leaves out keeps
 * the value it had. */
static int load_settings(struct db *db, const cJSON *obj, const char *prefix,
                         const char *const *keys)
{
	for (; *keys; keys++) {
		const char *v = str_of(obj, *keys);
		char *key;
		int rc;
		if (!v)
			continue;
		key = xasprintf("%s.%s", prefix, *keys);
		rc = store_setting_set(db, key, v);
		free(key);
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}

static int load_all(struct db *db, const struct files *f)
{
	static const char *const assoc_keys[] = {
		"name_zh", "name_en", "short_name_zh", "short_name_en", "website",
		"member_no_prefix", NULL
	};
	static const char *const bank_keys[] = {
		"account_name", "bank", "account_no", "note_zh", "note_en", NULL
	};
	const cJSON *e;
	int rc, rank = 0;
	char *body_zh, *body_en, *schema;

	if ((rc = store_org_deactivate_all(db)) != ST_OK ||
	    (rc = store_level_deactivate_all(db)) != ST_OK ||
	    (rc = store_reason_deactivate_all(db)) != ST_OK)
		return rc;
	if ((rc = load_org(db, cJSON_GetObjectItemCaseSensitive(f->org, "hq"), "hq", 0)) != ST_OK)
		return rc;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(f->org, "branches"))
		if ((rc = load_org(db, e, "branch", ++rank)) != ST_OK)
			return rc;
	for (int t = 0; t < 2; t++) {
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(f->levels, member_types[t])) {
			struct level l = {
				.member_type = (char *)member_types[t],
				.code = (char *)str_of(e, "code"),
				.name_zh = (char *)str_of(e, "name_zh"),
				.name_en = (char *)str_of(e, "name_en"),
				.annual_fee = (int64_t)cJSON_GetObjectItemCaseSensitive(e, "annual_fee")->valuedouble,
				.rank = (int)cJSON_GetObjectItemCaseSensitive(e, "rank")->valuedouble,
			};
			if ((rc = store_level_upsert(db, &l, NULL)) != ST_OK)
				return rc;
		}
	}
	rank = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(f->reasons, "reasons")) {
		struct reason_template r = {
			.code = (char *)str_of(e, "code"), .scope = (char *)str_of(e, "scope"),
			.text_zh = (char *)str_of(e, "text_zh"),
			.text_en = (char *)str_of(e, "text_en"), .rank = ++rank,
		};
		if ((rc = store_reason_upsert(db, &r)) != ST_OK)
			return rc;
	}
	body_zh = paragraphs(cJSON_GetObjectItemCaseSensitive(f->terms, "body_zh"));
	body_en = paragraphs(cJSON_GetObjectItemCaseSensitive(f->terms, "body_en"));
	{
		struct terms t = {
			.version = (char *)str_of(f->terms, "version"),
			.title_zh = (char *)str_of(f->terms, "title_zh"),
			.title_en = (char *)str_of(f->terms, "title_en"),
			.body_zh = body_zh, .body_en = body_en, .updated_at = store_now(),
		};
		rc = store_terms_set(db, &t);
	}
	free(body_zh);
	free(body_en);
	if (rc != ST_OK)
		return rc;
	for (int t = 0; t < 2; t++) {
		schema = json_print(f->forms[t]);
		rc = store_form_set(db, member_types[t], schema);
		free(schema);
		if (rc != ST_OK)
			return rc;
	}
	if ((rc = load_settings(db, cJSON_GetObjectItemCaseSensitive(f->org, "association"),
	                        "association", assoc_keys)) != ST_OK)
		return rc;
	return load_settings(db, f->bank, "bank", bank_keys);
}

int catalogue_load(struct db *db, const char *data_dir, char **err)
{
	struct files f;
	int rc;

	if (files_read(data_dir, &f, err) != 0)
		return -1;
	if (db_begin(db) != ST_OK) {
		rc = ST_ERROR;
	} else if ((rc = load_all(db, &f)) != ST_OK) {
		db_rollback(db);
	} else {
		rc = db_commit(db);
	}
	files_free(&f);
	if (rc != ST_OK) {
		*err = xasprintf("%s\n", _("The catalogue could not be written to the database."));
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------- demo */

int catalogue_seed_demo(struct db *db)
{
	static const struct { const char *user, *email, *org; } staff[] = {
		{ "bj_staff", "bj_staff@example.org", "BJ" },
		{ "sh_staff", "sh_staff@example.org", "SH" },
	};

	for (size_t i = 0; i < sizeof staff / sizeof staff[0]; i++) {
		struct org o;
		const char *field = NULL, *why = NULL;
		int64_t id;
		int rc = store_org_by_code(db, staff[i].org, &o);

		if (rc != ST_OK) {
			log_error("demo: no branch %s in the catalogue", staff[i].org);
			return -1;
		}
		rc = auth_account_create(db, 0, "branch_staff", o.id, staff[i].user,
		                         staff[i].email, NULL, NULL, "Branch-Demo-2026",
		                         &id, &field, &why);
		org_free(&o);
		if (rc != ST_OK && rc != ST_EXISTS) {
			log_error("demo: cannot create %s: %s %s", staff[i].user,
			          field ? field : "", why ? why : "");
			return -1;
		}
	}
	return 0;
}

cJSON *catalogue_form(struct db *db, const char *member_type)
{
	char *text = NULL;
	cJSON *schema;

	if (store_form_get(db, member_type, &text) != ST_OK)
		return NULL;
	schema = cJSON_Parse(text);
	free(text);
	return schema;
}
