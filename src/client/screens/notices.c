/* Notices (notices.h): GET /notices a page at a time, pinned ones first;
 * GET /notices/{id} for the one being read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "record_view.h"
#include "ui.h"
#include "screens/notices.h"
#include "format.h"
#include "text.h"
#include "words.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/xalloc.h"

static const char *title_cell(const cJSON *it, char buf[RV_CELLSZ])
{
	const char *t = lang_text(it, "title");

	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "pinned")))
		return t ? t : "";
	snprintf(buf, RV_CELLSZ, "%s %s", _("[Pinned]"), t ? t : "");
	return buf;
}

static char *notice_text(struct rv *rv, const cJSON *n)
{
	char *text = NULL, date[TIME_TEXT_SZ];

	text_add(&text, time_text(n, "created_at", true, date));
	text_add(&text, "");
	text_add(&text, lang_text(n, "body"));
	return text;
}

static void notice_draw(struct rv *rv, const cJSON *n, int y, int x, int h, int w)
{
	const char *title = lang_text(n, "title");

	ui_print(y + 1, x, w, title ? title : "", ui_attr(UI_HEADING));
	textview_draw(&rv->tv, y + 3, x, h - 3, w);
}

static const char *heading(const struct rv *rv, char buf[RV_CELLSZ])
{
	return _("Notices from the association, pinned ones first.");
}

/* arg: a notice id to open at once (from the home screen), or NULL. */
static int notices_open(struct rv *rv, void *arg)
{
	if (arg)
		rv_show(rv, *(const long long *)arg);
	return 0;
}

static const struct rv_col cols[] = {
	{ .head = N_("Date"), .width = 10, .key = "created_at", .fmt = RV_DATE },
	{ .head = N_("Title"), .cell = title_cell },
	{ 0 },
};

static const struct rv_detail detail = {
	.path = "/notices/%lld", .text = notice_text, .draw = notice_draw,
};

static const struct rv_decl notices = {
	.title = N_("Notices"),
	.path = "/notices",
	.per_page = 20,
	.cols = cols,
	.detail = &detail,
	.heading = heading,
	.open = notices_open,
};

const struct screen_ops scr_notices_ops = RV_SCREEN("notices", notices);
