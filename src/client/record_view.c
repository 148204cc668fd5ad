/* The record view: lists of records declared as data (record_view.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wctype.h>

#include <curses.h>
#include <curl/curl.h>

#include "app.h"
#include "record_view.h"
#include "ui.h"
#include "widgets/dialog.h"
#include "download.h"
#include "format.h"
#include "reply.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

/* Request tags: kind | index << 4 | generation << 8; the screen's own
 * requests and children travel as negative tags. */
enum { K_LIST = 1, K_ONE, K_SRC, K_ACT, K_ALL };
enum { P_CONFIRM = 1, P_DONE };
#define TAG(kind, idx, gen) ((int)((kind) | ((idx) << 4) | (((gen) & 0x7fffffu) << 8)))
#define TAG_KIND(tag) ((tag) & 15)
#define TAG_IDX(tag) (((tag) >> 4) & 15)
#define TAG_GEN(tag) ((unsigned)(tag) >> 8)
#define GEN(g) ((g) & 0x7fffffu)
#define ALL_PER_PAGE 100
#define CONFIRM_NAMES 6

static const char *T(const char *msgid)
{
	return msgid && *msgid ? _(msgid) : "";    /* _("") is the catalogue's header */
}

static wint_t refresh_key(const struct rv *rv)
{
	return rv->decl->refresh_key ? rv->decl->refresh_key : 'r';
}

static bool key_is(wint_t k, wint_t want)
{
	if (!want)
		return false;
	if (k < 128 && want < 128)
		return towlower(k) == towlower(want);
	return k == want;
}

const char *rv_reply_text(const struct api_reply *r)
{
	if (r->server_message && *r->server_message)
		return r->server_message;
	return r->message ? r->message : _(err_message(ERR_BAD_REPLY));
}

/* ---------------------------------------------------------------- filters */

static int nfilters(const struct rv *rv)
{
	int n = 0;

	while (rv->decl->filters && rv->decl->filters[n].key && n < RV_MAXFILTERS)
		n++;
	return n;
}

static const cJSON *src_items(const struct rv *rv, int f)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(rv->fsrc[f], "items");

	return cJSON_IsArray(it) ? it : NULL;
}

static int nchoices(const struct rv *rv, int f)
{
	const struct rv_filter *fl = &rv->decl->filters[f];
	int n = 0;

	if (fl->kind == RV_F_SOURCE)
		return 1 + (src_items(rv, f) ? cJSON_GetArraySize(src_items(rv, f)) : 0);
	while (fl->choices && fl->choices[n].words)
		n++;
	return n;
}

static bool is_fixed(const struct rv *rv, const struct rv_filter *f)
{
	return f->fixed && f->fixed(rv);
}

/* The filter's value in words for the filter line. */
static const char *filter_words(const struct rv *rv, int f, char buf[RV_CELLSZ])
{
	const struct rv_filter *fl = &rv->decl->filters[f];
	const char *name;

	if (is_fixed(rv, fl))
		return T(fl->fixed_words);
	switch (fl->kind) {
	case RV_F_CHOICES:
		if (fl->words && *fl->choices[rv->fsel[f]].value)
			return fl->words(fl->choices[rv->fsel[f]].value);
		return T(fl->choices[rv->fsel[f]].words);
	case RV_F_SOURCE:
		if (!rv->fsel[f])
			return _("All");
		name = app_json_text(cJSON_GetArrayItem(src_items(rv, f), rv->fsel[f] - 1), "name");
		return name ? name : "";
	case RV_F_YEAR:
		if (!rv->year)
			return _("All");
		snprintf(buf, RV_CELLSZ, "%d", rv->year);
		return buf;
	case RV_F_SEARCH:
		return "";
	}
	return "";
}

