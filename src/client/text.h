/* Building the texts of detail views (label/value lines, a growing buffer),
 * rows of columns cut by terminal width, and word-wrapped printing. */
#ifndef ROSTER_CLIENT_TEXT_H
#define ROSTER_CLIENT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

/* a and b are the same text (either may be NULL, which matches nothing). */
bool text_same(const char *a, const char *b);

/* "label  value" with the label padded to lw columns; appended to *text
 * (malloc'd, may start NULL) followed by a newline. A NULL or empty value
 * shows as "-". */
void text_line(char **text, int lw, const char *label, const char *value);
/* Append a plain line (may be "" for a gap). */
void text_add(char **text, const char *line);

/* A growing text for detail views (textview). */
struct sbuf {
	char *s;
	size_t len, cap;
};
void sb_add(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "label   value\n" with the label padded to cols columns (CJK-correct). */
void sb_kv(struct sbuf *b, int cols, const char *label, const char *value);
/* A heading line with a blank line before it (not before the first). */
void sb_head(struct sbuf *b, const char *title);
void sb_free(struct sbuf *b);

/* One row of columns: each cell cut and padded to its width in columns,
 * cells separated by two spaces; a width of 0 takes the rest unpadded.
 * Caller frees. */
char *text_row(const char *const *cells, const int *widths, size_t n);

/* Columns of the widest label (at most cap), for label/value rows. */
int label_cols(const char *const *labels, size_t n, int cap);

/* Print text word-wrapped to w columns from row y on, at most max_rows
 * lines (8 at most); returns the rows used. */
int print_wrapped(int y, int x, int w, int max_rows, const char *text, attr_t attr);

#endif
