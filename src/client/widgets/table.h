/* A table of records, a server page or a few at a time: columns cut by
 * terminal columns (CJK-correct, "…" where a cell is cut), a highlighted
 * row, marks that survive paging (kept by record id), a position line
 * ("51–67 of 300") and three states that read differently: loading,
 * failed (the error, never an empty list) and ready (rows, or the empty
 * text).
 *
 * Keys (table_key): Up/Down (Ctrl-P/Ctrl-N), PgUp/PgDn (Ctrl-B/Ctrl-F,
 * for terminals without those keys), Home/End, Space marks, Enter opens.
 * Moving past the rows held asks for the next or previous server page
 * (TABLE_FETCH with want_page and land TABLE_JOIN_NEXT or _PREV): it is
 * joined to the rows held, which stay on screen meanwhile, and the
 * movement goes on when it arrives. So every row is reachable, each
 * screenful shows rows not seen on the one before, forward and back, and
 * a screenful is full where two server pages meet, or when it is taller
 * than a page (table_fill, after the draw that learns its height). At
 * most TABLE_HELD_PAGES pages are held when a page is taller than the
 * screen; those farthest from it go. Home and End fetch the first and
 * last page (and End the one before it, when the last screenful starts
 * there): End shows the screenful paging down from the top ends on.
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
	void *data;           /* the caller's, freed with free_data */
};

#define TABLE_HELD_PAGES 3

struct table_mark {
	long long id;
	char *label;
};

enum table_state { TABLE_LOADING, TABLE_READY, TABLE_FAILED };

/* Where the cursor goes when the page asked for arrives. */
enum table_land {
	TABLE_LAND_FIRST,     /* top row (forward, a new filter) */
	TABLE_LAND_LAST,      /* last row, its screenful aligned (backward) */
	TABLE_LAND_KEEP,      /* the same place (a refresh; want_page: the
	                         page of the highlighted row) */
	TABLE_JOIN_NEXT,      /* after the rows held, then the movement */
	TABLE_JOIN_PREV,      /* before them, then the movement */
};

struct table {
	struct table_col cols[TABLE_MAXCOLS];
	int ncols;
	bool markable;
	const char *empty;    /* shown for no rows (translated) */
	struct table_row *rows;   /* from the first row of page on */
	int n, cap;
	void (*free_data)(void *);   /* frees a row's data (NULL: none) */
	int sel, top;         /* highlighted row and first row shown */
	int height;           /* rows shown at the last draw */
	long page, per_page;  /* the first page held (1-based) and its size */
	long long total;      /* rows under the filter on the server */
	enum table_state state;
	char *error;
	struct table_mark *marks;
	int nmarks, capmarks;
	long want_page;       /* after TABLE_FETCH: the page to fetch */
	enum table_land land; /* and where to land */
	bool joining;         /* a page to join is on its way */
	int joined_at;        /* where its rows start in rows[] */
	unsigned then;        /* the key to go on with when it is joined */
	bool dry;             /* the last page joined brought no rows */
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

/* A fetch of page starts. To land first, last or keep: the rows go (what
 * is shown would belong to the page or the filter before), the state is
 * loading; to keep, the highlighted row keeps its place on page. To join:
 * the rows held stay and are shown. */
void table_loading(struct table *t, long page, enum table_land land);
/* The filter changed: page 1, top row, marks kept. */
void table_restart(struct table *t);
/* Rows of the page arriving; cells[ncols] are copied, data (may be NULL)
 * is the table's from now on. */
void table_add(struct table *t, long long id, const char *label, const char *const *cells);
void table_add_data(struct table *t, long long id, const char *label,
                    const char *const *cells, void *data);
/* The page arrived: place the cursor as t->land says, or join it and go
 * on with the movement: TABLE_FETCH when that needs one more page
 * (want_page, land), else TABLE_MOVED. */
enum table_event table_done(struct table *t, long page, long per_page, long long total);
/* After a draw (which learns the screen's height): TABLE_FETCH when the
 * screenful is taller than the rows held from its top and the server has
 * more (the next page to join: want_page, land), else TABLE_MOVED. */
enum table_event table_fill(struct table *t);
/* The page of the highlighted row (what a refresh fetches). */
long table_sel_page(const struct table *t);
/* The fetch failed: msg is shown instead of rows. */
void table_fail(struct table *t, const char *msg);
/* The fetch of a page to join failed: the rows held stay where they are
 * and the movement that asked for it is dropped (the same key asks
 * again); false when no page was being joined to rows (table_fail). */
bool table_join_failed(struct table *t);

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
