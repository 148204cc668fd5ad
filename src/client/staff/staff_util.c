/* The staff console's table: its cursor, rows of columns and page line
 * (staff.h), and whether the signed-in account is a branch officer. */
#include <stdio.h>
#include <stdlib.h>

#include <curses.h>

#include "staff/staff.h"
#include "text.h"
#include "roster/codes.h"
#include "roster/json.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

bool staff_is_branch(const struct app *app)
{
	return account_role_of(json_str_or(app_session(app)->account, "role", NULL)) ==
	       ACCOUNT_ROLE_BRANCH_STAFF;
}

char *staff_row(size_t n, const char *const *texts, const int *widths)
{
	struct sbuf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		char *cell = utf8_pad(texts[i] ? texts[i] : "", (size_t)(widths[i] > 0 ? widths[i] : 1));

		sb_add(&b, "%s%s", i ? "  " : "", cell);
		free(cell);
	}
	if (!b.s)
		return xstrdup("");
	return b.s;
}

/* ---------------------------------------------------------------- tables */

void stable_fit(struct stable *t, int height)
{
	if (height < 1)
		height = 1;
	if (t->sel >= t->n)
		t->sel = t->n - 1;
	if (t->sel < 0)
		t->sel = 0;
	if (t->top > t->sel)
		t->top = t->sel;
	if (t->sel >= t->top + height)
		t->top = t->sel - height + 1;
	if (t->top < 0)
		t->top = 0;
}

enum stable_event stable_key(struct stable *t, unsigned key, int height)
{
	int page = height > 1 ? height - 1 : 1;

	switch (key) {
	case KF(KEY_UP):
		if (t->sel > 0)
			t->sel--;
		break;
	case KF(KEY_DOWN):
		if (t->sel + 1 < t->n)
			t->sel++;
		break;
	case KF(KEY_PPAGE):
		if (t->sel == 0)
			return STABLE_PREV_PAGE;
		t->sel -= page;
		break;
	case KF(KEY_NPAGE):
		if (t->sel >= t->n - 1)
			return STABLE_NEXT_PAGE;
		t->sel += page;
		break;
	case KF(KEY_HOME):
		t->sel = 0;
		break;
	case KF(KEY_END):
		t->sel = t->n - 1;
		break;
	default:
		return STABLE_IGNORED;
	}
	stable_fit(t, height);
	return STABLE_MOVED;
}

const char *staff_page_text(const cJSON *list, char buf[64])
{
	long long total = json_int_or(list, "total", 0), page = json_int_or(list, "page", 1),
	          per = json_int_or(list, "per_page", 20), pages;

	if (per < 1)
		per = 1;
	pages = total ? (total + per - 1) / per : 1;
	snprintf(buf, 64, _("Page %lld of %lld (%lld)"), page, pages, total);
	return buf;
}
