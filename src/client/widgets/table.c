/* A table of records, a server page or a few at a time (table.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "widgets/table.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

void table_init(struct table *t, bool markable, const char *empty)
{
	memset(t, 0, sizeof(*t));
	t->markable = markable;
	t->empty = empty;
	t->page = 1;
	t->height = 1;
	t->state = TABLE_LOADING;
}

static void free_row(struct table *t, struct table_row *r)
{
	free(r->label);
	for (int c = 0; c < TABLE_MAXCOLS; c++)
		free(r->cells[c]);
	if (r->data && t->free_data)
		t->free_data(r->data);
}

static void drop_rows(struct table *t)
{
	for (int i = 0; i < t->n; i++)
		free_row(t, &t->rows[i]);
	t->n = 0;
	t->joining = false;
}

/* Rows [from, from + k) go; those after move up. */
static void cut_rows(struct table *t, int from, int k)
{
	for (int i = from; i < from + k; i++)
		free_row(t, &t->rows[i]);
	memmove(&t->rows[from], &t->rows[from + k], (size_t)(t->n - from - k) * sizeof(*t->rows));
	t->n -= k;
}

void table_free(struct table *t)
{
	drop_rows(t);
	free(t->rows);
	table_clear_marks(t);
	free(t->marks);
	free(t->error);
	memset(t, 0, sizeof(*t));
}

void table_set_cols(struct table *t, const struct table_col *cols, int n)
{
	t->ncols = n < TABLE_MAXCOLS ? n : TABLE_MAXCOLS;
	memcpy(t->cols, cols, (size_t)t->ncols * sizeof(*cols));
}

/* Rows in a server page (before the first has come: those held). */
static long per(const struct table *t)
{
	if (t->per_page > 0)
		return t->per_page;
	return t->n > 0 ? t->n : 1;
}

long table_sel_page(const struct table *t)
{
	return t->page + (t->n > 0 && t->sel > 0 ? t->sel / per(t) : 0);
}

void table_loading(struct table *t, long page, enum table_land land)
{
	if (page < 1)
		page = 1;
	t->land = land;
	if (land == TABLE_JOIN_NEXT || land == TABLE_JOIN_PREV) {
		t->joining = true;
		t->joined_at = t->n;
		return;
	}
	if (land == TABLE_LAND_KEEP && t->n > 0) {
		/* the highlighted row's place on page */
		long long shift = (long long)(page - t->page) * per(t);

		t->sel = (int)(t->sel - shift);
		t->top = (int)(t->top - shift);
		if (t->top < 0)
			t->top = 0;
		if (t->sel < t->top)
			t->sel = t->top;
	}
	drop_rows(t);
	xfree(&t->error);
	t->state = TABLE_LOADING;
	t->dry = false;
	t->page = page;
	if (land != TABLE_LAND_KEEP)
		t->sel = t->top = 0;
}

void table_restart(struct table *t)
{
	table_loading(t, 1, TABLE_LAND_FIRST);
	t->total = 0;
}

void table_add_data(struct table *t, long long id, const char *label,
                    const char *const *cells, void *data)
{
	struct table_row *r;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->rows = xrealloc(t->rows, (size_t)t->cap * sizeof(*t->rows));
	}
	r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->label = xstrdup(label ? label : "");
	for (int c = 0; c < t->ncols; c++)
		r->cells[c] = xstrdup(cells[c] ? cells[c] : "");
	r->data = data;
}

void table_add(struct table *t, long long id, const char *label, const char *const *cells)
{
	table_add_data(t, id, label, cells, NULL);
}

static int page_rows(const struct table *t)
{
	return t->height > 0 ? t->height : 1;
}

static enum table_event go(struct table *t, unsigned key, bool may_fetch);
static enum table_event at_end(struct table *t, bool may_fetch);
static bool more_after(const struct table *t);
static enum table_event fetch_next(struct table *t, unsigned key);

/* Pages held beyond TABLE_HELD_PAGES go, those farthest from the screen
 * first: whole pages before the screen and the highlighted row, or after
 * both. */
static void trim(struct table *t)
{
	long p = per(t);
	int h = page_rows(t);

	while ((t->n + p - 1) / p > TABLE_HELD_PAGES) {
		int last = (int)(((t->n - 1) / p) * p);

		if (t->top >= p && t->sel >= p) {
			cut_rows(t, 0, (int)p);
			t->page++;
			t->top -= (int)p;
			t->sel -= (int)p;
		} else if (last >= t->top + h && last > t->sel) {
			cut_rows(t, last, t->n - last);
		} else {
			break;
		}
	}
}

/* A screenful taller than the rows held from its top, with more on the
 * server: the next page joined to fill it (unless the last page held is
 * short: the list grew meanwhile, and a move past it fetches afresh). */
