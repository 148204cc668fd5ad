/* File picker for uploads (file_picker.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/file_picker.h"
#include "widgets/edit.h"
#include "widgets/table.h"
#include "format.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

#define PICK_NAME_COLS 40

struct pick_entry {
	char *name;
	bool dir;
	long long size;      /* bytes */
	time_t mtime;
};

struct picker {
	char *dir;           /* the folder shown, absolute when we could make it so */
	bool locked;
	char **result;       /* borrowed from the caller's arg */
	struct pick_entry *e;
	size_t n;
	struct table t;
	struct edit filter;   /* "/": names holding this text */
	bool filtering;
	char *error;         /* why the last choice was refused, or NULL */
};

const char *file_type_by_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot)
		return NULL;
	if (!strcasecmp(dot, ".pdf"))
		return "application/pdf";
	if (!strcasecmp(dot, ".png"))
		return "image/png";
	if (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg"))
		return "image/jpeg";
	return NULL;
}

const char *file_sniff_type(const char *path)
{
	unsigned char b[8];
	size_t got;
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	got = fread(b, 1, sizeof(b), f);
	fclose(f);
	if (got >= 5 && !memcmp(b, "%PDF-", 5))
		return "application/pdf";
	if (got >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (got >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "image/jpeg";
	return NULL;
}

static void entries_free(struct picker *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->e[i].name);
	xfree(&p->e);
	p->n = 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct pick_entry *x = a, *y = b;

	if (x->dir != y->dir)
		return x->dir ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The entries whose names hold the filter text (ASCII without case) as
 * table rows; the row id is the entry's index. */
static void picker_rows(struct picker *p)
{
	char *needle = edit_text(&p->filter);
	size_t i;

	table_loading(&p->t, 1, TABLE_LAND_FIRST);
	for (i = 0; i < p->n; i++) {
		char size[32] = "", date[16] = "", *shown;
		const char *cells[3] = { NULL, size, date };
		struct tm tm;

		if (*needle && !strcasestr(p->e[i].name, needle))
			continue;
		shown = p->e[i].dir ? xasprintf("%s/", p->e[i].name) : xstrdup(p->e[i].name);
		if (!p->e[i].dir) {
			size_text(p->e[i].size, size, sizeof(size));
			if (localtime_r(&p->e[i].mtime, &tm))
				strftime(date, sizeof(date), "%Y-%m-%d", &tm);
		}
		cells[0] = shown;
		table_add(&p->t, (long long)i, shown, cells);
		free(shown);
	}
	table_done(&p->t, 1, 0, -1);
	free(needle);
}

/* Read the folder into p->e and the table: sub-folders first (unless
 * locked), then the files of an accepted type; hidden names are left out. */
static void picker_scan(struct picker *p)
{
	DIR *d;
	struct dirent *de;
	size_t cap = 0;

	entries_free(p);
	if (!p->locked && strcmp(p->dir, "/")) {
		cap = 16;
		p->e = xcalloc(cap, sizeof(*p->e));
		p->e[0].name = xstrdup("..");
		p->e[0].dir = true;
		p->n = 1;
	}
	d = opendir(p->dir);
	if (!d) {
		free(p->error);
		p->error = xasprintf(_("Cannot open the folder: %s"), strerror(errno));
		goto rows;
	}
	while ((de = readdir(d))) {
		struct stat st;
		char *full;
		bool isdir;

		if (de->d_name[0] == '.')
			continue;
		full = xasprintf("%s/%s", p->dir, de->d_name);
		if (stat(full, &st) != 0) {
			free(full);
			continue;
		}
		free(full);
		isdir = S_ISDIR(st.st_mode);
		if (isdir ? p->locked : (!S_ISREG(st.st_mode) || !file_type_by_name(de->d_name)))
			continue;
		if (p->n == cap) {
			cap = cap ? cap * 2 : 16;
			p->e = xrealloc(p->e, cap * sizeof(*p->e));
		}
		p->e[p->n].name = xstrdup(de->d_name);
		p->e[p->n].dir = isdir;
		p->e[p->n].size = (long long)st.st_size;
		p->e[p->n].mtime = st.st_mtime;
		p->n++;
	}
	closedir(d);
	/* ".." stays on top */
	if (p->n > 1 && !strcmp(p->e[0].name, ".."))
		qsort(p->e + 1, p->n - 1, sizeof(*p->e), entry_cmp);
	else if (p->n > 1)
		qsort(p->e, p->n, sizeof(*p->e), entry_cmp);
rows:
	picker_rows(p);
}

static void picker_enter_dir(struct picker *p, const char *name)
{
	char *next;

	if (!strcmp(name, "..")) {
		char *slash = strrchr(p->dir, '/');

		if (!slash)
			return;
		next = slash == p->dir ? xstrdup("/") : xstrndup(p->dir, (size_t)(slash - p->dir));
	} else {
		next = !strcmp(p->dir, "/") ? xasprintf("/%s", name)
		                            : xasprintf("%s/%s", p->dir, name);
	}
	free(p->dir);
	p->dir = next;
	xfree(&p->error);
	picker_scan(p);
}

static int picker_open(struct screen *s, void *arg)
{
	struct picker *p = s->priv;
	const struct file_picker_arg *a = arg;
	char *real;

	if (!a || !a->result || (a->locked && !(a->dir && *a->dir)))
		return -1; /* a kiosk without its session folder shows nothing */
	p->result = a->result;
	p->locked = a->locked;
	real = realpath(a->dir && *a->dir ? a->dir : ".", NULL);
	/* a download folder not made yet: start at home instead (a kiosk
	 * stays put and says the folder is missing) */
	if (!real && !p->locked && getenv("HOME"))
		real = realpath(getenv("HOME"), NULL);
	p->dir = real ? real : xstrdup(a->dir && *a->dir ? a->dir : ".");
	table_init(&p->t, false, _("No PDF, PNG or JPEG files in this folder."));
	{
		const struct table_col cols[] = {
			{ _("Name"), PICK_NAME_COLS }, { _("Size"), 10 }, { _("Date"), 10 },
		};

		table_set_cols(&p->t, cols, 3);
	}
	edit_init(&p->filter, 64, false);
	s->title = a->title ? a->title : _("Choose a file");
	s->help = p->locked ? _("Enter choose  / filter  Esc back")
	                    : _("Enter open/choose  Backspace up  / filter  Esc back");
	picker_scan(p);
	return 0;
}

static void picker_draw(struct screen *s)
{
	struct picker *p = s->priv;
	int y, x, h, w;
	char *line;

	app_body(s->app, &y, &x, &h, &w);
	line = xasprintf(_("Folder: %s"), p->dir);
	ui_print(y, x + 1, w - 2, line, ui_attr(UI_LABEL));
	free(line);
	ui_print(y + 1, x + 1, w - 2, _("Accepted: PDF, PNG or JPEG (a scan or a photo)"),
	         ui_attr(UI_DIM));
	table_draw(&p->t, y + 2, x + 1, h - 4, w - 2);
	if (p->error)
		ui_print(y + h - 2, x + 1, w - 2, p->error, ui_attr(UI_ERROR));
	if (p->filtering || p->filter.len) {
		int used = ui_print(y + h - 1, x + 1, w - 2, _("Filter: "), ui_attr(UI_LABEL));
		int col = edit_draw(&p->filter, y + h - 1, x + 1 + used, w / 2, ui_attr(UI_FIELD));

		if (p->filtering)
			app_cursor(s->app, y + h - 1, col);
	}
}

/* A file was chosen: check what it really is before handing it on. */
static int picker_choose(struct screen *s, const struct pick_entry *e)
{
	struct picker *p = s->priv;
	char *full = xasprintf("%s/%s", p->dir, e->name);

	if (!file_sniff_type(full)) {
		free(p->error);
		p->error = xasprintf(_("%s is not a PDF, PNG or JPEG file."), e->name);
		free(full);
		return SCR_REDRAW;
	}
	free(*p->result);
	*p->result = full;
	app_close(s, 1);
	return SCR_HANDLED;
}

static int picker_key(struct screen *s, wint_t k)
{
	struct picker *p = s->priv;
	const struct table_row *r;
	long long id;

	if (p->filtering) {
		if (k == '\r' || k == '\n' || k == KEY_ESC) {
			p->filtering = false;
			if (k == KEY_ESC)
				edit_clear(&p->filter);
		} else if (!edit_key(&p->filter, (unsigned)k)) {
			return SCR_IGNORED;
		}
		picker_rows(p);
		return SCR_REDRAW;
	}
	if (k == KEY_ESC)
		return SCR_CLOSE;
	if (k == '/') {
		p->filtering = true;
		return SCR_REDRAW;
	}
	if ((k == KF(KEY_BACKSPACE) || k == 127 || k == 8 || k == KF(KEY_LEFT)) && !p->locked) {
		picker_enter_dir(p, "..");
		return SCR_REDRAW;
	}
	switch (table_key(&p->t, (unsigned)k)) {
	case TABLE_ENTER:
		r = table_selected(&p->t);
		id = r ? r->id : -1;
		if (id < 0 || (size_t)id >= p->n)
			return SCR_HANDLED;
		if (p->e[id].dir) {
			char *name = xstrdup(p->e[id].name);

			picker_enter_dir(p, name);
			free(name);
			return SCR_REDRAW;
		}
		return picker_choose(s, &p->e[id]);
	case TABLE_IGNORED:
		return SCR_IGNORED;
	default:
		return SCR_REDRAW;
	}
}

static void picker_close(struct screen *s)
{
	struct picker *p = s->priv;

	entries_free(p);
	table_free(&p->t);
	edit_free(&p->filter);
	free(p->dir);
	free(p->error);
}

const struct screen_ops scr_file_picker_ops = {
	.name = "file_picker",
	.priv_size = sizeof(struct picker),
	.open = picker_open,
	.draw = picker_draw,
	.key = picker_key,
	.close = picker_close,
};
