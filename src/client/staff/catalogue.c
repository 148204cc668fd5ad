/* The catalogue (admins; GET /catalogue): levels and their fees, branches,
 * the membership terms, reason templates and the bank account, one
 * section at a time (Tab or Left/Right moves between them). Enter or "e"
 * edits the highlighted row or the section (catalogue_edit.c), "n" adds a
 * level, branch or reason, "h" shows the history of past edits
 * (catalogue_history.c), "r" fetches it all again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "format.h"
#include "reply.h"
#include "staff/staff.h"
#include "widgets/table.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"

enum { T_LOAD = 1 };
enum { P_EDIT = 1, P_HISTORY };
enum { SEC_LEVELS, SEC_ORGS, SEC_TERMS, SEC_REASONS, SEC_BANK, SEC__COUNT };

static const char *const sec_names[SEC__COUNT] = {
	N_("Levels and fees"), N_("Branches"), N_("Terms"), N_("Reason templates"),
	N_("Bank account"),
};

/* The bank.* settings in the order shown (labels from catalogue_edit.c). */
static const char *const bank_keys[] = {
	"bank.account_name", "bank.bank", "bank.account_no", "bank.note_zh", "bank.note_en", NULL,
};

struct catalogue {
	cJSON *all;                  /* the last GET /catalogue */
	bool loading;
	char *error;
	int sec;
	struct table t[SEC__COUNT];  /* levels, orgs, reasons (the others unused) */
	struct staff_cat_edit_arg edit;
	cJSON *edit_obj;             /* what the edit screen was given */
};

static bool is_table(int sec)
{
	return sec == SEC_LEVELS || sec == SEC_ORGS || sec == SEC_REASONS;
}

static const char *array_of(int sec)
{
	return sec == SEC_LEVELS ? "levels" : sec == SEC_ORGS ? "orgs" : "reasons";
}

static void set_help(struct screen *s)
{
	struct catalogue *c = s->priv;

	s->help = is_table(c->sec) ? _("Tab section  Enter/e edit  n new  h history  r refresh  Esc back")
	                           : _("Tab section  Enter/e edit  h history  r refresh  Esc back");
}

static void fill_tables(struct catalogue *c)
{
	char money[MONEY_BUFSZ];
	const cJSON *it;

	for (int sec = 0; sec < SEC__COUNT; sec++) {
		long long n = 0;

		if (!is_table(sec))
			continue;
		table_loading(&c->t[sec], 1, TABLE_LAND_KEEP);
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(c->all, array_of(sec))) {
			const char *cells[TABLE_MAXCOLS] = { 0 };
			const char *code = json_str_or(it, "code", "");
			const char *name = app_json_text(it, sec == SEC_REASONS ? "text" : "name");
			bool on = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "active"));

			cells[0] = code;
			if (sec == SEC_LEVELS) {
				cells[1] = name ? name : "";
				cells[2] = !strcmp(json_str_or(it, "member_type", ""), "unit")
				           ? _("unit") : _("individual");
				cells[3] = money_format(json_int_or(it, "annual_fee", 0), money);
				cells[4] = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "lifetime"))
				           ? _("yes") : "";
				cells[5] = on ? _("yes") : _("no");
			} else if (sec == SEC_ORGS) {
				cells[1] = name ? name : "";
				cells[2] = !strcmp(json_str_or(it, "kind", ""), "hq") ? _("HQ") : _("branch");
				cells[3] = json_str_or(it, "phone", "");
				cells[4] = on ? _("yes") : _("no");
			} else {
				cells[1] = staff_cat_scope_words(json_str_or(it, "scope", ""));
				cells[2] = name ? name : "";
				cells[3] = on ? _("yes") : _("no");
			}
			table_add(&c->t[sec], ++n, code, cells);
		}
		table_done(&c->t[sec], 1, n > 0 ? (long)n : 1, n);
	}
}

static void load(struct screen *s)
{
	struct catalogue *c = s->priv;

	if (app_busy(s))
		return;
	c->loading = true;
	app_request(s, T_LOAD, "GET", "/catalogue", NULL);
}

