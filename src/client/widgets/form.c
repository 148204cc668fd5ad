/* Schema-driven form (form.h). */
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <sodium.h>

#include "app.h"
#include "ui.h"
#include "widgets/form.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/validate.h"
#include "roster/xalloc.h"

#define FORM_FIELD_COLS 40 /* widest input box */
#define FORM_AREA_ROWS 3   /* lines of a multi-line field */
#define FORM_FIELD_MIN 16  /* a box never narrows below this for its counter */

void form_init(struct form *fm)
{
	memset(fm, 0, sizeof(*fm));
}

static void field_free(struct form_field *f)
{
	size_t i;

	free(f->name);
	free(f->label);
	free(f->validator);
	free(f->same_as);
	free(f->error);
	edit_free(&f->edit);
	for (i = 0; i < f->nopts; i++) {
		free(f->opts[i].value);
		free(f->opts[i].label);
	}
	free(f->opts);
}

void form_free(struct form *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++)
		field_free(&fm->f[i]);
	free(fm->f);
	memset(fm, 0, sizeof(*fm));
}

static bool focusable(const struct form_field *f)
{
	return f->type != FT_HEADING;
}

static bool is_input(const struct form_field *f)
{
	return f->type != FT_HEADING && f->type != FT_BUTTON;
}

struct form_field *form_add(struct form *fm, enum field_type type,
                            const char *name, const char *label,
                            unsigned flags, size_t max, const char *validator)
{
	struct form_field *f;

	if (fm->n == fm->cap) {
		fm->cap = fm->cap ? fm->cap * 2 : 8;
		fm->f = xrealloc(fm->f, fm->cap * sizeof(*fm->f));
	}
	f = &fm->f[fm->n++];
	memset(f, 0, sizeof(*f));
	f->type = type;
	f->name = xstrdup(name ? name : "");
	f->label = xstrdup(label ? label : "");
	f->flags = flags;
	f->validator = validator ? xstrdup(validator) : NULL;
	f->sel = -1;
	if (type == FT_AREA)
		textarea_init(&f->area, max);
	else
		edit_init(&f->edit, max, type == FT_PASSWORD);
	/* focus starts on the first field that can take it */
	if (!focusable(&fm->f[fm->focus]) && focusable(f))
		fm->focus = fm->n - 1;
	return f;
}

void form_add_option(struct form_field *f, const char *value, const char *label)
{
	f->opts = xrealloc(f->opts, (f->nopts + 1) * sizeof(*f->opts));
	f->opts[f->nopts].value = xstrdup(value);
	f->opts[f->nopts].label = xstrdup(label ? label : value);
	f->nopts++;
	/* no option is chosen for the member: a default they never picked
	 * would be saved and submitted as theirs */
}

static const char *json_str(const cJSON *o, const char *key)
{
	return json_str_or(o, key, NULL);
}

/* A schema text: a string, or {"zh_CN":…,"en":…}. */
static const char *schema_text(const cJSON *obj, const char *key, const char *lang)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char alt[64];

	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsObject(v)) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(v, lang);

		if (!cJSON_IsString(t))
			t = cJSON_GetObjectItemCaseSensitive(v, !strcmp(lang, "en") ? "en" : "zh");
		if (!cJSON_IsString(t))
			t = cJSON_GetObjectItemCaseSensitive(v, "en");
		if (!cJSON_IsString(t))
			t = v->child;
		return cJSON_IsString(t) ? t->valuestring : NULL;
	}
	/* "label_en" / "label_zh" */
	snprintf(alt, sizeof(alt), "%s_%s", key, !strcmp(lang, "en") ? "en" : "zh");
	v = cJSON_GetObjectItemCaseSensitive(obj, alt);
	if (cJSON_IsString(v))
		return v->valuestring;
	return NULL;
}

static enum field_type schema_type(const char *t)
{
	if (!t)
		return FT_TEXT;
	if (!strcmp(t, "select") || !strcmp(t, "enum") || !strcmp(t, "radio"))
		return FT_SELECT;
	if (!strcmp(t, "checkbox") || !strcmp(t, "bool") || !strcmp(t, "boolean"))
		return FT_CHECK;
	if (!strcmp(t, "password"))
		return FT_PASSWORD;
	if (!strcmp(t, "textarea"))
		return FT_AREA;
	return FT_TEXT;
}

