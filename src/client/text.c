/* Texts of detail views, rows of columns, wrapped printing (text.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "ui.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

bool text_same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

void text_add(char **text, const char *line)
{
	char *t = xasprintf("%s%s\n", *text ? *text : "", line ? line : "");

	free(*text);
	*text = t;
}

void text_line(char **text, int lw, const char *label, const char *value)
{
	char *pad = utf8_pad(label ? label : "", (size_t)lw), *line;

	line = xasprintf("%s  %s", pad, value && *value ? value : "-");
	text_add(text, line);
	free(line);
	free(pad);
}

void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;

		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sb_kv(struct sbuf *b, int cols, const char *label, const char *value)
{
	char *l = utf8_pad(label ? label : "", (size_t)cols);

	sb_add(b, "%s  %s\n", l, value && *value ? value : "-");
	free(l);
}

void sb_head(struct sbuf *b, const char *title)
{
	sb_add(b, "%s[ %s ]\n", b->len ? "\n" : "", title);
}

void sb_free(struct sbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

char *text_row(const char *const *cells, const int *widths, size_t n)
{
	char *out = xstrdup(""), *t, *cell;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *c = cells[i] ? cells[i] : "";

		cell = widths[i] > 0 ? utf8_pad(c, (size_t)widths[i]) : xstrdup(c);
		t = xasprintf("%s%s%s", out, i ? "  " : "", cell);
		free(cell);
		free(out);
		out = t;
	}
	return out;
}

int label_cols(const char *const *labels, size_t n, int cap)
{
	size_t i;
	int m = 0;

	for (i = 0; i < n; i++)
		if (labels[i] && (int)utf8_width(labels[i]) > m)
			m = (int)utf8_width(labels[i]);
	return m > cap ? cap : m;
}

int print_wrapped(int y, int x, int w, int max_rows, const char *text, attr_t attr)
{
	size_t starts[8], lens[8];
	int n, i;
	char *line;

	if (!text || w <= 0 || max_rows <= 0)
		return 0;
	if (max_rows > 8)
		max_rows = 8;
	n = ui_wrap(text, w, starts, lens, max_rows);
	if (n > max_rows)
		n = max_rows;
	for (i = 0; i < n; i++) {
		line = xstrndup(text + starts[i], lens[i]);
		ui_print(y + i, x, w, line, attr);
		free(line);
	}
	return n;
}
