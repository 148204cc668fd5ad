/* A table of records, one server page at a time: columns cut by terminal
 * columns (CJK-correct, "…" where a cell is cut), a highlighted row, marks
 * that survive paging (kept by record id), a position line ("51–67 of
 * 300") and three states that read differently: loading, failed (the
 * error, never an empty list) and ready (rows, or the empty text).
 *
 * Keys (table_key): Up/Down (Ctrl-P/Ctrl-N), PgUp/PgDn (Ctrl-B/Ctrl-F,
 * for terminals without those keys), Home/End, Space marks, Enter opens.
 * Moving past either end of the page asks for the next or previous server
 * page (TABLE_FETCH with want_page); when it arrives, table_done() lands
 * on the row that continues the movement, so every row is reachable and
 * each screenful shows rows not seen on the one before, forward and back.
 *
 * The paging arithmetic runs without a terminal (tests/unit/client). */
#ifndef ROSTER_CLIENT_TABLE_H
#define ROSTER_CLIENT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#define TABLE_MAXCOLS 8

struct table_col {
	const char *head;     /* translated */
	int width;            /* columns; 0 takes what is left */
};

struct table_row {
	long long id;
	char *label;          /* names the row in confirmations */
	char *cells[TABLE_MAXCOLS];
};

struct table_mark {
	long long id;
	char *label;
};

enum table_state { TABLE_LOADING, TABLE_READY, TABLE_FAILED };

/* Where the cursor goes when the page asked for arrives. */
enum table_land {
	TABLE_LAND_FIRST,     /* top row (forward, a new filter) */
	TABLE_LAND_LAST,      /* last row, its screenful aligned (backward) */
	TABLE_LAND_KEEP,      /* the same place (a refresh) */
};

struct table {
	struct table_col cols[TABLE_MAXCOLS];
	int ncols;
	bool markable;
	const char *empty;    /* shown for no rows (translated) */
	struct table_row *rows;
	int n, cap;
	int sel, top;         /* highlighted row and first row shown */
	int height;           /* rows shown at the last draw */
	long page, per_page;  /* the page held (1-based) and its size */
	long long total;      /* rows under the filter on the server */
	enum table_state state;
	char *error;
	struct table_mark *marks;
	int nmarks, capmarks;
	long want_page;       /* after TABLE_FETCH: the page to fetch */
	enum table_land land; /* and where to land */
};

enum table_event {
	TABLE_IGNORED,
	TABLE_MOVED,          /* repaint */
	TABLE_FETCH,          /* fetch want_page, then table_done() */
	TABLE_ENTER,          /* Enter on a row: table_selected() */
};

void table_init(struct table *t, bool markable, const char *empty);
void table_free(struct table *t);
/* Columns: heads translated, widths as in struct table_col. */
void table_set_cols(struct table *t, const struct table_col *cols, int n);

/* A fetch of page starts: the rows go (what is shown would belong to the
 * page or the filter before), the state is loading. */
void table_loading(struct table *t, long page, enum table_land land);
/* The filter changed: page 1, top row, marks kept. */
void table_restart(struct table *t);
/* Rows of the page arriving; cells[ncols] are copied. */
void table_add(struct table *t, long long id, const char *label, const char *const *cells);
/* The page arrived: place the cursor as t->land says. */
void table_done(struct table *t, long page, long per_page, long long total);
/* The fetch failed: msg is shown instead of rows. */
void table_fail(struct table *t, const char *msg);

enum table_event table_key(struct table *t, unsigned key);
/* Keep sel inside the rows and in view (draw calls it). */
void table_fit(struct table *t);
const struct table_row *table_selected(const struct table *t);

bool table_is_marked(const struct table *t, long long id);
/* Mark or unmark; returns whether it is marked now. */
bool table_toggle_mark(struct table *t, long long id, const char *label);
void table_mark(struct table *t, long long id, const char *label);
void table_clear_marks(struct table *t);

/* The rows shown as "51–67 of 300" (global numbers); "" while nothing is
 * shown. buf of at least 64. */
const char *table_position(const struct table *t, char *buf, size_t len);
/* s cut to cols terminal columns ("…" marks a cut) and padded to exactly
 * cols; caller frees. */
char *table_fit_cell(const char *s, int cols);

/* Header, rows and state text in h rows at (y, x), w columns wide. */
void table_draw(struct table *t, int y, int x, int h, int w);

#endif
