/* Invoice requests (GET /review/invoices?status=): the list, and under it
 * the request with its title and tax details (special invoices also carry
 * address, phone, bank and account), its status and why it was declined or
 * voided. "i" issues a request with the invoice number and the file
 * (scr_staff_issue_ops; a voided invoice is requested again and issued
 * anew the same way), "x" declines a request with a reason
 * (POST …/reject), "v" voids an issued invoice with a reason
 * (POST …/void), "o" saves an issued invoice's file into the download
 * folder (GET …/file); "s" switches between requests waiting, invoices
 * issued, requests declined and all. */
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

enum { P_ISSUE = 1, P_REJECT, P_VOID };
enum { T_REJECT = 1, T_VOID, T_FILE };

struct invoices {
	struct staff_issue_arg ia;
	char title[RV_CELLSZ];
	char *reason;             /* from the reason dialog */
	long long id;             /* the invoice declined, voided or saved */
	char no[RV_CELLSZ];       /* its invoice number, for the file's name */
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

static const char *status_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	return invoice_status_words(json_s(e, "status"));
}

static bool is(const cJSON *e, enum invoice_status st)
{
	return e && invoice_status_of(json_s(e, "status")) == st;
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
	sb_kv(&b, 12, _("Status"), invoice_status_words(json_s(sel, "status")));
	if (is(sel, INVOICE_STATUS_ISSUED)) {
		sb_kv(&b, 12, _("Invoice no."), json_str_or(sel, "invoice_no", ""));
		sb_kv(&b, 12, _("File"), cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sel, "has_file"))
		                         ? _("attached (d saves it)") : _("none"));
	}
	if (json_s(sel, "status_reason"))
		sb_kv(&b, 12, is(sel, INVOICE_STATUS_REJECTED) ? _("Declined") : _("Last voided"),
		      json_s(sel, "status_reason"));
	if (json_int_or(sel, "voided", 0) > 0) {
		char n[32];

		snprintf(n, sizeof(n), "%lld", (long long)json_int_or(sel, "voided", 0));
		sb_kv(&b, 12, _("Voided"), n);
	}
	return b.s;
}

static bool can_issue(const struct rv *rv, const cJSON *e)
{
	return is(e, INVOICE_STATUS_REQUESTED);
}

static bool can_void(const struct rv *rv, const cJSON *e)
{
	return is(e, INVOICE_STATUS_ISSUED);
}

static bool can_open(const struct rv *rv, const cJSON *e)
{
	return is(e, INVOICE_STATUS_ISSUED) &&
	       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "has_file"));
}

/* The reason dialog for declining or voiding e; its answer comes to
 * invoices_resume with tag. */
static int ask_reason(struct rv *rv, const cJSON *e, const char *title, int tag)
{
	struct invoices *v = rv->own;
	struct staff_reason_arg ra = { .title = title, .scope = "invoice", .result = &v->reason };

	v->id = json_int_or(e, "id", 0);
	xfree(&v->reason);
	rv_push(rv, &scr_staff_reason_ops, &ra, tag);
	return SCR_REDRAW;
}

static int reject(struct rv *rv, const cJSON *e)
{
	return ask_reason(rv, e, _("Decline invoice request: reason"), P_REJECT);
}

static int void_invoice(struct rv *rv, const cJSON *e)
{
	return ask_reason(rv, e, _("Void invoice: reason"), P_VOID);
}

static int open_file(struct rv *rv, const cJSON *e)
{
	struct invoices *v = rv->own;
	char path[96];

	v->id = json_int_or(e, "id", 0);
	snprintf(v->no, sizeof(v->no), "%s", json_str_or(e, "invoice_no", ""));
	snprintf(path, sizeof(path), "/review/invoices/%lld/file", v->id);
	rv_request(rv, T_FILE, "GET", path, NULL);
	return SCR_REDRAW;
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
	struct invoices *v = rv->own;
	char path[96];
	cJSON *body;

	if (tag == P_ISSUE && value == 1)
		rv_refresh(rv);
	if ((tag != P_REJECT && tag != P_VOID) || value != 1 || !v->reason)
		return;
	snprintf(path, sizeof(path), "/review/invoices/%lld/%s", v->id,
	         tag == P_REJECT ? "reject" : "void");
	body = cJSON_CreateObject();
	json_add_str(body, "reason", v->reason);
	rv_request(rv, tag == P_REJECT ? T_REJECT : T_VOID, "POST", path, body);
}

static void invoices_reply(struct rv *rv, int tag, const struct api_reply *r)
{
	struct invoices *v = rv->own;
	char name[RV_CELLSZ + 16], *p;

	if (r->err != ERR_OK) {
		app_reply_error(rv->s, r);
		return;
	}
	if (tag == T_REJECT) {
		rv_done(rv, _("Decline invoice request"),
		        _("The request was declined; the member was told why and may correct it."));
	} else if (tag == T_VOID) {
		rv_done(rv, _("Void invoice"),
		        _("The invoice was voided; the request waits to be issued again with a new number."));
	} else if (tag == T_FILE) {
		snprintf(name, sizeof(name), "invoice-%s.pdf", v->no[0] ? v->no : "file");
		for (p = name; *p; p++)
			if (*p == '/' || *p == '\\')
				*p = '-';
		rv_save(rv, name, r, true);
	}
}

static void invoices_close(struct rv *rv)
{
	struct invoices *v = rv->own;

	free(v->reason);
}

static const struct rv_col cols[] = {
	{ .head = N_("Order"), .width = 16, .cell = order_cell },
	{ .head = N_("Title"), .key = "title" },
	{ .head = N_("Kind"), .width = 8, .cell = kind_cell },
	{ .head = N_("Status"), .width = 10, .cell = status_cell },
	{ .head = N_("Amount"), .width = 10, .key = "amount", .fmt = RV_MONEY },
	{ .head = N_("Requested"), .width = 10, .key = "requested_at", .fmt = RV_DATE },
	{ 0 },
};

static const struct rv_choice shows[] = {
	{ "requested", N_("Invoice requests waiting") }, { "issued", N_("Issued invoices") },
	{ "rejected", N_("Requests declined") }, { "all", N_("All") },
	{ NULL, NULL },
};

static const struct rv_filter filters[] = {
	{ .key = 's', .label = N_("Show"), .param = "status", .kind = RV_F_CHOICES, .choices = shows },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'i', .label = N_("issue"), .flags = RV_A_LIST, .can = can_issue, .run = issue },
	{ .key = 'x', .label = N_("decline"), .flags = RV_A_LIST, .can = can_issue, .run = reject },
	{ .key = 'v', .label = N_("void"), .flags = RV_A_LIST, .can = can_void, .run = void_invoice },
	{ .key = 'd', .label = N_("save file"), .flags = RV_A_LIST, .can = can_open, .run = open_file },
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
	.reply = invoices_reply,
	.resume = invoices_resume,
	.close = invoices_close,
};

const struct screen_ops scr_staff_invoices_ops = RV_SCREEN("staff_invoices", invoices);
