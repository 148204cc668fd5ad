/* A scrolling list of one-line rows with a filter (/ then text) and paging:
 * Up/Down, PgUp/PgDn, Home/End move; Enter selects; when the list shows one
 * page of a server list, PgDn past the end and PgUp before the start ask the
 * screen for the next or previous page. */
#ifndef ROSTER_CLIENT_LIST_H
#define ROSTER_CLIENT_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "widgets/edit.h"

struct list_row {
	char *text;        /* UTF-8, shown cut to the width */
	long id;           /* the screen's handle for the row */
};

struct list {
	struct list_row *rows;
	size_t n, cap;
	size_t *view;      /* indices of rows that pass the filter */
	size_t nview;
	size_t sel;        /* index into view */
	size_t top;        /* first view row shown */
	int height;        /* rows at the last draw */
	struct edit filter;
	bool filtering;    /* the filter line has the keys */
	/* server paging (0 when the whole list is here) */
	long total, page, per_page;
};

enum list_event {
	LIST_IGNORED,
	LIST_HANDLED,
	LIST_SELECT,       /* Enter on a row: list_selected_id() */
	LIST_PAGE_NEXT,    /* the screen should fetch page + 1 */
	LIST_PAGE_PREV,
};

void list_init(struct list *l);
void list_free(struct list *l);
void list_clear(struct list *l);
void list_add(struct list *l, const char *text, long id);
/* Returns the selected row's id, or -1 when the list is empty. */
long list_selected_id(const struct list *l);
enum list_event list_key(struct list *l, unsigned key);
/* cy, cx: where the cursor goes while filtering, else -1. */
void list_draw(struct list *l, int y, int x, int h, int w, int *cy, int *cx);

#endif
