/* Bank transfers already decided (GET /review/bank-transfers/history):
 * newest decision first, with who decided and when, why a transfer was
 * refused and whether the payer attached a receipt scan. "/" searches the
 * order number, payer, reference and the member's username, name or
 * number; "s" shows confirmed, rejected or refund-due transfers only; "d"
 * saves the scan into the download folder. Opened from the transfers
 * screen ("h"). */
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

enum { T_SCAN = 1 };

struct history {
	long long id;             /* the transfer whose scan is saved */
};

static const char *status_words(const char *code)
{
	return payment_status_of(code) == PAYMENT_STATUS_REFUND_DUE ? payment_status_words(code)
	                                                            : transfer_status_words(code);
}

static const char *status_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return status_words(json_s(e, "status"));
}

static const char *member_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "member");
	const char *n = json_s(m, "name");

	return n && *n ? n : json_str_or(m, "username", "");
}

static bool has_scan(const cJSON *e)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "has_scan"));
}

static char *history_text(struct rv *rv, const cJSON *e)
{
	struct sbuf b = { 0 };
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "member");
	char when[RV_CELLSZ], money[RV_CELLSZ];

	sb_kv(&b, 14, _("Order"), json_str_or(e, "order_no", ""));
	sb_kv(&b, 14, _("Member"), member_cell(e, when));
	sb_kv(&b, 14, _("Member no."), json_str_or(m, "member_no", ""));
	sb_kv(&b, 14, _("Amount"), rv_format(e, "amount", RV_MONEY, money));
	sb_kv(&b, 14, _("Status"), status_words(json_s(e, "status")));
	sb_kv(&b, 14, _("Scan"), has_scan(e) ? _("attached (d saves it)") : _("none attached"));
	sb_kv(&b, 14, _("Decided by"), json_str_or(e, "decided_by", ""));
	sb_kv(&b, 14, _("Decided at"), rv_format(e, "decided_at", RV_DATETIME, when));
	if (json_s(e, "reason"))
		sb_kv(&b, 14, _("Reason"), json_s(e, "reason"));
	sb_kv(&b, 14, _("Payer"), json_str_or(e, "payer_name", ""));
	sb_kv(&b, 14, _("Bank"), json_str_or(e, "bank", ""));
	sb_kv(&b, 14, _("Account tail"), json_str_or(e, "account_tail", ""));
	sb_kv(&b, 14, _("Date"), json_str_or(e, "transfer_date", ""));
	sb_kv(&b, 14, _("Reference"), json_str_or(e, "reference", ""));
	return b.s;
}

static bool can_save(const struct rv *rv, const cJSON *e)
{
	return e && has_scan(e);
}

static int save_scan(struct rv *rv, const cJSON *e)
{
	struct history *v = rv->own;
	char path[96];

	v->id = json_int_or(e, "id", 0);
	snprintf(path, sizeof(path), "/review/bank-transfers/%lld/scan", v->id);
	rv_request(rv, T_SCAN, "GET", path, NULL);
	return SCR_REDRAW;
}

static void history_reply(struct rv *rv, int tag, const struct api_reply *r)
{
	struct history *v = rv->own;
	char name[64];

	if (r->err != ERR_OK) {
		app_reply_error(rv->s, r);
		return;
	}
	snprintf(name, sizeof(name), "transfer-%lld%s", v->id,
	         r->content_type && strstr(r->content_type, "pdf") ? ".pdf" :
	         r->content_type && strstr(r->content_type, "png") ? ".png" : ".jpg");
	rv_save(rv, name, r, false);
}

static const struct rv_col cols[] = {
	{ .head = N_("Decided"), .width = 16, .key = "decided_at", .fmt = RV_DATETIME },
	{ .head = N_("Order"), .width = 16, .key = "order_no" },
	{ .head = N_("Member"), .cell = member_cell },
	{ .head = N_("Amount"), .width = 11, .key = "amount", .fmt = RV_MONEY },
	{ .head = N_("Status"), .width = 10, .cell = status_cell },
	{ 0 },
};

static const struct rv_choice statuses[] = {
	{ "", N_("All") }, { "confirmed", N_("Confirmed") }, { "rejected", N_("Rejected") },
	{ "refund_due", N_("Refund due") }, { NULL, NULL },
};

static const struct rv_filter filters[] = {
	{ .key = '/', .label = N_("Search"), .param = "q", .kind = RV_F_SEARCH },
	{ .key = 's', .label = N_("Status"), .param = "status", .kind = RV_F_CHOICES,
	  .choices = statuses },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'd', .label = N_("save scan"), .flags = RV_A_LIST, .can = can_save,
	  .run = save_scan },
	{ 0 },
};

static const struct rv_detail detail = { .split = true, .text = history_text };

static const struct rv_decl history = {
	.title = N_("Bank transfers decided"),
	.path = "/review/bank-transfers/history",
	.per_page = 50,
	.cols = cols,
	.filters = filters,
	.actions = actions,
	.detail = &detail,
	.empty = N_("No decided bank transfer matches."),
	.own_size = sizeof(struct history),
	.reply = history_reply,
};

const struct screen_ops scr_staff_transfer_history_ops =
	RV_SCREEN("staff_transfer_history", history);
