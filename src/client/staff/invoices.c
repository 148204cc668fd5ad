/* Invoice requests (GET /review/invoices?status=): the list, and under it
 * the request with its title and tax details (special invoices also carry
 * address, phone, bank and account). "i" issues the selected one with the
 * invoice number and the file (scr_staff_issue_ops); "s" switches between
 * requests waiting and invoices already issued. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "staff/staff.h"
#include "format.h"
#include "reply.h"
#include "text.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { T_LIST = 1 };
enum { P_ISSUE = 1 };

struct invoices {
	cJSON *list;
	struct stable t;
	int page;
	bool issued;             /* showing issued ones instead of requests */
	bool loaded;
	struct staff_issue_arg ia;
};

static const cJSON *items(const struct invoices *v)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(v->list, "items");

	return cJSON_IsArray(it) ? it : NULL;
}

static const cJSON *selected(const struct invoices *v)
{
	return items(v) ? cJSON_GetArrayItem(items(v), v->t.sel) : NULL;
}

static void invoices_fetch(struct screen *s)
{
	struct invoices *v = s->priv;
	char path[96];

	snprintf(path, sizeof(path), "/review/invoices?status=%s&page=%d&per_page=50",
	         v->issued ? "issued" : "requested", v->page);
	app_cancel_requests(s);
	app_request(s, T_LIST, "GET", path, NULL);
}

static int invoices_open(struct screen *s, void *arg)
{
	struct invoices *v = s->priv;

	(void)arg;
	s->title = _("Invoices");
	s->help = _("i issue  s requested/issued  Up/Down choose  g refresh");
	v->page = 1;
	invoices_fetch(s);
	return 0;
}

static const char *order_no(const cJSON *e, char buf[32])
{
	const char *n = json_str_or(e, "order_no", NULL);

	if (!n)
		n = json_str_or(cJSON_GetObjectItemCaseSensitive(e, "order"), "order_no", NULL);
	return n ? n : json_text(e, "order_id", buf);
}

static void invoices_draw(struct screen *s)
{
	struct invoices *v = s->priv;
	const cJSON *it = items(v), *sel;
	int y, x, h, w, listh, i, row;
	char pg[64], m[48], nb[32], when[32];
	char head[128];

	app_body(s->app, &y, &x, &h, &w);
	snprintf(head, sizeof(head), "%s", v->issued ? _("Issued invoices") : _("Invoice requests waiting"));
	ui_print(y, x + 1, w - 2, head, ui_attr(UI_LABEL));
	{
		const char *hd[] = { _("Order"), _("Title"), _("Kind"), _("Amount"), _("Requested") };
		int widths[] = { 16, 20, 14, 12, 10 };
		char *line = staff_row(5, hd, widths);

		ui_print(y + 1, x + 1, w - 2, line, ui_attr(UI_HEADING));
		free(line);
	}
	if (!it) {
		ui_print(y + 3, x + 2, w - 4, v->loaded ? _("The list could not be loaded.") : _("Loading..."),
		         ui_attr(UI_DIM));
		return;
	}
	v->t.n = cJSON_GetArraySize(it);
	listh = h / 2 - 3;
	stable_fit(&v->t, listh);
	if (!v->t.n)
		ui_print(y + 3, x + 2, w - 4, _("No invoice here."), ui_attr(UI_DIM));
	for (i = 0; i < listh && v->t.top + i < v->t.n; i++) {
		const cJSON *e = cJSON_GetArrayItem(it, v->t.top + i);
		const char *cells[5];
		int widths[] = { 16, 20, 14, 12, 10 };
		char *line;

		cells[0] = order_no(e, nb);
		cells[1] = json_str_or(e, "title", "");
		cells[2] = invoice_kind_words(json_str_or(e, "kind", ""));
		cells[3] = money_text(e, "amount", m);
		unix_time_text(json_int_or(e, "requested_at", 0), when);
		cells[4] = when;
		line = staff_row(5, cells, widths);
		ui_print_pad(y + 2 + i, x + 1, w - 2, line,
		             ui_attr(v->t.top + i == v->t.sel ? UI_SELECTED : UI_NORMAL));
		free(line);
	}
	sel = selected(v);
	row = y + listh + 3;
	mvhline(row - 1, x, ACS_HLINE, w);
	if (sel) {
		struct sbuf b = { 0 };
		const char *p;
		int n = 0;
		bool org = invoice_title_of(json_str_or(sel, "title_type", NULL)) == INVOICE_TITLE_ORGANISATION;
		bool special = invoice_kind_of(json_str_or(sel, "kind", NULL)) == INVOICE_KIND_SPECIAL;

		sb_kv(&b, 12, _("Title"), json_str_or(sel, "title", ""));
		sb_kv(&b, 12, _("Title type"), invoice_title_words(json_str_or(sel, "title_type", "")));
		if (org)
			sb_kv(&b, 12, _("Tax number"), json_str_or(sel, "tax_no", ""));
		sb_kv(&b, 12, _("Invoice kind"), invoice_kind_words(json_str_or(sel, "kind", "")));
		if (special) {
			sb_kv(&b, 12, _("Address"), json_str_or(sel, "address", ""));
			sb_kv(&b, 12, _("Phone"), json_str_or(sel, "phone", ""));
			sb_kv(&b, 12, _("Bank"), json_str_or(sel, "bank", ""));
			sb_kv(&b, 12, _("Bank account"), json_str_or(sel, "account", json_str_or(sel, "bank_account", "")));
		}
		sb_kv(&b, 12, _("E-mail"), json_str_or(sel, "email", ""));
		if (v->issued)
			sb_kv(&b, 12, _("Invoice no."), json_str_or(sel, "invoice_no", ""));
		/* two columns when the terminal is wide enough for both */
		for (p = b.s; p && *p && row + n < y + h - 1; n++) {
			const char *nl = strchr(p, '\n');
			char *line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));

			ui_print(row + n, x + 1, w - 2, line, ui_attr(UI_NORMAL));
			free(line);
			p = nl ? nl + 1 : p + strlen(p);
		}
		sb_free(&b);
	}
	ui_print(y + h - 1, x + 1, w - 2, staff_page_text(v->list, pg), ui_attr(UI_DIM));
}