char *rv_query(const struct rv *rv)
{
	char *q = xstrdup(""), *t, *v = NULL;

	for (int f = 0; f < nfilters(rv); f++) {
		const struct rv_filter *fl = &rv->decl->filters[f];

		if (is_fixed(rv, fl))
			continue;
		switch (fl->kind) {
		case RV_F_CHOICES:
			if (*fl->choices[rv->fsel[f]].value)
				v = xstrdup(fl->choices[rv->fsel[f]].value);
			break;
		case RV_F_SOURCE:
			if (rv->fsel[f])
				v = xasprintf("%lld", (long long)json_int_or(
					cJSON_GetArrayItem(src_items(rv, f), rv->fsel[f] - 1), "id", 0));
			break;
		case RV_F_YEAR:
			if (rv->year)
				v = xasprintf("%d", rv->year);
			break;
		case RV_F_SEARCH: {
			char *text = edit_text(&rv->search), *enc;

			if (*text) {
				enc = curl_easy_escape(NULL, text, 0);
				v = xstrdup(enc ? enc : "");
				curl_free(enc);
			}
			free(text);
			break;
		}
		}
		if (!v)
			continue;
		t = xasprintf("%s&%s=%s", q, fl->param, v);
		free(q);
		free(v);
		v = NULL;
		q = t;
	}
	if (rv->decl->query && (v = rv->decl->query(rv)) != NULL) {
		t = xasprintf("%s%s", q, v);
		free(q);
		free(v);
		q = t;
	}
	return q;
}

/* ---------------------------------------------------------------- fetching */

/* A row's item (table_row.data). */
static void free_item(void *item)
{
	cJSON_Delete(item);
}

static void fetch_list(struct rv *rv, long page, enum table_land land)
{
	char *q = rv_query(rv), *path;

	table_loading(&rv->t, page, land);
	rv->gen++;
	path = xasprintf("%s?page=%ld&per_page=%d%s", rv->decl->path, page > 0 ? page : 1,
	                 rv->decl->per_page > 0 ? rv->decl->per_page : 20, q);
	app_request(rv->s, TAG(K_LIST, 0, rv->gen), "GET", path, NULL);
	free(path);
	free(q);
}

static void fetch_one(struct rv *rv, long long id);

void rv_refresh(struct rv *rv)
{
	if (rv->showing && rv->decl->detail->path)
		fetch_one(rv, rv->one_id);
	fetch_list(rv, table_sel_page(&rv->t), TABLE_LAND_KEEP);
}

/* A filter changed: page 1, top row. */
static void restart(struct rv *rv)
{
	xfree(&rv->note);
	xfree(&rv->error);
	table_restart(&rv->t);
	rv->fgen++;                /* a select-all under the old filter stops */
	fetch_list(rv, 1, TABLE_LAND_FIRST);
}

void rv_restart(struct rv *rv)
{
	restart(rv);
}

static void fetch_one(struct rv *rv, long long id)
{
	char *path;

	rv->one_loading = true;
	rv->one_gen++;
	path = xasprintf(rv->decl->detail->path, id);
	app_request(rv->s, TAG(K_ONE, 0, rv->one_gen), "GET", path, NULL);
	free(path);
}

static void show_record(struct rv *rv, const cJSON *rec)
{
	const struct rv_detail *d = rv->decl->detail;
	char *text;

	if (rec != rv->one) {
		cJSON_Delete(rv->one);
		rv->one = cJSON_Duplicate(rec, 1);
	}
	if (d->text) {
		text = d->text(rv, rv->one);
		textview_set(&rv->tv, text ? text : "");
		free(text);
	}
	if (d->opened)
		d->opened(rv, rv->one);
}

static void update_help(struct rv *rv);

void rv_show(struct rv *rv, long long id)
{
	const struct rv_detail *d = rv->decl->detail;
	const struct table_row *r = table_selected(&rv->t);

	if (!d || d->split)
		return;
	rv->showing = true;
	rv->one_id = id;
	xfree(&rv->note);
	xfree(&rv->error);
	rv->tv.top = 0;
	if (d->path) {
		cJSON_Delete(rv->one);
		rv->one = NULL;
		fetch_one(rv, id);
	} else if (r && r->id == id && r->data) {
		show_record(rv, r->data);
	}
	update_help(rv);
}

const cJSON *rv_current(const struct rv *rv)
{
	const struct table_row *r = table_selected(&rv->t);

	if (rv->showing)
		return rv->one;
	return r ? r->data : NULL;
}

int rv_request(struct rv *rv, int tag, const char *method, const char *path, cJSON *body)
{
	return app_request(rv->s, -(tag + 1), method, path, body);
}

struct screen *rv_push(struct rv *rv, const struct screen_ops *ops, void *arg, int tag)
{
	return app_push(rv->s->app, ops, arg, rv_tag(tag));
}

int rv_tag(int tag)
{
	return -(tag + 1);
}

