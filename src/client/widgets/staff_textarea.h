/* A multi-line text editor for notices and reasons, right for Chinese: a
 * wide-character buffer with '\n' for line ends, the cursor kept as a
 * character index, lines wrapped by screen columns (double-width
 * characters take two, and one never straddles the right edge). The
 * buffer operations and the layout need no terminal
 * (tests/unit/client/test_staff_textarea.c); ta_draw paints it.
 *
 * Keys (ta_key): printable characters insert, Enter inserts a line break,
 * Left/Right, Up/Down move by screen line keeping the column, Home/End (Ctrl-A/
 * Ctrl-E) go to the start/end of the screen line, PgUp/PgDn move a page,
 * Backspace, Delete (Ctrl-D), Ctrl-K deletes to the end of the line (or joins
 * the next line), Ctrl-U deletes to the start of the line. */
#ifndef ROSTER_CLIENT_STAFF_TEXTAREA_H
#define ROSTER_CLIENT_STAFF_TEXTAREA_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct textarea {
	wchar_t *buf;      /* not NUL-terminated */
	size_t len;        /* characters */
	size_t cap;
	size_t cur;        /* cursor, 0..len, in characters */
	size_t max;        /* most characters allowed; 0 = no limit */
	int width;         /* columns the text is wrapped to (set by ta_draw) */
	int top;           /* first screen line shown */
	int page;          /* screen lines shown (set by ta_draw) */
	int goal_col;      /* column Up/Down aim for; -1 = the cursor's */
};

void ta_init(struct textarea *t, size_t max);
void ta_free(struct textarea *t);

/* Insert one character ('\n' allowed) at the cursor; false at the limit or
 * for another control character. */
bool ta_insert(struct textarea *t, wchar_t c);
/* Insert UTF-8 text (a paste; "\r\n" and "\r" become '\n', tabs a space).
 * Returns the characters inserted. */
size_t ta_insert_utf8(struct textarea *t, const char *s);
bool ta_backspace(struct textarea *t);
bool ta_delete(struct textarea *t);
bool ta_left(struct textarea *t);
bool ta_right(struct textarea *t);
/* Move by screen lines of the current width (keeps the goal column). */
bool ta_up(struct textarea *t);
bool ta_down(struct textarea *t);
void ta_line_home(struct textarea *t);
void ta_line_end(struct textarea *t);
bool ta_kill_end(struct textarea *t);
bool ta_kill_start(struct textarea *t);

/* Replace the contents (cursor at the start). */
void ta_set(struct textarea *t, const char *utf8);
/* The contents as a new UTF-8 string; caller frees. */
char *ta_text(const struct textarea *t);

/* Set the wrap width (columns, at least 2). */
void ta_set_width(struct textarea *t, int width);
/* Screen lines the text takes at the current width (at least 1). */
int ta_lines(const struct textarea *t);
/* Screen line and column of the cursor at the current width. */
void ta_cursor_pos(const struct textarea *t, int *row, int *col);

/* A key as the app delivers it (app.h KF() for function keys); true when it
 * was the editor's. */
bool ta_key(struct textarea *t, unsigned key);

/* Paint into the rectangle (wrapping to w columns, scrolling to keep the
 * cursor in view); sets *cy and *cx to the cursor's screen position. */
void ta_draw(struct textarea *t, int y, int x, int h, int w, unsigned long attr,
             int *cy, int *cx);

#endif
