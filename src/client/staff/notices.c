/* Notices (公告) for staff: the published list (GET /notices, pinned
 * first). Headquarters write a new one ("n"), edit the highlighted one
 * (Enter, scr_staff_notice_edit_ops), pin or unpin it ("p") and delete it
 * after a confirmation that names it ("x"); branch officers read them. */
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

static bool hq(const struct rv *rv, const cJSON *e)
{
	return !staff_is_branch(rv->s->app);
}

static bool branch(const struct rv *rv, const cJSON *e)
{
	return !hq(rv, e);
}

static bool hq_row(const struct rv *rv, const cJSON *e)
{
	return e && hq(rv, e);
}

static int only_hq(struct rv *rv, const cJSON *e)
{
	dialog_message(rv->s->app, _("Notices"), _("Only headquarters staff publish notices."), 0);
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
	if (tag == P_EDIT && value == 1)
		rv_refresh(rv);
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
	{ .head = N_("Published"), .width = 16, .key = "created_at", .fmt = RV_DATETIME },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = '\r', .label = N_("read"), .flags = RV_A_LIST, .can = branch, .run = read_one },
	{ .key = 'n', .flags = RV_A_LIST | RV_A_NOHELP, .can = branch, .run = only_hq },
	{ .key = 'p', .flags = RV_A_LIST | RV_A_NOHELP, .can = branch, .run = only_hq },
	{ .key = 'x', .flags = RV_A_LIST | RV_A_NOHELP, .can = branch, .run = only_hq },
	{ .key = 'n', .label = N_("new"), .flags = RV_A_LIST, .can = hq, .run = write_new },
	{ .key = '\r', .label = N_("edit"), .flags = RV_A_LIST, .can = hq_row, .run = edit },
	{ .key = 'p', .label = N_("pin/unpin"), .flags = RV_A_LIST, .can = hq_row, .run = pin },
	{ .key = 'x', .label = N_("delete"), .flags = RV_A_LIST, .can = hq_row,
	  .method = "DELETE", .path = "/notices/%lld", .confirm_title = N_("Delete notice"),
	  .confirm_one = N_("Delete the notice \"%s\"?"), .yes = N_("Delete"),
	  .done_one = N_("The notice was deleted."), .done_many = N_("Deleted: %d.") },
	{ 0 },
};

static const struct rv_decl notices = {
	.title = N_("Notices"),
	.path = "/notices",
	.per_page = 50,
	.cols = cols,
	.actions = actions,
	.empty = N_("No notices yet."),
	.refresh_key = 'g',
	.label = label,
	.own_size = sizeof(struct notices),
	.reply = notices_reply,
	.resume = notices_resume,
	.close = notices_close,
};

const struct screen_ops scr_staff_notices_ops = RV_SCREEN("staff_notices", notices);
