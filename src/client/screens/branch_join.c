/* Join a branch (branch_join.h): one request, GET /branches/mine for where
 * this member stands (the organisation joined through, branches joined,
 * open requests) with the organisations and this member's branch join
 * requests (their reasons when rejected) embedded
 * (?include=orgs,branch_joins).
 * A request is POST /branch-joins {org_id, reason}, made and sent to the
 * branch's staff in one step; a rejected one is sent again with PUT
 * /applications/{id} and POST /applications/{id}/submit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/branch_join.h"
#include "widgets/form.h"
#include "widgets/progress.h"
#include "format.h"
#include "words.h"
#include "reply.h"
#include "text.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { T_MINE = 1, T_SEND, T_PUT, T_SUBMIT };

#define REASON_MAX 500
#define NAME_COLS 24

struct branch_join {
	cJSON *orgs;           /* items of included.orgs (GET /orgs) */
	cJSON *mine;           /* items of GET /branches/mine */
	cJSON *rejected;       /* items of included.branch_joins (for the reasons) */
	int loading;
	bool ready;
	bool sending;
	long long resend_id;   /* the rejected request being sent again */
	char *error;
	char *note;
	struct form form;
};

static void bj_get(struct screen *s, int tag, const char *path)
{
	struct branch_join *b = s->priv;

	b->loading++;
	app_request(s, tag, "GET", path, NULL);
}

static void bj_load(struct screen *s)
{
	struct branch_join *b = s->priv;

	b->ready = false;
	bj_get(s, T_MINE, "/branches/mine?include=orgs,branch_joins");
}

/* The items array of obj as a copy, or NULL. */
static cJSON *items_copy(const cJSON *obj)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, "items");

	return cJSON_IsArray(it) ? cJSON_Duplicate(it, 1) : NULL;
}

static int bj_open(struct screen *s, void *arg)
{
	struct branch_join *b = s->priv;

	s->title = _("Join a branch");
	s->help = _("Tab/Up/Down move  Left/Right choose a branch  F2 send  Esc back");
	form_init(&b->form);
	bj_load(s);
	return 0;
}

/* This member's row for an organisation in /branches/mine, or NULL. */
static const cJSON *mine_for(const struct branch_join *b, long long org_id)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, b->mine)
		if (json_ll(cJSON_GetObjectItemCaseSensitive(it, "org"), "id", -1) == org_id)
			return it;
	return NULL;
}

static const cJSON *rejected_app(const struct branch_join *b, long long app_id)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, b->rejected)
		if (json_ll(it, "id", -1) == app_id)
			return it;
	return NULL;
}

static void build_form(struct branch_join *b)
{
	struct form_field *f;
	const cJSON *o;
	char id[32];

	form_free(&b->form);
	form_init(&b->form);
	f = form_add(&b->form, FT_SELECT, "org_id", _("Branch"), FF_REQUIRED, 0, NULL);
	cJSON_ArrayForEach(o, b->orgs) {
		long long oid = json_ll(o, "id", -1);
		const cJSON *m = mine_for(b, oid);

		/* branches only, and none this member is in or waits for */
		if (oid <= 0 || !text_same(json_s(o, "kind"), "branch") ||
		    (m && branch_status_of(json_s(m, "status")) != BRANCH_STATUS_REJECTED))
			continue;
		snprintf(id, sizeof(id), "%lld", oid);
		form_add_option(f, id, lang_name(o) ? lang_name(o) : id);
	}
	form_add(&b->form, FT_TEXT, "reason", _("Reason (optional)"), 0, REASON_MAX, NULL);
	form_add(&b->form, FT_BUTTON, "send", _("Save and send"), 0, 0, NULL);
}

static cJSON *bj_body(const struct branch_join *b)
{
	cJSON *body = cJSON_CreateObject();
	char *org = form_value(&b->form, "org_id"), *reason = form_value(&b->form, "reason");

	json_add_int(body, "org_id", strtoll(org, NULL, 10));
	if (*reason)
		json_add_str(body, "reason", reason);
	free(org);
	free(reason);
	return body;
}

static void bj_send(struct screen *s)
{
	struct branch_join *b = s->priv;
	char *org, path[64];
	const cJSON *m;

	xfree(&b->error);
	xfree(&b->note);
	if (form_validate(&b->form) > 0)
		return;
	org = form_value(&b->form, "org_id");
	m = mine_for(b, strtoll(org, NULL, 10));
	free(org);
	b->sending = true;
	b->resend_id = m && branch_status_of(json_s(m, "status")) == BRANCH_STATUS_REJECTED
	               ? json_ll(m, "application_id", 0) : 0;
	if (b->resend_id > 0) {
		snprintf(path, sizeof(path), "/applications/%lld", b->resend_id);
		app_request(s, T_PUT, "PUT", path, bj_body(b));
	} else {
		app_request(s, T_SEND, "POST", "/branch-joins", bj_body(b));
	}
}

static void bj_sent(struct screen *s, const struct api_reply *r)
{
	struct branch_join *b = s->priv;
	char path[80];

	if (r->err != ERR_OK) {
		b->sending = false;
		if (r->err == ERR_VALIDATION && form_set_server_errors(&b->form, r->fields) > 0)
			return;
		b->error = reply_error_text(r);
		return;
	}
	if (r->tag == T_PUT) {
		snprintf(path, sizeof(path), "/applications/%lld/submit", b->resend_id);
		app_request(s, T_SUBMIT, "POST", path, NULL);
		return;
	}
	b->sending = false;
	b->note = xstrdup(_("Your request was sent to the branch for review."));
	bj_load(s);
}

