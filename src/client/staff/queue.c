/* The review queue (GET /review/applications?stage=&kind=&org_id=&q=):
 * applications waiting for review, filtered by stage, kind and branch,
 * searched with "/" (name, username or member number, on every page), and
 * with "h" the history of decided ones (?status=decided, newest first).
 * Space marks rows (the marks hold across pages), "*" marks every
 * application under the filter; "a" approves the marked ones, or the
 * highlighted one, after a confirmation that names them; "x" rejects the
 * highlighted one with a reason; Enter opens an application. The server
 * decides what the officer may see and do: a branch officer gets only
 * their branch, and "a" and "x" are offered only on a row the officer may
 * decide (may_act); elsewhere they say why not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "record_view.h"
#include "staff/staff.h"
#include "format.h"
#include "reply.h"
#include "text.h"
#include "words.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { P_DETAIL = 1, P_REJECT };
enum { T_REJECT = 1 };

struct queue {
	long open_id;
	long long reject_id;
	char *reason;            /* from the reason dialog */
};

/* The applicant's name, whatever the server calls it. */
static const char *applicant(const cJSON *a, char buf[RV_CELLSZ])
{
	const char *n = json_str_or(a, "applicant_name", NULL);
	const cJSON *who;

	if (n && *n)
		return n;
	who = cJSON_GetObjectItemCaseSensitive(a, "applicant");
	if (cJSON_IsObject(who)) {
		n = json_str_or(who, "name", json_str_or(who, "username", NULL));
		if (n)
			return n;
	}
	n = json_str_or(a, "username", NULL);
	if (n)
		return n;
	snprintf(buf, RV_CELLSZ, "%lld", (long long)json_int_or(a, "account_id", 0));
	return buf;
}

static const char *no_cell(const cJSON *a, char buf[RV_CELLSZ])
{
	snprintf(buf, RV_CELLSZ, "#%lld", (long long)json_int_or(a, "id", 0));
	return buf;
}

/* The stage in a word: the column is narrow. */
static const char *stage_cell(const cJSON *a, char buf[RV_CELLSZ])
{
	const char *status = json_str_or(a, "status", "");

	if (app_status_of(status) == APP_STATUS_PENDING_BRANCH)
		return _("Branch");
	if (app_status_of(status) == APP_STATUS_PENDING_HQ)
		return _("HQ");
	return app_status_words(status);
}

/* The organisation applied to, else the branch reviewing it; a level
 * change has neither. */
static const char *org_cell(const cJSON *a, char buf[RV_CELLSZ])
{
	const char *n = lang_name_of(a, "org");

	if (!n || !*n)
		n = lang_name_of(a, "review_org");
	return n && *n ? n : "-";
}

static const char *when_cell(const cJSON *a, char buf[RV_CELLSZ])
{
	char when[32];

	unix_time_text(json_int_or(a, "submitted_at", json_int_or(a, "created_at", 0)), when);
	snprintf(buf, RV_CELLSZ, "%s", when[0] ? when + 5 : "");   /* MM-DD HH:MM */
	return buf;
}

/* "#12 王一 (Join)" in confirmations. */
static const char *label(const cJSON *a, char buf[RV_CELLSZ])
{
	char who[RV_CELLSZ];

	snprintf(buf, RV_CELLSZ, "#%lld %s (%s)", (long long)json_int_or(a, "id", 0),
	         applicant(a, who), app_kind_words(json_str_or(a, "kind", "")));
	return buf;
}

static bool is_branch(const struct rv *rv)
{
	return staff_is_branch(rv->s->app);
}

/* The filters by position (filters[] below). */
enum { F_SEARCH, F_SHOW, F_STAGE, F_KIND, F_BRANCH };

static bool history(const struct rv *rv)
{
	return rv->fsel[F_SHOW] != 0;
}

/* A decided application has no stage to choose. */
static bool stage_fixed(const struct rv *rv)
{
	return history(rv);
}

static bool may_act(const struct rv *rv, const cJSON *a)
{
	return a && !history(rv) && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "may_act"));
}

static bool may_not_act(const struct rv *rv, const cJSON *a)
{
	return a && !may_act(rv, a);
}

/* "a" on a row the officer may not decide: say why, send nothing. */
static int refuse(struct rv *rv, const cJSON *a)
{
	const char *why = json_str_or(a, "may_act_reason", NULL);

	if (history(rv) || !staff_app_pending(json_str_or(a, "status", "")))
		why = _("This application has been decided.");
	rv_error(rv, why && *why ? why : _("This application is not yours to decide."));
	return SCR_REDRAW;
}

static int open_app(struct rv *rv, const cJSON *a)
{
	struct queue *q = rv->own;

	q->open_id = (long)json_int_or(a, "id", 0);
	if (q->open_id > 0)
		rv_push(rv, &scr_staff_review_ops, &q->open_id, P_DETAIL);
	return SCR_REDRAW;
}

