/* Bank transfers waiting for staff (GET /review/bank-transfers): a list,
 * and under it the transfer as the payer reported it beside the order it
 * pays. "c" confirms (the order becomes paid), "r" rejects with a reason
 * (the member is told and may pay again), "d" saves the receipt scan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "config.h"
#include "ui.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "format.h"
#include "download.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { T_LIST = 1, T_CONFIRM, T_REJECT, T_SCAN };
enum { P_CONFIRM = 1, P_REJECT, P_DONE };

struct transfers {
	cJSON *list;
	struct stable t;
	int page;
	bool loaded;
	char *reason;
	char *saved;
};

static const cJSON *items(const struct transfers *b)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(b->list, "items");

	return cJSON_IsArray(it) ? it : NULL;
}

static const cJSON *selected(const struct transfers *b)
{
	return items(b) ? cJSON_GetArrayItem(items(b), b->t.sel) : NULL;
}

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
	const cJSON *v = fld(item, sub, key);

	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v)) {
		snprintf(buf, 48, "%.0f", v->valuedouble);
		return buf;
	}
	return "";
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

static void transfers_fetch(struct screen *s)
{
	struct transfers *b = s->priv;
	char path[96];

	snprintf(path, sizeof(path), "/review/bank-transfers?page=%d&per_page=50", b->page);
	app_cancel_requests(s);
	app_request(s, T_LIST, "GET", path, NULL);
}

static int transfers_open(struct screen *s, void *arg)
{
	struct transfers *b = s->priv;

	(void)arg;
	s->title = _("Bank transfers");
	s->help = _("c confirm  r reject  d save scan  Up/Down choose  g refresh");
	b->page = 1;
	transfers_fetch(s);
	return 0;
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

static void transfers_draw(struct screen *s)
{
	struct transfers *b = s->priv;
	const cJSON *it = items(b), *sel;
	int y, x, h, w, listh, i, half, row;
	char pg[64], m1[48], m2[48], s1[48], when[32];

	app_body(s->app, &y, &x, &h, &w);
	{
		const char *head[] = { _("Order"), _("Member"), _("Amount"), _("Payer"), _("Date") };
		int widths[] = { 16, 16, 12, 14, 10 };
		char *line = staff_row(5, head, widths);

		ui_print(y, x + 1, w - 2, line, ui_attr(UI_HEADING));
		free(line);
	}
	if (!it) {
		ui_print(y + 2, x + 2, w - 4, b->loaded ? _("The list could not be loaded.") : _("Loading..."),
		         ui_attr(UI_DIM));
		return;
	}
	b->t.n = cJSON_GetArraySize(it);
	listh = h / 2 - 2;
	stable_fit(&b->t, listh);
	if (!b->t.n)
		ui_print(y + 2, x + 2, w - 4, _("No bank transfer waits for confirmation."), ui_attr(UI_DIM));
	for (i = 0; i < listh && b->t.top + i < b->t.n; i++) {
		const cJSON *e = cJSON_GetArrayItem(it, b->t.top + i);
		const char *cells[5];
		int widths[] = { 16, 16, 12, 14, 10 };
		char *line;

		cells[0] = fstr(e, "order", "order_no", s1);
		cells[1] = member_name(e);
		cells[2] = fmoney(e, "transfer", "amount", m1);
		cells[3] = fstr(e, "transfer", "payer_name", m2);
		cells[4] = json_str_or(e, "transfer_date", json_str_or(e, "date", ""));
		line = staff_row(5, cells, widths);
		ui_print_pad(y + 1 + i, x + 1, w - 2, line,
		             ui_attr(b->t.top + i == b->t.sel ? UI_SELECTED : UI_NORMAL));
		free(line);
	}
	sel = selected(b);
	row = y + listh + 2;
	mvhline(row - 1, x, ACS_HLINE, w);
	if (sel) {
		int r2 = row;

		half = (w - 3) / 2;
		/* the order on the left, the transfer beside it */
		ui_print(row++, x + 1, half, _("Order"), ui_attr(UI_HEADING));
		ui_print(row++, x + 1, half, fstr(sel, "order", "order_no", s1), ui_attr(UI_NORMAL));
		ui_print(row++, x + 1, half, member_name(sel), ui_attr(UI_NORMAL));
		snprintf(pg, sizeof(pg), "%s %s", _("Amount due:"), fmoney(sel, "order", "amount", m1));
		ui_print(row++, x + 1, half, pg, ui_attr(UI_NORMAL));
		{
			/* the years paid for: {"years":[2026,2027]} */
			const cJSON *ys = fld(sel, "order", "years");
			int n = cJSON_IsArray(ys) ? cJSON_GetArraySize(ys) : 0;

			if (n > 0) {
				long long yf = (long long)cJSON_GetNumberValue(cJSON_GetArrayItem(ys, 0));
				long long yt = (long long)cJSON_GetNumberValue(cJSON_GetArrayItem(ys, n - 1));

				if (yf == yt)
					snprintf(pg, sizeof(pg), _("Year: %lld"), yf);
				else
					snprintf(pg, sizeof(pg), _("Years: %lld-%lld"), yf, yt);
				ui_print(row++, x + 1, half, pg, ui_attr(UI_NORMAL));
			} else if (order_kind_of(fstr(sel, "order", "kind", s1)) == ORDER_KIND_LEVEL_CHANGE) {
				ui_print(row++, x + 1, half, _("Level change"), ui_attr(UI_NORMAL));
			}
		}
		ui_print(r2++, x + 2 + half, half, _("Transfer"), ui_attr(UI_HEADING));
		{
			const char *labels[] = { _("Payer"), _("Bank"), _("Account tail"), _("Date"),
			                         _("Reference") };
			const char *keys[] = { "payer_name", "bank", "account_tail", "transfer_date",
			                       "reference" };

			for (i = 0; i < 5 && r2 < y + h; i++) {
				char *line, *l = NULL;
				const char *v = fstr(sel, "transfer", keys[i], s1);

				if (!*v && i == 3)
					v = fstr(sel, "transfer", "date", s1);
				l = xasprintf(_("%s: %s"), labels[i], v);
				line = l;
				ui_print(r2++, x + 2 + half, half, line, ui_attr(UI_NORMAL));
				free(l);
			}
			snprintf(pg, sizeof(pg), "%s %s", _("Amount paid:"), fmoney(sel, "transfer", "amount", m2));
			ui_print(r2++, x + 2 + half, half, pg, ui_attr(UI_NORMAL));
			snprintf(pg, sizeof(pg), "%s %s", _("Reported:"),
			         unix_time_text(json_int_or(sel, "created_at", 0), when));
			ui_print(r2++, x + 2 + half, half, pg, ui_attr(UI_DIM));
		}
	}
	if (b->saved) {
		char *msg = xasprintf(_("Saved to %s"), b->saved);

		ui_print(y + h - 1, x + 1, w - 2, msg, ui_attr(UI_OK));
		free(msg);
	} else {
		ui_print(y + h - 1, x + 1, w - 2, staff_page_text(b->list, pg), ui_attr(UI_DIM));
	}
}

