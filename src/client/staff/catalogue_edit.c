/* Edit one object of the catalogue (admins): a level (names, annual fee
 * in yuan, rank, lifetime, active), a branch (names, address, contact,
 * phone, e-mail, rank, active), a reason template (scope, both languages'
 * texts, rank, active), the membership terms (version, titles, both
 * bodies in the multi-line editor) or the bank account (the bank.*
 * settings). Saving (the button or F2) asks first, naming each change as
 * "before → after"; then PUT /catalogue/…; the server's reasons land
 * under their fields. Closes with 1 once saved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <curl/curl.h>

#include "app.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/form.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

#define SHOWN_COLS 30            /* of a long text in the confirmation */

enum { T_SAVE = 1 };
enum { P_CONFIRM = 1, P_SAVED, P_DISCARD };

/* The fields of each kind: JSON key, label, type, required, max length. */
struct cat_field {
	const char *key;
	const char *label;           /* N_() */
	enum field_type type;
	bool required;
	size_t max;
};

static const struct cat_field level_fields[] = {
	{ "name_zh", N_("Name (Chinese)"), FT_TEXT, true, 100 },
	{ "name_en", N_("Name (English)"), FT_TEXT, true, 100 },
	{ "annual_fee", N_("Annual fee (yuan)"), FT_TEXT, true, 16 },
	{ "rank", N_("Position in lists"), FT_TEXT, false, 6 },
	{ "lifetime", N_("Lifetime (paid once)"), FT_CHECK, false, 0 },
	{ "active", N_("Offered"), FT_CHECK, false, 0 },
	{ NULL, NULL, 0, false, 0 },
};

static const struct cat_field org_fields[] = {
	{ "name_zh", N_("Name (Chinese)"), FT_TEXT, true, 100 },
	{ "name_en", N_("Name (English)"), FT_TEXT, true, 100 },
	{ "address", N_("Address"), FT_TEXT, false, 500 },
	{ "contact", N_("Contact person"), FT_TEXT, false, 100 },
	{ "phone", N_("Phone"), FT_TEXT, false, 100 },
	{ "email", N_("E-mail"), FT_TEXT, false, 100 },
	{ "rank", N_("Position in lists"), FT_TEXT, false, 6 },
	{ "active", N_("Open"), FT_CHECK, false, 0 },
	{ NULL, NULL, 0, false, 0 },
};

static const struct cat_field reason_fields[] = {
	{ "scope", N_("Used for"), FT_SELECT, true, 0 },
	{ "text_zh", N_("Text (Chinese)"), FT_TEXT, true, 500 },
	{ "text_en", N_("Text (English)"), FT_TEXT, true, 500 },
	{ "rank", N_("Position in lists"), FT_TEXT, false, 6 },
	{ "active", N_("Offered"), FT_CHECK, false, 0 },
	{ NULL, NULL, 0, false, 0 },
};

static const struct cat_field terms_fields[] = {
	{ "version", N_("Version"), FT_TEXT, true, 100 },
	{ "title_zh", N_("Title (Chinese)"), FT_TEXT, true, 100 },
	{ "title_en", N_("Title (English)"), FT_TEXT, true, 100 },
	{ "body_zh", N_("Text (Chinese)"), FT_AREA, true, 20000 },
	{ "body_en", N_("Text (English)"), FT_AREA, true, 20000 },
	{ NULL, NULL, 0, false, 0 },
};

static const struct cat_field bank_fields[] = {
	{ "bank.account_name", N_("Account name"), FT_TEXT, true, 500 },
	{ "bank.bank", N_("Bank"), FT_TEXT, true, 500 },
	{ "bank.account_no", N_("Account number"), FT_TEXT, true, 500 },
	{ "bank.note_zh", N_("Note (Chinese)"), FT_TEXT, false, 500 },
	{ "bank.note_en", N_("Note (English)"), FT_TEXT, false, 500 },
	{ NULL, NULL, 0, false, 0 },
};

