/* Texts the server keeps in two languages, picked for the language shown:
 * catalogue names (name_zh / name_en), texts with a base key (title_zh,
 * title_en, title), and the labels of an application form schema. */
#ifndef ROSTER_CLIENT_WORDS_H
#define ROSTER_CLIENT_WORDS_H

#include <cjson/cJSON.h>

/* The text of obj in the language shown: for base "title" that is
 * "title_zh" (or "title_en" in English), then "title", then the other
 * language. Borrowed; NULL when there is none. */
const char *lang_text(const cJSON *obj, const char *base);

/* The name of a catalogue object in the language shown: "name_zh" or
 * "name_en" (falling back to the other, then "name", then "code"); a plain
 * string is returned as it is. NULL when there is nothing. Borrowed. */
const char *lang_name(const cJSON *obj);
/* lang_name of obj[key]. */
const char *lang_name_of(const cJSON *obj, const char *key);

/* s, or dflt when s is NULL or empty. */
const char *text_or(const char *s, const char *dflt);

/* Application form schemas ({"sections":[{"fields":[…]}]}): the label of
 * the field called name in the language shown (or name), and the label of
 * a select option value (or value). form may be NULL. */
const char *schema_label(const cJSON *form, const char *name);
const char *schema_option_label(const cJSON *form, const char *name, const char *value);

#endif
