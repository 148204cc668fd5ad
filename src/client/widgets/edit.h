/* A one-line editor that is right for Chinese: a wide-character buffer, the
 * cursor kept as a character index and turned into a screen column with
 * utf8_cp_width (double-width characters take two columns), limits counted
 * in characters, masked entry for passwords. The buffer operations need no
 * terminal (tests/unit/client/test_edit.c); edit_draw paints it.
 *
 * Keys (edit_key): printable characters insert; Left/Right, Home/End
 * (Ctrl-A/Ctrl-E), Backspace, Delete (Ctrl-D), Ctrl-U deletes to the start,
 * Ctrl-K to the end, Ctrl-W the word before the cursor. */
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
};

void edit_init(struct edit *e, size_t max, bool masked);
/* Wipe (sodium_memzero) and free the buffer. */
void edit_free(struct edit *e);
/* Empty the field, wiping what it held. */
void edit_clear(struct edit *e);

/* Insert one character at the cursor. Returns false (and changes nothing)
 * at the limit or for a control character. */
bool edit_insert(struct edit *e, wchar_t c);
/* Insert a UTF-8 string (a paste): stops at a newline or at the limit.
 * Returns the characters inserted. */
size_t edit_insert_utf8(struct edit *e, const char *s);
bool edit_backspace(struct edit *e);
bool edit_delete(struct edit *e);
void edit_home(struct edit *e);
void edit_end(struct edit *e);
bool edit_left(struct edit *e);
bool edit_right(struct edit *e);
bool edit_kill_start(struct edit *e);   /* Ctrl-U */
bool edit_kill_end(struct edit *e);     /* Ctrl-K */
bool edit_kill_word(struct edit *e);    /* Ctrl-W */

/* Replace the contents (cursor at the end); over-long text is cut. */
void edit_set(struct edit *e, const char *utf8);
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
