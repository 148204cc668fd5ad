/* Terminal QR codes with libqrencode (qr.h). */
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <qrencode.h>

#include "ui.h"
#include "widgets/qr.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

static QRcode *encode(const char *text)
{
	/* level L keeps links short enough for version 5 and below */
	return QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
}

bool qr_measure(const char *text, int *rows, int *cols)
{
	QRcode *q;
	int n;

	if (!ui_is_utf8()) {
		*rows = 1;
		*cols = (int)utf8_width(text);
		return true;
	}
	q = encode(text);
	if (!q)
		return false;
	n = q->width + 2 * QR_QUIET;
	*rows = (n + 1) / 2;
	*cols = n;
	QRcode_free(q);
	return true;
}

/* Is module (r, c) of the padded symbol dark? */
static bool dark(const QRcode *q, int r, int c)
{
	r -= QR_QUIET;
	c -= QR_QUIET;
	if (r < 0 || c < 0 || r >= q->width || c >= q->width)
		return false;
	return q->data[r * q->width + c] & 1;
}

static void draw_text(const char *text, int y, int x, int h, int w)
{
	size_t starts[8], lens[8];
	int n = ui_wrap(text, w, starts, lens, 8), i;
	char *line = xmalloc(strlen(text) + 1);

	for (i = 0; i < n && i < 8 && i < h; i++) {
		memcpy(line, text + starts[i], lens[i]);
		line[lens[i]] = '\0';
		ui_print(y + i, x, w, line, ui_attr(UI_HEADING));
	}
	free(line);
}

bool qr_draw(const char *text, int y, int x, int h, int w)
{
	QRcode *q;
	int n, r, c;
	attr_t a = ui_attr(UI_QR);

	if (!ui_is_utf8()) {
		draw_text(text, y, x, h, w);
		return true;
	}
	q = encode(text);
	if (!q)
		return false;
	n = q->width + 2 * QR_QUIET;
	if ((n + 1) / 2 > h || n > w) {
		QRcode_free(q);
		draw_text(text, y, x, h, w);
		return false;
	}
	/* light modules are drawn as the (light) foreground, dark ones as the
	 * (dark) background: the usual look of terminal QR codes */
	for (r = 0; r < n; r += 2) {
		move(y + r / 2, x);
		attron(a);
		for (c = 0; c < n; c++) {
			bool top = !dark(q, r, c), bot = r + 1 < n ? !dark(q, r + 1, c) : false;
			const char *s = top && bot ? "█" : top ? "▀" : bot ? "▄" : " ";

			addstr(s);
		}
		attroff(a);
	}
	QRcode_free(q);
	return true;
}
