/* Bank transfers waiting for staff (GET /review/bank-transfers): a list,
 * and under it the transfer as the payer reported it beside the order it
 * pays, and whether the payer attached a receipt scan. "c" confirms (the
 * order becomes paid), "x" rejects with a reason (the member is told and
 * may pay again), "d" saves the receipt scan into the download folder,
 * "b" confirms several by pasting order numbers
 * (scr_staff_transfers_bulk_ops), "h" opens the history of transfers
 * decided (scr_staff_transfer_history_ops). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "record_view.h"
#include "ui.h"
#include "staff/staff.h"
#include "format.h"
#include "reply.h"
#include "text.h"
#include "words.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { T_REJECT = 1, T_SCAN };
enum { P_REJECT = 1, P_BULK, P_HISTORY };

struct transfers {
	char *reason;
	long long id;            /* the transfer being rejected or saved */
};

/* item[sub][key], else item[key]: the server may nest the order and the
 * transfer or give them flat. */
static const cJSON *fld(const cJSON *item, const char *sub, const char *key)
{
	const cJSON *o = sub ? cJSON_GetObjectItemCaseSensitive(item, sub) : NULL, *v = NULL;

	if (cJSON_IsObject(o))
		v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v && cJSON_IsObject(item))
		v = cJSON_GetObjectItemCaseSensitive(item, key);
	return v;
}

static const char *fstr(const cJSON *item, const char *sub, const char *key, char buf[48])
{
	return json_value_text(fld(item, sub, key), buf);
}

static const char *fmoney(const cJSON *item, const char *sub, const char *key, char buf[48])
{
	cJSON *tmp = cJSON_CreateObject();
	const cJSON *v = fld(item, sub, key);

	buf[0] = '\0';
	if (cJSON_IsNumber(v)) {
		cJSON_AddNumberToObject(tmp, "m", v->valuedouble);
		money_text(tmp, "m", buf);
	}
	cJSON_Delete(tmp);
	return buf;
}

static const char *member_name(const cJSON *it)
{
	const char *n = json_str_or(cJSON_GetObjectItemCaseSensitive(it, "member"), "name", NULL);

	if (!n)
		n = json_str_or(it, "member_name", json_str_or(it, "name", NULL));
	if (!n)
		n = json_str_or(cJSON_GetObjectItemCaseSensitive(it, "member"), "username",
		                json_str_or(it, "username", ""));
	return n;
}

static const char *order_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return fstr(e, "order", "order_no", buf);
}

static const char *member_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return member_name(e);
}

static const char *amount_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return fmoney(e, "transfer", "amount", buf);
}

static const char *payer_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return fstr(e, "transfer", "payer_name", buf);
}

static const char *date_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return fstr(e, "transfer", "date", buf);
}

/* "DUES-2026-0001 王小明 ¥300.00" in confirmations. */
static const char *label(const cJSON *e, char buf[RV_CELLSZ])
{
	char no[48], m[48];

	snprintf(buf, RV_CELLSZ, "%s %s %s", fstr(e, "order", "order_no", no), member_name(e),
	         fmoney(e, "transfer", "amount", m));
	return buf;
}

/* The order on the left, the transfer beside it. */
static void transfer_draw(struct rv *rv, const cJSON *sel, int y, int x, int h, int w)
{
	int half = (w - 1) / 2, row = y, r2 = y, i;
	char pg[96], s1[48], m1[48], when[32];
	const cJSON *ys = fld(sel, "order", "years");
	int n = cJSON_IsArray(ys) ? cJSON_GetArraySize(ys) : 0;
	static const char *const labels[] = { N_("Payer"), N_("Bank"), N_("Account tail"),
	                                      N_("Date"), N_("Reference") };
	static const char *const keys[] = { "payer_name", "bank", "account_tail", "transfer_date",
	                                    "reference" };

	ui_print(row++, x, half, _("Order"), ui_attr(UI_HEADING));
	ui_print(row++, x, half, fstr(sel, "order", "order_no", s1), ui_attr(UI_NORMAL));
	ui_print(row++, x, half, member_name(sel), ui_attr(UI_NORMAL));
	snprintf(pg, sizeof(pg), "%s %s", _("Amount due:"), fmoney(sel, "order", "amount", m1));
	ui_print(row++, x, half, pg, ui_attr(UI_NORMAL));
	if (n > 0) {
		long long yf = (long long)cJSON_GetNumberValue(cJSON_GetArrayItem(ys, 0));
		long long yt = (long long)cJSON_GetNumberValue(cJSON_GetArrayItem(ys, n - 1));

		if (yf == yt)
			snprintf(pg, sizeof(pg), _("Year: %lld"), yf);
		else
			snprintf(pg, sizeof(pg), _("Years: %lld-%lld"), yf, yt);
		ui_print(row++, x, half, pg, ui_attr(UI_NORMAL));
	} else if (order_kind_of(fstr(sel, "order", "kind", s1)) == ORDER_KIND_LEVEL_CHANGE) {
		ui_print(row++, x, half, _("Level change"), ui_attr(UI_NORMAL));
	}
	ui_print(r2++, x + 1 + half, half, _("Transfer"), ui_attr(UI_HEADING));
	for (i = 0; i < 5 && r2 < y + h; i++) {
		const char *v = fstr(sel, "transfer", keys[i], s1);
		char *line;

		if (!*v && i == 3)
			v = fstr(sel, "transfer", "date", s1);
		line = xasprintf(_("%s: %s"), _(labels[i]), v);
		ui_print(r2++, x + 1 + half, half, line, ui_attr(UI_NORMAL));
		free(line);
	}
	if (r2 < y + h) {
		snprintf(pg, sizeof(pg), "%s %s", _("Amount paid:"), fmoney(sel, "transfer", "amount", m1));
		ui_print(r2++, x + 1 + half, half, pg, ui_attr(UI_NORMAL));
	}
	if (r2 < y + h) {
		bool scan = cJSON_IsTrue(fld(sel, "transfer", "has_scan"));

		ui_print(r2++, x + 1 + half, half, scan ? _("Scan: attached (d saves it)")
		                                        : _("Scan: none attached"),
		         ui_attr(scan ? UI_OK : UI_DIM));
	}
	if (r2 < y + h) {
		snprintf(pg, sizeof(pg), "%s %s", _("Reported:"),
		         unix_time_text(json_int_or(sel, "created_at", 0), when));
		ui_print(r2, x + 1 + half, half, pg, ui_attr(UI_DIM));
	}
}