static const char *const scopes[] = { "application", "bank_transfer", "invoice", "any", NULL };

struct cat_edit {
	const char *kind;
	cJSON *orig;                 /* the object as it was; NULL: new */
	bool is_new;
	const struct cat_field *fields;
	struct form form;
	cJSON *body;                 /* what Save sends (the confirmed changes) */
	char **keys;                 /* bank: the settings still to send */
	int nkeys, next;
	char *path;                  /* the PUT of a level, branch, reason */
	char *note;
	bool note_ok;
};

/* ---------------------------------------------------------------- words */

const char *staff_cat_scope_words(const char *scope)
{
	if (!strcmp(scope, "application"))
		return _("applications");
	if (!strcmp(scope, "bank_transfer"))
		return _("bank transfers");
	if (!strcmp(scope, "invoice"))
		return _("invoices");
	if (!strcmp(scope, "any"))
		return _("anything");
	return scope;
}

const char *staff_cat_object_words(const char *object)
{
	if (!strcmp(object, "level"))
		return _("Level");
	if (!strcmp(object, "org"))
		return _("Branch");
	if (!strcmp(object, "terms"))
		return _("Terms");
	if (!strcmp(object, "reason"))
		return _("Reason template");
	if (!strcmp(object, "setting"))
		return _("Setting");
	return object;
}

static const struct cat_field *const all_fields[] = {
	level_fields, org_fields, reason_fields, terms_fields, bank_fields, NULL,
};

const char *staff_cat_field_words(const char *key)
{
	static const struct { const char *key, *words; } more[] = {
		{ "code", N_("Code") }, { "member_type", N_("Member type") },
		{ "kind", N_("Kind") }, { "value", N_("Value") }, { "id", N_("No.") },
		{ "updated_at", N_("Updated") },
		{ "association.name_zh", N_("Association name (Chinese)") },
		{ "association.name_en", N_("Association name (English)") },
		{ "association.short_name_zh", N_("Short name (Chinese)") },
		{ "association.short_name_en", N_("Short name (English)") },
		{ "association.website", N_("Website") },
		{ "dues.validity", N_("Validity of dues") },
	};

	for (int i = 0; all_fields[i]; i++)
		for (const struct cat_field *f = all_fields[i]; f->key; f++)
			if (!strcmp(f->key, key))
				return _(f->label);
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (!strcmp(more[i].key, key))
			return _(more[i].words);
	return key;
}

char *staff_cat_value_text(const char *key, const cJSON *v)
{
	char money[MONEY_BUFSZ];

	if (!v || cJSON_IsNull(v))
		return xstrdup("—");
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? _("yes") : _("no"));
	if (cJSON_IsNumber(v) && !strcmp(key, "annual_fee"))
		return xstrdup(money_format((int64_t)v->valuedouble, money));
	if (cJSON_IsNumber(v))
		return xasprintf("%lld", (long long)v->valuedouble);
	if (cJSON_IsString(v) && !strcmp(key, "scope"))
		return xstrdup(staff_cat_scope_words(v->valuestring));
	if (cJSON_IsString(v))
		return xstrdup(*v->valuestring ? v->valuestring : "—");
	return cJSON_PrintUnformatted(v);
}

/* A text cut to SHOWN_COLS columns, on one line, for a confirmation. */
static char *shorten(const char *s)
{
	char *out = xstrdup(s);
	size_t n;

	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if (utf8_width(out) > SHOWN_COLS) {
		char *t;

		n = utf8_cut(out, SHOWN_COLS - 1);
		out[n] = '\0';
		t = xasprintf("%s…", out);
		free(out);
		out = t;
	}
	return out;
}

/* Two versions of a text, each cut for a confirmation from a little
 * before where they first differ, so that the change shows. */