static enum table_event fill(struct table *t)
{
	if (t->n > 0 && t->n % per(t) == 0 && t->top + page_rows(t) > t->n && more_after(t))
		return fetch_next(t, 0);
	return TABLE_MOVED;
}

enum table_event table_fill(struct table *t)
{
	if (t->state != TABLE_READY || t->joining || t->dry)
		return TABLE_MOVED;
	return fill(t);
}

/* The page asked for arrived: its rows (after those held) go to their
 * place, and the movement that asked for it goes on, asking for one more
 * page if the screenful is not all held yet (a page shorter than the
 * screen) and this one brought rows. */
static enum table_event join(struct table *t)
{
	enum table_event ev;
	int k = t->n - t->joined_at;
	bool before = t->land == TABLE_JOIN_PREV;

	t->joining = false;
	t->land = TABLE_LAND_KEEP;
	t->dry = k == 0;
	if (before && k > 0) {
		/* the page before: its rows to the front */
		struct table_row *came = xmalloc((size_t)k * sizeof(*came));

		memcpy(came, &t->rows[t->joined_at], (size_t)k * sizeof(*came));
		memmove(&t->rows[k], t->rows, (size_t)t->joined_at * sizeof(*came));
		memcpy(t->rows, came, (size_t)k * sizeof(*came));
		free(came);
		t->sel += k;
		t->top += k;
		t->page--;
	}
	ev = go(t, t->then, k > 0);
	if (ev == TABLE_FETCH)
		return ev;
	trim(t);
	table_fit(t);
	return k > 0 ? fill(t) : TABLE_MOVED;
}

enum table_event table_done(struct table *t, long page, long per_page, long long total)
{
	t->state = TABLE_READY;
	if (page < 1)
		page = 1;
	t->per_page = per_page > 0 ? per_page : t->n;
	t->total = total >= 0 ? total : t->n;
	if (t->joining)
		return join(t);
	t->page = page;
	switch (t->land) {
	case TABLE_LAND_FIRST:
		t->sel = t->top = 0;
		break;
	case TABLE_LAND_LAST:
		t->land = TABLE_LAND_KEEP;
		if (at_end(t, true) == TABLE_FETCH)
			return TABLE_FETCH;
		break;
	case TABLE_LAND_KEEP:
	case TABLE_JOIN_NEXT:
	case TABLE_JOIN_PREV:
		break;
	}
	t->land = TABLE_LAND_KEEP;
	table_fit(t);
	return fill(t);
}

bool table_join_failed(struct table *t)
{
	if (!t->joining || t->n == 0)
		return false;
	t->joining = false;
	t->then = 0;
	return true;
}

void table_fail(struct table *t, const char *msg)
{
	drop_rows(t);
	free(t->error);
	t->error = xstrdup(msg ? msg : "");
	t->state = TABLE_FAILED;
	t->sel = t->top = 0;
}

void table_fit(struct table *t)
{
	int h = page_rows(t);

	if (t->sel >= t->n)
		t->sel = t->n - 1;
	if (t->sel < 0)
		t->sel = 0;
	if (t->top > t->sel)
		t->top = t->sel;
	if (t->sel >= t->top + h)
		t->top = t->sel - h + 1;
	if (t->top < 0)
		t->top = 0;
}

const struct table_row *table_selected(const struct table *t)
{
	return t->state == TABLE_READY && t->sel >= 0 && t->sel < t->n ? &t->rows[t->sel] : NULL;
}

static long last_page(const struct table *t)
{
	if (t->total <= 0)
		return 1;
	return (long)((t->total + per(t) - 1) / per(t));
}

static enum table_event fetch(struct table *t, long page, enum table_land land)
{
	t->want_page = page;
	t->land = land;
	return TABLE_FETCH;
}

/* The server has rows after those held. */
static bool more_after(const struct table *t)
{
	return (long long)(t->page - 1) * per(t) + t->n < t->total;
}

/* The next page, joined to the rows held and then key again; when the
 * last page held is short (the list grew meanwhile) the page after it
 * alone, from its top. */
static enum table_event fetch_next(struct table *t, unsigned key)
{
	long p = per(t);

	if (t->n % p)
		return fetch(t, t->page + (t->n + p - 1) / p, TABLE_LAND_FIRST);
	t->then = key;
	return fetch(t, t->page + t->n / p, TABLE_JOIN_NEXT);
}

static enum table_event fetch_prev(struct table *t, unsigned key)
{
	t->then = key;
	return fetch(t, t->page - 1, TABLE_JOIN_PREV);
}

/* The last row highlighted, on the screenful that starts at a multiple
 * of the screen's rows in the whole list, as paging forward from the top
 * does: paging back from the end meets the same screenfuls, down to the
 * first. When that screenful starts on the page before those held, that
 * page is joined first (may_fetch). */