static int invoices_key(struct screen *s, wint_t k)
{
	struct invoices *v = s->priv;
	int y, x, h, w;
	const cJSON *sel;

	app_body(s->app, &y, &x, &h, &w);
	switch (stable_key(&v->t, k, h / 2 - 3)) {
	case STABLE_MOVED:
		return SCR_REDRAW;
	case STABLE_NEXT_PAGE:
		if (v->page * json_int_or(v->list, "per_page", 50) < json_int_or(v->list, "total", 0)) {
			v->page++;
			invoices_fetch(s);
		}
		return SCR_REDRAW;
	case STABLE_PREV_PAGE:
		if (v->page > 1) {
			v->page--;
			invoices_fetch(s);
		}
		return SCR_REDRAW;
	default:
		break;
	}
	switch (k) {
	case 'g':
		invoices_fetch(s);
		return SCR_REDRAW;
	case 's':
		v->issued = !v->issued;
		v->page = 1;
		v->t.sel = v->t.top = 0;
		invoices_fetch(s);
		return SCR_REDRAW;
	case 'i':
		sel = selected(v);
		if (!sel || v->issued)
			return SCR_HANDLED;
		v->ia.invoice_id = (long)json_int_or(sel, "id", 0);
		v->ia.title = json_str_or(sel, "title", "");
		app_push(s->app, &scr_staff_issue_ops, &v->ia, P_ISSUE);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void invoices_resume(struct screen *s, int tag, int value)
{
	if (tag == P_ISSUE && value == 1)
		invoices_fetch(s);
}

static void invoices_reply(struct screen *s, const struct api_reply *r)
{
	struct invoices *v = s->priv;

	v->loaded = true;
	if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
		app_reply_error(s, r);
		return;
	}
	cJSON_Delete(v->list);
	v->list = cJSON_Duplicate(r->json, 1);
}

static void invoices_close(struct screen *s)
{
	struct invoices *v = s->priv;

	cJSON_Delete(v->list);
}

const struct screen_ops scr_staff_invoices_ops = {
	.name = "staff_invoices", .priv_size = sizeof(struct invoices),
	.open = invoices_open, .draw = invoices_draw, .key = invoices_key,
	.reply = invoices_reply, .resume = invoices_resume, .close = invoices_close,
};
