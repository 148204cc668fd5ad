/* Small helpers the member screens share: saving a download into the
 * download folder, picking the Chinese or English name of a catalogue
 * object, and member statuses in words. */
#ifndef ROSTER_CLIENT_MEMBER1_UTIL_H
#define ROSTER_CLIENT_MEMBER1_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

struct config;

/* Write len bytes to the configured download folder (created when missing)
 * under name (path parts are stripped; an existing file is not overwritten:
 * "name (2).pdf" and so on). Returns 0 and sets *path (malloc'd, full path)
 * or -1 and sets *why (malloc'd, translated). */
int download_save(const struct config *cfg, const char *name,
                  const void *data, size_t len, char **path, char **why);
/* Save a downloaded PDF as name: *saved becomes the full path and *error
 * is cleared, or *error says why not (each replacing what was there); a
 * body that is not a PDF is a bad reply and is not saved. */
void download_save_pdf(const struct config *cfg, const char *name,
                       const void *data, size_t len, char **saved, char **error);

/* The name of a catalogue object in the language shown: "name_zh" or
 * "name_en" (falling back to the other, then "name", then "code"); a plain
 * string is returned as it is. NULL when there is nothing. Borrowed. */
const char *json_name(const cJSON *obj);
/* json_name of obj[key]. */
const char *json_name_of(const cJSON *obj, const char *key);
/* obj[key] when it is a string, else NULL. */
const char *json_s(const cJSON *obj, const char *key);
/* obj[key] when it is an integral number, else dflt. */
long long json_ll(const cJSON *obj, const char *key, long long dflt);

/* A member status ("pending_hq", …) in words (translated); unknown codes
 * are shown as they are. */
const char *member_status_words(const char *status);

/* Print s word-wrapped in w columns from (y, x), at most max_lines lines;
 * returns the lines used. */
int ui_print_wrapped(int y, int x, int w, int max_lines, const char *s, unsigned long attr);

/* Columns of the widest label (at most cap), for label/value rows. */
int label_cols(const char *const *labels, size_t n, int cap);
/* A time a reply gives as epoch seconds or as text, for showing:
 * "2026-11-29 10:32" (date_only: "2026-11-29") into buf; "" when absent. */
const char *json_time_text(const cJSON *obj, const char *key, bool date_only,
                           char *buf, size_t len);

/* Days from today (local time) to a YYYY-MM-DD date; false when the text is
 * not a date. */
bool days_until(const char *ymd, long *days);

#endif
