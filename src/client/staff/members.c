/* The member register: search by name, number, phone, e-mail, unit or
 * credit code ("/" then text, Enter), filter by status ("s"), level ("l")
 * and branch ("b", HQ only: a branch officer sees their branch), one
 * server page at a time (GET /members). Enter opens a member; "x" exports
 * the current list as CSV (UTF-8 with a byte order mark, from
 * GET /members/export.csv) into the download folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <curl/curl.h>

#include "app.h"
#include "config.h"
#include "i18n_setup.h"
#include "ui.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/edit.h"
#include "words.h"
#include "text.h"
#include "download.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { T_LIST = 1, T_ORGS, T_LEVELS, T_EXPORT };
enum { P_DETAIL = 1 };

static const char *const statuses[] = {
	"", "active", "grace", "expired", "pending_payment", "pending_hq", "pending_branch",
	"rejected", "draft",
};
#define NSTATUS 9

struct members {
	cJSON *list, *orgs, *levels;
	struct stable t;
	struct edit search;
	bool searching;          /* the search line has the keys */
	int status, level, org;  /* filter indexes; 0 = any */
	int page;
	bool loaded;
	long open_id;
	char *saved;
	bool want_level, want_org;  /* advance that filter once its options come */
};

static const cJSON *arr(const cJSON *o)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, "items");

	return cJSON_IsArray(it) ? it : NULL;
}

static int count(const cJSON *o)
{
	return arr(o) ? cJSON_GetArraySize(arr(o)) : 0;
}

/* The filters as a query string (without page), URL-encoded. */
static char *filter_query(struct members *m)
{
	struct sbuf b = { 0 };
	char *q = edit_text(&m->search);

	sb_add(&b, "%s", "");
	if (*q) {
		char *enc = curl_easy_escape(NULL, q, 0);

		sb_add(&b, "&q=%s", enc ? enc : "");
		curl_free(enc);
	}
	free(q);
	if (m->status)
		sb_add(&b, "&status=%s", statuses[m->status]);
	if (m->level)
		sb_add(&b, "&level=%lld", (long long)json_int_or(cJSON_GetArrayItem(arr(m->levels), m->level - 1), "id", 0));
	if (m->org)
		sb_add(&b, "&org=%lld", (long long)json_int_or(cJSON_GetArrayItem(arr(m->orgs), m->org - 1), "id", 0));
	return b.s ? b.s : xstrdup("");
}

static void members_fetch(struct screen *s)
{
	struct members *m = s->priv;
	char *fq = filter_query(m), *path;

	path = xasprintf("/members?page=%d&per_page=50%s", m->page, fq);
	app_request(s, T_LIST, "GET", path, NULL);
	free(path);
	free(fq);
}

static int members_open(struct screen *s, void *arg)
{
	struct members *m = s->priv;

	(void)arg;
	s->title = _("Members");
	s->help = _("/ search  s status  l level  b branch  x export CSV  Enter open");
	edit_init(&m->search, 60, false);
	m->page = 1;
	/* the filter options come when a filter is first used */
	members_fetch(s);
	return 0;
}