static void schema_field(struct form *fm, const cJSON *j, const char *lang)
{
	const char *name = json_str(j, "name"), *type = json_str(j, "type");
	const char *label = schema_text(j, "label", lang), *val = json_str(j, "validator");
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(j, "required");
	/* the catalogue's schemas say max_len (rosterd-catalogue(5)) */
	const cJSON *max = cJSON_GetObjectItemCaseSensitive(j, "max_len");
	const cJSON *opts = cJSON_GetObjectItemCaseSensitive(j, "options"), *o;
	struct form_field *f;
	size_t maxc = 0;

	if (!name)
		name = json_str(j, "key");
	if (!name)
		return;
	if (!cJSON_IsNumber(max))
		max = cJSON_GetObjectItemCaseSensitive(j, "max_length");
	if (!cJSON_IsNumber(max))
		max = cJSON_GetObjectItemCaseSensitive(j, "max");
	if (cJSON_IsNumber(max) && max->valuedouble > 0)
		maxc = (size_t)max->valuedouble;
	/* a date without a validator still gets the date check */
	if (!val && type && !strcmp(type, "date"))
		val = "date";
	if (!val && type && (val_known(type)))
		val = type;
	f = form_add(fm, schema_type(type), name, label ? label : name,
	             cJSON_IsTrue(req) ? FF_REQUIRED : 0, maxc,
	             val && val_known(val) ? val : NULL);
	cJSON_ArrayForEach(o, opts) {
		if (cJSON_IsString(o))
			form_add_option(f, o->valuestring, o->valuestring);
		else if (cJSON_IsObject(o) && json_str(o, "value"))
			form_add_option(f, json_str(o, "value"), schema_text(o, "label", lang));
	}
	if (f->type == FT_TEXT && f->nopts > 0)
		f->type = FT_SELECT;
	/* a form's choice starts unchosen: a default the member never picked
	 * would be saved and submitted as theirs */
	f->sel = -1;
}

int form_from_schema(struct form *fm, const cJSON *schema, const char *lang)
{
	const cJSON *sections = cJSON_GetObjectItemCaseSensitive(schema, "sections");
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(schema, "fields");
	const cJSON *s, *j;
	size_t before = fm->n;

	cJSON_ArrayForEach(s, sections) {
		const char *title = schema_text(s, "title", lang);

		if (!title)
			title = schema_text(s, "label", lang);
		if (title)
			form_add(fm, FT_HEADING, "", title, 0, 0, NULL);
		cJSON_ArrayForEach(j, cJSON_GetObjectItemCaseSensitive(s, "fields"))
			schema_field(fm, j, lang);
	}
	cJSON_ArrayForEach(j, fields)
		schema_field(fm, j, lang);
	return fm->n > before ? (int)(fm->n - before) : -1;
}

struct form_field *form_field(struct form *fm, const char *name)
{
	size_t i;

	for (i = 0; i < fm->n; i++)
		if (fm->f[i].type != FT_HEADING && !strcmp(fm->f[i].name, name))
			return &fm->f[i];
	return NULL;
}

static char *field_value(const struct form_field *f)
{
	switch (f->type) {
	case FT_TEXT: case FT_PASSWORD: case FT_AREA:
		return edit_text(&f->edit);
	case FT_SELECT:
		return xstrdup(f->sel >= 0 && (size_t)f->sel < f->nopts ? f->opts[f->sel].value : "");
	case FT_CHECK:
		return xstrdup(f->checked ? "1" : "");
	default:
		return xstrdup("");
	}
}

char *form_value(const struct form *fm, const char *name)
{
	const struct form_field *f = form_field((struct form *)fm, name);

	return f ? field_value(f) : xstrdup("");
}