static enum table_event at_end(struct table *t, bool may_fetch)
{
	int h = page_rows(t);
	long long base = (long long)(t->page - 1) * per(t), top;

	t->sel = t->n ? t->n - 1 : 0;
	top = (base + t->sel) / h * h - base;
	if (top < 0 && t->page > 1 && may_fetch)
		return fetch_prev(t, KF(KEY_END));
	t->top = top > 0 ? (int)top : 0;
	return TABLE_MOVED;
}

/* key moves the highlighted row; may_fetch: past the rows held, ask for
 * the next or previous page (else stop at the end held). */
static enum table_event go(struct table *t, unsigned key, bool may_fetch)
{
	int h = page_rows(t);
	bool after = may_fetch && more_after(t), before = may_fetch && t->page > 1;

	switch (key) {
	case KF(KEY_UP): case KEY_CTRL('p'):
		if (t->sel > 0)
			t->sel--;
		else if (before)
			return fetch_prev(t, key);
		break;
	case KF(KEY_DOWN): case KEY_CTRL('n'):
		if (t->sel + 1 < t->n)
			t->sel++;
		else if (after)
			return fetch_next(t, key);
		break;
	case KF(KEY_NPAGE): case KEY_CTRL('f'): case KEY_CTRL('d'):
		if (after && t->top + 2 * h > t->n) {
			/* the next screenful is not all held: it is full
			 * once the next page is */
			return fetch_next(t, key);
		} else if (t->top + h < t->n) {
			/* the next screenful: rows not shown yet */
			t->top += h;
			t->sel += h;
			if (t->sel >= t->n)
				t->sel = t->n - 1;
			if (t->sel < t->top)
				t->sel = t->top;
		} else {
			t->sel = t->n ? t->n - 1 : 0;
		}
		break;
	case KF(KEY_PPAGE): case KEY_CTRL('b'): case KEY_CTRL('u'):
		if (t->top < h && before) {
			return fetch_prev(t, key);
		} else if (t->top > 0) {
			t->top = t->top > h ? t->top - h : 0;
			t->sel = t->sel > h ? t->sel - h : 0;
			if (t->sel >= t->top + h)
				t->sel = t->top + h - 1;
		} else {
			t->sel = 0;
		}
		break;
	case KF(KEY_HOME):
		if (t->page > 1 && may_fetch)
			return fetch(t, 1, TABLE_LAND_FIRST);
		t->sel = t->top = 0;
		break;
	case KF(KEY_END):
		if (after)
			return fetch(t, last_page(t), TABLE_LAND_LAST);
		return at_end(t, may_fetch);
	default:
		return TABLE_IGNORED;
	}
	return TABLE_MOVED;
}

enum table_event table_key(struct table *t, unsigned key)
{
	const struct table_row *r;
	enum table_event ev;

	switch (key) {
	case KF(KEY_UP): case KEY_CTRL('p'):
	case KF(KEY_DOWN): case KEY_CTRL('n'):
	case KF(KEY_PPAGE): case KEY_CTRL('b'): case KEY_CTRL('u'):
	case KF(KEY_NPAGE): case KEY_CTRL('f'): case KEY_CTRL('d'):
	case KF(KEY_HOME): case KF(KEY_END):
		if (t->state != TABLE_READY || t->joining)
			return TABLE_MOVED;   /* wait for the page */
		ev = go(t, key, true);
		if (ev == TABLE_FETCH)
			return ev;
		break;
	case ' ':
		if (!t->markable || !(r = table_selected(t)))
			return TABLE_IGNORED;
		table_toggle_mark(t, r->id, r->label);
		if (t->sel + 1 < t->n)
			t->sel++;
		break;
	case '\r': case '\n': case KF(KEY_ENTER):
		return table_selected(t) ? TABLE_ENTER : TABLE_MOVED;
	default:
		return TABLE_IGNORED;
	}
	table_fit(t);
	return TABLE_MOVED;
}

/* ---------------------------------------------------------------- marks */

static int mark_at(const struct table *t, long long id)
{
	for (int i = 0; i < t->nmarks; i++)
		if (t->marks[i].id == id)
			return i;
	return -1;
}

bool table_is_marked(const struct table *t, long long id)
{
	return mark_at(t, id) >= 0;
}

void table_mark(struct table *t, long long id, const char *label)
{
	if (mark_at(t, id) >= 0)
		return;
	if (t->nmarks == t->capmarks) {
		t->capmarks = t->capmarks ? t->capmarks * 2 : 16;
		t->marks = xrealloc(t->marks, (size_t)t->capmarks * sizeof(*t->marks));
	}
	t->marks[t->nmarks].id = id;
	t->marks[t->nmarks].label = xstrdup(label ? label : "");
	t->nmarks++;
}

