/* Renewals (GET /renewals?state=&days=): members whose membership ends
 * within N days ("d", type the number, Enter), members in grace and
 * lapsed members ("s" steps through the three). Space marks rows (the
 * marks hold across pages), "*" marks every member under the filter, "-"
 * drops the marks; "m" reminds the marked members, or the highlighted one,
 * now (POST /renewals/remind, up to 500 a request) after a confirmation
 * that says how many; the answer says how many were sent, how many staff
 * had already reminded today and how many were skipped, and why. Enter
 * opens the member. A branch officer gets their branch only (the server
 * decides). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "record_view.h"
#include "widgets/dialog.h"
#include "staff/staff.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

#define DEFAULT_DAYS "30"
#define REMIND_BATCH 500         /* the server takes up to 500 a request */
#define CONFIRM_NAMES 6

enum { T_REMIND = 1 };
enum { P_DETAIL = 1, P_REMIND };

struct renewals {
	long open_id;
	/* a reminder run: the ids, the next batch, what came back */
	long long *ids;
	int nids, next, sent, again, skipped;
	char *why;               /* the first reason a member was skipped */
	bool sending;
};

static const char *name_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	(void)buf;
	return json_str_or(e, "name", json_str_or(e, "username", ""));
}

static const char *days_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	snprintf(buf, RV_CELLSZ, "%lld", (long long)json_int_or(e, "days_left", 0));
	return buf;
}

static const char *label(const cJSON *e, char buf[RV_CELLSZ])
{
	const char *no = json_str_or(e, "member_no", "");

	snprintf(buf, RV_CELLSZ, "%s%s%s (%s)", no, *no ? " " : "", name_cell(e, NULL),
	         json_str_or(e, "valid_until", ""));
	return buf;
}

/* The line above the filters: what the list holds. */
static const char *heading(const struct rv *rv, char buf[RV_CELLSZ])
{
	char *days;

	switch (rv->fsel[0]) {
	case 0:
		days = edit_text(&rv->search);
		snprintf(buf, RV_CELLSZ, _("Membership ends within %s days."),
		         *days ? days : DEFAULT_DAYS);
		free(days);
		return buf;
	case 1:
		return _("Past the end, in grace: renewing keeps them continuous.");
	default:
		return _("Past grace, or expired.");
	}
}

static int open_member(struct rv *rv, const cJSON *e)
{
	struct renewals *r = rv->own;

	r->open_id = (long)json_int_or(e, "id", 0);
	if (r->open_id > 0)
		rv_push(rv, &scr_staff_member_ops, &r->open_id, P_DETAIL);
	return SCR_REDRAW;
}

static void run_reset(struct renewals *r)
{
	xfree(&r->ids);
	xfree(&r->why);
	r->nids = r->next = r->sent = r->again = r->skipped = 0;
	r->sending = false;
}

/* "m": the marked members, or the highlighted one, after a confirmation. */
static int remind(struct rv *rv, const cJSON *e)
{
	struct renewals *r = rv->own;
	char lb[RV_CELLSZ], *msg, *t;
	int shown;

	if (r->sending)
		return SCR_HANDLED;
	run_reset(r);
	if (rv->t.nmarks) {
		r->ids = xcalloc((size_t)rv->t.nmarks, sizeof(*r->ids));
		for (int i = 0; i < rv->t.nmarks; i++)
			r->ids[r->nids++] = rv->t.marks[i].id;
	} else if (e) {
		r->ids = xcalloc(1, sizeof(*r->ids));
		r->ids[r->nids++] = json_int_or(e, "id", 0);
	}
	if (!r->nids)
		return SCR_HANDLED;
	if (r->nids == 1) {
		msg = xasprintf(_("Send a renewal reminder now to %s?"),
		                rv->t.nmarks ? rv->t.marks[0].label : label(e, lb));
	} else {
		msg = xasprintf(_("Send a renewal reminder now to %d members?"), r->nids);
		for (shown = 0; shown < rv->t.nmarks && shown < CONFIRM_NAMES; shown++) {
			t = xasprintf("%s\n  %s", msg, rv->t.marks[shown].label);
			free(msg);
			msg = t;
		}
		if (r->nids > shown) {
			t = xasprintf(_("%s\n  … and %d more"), msg, r->nids - shown);
			free(msg);
			msg = t;
		}
	}
	t = xasprintf(_("%s\nEach gets a message and an e-mail."), msg);
	dialog_confirm(rv->s->app, _("Remind"), t, _("Send"), _("Cancel"), rv_tag(P_REMIND));
	free(t);
	free(msg);
	return SCR_REDRAW;
}

static void send_batch(struct rv *rv)
{
	struct renewals *r = rv->own;
	cJSON *body = cJSON_CreateObject(), *ids = cJSON_AddArrayToObject(body, "member_ids");
	int end = r->next + REMIND_BATCH < r->nids ? r->next + REMIND_BATCH : r->nids;

	for (int i = r->next; i < end; i++)
		cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)r->ids[i]));
	r->next = end;
	r->sending = true;
	rv_note(rv, _("Sending reminders…"));
	rv_request(rv, T_REMIND, "POST", "/renewals/remind", body);
}

