/* Line editor with a wide-character buffer (edit.h). */
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <sodium.h>

#include "app.h"
#include "ui.h"
#include "widgets/edit.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

void edit_init(struct edit *e, size_t max, bool masked)
{
	memset(e, 0, sizeof(*e));
	e->max = max;
	e->masked = masked;
}

void edit_init_lines(struct edit *e, size_t max)
{
	edit_init(e, max, false);
	e->lines = true;
}

void edit_free(struct edit *e)
{
	if (e->buf) {
		sodium_memzero(e->buf, e->cap * sizeof(wchar_t));
		free(e->buf);
	}
	e->buf = NULL;
	e->len = e->cap = e->cur = e->scroll = 0;
}

void edit_clear(struct edit *e)
{
	if (e->buf)
		sodium_memzero(e->buf, e->cap * sizeof(wchar_t));
	e->len = e->cur = e->scroll = 0;
}

/* Grow without leaving a copy of a secret behind in freed memory. */
static void edit_reserve(struct edit *e, size_t need)
{
	wchar_t *nb;
	size_t cap;

	if (need <= e->cap)
		return;
	cap = e->cap ? e->cap * 2 : 32;
	while (cap < need)
		cap *= 2;
	nb = xcalloc(cap, sizeof(wchar_t));
	if (e->buf) {
		memcpy(nb, e->buf, e->len * sizeof(wchar_t));
		sodium_memzero(e->buf, e->cap * sizeof(wchar_t));
		free(e->buf);
	}
	e->buf = nb;
	e->cap = cap;
}

static bool insertable(const struct edit *e, wchar_t c)
{
	if (c == L'\n')
		return e->lines;
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return false;
	if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return false;
	return true;
}

bool edit_insert(struct edit *e, wchar_t c)
{
	if (!insertable(e, c) || (e->max && e->len >= e->max))
		return false;
	edit_reserve(e, e->len + 1);
	memmove(e->buf + e->cur + 1, e->buf + e->cur, (e->len - e->cur) * sizeof(wchar_t));
	e->buf[e->cur++] = c;
	e->len++;
	return true;
}

size_t edit_insert_utf8(struct edit *e, const char *s)
{
	size_t n = 0, len = strlen(s);

	while (len > 0) {
		uint32_t cp;
		int k = utf8_decode(s, len, &cp);

		if (k < 0)
			k = 1; /* cp is U+FFFD: keep a visible mark of the bad byte */
		if ((cp == '\n' || cp == '\r') && !e->lines)
			break;
		if (cp == '\r') {
			cp = '\n';
			if ((size_t)k < len && s[k] == '\n')
				k++;
		} else if (cp == '\t') {
			cp = ' ';
		}
		if (e->max && e->len >= e->max)
			break;
		if (edit_insert(e, (wchar_t)cp))
			n++;
		s += k;
		len -= (size_t)k;
	}
	return n;
}

/* Take out the characters [from, to) and put the cursor at from. */
static void edit_cut(struct edit *e, size_t from, size_t to)
{
	size_t n = to - from;

	memmove(e->buf + from, e->buf + to, (e->len - to) * sizeof(wchar_t));
	sodium_memzero(e->buf + e->len - n, n * sizeof(wchar_t));
	e->len -= n;
	e->cur = from;
}

bool edit_backspace(struct edit *e)
{
	if (e->cur == 0)
		return false;
	edit_cut(e, e->cur - 1, e->cur);
	return true;
}

bool edit_delete(struct edit *e)
{
	if (e->cur >= e->len)
		return false;
	edit_cut(e, e->cur, e->cur + 1);
	return true;
}

void edit_home(struct edit *e)
{
	e->cur = 0;
}

void edit_end(struct edit *e)
{
	e->cur = e->len;
}

bool edit_left(struct edit *e)
{
	if (e->cur == 0)
		return false;
	e->cur--;
	return true;
}

bool edit_right(struct edit *e)
{
	if (e->cur >= e->len)
		return false;
	e->cur++;
	return true;
}

bool edit_kill_start(struct edit *e)
{
	size_t start = e->cur;

	while (start > 0 && e->buf[start - 1] != L'\n')
		start--;
	if (start == e->cur)
		return false;
	edit_cut(e, start, e->cur);
	return true;
}

bool edit_kill_end(struct edit *e)
{
	size_t end = e->cur;

	if (e->cur >= e->len)
		return false;
	if (e->buf[end] == L'\n') {
		end++; /* at a line end: join the next line */
	} else {
		while (end < e->len && e->buf[end] != L'\n')
			end++;
	}
	edit_cut(e, e->cur, end);
	return true;
}

