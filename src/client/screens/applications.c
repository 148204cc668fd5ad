/* My applications (applications.h): GET /applications?kind=&status= a page
 * at a time; GET /applications/{id} for the one shown, with its history.
 * Editing happens on the screen of its kind (level change, branch join,
 * member information); an approved level change with a fee to pay hands
 * over to the payment screens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/applications.h"
#include "screens/branch_join.h"
#include "screens/level_change.h"
#include "screens/pay.h"
#include "screens/profile.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "widgets/textview.h"
#include "format.h"
#include "words.h"
#include "reply.h"
#include "text.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { T_LIST = 1, T_ONE };
enum { C_EDIT = 1, C_PAY };

#define APPS_PER_PAGE 20
#define LABEL_COLS 16

/* The filters, cycled by K and S; "" is any. */
static const char *const kinds[] = { "", "join", "profile_change", "level_change", "branch_join" };
static const char *const statuses[] = { "", "draft", "pending", "approved", "rejected" };
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))
#define NSTATUSES (sizeof(statuses) / sizeof(statuses[0]))

struct apps {
	struct list list;
	long page;
	size_t kind, status;  /* indices into kinds[], statuses[] */
	bool loading;
	unsigned gen;         /* of the latest list fetch */
	char *error;
	/* one application */
	bool showing;
	bool one_loading;
	cJSON *app;           /* GET /applications/{id} */
	long long app_id;
	struct textview tv;
};

static void apps_fetch(struct screen *s)
{
	struct apps *a = s->priv;
	char path[160];

	a->loading = true;
	snprintf(path, sizeof(path), "/applications?page=%ld&per_page=%d%s%s%s%s", a->page,
	         APPS_PER_PAGE, *kinds[a->kind] ? "&kind=" : "", kinds[a->kind],
	         *statuses[a->status] ? "&status=" : "", statuses[a->status]);
	app_request(s, REPLY_TAG(T_LIST, ++a->gen), "GET", path, NULL);
}

/* A filter changed: what is shown belongs to the old one. */
static void apps_refilter(struct screen *s)
{
	struct apps *a = s->priv;

	list_clear(&a->list);
	a->list.per_page = 0;
	a->page = 1;
	apps_fetch(s);
}

static void app_fetch(struct screen *s, long long id)
{
	struct apps *a = s->priv;
	char path[64];

	a->showing = true;
	a->one_loading = true;
	a->app_id = id;
	snprintf(path, sizeof(path), "/applications/%lld", id);
	app_request(s, T_ONE, "GET", path, NULL);
}

static const char *status_filter_words(const char *st)
{
	if (!*st)
		return _("All");
	if (text_same(st, "pending"))
		return _("Under review");
	return app_status_words(st);
}

/* What the application is about, in a few words, for its list row. */
static char *app_summary(const cJSON *it)
{
	const char *kind = json_s(it, "kind");
	const char *org = lang_name_of(it, "org"), *lv = lang_name_of(it, "level");
	const char *from = lang_name_of(it, "from_level");

	if (app_kind_of(kind) == APP_KIND_LEVEL_CHANGE && from && lv)
		return xasprintf("%s → %s", from, lv);
	if (app_kind_of(kind) == APP_KIND_BRANCH_JOIN || (app_kind_of(kind) == APP_KIND_JOIN && !lv))
		return xstrdup(org ? org : "");
	if (app_kind_of(kind) == APP_KIND_JOIN)
		return xasprintf("%s %s", org ? org : "", lv);
	return xstrdup(lv ? lv : "");
}

static void apps_fill(struct apps *a, const cJSON *reply)
{
	static const int widths[] = { 10, 15, 19, 0 };
	const cJSON *it;

	list_clear(&a->list);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(reply, "items")) {
		long long id = json_ll(it, "id", -1);
		char date[TIME_TEXT_SZ], *sum, *row;
		const char *cells[4];

		if (id < 0)
			continue;
		cells[0] = time_text(it, json_s(it, "submitted_at") || json_ll(it, "submitted_at", 0)
		                       ? "submitted_at" : "created_at", false, date);
		cells[1] = app_kind_words(json_s(it, "kind"));
		cells[2] = app_status_words(json_s(it, "status"));
		cells[3] = sum = app_summary(it);
		row = text_row(cells, widths, 4);
		list_add(&a->list, row, (long)id);
		free(row);
		free(sum);
	}
	reply_paging(&a->list, reply, a->page, APPS_PER_PAGE);
}