void rv_done(struct rv *rv, const char *title, const char *text)
{
	dialog_message(rv->s->app, title, text, P_DONE);
}

void rv_note(struct rv *rv, const char *text)
{
	free(rv->note);
	rv->note = text ? xstrdup(text) : NULL;
	xfree(&rv->error);
}

void rv_error(struct rv *rv, const char *text)
{
	free(rv->error);
	rv->error = text ? xstrdup(text) : NULL;
	rv->join_failed = false;
}

void rv_save(struct rv *rv, const char *name, const struct api_reply *r, bool pdf)
{
	char *path = NULL, *why = NULL, *msg;

	if (!download_reply(rv->s->app, name, r, pdf ? DOWNLOAD_PDF : DOWNLOAD_ANY, &path, &why)) {
		rv_error(rv, why);
		free(why);
		return;
	}
	msg = xasprintf(_("Saved to %s"), path);
	rv_note(rv, msg);
	free(msg);
	free(path);
}

/* ---------------------------------------------------------------- cells */

const char *rv_format(const cJSON *obj, const char *key, enum rv_fmt fmt, char buf[RV_CELLSZ])
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	char money[MONEY_BUFSZ];
	const char *name;
	time_t t;
	struct tm tm;

	buf[0] = '\0';
	switch (fmt) {
	case RV_DATE: case RV_DATETIME:
		if (cJSON_IsString(v)) {
			snprintf(buf, RV_CELLSZ, "%.*s", fmt == RV_DATE ? 10 : 16, v->valuestring);
		} else if (cJSON_IsNumber(v) && v->valuedouble > 0) {
			t = (time_t)v->valuedouble;
			if (localtime_r(&t, &tm))
				strftime(buf, RV_CELLSZ, fmt == RV_DATE ? "%Y-%m-%d" : "%Y-%m-%d %H:%M", &tm);
		}
		return buf;
	case RV_MONEY:
		if (cJSON_IsNumber(v) && v->valuedouble > -1e15 && v->valuedouble < 1e15)
			snprintf(buf, RV_CELLSZ, "%s", money_format((int64_t)v->valuedouble, money));
		return buf;
	case RV_NAME:
		if (cJSON_IsString(v))
			return v->valuestring;
		name = app_json_text(v, "name");
		return name ? name : json_str_or(v, "code", "");
	case RV_TEXT:
		break;
	}
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v))
		snprintf(buf, RV_CELLSZ, "%.0f", v->valuedouble);
	return buf;
}

static const char *cell_text(const struct rv_col *c, const cJSON *item, char buf[RV_CELLSZ])
{
	if (c->cell)
		return c->cell(item, buf);
	if (c->words)
		return c->words(json_str_or(item, c->key, ""));
	return rv_format(item, c->key, c->fmt, buf);
}

static const char *row_label(const struct rv *rv, const cJSON *item, char buf[RV_CELLSZ])
{
	if (rv->decl->label)
		return rv->decl->label(item, buf);
	return cell_text(&rv->decl->cols[0], item, buf);
}

/* The rows of a page that arrived, each keeping its item; what the table
 * asks next (another page to fill the screen, table_done). */
static enum table_event fill(struct rv *rv, const cJSON *reply)
{
	const cJSON *it;
	char bufs[TABLE_MAXCOLS][RV_CELLSZ], lb[RV_CELLSZ];
	const char *cells[TABLE_MAXCOLS];

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(reply, "items")) {
		long long id = json_int_or(it, "id", -1);

		for (int c = 0; c < rv->t.ncols; c++)
			cells[c] = cell_text(&rv->decl->cols[c], it, bufs[c]);
		table_add_data(&rv->t, id, row_label(rv, it, lb), cells, cJSON_Duplicate(it, 1));
	}
	return table_done(&rv->t, (long)json_int_or(reply, "page", rv->t.page),
	           (long)json_int_or(reply, "per_page", rv->decl->per_page),
	           json_int_or(reply, "total", rv->t.n));
}

/* ---------------------------------------------------------------- actions */