void form_set_value(struct form *fm, const char *name, const char *value)
{
	struct form_field *f = form_field(fm, name);
	size_t i;

	if (!f)
		return;
	switch (f->type) {
	case FT_TEXT: case FT_PASSWORD:
		edit_set(&f->edit, value);
		break;
	case FT_AREA:
		textarea_set(&f->area, value);
		break;
	case FT_SELECT:
		for (i = 0; i < f->nopts; i++)
			if (value && !strcmp(f->opts[i].value, value))
				f->sel = (int)i;
		break;
	case FT_CHECK:
		f->checked = value && *value && strcmp(value, "0") && strcmp(value, "false");
		break;
	default:
		break;
	}
}

void form_set_error(struct form *fm, const char *name, const char *msg)
{
	struct form_field *f = form_field(fm, name);

	if (!f)
		return;
	free(f->error);
	f->error = msg ? xstrdup(msg) : NULL;
}

void form_clear_errors(struct form *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++)
		xfree(&fm->f[i].error);
}

bool form_focus(struct form *fm, const char *name)
{
	size_t i;

	for (i = 0; i < fm->n; i++)
		if (focusable(&fm->f[i]) && !strcmp(fm->f[i].name, name)) {
			fm->focus = i;
			return true;
		}
	return false;
}

bool form_validate_field(struct form *fm, size_t i)
{
	struct form_field *f = &fm->f[i];
	const char *why = NULL;
	char *v;

	if (!is_input(f))
		return true;
	v = field_value(f);
	if (!*v) {
		if (f->flags & FF_REQUIRED)
			why = f->type == FT_CHECK ? N_("Please tick this box.")
			      : f->type == FT_SELECT ? N_("Please choose one.")
			      : N_("This field is required.");
	} else if (f->edit.max && utf8_chars(v) > f->edit.max) {
		why = N_("This is too long.");
	} else if (f->validator) {
		why = val_by_name(f->validator, v);
	}
	if (!why && f->same_as) {
		char *other = form_value(fm, f->same_as);

		if (strcmp(v, other))
			why = N_("The two entries do not match.");
		sodium_memzero(other, strlen(other));
		free(other);
	}
	sodium_memzero(v, strlen(v));
	free(v);
	xfree(&f->error);
	if (why)
		f->error = xstrdup(_(why));
	return why == NULL;
}

int form_validate(struct form *fm)
{
	size_t i;
	int bad = 0;
	bool focused = false;

	for (i = 0; i < fm->n; i++)
		if (!form_validate_field(fm, i)) {
			bad++;
			if (!focused) {
				fm->focus = i;
				focused = true;
			}
		}
	return bad;
}

int form_set_server_errors(struct form *fm, const cJSON *fields)
{
	const cJSON *j;
	int found = 0;
	bool focused = false;

	cJSON_ArrayForEach(j, fields) {
		struct form_field *f;

		if (!j->string || !cJSON_IsString(j))
			continue;
		f = form_field(fm, j->string);
		if (!f || !is_input(f))
			continue;
		free(f->error);
		/* the server sends the shared validators' English msgids, which
		 * the catalogue translates; other text passes through */
		f->error = xstrdup(_(j->valuestring));
		found++;
		if (!focused) {
			fm->focus = (size_t)(f - fm->f);
			focused = true;
		}
	}
	return found;
}

cJSON *form_to_json(const struct form *fm, bool skip_empty)
{
	cJSON *o = cJSON_CreateObject();
	size_t i;

	if (!o)
		abort();
	for (i = 0; i < fm->n; i++) {
		const struct form_field *f = &fm->f[i];
		char *v;

		if (!is_input(f))
			continue;
		if (f->type == FT_CHECK) {
			json_add_bool(o, f->name, f->checked);
			continue;
		}
		v = field_value(f);
		if (*v || !skip_empty)
			json_add_str(o, f->name, v);
		sodium_memzero(v, strlen(v));
		free(v);
	}
	return o;
}

void form_fill(struct form *fm, const cJSON *obj)
{
	const cJSON *j;

	cJSON_ArrayForEach(j, obj) {
		char buf[32];

		if (!j->string)
			continue;
		if (cJSON_IsString(j))
			form_set_value(fm, j->string, j->valuestring);
		else if (cJSON_IsBool(j))
			form_set_value(fm, j->string, cJSON_IsTrue(j) ? "1" : "");
		else if (cJSON_IsNumber(j)) {
			snprintf(buf, sizeof(buf), "%.15g", j->valuedouble);
			form_set_value(fm, j->string, buf);
		}
	}
}