static int reject(struct rv *rv, const cJSON *a)
{
	struct queue *q = rv->own;
	char lb[RV_CELLSZ], *title = xasprintf(_("Reject %s: reason"), label(a, lb));
	struct staff_reason_arg ra = {
		.title = title, .scope = "application", .result = &q->reason,
	};

	q->reject_id = json_int_or(a, "id", 0);
	xfree(&q->reason);
	rv_push(rv, &scr_staff_reason_ops, &ra, P_REJECT);
	free(title);
	return SCR_REDRAW;
}

static void queue_resume(struct rv *rv, int tag, int value)
{
	struct queue *q = rv->own;
	char path[96];
	cJSON *body;

	if (tag == P_DETAIL) {
		rv_refresh(rv);    /* decided there, or by someone else meanwhile */
	} else if (tag == P_REJECT && value == 1 && q->reason) {
		snprintf(path, sizeof(path), "/review/applications/%lld/reject", q->reject_id);
		body = cJSON_CreateObject();
		json_add_str(body, "reason", q->reason);
		rv_request(rv, T_REJECT, "POST", path, body);
	}
}

static void queue_reply(struct rv *rv, int tag, const struct api_reply *r)
{
	char *who;

	if (r->err == ERR_OK) {
		rv_done(rv, _("Reject"), _("The application was rejected."));
		return;
	}
	who = staff_decided_text(r);
	if (who) {
		rv_done(rv, _("Reject"), who);    /* someone else was first */
		free(who);
		return;
	}
	app_reply_error(rv->s, r);
}

static void queue_close(struct rv *rv)
{
	struct queue *q = rv->own;

	free(q->reason);
}

static const struct rv_col cols[] = {
	{ .head = N_("No."), .width = 8, .cell = no_cell },   /* "#" and 7 digits */
	{ .head = N_("Kind"), .width = 14, .key = "kind", .words = app_kind_words },
	{ .head = N_("Stage"), .width = 8, .cell = stage_cell },
	{ .head = N_("Applicant"), .cell = applicant },
	{ .head = N_("Organisation"), .width = 14, .cell = org_cell },
	{ .head = N_("Submitted"), .width = 11, .cell = when_cell },
	{ 0 },
};

static const struct rv_choice stages[] = {
	{ "", N_("All") }, { "branch", N_("branch review") }, { "hq", N_("HQ review") },
	{ NULL, NULL },
};

static const struct rv_choice shows[] = {
	{ "", N_("waiting") }, { "decided", N_("history (decided)") }, { NULL, NULL },
};

static const struct rv_choice kinds[] = {
	{ "", N_("All") }, { "join", "" }, { "profile_change", "" }, { "level_change", "" },
	{ "branch_join", "" }, { NULL, NULL },
};

static const struct rv_filter filters[] = {
	[F_SEARCH] = { .key = '/', .label = N_("Search"), .param = "q", .kind = RV_F_SEARCH },
	[F_SHOW] = { .key = 'h', .label = N_("Show"), .param = "status", .kind = RV_F_CHOICES,
	  .choices = shows },
	[F_STAGE] = { .key = 's', .label = N_("Stage"), .param = "stage", .kind = RV_F_CHOICES,
	  .choices = stages, .fixed = stage_fixed, .fixed_words = N_("decided") },
	[F_KIND] = { .key = 'k', .label = N_("Kind"), .param = "kind", .kind = RV_F_CHOICES,
	  .choices = kinds, .words = app_kind_words },
	[F_BRANCH] = { .key = 'b', .label = N_("Branch"), .param = "org_id", .kind = RV_F_SOURCE,
	  .source = "/orgs", .fixed = is_branch, .fixed_words = N_("mine") },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = '\r', .label = N_("open"), .flags = RV_A_LIST, .run = open_app },
	{ .key = 'a', .label = N_("approve"), .flags = RV_A_LIST | RV_A_MARKS, .can = may_act,
	  .method = "POST", .path = "/review/applications/%lld/approve",
	  .confirm_title = N_("Approve"), .confirm_one = N_("Approve %s?"),
	  .confirm_many = N_("Approve %d selected application(s)?"), .yes = N_("Approve"),
	  .done_one = N_("The application was approved."), .done_many = N_("Approved: %d.") },
	{ .key = 'a', .flags = RV_A_LIST | RV_A_NOHELP, .can = may_not_act, .run = refuse },
	{ .key = 'x', .flags = RV_A_LIST | RV_A_NOHELP, .can = may_not_act, .run = refuse },
	{ .key = 'x', .label = N_("reject"), .flags = RV_A_LIST, .can = may_act, .run = reject },
	{ 0 },
};

static const struct rv_decl queue = {
	.title = N_("Review queue"),
	.path = "/review/applications",
	.per_page = 50,
	.cols = cols,
	.filters = filters,
	.actions = actions,
	.markable = true,
	.empty = N_("Nothing waits for review."),
	.label = label,
	.own_size = sizeof(struct queue),
	.resume = queue_resume,
	.reply = queue_reply,
	.close = queue_close,
};

const struct screen_ops scr_staff_queue_ops = RV_SCREEN("staff_queue", queue);