static int cat_open(struct screen *s, void *arg)
{
	struct catalogue *c = s->priv;
	static const struct table_col levels[] = {
		{ N_("Code"), 16 }, { N_("Level"), 0 }, { N_("Type"), 10 }, { N_("Annual fee"), 11 },
		{ N_("Lifetime"), 8 }, { N_("Offered"), 7 },
	};
	static const struct table_col orgs[] = {
		{ N_("Code"), 8 }, { N_("Branch"), 0 }, { N_("Kind"), 8 }, { N_("Phone"), 14 },
		{ N_("Open"), 5 },
	};
	static const struct table_col reasons[] = {
		{ N_("Code"), 16 }, { N_("Used for"), 14 }, { N_("Text"), 0 }, { N_("Offered"), 7 },
	};
	const struct { int sec; const struct table_col *cols; int n; } sets[] = {
		{ SEC_LEVELS, levels, 6 }, { SEC_ORGS, orgs, 5 }, { SEC_REASONS, reasons, 4 },
	};

	(void)arg;
	s->title = _("Catalogue");
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		struct table_col cols[TABLE_MAXCOLS];

		for (int k = 0; k < sets[i].n; k++) {
			cols[k].head = _(sets[i].cols[k].head);
			cols[k].width = sets[i].cols[k].width;
		}
		table_init(&c->t[sets[i].sec], false, _("Nothing here yet."));
		table_set_cols(&c->t[sets[i].sec], cols, sets[i].n);
	}
	set_help(s);
	load(s);
	return 0;
}

/* Label and value in two columns; returns the next row. */
static int pair(int row, int x, int w, const char *label, const char *value)
{
	ui_print(row, x, 24, label, ui_attr(UI_LABEL));
	ui_print(row, x + 25, w - 25, value && *value ? value : "—", ui_attr(UI_NORMAL));
	return row + 1;
}

static void draw_terms(const cJSON *t, int y, int x, int h, int w)
{
	char when[32] = "";
	const char *body = app_json_text(t, "body");
	int row = y;
	size_t starts[64], lens[64];
	int n;

	if (!cJSON_IsObject(t)) {
		ui_print(row, x, w, _("No terms yet."), ui_attr(UI_DIM));
		return;
	}
	row = pair(row, x, w, _("Version"), json_str_or(t, "version", ""));
	row = pair(row, x, w, _("Title (Chinese)"), json_str_or(t, "title_zh", ""));
	row = pair(row, x, w, _("Title (English)"), json_str_or(t, "title_en", ""));
	if (json_int_or(t, "updated_at", 0) > 0) {
		unix_time_text(json_int_or(t, "updated_at", 0), when);
		row = pair(row, x, w, _("Updated"), when);
	}
	row++;
	if (!body)
		return;
	n = ui_wrap(body, w, starts, lens, 64);
	for (int i = 0; i < n && row < y + h; i++, row++) {
		char *line = xstrndup(body + starts[i], lens[i]);

		ui_print(row, x, w, line, ui_attr(UI_DIM));
		free(line);
	}
}

static void draw_bank(const cJSON *settings, int y, int x, int w)
{
	int row = y;

	for (int i = 0; bank_keys[i]; i++)
		row = pair(row, x, w, staff_cat_field_words(bank_keys[i]),
		           json_str_or(settings, bank_keys[i], ""));
}

static void cat_draw(struct screen *s)
{
	struct catalogue *c = s->priv;
	int y, x, h, w, cx;

	app_body(s->app, &y, &x, &h, &w);
	cx = x + 1;
	for (int i = 0; i < SEC__COUNT; i++) {
		char buf[64];

		snprintf(buf, sizeof(buf), i == c->sec ? "[%s]" : " %s ", _(sec_names[i]));
		cx += ui_print(y, cx, x + w - cx, buf, ui_attr(i == c->sec ? UI_SELECTED : UI_NORMAL)) + 1;
	}
	if (!c->all) {
		ui_print(y + 2, x + 2, w - 4, c->error ? c->error : _("Loading…"),
		         ui_attr(c->error ? UI_ERROR : UI_DIM));
		return;
	}
	if (is_table(c->sec))
		table_draw(&c->t[c->sec], y + 2, x + 1, h - 3, w - 2);
	else if (c->sec == SEC_TERMS)
		draw_terms(cJSON_GetObjectItemCaseSensitive(c->all, "terms"), y + 2, x + 2, h - 3, w - 4);
	else
		draw_bank(cJSON_GetObjectItemCaseSensitive(c->all, "settings"), y + 2, x + 2, w - 4);
	if (c->error)
		ui_print(y + h - 1, x + 2, w - 4, c->error, ui_attr(UI_ERROR));
	else if (c->loading)
		ui_print(y + h - 1, x + 2, w - 4, _("Loading…"), ui_attr(UI_DIM));
}

