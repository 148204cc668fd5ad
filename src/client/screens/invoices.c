/* My invoices (invoices.h): GET /invoices?status=&year= a page at a time,
 * GET /invoices/{id} for the one shown, GET /invoices/{id}/file into the
 * download folder once issued; editing is the invoice form's job. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/invoices.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "widgets/textview.h"
#include "format.h"
#include "reply.h"
#include "text.h"
#include "download.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/money.h"
#include "roster/xalloc.h"

enum { T_LIST = 1, T_ONE, T_FILE };
enum { C_EDIT = 1 };

#define INVOICES_PER_PAGE 20
#define LABEL_COLS 18

static const char *const statuses[] = { "", "requested", "issued", "cancelled" };
#define NSTATUSES (sizeof(statuses) / sizeof(statuses[0]))

struct invoices {
	struct list list;
	long page;
	size_t status;        /* index into statuses[] */
	int year;             /* 0 = any */
	bool loading;
	unsigned gen;         /* of the latest list fetch */
	char *error;
	/* one invoice */
	bool showing;
	bool one_loading;
	bool downloading;
	long long inv_id;
	cJSON *inv;           /* GET /invoices/{id} */
	struct textview tv;
	char *note;           /* the saved path, … */
};

static void invoices_fetch(struct screen *s)
{
	struct invoices *v = s->priv;
	char path[160], year[24] = "";

	v->loading = true;
	if (v->year)
		snprintf(year, sizeof(year), "&year=%d", v->year);
	snprintf(path, sizeof(path), "/invoices?page=%ld&per_page=%d%s%s%s", v->page,
	         INVOICES_PER_PAGE, *statuses[v->status] ? "&status=" : "", statuses[v->status], year);
	app_request(s, REPLY_TAG(T_LIST, ++v->gen), "GET", path, NULL);
}

static void invoice_fetch(struct screen *s, long long id)
{
	struct invoices *v = s->priv;
	char path[64];

	v->showing = true;
	v->one_loading = true;
	v->inv_id = id;
	snprintf(path, sizeof(path), "/invoices/%lld", id);
	app_request(s, T_ONE, "GET", path, NULL);
}

static void invoices_help(struct screen *s)
{
	struct invoices *v = s->priv;
	const char *st = json_s(v->inv, "status");

	if (!v->showing)
		s->help = _("Enter open  S status  Y year  PgUp/PgDn pages  R refresh  Esc back");
	else if (invoice_status_of(st) == INVOICE_STATUS_REQUESTED)
		s->help = _("E edit  Up/Down scroll  Esc back to the list");
	else if (invoice_status_of(st) == INVOICE_STATUS_ISSUED)
		s->help = _("D download the invoice  Up/Down scroll  Esc back to the list");
	else
		s->help = _("Up/Down scroll  Esc back to the list");
}

static int invoices_open(struct screen *s, void *arg)
{
	struct invoices *v = s->priv;

	list_init(&v->list);
	v->page = 1;
	s->title = _("My invoices");
	invoices_fetch(s);
	if (arg)
		invoice_fetch(s, *(const long long *)arg);
	invoices_help(s);
	return 0;
}

static void invoices_fill(struct invoices *v, const cJSON *reply)
{
	static const int widths[] = { 10, 16, 20, 11, 0 };
	const cJSON *it;

	list_clear(&v->list);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(reply, "items")) {
		long long id = json_ll(it, "id", -1);
		char date[TIME_TEXT_SZ], money[MONEY_BUFSZ], *row;
		const char *cells[5];

		if (id < 0)
			continue;
		cells[0] = time_text(it, "requested_at", false, date);
		cells[1] = json_s(it, "order_no");
		cells[2] = json_s(it, "title");
		cells[3] = money_format(json_ll(it, "amount", 0), money);
		cells[4] = invoice_status_words(json_s(it, "status"));
		row = text_row(cells, widths, 5);
		list_add(&v->list, row, (long)id);
		free(row);
	}
	reply_paging(&v->list, reply, v->page, INVOICES_PER_PAGE);
}

