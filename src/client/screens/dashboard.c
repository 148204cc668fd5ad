/* Member centre (会员个人中心): who is signed in, the membership status in
 * words (with the reason when rejected), level, member number, valid until,
 * unread messages, the latest notices, the one next action that matters
 * now, and the menu to every member screen.
 *
 * Two requests fill it: GET /me and GET /notices (the latest three); both
 * are asked again whenever a screen opened from here closes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "app.h"
#include "i18n_setup.h"
#include "ui.h"
#include "screens/applications.h"
#include "screens/branch_join.h"
#include "screens/certificate.h"
#include "screens/invoices.h"
#include "screens/join.h"
#include "screens/level_change.h"
#include "screens/messages.h"
#include "screens/notices.h"
#include "screens/orders.h"
#include "screens/pay.h"
#include "screens/profile.h"
#include "screens/screens.h"
#include "widgets/progress.h"
#include "format.h"
#include "words.h"
#include "reply.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { T_ME = 1, T_NOTICES };

/* Renewal is offered this many days before valid_until. */
#define DASH_RENEW_DAYS 60
#define DASH_NOTICES 3
#define DASH_COL_W 26      /* one menu cell */
/* d->sel of the latest notices: DASH_SEL_NOTICE + i for notice i, and
 * DASH_SEL_NOTICE + (number shown) for the "More notices" entry */
#define DASH_SEL_NOTICE 1000

enum dash_action { DA_NONE, DA_SIGN_OUT };

/* The member centre menu: one row per screen, in the order shown.
 *
 * Member screens add their row here: {label msgid, hotkey, &their_ops}
 * (arg NULL is passed to open()). Rows with NULL ops are the actions in
 * dash_run(). Keep the hotkeys unique. */
struct dash_item {
	const char *label;               /* msgid, translated when drawn */
	wint_t hotkey;
	const struct screen_ops *ops;    /* pushed with arg NULL */
	enum dash_action action;         /* when ops is NULL */
};

static const struct dash_item dash_menu[] = {
	{ N_("Membership application"), 'a', &scr_join_ops, DA_NONE },
	{ N_("Pay dues / renew"),       'p', &scr_pay_ops, DA_NONE },
	{ N_("My certificate"),         'c', &scr_certificate_ops, DA_NONE },
	{ N_("Member information"),     'i', &scr_profile_ops, DA_NONE },
	{ N_("My applications"),        'y', &scr_applications_ops, DA_NONE },
	{ N_("My orders"),              'd', &scr_orders_ops, DA_NONE },
	{ N_("My invoices"),            'v', &scr_invoices_ops, DA_NONE },
	{ N_("Level change"),           'l', &scr_level_change_ops, DA_NONE },
	{ N_("Message centre"),         'm', &scr_messages_ops, DA_NONE },
	{ N_("Notices"),                't', &scr_notices_ops, DA_NONE },
	{ N_("Join a branch"),          'b', &scr_branch_join_ops, DA_NONE },
	{ N_("Change password"),        'w', &scr_password_ops, DA_NONE },
	{ N_("Sign out"),               'o', NULL, DA_SIGN_OUT },
};
#define DASH_N (sizeof(dash_menu) / sizeof(dash_menu[0]))

/* What the member should do next, from the status. */
enum dash_next { DN_NONE, DN_APPLY, DN_CONTINUE, DN_FIX, DN_PAY, DN_RENEW };

struct dashboard {
	cJSON *me;            /* GET /me */
	cJSON *notices;       /* GET /notices items */
	char *error;          /* the last load failed: why */
	time_t fetched;       /* when d->me last came from the server */
	bool notices_failed;  /* the last GET /notices failed */
	int sel;              /* -1: the next action; DASH_SEL_NOTICE + i: a notice
	                       * (or More); else a dash_menu row */
	long long notice_id;  /* the notice being opened (the screen's arg) */
	int rows_per_col;     /* of the menu grid at the last draw */
	int last_next;        /* enum dash_next at the last reply */
};