static void members_draw(struct screen *s)
{
	struct members *m = s->priv;
	const cJSON *it = arr(m->list);
	int y, x, h, w, i, rows, namew, cx;
	char buf[256], pg[64];
	const char *lv = _("all"), *og = staff_is_branch(s->app) ? _("mine") : _("all");

	app_body(s->app, &y, &x, &h, &w);
	ui_print(y, x + 1, 8, _("Search"), ui_attr(UI_LABEL));
	cx = edit_draw(&m->search, y, x + 10, w - 12, ui_attr(m->searching ? UI_FIELD_FOCUS : UI_FIELD));
	if (m->searching)
		app_cursor(s->app, y, cx);
	if (m->level)
		lv = text_or(lang_name(cJSON_GetArrayItem(arr(m->levels), m->level - 1)), "");
	if (m->org)
		og = text_or(lang_name(cJSON_GetArrayItem(arr(m->orgs), m->org - 1)), "");
	snprintf(buf, sizeof(buf), _("Status: %s   Level: %s   Branch: %s"),
	         m->status ? member_status_words(statuses[m->status]) : _("all"), lv, og);
	ui_print(y + 1, x + 1, w - 2, buf, ui_attr(UI_LABEL));
	namew = w - 2 - (12 + 10 + 10 + 12 + 11 + 5 * 2);
	if (namew < 10)
		namew = 10;
	{
		const char *hd[] = { _("Member no."), _("Name"), _("Level"), _("Branch"), _("Status"),
		                     _("Valid until") };
		int widths[] = { 12, namew, 10, 10, 12, 11 };
		char *line = staff_row(6, hd, widths);

		ui_print(y + 2, x + 1, w - 2, line, ui_attr(UI_HEADING));
		free(line);
	}
	if (!it) {
		ui_print(y + 4, x + 2, w - 4, m->loaded ? _("The list could not be loaded.") : _("Loading..."),
		         ui_attr(UI_DIM));
		return;
	}
	m->t.n = cJSON_GetArraySize(it);
	rows = h - 4;
	stable_fit(&m->t, rows);
	if (!m->t.n)
		ui_print(y + 4, x + 2, w - 4, _("No member matches."), ui_attr(UI_DIM));
	for (i = 0; i < rows && m->t.top + i < m->t.n; i++) {
		const cJSON *e = cJSON_GetArrayItem(it, m->t.top + i);
		const char *cells[6];
		int widths[] = { 12, namew, 10, 10, 12, 11 };
		char *line;

		cells[0] = json_str_or(e, "member_no", "");
		cells[1] = json_str_or(e, "name", json_str_or(e, "username", ""));
		cells[2] = lang_name_of(e, "level");
		cells[3] = lang_name_of(e, "org");
		cells[4] = member_status_words(json_str_or(e, "effective_status", ""));
		cells[5] = json_str_or(e, "valid_until", "");
		line = staff_row(6, cells, widths);
		ui_print_pad(y + 3 + i, x + 1, w - 2, line,
		             ui_attr(m->t.top + i == m->t.sel && !m->searching ? UI_SELECTED : UI_NORMAL));
		free(line);
	}
	if (m->saved) {
		char *msg = xasprintf(_("Saved to %s"), m->saved);

		ui_print(y + h - 1, x + 1, w - 2, msg, ui_attr(UI_OK));
		free(msg);
	} else {
		ui_print(y + h - 1, x + 1, w - 2, staff_page_text(m->list, pg), ui_attr(UI_DIM));
	}
}

static void refetch(struct screen *s)
{
	struct members *m = s->priv;

	m->page = 1;
	m->t.sel = m->t.top = 0;
	app_cancel_requests(s);
	members_fetch(s);
}