/* A value of a profile as text (numbers and booleans too). */
static char *value_text(const cJSON *v)
{
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v))
		return xasprintf("%.15g", v->valuedouble);
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? _("Yes") : _("No"));
	return xstrdup("");
}

/* Changed fields: "changes":[{field,label,before,after}] when the server
 * explains them, else "profile" (new values) against "before_values". */
static void add_changes(char **text, const cJSON *app)
{
	const cJSON *changes = cJSON_GetObjectItemCaseSensitive(app, "changes"), *c;
	const cJSON *after = cJSON_GetObjectItemCaseSensitive(app, "profile");
	const cJSON *before = cJSON_GetObjectItemCaseSensitive(app, "before_values");
	char *b, *n, *line;

	text_add(text, "");
	text_add(text, _("Changes (before → after):"));
	if (cJSON_IsArray(changes)) {
		cJSON_ArrayForEach(c, changes) {
			const char *label = lang_text(c, "label");

			b = value_text(cJSON_GetObjectItemCaseSensitive(c, "before"));
			n = value_text(cJSON_GetObjectItemCaseSensitive(c, "after"));
			line = xasprintf("  %s: %s → %s", label ? label : json_s(c, "field") ? json_s(c, "field") : "",
			                 *b ? b : "-", *n ? n : "-");
			text_add(text, line);
			free(line);
			free(b);
			free(n);
		}
		return;
	}
	cJSON_ArrayForEach(c, after) {
		if (!c->string)
			continue;
		b = value_text(cJSON_IsObject(before) ? cJSON_GetObjectItemCaseSensitive(before, c->string) : NULL);
		n = value_text(c);
		line = xasprintf("  %s: %s → %s", c->string, *b ? b : "-", *n ? n : "-");
		text_add(text, line);
		free(line);
		free(b);
		free(n);
	}
}

static const char *actor_name(const cJSON *ev)
{
	const cJSON *actor = cJSON_GetObjectItemCaseSensitive(ev, "actor");

	if (cJSON_IsString(actor))
		return actor->valuestring;
	if (cJSON_IsObject(actor) && json_s(actor, "username"))
		return json_s(actor, "username");
	return json_s(ev, "actor_username");
}

static void add_history(char **text, const cJSON *history)
{
	const cJSON *ev;

	text_add(text, "");
	text_add(text, _("History:"));
	if (!cJSON_GetArraySize(history))
		text_add(text, _("  (nothing yet)"));
	cJSON_ArrayForEach(ev, history) {
		char date[TIME_TEXT_SZ], *line, *by;
		const char *from = json_s(ev, "from_status"), *to = json_s(ev, "to_status");
		const char *who = actor_name(ev), *reason = json_s(ev, "reason");

		by = who ? xasprintf(_(" by %s"), who) : xstrdup("");
		if (from && to && strcmp(from, to))
			line = xasprintf(_("  %s  %s%s (%s → %s)"), time_text(ev, "at", true, date),
			                 app_action_words(json_s(ev, "action")), by,
			                 app_status_words(from), app_status_words(to));
		else
			line = xasprintf("  %s  %s%s", time_text(ev, "at", true, date),
			                 app_action_words(json_s(ev, "action")), by);
		text_add(text, line);
		free(line);
		free(by);
		if (reason && *reason) {
			line = xasprintf("      %s%s", _("Reason: "), reason);
			text_add(text, line);
			free(line);
		}
	}
}

