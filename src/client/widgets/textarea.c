/* Multi-line editor over the edit buffer (textarea.h).
 *
 * Layout is recomputed from the buffer on demand: notices are a few
 * kilobytes, so a walk over the text per key costs nothing next to a
 * terminal write, and there is no second structure to keep in step. A line
 * break and the end of the text are placed like a one-column character, so
 * the cursor always has a cell to sit on. */
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "widgets/textarea.h"
#include "roster/utf8.h"

void textarea_init(struct textarea *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	edit_init_lines(&t->e, max);
	t->width = 40;
	t->page = 1;
	t->goal_col = -1;
}

void textarea_free(struct textarea *t)
{
	edit_free(&t->e);
}

void textarea_set(struct textarea *t, const char *utf8)
{
	edit_set_whole(&t->e, utf8);
	t->top = 0;
	t->goal_col = -1;
}

char *textarea_text(const struct textarea *t)
{
	return edit_text(&t->e);
}

void textarea_set_width(struct textarea *t, int width)
{
	t->width = width < 2 ? 2 : width;
}

static int cell_cols(wchar_t c)
{
	int w;

	if (c == L'\n')
		return 1;
	w = utf8_cp_width((uint32_t)c);
	return w < 1 ? 0 : w;
}

/* Walk the layout: calls visit(idx, row, col) for every index 0..len (len =
 * the end of the text) until visit returns false. */
typedef bool (*layout_visit)(void *ctx, size_t idx, int row, int col);

static void layout_walk(const struct textarea *t, layout_visit visit, void *ctx)
{
	const struct edit *e = &t->e;
	int row = 0, col = 0, width = t->width < 2 ? 2 : t->width;
	size_t i;

	for (i = 0; i <= e->len; i++) {
		wchar_t c = i < e->len ? e->buf[i] : L'\n';
		int w = cell_cols(c);

		if (col + w > width && col > 0) {
			row++;
			col = 0;
		}
		if (!visit(ctx, i, row, col))
			return;
		if (i < e->len && c == L'\n') {
			row++;
			col = 0;
		} else {
			col += w;
		}
	}
}

struct pos_find { size_t idx; int row, col; };

static bool visit_pos(void *ctx, size_t idx, int row, int col)
{
	struct pos_find *p = ctx;

	if (idx == p->idx) {
		p->row = row;
		p->col = col;
		return false;
	}
	return true;
}

void textarea_cursor_pos(const struct textarea *t, int *row, int *col)
{
	struct pos_find p = { t->e.cur, 0, 0 };

	layout_walk(t, visit_pos, &p);
	*row = p.row;
	*col = p.col;
}

static bool visit_last(void *ctx, size_t idx, int row, int col)
{
	(void)idx;
	(void)col;
	*(int *)ctx = row;
	return true;
}

int textarea_lines(const struct textarea *t)
{
	int last = 0;

	layout_walk(t, visit_last, &last);
	return last + 1;
}

/* The index on screen line row whose column is the largest not past col. */
struct at_find { int row, col; bool found; size_t idx; };

static bool visit_at(void *ctx, size_t idx, int row, int col)
{
	struct at_find *a = ctx;

	if (row > a->row)
		return false;
	if (row == a->row && (col <= a->col || !a->found)) {
		a->idx = idx;
		a->found = true;
	}
	return true;
}

static size_t index_at(const struct textarea *t, int row, int col)
{
	struct at_find a = { row, col, false, t->e.len };

	layout_walk(t, visit_at, &a);
	return a.found ? a.idx : t->e.len;
}

/* Move the cursor by dir screen lines, aiming for the goal column. */
static bool move_rows(struct textarea *t, int dir)
{
	int row, col, goal;

	textarea_cursor_pos(t, &row, &col);
	goal = t->goal_col >= 0 ? t->goal_col : col;
	if (row + dir < 0 || row + dir >= textarea_lines(t))
		return false;
	t->e.cur = index_at(t, row + dir, goal);
	t->goal_col = goal;
	return true;
}

bool textarea_up(struct textarea *t)
{
	return move_rows(t, -1);
}

bool textarea_down(struct textarea *t)
{
	return move_rows(t, 1);
}

void textarea_line_home(struct textarea *t)
{
	int row, col;

	textarea_cursor_pos(t, &row, &col);
	t->e.cur = index_at(t, row, 0);
}

void textarea_line_end(struct textarea *t)
{
	int row, col;

	textarea_cursor_pos(t, &row, &col);
	t->e.cur = index_at(t, row, 1 << 30);
}

bool textarea_key(struct textarea *t, unsigned key)
{
	int i, step = t->page > 1 ? t->page - 1 : 1;

	switch (key) {
	case KF(KEY_UP):
		textarea_up(t);
		return true;
	case KF(KEY_DOWN):
		textarea_down(t);
		return true;
	case KF(KEY_PPAGE):
		for (i = 0; i < step && textarea_up(t); i++)
			;
		return true;
	case KF(KEY_NPAGE):
		for (i = 0; i < step && textarea_down(t); i++)
			;
		return true;
	default:
		break;
	}
	t->goal_col = -1;
	switch (key) {
	case KF(KEY_HOME): case KEY_CTRL('a'): textarea_line_home(t); return true;
	case KF(KEY_END):  case KEY_CTRL('e'): textarea_line_end(t); return true;
	case KEY_PASTE_NL:
		edit_insert(&t->e, L'\n');
		return true;
	case '\r': case '\n': case KF(KEY_ENTER):
		if (t->enter_ends)
			return false;
		edit_insert(&t->e, L'\n');
		return true;
	default:
		return edit_key(&t->e, key);
	}
}

struct paint { const struct edit *e; int y, x, h, top; attr_t attr; };

static bool visit_paint(void *ctx, size_t idx, int row, int col)
{
	struct paint *p = ctx;
	wchar_t c;

	if (row >= p->top + p->h)
		return false;
	if (row < p->top || idx >= p->e->len)
		return true;
	c = p->e->buf[idx];
	if (c == L'\n' || cell_cols(c) == 0)
		return true;
	if (!ui_text_utf8() && c >= 0x80) {
		mvaddch(p->y + row - p->top, p->x + col, '?' | p->attr);
		if (cell_cols(c) == 2)
			addch('?' | p->attr);
	} else {
		wchar_t wc[2] = { c, 0 };

		attron(p->attr);
		mvaddnwstr(p->y + row - p->top, p->x + col, wc, 1);
		attroff(p->attr);
	}
	return true;
}

void textarea_draw(struct textarea *t, int y, int x, int h, int w, unsigned long attr,
                   int *cy, int *cx)
{
	struct paint p;
	int row, col;

	if (h < 1 || w < 2) {
		*cy = *cx = -1;
		return;
	}
	textarea_set_width(t, w);
	t->page = h;
	textarea_cursor_pos(t, &row, &col);
	if (row < t->top)
		t->top = row;
	if (row >= t->top + h)
		t->top = row - h + 1;
	ui_fill(y, x, h, w, (attr_t)attr);
	p.e = &t->e;
	p.y = y;
	p.x = x;
	p.h = h;
	p.top = t->top;
	p.attr = (attr_t)attr;
	layout_walk(t, visit_paint, &p);
	*cy = y + row - t->top;
	*cx = x + (col < w ? col : w - 1);
}
