/* Staff home: what waits for the signed-in officer (GET /review/counts,
 * scoped by the server to their role: a branch officer's branch, or the
 * whole association) and the menu of the console. The counts refresh when
 * the officer comes back from another screen and once a minute. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/screens.h"
#include "staff/staff.h"
#include "widgets/menu.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

#define REFRESH_MS 60000

enum { S_QUEUE = 1, S_TRANSFERS, S_INVOICES, S_NOTICES, S_MEMBERS, S_STATS,
       S_PASSWORD, S_LOGOUT, S_REFUNDS, S_RENEWALS, S_CATALOGUE, S_ACCOUNTS, S_AUDIT,
       S_BROADCAST };
enum { T_COUNTS = 1 };
enum { P_CHILD = 1 };   /* push tag of the console's screens */

static const struct menu_item staff_items[] = {
	{ N_("Review queue"), S_QUEUE, '1' },
	{ N_("Bank transfers"), S_TRANSFERS, '2' },
	{ N_("Invoices"), S_INVOICES, '3' },
	{ N_("Notices"), S_NOTICES, '4' },
	{ N_("Members"), S_MEMBERS, '5' },
	{ N_("Statistics"), S_STATS, '6' },
	{ N_("Refunds"), S_REFUNDS, '7' },
	{ N_("Renewals"), S_RENEWALS, '8' },
	{ N_("Staff accounts"), S_ACCOUNTS, '9' },
	{ N_("Audit log"), S_AUDIT, 'u' },
	{ N_("Catalogue"), S_CATALOGUE, 'c' },
	{ N_("Message members"), S_BROADCAST, 'b' },
	{ N_("Change password"), S_PASSWORD, 'p' },
	{ N_("Sign out"), S_LOGOUT, 'o' },
};

#define NITEMS (sizeof(staff_items) / sizeof(staff_items[0]))

struct staff_home {
	struct menu menu;
	struct menu_item items[NITEMS];   /* those the role may open */
	cJSON *counts;          /* the last GET /review/counts, or NULL */
	bool failed;
	time_t counts_at;       /* when counts came from the server */
	int64_t fetched_ms;
};

bool staff_is_branch(const struct app *app)
{
	return account_role_of(json_str_or(app_session(app)->account, "role", NULL)) ==
	       ACCOUNT_ROLE_BRANCH_STAFF;
}

static void home_fetch(struct screen *s)
{
	struct staff_home *h = s->priv;

	if (app_busy(s))
		return;
	h->fetched_ms = app_now_ms();
	app_request(s, T_COUNTS, "GET", "/review/counts", NULL);
}

static int home_open(struct screen *s, void *arg)
{
	struct staff_home *h = s->priv;
	bool admin = account_role_of(json_str_or(app_session(s->app)->account, "role", NULL)) ==
	             ACCOUNT_ROLE_ADMIN;
	bool branch = staff_is_branch(s->app);
	size_t n = 0;

	(void)arg;
	s->title = _("Staff console");
	s->help = _("Enter or an entry's key opens it  r refresh  p password  o sign out");
	s->wants_tick = true;
	/* staff accounts, the audit log and the catalogue are an administrator's; refunds are
	 * the association's (hq and admins), not a branch's */
	for (size_t i = 0; i < NITEMS; i++) {
		int id = staff_items[i].id;
		if (!admin && (id == S_ACCOUNTS || id == S_AUDIT || id == S_CATALOGUE))
			continue;
		if (branch && id == S_REFUNDS)
			continue;
		h->items[n++] = staff_items[i];
	}
	menu_init(&h->menu, h->items, n);
	home_fetch(s);
	return 0;
}

static int64_t count_at(const cJSON *o, const char *a, const char *b, const char *c)
{
	const cJSON *v = o;

	if (a)
		v = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, a) : NULL;
	if (b)
		v = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, b) : NULL;
	return json_int_or(v, c, 0);
}

static void draw_stage(const cJSON *c, const char *stage, const char *label, int y, int x, int w)
{
	char buf[256];

	snprintf(buf, sizeof(buf), _("%s: join %lld, profile %lld, level %lld, branch %lld"),
	         label,
	         (long long)count_at(c, "applications", stage, "join"),
	         (long long)count_at(c, "applications", stage, "profile_change"),
	         (long long)count_at(c, "applications", stage, "level_change"),
	         (long long)count_at(c, "applications", stage, "branch_join"));
	ui_print(y, x, w, buf, ui_attr(count_at(c, "applications", stage, "total") ? UI_NORMAL : UI_DIM));
}

