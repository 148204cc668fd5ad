/* Small helpers over cJSON. Typed getters report a missing (when required)
 * or mistyped field into errs, a cJSON object of {"field":"why"} that becomes
 * the "fields" of a validation error. */
#ifndef ROSTER_JSON_H
#define ROSTER_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "roster/err.h"

/* Parse a body of len bytes (not NUL-terminated; never read past len).
 * Checks UTF-8 first, then the JSON grammar of RFC 8259 strictly (no raw
 * control characters in strings, no "01", "1.", ".5", "+1", NaN, trailing
 * commas or comments; surrogate escapes in pairs); the whole body must be
 * one object or array (whitespace around it is fine, a raw NUL byte is
 * not), and no object may repeat a key. On failure returns NULL and sets
 * *err (if not NULL) to ERR_BAD_UTF8 or ERR_BAD_JSON, or to ERR_VALIDATION
 * when the only fault is a string holding U+0000 (json_check names it). */
cJSON *json_parse(const char *buf, size_t len, enum roster_err *err);
/* The RFC 8259 grammar alone, for any JSON value: true when buf holds one.
 * nul_path (if not NULL) receives the dotted path of the first string that
 * holds U+0000 ("password", "profile.name", "items.2"; "(body)" for the
 * top value), or "" when none or when the grammar fails. */
bool json_check(const char *buf, size_t len, char *nul_path, size_t nul_len);
/* The first string in the tree (keys too) that holds a control character
 * no field may hold (U+0001..U+001F except tab, LF and CR, U+007F), or tab,
 * LF or CR when its key is one of single_line (NULL-terminated, may be
 * NULL). Returns an untranslated msgid and writes the dotted path into path,
 * or returns NULL. */
const char *json_text_problem(const cJSON *root, const char *const *single_line,
                              char *path, size_t pathlen);

/* Getters: return 0 and set *out when present and of the right type; return
 * 1 and leave *out when absent and not required (JSON null counts as
 * absent); return -1 and add fields[key] to errs (if errs is not NULL)
 * otherwise. Strings are borrowed from obj. */
int json_get_str(const cJSON *obj, const char *key, bool required,
                 const char **out, cJSON *errs);
int json_get_int(const cJSON *obj, const char *key, bool required,
                 int64_t *out, cJSON *errs);   /* integral numbers, |n| <= 2^53 */
int json_get_bool(const cJSON *obj, const char *key, bool required,
                  bool *out, cJSON *errs);

/* Lookups that return a default instead of reporting. */
const char *json_str_or(const cJSON *obj, const char *key, const char *dflt);
int64_t json_int_or(const cJSON *obj, const char *key, int64_t dflt);

/* Unformatted text of item, as cJSON_PrintUnformatted writes it
 * (json_print.c); aborts on out-of-memory. Caller frees. */
char *json_print(const cJSON *item);
/* cJSON_Add*ToObject that abort on out-of-memory. */
void json_add_str(cJSON *obj, const char *key, const char *val); /* NULL -> null */
void json_add_int(cJSON *obj, const char *key, int64_t val); /* exact to 2^53 */
void json_add_bool(cJSON *obj, const char *key, bool val);

#endif