bool edit_kill_word(struct edit *e)
{
	size_t start = e->cur;

	while (start > 0 && e->buf[start - 1] == ' ')
		start--;
	while (start > 0 && e->buf[start - 1] != ' ' && e->buf[start - 1] != L'\n')
		start--;
	if (start == e->cur)
		return false;
	edit_cut(e, start, e->cur);
	return true;
}

void edit_set(struct edit *e, const char *utf8)
{
	edit_clear(e);
	if (utf8)
		edit_insert_utf8(e, utf8);
	e->cur = e->len;
}

void edit_set_whole(struct edit *e, const char *utf8)
{
	size_t max = e->max;

	e->max = 0;
	edit_set(e, utf8);
	e->max = max;
	e->cur = 0;
}

char *edit_text(const struct edit *e)
{
	char *out = xmalloc(e->len * 4 + 1), *p = out;
	size_t i;

	for (i = 0; i < e->len; i++)
		p += utf8_encode((uint32_t)e->buf[i], p);
	*p = '\0';
	return out;
}

static int char_cols(const struct edit *e, size_t i)
{
	int w;

	if (e->masked)
		return 1;
	w = utf8_cp_width((uint32_t)e->buf[i]);
	return w < 0 ? 1 : w;
}

size_t edit_cols(const struct edit *e, size_t n)
{
	size_t i, cols = 0;

	if (n > e->len)
		n = e->len;
	for (i = 0; i < n; i++)
		cols += (size_t)char_cols(e, i);
	return cols;
}

bool edit_key(struct edit *e, unsigned key)
{
	switch (key) {
	case KF(KEY_LEFT):  edit_left(e); return true;
	case KF(KEY_RIGHT): edit_right(e); return true;
	case KF(KEY_HOME):  case KEY_CTRL('a'): edit_home(e); return true;
	case KF(KEY_END):   case KEY_CTRL('e'): edit_end(e); return true;
	case KF(KEY_BACKSPACE): case 127: case KEY_CTRL('h'):
		edit_backspace(e);
		return true;
	case KF(KEY_DC): case KEY_CTRL('d'): edit_delete(e); return true;
	case KEY_CTRL('u'): edit_kill_start(e); return true;
	case KEY_CTRL('k'): edit_kill_end(e); return true;
	case KEY_CTRL('w'): edit_kill_word(e); return true;
	default:
		if (IS_KF(key) || key < 0x20 || key == 0x7f)
			return false;
		edit_insert(e, (wchar_t)key); /* at the limit the key is still ours */
		return true;
	}
}

int edit_scroll_to_cursor(struct edit *e, int width)
{
	size_t col;

	if (width < 2)
		width = 2;
	if (e->scroll > e->cur)
		e->scroll = e->cur;
	if (e->scroll > e->len)
		e->scroll = 0;
	/* leave one column for the cursor after the last character */
	for (;;) {
		col = edit_cols(e, e->cur) - edit_cols(e, e->scroll);
		if ((int)col + (e->cur < e->len ? char_cols(e, e->cur) : 1) <= width)
			break;
		e->scroll++;
	}
	/* scroll back when there is room, so a shrinking text shows its head */
	while (e->scroll > 0 &&
	       (int)(edit_cols(e, e->len) - edit_cols(e, e->scroll - 1)) < width) {
		e->scroll--;
	}
	return (int)(edit_cols(e, e->cur) - edit_cols(e, e->scroll));
}

int edit_draw(struct edit *e, int y, int x, int width, unsigned long attr)
{
	int curcol = edit_scroll_to_cursor(e, width), used = 0;
	size_t i;

	attron((attr_t)attr);
	move(y, x);
	for (i = e->scroll; i < e->len; i++) {
		int cw = char_cols(e, i);

		if (used + cw > width)
			break;
		if (e->masked) {
			addch('*' | (attr_t)attr);
		} else if (cw > 0) {
			wchar_t wc[2] = { e->buf[i], 0 };

			if (!ui_text_utf8() && e->buf[i] >= 0x80) {
				addch('?' | (attr_t)attr);
				if (cw == 2)
					addch('?' | (attr_t)attr);
			} else {
				addnwstr(wc, 1);
			}
		}
		used += cw;
	}
	if (used < width)
		hline(' ' | (attr_t)attr, width - used);
	attroff((attr_t)attr);
	return x + curcol;
}