static void shorten_pair(const char *was, const char *now, char **a, char **b)
{
	size_t p = 0, start;
	int back = 0;

	while (was[p] && was[p] == now[p])
		p++;
	while (p > 0 && ((unsigned char)was[p] & 0xC0) == 0x80)
		p--;                        /* the start of the character */
	start = p;
	while (start > 0 && back < 6) {    /* a few characters of context */
		start--;
		while (start > 0 && ((unsigned char)was[start] & 0xC0) == 0x80)
			start--;
		back++;
	}
	*a = shorten(was + start);
	*b = shorten(now + start);
	if (start > 0) {
		char *t = xasprintf("…%s", *a);

		free(*a);
		*a = t;
		t = xasprintf("…%s", *b);
		free(*b);
		*b = t;
	}
}

/* A code in a path. */
static char *escape(const char *s)
{
	char *enc = curl_easy_escape(NULL, s, 0), *out = xstrdup(enc ? enc : "");

	curl_free(enc);
	return out;
}

/* ---------------------------------------------------------------- form */

static const struct cat_field *fields_of(const char *kind)
{
	if (!strcmp(kind, "level"))
		return level_fields;
	if (!strcmp(kind, "org"))
		return org_fields;
	if (!strcmp(kind, "reason"))
		return reason_fields;
	if (!strcmp(kind, "terms"))
		return terms_fields;
	return bank_fields;
}

/* The original value of a field, as the form holds it (caller frees). */
static char *orig_text(const struct cat_edit *e, const struct cat_field *f)
{
	const cJSON *v = e->orig ? cJSON_GetObjectItemCaseSensitive(e->orig, f->key) : NULL;
	char money[MONEY_BUFSZ];

	if (f->type == FT_CHECK)
		return xstrdup(!e->orig ? (strcmp(f->key, "active") ? "" : "1")
		                        : cJSON_IsTrue(v) ? "1" : "");
	if (cJSON_IsNumber(v) && !strcmp(f->key, "annual_fee"))
		return xstrdup(money_plain((int64_t)v->valuedouble, money));
	if (cJSON_IsNumber(v))
		return xasprintf("%lld", (long long)v->valuedouble);
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (f->type == FT_SELECT)
		return xstrdup("application");
	return xstrdup("");
}

static void build_form(struct cat_edit *e)
{
	struct form_field *ff;

	form_init(&e->form);
	if (e->is_new) {
		form_add(&e->form, FT_TEXT, "code", _("Code"), FF_REQUIRED, 32, NULL);
		if (!strcmp(e->kind, "level")) {
			ff = form_add(&e->form, FT_SELECT, "member_type", _("Member type"),
			              FF_REQUIRED, 0, NULL);
			form_add_option(ff, "individual", _("individual"));
			form_add_option(ff, "unit", _("unit"));
			ff->sel = 0;
		}
	}
	for (const struct cat_field *f = e->fields; f->key; f++) {
		char *v;

		ff = form_add(&e->form, f->type, f->key, _(f->label),
		              f->required ? FF_REQUIRED : 0, f->max, NULL);
		if (f->type == FT_SELECT)
			for (int i = 0; scopes[i]; i++)
				form_add_option(ff, scopes[i], staff_cat_scope_words(scopes[i]));
		v = orig_text(e, f);
		form_set_value(&e->form, f->key, v);
		free(v);
	}
	form_add(&e->form, FT_BUTTON, "save", _("Save changes"), 0, 0, NULL);
	form_add(&e->form, FT_BUTTON, "cancel", _("Cancel"), 0, 0, NULL);
}

static void set_note(struct cat_edit *e, const char *msg, bool ok)
{
	free(e->note);
	e->note = msg ? xstrdup(msg) : NULL;
	e->note_ok = ok;
}

