/* Colours, column-exact text output, boxes and word wrap (ui.h). */
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

static attr_t roles[UI__COUNT];
static bool use_utf8;   /* Unicode line drawing and block glyphs */
static bool text_utf8;  /* the terminal shows Unicode text (a UTF-8 locale) */
static bool typing;     /* the last full paint left the cursor in a text field */

void ui_set_typing(bool on)
{
	typing = on;
}

bool ui_typing(void)
{
	return typing;
}

bool ui_is_utf8(void)
{
	return use_utf8;
}

bool ui_text_utf8(void)
{
	return text_utf8;
}

void ui_set_text_utf8(bool on)
{
	text_utf8 = on;
}

void ui_init(bool colour, bool utf8)
{
	use_utf8 = utf8;
	text_utf8 = text_utf8 || utf8;
	if (colour && has_colors()) {
		short bg = COLOR_BLACK;

		start_color();
		if (use_default_colors() == OK)
			bg = -1;
		init_pair(1, COLOR_BLACK, COLOR_CYAN);   /* bars */
		init_pair(2, COLOR_RED, bg);             /* errors */
		init_pair(3, COLOR_GREEN, bg);           /* ok */
		init_pair(4, COLOR_BLACK, COLOR_WHITE);  /* fields */
		init_pair(5, COLOR_WHITE, COLOR_BLUE);   /* focus, selection */
		init_pair(6, COLOR_BLACK, COLOR_WHITE);  /* dialogs */
		init_pair(7, COLOR_WHITE, COLOR_BLACK);  /* QR */
		init_pair(8, COLOR_YELLOW, bg);          /* headings */
		init_pair(9, COLOR_RED, COLOR_WHITE);    /* errors on dialogs */
		roles[UI_NORMAL] = A_NORMAL;
		roles[UI_TITLE] = COLOR_PAIR(1) | A_BOLD;
		roles[UI_STATUS] = COLOR_PAIR(1);
		roles[UI_KEY] = COLOR_PAIR(1) | A_BOLD;
		roles[UI_FIELD] = COLOR_PAIR(4);
		/* the field being typed in: underline only, because every
		 * keystroke repaints a cell in this attribute and colour
		 * switches cost ~20 bytes a key on a slow line */
		roles[UI_FIELD_FOCUS] = A_UNDERLINE;
		roles[UI_LABEL] = A_NORMAL;
		roles[UI_ERROR] = COLOR_PAIR(2) | A_BOLD;
		roles[UI_OK] = COLOR_PAIR(3) | A_BOLD;
		roles[UI_SELECTED] = COLOR_PAIR(5) | A_BOLD;
		roles[UI_DIALOG] = COLOR_PAIR(6);
		roles[UI_DIM] = A_DIM;
		roles[UI_HEADING] = COLOR_PAIR(8) | A_BOLD;
		roles[UI_QR] = COLOR_PAIR(7);
	} else {
		/* monochrome: reverse for bars and focus, underline for fields */
		roles[UI_NORMAL] = A_NORMAL;
		roles[UI_TITLE] = A_REVERSE;
		roles[UI_STATUS] = A_REVERSE;
		roles[UI_KEY] = A_REVERSE | A_BOLD;
		roles[UI_FIELD] = A_UNDERLINE;
		roles[UI_FIELD_FOCUS] = A_REVERSE;
		roles[UI_LABEL] = A_NORMAL;
		roles[UI_ERROR] = A_BOLD;
		roles[UI_OK] = A_BOLD;
		roles[UI_SELECTED] = A_REVERSE;
		roles[UI_DIALOG] = A_NORMAL;
		roles[UI_DIM] = A_NORMAL;
		roles[UI_HEADING] = A_BOLD;
		roles[UI_QR] = A_NORMAL;
	}
}

attr_t ui_attr(enum ui_role role)
{
	return role < UI__COUNT ? roles[role] : A_NORMAL;
}

/* One code point as ui_print shows it: its columns, '?' for what cannot
 * be shown. */
static uint32_t shown_cp(uint32_t cp, int *cw)
{
	if (cp == '\n' || cp == '\t')
		cp = ' ';
	*cw = utf8_cp_width(cp);
	if (cp < 0x20 || cp == 0x7f || (!text_utf8 && cp >= 0x80)) {
		cp = '?';
		*cw = 1;
	}
	return cp;
}

static void put_cp(uint32_t cp, attr_t attr)
{
	if (cp < 0x80) {
		addch((chtype)cp | attr);
	} else {
		wchar_t wc[2] = { (wchar_t)cp, 0 };

		addnwstr(wc, 1);
	}
}

/* Columns s takes as ui_print shows it. */
static int shown_width(const char *s)
{
	size_t len = strlen(s);
	int cols = 0;

	while (len > 0) {
		uint32_t cp;
		int n = utf8_decode(s, len, &cp), cw;

		if (n < 0)
			n = 1, cp = '?';
		shown_cp(cp, &cw);
		cols += cw;
		s += n;
		len -= (size_t)n;
	}
	return cols;
}

