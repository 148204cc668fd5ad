/* Scrolling filtered list (list.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "widgets/list.h"
#include "roster/i18n.h"
#include "roster/xalloc.h"

void list_init(struct list *l)
{
	memset(l, 0, sizeof(*l));
	edit_init(&l->filter, 64, false);
}

void list_clear(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->rows[i].text);
	l->n = l->nview = l->sel = l->top = 0;
}

void list_free(struct list *l)
{
	list_clear(l);
	free(l->rows);
	free(l->view);
	edit_free(&l->filter);
	memset(l, 0, sizeof(*l));
}

/* Case-insensitive for ASCII, exact for everything else (Chinese). */
static bool row_matches(const char *text, const char *needle)
{
	size_t n = strlen(needle), i;

	if (!n)
		return true;
	for (i = 0; text[i]; i++)
		if (!strncasecmp(text + i, needle, n))
			return true;
	return false;
}

static void refilter(struct list *l)
{
	char *needle = edit_text(&l->filter);
	size_t i;

	l->view = xrealloc(l->view, (l->n ? l->n : 1) * sizeof(size_t));
	l->nview = 0;
	for (i = 0; i < l->n; i++)
		if (row_matches(l->rows[i].text, needle))
			l->view[l->nview++] = i;
	if (l->sel >= l->nview)
		l->sel = l->nview ? l->nview - 1 : 0;
	free(needle);
}

void list_add(struct list *l, const char *text, long id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->rows = xrealloc(l->rows, l->cap * sizeof(*l->rows));
	}
	l->rows[l->n].text = xstrdup(text ? text : "");
	l->rows[l->n].id = id;
	l->n++;
	refilter(l);
}

long list_selected_id(const struct list *l)
{
	return l->nview ? l->rows[l->view[l->sel]].id : -1;
}

enum list_event list_key(struct list *l, unsigned key)
{
	size_t page = l->height > 1 ? (size_t)l->height - 1 : 1;

	if (l->filtering) {
		if (key == '\r' || key == '\n' || key == KEY_ESC) {
			l->filtering = false;
			if (key == KEY_ESC) {
				edit_clear(&l->filter);
				refilter(l);
			}
			return LIST_HANDLED;
		}
		if (edit_key(&l->filter, key)) {
			refilter(l);
			return LIST_HANDLED;
		}
		return LIST_IGNORED;
	}
	switch (key) {
	case '/':
		l->filtering = true;
		return LIST_HANDLED;
	case KF(KEY_UP): case 'k':
		if (l->sel > 0)
			l->sel--;
		return LIST_HANDLED;
	case KF(KEY_DOWN): case 'j':
		if (l->sel + 1 < l->nview)
			l->sel++;
		return LIST_HANDLED;
	case KF(KEY_HOME):
		l->sel = 0;
		return LIST_HANDLED;
	case KF(KEY_END):
		l->sel = l->nview ? l->nview - 1 : 0;
		return LIST_HANDLED;
	case KF(KEY_NPAGE):
		if (l->per_page && l->sel + 1 >= l->nview &&
		    l->page * l->per_page < l->total)
			return LIST_PAGE_NEXT;
		l->sel = l->sel + page < l->nview ? l->sel + page : (l->nview ? l->nview - 1 : 0);
		return LIST_HANDLED;
	case KF(KEY_PPAGE):
		if (l->per_page && l->sel == 0 && l->page > 1)
			return LIST_PAGE_PREV;
		l->sel = l->sel > page ? l->sel - page : 0;
		return LIST_HANDLED;
	case '\r': case '\n': case KF(KEY_ENTER):
		return l->nview ? LIST_SELECT : LIST_HANDLED;
	default:
		return LIST_IGNORED;
	}
}

void list_draw(struct list *l, int y, int x, int h, int w, int *cy, int *cx)
{
	int rows = h - 1, i;
	char buf[160];

	*cy = *cx = -1;
	if (rows < 1)
		return;
	l->height = rows;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - (size_t)rows + 1;
	for (i = 0; i < rows && l->top + (size_t)i < l->nview; i++) {
		size_t v = l->top + (size_t)i;
		bool sel = v == l->sel;

		ui_print_pad(y + i, x, w, l->rows[l->view[v]].text,
		             ui_attr(sel ? UI_SELECTED : UI_NORMAL));
	}
	if (l->nview == 0)
		ui_print(y, x, w, l->n ? _("Nothing matches the filter.") : _("Nothing here yet."),
		         ui_attr(UI_DIM));
	/* bottom line: filter and position */
	if (l->filtering || l->filter.len) {
		int used = ui_print(y + h - 1, x, w, _("Filter: "), ui_attr(UI_LABEL));
		int col = edit_draw(&l->filter, y + h - 1, x + used, w / 2, ui_attr(UI_FIELD));

		if (l->filtering) {
			*cy = y + h - 1;
			*cx = col;
		}
	} else if (l->per_page) {
		long pages = l->total ? (l->total + l->per_page - 1) / l->per_page : 1;

		snprintf(buf, sizeof(buf), _("Page %ld of %ld, %ld in all"), l->page, pages, l->total);
		ui_print(y + h - 1, x, w, buf, ui_attr(UI_DIM));
	} else if (l->nview) {
		snprintf(buf, sizeof(buf), "%zu/%zu", l->sel + 1, l->nview);
		ui_print(y + h - 1, x, w, buf, ui_attr(UI_DIM));
	}
}
