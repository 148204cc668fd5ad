/* The multi-line editor, for notices, reasons and every long text: the
 * buffer of widgets/edit.h made with edit_init_lines ('\n' for line ends,
 * wiped when freed), laid out over screen lines wrapped by columns
 * (double-width characters take two, and one never straddles the right
 * edge). The layout needs no terminal (tests/unit/client/test_textarea.c);
 * textarea_draw paints it.
 *
 * Keys (textarea_key): what edit_key takes (characters, Left/Right,
 * Backspace, Delete/Ctrl-D, Ctrl-K to the line's end or joining the next
 * line, Ctrl-U to its start, Ctrl-W the word before), and Enter inserts a
 * line break (unless made with enter_ends), Up/Down move by screen line
 * keeping the column, Home/End (Ctrl-A/Ctrl-E) go to the start/end of the
 * screen line, PgUp/PgDn move a page. A bracketed paste arrives with all
 * its lines (KEY_PASTE_NL, app.h). */
#ifndef ROSTER_CLIENT_TEXTAREA_H
#define ROSTER_CLIENT_TEXTAREA_H

#include <stdbool.h>
#include <stddef.h>

#include "widgets/edit.h"

struct textarea {
	struct edit e;     /* the text; e.cur is the cursor */
	bool enter_ends;   /* Enter is the caller's (sends a dialog) */
	int width;         /* columns the text is wrapped to (set by textarea_draw) */
	int top;           /* first screen line shown */
	int page;          /* screen lines shown (set by textarea_draw) */
	int goal_col;      /* column Up/Down aim for; -1 = the cursor's */
};

/* max: most characters, 0 = no limit. */
void textarea_init(struct textarea *t, size_t max);
void textarea_free(struct textarea *t);
/* Replace the contents, keeping all of a stored text; cursor at the start. */
void textarea_set(struct textarea *t, const char *utf8);
/* The contents as a new UTF-8 string; caller frees. */
char *textarea_text(const struct textarea *t);

/* Set the wrap width (columns, at least 2). */
void textarea_set_width(struct textarea *t, int width);
/* Screen lines the text takes at the current width (at least 1). */
int textarea_lines(const struct textarea *t);
/* Screen line and column of the cursor at the current width. */
void textarea_cursor_pos(const struct textarea *t, int *row, int *col);
/* Move by screen lines of the current width (keeps the goal column). */
bool textarea_up(struct textarea *t);
bool textarea_down(struct textarea *t);
void textarea_line_home(struct textarea *t);
void textarea_line_end(struct textarea *t);

/* A key as the app delivers it; true when it was the editor's. */
bool textarea_key(struct textarea *t, unsigned key);

/* Paint into the rectangle (wrapping to w columns, scrolling to keep the
 * cursor in view); sets *cy and *cx to the cursor's screen position. */
void textarea_draw(struct textarea *t, int y, int x, int h, int w, unsigned long attr,
                   int *cy, int *cx);

#endif
