/* The layout layer under the PDF documents (pdf.c): text in pango layouts
 * on a cairo PDF surface, a cursor that moves down the page, bordered table
 * rows and page breaks with a running head and page numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "pdf.h"
#include "pdf_layout.h"
#include "roster/xalloc.h"

/* Fontconfig picks the first family present; the CJK ones come first so a
 * Latin-only sans never gets the Chinese text. */
#define FONT_FAMILY "WenQuanYi Micro Hei,Noto Sans CJK SC,Droid Sans Fallback,sans-serif"

/* Pango and fontconfig keep global caches that are not safe to touch from
 * several threads at once; one lock around each whole render keeps it simple
 * (documents take milliseconds). The font map is ours rather than pango's
 * per-thread default so worker threads do not each build one. */
pthread_mutex_t pdf_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *pdf_fontmap;

static cairo_status_t membuf_write(void *closure, const unsigned char *data,
                                   unsigned int length)
{
	struct membuf *m = closure;

	if (m->len + length > m->cap) {
		size_t cap = m->cap ? m->cap : 16384;
		while (cap < m->len + length)
			cap *= 2;
		m->p = xrealloc(m->p, cap);
		m->cap = cap;
	}
	memcpy(m->p + m->len, data, length);
	m->len += length;
	return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *text_layout(struct doc *d, const char *s, double size,
                                int flags, double w, double max_h)
{
	PangoLayout *l = pango_layout_new(d->pctx);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, FONT_FAMILY);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (flags & T_BOLD)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	if (flags & T_CENTER)
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	else if (flags & T_RIGHT)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	if (max_h > 0) {
		/* a value longer than a page is cut with an ellipsis rather
		 * than run off the paper */
		pango_layout_set_height(l, (int)(max_h * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_text(l, nz(s), -1);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Draw s in a box w wide with its top at (x, y); returns the height used. */
double doc_text(struct doc *d, double x, double y, double w,
                const char *s, double size, int flags)
{
	PangoLayout *l = text_layout(d, s, size, flags, w, 0);
	double h = layout_height(l);
	double grey = (flags & T_GREY) ? 0.4 : 0.0;

	cairo_set_source_rgb(d->cr, grey, grey, grey);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	return h;
}

/* A paragraph across the content width at the cursor. */
void doc_para(struct doc *d, const char *s, double size, int flags,
              double space_after)
{
	d->y += doc_text(d, d->left, d->y, d->right - d->left, s, size, flags);
	d->y += space_after;
}

void doc_stroke_rect(struct doc *d, double x, double y, double w, double h,
                     double lw)
{
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	cairo_set_line_width(d->cr, lw);
	cairo_rectangle(d->cr, x, y, w, h);
	cairo_stroke(d->cr);
}

void doc_fill_rect(struct doc *d, double x, double y, double w, double h,
                   double grey)
{
	cairo_set_source_rgb(d->cr, grey, grey, grey);
	cairo_rectangle(d->cr, x, y, w, h);
	cairo_fill(d->cr);
}

static void page_foot(struct doc *d)
{
	char buf[32];

	if (!d->numbered)
		return;
	snprintf(buf, sizeof buf, "第%d页", d->page);
	doc_text(d, d->left, d->ph - 36, d->right - d->left, buf, 8,
	         T_CENTER | T_GREY);
}

static void new_page(struct doc *d)
{
	page_foot(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = d->top;
	if (d->running_head)  /* in the top margin, above the cursor */
		doc_text(d, d->left, d->top - 22, d->right - d->left,
		         d->running_head, 8, T_RIGHT | T_GREY);
}

/* Start a new page unless h more points fit above the bottom margin. */
void doc_need(struct doc *d, double h)
{
	if (d->y + h > d->bottom && d->y > d->top)
		new_page(d);
}

/* One bordered table row at the cursor, as tall as its tallest cell. */
void doc_table_row(struct doc *d, const struct cell *cells, int n,
                   double min_h)
{
	PangoLayout *l[8];
	double h = min_h, x = d->left;
	double max_text = d->bottom - d->top - 2 * CELL_PAD - 40;

	if (n > 8)
		n = 8;
	for (int i = 0; i < n; i++) {
		l[i] = text_layout(d, cells[i].text, CELL_SIZE,
		                   cells[i].label ? T_BOLD : 0,
		                   cells[i].w - 2 * CELL_PAD, max_text);
		double ch = layout_height(l[i]) + 2 * CELL_PAD;
		if (ch > h)
			h = ch;
	}
	doc_need(d, h);
	for (int i = 0; i < n; i++) {
		if (cells[i].label)
			doc_fill_rect(d, x, d->y, cells[i].w, h, 0.93);
		doc_stroke_rect(d, x, d->y, cells[i].w, h, 0.6);
		/* one-line cells sit in the middle, longer text from the top */
		double th = layout_height(l[i]);
		double ty = th + 2 * CELL_PAD >= h - 1 ? d->y + CELL_PAD
		                                       : d->y + (h - th) / 2;
		cairo_set_source_rgb(d->cr, 0, 0, 0);
		cairo_move_to(d->cr, x + CELL_PAD, ty);
		pango_cairo_show_layout(d->cr, l[i]);
		g_object_unref(l[i]);
		x += cells[i].w;
	}
	d->y += h;
}

bool doc_open(struct doc *d, double pw, double ph, double margin)
{
	cairo_font_options_t *fo;

	memset(d, 0, sizeof *d);
	d->pw = pw;
	d->ph = ph;
	d->left = d->top = margin;
	d->right = pw - margin;
	d->bottom = ph - margin;
	d->y = d->top;
	d->page = 1;
	if (!pdf_fontmap)
		pdf_fontmap = pango_cairo_font_map_new();
	d->surface = cairo_pdf_surface_create_for_stream(membuf_write, &d->out,
	                                                 pw, ph);
	d->cr = cairo_create(d->surface);
	if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS)
		return false;
	d->pctx = pango_font_map_create_context(pdf_fontmap);
	pango_cairo_update_context(d->cr, d->pctx);
	/* metrics as designed, not snapped to a screen's pixel grid */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(d->pctx, fo);
	cairo_font_options_destroy(fo);
	return true;
}

/* Finish the document; returns the PDF (caller frees) or NULL. */
unsigned char *doc_close(struct doc *d, bool ok, size_t *len)
{
	cairo_status_t st;

	if (ok && d->cr)
		page_foot(d);
	if (d->pctx)
		g_object_unref(d->pctx);
	if (d->cr)
		cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	if (!ok || st != CAIRO_STATUS_SUCCESS || d->out.len == 0) {
		free(d->out.p);
		*len = 0;
		return NULL;
	}
	*len = d->out.len;
	return d->out.p;
}

/* A titled two-line heading: association, document name, English name. */
void doc_heading(struct doc *d, const char *assoc, const char *title,
                 const char *title_en)
{
	double w = d->right - d->left;

	d->y += doc_text(d, d->left, d->y, w, assoc, 16, T_BOLD | T_CENTER) + 4;
	d->y += doc_text(d, d->left, d->y, w, title, 20, T_BOLD | T_CENTER) + 2;
	d->y += doc_text(d, d->left, d->y, w, title_en, 9, T_CENTER | T_GREY);
	d->y += 14;
}

void pdf_shutdown(void)
{
	pthread_mutex_lock(&pdf_lock);
	if (pdf_fontmap) {
		g_object_unref(pdf_fontmap);
		pdf_fontmap = NULL;
	}
	cairo_debug_reset_static_data();
	FcFini();
	pthread_mutex_unlock(&pdf_lock);
}
