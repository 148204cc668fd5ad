/* Multi-line editor with a wide-character buffer (staff_textarea.h).
 *
 * Layout is recomputed from the buffer on demand: notices are a few
 * kilobytes, so a walk over the text per key costs nothing next to a
 * terminal write, and there is no second structure to keep in step. A line
 * break and the end of the text are placed like a one-column character, so
 * the cursor always has a cell to sit on. */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "widgets/staff_textarea.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

void ta_init(struct textarea *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max;
	t->width = 40;
	t->page = 1;
	t->goal_col = -1;
}

void ta_free(struct textarea *t)
{
	free(t->buf);
	t->buf = NULL;
	t->len = t->cap = t->cur = 0;
}

static void ta_reserve(struct textarea *t, size_t need)
{
	size_t cap;

	if (need <= t->cap)
		return;
	cap = t->cap ? t->cap * 2 : 64;
	while (cap < need)
		cap *= 2;
	t->buf = xrealloc(t->buf, cap * sizeof(wchar_t));
	t->cap = cap;
}

static bool insertable(wchar_t c)
{
	if (c == L'\n')
		return true;
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return false;
	if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return false;
	return true;
}

bool ta_insert(struct textarea *t, wchar_t c)
{
	if (!insertable(c) || (t->max && t->len >= t->max))
		return false;
	ta_reserve(t, t->len + 1);
	memmove(t->buf + t->cur + 1, t->buf + t->cur, (t->len - t->cur) * sizeof(wchar_t));
	t->buf[t->cur++] = c;
	t->len++;
	t->goal_col = -1;
	return true;
}

size_t ta_insert_utf8(struct textarea *t, const char *s)
{
	size_t n = 0, len = s ? strlen(s) : 0;

	while (len > 0) {
		uint32_t cp;
		int k = utf8_decode(s, len, &cp);

		if (k < 0)
			k = 1; /* U+FFFD marks the bad byte */
		if (cp == '\r') {
			cp = '\n';
			if ((size_t)k < len && s[k] == '\n')
				k++;
		} else if (cp == '\t') {
			cp = ' ';
		}
		if (t->max && t->len >= t->max)
			break;
		if (ta_insert(t, (wchar_t)cp))
			n++;
		s += k;
		len -= (size_t)k;
	}
	return n;
}

bool ta_backspace(struct textarea *t)
{
	if (t->cur == 0)
		return false;
	t->cur--;
	return ta_delete(t);
}

bool ta_delete(struct textarea *t)
{
	if (t->cur >= t->len)
		return false;
	memmove(t->buf + t->cur, t->buf + t->cur + 1, (t->len - t->cur - 1) * sizeof(wchar_t));
	t->len--;
	t->goal_col = -1;
	return true;
}

bool ta_left(struct textarea *t)
{
	t->goal_col = -1;
	if (t->cur == 0)
		return false;
	t->cur--;
	return true;
}

