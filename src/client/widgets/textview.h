/* A read-only scrolling text (the membership terms, a notice): wrapped to
 * the width by columns, scrolled with Up/Down, PgUp/PgDn, Space, Home/End. */
#ifndef ROSTER_CLIENT_TEXTVIEW_H
#define ROSTER_CLIENT_TEXTVIEW_H

#include <stdbool.h>
#include <stddef.h>

struct textview {
	char *text;        /* owned */
	int top;           /* first line shown */
	int lines;         /* wrapped lines at the last draw */
	int height;        /* rows at the last draw */
	bool seen_end;     /* the last line has been on screen */
};

void textview_set(struct textview *tv, const char *text);
void textview_free(struct textview *tv);
bool textview_key(struct textview *tv, unsigned key);
void textview_draw(struct textview *tv, int y, int x, int h, int w);
bool textview_at_end(const struct textview *tv);

#endif
