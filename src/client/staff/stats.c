/* Statistics (GET /stats): members by status, level and branch, and the
 * money received per year, as tables on one scrolling page. A branch
 * officer sees the figures of their branch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "staff/staff.h"
#include "widgets/textview.h"
#include "words.h"
#include "reply.h"
#include "text.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/xalloc.h"

struct stats {
	struct textview tv;
	bool built;
};

static void table_line(struct sbuf *b, size_t n, const char *const *cells, const int *widths)
{
	char *line = text_row(cells, widths, n);

	sb_add(b, "  %s\n", line);
	free(line);
}

static void build(struct stats *st, const cJSON *j)
{
	struct sbuf b = { 0 };
	const cJSON *e;
	char n1[32], n2[32], m1[MONEY_BUFSZ], m2[MONEY_BUFSZ], m3[MONEY_BUFSZ], *hd;

	hd = xasprintf(_("Members in all: %lld (as of %s)"), (long long)json_int_or(j, "members", 0),
	               json_str_or(j, "today", ""));
	sb_add(&b, "%s\n", hd);
	free(hd);

	sb_head(&b, _("By status"));
	{
		const char *h[] = { _("Status"), _("Members") };
		int w[] = { 24, 10 };

		table_line(&b, 2, h, w);
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "by_status")) {
			const char *c[] = { member_status_words(json_str_or(e, "status", "")),
			                    json_text(e, "count", n1) };
			table_line(&b, 2, c, w);
		}
	}
	sb_head(&b, _("By level"));
	{
		const char *h[] = { _("Level"), _("Type"), _("Members"), _("Active") };
		int w[] = { 28, 19, 8, 8 };

		table_line(&b, 4, h, w);
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "by_level")) {
			const char *c[] = { lang_name(e),
			                    member_type_words(json_str_or(e, "member_type", "")),
			                    json_text(e, "count", n1), json_text(e, "active", n2) };
			table_line(&b, 4, c, w);
		}
	}
	sb_head(&b, _("By branch"));
	{
		const char *h[] = { _("Organisation"), _("Members"), _("Active") };
		int w[] = { 36, 8, 8 };

		table_line(&b, 3, h, w);
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "by_branch")) {
			const char *c[] = { lang_name(e), json_text(e, "count", n1), json_text(e, "active", n2) };
			table_line(&b, 3, c, w);
		}
	}
	sb_head(&b, _("Money received per year"));
	{
		const char *h[] = { _("Year"), _("Dues"), _("Level changes"), _("Total"), _("Orders") };
		int w[] = { 6, 14, 14, 14, 8 };
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "dues_by_year");

		table_line(&b, 5, h, w);
		if (!cJSON_IsArray(d) || !d->child)
			sb_add(&b, "  %s\n", _("Nothing received yet."));
		cJSON_ArrayForEach(e, d) {
			const char *c[] = { json_text(e, "year", n1),
			                    money_format(json_int_or(e, "dues", 0), m1),
			                    money_format(json_int_or(e, "level_change", 0), m2),
			                    money_format(json_int_or(e, "total", 0), m3),
			                    json_text(e, "orders", n2) };
			table_line(&b, 5, c, w);
		}
	}
	textview_set(&st->tv, b.s ? b.s : "");
	sb_free(&b);
	st->built = true;
}

static int stats_open(struct screen *s, void *arg)
{
	(void)arg;
	s->title = _("Statistics");
	/* a terminal without PgUp/PgDn (vt100) pages with Space and b */
	s->help = has_key(KEY_NPAGE) ? _("Up/Down PgUp/PgDn scroll  r refresh  q/Esc back")
	                             : _("Up/Down scroll  Space/b page  r refresh  q/Esc back");
	app_request(s, 1, "GET", "/stats", NULL);
	return 0;
}

static void stats_draw(struct screen *s)
{
	struct stats *st = s->priv;
	int y, x, h, w;

	app_body(s->app, &y, &x, &h, &w);
	if (!st->built) {
		ui_print(y + 1, x + 2, w - 4, _("Loading..."), ui_attr(UI_DIM));
		return;
	}
	textview_draw(&st->tv, y, x + 1, h, w - 2);
}

static int stats_key(struct screen *s, wint_t k)
{
	struct stats *st = s->priv;

	if (k == 'q')
		return SCR_CLOSE;
	if (k == 'r') {
		app_request(s, 1, "GET", "/stats", NULL);
		return SCR_REDRAW;
	}
	if (st->built && textview_key(&st->tv, k))
		return SCR_REDRAW;
	return SCR_IGNORED;
}

static void stats_reply(struct screen *s, const struct api_reply *r)
{
	struct stats *st = s->priv;

	if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
		app_reply_error(s, r);
		return;
	}
	build(st, r->json);
}

static void stats_close(struct screen *s)
{
	struct stats *st = s->priv;

	textview_free(&st->tv);
}

const struct screen_ops scr_staff_stats_ops = {
	.name = "staff_stats", .priv_size = sizeof(struct stats),
	.open = stats_open, .draw = stats_draw, .key = stats_key,
	.reply = stats_reply, .close = stats_close,
};
