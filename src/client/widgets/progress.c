/* Progress bar (progress.h). */
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "ui.h"
#include "widgets/progress.h"

void progress_draw(int y, int x, int w, int64_t done, int64_t total)
{
	char pct[8];
	int bar = w - 7, fill, i;
	int p = total > 0 ? (int)(done * 100 / total) : 0;

	if (bar < 3)
		return;
	if (p < 0)
		p = 0;
	if (p > 100)
		p = 100;
	fill = bar * p / 100;
	mvaddch(y, x, '[');
	for (i = 0; i < bar - 2; i++) {
		if (i < fill * (bar - 2) / bar)
			addch(ui_is_utf8() ? ' ' | A_REVERSE : '#');
		else
			addch(ui_is_utf8() ? ' ' : '.');
	}
	addch(']');
	snprintf(pct, sizeof(pct), " %3d%%", p);
	addstr(pct);
}