static void dash_load(struct screen *s)
{
	char path[64];

	app_request(s, T_ME, "GET", "/me", NULL);
	snprintf(path, sizeof(path), "/notices?per_page=%d", DASH_NOTICES);
	app_request(s, T_NOTICES, "GET", path, NULL);
}

static const cJSON *dash_member(const struct dashboard *d)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(d->me, "member");

	return cJSON_IsObject(m) ? m : NULL;
}

static const char *dash_status(const struct dashboard *d)
{
	const cJSON *m = dash_member(d);
	const char *st = json_s(m, "effective_status");

	/* no member row yet: not applied */
	return st ? st : text_or(json_s(m, "status"), "none");
}

static enum dash_next dash_next(const struct dashboard *d)
{
	const char *st = dash_status(d);
	long days;

	if (!d->me)
		return DN_NONE;
	if (!st || member_status_of(st) == MEMBER_STATUS_NONE)
		return DN_APPLY;
	if (member_status_of(st) == MEMBER_STATUS_DRAFT)
		/* a saved draft has chosen where to join */
		return cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(dash_member(d), "org")) ||
		       cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(dash_member(d), "level"))
		       ? DN_CONTINUE : DN_APPLY;
	if (member_status_of(st) == MEMBER_STATUS_REJECTED)
		return DN_FIX;
	if (member_status_of(st) == MEMBER_STATUS_PENDING_PAYMENT)
		return DN_PAY;
	if (member_status_of(st) == MEMBER_STATUS_GRACE || member_status_of(st) == MEMBER_STATUS_EXPIRED)
		return DN_RENEW;
	if (member_status_of(st) == MEMBER_STATUS_ACTIVE &&
	    days_until(json_s(dash_member(d), "valid_until"), &days) &&
	    days <= DASH_RENEW_DAYS)
		return DN_RENEW;
	return DN_NONE;
}

static const char *dash_next_label(enum dash_next n)
{
	switch (n) {
	case DN_APPLY:    return _("Apply for membership");
	case DN_CONTINUE: return _("Continue your application");
	case DN_FIX:      return _("Complete your details");
	case DN_PAY:      return _("Pay the dues");
	case DN_RENEW:    return _("Renew");
	default:          return NULL;
	}
}

static int dash_open(struct screen *s, void *arg)
{
	struct dashboard *d = s->priv;

	s->title = _("Member centre");
	s->help = _("Arrows choose  Enter open  letter: go there  o sign out");
	d->sel = 0;
	dash_load(s);
	return 0;
}

static void dash_reply(struct screen *s, const struct api_reply *r)
{
	struct dashboard *d = s->priv;
	const cJSON *acc, *items;

	if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED) {
		app_reply_error(s, r);
		return;
	}
	if (r->tag == T_NOTICES) {
		/* notices are a bonus: without them the centre still works */
		items = cJSON_GetObjectItemCaseSensitive(r->json, "items");
		d->notices_failed = !(r->err == ERR_OK && cJSON_IsArray(items));
		if (!d->notices_failed) {
			cJSON_Delete(d->notices);
			d->notices = cJSON_Duplicate(items, 1);
		}
		return;
	}
	if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
		free(d->error);
		d->error = xstrdup(r->err != ERR_OK ? (r->server_message ? r->server_message : r->message)
		                   : _(err_message(ERR_BAD_REPLY)));
		return;
	}
	xfree(&d->error);
	cJSON_Delete(d->me);
	d->me = cJSON_Duplicate(r->json, 1);
	d->fetched = time(NULL);
	acc = cJSON_GetObjectItemCaseSensitive(r->json, "account");
	if (!cJSON_IsObject(acc))
		acc = r->json;
	app_session_set(s->app, NULL, acc);
	/* the next action, when there is one, is where Enter goes first; a new
	 * one (the status moved on) takes the focus again */
	if ((int)dash_next(d) != d->last_next && dash_next(d) != DN_NONE)
		d->sel = -1;
	d->last_next = (int)dash_next(d);
	if (d->sel < 0 && dash_next(d) == DN_NONE)
		d->sel = 0;
}

