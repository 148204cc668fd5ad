/* Drawing helpers shared by widgets and screens: colours with a monochrome
 * fallback, text cut and padded by terminal columns, boxes, word wrap. */
#ifndef ROSTER_CLIENT_UI_H
#define ROSTER_CLIENT_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

enum ui_role {
	UI_NORMAL,
	UI_TITLE,        /* title bar */
	UI_STATUS,       /* status line */
	UI_KEY,          /* a key name in the status line */
	UI_FIELD,        /* an input field */
	UI_FIELD_FOCUS,  /* the input field with the cursor */
	UI_LABEL,
	UI_ERROR,        /* per-field and dialog errors */
	UI_OK,           /* success messages */
	UI_SELECTED,     /* selected list row, focused button */
	UI_DIALOG,       /* dialog background */
	UI_DIM,          /* hints */
	UI_HEADING,
	UI_QR,           /* light modules as foreground on a dark background */
	UI__COUNT
};

/* Call after initscr(); colour only when the terminal has it. */
void ui_init(bool colour, bool utf8);
attr_t ui_attr(enum ui_role role);
/* Unicode line drawing, QR blocks and symbols (false with --ascii or a
 * non-UTF-8 locale). */
bool ui_is_utf8(void);
/* Unicode text: true in a UTF-8 locale even with --ascii, which is for line
 * drawing only (Chinese stays Chinese). Set before ui_init. */
bool ui_text_utf8(void);
void ui_set_text_utf8(bool on);

/* Print s at (y, x) in at most w columns; text too long ends in "…" ('~'
 * without Unicode) in the last column. Returns the columns used.
 * Characters the terminal cannot show become '?'. */
int ui_print(int y, int x, int w, const char *s, attr_t attr);
/* s cut to w columns with "…" at the end when it is longer (a copy to
 * free): for text that must stay inside brackets or other text. */
char *ui_cut(const char *s, int w);
/* Same as ui_print, padded with spaces to exactly w columns. */
void ui_print_pad(int y, int x, int w, const char *s, attr_t attr);
/* Centred in w columns starting at x. */
void ui_print_center(int y, int x, int w, const char *s, attr_t attr);
void ui_fill(int y, int x, int h, int w, attr_t attr);
/* A frame with line-drawing characters (ACS, so it works everywhere). */
void ui_box(int y, int x, int h, int w, attr_t attr);

/* The last full paint left the cursor in a text field (forms say so while
 * drawing): keys typed while the window is too small go there. */
void ui_set_typing(bool on);
bool ui_typing(void);

/* Word wrap to width columns: fills starts[]/lens[] (bytes) of up to max
 * lines and returns how many lines the whole text needs (may exceed max).
 * Breaks at spaces, anywhere between wide (CJK) characters, and at '\n'. */
int ui_wrap(const char *s, int width, size_t *starts, size_t *lens, int max);

#endif
