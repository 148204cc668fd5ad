/* One member for staff (GET /members/{id}): standing, account (its status
 * and last login), approved profile, branches, orders, applications and
 * the certificate, as one scrolling page; the actions on the record are in
 * member_actions.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/textview.h"
#include "format.h"
#include "words.h"
#include "reply.h"
#include "text.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

#define LABEL_COLS 18

enum { T_MEMBER = 1, T_FORM };

struct member_view {
	long id;
	cJSON *m;
	cJSON *form;
	struct textview tv;
	bool built;
	struct member_actions acts;
	char help[320];
};

enum { P_REDUCE = 1 };     /* below MEMBER_ACTION_TAGS */

static void build(struct member_view *v)
{
	const cJSON *root = v->m, *m = cJSON_GetObjectItemCaseSensitive(root, "member"), *e, *p;
	struct sbuf b = { 0 };
	char t1[32], t2[48], nb[32];

	sb_head(&b, json_str_or(m, "name", json_str_or(m, "username", "")));
	sb_kv(&b, LABEL_COLS, _("Member no."), json_str_or(m, "member_no", ""));
	sb_kv(&b, LABEL_COLS, _("Status"), member_status_words(json_str_or(m, "effective_status", "")));
	if (*json_str_or(m, "status_reason", ""))
		sb_kv(&b, LABEL_COLS, _("Reason"), json_str_or(m, "status_reason", ""));
	sb_kv(&b, LABEL_COLS, _("Member type"),
	      member_type_words(json_str_or(m, "member_type", "")));
	sb_kv(&b, LABEL_COLS, _("Level"), lang_name_of(m, "level"));
	sb_kv(&b, LABEL_COLS, _("Organisation"), lang_name_of(m, "org"));
	sb_kv(&b, LABEL_COLS, _("Valid until"), json_str_or(m, "valid_until", ""));
	sb_kv(&b, LABEL_COLS, _("Joined"), unix_time_text(json_int_or(m, "joined_at", 0), t1));
	sb_kv(&b, LABEL_COLS, _("Username"), json_str_or(m, "username", ""));
	sb_kv(&b, LABEL_COLS, _("Account"), !strcmp(json_str_or(m, "account_status", ""), "disabled")
	      ? _("Disabled") : _("Enabled"));
	sb_kv(&b, LABEL_COLS, _("Last login"), json_int_or(m, "last_login_at", 0)
	      ? unix_time_text(json_int_or(m, "last_login_at", 0), t1) : _("never"));
	sb_kv(&b, LABEL_COLS, _("Mobile"), json_str_or(m, "mobile", ""));
	sb_kv(&b, LABEL_COLS, _("E-mail"), json_str_or(m, "email", ""));
	if (*json_str_or(m, "uscc", ""))
		sb_kv(&b, LABEL_COLS, _("Credit code"), json_str_or(m, "uscc", ""));
	e = cJSON_GetObjectItemCaseSensitive(root, "branches");
	if (cJSON_IsArray(e) && e->child) {
		sb_head(&b, _("Also in branches"));
		cJSON_ArrayForEach(p, e)
			sb_add(&b, "  %s\n", text_or(lang_name(p), ""));
	}
	p = cJSON_GetObjectItemCaseSensitive(m, "profile");
	if (cJSON_IsObject(p) && p->child) {
		const cJSON *f;

		sb_head(&b, _("Profile"));
		cJSON_ArrayForEach(f, p)
			sb_kv(&b, LABEL_COLS, schema_label(v->form, f->string),
			      schema_option_label(v->form, f->string, json_text(p, f->string, nb)));
	}
	sb_head(&b, _("Certificate"));
	e = cJSON_GetObjectItemCaseSensitive(root, "certificate");
	if (cJSON_IsObject(e)) {
		sb_kv(&b, LABEL_COLS, _("Certificate no."), json_str_or(e, "cert_no", ""));
		sb_kv(&b, LABEL_COLS, _("Level"), lang_text(e, "level"));
		sb_kv(&b, LABEL_COLS, _("Valid until"), json_str_or(e, "valid_until", ""));
		sb_kv(&b, LABEL_COLS, _("Issued on"), json_str_or(e, "issue_date", ""));
	} else {
		sb_add(&b, "  %s\n", _("No certificate yet."));
	}
	sb_head(&b, _("Orders"));
	e = cJSON_GetObjectItemCaseSensitive(root, "orders");
	if (!cJSON_IsArray(e) || !e->child)
		sb_add(&b, "  %s\n", _("No orders."));
	cJSON_ArrayForEach(p, e) {
		const char *cells[5];
		int widths[] = { 16, 10, 12, 12, 12 };
		char years[32], *line;

		if (json_int_or(p, "year_from", 0))
			snprintf(years, sizeof(years), "%lld-%lld", (long long)json_int_or(p, "year_from", 0),
			         (long long)json_int_or(p, "year_to", 0));
		else
			snprintf(years, sizeof(years), "%s", _("level change"));
		cells[0] = json_str_or(p, "order_no", "");
		cells[1] = years;
		cells[2] = money_text(p, "amount", t2);
		cells[3] = order_status_words(json_str_or(p, "status", ""));
		cells[4] = *json_str_or(p, "invoice_status", "") ?
		           invoice_status_words(json_str_or(p, "invoice_status", "")) : "";
		line = text_row(cells, widths, 5);
		sb_add(&b, "  %s\n", line);
		free(line);
	}
	sb_head(&b, _("Applications"));
	e = cJSON_GetObjectItemCaseSensitive(root, "applications");
	if (!cJSON_IsArray(e) || !e->child)
		sb_add(&b, "  %s\n", _("No applications."));
	cJSON_ArrayForEach(p, e) {
		const char *cells[4];
		int widths[] = { 8, 14, 12, 16 };
		char *line, idb[40];

		snprintf(idb, sizeof(idb), "#%s", json_text(p, "id", nb));
		cells[0] = idb;
		cells[1] = app_kind_words(json_str_or(p, "kind", ""));
		cells[2] = app_status_words(json_str_or(p, "status", ""));
		cells[3] = unix_time_text(json_int_or(p, "created_at", 0), t1);
		line = text_row(cells, widths, 4);
		sb_add(&b, "  %s\n", line);
		free(line);
		if (*json_str_or(p, "status_reason", ""))
			sb_add(&b, "      %s\n", json_str_or(p, "status_reason", ""));
	}
	textview_set(&v->tv, b.s ? b.s : "");
	sb_free(&b);
	v->built = true;
}

