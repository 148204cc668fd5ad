/* My invoices, 我的票据 (invoices.h): GET /invoices?status=&year= a page at
 * a time, GET /invoices/{id} for the one shown, GET /invoices/{id}/file into
 * the download folder once issued (at a kiosk: to the member's phone, hand-
 * off "invoice:<id>"); editing is the invoice form's job. Under the list,
 * the kinds of document the association issues (GET /document-kinds): the
 * dues receipt 社会团体会费统一收据 and the fapiao kinds it offers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "record_view.h"
#include "screens/invoices.h"
#include "screens/join_handoff.h"
#include "config.h"
#include "download.h"
#include "reply.h"
#include "format.h"
#include "text.h"
#include "words.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/money.h"
#include "roster/xalloc.h"

enum { T_FILE = 1, T_KINDS };
enum { C_EDIT = 1 };

#define LABEL_COLS 18

struct invoices {
	struct invoice_form_arg fa;
	char *kinds;             /* "Issued here: …", once the server said */
	char doc[48];            /* hand-off document "invoice:<id>" */
};

static char *invoice_text(struct rv *rv, const cJSON *p)
{
	char *text = NULL, date[TIME_TEXT_SZ], money[MONEY_BUFSZ];

	text_line(&text, LABEL_COLS, _("Status"), invoice_status_words(json_s(p, "status")));
	/* why staff declined the request, or voided the last invoice */
	text_line(&text, LABEL_COLS, invoice_status_of(json_s(p, "status")) == INVOICE_STATUS_REJECTED
	          ? _("Declined because") : _("Voided because"), json_s(p, "status_reason"));
	text_line(&text, LABEL_COLS, _("Invoice no."), json_s(p, "invoice_no"));
	text_line(&text, LABEL_COLS, _("Order no."), json_s(p, "order_no"));
	text_line(&text, LABEL_COLS, _("Amount"), money_format(json_ll(p, "amount", 0), money));
	text_line(&text, LABEL_COLS, _("Invoice title for"),
	        invoice_title_words(json_s(p, "title_type")));
	text_line(&text, LABEL_COLS, _("Invoice title"), json_s(p, "title"));
	if (invoice_title_of(json_s(p, "title_type")) == INVOICE_TITLE_ORGANISATION)
		text_line(&text, LABEL_COLS, _("Tax number"), json_s(p, "tax_no"));
	text_line(&text, LABEL_COLS, _("Invoice kind"), invoice_kind_words(json_s(p, "kind")));
	if (invoice_kind_of(json_s(p, "kind")) == INVOICE_KIND_SPECIAL) {
		text_line(&text, LABEL_COLS, _("Registered address"), json_s(p, "address"));
		text_line(&text, LABEL_COLS, _("Registered phone"), json_s(p, "phone"));
		text_line(&text, LABEL_COLS, _("Bank"), json_s(p, "bank"));
		text_line(&text, LABEL_COLS, _("Bank account"), json_s(p, "account"));
	}
	text_line(&text, LABEL_COLS, _("E-mail"), json_s(p, "email"));
	text_line(&text, LABEL_COLS, _("Requested"), time_text(p, "requested_at", true, date));
	text_line(&text, LABEL_COLS, _("Issued"), time_text(p, "issued_at", true, date));
	return text;
}

/* editable: waiting, or declined by staff (corrected, it is asked again) */
static bool requested(const struct rv *rv, const cJSON *p)
{
	return invoice_status_of(json_s(p, "status")) == INVOICE_STATUS_REQUESTED ||
	       invoice_status_of(json_s(p, "status")) == INVOICE_STATUS_REJECTED;
}

static bool issued(const struct rv *rv, const cJSON *p)
{
	return invoice_status_of(json_s(p, "status")) == INVOICE_STATUS_ISSUED;
}

static const char *hint(const struct rv *rv, const cJSON *p)
{
	if (requested(rv, p))
		return _("E: edit the details (until the invoice is issued)");
	if (issued(rv, p))
		return download_saves_here(rv->s->app) ? _("D: download the invoice")
		                                       : _("D: get it on your phone (QR code)");
	return NULL;
}

static int edit(struct rv *rv, const cJSON *p)
{
	struct invoices *v = rv->own;

	memset(&v->fa, 0, sizeof(v->fa));
	v->fa.invoice_id = rv->one_id;
	v->fa.order_id = json_ll(p, "order_id", 0);
	v->fa.invoice = p;
	rv_push(rv, &scr_invoice_form_ops, &v->fa, C_EDIT);
	return SCR_REDRAW;
}

static int download(struct rv *rv, const cJSON *p)
{
	struct invoices *v = rv->own;
	char path[64];

	if (rv->busy)
		return SCR_HANDLED;
	if (!download_saves_here(rv->s->app)) {
		/* a kiosk keeps no documents: the member's phone gets it */
		struct handoff_arg ha = {
			.title = _("The document on your phone"),
			.purpose = "download",
			.doc = v->doc,
		};

		snprintf(v->doc, sizeof(v->doc), "invoice:%lld", rv->one_id);
		rv_push(rv, &scr_handoff_ops, &ha, 0);
		return SCR_REDRAW;
	}
	rv->busy = true;
	rv_note(rv, _("Downloading…"));
	snprintf(path, sizeof(path), "/invoices/%lld/file", rv->one_id);
	rv_request(rv, T_FILE, "GET", path, NULL);
	return SCR_REDRAW;
}

