/* Messages sent to many members (GET /broadcasts), newest first, with
 * their progress ("sent of matched"): "n" writes a new one
 * (scr_staff_broadcast_edit_ops), Enter opens one with its text and the
 * members it was for, "z" stops one still sending, "r" shows the progress
 * as it is now. The server sends in the background. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "record_view.h"
#include "staff/staff.h"
#include "reply.h"
#include "text.h"
#include "words.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

#define LABEL_COLS 16

enum { P_NEW = 1 };
enum { T_LEVELS = 1, T_ORGS };

struct broadcasts {
	cJSON *levels, *orgs;    /* to name a filter's level and branch */
};

/* The name of the item of list with the filter's id, or the id. */
static const char *named(const cJSON *list, const cJSON *filter, const char *key,
                         char buf[32])
{
	long long id = json_int_or(filter, key, 0);
	const cJSON *it;

	if (!id)
		return _("All");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(list, "items"))
		if (json_int_or(it, "id", 0) == id)
			return text_or(lang_name(it), "");
	snprintf(buf, 32, "#%lld", id);
	return buf;
}

static const char *status_words(const char *code)
{
	if (!strcmp(code, "queued"))
		return _("Queued");
	if (!strcmp(code, "sending"))
		return _("Sending");
	if (!strcmp(code, "done"))
		return _("Sent");
	if (!strcmp(code, "cancelled"))
		return _("Stopped");
	return code;
}

static const char *title_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return text_or(lang_text(e, "title"), "");
}

static const char *progress_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	snprintf(buf, RV_CELLSZ, _("%lld of %lld"), (long long)json_int_or(e, "sent", 0),
	         (long long)json_int_or(e, "matched", 0));
	return buf;
}

static const char *email_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "email")) ? _("yes") : _("no");
}

static const char *label(const cJSON *e, char buf[RV_CELLSZ])
{
	snprintf(buf, RV_CELLSZ, "\"%s\"", text_or(lang_text(e, "title"), ""));
	return buf;
}

static char *one_text(struct rv *rv, const cJSON *e)
{
	const struct broadcasts *own = rv->own;
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "filter");
	struct sbuf b = { 0 };
	char t[RV_CELLSZ], n[32];

	sb_head(&b, text_or(lang_text(e, "title"), ""));
	sb_kv(&b, LABEL_COLS, _("Status"), status_words(json_str_or(e, "status", "")));
	sb_kv(&b, LABEL_COLS, _("Progress"), progress_cell(e, t));
	sb_kv(&b, LABEL_COLS, _("Also by e-mail"), email_cell(e, t));
	sb_kv(&b, LABEL_COLS, _("Queued"), rv_format(e, "created_at", RV_DATETIME, t));
	sb_kv(&b, LABEL_COLS, _("Finished"), rv_format(e, "finished_at", RV_DATETIME, t));
	sb_head(&b, _("To the members"));
	sb_kv(&b, LABEL_COLS, _("Status"), *json_str_or(f, "status", "") ?
	      member_status_words(json_str_or(f, "status", "")) : _("All"));
	sb_kv(&b, LABEL_COLS, _("Level"), named(own->levels, f, "level", n));
	sb_kv(&b, LABEL_COLS, _("Branch"), named(own->orgs, f, "org", n));
	sb_kv(&b, LABEL_COLS, _("Expiring before"), json_str_or(f, "expiring_before", "-"));
	sb_head(&b, _("Text"));
	sb_add(&b, "%s\n", text_or(lang_text(e, "body"), ""));
	return b.s ? b.s : xstrdup("");
}

static bool running(const struct rv *rv, const cJSON *e)
{
	const char *st = json_str_or(e, "status", "");

	return e && (!strcmp(st, "queued") || !strcmp(st, "sending"));
}

static int compose(struct rv *rv, const cJSON *e)
{
	rv_push(rv, &scr_staff_broadcast_edit_ops, NULL, P_NEW);
	return SCR_REDRAW;
}

static int broadcasts_open(struct rv *rv, void *arg)
{
	(void)arg;
	rv_request(rv, T_LEVELS, "GET", "/levels", NULL);
	rv_request(rv, T_ORGS, "GET", "/orgs", NULL);
	return 0;
}

static void broadcasts_reply(struct rv *rv, int tag, const struct api_reply *r)
{
	struct broadcasts *own = rv->own;
	cJSON **slot = tag == T_LEVELS ? &own->levels : &own->orgs;

	if (r->err != ERR_OK || !cJSON_IsObject(r->json))
		return;    /* the ids are shown instead */
	cJSON_Delete(*slot);
	*slot = cJSON_Duplicate(r->json, 1);
}

static void broadcasts_close(struct rv *rv)
{
	struct broadcasts *own = rv->own;

	cJSON_Delete(own->levels);
	cJSON_Delete(own->orgs);
}

static void broadcasts_resume(struct rv *rv, int tag, int value)
{
	if (tag == P_NEW && value == 1)
		rv_refresh(rv);
}

static const struct rv_col cols[] = {
	{ .head = N_("Queued"), .width = 16, .key = "created_at", .fmt = RV_DATETIME },
	{ .head = N_("Title"), .cell = title_cell },
	{ .head = N_("Status"), .width = 8, .key = "status", .words = status_words },
	{ .head = N_("Progress"), .width = 14, .cell = progress_cell },
	{ .head = N_("E-mail"), .width = 6, .cell = email_cell },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'n', .label = N_("new"), .flags = RV_A_LIST, .run = compose },
	{ .key = 'z', .label = N_("stop"), .flags = RV_A_LIST | RV_A_DETAIL, .can = running,
	  .method = "POST", .path = "/broadcasts/%lld/cancel",
	  .confirm_title = N_("Stop sending"),
	  .confirm_one = N_("Stop sending %s? Members not reached yet will not get it."),
	  .yes = N_("Stop"), .done_one = N_("The message is no longer being sent."),
	  .done_many = N_("Stopped: %d.") },
	{ 0 },
};

static const struct rv_detail detail = { .path = "/broadcasts/%lld", .text = one_text };

static const struct rv_decl broadcasts = {
	.title = N_("Messages to members"),
	.path = "/broadcasts",
	.per_page = 50,
	.cols = cols,
	.actions = actions,
	.detail = &detail,
	.empty = N_("No message has been sent to members yet."),
	.label = label,
	.own_size = sizeof(struct broadcasts),
	.open = broadcasts_open,
	.reply = broadcasts_reply,
	.resume = broadcasts_resume,
	.close = broadcasts_close,
};

const struct screen_ops scr_staff_broadcasts_ops = RV_SCREEN("staff_broadcasts", broadcasts);