static void confirm(struct rv *rv, const struct rv_action *a, const char *label)
{
	char *msg, *t;
	int shown = 0;

	if (rv->nqueued == 1) {
		msg = xasprintf(T(a->confirm_one), label);
	} else {
		msg = xasprintf(T(a->confirm_many), rv->nqueued);
		for (; shown < rv->t.nmarks && shown < CONFIRM_NAMES; shown++) {
			t = xasprintf("%s\n  %s", msg, rv->t.marks[shown].label);
			free(msg);
			msg = t;
		}
		if (rv->nqueued > shown) {
			t = xasprintf(_("%s\n  … and %d more"), msg, rv->nqueued - shown);
			free(msg);
			msg = t;
		}
	}
	dialog_confirm(rv->s->app, T(a->confirm_title), msg, T(a->yes),
	               a->no ? _(a->no) : _("Cancel"), P_CONFIRM);
	free(msg);
}

/* The action for key k where the view is, offered for item; NULL if none. */
static const struct rv_action *find_action(const struct rv *rv, wint_t k, const cJSON *item)
{
	unsigned where = rv->showing ? RV_A_DETAIL : RV_A_LIST;

	for (const struct rv_action *a = rv->decl->actions; a && a->key; a++)
		if ((a->flags & where) && (a->key == '\r' ? k == '\r' : key_is(k, a->key)) &&
		    (!a->can || a->can(rv, item)))
			return a;
	return NULL;
}

static int do_action(struct rv *rv, const struct rv_action *a, const cJSON *item)
{
	char lb[RV_CELLSZ];
	const char *label = "";

	if (a->run)
		return a->run(rv, item);
	xfree(&rv->queued);
	rv->nqueued = 0;
	if ((a->flags & RV_A_MARKS) && rv->t.nmarks && !rv->showing) {
		rv->queued = xcalloc((size_t)rv->t.nmarks, sizeof(*rv->queued));
		for (int i = 0; i < rv->t.nmarks; i++)
			rv->queued[rv->nqueued++] = rv->t.marks[i].id;
		label = rv->t.marks[0].label;
	} else if (item) {
		rv->queued = xcalloc(1, sizeof(*rv->queued));
		rv->queued[rv->nqueued++] = json_int_or(item, "id", 0);
		label = row_label(rv, item, lb);
	}
	if (!rv->nqueued)
		return SCR_HANDLED;
	rv->act = a;
	confirm(rv, a, label);
	return SCR_REDRAW;
}

static void act_next(struct rv *rv)
{
	const struct rv_action *a = rv->act;
	char *path, *done, *msg;

	if (rv->next < rv->nqueued) {
		path = xasprintf(a->path, rv->queued[rv->next]);
		app_request(rv->s, TAG(K_ACT, 0, 0), a->method, path,
		            strcmp(a->method, "DELETE") ? cJSON_CreateObject() : NULL);
		free(path);
		return;
	}
	done = rv->nqueued == 1 && rv->ok == 1 ? xstrdup(T(a->done_one))
	                                     : xasprintf(T(a->done_many), rv->ok);
	if (rv->failed)
		msg = xasprintf(_("%s\nNot done: %d.\n%s"), done, rv->failed,
		                rv->first_error ? rv->first_error : "");
	else
		msg = xstrdup(done);
	dialog_message(rv->s->app, T(a->confirm_title), msg, P_DONE);
	free(msg);
	free(done);
	xfree(&rv->queued);
	xfree(&rv->first_error);
	rv->nqueued = 0;
	rv->act = NULL;
	rv->acting = false;
}

static void act_reply(struct rv *rv, const struct api_reply *r)
{
	if (!rv->act)
		return;
	if (r->err == ERR_CANCELLED) {
		rv->nqueued = rv->next + 1;    /* Esc stops the rest */
	} else if (r->err == ERR_OK) {
		rv->ok++;
		if (table_is_marked(&rv->t, rv->queued[rv->next]))
			table_toggle_mark(&rv->t, rv->queued[rv->next], NULL);
	} else {
		rv->failed++;
		if (!rv->first_error)
			rv->first_error = xasprintf("#%lld: %s", rv->queued[rv->next], rv_reply_text(r));
	}
	rv->next++;
	act_next(rv);
}

/* "*": every record under the filter, a server page after the other. */
static void select_all(struct rv *rv, long page)
{
	char *q = rv_query(rv), *path;

	rv->select_all = true;
	path = xasprintf("%s?page=%ld&per_page=%d%s", rv->decl->path, page, ALL_PER_PAGE, q);
	app_request(rv->s, TAG(K_ALL, 0, rv->fgen), "GET", path, NULL);
	free(path);
	free(q);
}