static void invoice_text(struct invoices *v)
{
	const cJSON *p = v->inv;
	char *text = NULL, date[TIME_TEXT_SZ], money[MONEY_BUFSZ];

	text_line(&text, LABEL_COLS, _("Status"), invoice_status_words(json_s(p, "status")));
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
	textview_set(&v->tv, text);
	free(text);
}

static void save_file(struct screen *s, const struct api_reply *r)
{
	struct invoices *v = s->priv;
	const char *no = json_s(v->inv, "invoice_no");
	const char *ext = r->content_type && strstr(r->content_type, "png") ? "png"
	                  : r->content_type && strstr(r->content_type, "jpeg") ? "jpg" : "pdf";
	char *name = xasprintf("invoice-%s.%s", no && *no ? no : "file", ext), *path = NULL;

	if (download_reply(s->app, name, r, DOWNLOAD_ANY, &path, &v->error)) {
		free(v->note);
		v->note = xasprintf(_("Saved to %s"), path);
		free(path);
	}
	free(name);
}

static void invoices_reply(struct screen *s, const struct api_reply *r)
{
	struct invoices *v = s->priv;

	int tag = REPLY_TAG_KIND(r->tag);

	if (reply_session_gone(s, r))
		return;
	if (tag == T_LIST && REPLY_TAG_STALE(r->tag, v->gen))
		return;
	switch (tag) {
	case T_LIST: v->loading = false; break;
	case T_ONE: v->one_loading = false; break;
	default: v->downloading = false; break;
	}
	if (r->err != ERR_OK) {
		free(v->error);
		v->error = reply_error_text(r);
		return;
	}
	xfree(&v->error);
	if (tag == T_LIST) {
		if (cJSON_IsObject(r->json))
			invoices_fill(v, r->json);
	} else if (tag == T_ONE) {
		if (!cJSON_IsObject(r->json)) {
			v->error = xstrdup(_(err_message(ERR_BAD_REPLY)));
			return;
		}
		if (json_ll(r->json, "id", -1) != v->inv_id)
			return;   /* about an invoice opened before */
		cJSON_Delete(v->inv);
		v->inv = cJSON_Duplicate(r->json, 1);
		invoice_text(v);
	} else if (r->len == 0) {
		v->error = xstrdup(_(err_message(ERR_BAD_REPLY)));
	} else {
		save_file(s, r);
	}
	invoices_help(s);
}

static void invoice_draw(struct screen *s, int y, int x, int h, int w)
{
	struct invoices *v = s->priv;
	int foot = y + h - 1;

	if (v->one_loading && !v->inv) {
		spinner_draw(y + 1, x, w, app_now_ms(), _("Loading…"));
		return;
	}
	if (!v->inv) {
		ui_print(y + 1, x, w, v->error ? v->error : "", ui_attr(UI_ERROR));
		return;
	}
	textview_draw(&v->tv, y + 1, x, h - 3, w);
	if (v->downloading)
		spinner_draw(foot, x, w, app_now_ms(), _("Downloading…"));
	else if (v->error)
		ui_print(foot, x, w, v->error, ui_attr(UI_ERROR));
	else if (v->note)
		ui_print(foot, x, w, v->note, ui_attr(UI_OK));
	else if (invoice_status_of(json_s(v->inv, "status")) == INVOICE_STATUS_REQUESTED)
		ui_print(foot, x, w, _("E: edit the details (until the invoice is issued)"),
		         ui_attr(UI_LABEL));
	else if (invoice_status_of(json_s(v->inv, "status")) == INVOICE_STATUS_ISSUED)
		ui_print(foot, x, w, _("D: download the invoice"), ui_attr(UI_LABEL));
}

