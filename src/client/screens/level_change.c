/* Level change (level_change.h).
 *
 * What it loads: GET /member/profile?include=levels,form,level_change (the
 * current level and standing, the unit's approved information, the levels
 * of the member type, the form schema for a unit member, and the latest
 * level change in detail, so a rejected one can be edited), and, when that
 * change is approved, its order (GET /orders/{id}) to pay: two requests at
 * most.
 *
 * A new change is POST /level-changes {level_id, reason, profile}, made and
 * sent for review in one step; a rejected one is PUT /applications/{id}
 * and POST /applications/{id}/submit (the server keeps one open change).
 * HQ's approval makes an order for the fee difference of the paid years;
 * paying it (the payment screens) applies the new level. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "i18n_setup.h"
#include "ui.h"
#include "screens/level_change.h"
#include "screens/pay.h"
#include "widgets/form.h"
#include "widgets/progress.h"
#include "format.h"
#include "words.h"
#include "reply.h"
#include "text.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"

enum { T_PROFILE = 1, T_ORDER, T_SEND, T_PUT, T_SUBMIT };
enum { C_PAY = 1 };

#define REASON_MAX 500

struct level_change {
	cJSON *profile;        /* GET /member/profile (without "included") */
	cJSON *levels;         /* items of included.levels */
	cJSON *last;           /* included.level_change: the latest change, or NULL */
	cJSON *order;          /* its fee-difference order, or NULL */
	cJSON *schema;         /* unit members: included.form */
	int loading;           /* requests in flight */
	bool ready;            /* everything is here and the form is built */
	bool sending;
	char *error;
	char *note;
	struct form form;
	bool has_form;         /* a change can be made (or remade) now */
};

static const cJSON *member_of(const struct level_change *l)
{
	return cJSON_GetObjectItemCaseSensitive(l->profile, "member");
}

static const char *own_member_type(const struct screen *s, const struct level_change *l)
{
	const char *t = json_s(l->profile, "member_type");

	return t ? t : json_s(app_session(s->app)->account, "member_type");
}

static const char *last_status(const struct level_change *l)
{
	return json_s(l->last, "status");
}

static bool pending(const char *st)
{
	return app_status_of(st) == APP_STATUS_PENDING_BRANCH ||
	       app_status_of(st) == APP_STATUS_PENDING_HQ;
}

static void lc_get(struct screen *s, int tag, const char *path)
{
	struct level_change *l = s->priv;

	l->loading++;
	app_request(s, tag, "GET", path, NULL);
}

static void lc_load(struct screen *s)
{
	struct level_change *l = s->priv;

	l->ready = false;
	lc_get(s, T_PROFILE, "/member/profile?include=levels,form,level_change");
}

/* A copy of part when it is of the type wanted (cJSON_IsObject or
 * cJSON_IsArray), else NULL, into *slot. */
static void keep_part(cJSON **slot, const cJSON *part, cJSON_bool (*is)(const cJSON *))
{
	cJSON_Delete(*slot);
	*slot = is(part) ? cJSON_Duplicate(part, 1) : NULL;
}

/* The profile with its embedded pieces; asks for the order an approved
 * change made. */
static void lc_loaded(struct screen *s, const cJSON *json)
{
	struct level_change *l = s->priv;
	const cJSON *inc = cJSON_GetObjectItemCaseSensitive(json, "included");
	char path[64];

	keep_part(&l->profile, json, cJSON_IsObject);
	cJSON_DeleteItemFromObjectCaseSensitive(l->profile, "included");
	keep_part(&l->levels, cJSON_GetObjectItemCaseSensitive(
	          cJSON_GetObjectItemCaseSensitive(inc, "levels"), "items"), cJSON_IsArray);
	keep_part(&l->last, cJSON_GetObjectItemCaseSensitive(inc, "level_change"), cJSON_IsObject);
	/* only a unit sends its organisation's information with a change */
	keep_part(&l->schema, member_type_of(own_member_type(s, l)) == MEMBER_TYPE_UNIT
	          ? cJSON_GetObjectItemCaseSensitive(inc, "form") : NULL, cJSON_IsObject);
	cJSON_Delete(l->order);
	l->order = NULL;
	if (app_status_of(last_status(l)) == APP_STATUS_APPROVED && json_ll(l->last, "order_id", 0) > 0) {
		snprintf(path, sizeof(path), "/orders/%lld", json_ll(l->last, "order_id", 0));
		lc_get(s, T_ORDER, path);
	}
}

