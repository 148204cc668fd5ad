/* A QR code drawn with half blocks: two modules per character cell
 * (▀ ▄ █), with the 4-module quiet zone the standard asks for. Version 5
 * (37 modules, 45 with the quiet zone) takes 45 columns and 23 rows, so it
 * fits an 80x24 terminal. Without UTF-8 the widget shows the text itself. */
#ifndef ROSTER_CLIENT_QR_H
#define ROSTER_CLIENT_QR_H

#include <stdbool.h>

#define QR_QUIET 4

/* Size of the drawing for text: rows and columns on screen. Returns false
 * when text cannot be encoded (too long). As text (no UTF-8) the size is
 * that of the wrapped text. */
bool qr_measure(const char *text, int *rows, int *cols);
/* Draw at (y, x) within h x w; returns false when it does not fit (then
 * the text is shown instead, wrapped). */
bool qr_draw(const char *text, int y, int x, int h, int w);

#endif