/* "Issued here: 社会团体会费统一收据, 普通发票" from GET /document-kinds. */
static void kinds_arrived(struct rv *rv, const struct api_reply *r)
{
	struct invoices *v = rv->own;
	const cJSON *k;
	char *list = NULL;

	if (r->err != ERR_OK)
		return; /* the list itself says what went wrong */
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(r->json, "items")) {
		const char *code = json_s(k, "code");
		const char *name = code && invoice_kind_of(code) != INVOICE_KIND__UNKNOWN
		                   ? invoice_kind_words(code) : app_json_text(k, "name");
		char *more;

		if (!name)
			continue;
		more = list ? xasprintf(_("%s, %s"), list, name) : xstrdup(name);
		free(list);
		list = more;
	}
	if (!list)
		return;
	free(v->kinds);
	v->kinds = xasprintf(_("Issued here: %s"), list);
	free(list);
	if (!rv->note && !rv->error && !rv->showing)
		rv_note(rv, v->kinds);
}

/* A page arrived: the kinds line comes back when nothing else is said. */
static void invoices_loaded(struct rv *rv, const cJSON *reply)
{
	struct invoices *v = rv->own;

	if (v->kinds && !rv->note && !rv->error)
		rv_note(rv, v->kinds);
}

static void invoices_close(struct rv *rv)
{
	struct invoices *v = rv->own;

	free(v->kinds);
}

static void invoices_reply(struct rv *rv, int tag, const struct api_reply *r)
{
	const char *no = json_s(rv->one, "invoice_no");
	const char *ext;
	char *name;

	if (tag == T_KINDS) {
		kinds_arrived(rv, r);
		return;
	}
	rv->busy = false;
	rv_note(rv, NULL);
	if (r->err != ERR_OK) {
		rv_error(rv, rv_reply_text(r));
		return;
	}
	if (r->len == 0) {
		rv_error(rv, _(err_message(ERR_BAD_REPLY)));
		return;
	}
	ext = r->content_type && strstr(r->content_type, "png") ? "png"
	      : r->content_type && strstr(r->content_type, "jpeg") ? "jpg" : "pdf";
	name = xasprintf("invoice-%s.%s", no && *no ? no : "file", ext);
	rv_save(rv, name, r, false);
	free(name);
}

static void invoices_resume(struct rv *rv, int tag, int value)
{
	if (value != 1)
		return;
	rv_note(rv, _("The invoice details are saved."));
	rv_refresh(rv);
}

/* arg: an invoice id to open at once, or NULL. */
static int invoices_open(struct rv *rv, void *arg)
{
	rv_request(rv, T_KINDS, "GET", "/document-kinds", NULL);
	if (arg)
		rv_show(rv, *(const long long *)arg);
	return 0;
}

static const struct rv_col cols[] = {
	{ .head = N_("Requested"), .width = 10, .key = "requested_at", .fmt = RV_DATE },
	{ .head = N_("Order no."), .width = 16, .key = "order_no" },
	{ .head = N_("Invoice title"), .width = 20, .key = "title" },
	{ .head = N_("Amount"), .width = 11, .key = "amount", .fmt = RV_MONEY },
	{ .head = N_("Status"), .key = "status", .words = invoice_status_words },
	{ 0 },
};

static const struct rv_choice statuses[] = {
	{ "", N_("All") }, { "requested", "" }, { "issued", "" }, { "rejected", "" }, { "cancelled", "" },
	{ NULL, NULL },
};

static const struct rv_filter filters[] = {
	{ .key = 'S', .label = N_("Status"), .param = "status", .kind = RV_F_CHOICES,
	  .choices = statuses, .words = invoice_status_words },
	{ .key = 'Y', .label = N_("Year"), .param = "year", .kind = RV_F_YEAR },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'E', .label = N_("edit"), .flags = RV_A_DETAIL, .can = requested, .run = edit },
	{ .key = 'D', .label = N_("download the invoice"), .flags = RV_A_DETAIL, .can = issued,
	  .run = download },
	{ 0 },
};

static const struct rv_detail detail = {
	.path = "/invoices/%lld", .text = invoice_text, .hint = hint,
};

static const struct rv_decl invoices = {
	.title = N_("My invoices"),
	.path = "/invoices",
	.per_page = 20,
	.cols = cols,
	.filters = filters,
	.actions = actions,
	.detail = &detail,
	.refresh_key = 'R',
	.own_size = sizeof(struct invoices),
	.open = invoices_open,
	.close = invoices_close,
	.loaded = invoices_loaded,
	.reply = invoices_reply,
	.resume = invoices_resume,
};

const struct screen_ops scr_invoices_ops = RV_SCREEN("invoices", invoices);