static int lc_open(struct screen *s, void *arg)
{
	struct level_change *l = s->priv;

	s->title = _("Level change");
	/* no form until everything has loaded (lc_ready says what applies) */
	s->help = _("R refresh  Esc back");
	form_init(&l->form);
	lc_load(s);
	return 0;
}

static char *level_label(const cJSON *lv)
{
	char money[MONEY_BUFSZ];

	return xasprintf(_("%s (%s a year)"), lang_name(lv) ? lang_name(lv) : "?",
	                 money_format(json_ll(lv, "annual_fee", 0), money));
}

/* The form of a new change, or of the rejected one being redone. */
static void build_form(struct screen *s)
{
	struct level_change *l = s->priv;
	const cJSON *cur = cJSON_GetObjectItemCaseSensitive(member_of(l), "level"), *lv;
	long long cur_id = json_ll(cur, "id", 0);
	bool redo = app_status_of(last_status(l)) == APP_STATUS_REJECTED;
	struct form_field *f;
	char idbuf[32];

	form_free(&l->form);
	form_init(&l->form);
	f = form_add(&l->form, FT_SELECT, "level_id", _("New level"), FF_REQUIRED, 0, NULL);
	cJSON_ArrayForEach(lv, l->levels) {
		long long id = json_ll(lv, "id", -1);
		char *lab;

		if (id <= 0 || id == cur_id)
			continue;
		snprintf(idbuf, sizeof(idbuf), "%lld", id);
		lab = level_label(lv);
		form_add_option(f, idbuf, lab);
		free(lab);
	}
	if (l->schema && member_type_of(own_member_type(s, l)) == MEMBER_TYPE_UNIT) {
		/* the schema's sections head themselves (单位信息 …): no heading
		 * of ours above the first one */
		form_from_schema(&l->form, l->schema, i18n_language());
		form_fill(&l->form, cJSON_GetObjectItemCaseSensitive(l->profile, "profile"));
	}
	form_add(&l->form, FT_TEXT, "reason", _("Reason for the change"), FF_REQUIRED, REASON_MAX, NULL);
	form_add(&l->form, FT_BUTTON, "send", redo ? _("Submit again") : _("Submit"), 0, 0, NULL);
	if (redo) {
		snprintf(idbuf, sizeof(idbuf), "%lld", json_ll(l->last, "level_id", 0));
		form_set_value(&l->form, "level_id", idbuf);
		form_set_value(&l->form, "reason", json_s(l->last, "reason"));
		form_fill(&l->form, cJSON_GetObjectItemCaseSensitive(l->last, "profile"));
	}
	l->has_form = true;
}

/* Everything loaded: decide what the screen offers. */
static void lc_ready(struct screen *s)
{
	struct level_change *l = s->priv;
	const char *st = last_status(l), *eff = json_s(member_of(l), "effective_status");
	bool paid_up = member_status_of(eff) == MEMBER_STATUS_ACTIVE ||
	               member_status_of(eff) == MEMBER_STATUS_GRACE;
	bool owes = app_status_of(st) == APP_STATUS_APPROVED &&
	            order_status_of(json_s(l->order, "status")) == ORDER_STATUS_UNPAID;

	l->ready = true;
	l->has_form = false;
	if (paid_up && !pending(st) && !owes)
		build_form(s);
	s->help = owes ? _("P pay the fee difference  R refresh  Esc back")
	          : l->has_form ? _("Tab/Up/Down move  Left/Right choose  Ctrl-S submit  Esc back")
	          : _("R refresh  Esc back");
}

static cJSON *lc_body(const struct level_change *l)
{
	cJSON *body = cJSON_CreateObject(), *profile;
	char *lv = form_value(&l->form, "level_id"), *reason = form_value(&l->form, "reason");
	size_t i;

	json_add_int(body, "level_id", strtoll(lv, NULL, 10));
	json_add_str(body, "reason", reason);
	if (l->schema) {
		/* the organisation's fields as they stand now: the server keeps
		 * only those that differ from the approved information */
		profile = cJSON_AddObjectToObject(body, "profile");
		for (i = 0; i < l->form.n; i++) {
			const struct form_field *f = &l->form.f[i];
			char *v;

			if (f->type == FT_HEADING || f->type == FT_BUTTON ||
			    !strcmp(f->name, "level_id") || !strcmp(f->name, "reason"))
				continue;
			v = form_value(&l->form, f->name);
			json_add_str(profile, f->name, v);
			free(v);
		}
	}
	free(lv);
	free(reason);
	return body;
}