void form_wipe_secrets(struct form *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++)
		if (fm->f[i].type == FT_PASSWORD)
			edit_clear(&fm->f[i].edit);
}

void form_wipe_all(struct form *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++) {
		edit_clear(&fm->f[i].edit);
		fm->f[i].checked = false;
		xfree(&fm->f[i].error);
	}
}

/* Move focus by dir (+1/-1) to the next focusable field, checking the one
 * being left. Returns false at either end. */
static bool move_focus(struct form *fm, int dir)
{
	size_t i = fm->focus;

	for (;;) {
		if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= fm->n))
			return false;
		i = (size_t)((long)i + dir);
		if (focusable(&fm->f[i]))
			break;
	}
	form_validate_field(fm, fm->focus);
	fm->focus = i;
	return true;
}

static bool last_input(const struct form *fm, size_t i)
{
	for (i++; i < fm->n; i++)
		if (is_input(&fm->f[i]))
			return false;
	return true;
}

static const char *first_button(const struct form *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++)
		if (fm->f[i].type == FT_BUTTON)
			return fm->f[i].name;
	return NULL;
}

/* After an editing key: typing is fixing, so the field's error goes (the
 * check runs again on leaving) -- unless a character was refused because
 * the field is full, which is said at once instead of dropping it
 * silently (a paste longer than the limit stops there too). */
static void limit_note(struct form_field *f, unsigned key, size_t before)
{
	bool typed = (!IS_KF(key) && key >= 0x20 && key != 0x7f) || key == KEY_PASTE_NL ||
	             (key == '\r' && f->type == FT_AREA);

	xfree(&f->error);
	if (typed && f->edit.max && f->edit.len == before && f->edit.len >= f->edit.max)
		f->error = xasprintf(_("At most %zu characters: the rest was not taken."), f->edit.max);
}

enum form_event form_key(struct form *fm, unsigned key)
{
	struct form_field *f;

	if (fm->n == 0)
		return FORM_IGNORED;
	f = &fm->f[fm->focus];
	if (f->type == FT_AREA && key != '\t' && key != KF(KEY_BTAB)) {
		/* Up/Down leave the field only from its first or last line */
		if (key == KF(KEY_UP) || key == KF(KEY_DOWN)) {
			if (key == KF(KEY_UP) ? textarea_up(&f->area) : textarea_down(&f->area))
				return FORM_HANDLED;
		} else {
			size_t before = f->edit.len;

			if (textarea_key(&f->area, key)) {
				limit_note(f, key, before);
				return FORM_HANDLED;
			}
		}
	}
	switch (key) {
	case '\t': case KF(KEY_DOWN): case KEY_CTRL('n'):
		if (!move_focus(fm, 1) && key == '\t') {
			/* Tab on the last field goes round to the first */
			size_t i;

			form_validate_field(fm, fm->focus);
			for (i = 0; i < fm->n && !focusable(&fm->f[i]); i++)
				;
			if (i < fm->n)
				fm->focus = i;
		}
		return FORM_HANDLED;
	case KF(KEY_BTAB): case KF(KEY_UP): case KEY_CTRL('p'):
		move_focus(fm, -1);
		return FORM_HANDLED;
	case '\r': case '\n': case KF(KEY_ENTER):
		if (f->type == FT_BUTTON) {
			fm->action = f->name;
			return FORM_ACTION;
		}
		if (last_input(fm, fm->focus) && first_button(fm)) {
			form_validate_field(fm, fm->focus);
			fm->action = first_button(fm);
			return FORM_ACTION;
		}
		move_focus(fm, 1);
		return FORM_HANDLED;
	default:
		break;
	}
	switch (f->type) {
	case FT_SELECT:
		if (f->nopts == 0)
			return FORM_IGNORED;
		if (key == KF(KEY_RIGHT) || key == ' ') {
			f->sel = (f->sel + 1) % (int)f->nopts;
			return FORM_HANDLED;
		}
		if (key == KF(KEY_LEFT)) {
			f->sel = f->sel <= 0 ? (int)f->nopts - 1 : f->sel - 1;
			return FORM_HANDLED;
		}
		return FORM_IGNORED;
	case FT_CHECK:
		if (key == ' ') {
			f->checked = !f->checked;
			if (f->checked)
				xfree(&f->error);
			return FORM_HANDLED;
		}
		return FORM_IGNORED;
	case FT_BUTTON:
		if (key == KF(KEY_RIGHT))
			return move_focus(fm, 1), FORM_HANDLED;
		if (key == KF(KEY_LEFT))
			return move_focus(fm, -1), FORM_HANDLED;
		return FORM_IGNORED;
	case FT_TEXT: case FT_PASSWORD: {
		size_t before = f->edit.len;

		if (edit_key(&f->edit, key)) {
			limit_note(f, key, before);
			return FORM_HANDLED;
		}
		return FORM_IGNORED;
	}
	default:
		return FORM_IGNORED;
	}
}