bool ta_right(struct textarea *t)
{
	t->goal_col = -1;
	if (t->cur >= t->len)
		return false;
	t->cur++;
	return true;
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
typedef bool (*ta_visit)(void *ctx, size_t idx, int row, int col);

static void ta_walk(const struct textarea *t, ta_visit visit, void *ctx)
{
	int row = 0, col = 0, width = t->width < 2 ? 2 : t->width;
	size_t i;

	for (i = 0; i <= t->len; i++) {
		wchar_t c = i < t->len ? t->buf[i] : L'\n';
		int w = cell_cols(c);

		if (col + (w ? w : 0) > width && col > 0) {
			row++;
			col = 0;
		}
		if (!visit(ctx, i, row, col))
			return;
		if (i < t->len && c == L'\n') {
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

static void ta_pos(const struct textarea *t, size_t idx, int *row, int *col)
{
	struct pos_find p = { idx, 0, 0 };

	ta_walk(t, visit_pos, &p);
	*row = p.row;
	*col = p.col;
}

void ta_cursor_pos(const struct textarea *t, int *row, int *col)
{
	ta_pos(t, t->cur, row, col);
}

struct last_row { int row; };

static bool visit_last(void *ctx, size_t idx, int row, int col)
{
	struct last_row *l = ctx;

	(void)idx;
	(void)col;
	l->row = row;
	return true;
}

int ta_lines(const struct textarea *t)
{
	struct last_row l = { 0 };

	ta_walk(t, visit_last, &l);
	return l.row + 1;
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

static size_t ta_index_at(const struct textarea *t, int row, int col)
{
	struct at_find a = { row, col, false, t->len };

	ta_walk(t, visit_at, &a);
	return a.found ? a.idx : t->len;
}

bool ta_up(struct textarea *t)
{
	int row, col, goal;

	ta_cursor_pos(t, &row, &col);
	goal = t->goal_col >= 0 ? t->goal_col : col;
	if (row == 0)
		return false;
	t->cur = ta_index_at(t, row - 1, goal);
	t->goal_col = goal;
	return true;
}

bool ta_down(struct textarea *t)
{
	int row, col, goal;

	ta_cursor_pos(t, &row, &col);
	goal = t->goal_col >= 0 ? t->goal_col : col;
	if (row + 1 >= ta_lines(t))
		return false;
	t->cur = ta_index_at(t, row + 1, goal);
	t->goal_col = goal;
	return true;
}

void ta_line_home(struct textarea *t)
{
	int row, col;

	ta_cursor_pos(t, &row, &col);
	t->cur = ta_index_at(t, row, 0);
	t->goal_col = -1;
}

void ta_line_end(struct textarea *t)
{
	int row, col;

	ta_cursor_pos(t, &row, &col);
	t->cur = ta_index_at(t, row, 1 << 30);
	t->goal_col = -1;
}

bool ta_kill_end(struct textarea *t)
{
	size_t end = t->cur;

	if (t->cur >= t->len)
		return false;
	if (t->buf[t->cur] == L'\n') {
		end = t->cur + 1; /* at a line end: join the next line */
	} else {
		while (end < t->len && t->buf[end] != L'\n')
			end++;
	}
	memmove(t->buf + t->cur, t->buf + end, (t->len - end) * sizeof(wchar_t));
	t->len -= end - t->cur;
	t->goal_col = -1;
	return true;
}

bool ta_kill_start(struct textarea *t)
{
	size_t start = t->cur;

	while (start > 0 && t->buf[start - 1] != L'\n')
		start--;
	if (start == t->cur)
		return false;
	memmove(t->buf + start, t->buf + t->cur, (t->len - t->cur) * sizeof(wchar_t));
	t->len -= t->cur - start;
	t->cur = start;
	t->goal_col = -1;
	return true;
}

void ta_set(struct textarea *t, const char *utf8)
{
	size_t max = t->max;

	t->len = t->cur = 0;
	t->top = 0;
	t->max = 0; /* a stored text longer than the limit is kept whole */
	ta_insert_utf8(t, utf8);
	t->max = max;
	t->cur = 0;
	t->goal_col = -1;
}

char *ta_text(const struct textarea *t)
{
	char *out = xmalloc(t->len * 4 + 1), *p = out;
	size_t i;

	for (i = 0; i < t->len; i++)
		p += utf8_encode((uint32_t)t->buf[i], p);
	*p = '\0';
	return out;
}

void ta_set_width(struct textarea *t, int width)
{
	t->width = width < 2 ? 2 : width;
}

bool ta_key(struct textarea *t, unsigned key)
{
	int i;

	switch (key) {
	case KF(KEY_LEFT):  ta_left(t); return true;
	case KF(KEY_RIGHT): ta_right(t); return true;
	case KF(KEY_UP):    ta_up(t); return true;
	case KF(KEY_DOWN):  ta_down(t); return true;
	case KF(KEY_HOME):  case KEY_CTRL('a'): ta_line_home(t); return true;
	case KF(KEY_END):   case KEY_CTRL('e'): ta_line_end(t); return true;
	case KF(KEY_PPAGE):
		for (i = 0; i < (t->page > 1 ? t->page - 1 : 1); i++)
			if (!ta_up(t))
				break;
		return true;
	case KF(KEY_NPAGE):
		for (i = 0; i < (t->page > 1 ? t->page - 1 : 1); i++)
			if (!ta_down(t))
				break;
		return true;
	case KF(KEY_BACKSPACE): case 127: case KEY_CTRL('h'):
		ta_backspace(t);
		return true;
	case KF(KEY_DC): case KEY_CTRL('d'): ta_delete(t); return true;
	case KEY_CTRL('k'): ta_kill_end(t); return true;
	case KEY_CTRL('u'): ta_kill_start(t); return true;
	case '\r': case '\n': case KF(KEY_ENTER):
		ta_insert(t, L'\n');
		return true;
	default:
		if (IS_KF(key) || key < 0x20 || key == 0x7f)
			return false;
		ta_insert(t, (wchar_t)key); /* at the limit the key is still ours */
		return true;
	}
}

struct paint { const struct textarea *t; int y, x, h, top; attr_t attr; };

static bool visit_paint(void *ctx, size_t idx, int row, int col)
{
	struct paint *p = ctx;
	wchar_t c;

	if (row >= p->top + p->h)
		return false;
	if (row < p->top || idx >= p->t->len)
		return true;
	c = p->t->buf[idx];
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

void ta_draw(struct textarea *t, int y, int x, int h, int w, unsigned long attr,
             int *cy, int *cx)
{
	struct paint p;
	int row, col;

	if (h < 1 || w < 2) {
		*cy = *cx = -1;
		return;
	}
	ta_set_width(t, w);
	t->page = h;
	ta_cursor_pos(t, &row, &col);
	if (row < t->top)
		t->top = row;
	if (row >= t->top + h)
		t->top = row - h + 1;
	ui_fill(y, x, h, w, (attr_t)attr);
	p.t = t;
	p.y = y;
	p.x = x;
	p.h = h;
	p.top = t->top;
	p.attr = (attr_t)attr;
	ta_walk(t, visit_paint, &p);
	*cy = y + row - t->top;
	*cx = x + (col < w ? col : w - 1);
}