/* Label column: wide enough for "Unread messages", narrow in Chinese. */
static int dash_label_cols(void)
{
	const char *labels[] = { _("Status"), _("Level"), _("Member no."), _("Valid until"),
	                         _("Unread messages"), _("Joined via") };
	size_t i;
	int m = 0;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if ((int)utf8_width(labels[i]) > m)
			m = (int)utf8_width(labels[i]);
	return m > 16 ? 16 : m;
}

static void dash_label_value(int y, int x, int w, const char *label, const char *value,
                             attr_t a)
{
	int lw = dash_label_cols();
	char *lab = utf8_pad(label, (size_t)lw);

	ui_print(y, x, lw, lab, ui_attr(UI_LABEL));
	ui_print(y, x + lw + 2, w - lw - 2, value && *value ? value : "-", a);
	free(lab);
}

#define DASH_STATUS_LINES 2

/* The status (with the reviewer's reason) beside its label, wrapped onto
 * a second line rather than cut; what is still too long ends in "…".
 * Returns the rows used. */
static int dash_status_rows(int y, int x, int w, const char *text, attr_t a)
{
	int lw = dash_label_cols(), vw = w - lw - 2, n, i;
	size_t starts[DASH_STATUS_LINES], lens[DASH_STATUS_LINES];
	char *lab = utf8_pad(_("Status"), (size_t)lw);

	ui_print(y, x, lw, lab, ui_attr(UI_LABEL));
	free(lab);
	n = ui_wrap(text, vw, starts, lens, DASH_STATUS_LINES);
	for (i = 0; i < n && i < DASH_STATUS_LINES; i++) {
		size_t len = lens[i];
		char *line;

		if (i == DASH_STATUS_LINES - 1 && n > DASH_STATUS_LINES) {
			/* the last line shown carries the rest, cut with "…" but
			 * keeping the closing bracket of the reason */
			const char *rest = text + starts[i], *last = rest + strlen(rest);
			char *head;

			while (last > rest && ((unsigned char)last[-1] & 0xc0) == 0x80)
				last--;
			if (last > rest)
				last--;
			head = xstrndup(rest, (size_t)(last - rest));
			line = ui_cut(head, vw - (int)utf8_width(last));
			free(head);
			head = xasprintf("%s%s", line, last);
			free(line);
			line = head;
		} else {
			line = xstrndup(text + starts[i], len);
		}
		ui_print(y + i, x + lw + 2, vw, line, a);
		free(line);
	}
	return n < 1 ? 1 : (n > DASH_STATUS_LINES ? DASH_STATUS_LINES : n);
}

