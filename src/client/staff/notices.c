/* Notices (公告) for staff: the published list (GET /notices, pinned
 * first), with whose notice each is (the association's, or a branch's).
 * Enter reads the highlighted one; "n" writes a new one, "e" edits the
 * highlighted one (scr_staff_notice_edit_ops), "p" pins or unpins it and
 * "w" withdraws (deletes) it after a confirmation that names it. HQ staff
 * and admins manage every notice; a branch officer publishes for their
 * branch (the server sets it) and manages their branch's notices only. */
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
#include "widgets/dialog.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { T_PIN = 1 };
enum { P_EDIT = 1 };

struct notices {
	cJSON *editing;          /* copy handed to the editor */
};

static const char *pin_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "pinned")) ? _("TOP") : "";
}

/* Whose notice: the branch's name, or the association's. */
static const char *whose_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	const cJSON *org = cJSON_GetObjectItemCaseSensitive(e, "org");

	return cJSON_IsObject(org) ? lang_name_of(e, "org") : _("Association");
}

/* May the signed-in officer change notice e? A branch officer: only their
 * branch's (the server says so too). */
static bool mine(const struct rv *rv, const cJSON *e)
{
	const cJSON *acc = app_session(rv->s->app)->account;

	if (!e)
		return false;
	if (!staff_is_branch(rv->s->app))
		return true;
	return json_int_or(acc, "org_id", -1) ==
	       json_int_or(cJSON_GetObjectItemCaseSensitive(e, "org"), "id", -2);
}

static bool not_mine(const struct rv *rv, const cJSON *e)
{
	return e && !mine(rv, e);
}

static int not_yours(struct rv *rv, const cJSON *e)
{
	rv_error(rv, _("This notice is not your branch's: headquarters manage it."));
	return SCR_REDRAW;
}

static int read_one(struct rv *rv, const cJSON *e)
{
	dialog_message(rv->s->app, json_str_or(e, "title", ""), json_str_or(e, "body", ""), 0);
	return SCR_REDRAW;
}

static int edit(struct rv *rv, const cJSON *e)
{
	struct notices *v = rv->own;

	cJSON_Delete(v->editing);
	v->editing = e ? cJSON_Duplicate(e, 1) : NULL;
	rv_push(rv, &scr_staff_notice_edit_ops, v->editing, P_EDIT);
	return SCR_REDRAW;
}

static int write_new(struct rv *rv, const cJSON *e)
{
	return edit(rv, NULL);
}

static int pin(struct rv *rv, const cJSON *e)
{
	cJSON *body = cJSON_CreateObject();
	char path[64];

	json_add_str(body, "title", json_str_or(e, "title", ""));
	json_add_str(body, "body", json_str_or(e, "body", ""));
	json_add_bool(body, "pinned", !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "pinned")));
	snprintf(path, sizeof(path), "/notices/%lld", (long long)json_int_or(e, "id", 0));
	rv_request(rv, T_PIN, "PUT", path, body);
	return SCR_REDRAW;
}

static void notices_reply(struct rv *rv, int tag, const struct api_reply *r)
{
	if (r->err != ERR_OK)
		app_reply_error(rv->s, r);
	else
		rv_refresh(rv);     /* pinned or unpinned: the order changed */
}

static void notices_resume(struct rv *rv, int tag, int value)
{
	if (tag == P_EDIT && value == 1) {
		rv_error(rv, NULL);
		rv_refresh(rv);
	}
}

static void notices_close(struct rv *rv)
{
	struct notices *v = rv->own;

	cJSON_Delete(v->editing);
}

static const char *label(const cJSON *e, char buf[RV_CELLSZ])
{
	snprintf(buf, RV_CELLSZ, "%s", json_str_or(e, "title", ""));
	return buf;
}

static const struct rv_col cols[] = {
	{ .head = "", .width = 4, .cell = pin_cell },
	{ .head = N_("Title"), .key = "title" },
	{ .head = N_("Whose"), .width = 12, .cell = whose_cell },
	{ .head = N_("Published"), .width = 16, .key = "created_at", .fmt = RV_DATETIME },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = '\r', .label = N_("read"), .flags = RV_A_LIST, .run = read_one },
	{ .key = 'n', .label = N_("new"), .flags = RV_A_LIST, .run = write_new },
	{ .key = 'e', .label = N_("edit"), .flags = RV_A_LIST, .can = mine, .run = edit },
	{ .key = 'u', .label = N_("pin/unpin"), .flags = RV_A_LIST, .can = mine, .run = pin },
	{ .key = 'z', .label = N_("withdraw"), .flags = RV_A_LIST, .can = mine,
	  .method = "DELETE", .path = "/notices/%lld", .confirm_title = N_("Withdraw notice"),
	  .confirm_one = N_("Withdraw (delete) the notice \"%s\"?"), .yes = N_("Withdraw"),
	  .done_one = N_("The notice was deleted."), .done_many = N_("Deleted: %d.") },
	{ .key = 'e', .flags = RV_A_LIST | RV_A_NOHELP, .can = not_mine, .run = not_yours },
	{ .key = 'u', .flags = RV_A_LIST | RV_A_NOHELP, .can = not_mine, .run = not_yours },
	{ .key = 'z', .flags = RV_A_LIST | RV_A_NOHELP, .can = not_mine, .run = not_yours },
	{ 0 },
};

static const struct rv_decl notices = {
	.title = N_("Notices"),
	.path = "/notices",
	.per_page = 50,
	.cols = cols,
	.actions = actions,
	.empty = N_("No notices yet."),
	.label = label,
	.own_size = sizeof(struct notices),
	.reply = notices_reply,
	.resume = notices_resume,
	.close = notices_close,
};

const struct screen_ops scr_staff_notices_ops = RV_SCREEN("staff_notices", notices);