static void app_text(struct apps *a)
{
	const cJSON *p = a->app;
	const char *kind = json_s(p, "kind"), *st = json_s(p, "status");
	char *text = NULL, date[TIME_TEXT_SZ], *lv = NULL;
	long long order = json_ll(p, "order_id", 0);

	text_line(&text, LABEL_COLS, _("Kind"), app_kind_words(kind));
	text_line(&text, LABEL_COLS, _("Status"), app_status_words(st));
	if (json_s(p, "status_reason") && *json_s(p, "status_reason"))
		text_line(&text, LABEL_COLS,
		          app_status_of(st) == APP_STATUS_REJECTED ? _("Why rejected") : _("Reviewer's note"),
		        json_s(p, "status_reason"));
	text_line(&text, LABEL_COLS, _("Created"), time_text(p, "created_at", true, date));
	text_line(&text, LABEL_COLS, _("Submitted"), time_text(p, "submitted_at", true, date));
	if (lang_name_of(p, "org"))
		text_line(&text, LABEL_COLS,
		          app_kind_of(kind) == APP_KIND_BRANCH_JOIN ? _("Branch") : _("Organisation"),
		        lang_name_of(p, "org"));
	if (lang_name_of(p, "from_level") && lang_name_of(p, "level"))
		lv = xasprintf("%s → %s", lang_name_of(p, "from_level"), lang_name_of(p, "level"));
	else if (lang_name_of(p, "level"))
		lv = xstrdup(lang_name_of(p, "level"));
	if (lv)
		text_line(&text, LABEL_COLS, _("Level"), lv);
	free(lv);
	if (json_s(p, "reason") && *json_s(p, "reason"))
		text_line(&text, LABEL_COLS, _("Your reason"), json_s(p, "reason"));
	if (order > 0) {
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(p, "order");
		char *t = xasprintf("%s %s", json_s(o, "order_no") ? json_s(o, "order_no") : "",
		                    json_s(o, "status") ? order_status_words(json_s(o, "status")) : "");

		text_line(&text, LABEL_COLS, _("Fee difference"), *t != ' ' ? t : _("An order to pay"));
		free(t);
	}
	if (app_kind_of(kind) == APP_KIND_PROFILE_CHANGE)
		add_changes(&text, p);
	add_history(&text, cJSON_GetObjectItemCaseSensitive(p, "history"));
	textview_set(&a->tv, text);
	free(text);
}

/* What the application shown allows now (C_EDIT, C_PAY), as key help. */
static bool can_edit(const cJSON *p)
{
	const char *st = json_s(p, "status"), *kind = json_s(p, "kind");

	return (app_status_of(st) == APP_STATUS_REJECTED || app_status_of(st) == APP_STATUS_DRAFT) &&
	       app_kind_of(kind) != APP_KIND_JOIN;
}

static bool can_pay(const cJSON *p)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(p, "order");
	const char *ost = json_s(o, "status");

	return app_kind_of(json_s(p, "kind")) == APP_KIND_LEVEL_CHANGE &&
	       app_status_of(json_s(p, "status")) == APP_STATUS_APPROVED &&
	       json_ll(p, "order_id", 0) > 0 && (!ost || order_status_of(ost) == ORDER_STATUS_UNPAID);
}

static void apps_help(struct screen *s)
{
	struct apps *a = s->priv;

	if (!a->showing)
		s->help = _("Enter open  K kind  S status  PgUp/PgDn pages  R refresh  Esc back");
	else if (a->app && can_edit(a->app))
		s->help = _("E edit and resubmit  Up/Down scroll  Esc back to the list");
	else if (a->app && can_pay(a->app))
		s->help = _("P pay the fee difference  Up/Down scroll  Esc back to the list");
	else
		s->help = _("Up/Down scroll  Esc back to the list");
}

static int apps_open(struct screen *s, void *arg)
{
	struct apps *a = s->priv;

	list_init(&a->list);
	a->page = 1;
	s->title = _("My applications");
	apps_help(s);
	apps_fetch(s);
	return 0;
}

static void apps_reply(struct screen *s, const struct api_reply *r)
{
	struct apps *a = s->priv;

	int tag = REPLY_TAG_KIND(r->tag);

	if (reply_session_gone(s, r))
		return;
	if (tag == T_LIST && REPLY_TAG_STALE(r->tag, a->gen))
		return;
	if (tag == T_LIST)
		a->loading = false;
	else
		a->one_loading = false;
	if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
		free(a->error);
		a->error = r->err != ERR_OK ? reply_error_text(r) : xstrdup(_(err_message(ERR_BAD_REPLY)));
		return;
	}
	xfree(&a->error);
	if (tag == T_LIST) {
		apps_fill(a, r->json);
	} else if (json_ll(r->json, "id", -1) == a->app_id) {
		/* (an answer about one opened before is dropped) */
		cJSON_Delete(a->app);
		a->app = cJSON_Duplicate(r->json, 1);
		app_text(a);
	}
	apps_help(s);
}

