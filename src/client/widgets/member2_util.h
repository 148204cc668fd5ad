/* Helpers the record screens share (my applications, orders, invoices,
 * messages, notices, member information, level change, branch join): times
 * and codes in words, rows of columns cut by terminal width, label/value
 * lines, and texts kept in two languages. */
#ifndef ROSTER_CLIENT_MEMBER2_UTIL_H
#define ROSTER_CLIENT_MEMBER2_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>
#include <cjson/cJSON.h>

#include "app.h"

#define M2_TIMESZ 32

/* obj[key] as local "YYYY-MM-DD HH:MM" (a number of unix seconds) or the
 * text itself cut to that length (an ISO time string); "" when missing.
 * with_time false gives the date only. Returns buf. */
const char *m2_time(const cJSON *obj, const char *key, bool with_time, char buf[M2_TIMESZ]);

/* a and b are the same text (a may be NULL). */
bool m2_is(const char *a, const char *b);

/* The text of obj in the language shown: for base "title" that is
 * "title_zh" (or "title_en" in English), then "title", then the other
 * language. Borrowed; NULL when there is none. */
const char *m2_text(const cJSON *obj, const char *base);

/* An application's kind and status in words (translated). */
const char *m2_app_kind_words(const char *kind);
const char *m2_app_status_words(const char *status);
/* An invoice's status, title type and kind in words (translated). */
const char *m2_invoice_status_words(const char *status);
const char *m2_invoice_title_type_words(const char *t);
const char *m2_invoice_kind_words(const char *kind);

/* One row of columns: each cell cut and padded to its width in columns,
 * cells separated by two spaces; a width of 0 takes the rest unpadded.
 * Caller frees. */
char *m2_row(const char *const *cells, const int *widths, size_t n);

/* Print text word-wrapped to w columns from row y on, at most max_rows
 * lines; returns the rows used. */
int m2_print_wrapped(int y, int x, int w, int max_rows, const char *text, attr_t attr);

/* "label  value" with the label padded to lw columns; appended to *text
 * (malloc'd, may start NULL) followed by a newline. A NULL or empty value
 * shows as "-". */
void m2_line(char **text, int lw, const char *label, const char *value);
/* Append a plain line (may be "" for a gap). */
void m2_add(char **text, const char *line);

/* The message a failed reply should show (server's text first); caller
 * frees. */
char *m2_reply_error(const struct api_reply *r);
/* The session ended: hands the reply to app_reply_error and returns true
 * (the screen is going away). */
bool m2_session_gone(struct screen *s, const struct api_reply *r);

/* List fetches carry a generation in their tag, so that the answer to an
 * older fetch (the filter or the page changed meanwhile) is told apart and
 * dropped: tag = M2_TAG(kind, gen) with kind < M2_TAG_KINDS. */
#define M2_TAG_KINDS 16
#define M2_TAG(kind, gen) ((kind) + M2_TAG_KINDS * (int)((unsigned)(gen) & 0xffffu))
#define M2_TAG_KIND(tag) ((tag) % M2_TAG_KINDS)
#define M2_TAG_STALE(tag, gen) ((unsigned)(tag) / M2_TAG_KINDS != ((unsigned)(gen) & 0xffffu))

/* The list envelope's page numbers into a list widget's paging fields. */
struct list;
void m2_list_paging(struct list *l, const cJSON *reply, long page, long per_page);
/* The filter changed: what the list shows belongs to the old one, so it is
 * emptied and the next fetch asks for page 1. */
void m2_list_restart(struct list *l, long *page);

/* The next value of a year filter (0 = any) as Y steps it: any, this
 * year, then back a year at a time, and after M2_YEARS_BACK years any
 * again. */
#define M2_YEARS_BACK 5
int m2_year_step(int year);

/* Save a downloaded reply's body as name in the download folder: on
 * success *note becomes "Saved to <path>", else *error the reason (each
 * replacing what was there). */
void m2_save_download(struct screen *s, const char *name, const struct api_reply *r,
                      char **note, char **error);

#endif
