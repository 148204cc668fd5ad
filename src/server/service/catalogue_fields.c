/* Form schemas: checking a schema when it is loaded, and checking a
 * member's profile against it on every save and submit. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/catalogue.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/validate.h"
#include "roster/xalloc.h"

#define MAX_LEN_LIMIT 10000    /* characters: no form field needs more */
#define TEXT_DEFAULT_LEN 200   /* when a text field gives no max_len */
#define AREA_DEFAULT_LEN 2000  /* textarea */

static const char *const field_types[] = {
	"text", "textarea", "select", "date", "email", "phone", NULL
};

static const char *const field_keys[] = {
	"name", "label_zh", "label_en", "type", "required", "max_len", "options",
	"validator", "validator_when", "hint_zh", "hint_en", NULL
};

static bool in_list(const char *const *list, const char *s)
{
	for (; s && *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

static const char *str_of(const cJSON *obj, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

/* A name for the wire: a lower-case letter, then letters, digits, '_'. */
static bool ident_ok(const char *s)
{
	if (!s || !(*s >= 'a' && *s <= 'z') || strlen(s) > 40)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* ------------------------------------------------------------ schema check */

struct lines {
	char *text;
	size_t len;
};

static void add_line(struct lines *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_line(struct lines *l, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	l->text = xrealloc(l->text, l->len + strlen(s) + 2);
	memcpy(l->text + l->len, s, strlen(s));
	l->len += strlen(s);
	l->text[l->len++] = '\n';
	l->text[l->len] = '\0';
	free(s);
}

static void need_text(struct lines *l, const cJSON *obj, const char *key,
                      const char *where)
{
	const char *s = str_of(obj, key);

	if (!s || !*s)
		add_line(l, "%s.%s: %s", where, key, _("missing, or not text"));
}

static void opt_text(struct lines *l, const cJSON *obj, const char *key,
                     const char *where)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v && !cJSON_IsString(v))
		add_line(l, "%s.%s: %s", where, key, _("not text"));
}

static void check_options(struct lines *l, const cJSON *f, const char *where)
{
	const cJSON *opts = cJSON_GetObjectItemCaseSensitive(f, "options"), *o, *p;
	int i = 0;

	if (!cJSON_IsArray(opts) || cJSON_GetArraySize(opts) == 0) {
		add_line(l, "%s.options: %s", where, _("a select needs a list of options"));
		return;
	}
	cJSON_ArrayForEach(o, opts) {
		char *w = xasprintf("%s.options[%d]", where, i++);
		const char *v = str_of(o, "value");
		need_text(l, o, "value", w);
		need_text(l, o, "label_zh", w);
		need_text(l, o, "label_en", w);
		for (p = opts->child; v && p != o; p = p->next)
			if (str_of(p, "value") && strcmp(str_of(p, "value"), v) == 0)
				add_line(l, "%s.value: %s \"%s\"", w, _("duplicate value"), v);
		free(w);
	}
}

/* The field named name anywhere in the schema, or NULL. */
static const cJSON *find_field(const cJSON *schema, const char *name)
{
	const cJSON *sec, *f;

	if (!name)
		return NULL;
	cJSON_ArrayForEach(sec, cJSON_GetObjectItemCaseSensitive(schema, "sections"))
		cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(sec, "fields"))
			if (str_of(f, "name") && strcmp(str_of(f, "name"), name) == 0)
				return f;
	return NULL;
}

static bool option_has(const cJSON *f, const char *value)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(f, "options"))
		if (value && str_of(o, "value") && strcmp(str_of(o, "value"), value) == 0)
			return true;
	return false;
}