static void all_reply(struct rv *rv, const struct api_reply *r)
{
	const cJSON *it;
	char lb[RV_CELLSZ], *msg;
	long long page = json_int_or(r->json, "page", 1), per = json_int_or(r->json, "per_page", 1);

	if (TAG_GEN(r->tag) != GEN(rv->fgen) || r->err != ERR_OK) {
		rv->select_all = false;     /* the filter moved on, or it failed */
		if (r->err != ERR_OK && r->err != ERR_CANCELLED)
			rv_error(rv, rv_reply_text(r));
		return;
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r->json, "items"))
		table_mark(&rv->t, json_int_or(it, "id", 0), row_label(rv, it, lb));
	if (per > 0 && page * per < json_int_or(r->json, "total", 0) &&
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r->json, "items")) > 0) {
		select_all(rv, (long)page + 1);
		return;
	}
	rv->select_all = false;
	msg = xasprintf(_("Marked: %d."), rv->t.nmarks);
	rv_note(rv, msg);
	free(msg);
}

/* ---------------------------------------------------------------- help */

static void help_add(struct rv *rv, size_t *len, const char *key, const char *label)
{
	int n = snprintf(rv->help + *len, sizeof(rv->help) - *len, "%s%s %s",
	                 *len ? "  " : "", key, label);

	if (n > 0 && *len + (size_t)n < sizeof(rv->help))
		*len += (size_t)n;
}

static void rv_key_text(wint_t k, char out[8])
{
	if (k == '\r')
		snprintf(out, 8, "%s", "Enter");
	else if (k < 128)
		snprintf(out, 8, "%c", (int)k);
	else
		snprintf(out, 8, "%s", "?");
}

static void update_help(struct rv *rv)
{
	const struct rv_decl *d = rv->decl;
	const cJSON *cur = rv_current(rv);
	size_t len = 0;
	char k[8];

	rv->help[0] = '\0';
	if (!rv->showing && d->detail && !d->detail->split)
		help_add(rv, &len, "Enter", _("open"));
	for (const struct rv_action *a = d->actions; a && a->key; a++) {
		unsigned where = rv->showing ? RV_A_DETAIL : RV_A_LIST;

		if (!(a->flags & where) || (a->flags & RV_A_NOHELP) || (a->can && !a->can(rv, cur)))
			continue;
		if (a->path && !cur && !((a->flags & RV_A_MARKS) && rv->t.nmarks))
			continue;    /* nothing to act on */
		rv_key_text(a->key, k);
		help_add(rv, &len, k, T(a->label));
	}
	if (rv->showing) {
		help_add(rv, &len, "Esc", _("back to the list"));
		rv->s->help = rv->help;
		return;
	}
	for (int f = 0; f < nfilters(rv); f++) {
		const struct rv_filter *fl = &d->filters[f];

		if (is_fixed(rv, fl))
			continue;
		rv_key_text(fl->key, k);
		help_add(rv, &len, k, fl->help ? _(fl->help) :
		         fl->kind == RV_F_SEARCH ? _("search") : T(fl->label));
	}
	if (d->markable)
		help_add(rv, &len, _("Space"), _("mark  * all"));
	/* a terminal without PgDn (vt100) pages with Ctrl-F / Ctrl-B */
	if (!has_key(KEY_NPAGE))
		help_add(rv, &len, "^F/^B", _("pages"));
	rv_key_text(refresh_key(rv), k);
	/* the refresh key gives way when the line would be cut */
	if (utf8_width(rv->help) + utf8_width(_("refresh")) + 4 < (size_t)COLS)
		help_add(rv, &len, k, _("refresh"));
	rv->s->help = rv->help;
}

/* ---------------------------------------------------------------- screen */

int rv_open(struct screen *s, void *arg)
{
	struct rv *rv = s->priv;
	const struct rv_decl *d = s->ops->data;
	struct table_col cols[TABLE_MAXCOLS];
	int n = 0, rc = 0;

	rv->decl = d;
	rv->s = s;
	if (d->own_size)
		rv->own = xcalloc(1, d->own_size);
	table_init(&rv->t, d->markable, T(d->empty ? d->empty : N_("Nothing here yet.")));
	rv->t.free_data = free_item;
	for (; d->cols[n].head && n < TABLE_MAXCOLS; n++) {
		cols[n].head = T(d->cols[n].head);
		cols[n].width = d->cols[n].width;
	}
	table_set_cols(&rv->t, cols, n);
	edit_init(&rv->search, 60, false);
	s->title = T(d->title);
	for (int f = 0; f < nfilters(rv); f++)
		if (d->filters[f].kind == RV_F_SOURCE && !is_fixed(rv, &d->filters[f]))
			app_request(s, TAG(K_SRC, f, 0), "GET", d->filters[f].source, NULL);
	if (d->open)
		rc = d->open(rv, arg);
	fetch_list(rv, 1, TABLE_LAND_FIRST);
	update_help(rv);
	return rc;
}