static void member_fetch(struct screen *s)
{
	struct member_view *v = s->priv;
	char path[64];

	snprintf(path, sizeof(path), "/members/%ld", v->id);
	app_request(s, T_MEMBER, "GET", path, NULL);
}

static int member_open(struct screen *s, void *arg)
{
	struct member_view *v = s->priv;

	v->id = arg ? *(const long *)arg : 0;
	s->title = _("Member");
	snprintf(v->help, sizeof(v->help), "%s%s", _("$ fee  r refresh  "),
	         member_actions_help(s));
	s->help = v->help;
	member_fetch(s);
	return 0;
}

static void member_draw(struct screen *s)
{
	struct member_view *v = s->priv;
	int y, x, h, w;

	app_body(s->app, &y, &x, &h, &w);
	if (!v->built) {
		ui_print(y + 1, x + 2, w - 4, _("Loading..."), ui_attr(UI_DIM));
		return;
	}
	if (v->acts.note) {
		ui_print(y + h - 1, x + 1, w - 2, v->acts.note, ui_attr(UI_OK));
		h--;
	}
	textview_draw(&v->tv, y, x + 1, h, w - 2);
}

static int member_key(struct screen *s, wint_t k)
{
	struct member_view *v = s->priv;
	int rc;

	if (!v->built)
		return SCR_IGNORED;
	if (k == 'q')
		return SCR_CLOSE;
	if (k == 'r') {
		member_fetch(s);
		return SCR_REDRAW;
	}
	if (k == '$') {      /* fee reduction: reduce.c */
		if (staff_is_branch(s->app))
			dialog_message(s->app, _("Reduce or waive a fee"),
			               _("Headquarters reduce or waive fees."), 0);
		else
			app_push(s->app, &scr_staff_reduce_ops, &v->id, P_REDUCE);
		return SCR_REDRAW;
	}
	/* then the actions' letters */
	if ((rc = member_actions_key(s, &v->acts, v->m, v->form, k)) != SCR_IGNORED)
		return rc;
	return textview_key(&v->tv, k) ? SCR_REDRAW : SCR_IGNORED;
}

static void member_resume(struct screen *s, int tag, int value)
{
	struct member_view *v = s->priv;

	if (tag == P_REDUCE) {
		if (value == 1)
			member_fetch(s);    /* a fee was reduced: the orders changed */
	} else if (member_actions_resume(s, &v->acts, tag, value)) {
		member_fetch(s);
	}
}

static void member_reply(struct screen *s, const struct api_reply *r)
{
	struct member_view *v = s->priv;

	if (r->tag >= MEMBER_ACTION_TAGS) {
		if (member_actions_reply(s, &v->acts, r))
			member_fetch(s);
		return;
	}
	if (r->err != ERR_OK) {
		if (r->tag == T_MEMBER)
			app_reply_error(s, r);
		return;
	}
	if (!cJSON_IsObject(r->json))
		return;
	if (r->tag == T_MEMBER) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(r->json, "member");
		char path[48];

		cJSON_Delete(v->m);
		v->m = cJSON_Duplicate(r->json, 1);
		snprintf(path, sizeof(path), "/forms/%s",
		         member_type_of(json_str_or(m, "member_type", NULL)) == MEMBER_TYPE_UNIT
		         ? "unit" : "individual");
		if (!v->form)
			app_request(s, T_FORM, "GET", path, NULL);
	} else {
		cJSON_Delete(v->form);
		v->form = cJSON_Duplicate(r->json, 1);
	}
	if (v->m)
		build(v);
}

static void member_close(struct screen *s)
{
	struct member_view *v = s->priv;

	cJSON_Delete(v->m);
	cJSON_Delete(v->form);
	textview_free(&v->tv);
	member_actions_free(&v->acts);
}

const struct screen_ops scr_staff_member_ops = {
	.name = "staff_member", .priv_size = sizeof(struct member_view),
	.open = member_open, .draw = member_draw, .key = member_key,
	.reply = member_reply, .resume = member_resume, .close = member_close,
};