static void check_field(struct lines *l, const cJSON *schema, const cJSON *f,
                        const char *where)
{
	const char *name = str_of(f, "name"), *type = str_of(f, "type");
	const cJSON *v, *when;

	if (!cJSON_IsObject(f)) {
		add_line(l, "%s: %s", where, _("not an object"));
		return;
	}
	for (v = f->child; v; v = v->next)
		if (!in_list(field_keys, v->string))
			add_line(l, "%s: %s \"%s\"", where, _("unknown key"), v->string);
	if (!ident_ok(name))
		add_line(l, "%s.name: %s", where,
		         _("missing, or not a lower-case name (a-z, 0-9, _)"));
	else if (find_field(schema, name) != f)
		add_line(l, "%s.name: %s \"%s\"", where, _("duplicate field"), name);
	need_text(l, f, "label_zh", where);
	need_text(l, f, "label_en", where);
	opt_text(l, f, "hint_zh", where);
	opt_text(l, f, "hint_en", where);
	if (!in_list(field_types, type))
		add_line(l, "%s.type: %s \"%s\"", where, _("unknown type"),
		         type ? type : "");
	v = cJSON_GetObjectItemCaseSensitive(f, "required");
	if (v && !cJSON_IsBool(v))
		add_line(l, "%s.required: %s", where, _("not true or false"));
	v = cJSON_GetObjectItemCaseSensitive(f, "max_len");
	if (v && (!cJSON_IsNumber(v) || v->valuedouble != (double)(int)v->valuedouble ||
	          v->valueint < 1 || v->valueint > MAX_LEN_LIMIT))
		add_line(l, "%s.max_len: %s", where,
		         _("not a whole number from 1 to 10000"));
	if (type && strcmp(type, "select") == 0)
		check_options(l, f, where);
	else if (cJSON_GetObjectItemCaseSensitive(f, "options"))
		add_line(l, "%s.options: %s", where, _("only a select has options"));
	v = cJSON_GetObjectItemCaseSensitive(f, "validator");
	if (v && (!cJSON_IsString(v) || !val_known(v->valuestring)))
		add_line(l, "%s.validator: %s \"%s\"", where, _("unknown validator"),
		         cJSON_IsString(v) ? v->valuestring : "");
	when = cJSON_GetObjectItemCaseSensitive(f, "validator_when");
	if (when) {
		const cJSON *sel = find_field(schema, str_of(when, "field"));
		const char *st = sel ? str_of(sel, "type") : NULL;
		if (!v)
			add_line(l, "%s.validator_when: %s", where, _("there is no validator"));
		if (!sel || !st || strcmp(st, "select") != 0 || sel == f)
			add_line(l, "%s.validator_when.field: %s", where,
			         _("must name another field of type select"));
		else if (!option_has(sel, str_of(when, "value")))
			add_line(l, "%s.validator_when.value: %s", where,
			         _("not one of that field's options"));
	}
}

char *catalogue_schema_problems(const cJSON *schema, const char *member_type)
{
	struct lines l = { 0 };
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(schema, "sections");
	const cJSON *sec, *f;
	const char *mt = str_of(schema, "member_type");
	int i = 0;

	if (!mt || !member_type || strcmp(mt, member_type) != 0)
		add_line(&l, "member_type: %s", _("does not match the file's member type"));
	opt_text(&l, schema, "version", "schema");
	opt_text(&l, schema, "title_zh", "schema");
	opt_text(&l, schema, "title_en", "schema");
	if (!cJSON_IsArray(secs) || cJSON_GetArraySize(secs) == 0)
		add_line(&l, "sections: %s", _("missing, or an empty list"));
	cJSON_ArrayForEach(sec, secs) {
		char *w = xasprintf("sections[%d]", i++);
		const cJSON *fields = cJSON_GetObjectItemCaseSensitive(sec, "fields");
		int j = 0;
		if (!ident_ok(str_of(sec, "name")))
			add_line(&l, "%s.name: %s", w,
			         _("missing, or not a lower-case name (a-z, 0-9, _)"));
		need_text(&l, sec, "title_zh", w);
		need_text(&l, sec, "title_en", w);
		if (!cJSON_IsArray(fields) || cJSON_GetArraySize(fields) == 0)
			add_line(&l, "%s.fields: %s", w, _("missing, or an empty list"));
		cJSON_ArrayForEach(f, fields) {
			char *fw = xasprintf("%s.fields[%d]", w, j++);
			check_field(&l, schema, f, fw);
			free(fw);
		}
		free(w);
	}
	return l.text;
}

/* ----------------------------------------------------------- profile check */

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* Loose check of a telephone number that may be a landline with an area
 * code or extension: digits and + - ( ) space, 5 to 20 digits. */
static bool phone_ok(const char *s)
{
	int digits = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strchr("+-() ", *s))
			return false;
	}
	return digits >= 5 && digits <= 20;
}

static bool has_control(const char *s, bool multiline)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 || *p == 0x7f) &&
		    !(multiline && (*p == '\n' || *p == '\t' || *p == '\r')))
			return true;
	return false;
}

/* What is wrong with value s of field f (translated, malloc'd), or NULL.
 * shape_only: only what no form could hold (control characters, over the
 * length, an option not offered); a draft keeps any other value as typed. */