static int ce_open(struct screen *s, void *arg)
{
	struct cat_edit *e = s->priv;
	const struct staff_cat_edit_arg *a = arg;

	e->kind = a->kind;
	e->fields = fields_of(a->kind);
	e->is_new = !a->obj && strcmp(a->kind, "terms") && strcmp(a->kind, "bank");
	e->orig = a->obj ? cJSON_Duplicate(a->obj, 1) : NULL;
	build_form(e);
	if (!strcmp(e->kind, "level"))
		s->title = e->is_new ? _("New level") : _("Edit level");
	else if (!strcmp(e->kind, "org"))
		s->title = e->is_new ? _("New branch") : _("Edit branch");
	else if (!strcmp(e->kind, "reason"))
		s->title = e->is_new ? _("New reason template") : _("Edit reason template");
	else if (!strcmp(e->kind, "terms"))
		s->title = _("Edit membership terms");
	else
		s->title = _("Edit bank account");
	s->help = _("Tab next field  Space tick  F2 save  Esc back");
	return 0;
}

static bool value_is_number(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The changed fields into e->body; a line "label: before → after" each
 * into *lines. Returns how many changed, -1 when a field is wrong. */
static int gather(struct cat_edit *e, char **lines)
{
	int changed = 0;
	char *code = form_value(&e->form, "code");

	*lines = xstrdup("");
	cJSON_Delete(e->body);
	e->body = cJSON_CreateObject();
	if (e->is_new) {
		char *mt = form_value(&e->form, "member_type"), *t;

		t = xasprintf(_("%s\n  Code: %s"), *lines, code);
		free(*lines);
		*lines = t;
		if (mt && *mt)
			json_add_str(e->body, "member_type", mt);
		free(mt);
		changed++;
	} else if (!strcmp(e->kind, "level")) {
		json_add_str(e->body, "member_type", json_str_or(e->orig, "member_type", ""));
	}
	for (const struct cat_field *f = e->fields; f->key; f++) {
		char *now = form_value(&e->form, f->key), *was = orig_text(e, f), *a, *b, *t;
		int64_t fen = 0;
		bool same = !strcmp(now, was);

		if (!strcmp(f->key, "annual_fee")) {
			if (money_parse(now, &fen) != 0) {
				form_set_error(&e->form, f->key, _("A fee in yuan, like 300 or 300.50."));
				form_focus(&e->form, f->key);
				free(now);
				free(was);
				free(code);
				return -1;
			}
			json_add_int(e->body, f->key, fen);
			if (e->orig && json_int_or(e->orig, f->key, -1) == fen)
				same = true;
		} else if (!strcmp(f->key, "rank")) {
			if (*now && !value_is_number(now)) {
				form_set_error(&e->form, f->key, _("A whole number."));
				form_focus(&e->form, f->key);
				free(now);
				free(was);
				free(code);
				return -1;
			}
			json_add_int(e->body, f->key, *now ? strtoll(now, NULL, 10) : 0);
		} else if (f->type == FT_CHECK) {
			json_add_bool(e->body, f->key, *now != '\0');
		} else {
			json_add_str(e->body, f->key, now);
		}
		if (!same) {
			if (f->type == FT_CHECK) {
				a = xstrdup(*was ? _("yes") : _("no"));
				b = xstrdup(*now ? _("yes") : _("no"));
			} else if (!strcmp(f->key, "annual_fee")) {
				char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ];
				int64_t old = json_int_or(e->orig, f->key, -1);

				a = xstrdup(old >= 0 ? money_format(old, m1) : "—");
				b = xstrdup(money_format(fen, m2));
			} else if (f->type == FT_SELECT) {
				a = xstrdup(e->orig ? staff_cat_scope_words(was) : "—");
				b = xstrdup(staff_cat_scope_words(now));
			} else if (*was && *now) {
				shorten_pair(was, now, &a, &b);
			} else {
				a = *was ? shorten(was) : xstrdup("—");
				b = *now ? shorten(now) : xstrdup("—");
			}
			if (e->is_new)
				t = xasprintf(_("%s\n  %s: %s"), *lines, _(f->label), b);
			else
				t = xasprintf(_("%s\n  %s: %s → %s"), *lines, _(f->label), a, b);
			free(*lines);
			*lines = t;
			free(a);
			free(b);
			changed++;
			if (!strcmp(e->kind, "bank")) {
				e->keys = xrealloc(e->keys, sizeof(*e->keys) * (size_t)(e->nkeys + 1));
				e->keys[e->nkeys++] = xstrdup(f->key);
			}
		}
		free(now);
		free(was);
	}
	free(e->path);
	e->path = NULL;
	if (!strcmp(e->kind, "level") || !strcmp(e->kind, "org") || !strcmp(e->kind, "reason")) {
		const char *code_now = e->is_new ? code : json_str_or(e->orig, "code", "");
		char *enc = escape(code_now);

		e->path = xasprintf("/catalogue/%s/%s", !strcmp(e->kind, "level") ? "levels" :
		                    !strcmp(e->kind, "org") ? "orgs" : "reasons", enc);
		free(enc);
	} else if (!strcmp(e->kind, "terms")) {
		e->path = xstrdup("/catalogue/terms");
	}
	free(code);
	return changed;
}

