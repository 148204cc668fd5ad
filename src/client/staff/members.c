/* The member register (GET /members): search by name, number, phone,
 * e-mail, unit or credit code ("/" then text, Enter), filter by status
 * ("s"), level ("l") and branch ("b", HQ only: a branch officer sees their
 * branch). Enter opens a member; "d" saves the list as filtered as CSV
 * (UTF-8 with a byte order mark, GET /members/export.csv) into the download
 * folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "i18n_setup.h"
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

enum { T_EXPORT = 1 };
enum { P_DETAIL = 1 };

struct members {
	long open_id;
};

static const char *name_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return json_str_or(e, "name", json_str_or(e, "username", ""));
}

static const char *label(const cJSON *e, char buf[RV_CELLSZ])
{
	const char *no = json_str_or(e, "member_no", "");

	snprintf(buf, RV_CELLSZ, "%s%s%s", no, *no ? " " : "",
	         json_str_or(e, "name", json_str_or(e, "username", "")));
	return buf;
}

static bool is_branch(const struct rv *rv)
{
	return staff_is_branch(rv->s->app);
}

static int open_member(struct rv *rv, const cJSON *e)
{
	struct members *m = rv->own;

	m->open_id = (long)json_int_or(e, "id", 0);
	if (m->open_id > 0)
		rv_push(rv, &scr_staff_member_ops, &m->open_id, P_DETAIL);
	return SCR_REDRAW;
}

static int export_csv(struct rv *rv, const cJSON *e)
{
	char *q, *path;

	if (app_config(rv->s->app)->kiosk) {
		/* a member list never stays on a shared terminal */
		rv_error(rv, _("A member list is not exported at a kiosk; use a staff workstation."));
		return SCR_REDRAW;
	}
	q = rv_query(rv);
	/* the export speaks the language of the console */
	path = xasprintf("/members/export.csv?lang=%s%s",
	                 !strcmp(i18n_language(), "en") ? "en" : "zh_CN", q);
	rv_request(rv, T_EXPORT, "GET", path, NULL);
	free(path);
	free(q);
	return SCR_REDRAW;
}

static void members_reply(struct rv *rv, int tag, const struct api_reply *r)
{
	if (tag != T_EXPORT)
		return;
	if (r->err != ERR_OK)
		rv_error(rv, rv_reply_text(r));
	else
		rv_save(rv, "members.csv", r, false);
}

static const struct rv_col cols[] = {
	{ .head = N_("Member no."), .width = 11, .key = "member_no" },
	{ .head = N_("Name"), .cell = name_cell },
	{ .head = N_("Level"), .width = 10, .key = "level", .fmt = RV_NAME },
	{ .head = N_("Branch"), .width = 10, .key = "org", .fmt = RV_NAME },
	{ .head = N_("Status"), .width = 13, .key = "effective_status",
	  .words = member_status_words },
	{ .head = N_("Valid until"), .width = 10, .key = "valid_until" },
	{ 0 },
};

static const struct rv_choice statuses[] = {
	{ "", N_("All") }, { "active", "" }, { "grace", "" }, { "expired", "" },
	{ "pending_payment", "" }, { "pending_hq", "" }, { "pending_branch", "" },
	{ "rejected", "" }, { "draft", "" }, { NULL, NULL },
};

static const struct rv_filter filters[] = {
	{ .key = '/', .label = N_("Search"), .param = "q", .kind = RV_F_SEARCH },
	{ .key = 's', .label = N_("Status"), .param = "status", .kind = RV_F_CHOICES,
	  .choices = statuses, .words = member_status_words },
	{ .key = 'l', .label = N_("Level"), .param = "level", .kind = RV_F_SOURCE,
	  .source = "/levels" },
	{ .key = 'b', .label = N_("Branch"), .param = "org", .kind = RV_F_SOURCE,
	  .source = "/orgs", .fixed = is_branch, .fixed_words = N_("mine") },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = '\r', .label = N_("open"), .flags = RV_A_LIST, .run = open_member },
	{ .key = 'd', .label = N_("save CSV"), .flags = RV_A_LIST, .run = export_csv },
	{ 0 },
};

static const struct rv_decl members = {
	.title = N_("Members"),
	.path = "/members",
	.per_page = 50,
	.cols = cols,
	.filters = filters,
	.actions = actions,
	.empty = N_("No member matches."),
	.label = label,
	.own_size = sizeof(struct members),
	.reply = members_reply,
};

const struct screen_ops scr_staff_members_ops = RV_SCREEN("staff_members", members);