/* Status, level, number, validity, messages; returns the next row. */
static int dash_draw_member(const struct dashboard *d, int row, int x, int w)
{
	const cJSON *m = dash_member(d), *acc = cJSON_GetObjectItemCaseSensitive(d->me, "account");

	const char *st = dash_status(d), *reason = json_s(m, "status_reason");
	const char *name;
	char *t, num[32];
	int half = w / 2;

	if (!cJSON_IsObject(acc))
		acc = d->me;  /* GET /me gives the account's fields at the top */
	name = json_s(m, "name");

	if (!name)
		name = json_s(acc, "username");
	t = xasprintf(_("Hello, %s."), name ? name : "");
	ui_print(row, x, w, t, ui_attr(UI_HEADING));
	{
		/* which account this is, for a shared front-desk terminal */
		int used = (int)utf8_width(t) + 2;
		char *who = xasprintf("%s · %s · %s", json_s(acc, "username") ? json_s(acc, "username") : "",
		                      json_s(acc, "email") ? json_s(acc, "email") : "",
		                      json_s(acc, "mobile") ? json_s(acc, "mobile") : "");

		if (used < w)
			ui_print(row, x + used, w - used, who, ui_attr(UI_DIM));
		free(who);
	}
	row++;
	free(t);
	if (st && member_status_of(st) == MEMBER_STATUS_REJECTED && reason && *reason)
		t = xasprintf(_("%s (%s)"), member_status_words(st), reason);
	else
		t = xstrdup(member_status_words(st));
	if (d->error) {
		/* the server did not answer: this is what it said before */
		char when[16] = "", *old = t;
		struct tm tm;

		if (localtime_r(&d->fetched, &tm))
			strftime(when, sizeof(when), "%H:%M", &tm);
		t = xasprintf(_("%s [as of %s, not current]"), old, when);
		free(old);
	}
	row += dash_status_rows(row, x, w, t,
	                        d->error ? ui_attr(UI_DIM)
	                        : ui_attr(member_status_of(st) == MEMBER_STATUS_REJECTED ||
	                                  member_status_of(st) == MEMBER_STATUS_EXPIRED
	                                  ? UI_ERROR : UI_NORMAL) | A_BOLD);
	free(t);
	dash_label_value(row, x, half, _("Level"), lang_name_of(m, "level"), ui_attr(UI_NORMAL));
	dash_label_value(row++, x + half, w - half, _("Member no."), json_s(m, "member_no"),
	                 ui_attr(UI_NORMAL));
	dash_label_value(row, x, half, _("Valid until"), json_s(m, "valid_until"), ui_attr(UI_NORMAL));
	snprintf(num, sizeof(num), "%lld", json_ll(d->me, "unread_messages", 0));
	dash_label_value(row++, x + half, w - half, _("Unread messages"), num,
	                 ui_attr(json_ll(d->me, "unread_messages", 0) > 0 ? UI_OK : UI_NORMAL));
	dash_label_value(row++, x, w, _("Joined via"), lang_name_of(m, "org"), ui_attr(UI_NORMAL));
	return row;
}

/* Notices shown on the centre (at most DASH_NOTICES). */
static int dash_notices_shown(const struct dashboard *d)
{
	int n = d->notices_failed ? 0 : cJSON_GetArraySize(d->notices);

	return n < DASH_NOTICES ? n : DASH_NOTICES;
}

static int dash_draw_notices(const struct dashboard *d, int row, int x, int w, int *cy, int *cx)
{
	const cJSON *n, *list = d->notices_failed ? NULL : d->notices;
	int shown = 0;
	char *more;

	ui_print(row++, x, w, _("Latest notices"), ui_attr(UI_HEADING));
	/* never an error read as "no notices", nor old ones as new */
	if (d->notices_failed)
		ui_print(row++, x + 2, w - 2, _("The notices could not be loaded."), ui_attr(UI_ERROR));
	cJSON_ArrayForEach(n, list) {
		const char *title = NULL;
		char *line, day[16] = "";
		time_t at = (time_t)json_ll(n, "created_at", 0);
		struct tm tm;

		if (shown >= DASH_NOTICES)
			break;
		if (!strcmp(i18n_language(), "en"))
			title = json_s(n, "title_en");
		if (!title || !*title)
			title = json_s(n, "title");
		if (at > 0 && localtime_r(&at, &tm))
			strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		line = xasprintf("%s%s%s%s",
		                 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(n, "pinned")) ||
		                 json_ll(n, "pinned", 0) ? "* " : "  ",
		                 day, *day ? "  " : "", title ? title : "");
		if (d->sel == DASH_SEL_NOTICE + shown) {
			*cy = row;
			*cx = x;
		}
		ui_print(row++, x, w, line,
		         ui_attr(d->sel == DASH_SEL_NOTICE + shown ? UI_SELECTED : UI_NORMAL));
		free(line);
		shown++;
	}
	if (!shown && !d->notices_failed)
		ui_print(row++, x + 2, w - 2, _("No notices."), ui_attr(UI_DIM));
	/* the whole list (公告动态), as the "t" menu entry */
	more = xasprintf("  %s", _("More notices…"));
	if (d->sel == DASH_SEL_NOTICE + shown) {
		*cy = row;
		*cx = x + 2;
	}
	ui_print(row++, x, w, more,
	         ui_attr(d->sel == DASH_SEL_NOTICE + shown ? UI_SELECTED : UI_LABEL));
	free(more);
	return row;
}