static void home_draw(struct screen *s)
{
	struct staff_home *h = s->priv;
	const cJSON *acc = app_session(s->app)->account, *c = h->counts;
	int y, x, hh, w, cy = -1, cx = -1, row;
	bool branch = staff_is_branch(s->app);
	char buf[256];

	app_body(s->app, &y, &x, &hh, &w);
	snprintf(buf, sizeof(buf), _("Signed in as %s (%s)."), json_str_or(acc, "username", ""),
	         account_role_words(json_str_or(acc, "role", NULL)));
	ui_print(y + 1, x + 2, w - 4, buf, ui_attr(UI_HEADING));
	row = y + 3;
	if (c && h->failed) {
		/* the server did not answer: these are the counts it gave before */
		char when[16] = "", *t;
		struct tm tm;

		if (localtime_r(&h->counts_at, &tm))
			strftime(when, sizeof(when), "%H:%M", &tm);
		t = xasprintf(_("%s [as of %s, not current]"),
		              branch ? _("Waiting for your branch") : _("Waiting for you"), when);
		ui_print(row++, x + 2, w - 4, t, ui_attr(UI_LABEL));
		free(t);
	} else {
		ui_print(row++, x + 2, w - 4, branch ? _("Waiting for your branch") : _("Waiting for you"),
		         ui_attr(UI_LABEL));
	}
	if (!c) {
		ui_print(row++, x + 4, w - 6, h->failed ? _("The counts could not be loaded.")
		                                         : _("Loading..."), ui_attr(UI_DIM));
		row += 3;
	} else {
		draw_stage(c, "branch", _("Applications at branch review"), row++, x + 4, w - 6);
		if (!branch)
			draw_stage(c, "hq", _("Applications at HQ review"), row++, x + 4, w - 6);
		snprintf(buf, sizeof(buf), _("Bank transfers to confirm: %lld"),
		         (long long)json_int_or(c, "bank_transfers", 0));
		ui_print(row++, x + 4, w - 6, buf, ui_attr(UI_NORMAL));
		snprintf(buf, sizeof(buf), _("Invoices to issue: %lld"),
		         (long long)json_int_or(c, "invoices", 0));
		ui_print(row++, x + 4, w - 6, buf, ui_attr(UI_NORMAL));
		if (branch)
			row++;
	}
	row++;
	menu_draw(&h->menu, row, x + 2, 40, &cy, &cx);
	if (c) {
		/* the counts beside the menu entries they belong to */
		snprintf(buf, sizeof(buf), "(%lld)", (long long)count_at(c, NULL, "applications", "total"));
		ui_print(row, x + 44, 12, buf, ui_attr(UI_DIM));
		snprintf(buf, sizeof(buf), "(%lld)", (long long)json_int_or(c, "bank_transfers", 0));
		ui_print(row + 1, x + 44, 12, buf, ui_attr(UI_DIM));
		snprintf(buf, sizeof(buf), "(%lld)", (long long)json_int_or(c, "invoices", 0));
		ui_print(row + 2, x + 44, 12, buf, ui_attr(UI_DIM));
	}
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static int home_key(struct screen *s, wint_t k)
{
	struct staff_home *h = s->priv;

	if (k == 'r' || k == KF(KEY_F(5))) {
		home_fetch(s);
		return SCR_REDRAW;
	}
	switch (menu_key(&h->menu, k)) {
	case MENU_IGNORED:
		return SCR_IGNORED;
	case S_QUEUE:
		app_push(s->app, &scr_staff_queue_ops, NULL, P_CHILD);
		break;
	case S_TRANSFERS:
		app_push(s->app, &scr_staff_transfers_ops, NULL, P_CHILD);
		break;
	case S_INVOICES:
		app_push(s->app, &scr_staff_invoices_ops, NULL, P_CHILD);
		break;
	case S_NOTICES:
		app_push(s->app, &scr_staff_notices_ops, NULL, P_CHILD);
		break;
	case S_MEMBERS:
		app_push(s->app, &scr_staff_members_ops, NULL, P_CHILD);
		break;
	case S_STATS:
		app_push(s->app, &scr_staff_stats_ops, NULL, P_CHILD);
		break;
	case S_RENEWALS:
		app_push(s->app, &scr_staff_renewals_ops, NULL, P_CHILD);
		break;
	case S_CATALOGUE:
		app_push(s->app, &scr_staff_catalogue_ops, NULL, P_CHILD);
		break;
	case S_REFUNDS:
		app_push(s->app, &scr_staff_refunds_ops, NULL, P_CHILD);
		break;
	case S_ACCOUNTS:
		app_push(s->app, &scr_staff_accounts_ops, NULL, P_CHILD);
		break;
	case S_AUDIT:
		app_push(s->app, &scr_staff_audit_ops, NULL, P_CHILD);
		break;
	case S_BROADCAST:
		app_push(s->app, &scr_staff_broadcasts_ops, NULL, P_CHILD);
		break;
	case S_PASSWORD:
		app_push(s->app, &scr_password_ops, NULL, P_CHILD);
		break;
	case S_LOGOUT:
		scr_logout_confirm(s);
		break;
	default:
		break;
	}
	return SCR_REDRAW;
}

static void home_reply(struct screen *s, const struct api_reply *r)
{
	struct staff_home *h = s->priv;

	if (r->err != ERR_OK) {
		h->failed = true;
		app_reply_error(s, r);
		return;
	}
	if (!cJSON_IsObject(r->json)) {
		h->failed = true;
		return;
	}
	cJSON_Delete(h->counts);
	h->counts = cJSON_Duplicate(r->json, 1);
	h->counts_at = time(NULL);
	h->failed = false;
}

static void home_resume(struct screen *s, int tag, int value)
{
	(void)value;
	/* back from a console screen: something may have been approved
	 * meanwhile (not after an error dialog, which would ask again) */
	if (tag == P_CHILD)
		home_fetch(s);
}

static bool home_tick(struct screen *s, int64_t now_ms)
{
	struct staff_home *h = s->priv;

	if (now_ms - h->fetched_ms >= REFRESH_MS)
		home_fetch(s);
	return false;
}

static void home_close(struct screen *s)
{
	struct staff_home *h = s->priv;

	cJSON_Delete(h->counts);
	h->counts = NULL;
}

const struct screen_ops scr_staff_home_ops = {
	.name = "staff_home", .priv_size = sizeof(struct staff_home),
	.open = home_open, .draw = home_draw, .key = home_key, .reply = home_reply,
	.resume = home_resume, .tick = home_tick, .close = home_close,
};