static void invoices_draw(struct screen *s)
{
	struct invoices *v = s->priv;
	int y, x, h, w, cy = -1, cx = -1;
	char year[16], *line;

	app_body(s->app, &y, &x, &h, &w);
	if (v->showing) {
		invoice_draw(s, y, x + 2, h, w - 4);
		return;
	}
	snprintf(year, sizeof(year), "%d", v->year);
	line = xasprintf(_("Status: %s    Year: %s"),
	                 *statuses[v->status] ? invoice_status_words(statuses[v->status]) : _("All"),
	                 v->year ? year : _("All"));
	ui_print(y, x + 2, w - 4, line, ui_attr(UI_LABEL));
	free(line);
	if (v->error)
		ui_print(y + 1, x + 2, w - 4, v->error, ui_attr(UI_ERROR));
	else if (v->loading && v->list.n == 0)
		spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Loading…"));
	/* an empty list while it loads is not "nothing here" yet */
	if (!v->loading || v->list.n)
		list_draw(&v->list, y + 2, x + 2, h - 2, w - 4, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static int invoice_key(struct screen *s, wint_t k)
{
	struct invoices *v = s->priv;
	const char *st = json_s(v->inv, "status");
	struct invoice_form_arg fa;
	char path[64];

	if (k == KEY_ESC || k == 'q') {
		v->showing = false;
		xfree(&v->note);
		xfree(&v->error);
		invoices_help(s);
		return SCR_REDRAW;
	}
	if (v->inv && (k == 'e' || k == 'E') && invoice_status_of(st) == INVOICE_STATUS_REQUESTED) {
		memset(&fa, 0, sizeof(fa));
		fa.invoice_id = v->inv_id;
		fa.order_id = json_ll(v->inv, "order_id", 0);
		fa.invoice = v->inv;
		app_push(s->app, &scr_invoice_form_ops, &fa, C_EDIT);
		return SCR_REDRAW;
	}
	if (v->inv && (k == 'd' || k == 'D') && invoice_status_of(st) == INVOICE_STATUS_ISSUED &&
	    !v->downloading) {
		v->downloading = true;
		xfree(&v->note);
		xfree(&v->error);
		snprintf(path, sizeof(path), "/invoices/%lld/file", v->inv_id);
		app_request(s, T_FILE, "GET", path, NULL);
		return SCR_REDRAW;
	}
	return textview_key(&v->tv, (unsigned)k) ? SCR_REDRAW : SCR_IGNORED;
}

static int invoices_key(struct screen *s, wint_t k)
{
	struct invoices *v = s->priv;

	if (v->showing)
		return invoice_key(s, k);
	if (!v->list.filtering && (k == 's' || k == 'S' || k == 'y' || k == 'Y' ||
	                           k == 'r' || k == 'R')) {
		if (k == 's' || k == 'S')
			v->status = (v->status + 1) % NSTATUSES;
		else if (k == 'y' || k == 'Y')
			v->year = year_step(v->year);
		if (k != 'r' && k != 'R')
			paging_restart(&v->list, &v->page);
		invoices_fetch(s);
		return SCR_REDRAW;
	}
	switch (list_key(&v->list, (unsigned)k)) {
	case LIST_HANDLED:
		return SCR_REDRAW;
	case LIST_SELECT:
		cJSON_Delete(v->inv);
		v->inv = NULL;
		invoice_fetch(s, list_selected_id(&v->list));
		invoices_help(s);
		return SCR_REDRAW;
	case LIST_PAGE_NEXT:
		v->page = v->list.page + 1;
		invoices_fetch(s);
		return SCR_REDRAW;
	case LIST_PAGE_PREV:
		v->page = v->list.page > 1 ? v->list.page - 1 : 1;
		invoices_fetch(s);
		return SCR_REDRAW;
	case LIST_IGNORED:
		break;
	}
	return k == KEY_ESC ? SCR_CLOSE : SCR_IGNORED;
}

static void invoices_resume(struct screen *s, int tag, int value)
{
	struct invoices *v = s->priv;

	if (value != 1)
		return;
	free(v->note);
	v->note = xstrdup(_("The invoice details are saved."));
	if (v->showing)
		invoice_fetch(s, v->inv_id);
	invoices_fetch(s);
}

static void invoices_close(struct screen *s)
{
	struct invoices *v = s->priv;

	list_free(&v->list);
	cJSON_Delete(v->inv);
	textview_free(&v->tv);
	free(v->error);
	free(v->note);
}

const struct screen_ops scr_invoices_ops = {
	.name = "invoices",
	.priv_size = sizeof(struct invoices),
	.open = invoices_open,
	.draw = invoices_draw,
	.key = invoices_key,
	.reply = invoices_reply,
	.resume = invoices_resume,
	.close = invoices_close,
};