static void dash_draw(struct screen *s)
{
	struct dashboard *d = s->priv;
	int y, x, h, w, row, cols, i, cy = -1, cx = -1;
	enum dash_next next;
	const char *nl;

	app_body(s->app, &y, &x, &h, &w);
	x += 2;
	w -= 4;
	if (!d->me) {
		if (d->error)
			ui_print(y + 1, x, w, d->error, ui_attr(UI_ERROR));
		else
			spinner_draw(y + 1, x, w, app_now_ms(), _("Loading…"));
		return;
	}
	row = dash_draw_member(d, y, x, w);
	if (d->error) {
		/* a refresh that failed says so; the figures above are marked */
		char *t = xasprintf(_("%s Press r to try again."), d->error);

		ui_print(row++, x, w, t, ui_attr(UI_ERROR));
		free(t);
	}
	row++;
	next = dash_next(d);
	nl = dash_next_label(next);
	if (nl) {
		char *t = xasprintf("[ %s ]", nl);
		int lw = (int)utf8_width(_("Next step")) + 2;

		ui_print(row, x, lw, _("Next step"), ui_attr(UI_LABEL));
		ui_print(row, x + lw, w - lw, t, ui_attr(d->sel < 0 ? UI_SELECTED : UI_OK) | A_BOLD);
		if (d->sel < 0) {
			cy = row;
			cx = x + lw + 2;
		}
		free(t);
	} else {
		const char *st = dash_status(d);

		if (member_status_of(st) == MEMBER_STATUS_PENDING_BRANCH ||
		    member_status_of(st) == MEMBER_STATUS_PENDING_HQ)
			ui_print(row, x, w, _("Your application is being reviewed; you will get a message."),
			         ui_attr(UI_DIM));
	}
	row += 2;
	row = dash_draw_notices(d, row, x, w, &cy, &cx);
	row++;
	/* the menu as a grid, filled column by column */
	cols = w / DASH_COL_W;
	if (cols < 1)
		cols = 1;
	{
		int rows_avail = y + h - row, per_col;

		per_col = ((int)DASH_N + cols - 1) / cols;
		if (per_col > rows_avail && rows_avail > 0) {
			/* not enough rows: squeeze into more, narrower columns */
			cols = ((int)DASH_N + rows_avail - 1) / rows_avail;
			per_col = rows_avail;
		}
		for (i = 0; i < (int)DASH_N; i++) {
			int cw = w / cols, r = row + i % per_col, c = x + (i / per_col) * cw;
			char buf[128], hk[8] = "";

			if (dash_menu[i].hotkey && dash_menu[i].hotkey < 128)
				snprintf(hk, sizeof(hk), "%c", (char)dash_menu[i].hotkey);
			snprintf(buf, sizeof(buf), " %s %s", hk, _(dash_menu[i].label));
			ui_print_pad(r, c, cw - 1, buf, ui_attr(i == d->sel ? UI_SELECTED : UI_NORMAL));
			if (i == d->sel) {
				cy = r;
				cx = c + 1;
			}
		}
		d->rows_per_col = per_col;
	}
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

/* Open what a row or the next action leads to. */
static int dash_run(struct screen *s, const struct dash_item *it)
{
	if (it->ops) {
		app_push(s->app, it->ops, NULL, 1);
		return SCR_REDRAW;
	}
	if (it->action == DA_SIGN_OUT)
		scr_logout_confirm(s);
	return SCR_REDRAW;
}

static int dash_run_next(struct screen *s)
{
	struct dashboard *d = s->priv;

	switch (dash_next(d)) {
	case DN_APPLY: case DN_CONTINUE: case DN_FIX:
		app_push(s->app, &scr_join_ops, NULL, 1);
		break;
	case DN_PAY: case DN_RENEW:
		app_push(s->app, &scr_pay_ops, NULL, 1);
		break;
	default:
		break;
	}
	return SCR_REDRAW;
}

/* Up and Down follow the screen from top to bottom: the next action, the
 * notices and "More notices", then the menu column by column. */
static int dash_step(const struct dashboard *d, int sel, int dir)
{
	int more = DASH_SEL_NOTICE + dash_notices_shown(d);
	bool has_next = dash_next(d) != DN_NONE;

	if (dir < 0) {
		if (sel > 0 && sel < (int)DASH_N)
			return sel - 1;
		if (sel == 0)
			return more;
		if (sel > DASH_SEL_NOTICE)
			return sel - 1;
		if (sel == DASH_SEL_NOTICE && has_next)
			return -1;
		return sel;
	}
	if (sel < 0)
		return DASH_SEL_NOTICE;
	if (sel >= DASH_SEL_NOTICE)
		return sel < more ? sel + 1 : 0;
	return sel + 1 < (int)DASH_N ? sel + 1 : sel;
}

/* Enter on a notice opens it (Esc then shows every notice); on "More
 * notices", the list. */
static int dash_run_notice(struct screen *s)
{
	struct dashboard *d = s->priv;
	const cJSON *n = cJSON_GetArrayItem(d->notices, d->sel - DASH_SEL_NOTICE);

	if (d->sel - DASH_SEL_NOTICE >= dash_notices_shown(d) || !n) {
		app_push(s->app, &scr_notices_ops, NULL, 1);
		return SCR_REDRAW;
	}
	d->notice_id = json_ll(n, "id", 0);
	app_push(s->app, &scr_notices_ops, d->notice_id > 0 ? &d->notice_id : NULL, 1);
	return SCR_REDRAW;
}

static int dash_key(struct screen *s, wint_t k)
{
	struct dashboard *d = s->priv;
	int per = d->rows_per_col > 0 ? d->rows_per_col : (int)DASH_N;
	bool has_next = dash_next(d) != DN_NONE;
	size_t i;

	switch (k) {
	case KF(KEY_UP):
		d->sel = dash_step(d, d->sel, -1);
		return SCR_REDRAW;
	case KF(KEY_DOWN): case '\t':
		d->sel = dash_step(d, d->sel, 1);
		return SCR_REDRAW;
	case KF(KEY_RIGHT):
		if (d->sel >= 0 && d->sel < (int)DASH_N && d->sel + per < (int)DASH_N)
			d->sel += per;
		return SCR_REDRAW;
	case KF(KEY_LEFT):
		if (d->sel >= per && d->sel < (int)DASH_N)
			d->sel -= per;
		return SCR_REDRAW;
	case '\r': case '\n': case KF(KEY_ENTER):
		if (d->sel < 0)
			return dash_run_next(s);
		if (d->sel >= DASH_SEL_NOTICE)
			return dash_run_notice(s);
		return dash_run(s, &dash_menu[d->sel]);
	case 'n': case 'N':
		return has_next ? dash_run_next(s) : SCR_IGNORED;
	case 'r': case 'R':
		dash_load(s);
		return SCR_REDRAW;
	default:
		break;
	}
	for (i = 0; i < DASH_N; i++)
		if (dash_menu[i].hotkey && (k == dash_menu[i].hotkey ||
		    (k < 128 && ((unsigned)k | 0x20) == ((unsigned)dash_menu[i].hotkey | 0x20)))) {
			d->sel = (int)i;
			return dash_run(s, &dash_menu[i]);
		}
	return SCR_IGNORED;
}

/* Back from any screen opened here: status, messages and notices may have
 * changed, so look again. */
static void dash_resume(struct screen *s, int tag, int value)
{
	dash_load(s);
}

static void dash_close(struct screen *s)
{
	struct dashboard *d = s->priv;

	cJSON_Delete(d->me);
	cJSON_Delete(d->notices);
	free(d->error);
}

const struct screen_ops scr_dashboard_ops = {
	.name = "dashboard",
	.priv_size = sizeof(struct dashboard),
	.open = dash_open,
	.draw = dash_draw,
	.key = dash_key,
	.reply = dash_reply,
	.resume = dash_resume,
	.close = dash_close,
};
