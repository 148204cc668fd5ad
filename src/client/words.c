/* Texts kept in two languages (words.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "i18n_setup.h"
#include "reply.h"
#include "words.h"

static bool shown_in_english(void)
{
	return !strcmp(i18n_language(), "en");
}

const char *lang_text(const cJSON *obj, const char *base)
{
	bool en = shown_in_english();
	char own[64], other[64];
	const char *s;

	/* own language, then the plain key (the server's default language),
	 * then the other language */
	snprintf(own, sizeof(own), "%s_%s", base, en ? "en" : "zh");
	snprintf(other, sizeof(other), "%s_%s", base, en ? "zh" : "en");
	s = json_s(obj, own);
	if (!s || !*s)
		s = json_s(obj, base);
	if (!s || !*s)
		s = json_s(obj, other);
	return s && *s ? s : NULL;
}

const char *lang_name(const cJSON *obj)
{
	bool en = shown_in_english();
	const char *s;

	if (cJSON_IsString(obj))
		return obj->valuestring;
	if (!cJSON_IsObject(obj))
		return NULL;
	s = json_s(obj, en ? "name_en" : "name_zh");
	if (!s || !*s)
		s = json_s(obj, en ? "name_zh" : "name_en");
	if (!s || !*s)
		s = json_s(obj, "name");
	if (!s || !*s)
		s = json_s(obj, "code");
	return s;
}

const char *lang_name_of(const cJSON *obj, const char *key)
{
	return cJSON_IsObject(obj) ? lang_name(cJSON_GetObjectItemCaseSensitive(obj, key)) : NULL;
}

const char *text_or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

/* The field called name, or NULL. */
static const cJSON *schema_field(const cJSON *form, const char *name)
{
	const cJSON *sec, *f;

	cJSON_ArrayForEach(sec, cJSON_GetObjectItemCaseSensitive(form, "sections")) {
		cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(sec, "fields")) {
			const char *n = json_s(f, "name");

			if (n && name && !strcmp(n, name))
				return f;
		}
	}
	return NULL;
}

const char *schema_label(const cJSON *form, const char *name)
{
	const cJSON *f = schema_field(form, name);

	return text_or(f ? lang_text(f, "label") : NULL, name);
}

const char *schema_option_label(const cJSON *form, const char *name, const char *value)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(schema_field(form, name), "options")) {
		const char *v = json_s(o, "value");

		if (v && value && !strcmp(v, value))
			return text_or(lang_text(o, "label"), value);
	}
	return value;
}