static void drop_keys(struct cat_edit *e)
{
	for (int i = 0; i < e->nkeys; i++)
		free(e->keys[i]);
	xfree(&e->keys);
	e->nkeys = e->next = 0;
}

static void ask_save(struct screen *s)
{
	struct cat_edit *e = s->priv;
	char *lines = NULL, *msg;
	int n;

	if (app_busy(s))
		return;
	drop_keys(e);
	form_clear_errors(&e->form);
	set_note(e, NULL, false);
	if (form_validate(&e->form)) {
		set_note(e, _("Some fields need attention."), false);
		return;
	}
	n = gather(e, &lines);
	if (n < 0) {
		set_note(e, _("Some fields need attention."), false);
	} else if (n == 0) {
		set_note(e, _("Nothing has changed."), false);
	} else {
		msg = xasprintf(e->is_new ? _("Create it?%s") : _("Save these changes?%s"), lines);
		dialog_confirm(s->app, s->title, msg, _("Save changes"), _("Cancel"), P_CONFIRM);
		free(msg);
	}
	free(lines);
}

static void send_next_setting(struct screen *s)
{
	struct cat_edit *e = s->priv;
	cJSON *body = cJSON_CreateObject();
	char *path, *enc = escape(e->keys[e->next]);

	json_add_str(body, "value", json_str_or(e->body, e->keys[e->next], ""));
	path = xasprintf("/catalogue/settings/%s", enc);
	app_request(s, T_SAVE, "PUT", path, body);
	free(path);
	free(enc);
}

static void do_save(struct screen *s)
{
	struct cat_edit *e = s->priv;

	if (!strcmp(e->kind, "bank")) {
		e->next = 0;
		if (e->nkeys)
			send_next_setting(s);
		return;
	}
	app_request(s, T_SAVE, "PUT", e->path, cJSON_Duplicate(e->body, 1));
}

static bool dirty(struct cat_edit *e)
{
	for (const struct cat_field *f = e->fields; f->key; f++) {
		char *now = form_value(&e->form, f->key), *was = orig_text(e, f);
		bool same = !strcmp(now, was);

		free(now);
		free(was);
		if (!same)
			return true;
	}
	return false;
}

static void ce_draw(struct screen *s)
{
	struct cat_edit *e = s->priv;
	char intro[256];

	if (e->is_new)
		snprintf(intro, sizeof(intro), "%s", _("Fill in the fields, then save."));
	else if (!strcmp(e->kind, "terms") || !strcmp(e->kind, "bank"))
		snprintf(intro, sizeof(intro), "%s", _("Change what you need, then save."));
	else
		snprintf(intro, sizeof(intro), _("Code: %s"), json_str_or(e->orig, "code", ""));
	if (!e->is_new && !strcmp(e->kind, "level")) {
		size_t n = strlen(intro);

		snprintf(intro + n, sizeof(intro) - n, _("    Member type: %s"),
		         !strcmp(json_str_or(e->orig, "member_type", ""), "unit") ? _("unit")
		                                                                  : _("individual"));
	}
	form_screen_draw(s, &e->form, intro, e->note, e->note_ok, 2);
}