/* ----- drawing */

static int label_cols(const struct form *fm, int w)
{
	size_t i;
	int m = 0;

	for (i = 0; i < fm->n; i++)
		if (is_input(&fm->f[i])) {
			int c = (int)utf8_width(fm->f[i].label) + 2;

			if (c > m)
				m = c;
		}
	return m > w / 2 ? w / 2 : m;
}

/* Lines a field takes: 1, plus 1 for an error; a heading has a gap above;
 * consecutive buttons share one line. */
static int field_lines(const struct form *fm, size_t i)
{
	const struct form_field *f = &fm->f[i];

	if (f->type == FT_BUTTON)
		return (i > 0 && fm->f[i - 1].type == FT_BUTTON) ? 0 : 2;
	if (f->type == FT_HEADING)
		return i > 0 ? 2 : 1;
	return (f->type == FT_AREA ? FORM_AREA_ROWS : 1) + (f->error != NULL);
}

/* A text field with a limit shows how full it is. */
static bool counts(const struct form_field *f)
{
	return (f->type == FT_TEXT || f->type == FT_AREA) && f->edit.max > 0;
}

/* "len/max" right of the focused field once it is half full; at the limit
 * it stands out. */
static void draw_count(const struct form_field *f, int row, int x, int w)
{
	char c[48];

	if (f->edit.len * 2 < f->edit.max || w < 2)
		return;
	snprintf(c, sizeof(c), "%zu/%zu", f->edit.len, f->edit.max);
	ui_print(row, x + 1, w - 1, c, ui_attr(f->edit.len >= f->edit.max ? UI_ERROR : UI_DIM));
}