static bool has_row(const struct rv *rv, const cJSON *e)
{
	return e != NULL;
}

static bool has_scan(const struct rv *rv, const cJSON *e)
{
	return e && cJSON_IsTrue(fld(e, "transfer", "has_scan"));
}

static int bulk(struct rv *rv, const cJSON *e)
{
	rv_push(rv, &scr_staff_transfers_bulk_ops, NULL, P_BULK);
	return SCR_REDRAW;
}

static int history(struct rv *rv, const cJSON *e)
{
	rv_push(rv, &scr_staff_transfer_history_ops, NULL, P_HISTORY);
	return SCR_REDRAW;
}

static int reject(struct rv *rv, const cJSON *e)
{
	struct transfers *b = rv->own;
	struct staff_reason_arg ra = {
		.title = _("Reject transfer: reason"), .scope = "bank_transfer", .result = &b->reason,
	};

	b->id = json_int_or(e, "id", 0);
	xfree(&b->reason);
	rv_push(rv, &scr_staff_reason_ops, &ra, P_REJECT);
	return SCR_REDRAW;
}

static int save_scan(struct rv *rv, const cJSON *e)
{
	struct transfers *b = rv->own;
	char path[96];

	b->id = json_int_or(e, "id", 0);
	snprintf(path, sizeof(path), "/review/bank-transfers/%lld/scan", b->id);
	rv_request(rv, T_SCAN, "GET", path, NULL);
	return SCR_REDRAW;
}

static void transfers_resume(struct rv *rv, int tag, int value)
{
	struct transfers *b = rv->own;
	char path[96];
	cJSON *body;

	if (tag == P_BULK) {
		rv_refresh(rv);     /* some may have been confirmed */
		return;
	}
	if (tag != P_REJECT || value != 1 || !b->reason)
		return;
	snprintf(path, sizeof(path), "/review/bank-transfers/%lld/reject", b->id);
	body = cJSON_CreateObject();
	json_add_str(body, "reason", b->reason);
	rv_request(rv, T_REJECT, "POST", path, body);
}

static void transfers_reply(struct rv *rv, int tag, const struct api_reply *r)
{
	struct transfers *b = rv->own;
	char name[64];

	if (r->err != ERR_OK) {
		app_reply_error(rv->s, r);
		return;
	}
	if (tag == T_REJECT)
		rv_done(rv, _("Reject transfer"), _("The transfer was rejected; the member was told why."));
	else if (tag == T_SCAN) {
		snprintf(name, sizeof(name), "transfer-%lld%s", b->id,
		         r->content_type && strstr(r->content_type, "pdf") ? ".pdf" :
		         r->content_type && strstr(r->content_type, "png") ? ".png" : ".jpg");
		rv_save(rv, name, r, false);
	}
}

static void transfers_close(struct rv *rv)
{
	struct transfers *b = rv->own;

	free(b->reason);
}

static const struct rv_col cols[] = {
	{ .head = N_("Order"), .width = 16, .cell = order_cell },
	{ .head = N_("Member"), .cell = member_cell },
	{ .head = N_("Amount"), .width = 12, .cell = amount_cell },
	{ .head = N_("Payer"), .width = 14, .cell = payer_cell },
	{ .head = N_("Date"), .width = 10, .cell = date_cell },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'c', .label = N_("confirm"), .flags = RV_A_LIST,
	  .method = "POST", .path = "/review/bank-transfers/%lld/confirm",
	  .confirm_title = N_("Confirm transfer"),
	  .confirm_one = N_("Has the transfer %s arrived in the association's account? Confirming marks the order paid."),
	  .yes = N_("Confirm"), .done_one = N_("The transfer was confirmed and the order is paid."),
	  .done_many = N_("Confirmed: %d.") },
	{ .key = 'x', .label = N_("reject"), .flags = RV_A_LIST, .can = has_row, .run = reject },
	{ .key = 'd', .label = N_("save scan"), .flags = RV_A_LIST, .can = has_scan, .run = save_scan },
	{ .key = 'g', .label = N_("paste numbers"), .flags = RV_A_LIST, .run = bulk },
	{ .key = 'h', .label = N_("history"), .flags = RV_A_LIST, .run = history },
	{ 0 },
};

static const struct rv_detail detail = { .split = true, .draw = transfer_draw };

static const struct rv_decl transfers = {
	.title = N_("Bank transfers"),
	.path = "/review/bank-transfers",
	.per_page = 50,
	.cols = cols,
	.actions = actions,
	.detail = &detail,
	.empty = N_("No bank transfer waits for confirmation."),
	.label = label,
	.own_size = sizeof(struct transfers),
	.reply = transfers_reply,
	.resume = transfers_resume,
	.close = transfers_close,
};

const struct screen_ops scr_staff_transfers_ops = RV_SCREEN("staff_transfers", transfers);