int ui_print(int y, int x, int w, const char *s, attr_t attr)
{
	int used = 0, room = w;
	size_t len;
	bool cut;

	if (w <= 0 || !s)
		return 0;
	/* text that does not fit ends in an ellipsis, never cut silently */
	cut = shown_width(s) > w;
	if (cut)
		room = w - 1;
	len = strlen(s);
	attron(attr);
	move(y, x);
	while (len > 0) {
		uint32_t cp;
		int n = utf8_decode(s, len, &cp), cw;

		if (n < 0) {
			n = 1;
			cp = '?';
		}
		cp = shown_cp(cp, &cw);
		if (used + cw > room)
			break;
		if (cw > 0 || used > 0)
			put_cp(cp, attr);
		used += cw;
		s += n;
		len -= (size_t)n;
	}
	if (cut) {
		put_cp(text_utf8 ? 0x2026 : '~', attr);
		used++;
	}
	attroff(attr);
	return used;
}

char *ui_cut(const char *s, int w)
{
	size_t len = strlen(s), at = 0;
	int used = 0;
	char *out;

	if (shown_width(s) <= w)
		return xstrdup(s);
	while (at < len) {
		uint32_t cp;
		int n = utf8_decode(s + at, len - at, &cp), cw;

		if (n < 0)
			n = 1, cp = '?';
		shown_cp(cp, &cw);
		if (used + cw > w - 1)
			break;
		used += cw;
		at += (size_t)n;
	}
	out = xmalloc(at + 4);
	memcpy(out, s, at);
	strcpy(out + at, text_utf8 ? "\u2026" : "~");
	return out;
}

void ui_print_pad(int y, int x, int w, const char *s, attr_t attr)
{
	int used = ui_print(y, x, w, s, attr);

	if (used < w)
		mvhline(y, x + used, ' ' | attr, w - used);
}

void ui_print_center(int y, int x, int w, const char *s, attr_t attr)
{
	int cols = (int)utf8_width(s);

	if (cols > w)
		cols = w;
	ui_print(y, x + (w - cols) / 2, w, s, attr);
}

void ui_fill(int y, int x, int h, int w, attr_t attr)
{
	int i;

	if (w <= 0)
		return;
	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ' | attr, w);
}

void ui_box(int y, int x, int h, int w, attr_t attr)
{
	if (h < 2 || w < 2)
		return;
	if (use_utf8) {
		/* Unicode line drawing: the ACS switch (smacs) is lost on some
		 * terminal multiplexers in UTF-8 mode */
		attron(attr);
		mvhline_set(y, x + 1, WACS_HLINE, w - 2);
		mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
		mvvline_set(y + 1, x, WACS_VLINE, h - 2);
		mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
		mvadd_wch(y, x, WACS_ULCORNER);
		mvadd_wch(y, x + w - 1, WACS_URCORNER);
		mvadd_wch(y + h - 1, x, WACS_LLCORNER);
		mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
		attroff(attr);
		return;
	}
	mvhline(y, x + 1, ACS_HLINE | attr, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE | attr, w - 2);
	mvvline(y + 1, x, ACS_VLINE | attr, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE | attr, h - 2);
	mvaddch(y, x, ACS_ULCORNER | attr);
	mvaddch(y, x + w - 1, ACS_URCORNER | attr);
	mvaddch(y + h - 1, x, ACS_LLCORNER | attr);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER | attr);
}

int ui_wrap(const char *s, int width, size_t *starts, size_t *lens, int max)
{
	size_t pos = 0, len = strlen(s);
	int lines = 0;

	if (width < 1)
		width = 1;
	while (pos < len) {
		size_t i = pos, brk = 0, end;
		int cols = 0;
		bool have_brk = false, prev_wide = false, full = false;

		while (i < len && s[i] != '\n') {
			uint32_t cp;
			int n = utf8_decode(s + i, len - i, &cp), cw;

			if (n < 0)
				n = 1, cp = '?';
			cw = utf8_cp_width(cp);
			if (cols + cw > width) {
				/* a line may end before a space, and between two
				 * characters when either is wide (CJK) */
				if (cp == ' ' || cw == 2 || prev_wide) {
					brk = i;
					have_brk = true;
				}
				full = true;
				break;
			}
			if (cp == ' ' || (cw == 2 && i > pos) || (prev_wide && i > pos)) {
				brk = i;
				have_brk = true;
			}
			prev_wide = cw == 2;
			cols += cw;
			i += (size_t)n;
		}
		end = full && have_brk && brk > pos ? brk : i;
		if (end == pos && s[pos] != '\n') {
			/* one character wider than the line: take it anyway */
			uint32_t cp;
			int n = utf8_decode(s + pos, len - pos, &cp);

			end = pos + (size_t)(n < 0 ? 1 : n);
		}
		if (lines < max) {
			starts[lines] = pos;
			lens[lines] = end - pos;
		}
		lines++;
		pos = end;
		if (pos < len && s[pos] == '\n')
			pos++;
		else
			while (pos < len && s[pos] == ' ')
				pos++;
	}
	return lines;
}
