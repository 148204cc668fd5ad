/* The layout layer the PDF documents (pdf.c) draw with (pdf_layout.c):
 * a cursor moving down the page, paragraphs, bordered table rows and page
 * breaks. Not for use outside the two. Every render runs under pdf_lock. */
#ifndef ROSTERD_PDF_LAYOUT_H
#define ROSTERD_PDF_LAYOUT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <cairo.h>
#include <pango/pango.h>

#define A4_SHORT 595.0
#define A4_LONG  842.0

#define CELL_PAD 5.0
#define CELL_SIZE 10.0

enum { T_BOLD = 1, T_CENTER = 2, T_RIGHT = 4, T_GREY = 8 };

/* Held around each whole render: pango and fontconfig are not safe to use
 * from several threads at once. */
extern pthread_mutex_t pdf_lock;

struct membuf {
	unsigned char *p;
	size_t len, cap;
};

struct doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pctx;
	struct membuf out;
	double pw, ph;                  /* page size, pt */
	double left, right, top, bottom; /* content box */
	double y;                       /* cursor: top of the next block */
	int page;                       /* 1-based */
	bool numbered;                  /* print 第N页 at the foot */
	const char *running_head;       /* atop every page after the first */
};

/* A table cell: label cells are shaded and bold. */
struct cell {
	const char *text;
	double w;
	bool label;
};

static inline const char *nz(const char *s)
{
	return s ? s : "";
}

/* A page of pw x ph points with margin all round, the cursor at the top;
 * false when cairo fails (still call doc_close). */
bool doc_open(struct doc *d, double pw, double ph, double margin);
/* Finish the document; returns the PDF (caller frees) or NULL. */
unsigned char *doc_close(struct doc *d, bool ok, size_t *len);

/* Draw s in a box w wide with its top at (x, y); returns the height used. */
double doc_text(struct doc *d, double x, double y, double w,
                const char *s, double size, int flags);
/* A paragraph across the content width at the cursor. */
void doc_para(struct doc *d, const char *s, double size, int flags,
              double space_after);
/* A titled two-line heading: association, document name, English name. */
void doc_heading(struct doc *d, const char *assoc, const char *title,
                 const char *title_en);
void doc_stroke_rect(struct doc *d, double x, double y, double w, double h,
                     double lw);
void doc_fill_rect(struct doc *d, double x, double y, double w, double h,
                   double grey);
/* Start a new page unless h more points fit above the bottom margin. */
void doc_need(struct doc *d, double h);
/* One bordered table row at the cursor, as tall as its tallest cell (at
 * most 8 cells). */
void doc_table_row(struct doc *d, const struct cell *cells, int n,
                   double min_h);

#endif
