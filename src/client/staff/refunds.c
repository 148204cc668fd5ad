/* Refunds (HQ staff and administrators): "s" switches between the money
 * to give back (GET /review/refunds: QR payments marked refund-due, that is
 * an order paid twice, or paid late after a newer order took its years)
 * and the refunds made (GET /review/refunds/history, with their state).
 * "f" gives back the highlighted refund-due payment, "n" refunds any paid
 * order by its number (a membership ended), both in
 * scr_staff_refund_issue_ops; "c" asks the gateway how a refund under way
 * stands (POST /review/refunds/{id}/check). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "record_view.h"
#include "staff/staff.h"
#include "reply.h"
#include "text.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { P_ISSUE = 1 };
enum { T_CHECK = 1 };

struct refunds {
	struct staff_refund_arg ra;
	char order_no[RV_CELLSZ];
};

/* the list shown: 0 money to give back, 1 refunds made */
static bool made(const struct rv *rv)
{
	return rv->fsel[0] == 1;
}

static const cJSON *sub(const cJSON *e, const char *key)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(e, key);

	return cJSON_IsObject(o) ? o : NULL;
}

static const char *order_no(const cJSON *e)
{
	const char *n = json_s(e, "order_no");

	return n ? n : json_str_or(sub(e, "order"), "order_no", "");
}

static const char *order_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return order_no(e);
}

static const char *member_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	const cJSON *m = sub(e, "member");
	const char *n = json_s(m, "name");

	return n && *n ? n : json_str_or(m, "username", "");
}

/* refund-due payments: how it was paid; refunds: their state */
static const char *state_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	if (json_s(e, "refund_no"))
		return refund_status_words(json_s(e, "status"));
	snprintf(buf, RV_CELLSZ, "%s", json_str_or(e, "provider", ""));
	return buf;
}

static const char *when_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return rv_format(e, json_s(e, "refund_no") ? "created_at" : "paid_at", RV_DATETIME, buf);
}

static char *refund_text(struct rv *rv, const cJSON *e)
{
	struct sbuf b = { 0 };
	const cJSON *m = sub(e, "member");
	char buf[RV_CELLSZ], money[RV_CELLSZ];

	sb_kv(&b, 14, _("Order"), order_no(e));
	sb_kv(&b, 14, _("Member"), member_cell(e, buf));
	sb_kv(&b, 14, _("Member no."), json_str_or(m, "member_no", ""));
	if (json_s(e, "refund_no")) {
		sb_kv(&b, 14, _("Refund no."), json_s(e, "refund_no"));
		sb_kv(&b, 14, _("Amount"), rv_format(e, "amount", RV_MONEY, money));
		sb_kv(&b, 14, _("State"), refund_status_words(json_s(e, "status")));
		sb_kv(&b, 14, _("Cause"), refund_cause_words(json_s(e, "cause")));
		sb_kv(&b, 14, _("Reason"), json_str_or(e, "reason", ""));
		sb_kv(&b, 14, _("Asked on"), rv_format(e, "created_at", RV_DATETIME, buf));
		sb_kv(&b, 14, _("Ended on"), rv_format(e, "finished_at", RV_DATETIME, buf));
	} else {
		sb_kv(&b, 14, _("Amount paid"), rv_format(e, "amount", RV_MONEY, money));
		sb_kv(&b, 14, _("Paid with"), json_str_or(e, "provider", ""));
		sb_kv(&b, 14, _("Trade no."), json_str_or(e, "trade_no", ""));
		sb_kv(&b, 14, _("Paid on"), rv_format(e, "paid_at", RV_DATETIME, buf));
		sb_kv(&b, 14, _("Found due"), rv_format(e, "recorded_at", RV_DATETIME, buf));
		sb_kv(&b, 14, _("Order status"),
		      order_status_words(json_s(sub(e, "order"), "status")));
	}
	return b.s;
}

static bool can_refund(const struct rv *rv, const cJSON *e)
{
	return e && !made(rv);
}

static bool can_check(const struct rv *rv, const cJSON *e)
{
	return e && made(rv) && refund_status_of(json_s(e, "status")) == REFUND_STATUS_PROCESSING;
}

static int issue(struct rv *rv, const cJSON *e)
{
	struct refunds *v = rv->own;

	memset(&v->ra, 0, sizeof(v->ra));
	if (e) {
		snprintf(v->order_no, sizeof(v->order_no), "%s", order_no(e));
		v->ra.order_no = v->order_no;
		v->ra.payment_id = json_int_or(e, "id", 0);
		v->ra.cause = "paid_twice";
	}
	rv_push(rv, &scr_staff_refund_issue_ops, &v->ra, P_ISSUE);
	return SCR_REDRAW;
}

static int issue_new(struct rv *rv, const cJSON *e)
{
	return issue(rv, NULL);
}

static int check(struct rv *rv, const cJSON *e)
{
	char path[96];

	snprintf(path, sizeof(path), "/review/refunds/%lld/check", (long long)json_int_or(e, "id", 0));
	rv_request(rv, T_CHECK, "POST", path, NULL);
	return SCR_REDRAW;
}

static void refunds_reply(struct rv *rv, int tag, const struct api_reply *r)
{
	char *msg;

	if (r->err != ERR_OK) {
		app_reply_error(rv->s, r);
		return;
	}
	msg = xasprintf(_("Refund %s: %s."), json_str_or(r->json, "refund_no", ""),
	                refund_status_words(json_s(r->json, "status")));
	rv_note(rv, msg);
	free(msg);
	rv_refresh(rv);
}

static void refunds_resume(struct rv *rv, int tag, int value)
{
	if (tag == P_ISSUE && value == 1)
		rv_refresh(rv);
}

static const struct rv_col cols[] = {
	{ .head = N_("Order"), .width = 18, .cell = order_cell },
	{ .head = N_("Member"), .cell = member_cell },
	{ .head = N_("Amount"), .width = 11, .key = "amount", .fmt = RV_MONEY },
	{ .head = N_("State"), .width = 12, .cell = state_cell },
	{ .head = N_("Date"), .width = 16, .cell = when_cell },
	{ 0 },
};

static const struct rv_choice shows[] = {
	{ "due", N_("Money to give back") }, { "made", N_("Refunds made") }, { NULL, NULL },
};

static const struct rv_filter filters[] = {
	{ .key = 's', .label = N_("Show"), .param = "show", .kind = RV_F_CHOICES, .choices = shows },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'y', .label = N_("refund"), .flags = RV_A_LIST, .can = can_refund, .run = issue },
	{ .key = 'n', .label = N_("refund an order"), .flags = RV_A_LIST, .run = issue_new },
	{ .key = 'j', .label = N_("check"), .flags = RV_A_LIST, .can = can_check, .run = check },
	{ 0 },
};

static const struct rv_detail detail = { .split = true, .text = refund_text };

static const struct rv_decl refunds = {
	.title = N_("Refunds"),
	.path = "/review/refunds",
	.per_page = 50,
	.cols = cols,
	.filters = filters,
	.actions = actions,
	.detail = &detail,
	.empty = N_("Nothing here."),
	.own_size = sizeof(struct refunds),
	.reply = refunds_reply,
	.resume = refunds_resume,
};

const struct screen_ops scr_staff_refunds_ops = RV_SCREEN("staff_refunds", refunds);