static void bj_reply(struct screen *s, const struct api_reply *r)
{
	struct branch_join *b = s->priv;
	const cJSON *inc;

	if (reply_session_gone(s, r))
		return;
	if (r->tag == T_SEND || r->tag == T_PUT || r->tag == T_SUBMIT) {
		bj_sent(s, r);
		return;
	}
	b->loading--;
	if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
		free(b->error);
		b->error = r->err != ERR_OK ? reply_error_text(r) : xstrdup(_(err_message(ERR_BAD_REPLY)));
		return;
	}
	inc = cJSON_GetObjectItemCaseSensitive(r->json, "included");
	cJSON_Delete(b->mine);
	b->mine = items_copy(r->json);
	cJSON_Delete(b->orgs);
	b->orgs = items_copy(cJSON_GetObjectItemCaseSensitive(inc, "orgs"));
	cJSON_Delete(b->rejected);
	b->rejected = items_copy(cJSON_GetObjectItemCaseSensitive(inc, "branch_joins"));
	if (b->loading == 0 && b->orgs && b->mine) {
		b->ready = true;
		build_form(b);
	}
}

/* One organisation this member is in or asked to join. */
static void draw_mine(struct branch_join *b, const cJSON *it, int row, int x, int w)
{
	static const int widths[] = { NAME_COLS, 0 };
	const char *st = json_s(it, "status"), *cells[2];
	const cJSON *rej = rejected_app(b, json_ll(it, "application_id", -1));
	const char *why = json_s(rej, "status_reason");
	char date[TIME_TEXT_SZ], *state, *line;

	if (branch_status_of(st) == BRANCH_STATUS_MEMBER && *time_text(it, "since", false, date))
		state = xasprintf(_("%s since %s"), branch_status_words(st), date);
	else if (branch_status_of(st) == BRANCH_STATUS_REJECTED && why && *why)
		state = xasprintf(_("%s: %s"), branch_status_words(st), why);
	else
		state = xstrdup(branch_status_words(st));
	cells[0] = lang_name_of(it, "org") ? lang_name_of(it, "org") : "?";
	cells[1] = state;
	line = text_row(cells, widths, 2);
	ui_print(row, x, w, line,
	         ui_attr(branch_status_of(st) == BRANCH_STATUS_REJECTED ? UI_ERROR : UI_NORMAL));
	free(line);
	free(state);
}

static void bj_draw(struct screen *s)
{
	struct branch_join *b = s->priv;
	int y, x, h, w, row, cy = -1, cx = -1, n = 0;
	const cJSON *it;

	app_body(s->app, &y, &x, &h, &w);
	x += 2;
	w -= 4;
	if (!b->ready) {
		if (b->error)
			ui_print(y + 1, x, w, b->error, ui_attr(UI_ERROR));
		else
			spinner_draw(y + 1, x, w, app_now_ms(), _("Loading…"));
		return;
	}
	row = y;
	ui_print(row++, x, w, _("Your organisations and requests:"), ui_attr(UI_HEADING));
	cJSON_ArrayForEach(it, b->mine) {
		/* keep room for the form below */
		if (row >= y + h - 8)
			break;
		draw_mine(b, it, row++, x + 2, w - 2);
		n++;
	}
	if (!n)
		ui_print(row++, x + 2, w - 2, _("None yet."), ui_attr(UI_DIM));
	row++;
	if (b->sending)
		spinner_draw(row, x, w, app_now_ms(), _("Sending…"));
	else if (b->error)
		ui_print(row, x, w, b->error, ui_attr(UI_ERROR));
	else if (b->note)
		ui_print(row, x, w, b->note, ui_attr(UI_OK));
	row++;
	ui_print(row++, x, w, _("Ask to join a branch; its staff review the request."), ui_attr(UI_LABEL));
	form_draw(&b->form, row, x, y + h - row, w, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static int bj_key(struct screen *s, wint_t k)
{
	struct branch_join *b = s->priv;

	if (k == KEY_ESC)
		return SCR_CLOSE;
	if (!b->ready || b->sending)
		return SCR_HANDLED;
	if (k == KF(KEY_F(2)) || k == KEY_CTRL('s')) {
		bj_send(s);
		return SCR_REDRAW;
	}
	switch (form_key(&b->form, (unsigned)k)) {
	case FORM_HANDLED:
		return SCR_REDRAW;
	case FORM_ACTION:
		bj_send(s);
		return SCR_REDRAW;
	case FORM_IGNORED:
		break;
	}
	return SCR_IGNORED;
}

static void bj_close(struct screen *s)
{
	struct branch_join *b = s->priv;

	cJSON_Delete(b->orgs);
	cJSON_Delete(b->mine);
	cJSON_Delete(b->rejected);
	form_free(&b->form);
	free(b->error);
	free(b->note);
}

const struct screen_ops scr_branch_join_ops = {
	.name = "branch_join",
	.priv_size = sizeof(struct branch_join),
	.open = bj_open,
	.draw = bj_draw,
	.key = bj_key,
	.reply = bj_reply,
	.close = bj_close,
};