void rv_close(struct screen *s)
{
	struct rv *rv = s->priv;

	if (rv->decl->close)
		rv->decl->close(rv);
	free(rv->own);
	table_free(&rv->t);
	cJSON_Delete(rv->one);
	for (int f = 0; f < RV_MAXFILTERS; f++)
		cJSON_Delete(rv->fsrc[f]);
	edit_free(&rv->search);
	textview_free(&rv->tv);
	free(rv->note);
	free(rv->error);
	free(rv->queued);
	free(rv->first_error);
}

static void draw_foot(struct rv *rv, int y, int x, int w, bool position)
{

	char pos[96];
	int used = 0;

	if (position && *table_position(&rv->t, pos, sizeof(pos)))
		used = ui_print(y, x, w, pos, ui_attr(UI_DIM)) + 3;
	if (used >= w)
		return;
	if (rv->select_all)
		ui_print(y, x + used, w - used, _("Marking every record under the filter…"), ui_attr(UI_DIM));
	else if (rv->error)
		ui_print(y, x + used, w - used, rv->error, ui_attr(UI_ERROR));
	else if (rv->note)
		ui_print(y, x + used, w - used, rv->note, ui_attr(UI_OK));
}

static void draw_detail(struct rv *rv, int y, int x, int h, int w)
{
	const struct rv_detail *d = rv->decl->detail;

	if (!rv->one) {
		if (rv->one_loading)
			ui_print(y, x, w, _("Loading…"), ui_attr(UI_DIM));
		else if (rv->error)
			ui_print(y, x, w, rv->error, ui_attr(UI_ERROR));
		return;
	}
	if (d->draw)
		d->draw(rv, rv->one, y, x, h, w);
	else
		textview_draw(&rv->tv, y, x, h, w);
}

void rv_draw(struct screen *s)
{
	struct rv *rv = s->priv;
	const struct rv_decl *d = rv->decl;
	int y, x, h, w, row, th, cx;
	char line[512], wb[RV_CELLSZ], hb[RV_CELLSZ];
	size_t len = 0;

	app_body(s->app, &y, &x, &h, &w);
	x += 1;
	w -= 2;
	if (rv->showing) {
		const char *hint = d->detail->hint && rv->one ? d->detail->hint(rv, rv->one) : NULL;

		draw_detail(rv, y, x, h - (hint ? 2 : 1), w);
		if (hint)
			ui_print(y + h - 2, x, w, hint, ui_attr(UI_LABEL));
		if (rv->one)
			draw_foot(rv, y + h - 1, x, w, false);
		return;
	}
	row = y;
	line[0] = '\0';
	if (d->heading)
		len += (size_t)snprintf(line, sizeof(line), "%s", d->heading(rv, hb));
	for (int f = 0; f < nfilters(rv) && len < sizeof(line); f++) {
		const struct rv_filter *fl = &d->filters[f];

		if (fl->kind == RV_F_SEARCH) {
			ui_print(row, x, 10, T(fl->label), ui_attr(UI_LABEL));
			cx = edit_draw(&rv->search, row, x + 10, w - 10,
			               ui_attr(rv->searching ? UI_FIELD_FOCUS : UI_FIELD));
			if (rv->searching)
				app_cursor(s->app, row, cx);
			row++;
			continue;
		}
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s", len ? "    " : "");
		len += (size_t)snprintf(line + len, sizeof(line) - len, _("%s: %s"), T(fl->label),
		                        filter_words(rv, f, wb));
	}
	if (*line)
		ui_print(row++, x, w, line, ui_attr(UI_LABEL));
	if (d->detail && d->detail->split) {
		th = (y + h - 1 - row) / 2;
		table_draw(&rv->t, row, x, th, w);
		/* Unicode line drawing where it can: the ACS switch is lost on
		 * some multiplexers in UTF-8 mode (as ui_box) */
		if (app_utf8(s->app))
			mvhline_set(row + th, x - 1, WACS_HLINE, w + 2);
		else
			mvhline(row + th, x - 1, ACS_HLINE, w + 2);
		if (rv_current(rv) && rv->t.state == TABLE_READY) {
			int dy = row + th + 1, dh = y + h - 1 - dy;

			if (d->detail->draw) {
				d->detail->draw(rv, rv_current(rv), dy, x, dh, w);
			} else if (d->detail->text) {
				char *text = d->detail->text(rv, rv_current(rv));

				textview_set(&rv->tv, text ? text : "");
				textview_draw(&rv->tv, dy, x, dh, w);
				free(text);
			}
		}
	} else {
		table_draw(&rv->t, row, x, y + h - 1 - row, w);
	}
	draw_foot(rv, y + h - 1, x, w, true);
	/* a screenful taller than the page that came: the next one too */
	if (table_fill(&rv->t) == TABLE_FETCH)
		fetch_list(rv, rv->t.want_page, rv->t.land);
}

