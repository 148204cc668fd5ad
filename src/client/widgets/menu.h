/* A vertical menu of a few actions with hotkeys (welcome, dashboard). */
#ifndef ROSTER_CLIENT_MENU_H
#define ROSTER_CLIENT_MENU_H

#include <stddef.h>
#include <wchar.h>

struct menu_item {
	const char *label;   /* msgid: translated when drawn */
	int id;              /* returned by menu_key when chosen */
	wint_t hotkey;       /* a letter that chooses it at once, or 0 */
};

struct menu {
	const struct menu_item *items; /* borrowed */
	size_t n;
	size_t sel;
};

#define MENU_IGNORED (-2)
#define MENU_MOVED   (-1)

void menu_init(struct menu *m, const struct menu_item *items, size_t n);
/* The chosen item's id, MENU_MOVED, or MENU_IGNORED. */
int menu_key(struct menu *m, unsigned key);
/* Draw at (y, x) in w columns, one row per item; cursor to cy, cx. */
void menu_draw(const struct menu *m, int y, int x, int w, int *cy, int *cx);

#endif
