/* The text buffer every editor is made of, and the one-line editor on it:
 * right for Chinese, a wide-character buffer, the cursor kept as a
 * character index and turned into a screen column with utf8_cp_width
 * (double-width characters take two columns), limits counted in
 * characters, masked entry for passwords, wiped when freed. A buffer made
 * with edit_init_lines holds line breaks ('\n'): widgets/textarea.h lays it
 * out over several screen lines. The buffer operations need no terminal
 * (tests/unit/client/test_edit.c); edit_draw paints one line.
 *
 * Keys (edit_key): printable characters insert; Left/Right, Home/End
 * (Ctrl-A/Ctrl-E), Backspace, Delete (Ctrl-D), Ctrl-U deletes to the start
 * (of the line), Ctrl-K to the end (at a line end: joins the next line),
 * Ctrl-W the word before the cursor. */
#ifndef ROSTER_CLIENT_EDIT_H
#define ROSTER_CLIENT_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct edit {
	wchar_t *buf;      /* not NUL-terminated; wiped before it is freed */
	size_t len;        /* characters */
	size_t cap;
	size_t cur;        /* cursor, 0..len, in characters */
	size_t max;        /* most characters allowed; 0 = no limit */
	size_t scroll;     /* first character shown */
	bool masked;       /* show '*' for each character */
	bool lines;        /* line breaks are text (edit_init_lines) */
};

void edit_init(struct edit *e, size_t max, bool masked);
/* A buffer that keeps line breaks: Enter and pasted newlines are text. */
void edit_init_lines(struct edit *e, size_t max);
/* Wipe (sodium_memzero) and free the buffer. */
void edit_free(struct edit *e);
/* Empty the field, wiping what it held. */
void edit_clear(struct edit *e);

/* Insert one character at the cursor. Returns false (and changes nothing)
 * at the limit or for a control character ('\n' is one unless e->lines). */
bool edit_insert(struct edit *e, wchar_t c);
/* Insert a UTF-8 string (a paste), tabs as a space: stops at the limit,
 * and at a newline unless e->lines ("\r\n" and "\r" then become '\n').
 * Returns the characters inserted. */
size_t edit_insert_utf8(struct edit *e, const char *s);
bool edit_backspace(struct edit *e);
bool edit_delete(struct edit *e);
void edit_home(struct edit *e);
void edit_end(struct edit *e);
bool edit_left(struct edit *e);
bool edit_right(struct edit *e);
bool edit_kill_start(struct edit *e);   /* Ctrl-U: to the line's start */
bool edit_kill_end(struct edit *e);     /* Ctrl-K: to the line's end */
bool edit_kill_word(struct edit *e);    /* Ctrl-W */

/* Replace the contents (cursor at the end); over-long text is cut. */
void edit_set(struct edit *e, const char *utf8);
/* Replace the contents keeping all of a stored text, even past the limit
 * (editing an existing notice); cursor at the start. */
void edit_set_whole(struct edit *e, const char *utf8);
/* The contents as a new UTF-8 string (caller frees; wipe it if secret). */
char *edit_text(const struct edit *e);
/* Columns the first n characters take. */
size_t edit_cols(const struct edit *e, size_t n);

/* A key as the app delivers it (app.h KF() for function keys). Returns
 * true when the key was the editor's (handled, maybe a change). */
bool edit_key(struct edit *e, unsigned key);

/* Keep the cursor inside a field of width columns: adjusts e->scroll and
 * returns the cursor's column within the field. */
int edit_scroll_to_cursor(struct edit *e, int width);
/* Paint the field at (y, x), width columns, with attr; returns the cursor's
 * screen column. */
int edit_draw(struct edit *e, int y, int x, int width, unsigned long attr);

#endif