static int list_key(struct rv *rv, wint_t k)
{
	const struct rv_decl *d = rv->decl;
	const struct table_row *r;
	const struct rv_action *a;

	for (int f = 0; f < nfilters(rv); f++) {
		const struct rv_filter *fl = &d->filters[f];

		if (!key_is(k, fl->key))
			continue;
		if (is_fixed(rv, fl))
			return SCR_HANDLED;
		switch (fl->kind) {
		case RV_F_SEARCH:
			rv->searching = true;
			return SCR_REDRAW;
		case RV_F_YEAR:
			rv->year = year_step(rv->year);
			break;
		case RV_F_SOURCE:
			if (!rv->fsrc[f]) {
				/* the choices are on their way: step once they come */
				rv->fwant[f] = true;
				return SCR_HANDLED;
			}
			/* fall through */
		case RV_F_CHOICES:
			rv->fsel[f] = (rv->fsel[f] + 1) % (nchoices(rv, f) > 0 ? nchoices(rv, f) : 1);
			break;
		}
		restart(rv);
		return SCR_REDRAW;
	}
	if (key_is(k, refresh_key(rv))) {
		xfree(&rv->note);
		xfree(&rv->error);
		rv_refresh(rv);
		return SCR_REDRAW;
	}
	if (d->markable && (k == '*' || k == '-')) {
		if (k == '-') {
			table_clear_marks(&rv->t);
			xfree(&rv->note);
		} else if (!rv->select_all) {
			select_all(rv, 1);
		}
		return SCR_REDRAW;
	}
	if (k != '\r' && (a = find_action(rv, k, rv_current(rv))) != NULL)
		return do_action(rv, a, rv_current(rv));
	switch (table_key(&rv->t, (unsigned)k)) {
	case TABLE_MOVED:
		return SCR_REDRAW;
	case TABLE_FETCH:
		fetch_list(rv, rv->t.want_page, rv->t.land);
		return SCR_REDRAW;
	case TABLE_ENTER:
		r = table_selected(&rv->t);
		if (d->detail && !d->detail->split) {
			rv_show(rv, r->id);
			return SCR_REDRAW;
		}
		if ((a = find_action(rv, '\r', rv_current(rv))) != NULL)
			return do_action(rv, a, rv_current(rv));
		return SCR_HANDLED;
	case TABLE_IGNORED:
		break;
	}
	return SCR_IGNORED;
}

int rv_key(struct screen *s, wint_t k)
{
	struct rv *rv = s->priv;
	const struct rv_action *a;
	int ret;

	if (rv->searching) {
		if (k == '\r' || k == '\n' || k == KF(KEY_ENTER)) {
			rv->searching = false;
			restart(rv);
			return SCR_REDRAW;
		}
		if (k == KEY_ESC || k == '\t') {
			rv->searching = false;
			return SCR_REDRAW;
		}
		return edit_key(&rv->search, (unsigned)k) ? SCR_REDRAW : SCR_HANDLED;
	}
	if (rv->acting)
		return SCR_HANDLED;        /* acting on several rows: wait for it */
	if (rv->showing) {
		if (k == KEY_ESC || k == 'q') {
			rv->showing = false;
			xfree(&rv->note);
			xfree(&rv->error);
			update_help(rv);
			return SCR_REDRAW;
		}
		ret = SCR_IGNORED;
		if ((a = find_action(rv, k, rv->one)) != NULL)
			ret = do_action(rv, a, rv->one);
		if (ret == SCR_IGNORED)
			ret = textview_key(&rv->tv, (unsigned)k) ? SCR_REDRAW : SCR_IGNORED;
		update_help(rv);
		return ret;
	}
	ret = list_key(rv, k);
	if ((k == KEY_ESC || k == 'q') && ret == SCR_IGNORED)
		return SCR_CLOSE;
	update_help(rv);
	return ret;
}