void form_draw(struct form *fm, int y, int x, int h, int w, int *cy, int *cx)
{
	int lw = label_cols(fm, w), line = 0, focus_line = 0, focus_h = 1, bx = 0;
	int iw = w - lw - 1, count_cols = 0;
	size_t i;

	*cy = *cx = -1;
	if (iw > FORM_FIELD_COLS)
		iw = FORM_FIELD_COLS;
	/* room right of the boxes for a limited field's "len/max" */
	for (i = 0; i < fm->n; i++)
		if (counts(&fm->f[i])) {
			char c[48];
			int n = snprintf(c, sizeof(c), " %zu/%zu", fm->f[i].edit.max, fm->f[i].edit.max);

			if (n > count_cols)
				count_cols = n;
		}
	if (count_cols && iw > w - lw - 1 - count_cols && w - lw - 1 - count_cols >= FORM_FIELD_MIN)
		iw = w - lw - 1 - count_cols;
	/* find the focused field's line, then scroll it into view */
	for (i = 0; i < fm->n; i++) {
		if (i == fm->focus) {
			focus_line = line;
			if (fm->f[i].type == FT_BUTTON)
				focus_line += field_lines(fm, i) ? 1 : -1;
			focus_h = field_lines(fm, i) ? field_lines(fm, i) : 1;
		}
		line += field_lines(fm, i);
	}
	if (fm->focus == 0 || focus_line < 2)
		fm->scroll = 0;
	if (focus_line < fm->scroll)
		fm->scroll = focus_line;
	if (focus_line + focus_h > fm->scroll + h)
		fm->scroll = focus_line + focus_h - h;
	if (fm->scroll > line - h)
		fm->scroll = line - h > 0 ? line - h : 0;

	line = 0;
	for (i = 0; i < fm->n; i++) {
		struct form_field *f = &fm->f[i];
		bool focus = i == fm->focus;
		int nl = field_lines(fm, i), row = y + line - fm->scroll;
		char buf[512];

		if (f->type == FT_BUTTON) {
			if (nl)
				bx = 0;
			row = y + line - fm->scroll + (nl ? 1 : -1);
		}
		if (f->type == FT_HEADING && i > 0)
			row++;
		line += nl;
		if (row < y || row >= y + h)
			continue;
		switch (f->type) {
		case FT_HEADING:
			ui_print(row, x, w, f->label, ui_attr(UI_HEADING));
			break;
		case FT_BUTTON:
			snprintf(buf, sizeof(buf), "[ %s ]", f->label);
			ui_print(row, x + lw + 1 + bx, w - lw - 1 - bx, buf,
			         ui_attr(focus ? UI_SELECTED : UI_NORMAL));
			if (focus) {
				*cy = row;
				*cx = x + lw + 1 + bx + 2;
			}
			bx += (int)utf8_width(buf) + 2;
			break;
		default:
			snprintf(buf, sizeof(buf), "%s%s", f->label,
			         (f->flags & FF_REQUIRED) ? "*" : "");
			ui_print(row, x, lw, buf, ui_attr(UI_LABEL));
			if (f->type == FT_TEXT || f->type == FT_PASSWORD) {
				int c = edit_draw(&f->edit, row, x + lw + 1, iw,
				                  ui_attr(focus ? UI_FIELD_FOCUS : UI_FIELD));
				if (focus) {
					*cy = row;
					*cx = c;
				}
			} else if (f->type == FT_AREA) {
				int rows = y + h - row < FORM_AREA_ROWS ? y + h - row : FORM_AREA_ROWS;
				int ay, ax;

				textarea_draw(&f->area, row, x + lw + 1, rows, iw,
				              ui_attr(focus ? UI_FIELD_FOCUS : UI_FIELD), &ay, &ax);
				if (focus && ay >= 0) {
					*cy = ay;
					*cx = ax;
				}
			} else if (f->type == FT_SELECT) {
				const char *lab = f->sel >= 0 && (size_t)f->sel < f->nopts
				                  ? f->opts[f->sel].label : _("choose with Left/Right");
				/* a long option is cut inside its brackets, with "…" */
				char *fit = ui_cut(lab, iw - 4);

				snprintf(buf, sizeof(buf), "< %s >", fit);
				free(fit);
				ui_print(row, x + lw + 1, iw, buf,
				         ui_attr(focus ? UI_FIELD_FOCUS : UI_FIELD));
				if (focus) {
					*cy = row;
					*cx = x + lw + 1;
				}
			} else if (f->type == FT_CHECK) {
				ui_print(row, x + lw + 1, iw, f->checked ? "[x]" : "[ ]",
				         ui_attr(focus ? UI_FIELD_FOCUS : UI_FIELD));
				if (focus) {
					*cy = row;
					*cx = x + lw + 2;
				}
			}
			if (focus && counts(f))
				draw_count(f, row, x + lw + 1 + iw, w - lw - 1 - iw);
			if (focus && (f->type == FT_TEXT || f->type == FT_PASSWORD || f->type == FT_AREA))
				ui_set_typing(true);
			if (f->error && row + nl - 1 < y + h)
				ui_print(row + nl - 1, x + lw + 1, w - lw - 1, f->error, ui_attr(UI_ERROR));
			break;
		}
	}
}

void form_screen_draw(struct screen *s, struct form *fm, const char *intro,
                      const char *note, bool note_ok, int note_row)
{
	int y, x, h, w, cy, cx;

	app_body(s->app, &y, &x, &h, &w);
	ui_print(y + 1, x + 2, w - 4, intro, ui_attr(UI_NORMAL));
	if (note)
		ui_print(y + note_row, x + 2, w - 4, note, ui_attr(note_ok ? UI_OK : UI_ERROR));
	form_draw(fm, y + note_row + 2, x + 2, h - note_row - 3, w - 4, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}
