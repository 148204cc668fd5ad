/* My applications (applications.h): GET /applications?kind=&status= a page
 * at a time; GET /applications/{id} for the one shown, with its history.
 * Editing happens on the screen of its kind (level change, branch join,
 * member information); an approved level change with a fee to pay hands
 * over to the payment screens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "record_view.h"
#include "screens/applications.h"
#include "screens/branch_join.h"
#include "screens/level_change.h"
#include "screens/pay.h"
#include "screens/profile.h"
#include "format.h"
#include "reply.h"
#include "text.h"
#include "words.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { C_EDIT = 1, C_PAY };

#define LABEL_COLS 16

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

static char *app_text(struct rv *rv, const cJSON *p)
{
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
		/* the order as it stands now: paid, unpaid, cancelled or closed */
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(p, "order");
		const char *ost = json_s(o, "status"), *no = json_s(o, "order_no");
		char *how = fee_difference_text(o), *t;

		t = ost ? xasprintf("%s  %s", no ? no : "", order_status_words(ost))
		        : xstrdup(_("An order to pay"));
		text_line(&text, LABEL_COLS, _("Fee order"), t);
		free(t);
		if (how)
			text_line(&text, LABEL_COLS, _("Fee computed"), how);
		free(how);
		if (ost && order_status_of(ost) == ORDER_STATUS_PAID)
			text_line(&text, LABEL_COLS, _("Paid"), time_text(o, "paid_at", true, date));
	}
	if (app_kind_of(kind) == APP_KIND_PROFILE_CHANGE)
		add_changes(&text, p);
	add_history(&text, cJSON_GetObjectItemCaseSensitive(p, "history"));
	return text;
}

/* What the application shown allows now. */
static bool can_edit(const struct rv *rv, const cJSON *p)
{
	const char *st = json_s(p, "status"), *kind = json_s(p, "kind");

	return (app_status_of(st) == APP_STATUS_REJECTED || app_status_of(st) == APP_STATUS_DRAFT) &&
	       app_kind_of(kind) != APP_KIND_JOIN;
}

static bool can_pay(const struct rv *rv, const cJSON *p)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(p, "order");
	const char *ost = json_s(o, "status");

	/* only an order known to be unpaid: one paid, cancelled or closed (or
	 * not described by the server) offers nothing to pay */
	return app_kind_of(json_s(p, "kind")) == APP_KIND_LEVEL_CHANGE &&
	       app_status_of(json_s(p, "status")) == APP_STATUS_APPROVED &&
	       json_ll(p, "order_id", 0) > 0 && ost && order_status_of(ost) == ORDER_STATUS_UNPAID;
}

static const char *date_cell(const cJSON *it, char buf[RV_CELLSZ])
{
	char date[TIME_TEXT_SZ];

	snprintf(buf, RV_CELLSZ, "%s",
	         time_text(it, json_s(it, "submitted_at") || json_ll(it, "submitted_at", 0)
	                     ? "submitted_at" : "created_at", false, date));
	return buf;
}

static const char *about_cell(const cJSON *it, char buf[RV_CELLSZ])
{
	char *sum = app_summary(it);

	snprintf(buf, RV_CELLSZ, "%s", sum);
	free(sum);
	return buf;
}

static const char *status_filter_words(const char *st)
{
	if (text_same(st, "pending"))   /* a filter of the list, not a status */
		return _("Under review");
	return app_status_words(st);
}

static const int edit_now = 1;

static int edit(struct rv *rv, const cJSON *p)
{
	const char *kind = json_s(p, "kind");

	if (app_kind_of(kind) == APP_KIND_LEVEL_CHANGE)
		rv_push(rv, &scr_level_change_ops, NULL, C_EDIT);
	else if (app_kind_of(kind) == APP_KIND_BRANCH_JOIN)
		rv_push(rv, &scr_branch_join_ops, NULL, C_EDIT);
	else if (app_kind_of(kind) == APP_KIND_PROFILE_CHANGE)
		rv_push(rv, &scr_profile_ops, (void *)&edit_now, C_EDIT);
	return SCR_REDRAW;
}

static int pay(struct rv *rv, const cJSON *p)
{
	pay_order(rv->s->app, json_ll(p, "order_id", 0), rv_tag(C_PAY));
	return SCR_REDRAW;
}

/* Back from editing or paying: what was shown may have moved on. */
static void apps_resume(struct rv *rv, int tag, int value)
{
	rv_refresh(rv);
}

static const struct rv_col cols[] = {
	{ .head = N_("Date"), .width = 10, .cell = date_cell },
	{ .head = N_("Kind"), .width = 16, .key = "kind", .words = app_kind_words },
	{ .head = N_("Status"), .width = 16, .key = "status", .words = app_status_words },
	{ .head = N_("About"), .cell = about_cell },
	{ 0 },
};

static const struct rv_choice kinds[] = {
	{ "", N_("All") }, { "join", "" }, { "profile_change", "" }, { "level_change", "" },
	{ "branch_join", "" }, { NULL, NULL },
};

static const struct rv_choice statuses[] = {
	{ "", N_("All") }, { "draft", "" }, { "pending", "" }, { "approved", "" }, { "rejected", "" },
	{ NULL, NULL },
};

static const struct rv_filter filters[] = {
	{ .key = 'K', .label = N_("Kind"), .param = "kind", .kind = RV_F_CHOICES,
	  .choices = kinds, .words = app_kind_words },
	{ .key = 'S', .label = N_("Status"), .param = "status", .kind = RV_F_CHOICES,
	  .choices = statuses, .words = status_filter_words },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'E', .label = N_("edit and resubmit"), .flags = RV_A_DETAIL, .can = can_edit,
	  .run = edit },
	{ .key = 'P', .label = N_("pay the fee difference"), .flags = RV_A_DETAIL, .can = can_pay,
	  .run = pay },
	{ 0 },
};

static const struct rv_detail detail = { .path = "/applications/%lld", .text = app_text };

static const struct rv_decl apps = {
	.title = N_("My applications"),
	.path = "/applications",
	.per_page = 20,
	.cols = cols,
	.filters = filters,
	.actions = actions,
	.detail = &detail,
	.refresh_key = 'R',
	.resume = apps_resume,
};

const struct screen_ops scr_applications_ops = RV_SCREEN("applications", apps);