/* Open the edit screen on the highlighted row or the section; new: a new
 * row of the section. */
static void edit(struct screen *s, bool new_one)
{
	struct catalogue *c = s->priv;
	const struct table_row *r;

	if (!c->all)
		return;
	cJSON_Delete(c->edit_obj);
	c->edit_obj = NULL;
	switch (c->sec) {
	case SEC_LEVELS: case SEC_ORGS: case SEC_REASONS:
		c->edit.kind = c->sec == SEC_LEVELS ? "level" : c->sec == SEC_ORGS ? "org" : "reason";
		if (!new_one) {
			r = table_selected(&c->t[c->sec]);
			if (!r)
				return;
			c->edit_obj = cJSON_Duplicate(cJSON_GetArrayItem(
				cJSON_GetObjectItemCaseSensitive(c->all, array_of(c->sec)),
				(int)r->id - 1), 1);
			if (!c->edit_obj)
				return;
		}
		break;
	case SEC_TERMS:
		if (new_one)
			return;
		c->edit.kind = "terms";
		c->edit_obj = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(c->all, "terms"), 1);
		break;
	default:
		if (new_one)
			return;
		c->edit.kind = "bank";
		c->edit_obj = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(c->all, "settings"), 1);
		break;
	}
	c->edit.obj = c->edit_obj;
	app_push(s->app, &scr_staff_catalogue_edit_ops, &c->edit, P_EDIT);
}

static int cat_key(struct screen *s, wint_t k)
{
	struct catalogue *c = s->priv;

	if (k == '\t' || k == KF(KEY_RIGHT) || k == KF(KEY_BTAB) || k == KF(KEY_LEFT)) {
		bool back = k == KF(KEY_BTAB) || k == KF(KEY_LEFT);

		c->sec = (c->sec + (back ? SEC__COUNT - 1 : 1)) % SEC__COUNT;
		set_help(s);
		return SCR_REDRAW;
	}
	switch (k) {
	case 'r': case 'R':
		xfree(&c->error);
		load(s);
		return SCR_REDRAW;
	case 'e': case 'E': case '\r':
		edit(s, false);
		return SCR_REDRAW;
	case 'n': case 'N':
		edit(s, true);
		return SCR_REDRAW;
	case 'h': case 'H':
		app_push(s->app, &scr_staff_catalogue_history_ops, NULL, P_HISTORY);
		return SCR_REDRAW;
	case KEY_ESC: case 'q':
		return SCR_CLOSE;
	default:
		break;
	}
	if (is_table(c->sec) && c->all) {
		enum table_event ev = table_key(&c->t[c->sec], (unsigned)k);

		if (ev == TABLE_MOVED)
			return SCR_REDRAW;
		if (ev == TABLE_ENTER) {
			edit(s, false);
			return SCR_REDRAW;
		}
	}
	return SCR_IGNORED;
}

static void cat_reply(struct screen *s, const struct api_reply *r)
{
	struct catalogue *c = s->priv;

	if (reply_session_gone(s, r))
		return;
	c->loading = false;
	if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
		free(c->error);
		c->error = xstrdup(r->err != ERR_OK ? (r->server_message && *r->server_message
		                                       ? r->server_message : r->message)
		                                    : _(err_message(ERR_BAD_REPLY)));
		return;
	}
	xfree(&c->error);
	cJSON_Delete(c->all);
	c->all = cJSON_Duplicate(r->json, 1);
	fill_tables(c);
}

static void cat_resume(struct screen *s, int tag, int value)
{
	(void)value;
	if (tag == P_EDIT || tag == P_HISTORY)
		load(s);     /* saved there, or by another admin meanwhile */
}

static void cat_close(struct screen *s)
{
	struct catalogue *c = s->priv;

	cJSON_Delete(c->all);
	cJSON_Delete(c->edit_obj);
	free(c->error);
	for (int i = 0; i < SEC__COUNT; i++)
		if (is_table(i))
			table_free(&c->t[i]);
}

const struct screen_ops scr_staff_catalogue_ops = {
	.name = "staff_catalogue", .priv_size = sizeof(struct catalogue),
	.open = cat_open, .draw = cat_draw, .key = cat_key, .reply = cat_reply,
	.resume = cat_resume, .close = cat_close,
};