static void lc_send(struct screen *s)
{
	struct level_change *l = s->priv;
	char path[64];

	xfree(&l->error);
	xfree(&l->note);
	if (form_validate(&l->form) > 0)
		return;
	l->sending = true;
	if (app_status_of(last_status(l)) == APP_STATUS_REJECTED) {
		snprintf(path, sizeof(path), "/applications/%lld", json_ll(l->last, "id", 0));
		app_request(s, T_PUT, "PUT", path, lc_body(l));
	} else {
		app_request(s, T_SEND, "POST", "/level-changes", lc_body(l));
	}
}

/* The server's reasons: on the fields when they have one ("profile.x" is
 * the field x), else in the error line. */
static void lc_refused(struct level_change *l, const struct api_reply *r)
{
	const cJSON *e;
	int found = 0;

	cJSON_ArrayForEach(e, r->fields) {
		const char *name = e->string;

		if (!name || !cJSON_IsString(e))
			continue;
		if (!strncmp(name, "profile.", 8))
			name += 8;
		if (form_field(&l->form, name)) {
			form_set_error(&l->form, name, e->valuestring);
			if (!found++)
				form_focus(&l->form, name);
		}
	}
	if (!found)
		l->error = reply_error_text(r);
}

static void lc_sent(struct screen *s, const struct api_reply *r)
{
	struct level_change *l = s->priv;
	char path[80];

	if (r->err != ERR_OK) {
		l->sending = false;
		lc_refused(l, r);
		return;
	}
	if (r->tag == T_PUT) {
		snprintf(path, sizeof(path), "/applications/%lld/submit", json_ll(l->last, "id", 0));
		app_request(s, T_SUBMIT, "POST", path, NULL);
		return;
	}
	l->sending = false;
	l->note = xstrdup(_("Your level change was sent for review."));
	lc_load(s);
}

static void lc_reply(struct screen *s, const struct api_reply *r)
{
	struct level_change *l = s->priv;

	if (reply_session_gone(s, r))
		return;
	if (r->tag == T_SEND || r->tag == T_PUT || r->tag == T_SUBMIT) {
		lc_sent(s, r);
		return;
	}
	l->loading--;
	if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
		free(l->error);
		l->error = r->err != ERR_OK ? reply_error_text(r) : xstrdup(_(err_message(ERR_BAD_REPLY)));
		return;
	}
	if (r->tag == T_PROFILE) {
		lc_loaded(s, r->json);
	} else {
		cJSON_Delete(l->order);
		l->order = cJSON_Duplicate(r->json, 1);
	}
	if (l->loading == 0 && l->profile && l->levels)
		lc_ready(s);
}

/* How the fee difference was reached (the yearly difference of the two
 * levels times each paid year from the current one), under the change. */
static int draw_computation(const struct level_change *l, int row, int x, int w)
{
	char *how = l->order ? fee_difference_text(l->order) : NULL, *t;

	if (!how)
		return row;
	t = xasprintf(_("Fee difference: %s"), how);
	row += print_wrapped(row, x, w, 2, t, ui_attr(UI_NORMAL));
	free(t);
	free(how);
	return row;
}

/* The latest change and where it stands, above the form. */
static int draw_status(struct screen *s, int row, int x, int w)
{
	struct level_change *l = s->priv;
	const char *st = last_status(l), *why = json_s(l->last, "status_reason");
	const char *eff = json_s(member_of(l), "effective_status");
	char money[MONEY_BUFSZ], date[TIME_TEXT_SZ], *t;
	const char *to = lang_name_of(l->last, "level");

	if (member_status_of(eff) != MEMBER_STATUS_ACTIVE &&
	    member_status_of(eff) != MEMBER_STATUS_GRACE) {
		ui_print(row++, x, w, _("A level change needs a membership that is paid up."), ui_attr(UI_ERROR));
		return row;
	}
	if (!l->last)
		return row;
	if (pending(st)) {
		t = xasprintf(_("Your change to %s, sent on %s, is awaiting review (%s)."), to ? to : "?",
		              time_text(l->last, "submitted_at", false, date), app_status_words(st));
		row += print_wrapped(row, x, w, 3, t, ui_attr(UI_HEADING));
		free(t);
	} else if (app_status_of(st) == APP_STATUS_REJECTED) {
		t = xasprintf(_("Your change to %s was rejected: %s"), to ? to : "?",
		              why && *why ? why : _("no reason given"));
		row += print_wrapped(row, x, w, 3, t, ui_attr(UI_ERROR));
		free(t);
		ui_print(row++, x, w, _("Correct it below and submit it again."), ui_attr(UI_DIM));
	} else if (app_status_of(st) == APP_STATUS_APPROVED && l->order &&
	           order_status_of(json_s(l->order, "status")) == ORDER_STATUS_UNPAID) {
		t = xasprintf(_("Your change to %s is approved. Fee difference to pay: %s (order %s)."),
		              to ? to : "?", money_format(json_ll(l->order, "amount", 0), money),
		              json_s(l->order, "order_no") ? json_s(l->order, "order_no") : "");
		row += print_wrapped(row, x, w, 3, t, ui_attr(UI_HEADING));
		free(t);
		row = draw_computation(l, row, x, w);
		ui_print(row++, x, w, _("P: pay the difference; the new level applies once it is paid."),
		         ui_attr(UI_LABEL));
	} else if (app_status_of(st) == APP_STATUS_APPROVED) {
		t = xasprintf(_("Your last change, to %s, is approved and in effect."), to ? to : "?");
		row += print_wrapped(row, x, w, 3, t, ui_attr(UI_OK));
		free(t);
		row = draw_computation(l, row, x, w);
	}
	return row;
}

