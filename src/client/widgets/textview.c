/* Scrolling wrapped text (textview.h). */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "widgets/textview.h"
#include "roster/xalloc.h"

void textview_set(struct textview *tv, const char *text)
{
	free(tv->text);
	memset(tv, 0, sizeof(*tv));
	tv->text = xstrdup(text ? text : "");
}

void textview_free(struct textview *tv)
{
	free(tv->text);
	memset(tv, 0, sizeof(*tv));
}

static int max_top(const struct textview *tv)
{
	return tv->lines > tv->height ? tv->lines - tv->height : 0;
}

bool textview_key(struct textview *tv, unsigned key)
{
	int page = tv->height > 1 ? tv->height - 1 : 1;

	switch (key) {
	case KF(KEY_UP): case 'k': tv->top--; break;
	case KF(KEY_DOWN): case 'j': tv->top++; break;
	case KF(KEY_PPAGE): case 'b': tv->top -= page; break;
	case KF(KEY_NPAGE): case ' ': tv->top += page; break;
	case KF(KEY_HOME): case 'g': tv->top = 0; break;
	case KF(KEY_END): case 'G': tv->top = max_top(tv); break;
	default: return false;
	}
	if (tv->top > max_top(tv))
		tv->top = max_top(tv);
	if (tv->top < 0)
		tv->top = 0;
	return true;
}

void textview_draw(struct textview *tv, int y, int x, int h, int w)
{
	size_t *starts, *lens;
	int n, i;
	char *line;

	if (h <= 0 || w <= 0 || !tv->text)
		return;
	n = ui_wrap(tv->text, w, NULL, NULL, 0);
	starts = xcalloc((size_t)n + 1, sizeof(size_t));
	lens = xcalloc((size_t)n + 1, sizeof(size_t));
	ui_wrap(tv->text, w, starts, lens, n);
	tv->lines = n;
	tv->height = h;
	if (tv->top > max_top(tv))
		tv->top = max_top(tv);
	line = xmalloc(strlen(tv->text) + 1);
	for (i = 0; i < h && tv->top + i < n; i++) {
		size_t s = starts[tv->top + i], l = lens[tv->top + i];

		memcpy(line, tv->text + s, l);
		line[l] = '\0';
		ui_print(y + i, x, w, line, ui_attr(UI_NORMAL));
	}
	if (tv->top + h >= n)
		tv->seen_end = true;
	free(line);
	free(starts);
	free(lens);
}

bool textview_at_end(const struct textview *tv)
{
	return tv->seen_end;
}