static long sel_id(const struct transfers *b)
{
	return (long)json_int_or(selected(b), "id", 0);
}

static int transfers_key(struct screen *s, wint_t k)
{
	struct transfers *b = s->priv;
	int y, x, h, w;
	char path[96];

	app_body(s->app, &y, &x, &h, &w);
	switch (stable_key(&b->t, k, h / 2 - 2)) {
	case STABLE_MOVED:
		return SCR_REDRAW;
	case STABLE_NEXT_PAGE:
		if (b->page * json_int_or(b->list, "per_page", 50) < json_int_or(b->list, "total", 0)) {
			b->page++;
			transfers_fetch(s);
		}
		return SCR_REDRAW;
	case STABLE_PREV_PAGE:
		if (b->page > 1) {
			b->page--;
			transfers_fetch(s);
		}
		return SCR_REDRAW;
	default:
		break;
	}
	if (!selected(b) && k != 'g')
		return k == 'c' || k == 'r' || k == 'd' ? SCR_HANDLED : SCR_IGNORED;
	switch (k) {
	case 'g':
		transfers_fetch(s);
		return SCR_REDRAW;
	case 'c':
		dialog_confirm(s->app, _("Confirm transfer"),
		               _("Has this amount arrived in the association's account? Confirming marks the order paid."),
		               _("Confirm"), _("Cancel"), P_CONFIRM);
		return SCR_REDRAW;
	case 'r': {
		struct staff_reason_arg ra = {
			.title = _("Reject transfer: reason"), .scope = "bank_transfer", .result = &b->reason,
		};
		xfree(&b->reason);
		app_push(s->app, &scr_staff_reason_ops, &ra, P_REJECT);
		return SCR_REDRAW;
	}
	case 'd':
		snprintf(path, sizeof(path), "/review/bank-transfers/%ld/scan", sel_id(b));
		app_request(s, T_SCAN, "GET", path, NULL);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void transfers_resume(struct screen *s, int tag, int value)
{
	struct transfers *b = s->priv;
	char path[96];
	cJSON *body;

	if (tag == P_CONFIRM && value == 1) {
		snprintf(path, sizeof(path), "/review/bank-transfers/%ld/confirm", sel_id(b));
		app_request(s, T_CONFIRM, "POST", path, cJSON_CreateObject());
	} else if (tag == P_REJECT && value == 1 && b->reason) {
		snprintf(path, sizeof(path), "/review/bank-transfers/%ld/reject", sel_id(b));
		body = cJSON_CreateObject();
		json_add_str(body, "reason", b->reason);
		app_request(s, T_REJECT, "POST", path, body);
	} else if (tag == P_DONE) {
		transfers_fetch(s);
	}
}

static void transfers_reply(struct screen *s, const struct api_reply *r)
{
	struct transfers *b = s->priv;
	char name[64], *why = NULL;

	if (r->tag == T_LIST)
		b->loaded = true;
	if (r->err != ERR_OK) {
		app_reply_error(s, r);
		return;
	}
	switch (r->tag) {
	case T_LIST:
		if (!cJSON_IsObject(r->json))
			return;
		cJSON_Delete(b->list);
		b->list = cJSON_Duplicate(r->json, 1);
		break;
	case T_CONFIRM:
		dialog_message(s->app, _("Confirm transfer"), _("The transfer was confirmed and the order is paid."), P_DONE);
		break;
	case T_REJECT:
		dialog_message(s->app, _("Reject transfer"), _("The transfer was rejected; the member was told why."), P_DONE);
		break;
	case T_SCAN:
		snprintf(name, sizeof(name), "transfer-%ld%s", sel_id(b),
		         r->content_type && strstr(r->content_type, "pdf") ? ".pdf" :
		         r->content_type && strstr(r->content_type, "png") ? ".png" : ".jpg");
		if (!download_reply(s->app, name, r, DOWNLOAD_ANY, &b->saved, &why))
			dialog_error(s->app, why, 0);
		free(why);
		break;
	default:
		break;
	}
}

static void transfers_close(struct screen *s)
{
	struct transfers *b = s->priv;

	cJSON_Delete(b->list);
	free(b->reason);
	free(b->saved);
}

const struct screen_ops scr_staff_transfers_ops = {
	.name = "staff_transfers", .priv_size = sizeof(struct transfers),
	.open = transfers_open, .draw = transfers_draw, .key = transfers_key,
	.reply = transfers_reply, .resume = transfers_resume, .close = transfers_close,
};