bool table_toggle_mark(struct table *t, long long id, const char *label)
{
	int i = mark_at(t, id);

	if (i < 0) {
		table_mark(t, id, label);
		return true;
	}
	free(t->marks[i].label);
	memmove(&t->marks[i], &t->marks[i + 1], (size_t)(t->nmarks - i - 1) * sizeof(*t->marks));
	t->nmarks--;
	return false;
}

void table_clear_marks(struct table *t)
{
	for (int i = 0; i < t->nmarks; i++)
		free(t->marks[i].label);
	t->nmarks = 0;
}

/* ---------------------------------------------------------------- text */

const char *table_position(const struct table *t, char *buf, size_t len)
{
	long long first, last, base;
	int h = page_rows(t), end;
	char range[48];

	buf[0] = '\0';
	if (t->state != TABLE_READY || t->n == 0)
		return buf;
	base = (long long)(t->page - 1) * (t->per_page > 0 ? t->per_page : t->n);
	end = t->top + h < t->n ? t->top + h : t->n;
	first = base + t->top + 1;
	last = base + end;
	if (first == last)
		snprintf(range, sizeof(range), "%lld", first);
	else
		snprintf(range, sizeof(range), "%lld%s%lld", first, ui_is_utf8() ? "–" : "-", last);
	snprintf(buf, len, _("%s of %lld"), range, t->total > last ? t->total : last);
	if (t->nmarks) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, _(", %d marked"), t->nmarks);
	}
	return buf;
}

char *table_fit_cell(const char *s, int cols)
{
	const char *more = ui_is_utf8() ? "…" : "~";
	size_t cut;
	char *part, *out;

	if (cols < 1)
		return xstrdup("");
	if (!s)
		s = "";
	if ((int)utf8_width(s) <= cols)
		return utf8_pad(s, (size_t)cols);
	cut = utf8_cut(s, (size_t)cols - 1);
	part = xstrndup(s, cut);
	out = xasprintf("%s%s", part, more);
	free(part);
	part = utf8_pad(out, (size_t)cols);
	free(out);
	return part;
}

/* Column widths for w columns: fixed ones as declared, the first 0 takes
 * what is left (at least 6). */
static void widths(const struct table *t, int w, int *out)
{
	int fixed = 0, flex = -1, gaps = t->ncols > 0 ? (t->ncols - 1) * 2 : 0;

	if (t->markable)
		w -= 4;
	for (int c = 0; c < t->ncols; c++) {
		out[c] = t->cols[c].width;
		if (out[c] > 0)
			fixed += out[c];
		else if (flex < 0)
			flex = c;
		else
			out[c] = 6;
	}
	if (flex >= 0)
		out[flex] = w - fixed - gaps > 6 ? w - fixed - gaps : 6;
}

static void draw_row(const struct table *t, int y, int x, int w, const int *wd,
                     const char *const *cells, const char *mark, attr_t attr)
{
	int col = x, c;

	ui_fill(y, x, 1, w, attr);
	if (t->markable) {
		ui_print(y, col, 3, mark, attr);
		col += 4;
	}
	for (c = 0; c < t->ncols && col < x + w; c++) {
		char *cell = table_fit_cell(cells[c], wd[c]);

		ui_print(y, col, x + w - col, cell, attr);
		free(cell);
		col += wd[c] + 2;
	}
}

void table_draw(struct table *t, int y, int x, int h, int w)
{
	int wd[TABLE_MAXCOLS], i;
	const char *heads[TABLE_MAXCOLS];

	if (h < 2 || w < 4)
		return;
	t->height = h - 1;
	widths(t, w, wd);
	for (i = 0; i < t->ncols; i++)
		heads[i] = t->cols[i].head;
	draw_row(t, y, x, w, wd, heads, "", ui_attr(UI_HEADING));
	if (t->state == TABLE_LOADING) {
		ui_print(y + 1, x, w, _("Loading…"), ui_attr(UI_DIM));
		return;
	}
	if (t->state == TABLE_FAILED) {
		ui_print(y + 1, x, w, t->error, ui_attr(UI_ERROR));
		return;
	}
	table_fit(t);
	if (t->n == 0)
		ui_print(y + 1, x, w, t->empty ? t->empty : _("Nothing here yet."), ui_attr(UI_DIM));
	for (i = 0; i < t->height && t->top + i < t->n; i++) {
		const struct table_row *r = &t->rows[t->top + i];
		bool sel = t->top + i == t->sel;

		draw_row(t, y + 1 + i, x, w, wd, (const char *const *)r->cells,
		         table_is_marked(t, r->id) ? "[x]" : "[ ]",
		         ui_attr(sel ? UI_SELECTED : UI_NORMAL));
	}
}