static char *value_problem(const cJSON *f, const char *s, const cJSON *profile,
                           bool shape_only)
{
	const char *type = str_of(f, "type"), *validator = str_of(f, "validator");
	const cJSON *ml = cJSON_GetObjectItemCaseSensitive(f, "max_len");
	const cJSON *when = cJSON_GetObjectItemCaseSensitive(f, "validator_when");
	bool area = type && strcmp(type, "textarea") == 0;
	size_t max = cJSON_IsNumber(ml) && ml->valueint > 0 ? (size_t)ml->valueint
	             : area ? AREA_DEFAULT_LEN : TEXT_DEFAULT_LEN;
	const char *why = NULL;

	if (has_control(s, area))
		return xstrdup(_("Contains control characters."));
	if (utf8_chars(s) > max)
		return xasprintf(_("At most %zu characters."), max);
	if (type && strcmp(type, "select") == 0 && !option_has(f, s))
		return xstrdup(_("Choose one of the listed options."));
	if (shape_only)
		return NULL;
	if (when) {
		const char *other = str_of(profile, str_of(when, "field"));
		const char *want = str_of(when, "value");
		if (!other || !want || strcmp(other, want) != 0)
			validator = NULL;  /* e.g. a passport is not an ID card */
	}
	if (validator)
		why = val_by_name(validator, s);
	else if (type && strcmp(type, "email") == 0)
		why = val_email(s);
	else if (type && strcmp(type, "date") == 0)
		why = val_date(s);
	else if (type && strcmp(type, "phone") == 0 && !phone_ok(s))
		why = N_("Not a valid telephone number.");
	return why ? xstrdup(_(why)) : NULL;
}

static void field_error(cJSON *errs, const char *name, char *why, int *count)
{
	if (!cJSON_GetObjectItemCaseSensitive(errs, name)) {
		cJSON_AddStringToObject(errs, name, why);
		(*count)++;
	}
	free(why);
}

/* A resident identity number (a field checked with the "id_card" validator,
 * when that validator applies) tells the holder's birth date and gender
 * (GB 11643): a form's "birth_date" and "gender" fields must agree with it.
 * The mismatch is put on the date or the gender, the fields a member is
 * likelier to have mistyped than the number its check digit vouches for. */
static void id_holder_check(const cJSON *schema, const cJSON *profile,
                            cJSON *errs, int *count)
{
	const cJSON *sec, *f;

	cJSON_ArrayForEach(sec, cJSON_GetObjectItemCaseSensitive(schema, "sections")) {
		cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(sec, "fields")) {
			const char *validator = str_of(f, "validator"), *name = str_of(f, "name");
			const cJSON *when = cJSON_GetObjectItemCaseSensitive(f, "validator_when");
			const char *id, *birth, *gender, *why;

			if (!name || !validator || strcmp(validator, "id_card") != 0)
				continue;
			if (when) {
				const char *other = str_of(profile, str_of(when, "field"));
				const char *want = str_of(when, "value");
				if (!other || !want || strcmp(other, want) != 0)
					continue;
			}
			id = str_of(profile, name);
			if (!id || cJSON_HasObjectItem(errs, name))
				continue;
			birth = str_of(profile, "birth_date");
			gender = str_of(profile, "gender");
			if (birth && cJSON_HasObjectItem(errs, "birth_date"))
				birth = NULL;
			if (gender && cJSON_HasObjectItem(errs, "gender"))
				gender = NULL;
			why = val_id_card_matches(id, birth, NULL);
			if (why)
				field_error(errs, "birth_date", xstrdup(_(why)), count);
			why = val_id_card_matches(id, NULL, gender);
			if (why)
				field_error(errs, "gender", xstrdup(_(why)), count);
		}
	}
}

int catalogue_field_check(const cJSON *schema, const cJSON *profile,
                          enum field_check how, cJSON *field_errors)
{
	bool require_all = how == FIELD_CHECK_ALL;
	const cJSON *sec, *f, *v;
	int count = 0;

	if (!cJSON_IsObject(profile)) {
		field_error(field_errors, "profile", xstrdup(_("Must be an object.")), &count);
		return count;
	}
	for (v = profile->child; v; v = v->next)
		if (!find_field(schema, v->string))
			field_error(field_errors, v->string, xstrdup(_("Unknown field.")),
			            &count);
	cJSON_ArrayForEach(sec, cJSON_GetObjectItemCaseSensitive(schema, "sections")) {
		cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(sec, "fields")) {
			const char *name = str_of(f, "name");
			bool required = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "required"));
			char *why;
			if (!name)
				continue;
			v = cJSON_GetObjectItemCaseSensitive(profile, name);
			if (v && !cJSON_IsNull(v) && !cJSON_IsString(v)) {
				field_error(field_errors, name, xstrdup(_("Must be text.")), &count);
				continue;
			}
			if (!v || cJSON_IsNull(v) || blank(v->valuestring)) {
				if (required && require_all)
					field_error(field_errors, name,
					            xstrdup(_("This field is required.")), &count);
				continue;
			}
			why = value_problem(f, v->valuestring, profile, how == FIELD_CHECK_DRAFT);
			if (why)
				field_error(field_errors, name, why, &count);
		}
	}
	if (require_all)
		id_holder_check(schema, profile, field_errors, &count);
	return count;
}
