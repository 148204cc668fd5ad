/* Vertical menu (menu.h). */
#include <stdio.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "widgets/menu.h"
#include "roster/i18n.h"

void menu_init(struct menu *m, const struct menu_item *items, size_t n)
{
	m->items = items;
	m->n = n;
	m->sel = 0;
}

int menu_key(struct menu *m, unsigned key)
{
	size_t i;

	switch (key) {
	case KF(KEY_UP): case KEY_CTRL('p'): case KF(KEY_BTAB):
		m->sel = m->sel ? m->sel - 1 : m->n - 1;
		return MENU_MOVED;
	case KF(KEY_DOWN): case KEY_CTRL('n'): case '\t':
		m->sel = m->sel + 1 < m->n ? m->sel + 1 : 0;
		return MENU_MOVED;
	case KF(KEY_HOME):
		m->sel = 0;
		return MENU_MOVED;
	case KF(KEY_END):
		m->sel = m->n - 1;
		return MENU_MOVED;
	case '\r': case '\n': case KF(KEY_ENTER):
		return m->n ? m->items[m->sel].id : MENU_IGNORED;
	default:
		for (i = 0; i < m->n; i++)
			if (m->items[i].hotkey && (key == m->items[i].hotkey ||
			    (key < 128 && m->items[i].hotkey < 128 &&
			     (key | 0x20) == (m->items[i].hotkey | 0x20)))) {
				m->sel = i;
				return m->items[i].id;
			}
		return MENU_IGNORED;
	}
}

void menu_draw(const struct menu *m, int y, int x, int w, int *cy, int *cx)
{
	size_t i;
	char buf[256];

	for (i = 0; i < m->n; i++) {
		bool sel = i == m->sel;

		if (m->items[i].hotkey && m->items[i].hotkey < 128)
			snprintf(buf, sizeof(buf), " %c  %s ", (char)m->items[i].hotkey,
			         _(m->items[i].label));
		else
			snprintf(buf, sizeof(buf), "    %s ", _(m->items[i].label));
		ui_print_pad(y + (int)i, x, w, buf, ui_attr(sel ? UI_SELECTED : UI_NORMAL));
		if (sel) {
			*cy = y + (int)i;
			*cx = x + 1;
		}
	}
}