static void lc_draw(struct screen *s)
{
	struct level_change *l = s->priv;
	const cJSON *cur = cJSON_GetObjectItemCaseSensitive(member_of(l), "level");
	int y, x, h, w, row, cy = -1, cx = -1;
	char *t;

	app_body(s->app, &y, &x, &h, &w);
	x += 2;
	w -= 4;
	if (!l->ready) {
		if (l->error)
			ui_print(y + 1, x, w, l->error, ui_attr(UI_ERROR));
		else
			spinner_draw(y + 1, x, w, app_now_ms(), _("Loading…"));
		return;
	}
	t = cJSON_IsObject(cur) ? level_label(cur) : xstrdup("-");
	row = y;
	ui_print(row, x, w, _("Current level:"), ui_attr(UI_LABEL));
	ui_print(row++, x + 16, w - 16, t, ui_attr(UI_NORMAL));
	free(t);
	row = draw_status(s, row, x, w);
	if (l->sending)
		spinner_draw(row++, x, w, app_now_ms(), _("Sending…"));
	else if (l->error)
		row += print_wrapped(row, x, w, 3, l->error, ui_attr(UI_ERROR));
	else if (l->note)
		ui_print(row++, x, w, l->note, ui_attr(UI_OK));
	if (!l->has_form)
		return;
	form_draw(&l->form, row + 1, x, y + h - row - 1, w, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static int lc_key(struct screen *s, wint_t k)
{
	struct level_change *l = s->priv;

	if (k == KEY_ESC)
		return SCR_CLOSE;
	if (!l->ready || l->sending)
		return SCR_HANDLED;
	if (l->has_form) {
		if (k == KF(KEY_F(2)) || k == KEY_CTRL('s')) {
			lc_send(s);
			return SCR_REDRAW;
		}
		switch (form_key(&l->form, (unsigned)k)) {
		case FORM_HANDLED:
			return SCR_REDRAW;
		case FORM_ACTION:
			lc_send(s);
			return SCR_REDRAW;
		case FORM_IGNORED:
			break;
		}
		return SCR_IGNORED;
	}
	switch (k) {
	case 'p': case 'P':
		if (l->order && order_status_of(json_s(l->order, "status")) == ORDER_STATUS_UNPAID)
			pay_order(s->app, json_ll(l->order, "id", 0), C_PAY);
		return SCR_REDRAW;
	case 'r': case 'R':
		xfree(&l->error);
		xfree(&l->note);
		lc_load(s);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

/* Back from paying: the order (and the level) may have changed. */
static void lc_resume(struct screen *s, int tag, int value)
{
	struct level_change *l = s->priv;

	xfree(&l->error);
	lc_load(s);
}

static void lc_close(struct screen *s)
{
	struct level_change *l = s->priv;

	cJSON_Delete(l->profile);
	cJSON_Delete(l->levels);
	cJSON_Delete(l->last);
	cJSON_Delete(l->order);
	cJSON_Delete(l->schema);
	form_free(&l->form);
	free(l->error);
	free(l->note);
}

const struct screen_ops scr_level_change_ops = {
	.name = "level_change",
	.priv_size = sizeof(struct level_change),
	.open = lc_open,
	.draw = lc_draw,
	.key = lc_key,
	.reply = lc_reply,
	.resume = lc_resume,
	.close = lc_close,
};