void rv_reply(struct screen *s, const struct api_reply *r)
{
	struct rv *rv = s->priv;
	enum table_event ev;
	int f;

	if (reply_session_gone(rv->s, r))
		return;
	if (r->tag < 0) {
		if (rv->decl->reply)
			rv->decl->reply(rv, -r->tag - 1, r);
		update_help(rv);
		return;
	}
	switch (TAG_KIND(r->tag)) {
	case K_LIST:
		if (TAG_GEN(r->tag) != GEN(rv->gen))
			return;    /* about a page or a filter before */
		if (r->err != ERR_OK ||
		    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(r->json, "items"))) {
			/* a filter the server refused: its reason */
			const cJSON *why = r->err != ERR_OK && r->fields ? r->fields->child : NULL;
			const char *msg = cJSON_IsString(why) ? why->valuestring :
			                  r->err != ERR_OK ? rv_reply_text(r) :
			                  _(err_message(ERR_BAD_REPLY));

			/* the next page of rows on screen: they stay, the foot
			 * says why no more came */
			if (table_join_failed(&rv->t)) {
				rv_error(rv, msg);
				rv->join_failed = true;
			} else {
				table_fail(&rv->t, msg);
			}
			return;
		}
		if (rv->join_failed) {
			xfree(&rv->error);
			rv->join_failed = false;
		}
		ev = fill(rv, r->json);
		if (rv->t.n == 0 && rv->t.page > 1 && rv->t.total > 0) {
			/* the page emptied meanwhile (approved, deleted): the last one */
			rv->t.per_page = rv->t.per_page > 0 ? rv->t.per_page : 1;
			fetch_list(rv, (long)((rv->t.total + rv->t.per_page - 1) / rv->t.per_page),
			           TABLE_LAND_LAST);
			return;
		}
		if (rv->decl->loaded)
			rv->decl->loaded(rv, r->json);
		if (ev == TABLE_FETCH)
			fetch_list(rv, rv->t.want_page, rv->t.land);
		break;
	case K_ONE:
		if (TAG_GEN(r->tag) != GEN(rv->one_gen))
			return;    /* a record opened before */
		rv->one_loading = false;
		if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
			rv_error(rv, r->err != ERR_OK ? rv_reply_text(r) : _(err_message(ERR_BAD_REPLY)));
			break;
		}
		if (json_int_or(r->json, "id", -1) != rv->one_id)
			return;    /* about a record opened before */
		show_record(rv, r->json);
		break;
	case K_SRC:
		f = TAG_IDX(r->tag);
		if (r->err != ERR_OK || !cJSON_IsObject(r->json))
			break;
		cJSON_Delete(rv->fsrc[f]);
		rv->fsrc[f] = cJSON_Duplicate(r->json, 1);
		if (rv->fwant[f] && nchoices(rv, f) > 1) {
			rv->fsel[f] = 1;
			restart(rv);
		}
		rv->fwant[f] = false;
		break;
	case K_ACT:
		act_reply(rv, r);
		break;
	case K_ALL:
		all_reply(rv, r);
		break;
	}
	update_help(rv);
}

void rv_resume(struct screen *s, int tag, int value)
{
	struct rv *rv = s->priv;

	if (tag < 0) {
		if (rv->decl->resume)
			rv->decl->resume(rv, -tag - 1, value);
	} else if (tag == P_CONFIRM) {
		if (value == 1 && rv->act) {
			rv->acting = true;
			rv->next = rv->ok = rv->failed = 0;
			act_next(rv);
		} else {
			rv->act = NULL;
			rv->nqueued = 0;
			xfree(&rv->queued);
		}
	} else if (tag == P_DONE) {
		rv_refresh(rv);
	}
	update_help(rv);
}
