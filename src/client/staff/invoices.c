/* Invoice requests (GET /review/invoices?status=): the list, and under it
 * the request with its title and tax details (special invoices also carry
 * address, phone, bank and account). "i" issues the highlighted one with
 * the invoice number and the file (scr_staff_issue_ops); "s" switches
 * between requests waiting and invoices already issued. */
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

enum { P_ISSUE = 1 };

struct invoices {
	struct staff_issue_arg ia;
	char title[RV_CELLSZ];
};

static const char *order_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	const char *n = json_str_or(e, "order_no", NULL);

	if (!n)
		n = json_str_or(cJSON_GetObjectItemCaseSensitive(e, "order"), "order_no", NULL);
	if (n)
		return n;
	snprintf(buf, RV_CELLSZ, "%lld", (long long)json_int_or(e, "order_id", 0));
	return buf;
}

static const char *kind_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return invoice_kind_of(json_s(e, "kind")) == INVOICE_KIND_SPECIAL ? _("Special") : _("Normal");
}

static bool issued(const struct rv *rv)
{
	return rv->fsel[0] == 1;
}

static char *invoice_text(struct rv *rv, const cJSON *sel)
{
	struct sbuf b = { 0 };
	bool org = invoice_title_of(json_s(sel, "title_type")) == INVOICE_TITLE_ORGANISATION;
	bool special = invoice_kind_of(json_s(sel, "kind")) == INVOICE_KIND_SPECIAL;

	sb_kv(&b, 12, _("Title"), json_str_or(sel, "title", ""));
	sb_kv(&b, 12, _("Title type"), org ? _("Organisation") : _("Personal"));
	if (org)
		sb_kv(&b, 12, _("Tax number"), json_str_or(sel, "tax_no", ""));
	sb_kv(&b, 12, _("Invoice kind"), special ? _("Special VAT invoice") : _("Normal invoice"));
	if (special) {
		sb_kv(&b, 12, _("Address"), json_str_or(sel, "address", ""));
		sb_kv(&b, 12, _("Phone"), json_str_or(sel, "phone", ""));
		sb_kv(&b, 12, _("Bank"), json_str_or(sel, "bank", ""));
		sb_kv(&b, 12, _("Bank account"), json_str_or(sel, "account", json_str_or(sel, "bank_account", "")));
	}
	sb_kv(&b, 12, _("E-mail"), json_str_or(sel, "email", ""));
	if (issued(rv))
		sb_kv(&b, 12, _("Invoice no."), json_str_or(sel, "invoice_no", ""));
	return b.s;
}

static bool can_issue(const struct rv *rv, const cJSON *e)
{
	return e && !issued(rv);
}

static int issue(struct rv *rv, const cJSON *e)
{
	struct invoices *v = rv->own;

	v->ia.invoice_id = (long)json_int_or(e, "id", 0);
	snprintf(v->title, sizeof(v->title), "%s", json_str_or(e, "title", ""));
	v->ia.title = v->title;
	rv_push(rv, &scr_staff_issue_ops, &v->ia, P_ISSUE);
	return SCR_REDRAW;
}

static void invoices_resume(struct rv *rv, int tag, int value)
{
	if (tag == P_ISSUE && value == 1)
		rv_refresh(rv);
}

static const struct rv_col cols[] = {
	{ .head = N_("Order"), .width = 16, .cell = order_cell },
	{ .head = N_("Title"), .key = "title" },
	{ .head = N_("Kind"), .width = 8, .cell = kind_cell },
	{ .head = N_("Amount"), .width = 12, .key = "amount", .fmt = RV_MONEY },
	{ .head = N_("Requested"), .width = 16, .key = "requested_at", .fmt = RV_DATETIME },
	{ 0 },
};

static const struct rv_choice shows[] = {
	{ "requested", N_("Invoice requests waiting") }, { "issued", N_("Issued invoices") },
	{ NULL, NULL },
};

static const struct rv_filter filters[] = {
	{ .key = 's', .label = N_("Show"), .param = "status", .kind = RV_F_CHOICES, .choices = shows },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'i', .label = N_("issue"), .flags = RV_A_LIST, .can = can_issue, .run = issue },
	{ 0 },
};

static const struct rv_detail detail = { .split = true, .text = invoice_text };

static const struct rv_decl invoices = {
	.title = N_("Invoices"),
	.path = "/review/invoices",
	.per_page = 50,
	.cols = cols,
	.filters = filters,
	.actions = actions,
	.detail = &detail,
	.empty = N_("No invoice here."),
	.own_size = sizeof(struct invoices),
	.resume = invoices_resume,
};

const struct screen_ops scr_staff_invoices_ops = RV_SCREEN("staff_invoices", invoices);