static void unmark(struct rv *rv, const cJSON *ids)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, ids) {
		long long id = cJSON_IsNumber(it) ? (long long)it->valuedouble : 0;

		if (table_is_marked(&rv->t, id))
			table_toggle_mark(&rv->t, id, NULL);
	}
}

static void finish(struct rv *rv, const char *error)
{
	struct renewals *r = rv->own;
	char *msg, *t;

	msg = xasprintf(_("Reminders sent: %d.\nAlready reminded today, not sent again: %d.\n"
	                  "Skipped: %d."), r->sent, r->again, r->skipped);
	if (r->why) {
		t = xasprintf("%s\n%s", msg, r->why);
		free(msg);
		msg = t;
	}
	if (error) {
		t = xasprintf(_("%s\nNot sent: %d.\n%s"), msg,
		              r->nids - r->sent - r->again - r->skipped, error);
		free(msg);
		msg = t;
	}
	rv_note(rv, NULL);
	rv_done(rv, _("Remind"), msg);
	free(msg);
	run_reset(r);
}

static void renewals_reply(struct rv *rv, int tag, const struct api_reply *rep)
{
	struct renewals *r = rv->own;
	const cJSON *done, *again, *skipped, *first;

	if (tag != T_REMIND || !r->sending)
		return;
	if (rep->err != ERR_OK || !cJSON_IsObject(rep->json)) {
		/* this batch and the rest went nowhere: counted as not sent */
		finish(rv, rep->err != ERR_OK ? rv_reply_text(rep) : _(err_message(ERR_BAD_REPLY)));
		return;
	}
	done = cJSON_GetObjectItemCaseSensitive(rep->json, "reminded");
	again = cJSON_GetObjectItemCaseSensitive(rep->json, "already_reminded");
	skipped = cJSON_GetObjectItemCaseSensitive(rep->json, "skipped");
	r->sent += cJSON_GetArraySize(done);
	r->again += cJSON_GetArraySize(again);
	r->skipped += cJSON_GetArraySize(skipped);
	first = cJSON_GetArrayItem(skipped, 0);
	if (!r->why && first)
		r->why = xstrdup(json_str_or(first, "reason", ""));
	unmark(rv, done);
	unmark(rv, again);
	if (r->next < r->nids) {
		send_batch(rv);
		return;
	}
	finish(rv, NULL);
}

static void renewals_resume(struct rv *rv, int tag, int value)
{
	struct renewals *r = rv->own;

	if (tag == P_DETAIL) {
		rv_refresh(rv);
	} else if (tag == P_REMIND) {
		if (value == 1 && r->nids)
			send_batch(rv);
		else
			run_reset(r);
	}
}

static int renewals_open(struct rv *rv, void *arg)
{
	(void)arg;
	edit_set(&rv->search, DEFAULT_DAYS);
	return 0;
}

static void renewals_close(struct rv *rv)
{
	run_reset(rv->own);
}

static const struct rv_col cols[] = {
	{ .head = N_("Member no."), .width = 11, .key = "member_no" },
	{ .head = N_("Name"), .cell = name_cell },
	{ .head = N_("Branch"), .width = 8, .key = "org" },
	{ .head = N_("Ends on"), .width = 10, .key = "valid_until", .fmt = RV_DATE },
	{ .head = N_("Days"), .width = 5, .cell = days_cell },
	{ .head = N_("Reminded"), .width = 10, .key = "last_reminded_at", .fmt = RV_DATE },
	{ 0 },
};

static const struct rv_choice states[] = {
	{ "expiring", N_("Expiring") }, { "grace", N_("In grace") }, { "lapsed", N_("Lapsed") },
	{ NULL, NULL },
};

static const struct rv_filter filters[] = {
	{ .key = 's', .label = N_("Show"), .param = "state", .kind = RV_F_CHOICES,
	  .choices = states },
	{ .key = 't', .label = N_("Days"), .param = "days", .kind = RV_F_SEARCH,
	  .help = N_("days") },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = '\r', .label = N_("open"), .flags = RV_A_LIST, .run = open_member },
	{ .key = 'm', .label = N_("remind now"), .flags = RV_A_LIST, .run = remind },
	{ 0 },
};

static const struct rv_decl renewals = {
	.title = N_("Renewals"),
	.path = "/renewals",
	.per_page = 50,
	.cols = cols,
	.filters = filters,
	.actions = actions,
	.markable = true,
	.empty = N_("No member here."),
	.label = label,
	.heading = heading,
	.own_size = sizeof(struct renewals),
	.open = renewals_open,
	.close = renewals_close,
	.reply = renewals_reply,
	.resume = renewals_resume,
};

const struct screen_ops scr_staff_renewals_ops = RV_SCREEN("staff_renewals", renewals);