static int ce_key(struct screen *s, wint_t k)
{
	struct cat_edit *e = s->priv;

	if (k == KF(KEY_F(2))) {
		ask_save(s);
		return SCR_REDRAW;
	}
	switch (form_key(&e->form, (unsigned)k)) {
	case FORM_HANDLED:
		return SCR_REDRAW;
	case FORM_ACTION:
		if (!strcmp(e->form.action, "save")) {
			ask_save(s);
			return SCR_REDRAW;
		}
		k = KEY_ESC;
		break;
	default:
		break;
	}
	if (k == KEY_ESC) {
		if (app_busy(s))
			return SCR_HANDLED;
		if (!dirty(e))
			return SCR_CLOSE;
		dialog_confirm(s->app, _("Discard changes"), _("Leave without saving?"),
		               _("Leave"), _("Stay"), P_DISCARD);
		return SCR_REDRAW;
	}
	return SCR_IGNORED;
}

static void ce_reply(struct screen *s, const struct api_reply *r)
{
	struct cat_edit *e = s->priv;
	const cJSON *f;
	int placed = 0;

	if (r->err == ERR_OK) {
		if (!strcmp(e->kind, "bank") && ++e->next < e->nkeys) {
			send_next_setting(s);
			return;
		}
		dialog_message(s->app, s->title, _("Saved. The change is in the history."), P_SAVED);
		return;
	}
	if (r->fields && r->fields->child) {
		/* a setting's reason is about its "value": the field sent */
		if (!strcmp(e->kind, "bank") && e->next < e->nkeys) {
			f = cJSON_GetObjectItemCaseSensitive(r->fields, "value");
			if (cJSON_IsString(f)) {
				form_set_error(&e->form, e->keys[e->next], f->valuestring);
				form_focus(&e->form, e->keys[e->next]);
				placed = 1;
			}
		} else {
			placed = form_set_server_errors(&e->form, r->fields);
			for (f = r->fields->child; f; f = f->next)
				if (form_field(&e->form, f->string)) {
					form_focus(&e->form, f->string);
					break;
				}
		}
	}
	if (placed) {
		set_note(e, !strcmp(e->kind, "bank") && e->next > 0
		         ? _("Some changes were saved; the field marked was not.")
		         : _("The server did not take it: see the fields marked."), false);
		return;
	}
	if (r->fields && r->fields->child && cJSON_IsString(r->fields->child)) {
		char *msg = xasprintf("%s: %s", staff_cat_field_words(r->fields->child->string),
		                      r->fields->child->valuestring);

		set_note(e, msg, false);
		free(msg);
		return;
	}
	app_reply_error(s, r);
}

static void ce_resume(struct screen *s, int tag, int value)
{
	if (tag == P_CONFIRM && value == 1)
		do_save(s);
	else if (tag == P_SAVED)
		app_close(s, 1);
	else if (tag == P_DISCARD && value == 1)
		app_close(s, 0);
}

static void ce_close(struct screen *s)
{
	struct cat_edit *e = s->priv;

	form_free(&e->form);
	cJSON_Delete(e->orig);
	cJSON_Delete(e->body);
	drop_keys(e);
	free(e->path);
	free(e->note);
}

const struct screen_ops scr_staff_catalogue_edit_ops = {
	.name = "staff_catalogue_edit", .priv_size = sizeof(struct cat_edit),
	.open = ce_open, .draw = ce_draw, .key = ce_key, .reply = ce_reply,
	.resume = ce_resume, .close = ce_close,
};