static void apps_draw(struct screen *s)
{
	struct apps *a = s->priv;
	int y, x, h, w, cy = -1, cx = -1;
	char *line;

	app_body(s->app, &y, &x, &h, &w);
	if (a->showing) {
		if (a->one_loading)
			spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Loading…"));
		else if (!a->app)
			ui_print(y + 1, x + 2, w - 4, a->error ? a->error : "", ui_attr(UI_ERROR));
		else
			textview_draw(&a->tv, y + 1, x + 2, h - 1, w - 4);
		return;
	}
	line = xasprintf(_("Kind: %s    Status: %s"),
	                 *kinds[a->kind] ? app_kind_words(kinds[a->kind]) : _("All"),
	                 status_filter_words(statuses[a->status]));
	ui_print(y, x + 2, w - 4, line, ui_attr(UI_LABEL));
	free(line);
	if (a->error)
		ui_print(y + 1, x + 2, w - 4, a->error, ui_attr(UI_ERROR));
	else if (a->loading && a->list.n == 0)
		spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Loading…"));
	/* an empty list while it loads is not "nothing here" yet */
	if (!a->loading || a->list.n)
		list_draw(&a->list, y + 2, x + 2, h - 2, w - 4, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static const int edit_now = 1;

static int app_detail_key(struct screen *s, wint_t k)
{
	struct apps *a = s->priv;
	const char *kind = json_s(a->app, "kind");

	if (k == KEY_ESC || k == 'q') {
		a->showing = false;
		apps_help(s);
		return SCR_REDRAW;
	}
	if ((k == 'e' || k == 'E') && a->app && can_edit(a->app)) {
		if (app_kind_of(kind) == APP_KIND_LEVEL_CHANGE)
			app_push(s->app, &scr_level_change_ops, NULL, C_EDIT);
		else if (app_kind_of(kind) == APP_KIND_BRANCH_JOIN)
			app_push(s->app, &scr_branch_join_ops, NULL, C_EDIT);
		else if (app_kind_of(kind) == APP_KIND_PROFILE_CHANGE)
			app_push(s->app, &scr_profile_ops, (void *)&edit_now, C_EDIT);
		return SCR_REDRAW;
	}
	if ((k == 'p' || k == 'P') && a->app && can_pay(a->app)) {
		pay_order(s->app, json_ll(a->app, "order_id", 0), C_PAY);
		return SCR_REDRAW;
	}
	return textview_key(&a->tv, (unsigned)k) ? SCR_REDRAW : SCR_IGNORED;
}

static int apps_key(struct screen *s, wint_t k)
{
	struct apps *a = s->priv;

	if (a->showing)
		return app_detail_key(s, k);
	/* the filter keys come before the list's own (k is also "up" there) */
	if (!a->list.filtering) {
		switch (k) {
		case 'k': case 'K':
			a->kind = (a->kind + 1) % NKINDS;
			apps_refilter(s);
			return SCR_REDRAW;
		case 's': case 'S':
			a->status = (a->status + 1) % NSTATUSES;
			apps_refilter(s);
			return SCR_REDRAW;
		case 'r': case 'R':
			apps_fetch(s);
			return SCR_REDRAW;
		default:
			break;
		}
	}
	switch (list_key(&a->list, (unsigned)k)) {
	case LIST_HANDLED:
		return SCR_REDRAW;
	case LIST_SELECT:
		app_fetch(s, list_selected_id(&a->list));
		apps_help(s);
		return SCR_REDRAW;
	case LIST_PAGE_NEXT:
		a->page = a->list.page + 1;
		apps_fetch(s);
		return SCR_REDRAW;
	case LIST_PAGE_PREV:
		a->page = a->list.page > 1 ? a->list.page - 1 : 1;
		apps_fetch(s);
		return SCR_REDRAW;
	case LIST_IGNORED:
		break;
	}
	return k == KEY_ESC ? SCR_CLOSE : SCR_IGNORED;
}

/* Back from editing or paying: what was shown may have moved on. */
static void apps_resume(struct screen *s, int tag, int value)
{
	struct apps *a = s->priv;

	apps_fetch(s);
	if (a->showing)
		app_fetch(s, a->app_id);
}

static void apps_close(struct screen *s)
{
	struct apps *a = s->priv;

	list_free(&a->list);
	cJSON_Delete(a->app);
	textview_free(&a->tv);
	free(a->error);
}

const struct screen_ops scr_applications_ops = {
	.name = "applications",
	.priv_size = sizeof(struct apps),
	.open = apps_open,
	.draw = apps_draw,
	.key = apps_key,
	.reply = apps_reply,
	.resume = apps_resume,
	.close = apps_close,
};