static int members_key(struct screen *s, wint_t k)
{
	struct members *m = s->priv;
	int y, x, h, w;

	app_body(s->app, &y, &x, &h, &w);
	if (m->searching) {
		if (k == '\r' || k == '\n' || k == KF(KEY_ENTER)) {
			m->searching = false;
			refetch(s);
			return SCR_REDRAW;
		}
		if (k == KEY_ESC || k == '\t') {
			m->searching = false;
			return SCR_REDRAW;
		}
		if (edit_key(&m->search, k))
			return SCR_REDRAW;
		return SCR_HANDLED;
	}
	switch (stable_key(&m->t, k, h - 4)) {
	case STABLE_MOVED:
		return SCR_REDRAW;
	case STABLE_NEXT_PAGE:
		if (m->page * json_int_or(m->list, "per_page", 50) < json_int_or(m->list, "total", 0)) {
			m->page++;
			members_fetch(s);
		}
		return SCR_REDRAW;
	case STABLE_PREV_PAGE:
		if (m->page > 1) {
			m->page--;
			members_fetch(s);
		}
		return SCR_REDRAW;
	default:
		break;
	}
	switch (k) {
	case '/':
		m->searching = true;
		return SCR_REDRAW;
	case 's':
		m->status = (m->status + 1) % NSTATUS;
		refetch(s);
		return SCR_REDRAW;
	case 'l':
		if (!m->levels) {
			m->want_level = true;
			app_request(s, T_LEVELS, "GET", "/levels", NULL);
			return SCR_REDRAW;
		}
		m->level = (m->level + 1) % (count(m->levels) + 1);
		refetch(s);
		return SCR_REDRAW;
	case 'b':
		if (staff_is_branch(s->app))
			return SCR_HANDLED;
		if (!m->orgs) {
			m->want_org = true;
			app_request(s, T_ORGS, "GET", "/orgs", NULL);
			return SCR_REDRAW;
		}
		m->org = (m->org + 1) % (count(m->orgs) + 1);
		refetch(s);
		return SCR_REDRAW;
	case 'x': {
		char *fq = filter_query(m), *path;

		/* the export speaks the language of the console */
		path = xasprintf("/members/export.csv?lang=%s%s",
		                 !strcmp(i18n_language(), "en") ? "en" : "zh_CN", fq);
		app_request(s, T_EXPORT, "GET", path, NULL);
		free(path);
		free(fq);
		return SCR_REDRAW;
	}
	case '\r': case '\n': case KF(KEY_ENTER): {
		const cJSON *e = arr(m->list) ? cJSON_GetArrayItem(arr(m->list), m->t.sel) : NULL;

		if (!e)
			return SCR_HANDLED;
		m->open_id = (long)json_int_or(e, "id", 0);
		app_push(s->app, &scr_staff_member_ops, &m->open_id, P_DETAIL);
		return SCR_REDRAW;
	}
	default:
		return SCR_IGNORED;
	}
}

static void members_reply(struct screen *s, const struct api_reply *r)
{
	struct members *m = s->priv;
	char *why = NULL;

	if (r->tag == T_LIST)
		m->loaded = true;
	if (r->err != ERR_OK) {
		if (r->tag == T_LIST || r->tag == T_EXPORT)
			app_reply_error(s, r);
		return;
	}
	switch (r->tag) {
	case T_LIST:
		if (!cJSON_IsObject(r->json))
			return;
		cJSON_Delete(m->list);
		m->list = cJSON_Duplicate(r->json, 1);
		break;
	case T_ORGS:
		if (cJSON_IsObject(r->json)) {
			cJSON_Delete(m->orgs);
			m->orgs = cJSON_Duplicate(r->json, 1);
			if (m->want_org && count(m->orgs)) {
				m->org = 1;
				refetch(s);
			}
		}
		m->want_org = false;
		break;
	case T_LEVELS:
		if (cJSON_IsObject(r->json)) {
			cJSON_Delete(m->levels);
			m->levels = cJSON_Duplicate(r->json, 1);
			if (m->want_level && count(m->levels)) {
				m->level = 1;
				refetch(s);
			}
		}
		m->want_level = false;
		break;
	case T_EXPORT:
		if (!download_reply(s->app, "members.csv", r, DOWNLOAD_ANY, &m->saved, &why))
			dialog_error(s->app, why, 0);
		free(why);
		break;
	default:
		break;
	}
}

static void members_close(struct screen *s)
{
	struct members *m = s->priv;

	cJSON_Delete(m->list);
	cJSON_Delete(m->orgs);
	cJSON_Delete(m->levels);
	edit_free(&m->search);
	free(m->saved);
}

const struct screen_ops scr_staff_members_ops = {
	.name = "staff_members", .priv_size = sizeof(struct members),
	.open = members_open, .draw = members_draw, .key = members_key,
	.reply = members_reply, .close = members_close,
};
