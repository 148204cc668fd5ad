/* The review queue: applications waiting for review, filtered by stage,
 * kind and branch (GET /review/applications?stage=&kind=&org_id=), one
 * server page at a time. Space marks rows; "a" approves the marked ones
 * (or the highlighted one) one request after the other and says how many
 * went through; Enter opens an application. The server decides what the
 * officer may see and do: a branch officer gets only their branch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "format.h"
#include "words.h"
#include "reply.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { T_LIST = 1, T_ORGS, T_APPROVE };
enum { P_CONFIRM = 1, P_DETAIL, P_DONE };

static const char *const stages[] = { "", "branch", "hq" };
static const char *const kinds[] = { "", "join", "profile_change", "level_change", "branch_join" };
#define NSTAGES 3
#define NKINDS 5

struct queue {
	cJSON *list;            /* the last page: {"items":[…],"total",…} */
	cJSON *orgs;            /* GET /orgs items, for the branch filter */
	struct stable t;
	bool *marked;           /* per row of the page */
	int stage, kind, org;   /* filter indexes; org 0 = any, else orgs[org-1] */
	int page;
	bool loaded;
	/* approving several: ids left to send, and what came back */
	long *todo;
	int ntodo, next, ok, failed;
	char *first_error;
	long open_id;
};

static const cJSON *items(const struct queue *q)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(q->list, "items");

	return cJSON_IsArray(it) ? it : NULL;
}

static const cJSON *org_at(const struct queue *q, int i)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(q->orgs, "items");

	return cJSON_IsArray(it) ? cJSON_GetArrayItem(it, i) : NULL;
}

static int org_count(const struct queue *q)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(q->orgs, "items");

	return cJSON_IsArray(it) ? cJSON_GetArraySize(it) : 0;
}

static void queue_fetch(struct screen *s)
{
	struct queue *q = s->priv;
	char path[256];
	int n;

	n = snprintf(path, sizeof(path), "/review/applications?page=%d&per_page=50", q->page);
	if (*stages[q->stage])
		n += snprintf(path + n, sizeof(path) - (size_t)n, "&stage=%s", stages[q->stage]);
	if (*kinds[q->kind])
		n += snprintf(path + n, sizeof(path) - (size_t)n, "&kind=%s", kinds[q->kind]);
	if (q->org > 0) {
		long long id = json_int_or(org_at(q, q->org - 1), "id", 0);

		snprintf(path + n, sizeof(path) - (size_t)n, "&org_id=%lld", id);
	}
	app_cancel_requests(s);
	app_request(s, T_LIST, "GET", path, NULL);
}

static int queue_open(struct screen *s, void *arg)
{
	struct queue *q = s->priv;

	(void)arg;
	s->title = _("Review queue");
	s->help = _("Space mark  a approve  Enter open  s stage  k kind  b branch  r refresh");
	q->page = 1;
	if (!staff_is_branch(s->app))
		app_request(s, T_ORGS, "GET", "/orgs", NULL);
	queue_fetch(s);
	return 0;
}

/* The applicant's name, whatever the server calls it. */
static const char *applicant(const cJSON *a, char buf[32])
{
	const char *n = json_str_or(a, "applicant_name", NULL);
	const cJSON *who;

	if (n && *n)
		return n;
	who = cJSON_GetObjectItemCaseSensitive(a, "applicant");
	if (cJSON_IsObject(who)) {
		n = json_str_or(who, "name", json_str_or(who, "username", NULL));
		if (n)
			return n;
	}
	n = json_str_or(a, "username", NULL);
	if (n)
		return n;
	return json_text(a, "account_id", buf);
}

/* The stage in a word: the queue's column is narrow. */
static const char *stage_words(const char *status)
{
	if (app_status_of(status) == APP_STATUS_PENDING_BRANCH)
		return _("Branch");
	if (app_status_of(status) == APP_STATUS_PENDING_HQ)
		return _("HQ");
	return app_status_words(status);
}

static const char *org_name(const cJSON *a)
{
	return text_or(lang_name_of(a, "org"), text_or(lang_name_of(a, "review_org"), ""));
}

static void queue_draw(struct screen *s)
{
	struct queue *q = s->priv;
	const cJSON *it = items(q), *a;
	int y, x, h, w, rows, i, namew;
	char buf[256], pg[64], idb[32], nb[32], tb[32];
	const char *org = _("all");

	app_body(s->app, &y, &x, &h, &w);
	if (q->org > 0)
		org = text_or(lang_name(org_at(q, q->org - 1)), "");
	snprintf(buf, sizeof(buf), _("Stage: %s   Kind: %s   Branch: %s"),
	         q->stage == 0 ? _("all") : q->stage == 1 ? _("branch review") : _("HQ review"),
	         q->kind == 0 ? _("all") : app_kind_words(kinds[q->kind]),
	         staff_is_branch(s->app) ? _("mine") : org);
	ui_print(y, x + 1, w - 2, buf, ui_attr(UI_LABEL));
	namew = w - 2 - (3 + 5 + 14 + 8 + 14 + 11 + 6 * 2);
	if (namew < 10)
		namew = 10;
	{
		const char *head[] = { "", _("No."), _("Kind"), _("Stage"), _("Applicant"),
		                       _("Organisation"), _("Submitted") };
		int widths[] = { 3, 5, 14, 8, namew, 14, 11 };
		char *line = staff_row(7, head, widths);

		ui_print(y + 1, x + 1, w - 2, line, ui_attr(UI_HEADING));
		free(line);
	}
	rows = h - 3;
	if (!it) {
		ui_print(y + 3, x + 2, w - 4, q->loaded ? _("The queue could not be loaded.") : _("Loading..."),
		         ui_attr(UI_DIM));
		return;
	}
	q->t.n = cJSON_GetArraySize(it);
	stable_fit(&q->t, rows);
	if (q->t.n == 0)
		ui_print(y + 3, x + 2, w - 4, _("Nothing waits for review."), ui_attr(UI_DIM));
	for (i = 0; i < rows && q->t.top + i < q->t.n; i++) {
		int r = q->t.top + i;
		const char *cells[7];
		int widths[] = { 3, 5, 14, 8, namew, 14, 11 };
		char *line, when[32];
		int64_t at;

		a = cJSON_GetArrayItem(it, r);
		at = json_int_or(a, "submitted_at", json_int_or(a, "created_at", 0));
		unix_time_text(at, when);
		cells[0] = q->marked && q->marked[r] ? "[x]" : "[ ]";
		snprintf(idb, sizeof(idb), "#%s", json_text(a, "id", nb));
		cells[1] = idb;
		cells[2] = app_kind_words(json_str_or(a, "kind", ""));
		cells[3] = stage_words(json_str_or(a, "status", ""));
		cells[4] = applicant(a, tb);
		cells[5] = org_name(a);
		cells[6] = when[0] ? when + 5 : "";   /* MM-DD HH:MM */
		line = staff_row(7, cells, widths);
		ui_print_pad(y + 2 + i, x + 1, w - 2, line,
		             ui_attr(r == q->t.sel ? UI_SELECTED : UI_NORMAL));
		free(line);
	}
	ui_print(y + h - 1, x + 1, w - 2, staff_page_text(q->list, pg), ui_attr(UI_DIM));
}

static void approve_next(struct screen *s)
{
	struct queue *q = s->priv;
	char path[96], msg[512];

	if (q->next < q->ntodo) {
		snprintf(path, sizeof(path), "/review/applications/%ld/approve", q->todo[q->next]);
		app_request(s, T_APPROVE, "POST", path, cJSON_CreateObject());
		return;
	}
	if (q->failed)
		snprintf(msg, sizeof(msg), _("Approved: %d. Not approved: %d.\n%s"), q->ok, q->failed,
		         q->first_error ? q->first_error : "");
	else
		snprintf(msg, sizeof(msg), _("Approved: %d."), q->ok);
	dialog_message(s->app, _("Approve"), msg, P_DONE);
	xfree(&q->todo);
	xfree(&q->first_error);
	q->ntodo = 0;
}

static int marked_count(const struct queue *q)
{
	int n = 0;

	for (int i = 0; q->marked && i < q->t.n; i++)
		n += q->marked[i];
	return n;
}

static int queue_key(struct screen *s, wint_t k)
{
	struct queue *q = s->priv;
	const cJSON *it = items(q);
	int y, x, h, w;

	app_body(s->app, &y, &x, &h, &w);
	if (q->ntodo)
		return SCR_HANDLED;   /* approving: wait for it */
	switch (stable_key(&q->t, k, h - 3)) {
	case STABLE_MOVED:
		return SCR_REDRAW;
	case STABLE_NEXT_PAGE:
		if (q->page * json_int_or(q->list, "per_page", 50) < json_int_or(q->list, "total", 0)) {
			q->page++;
			queue_fetch(s);
		}
		return SCR_REDRAW;
	case STABLE_PREV_PAGE:
		if (q->page > 1) {
			q->page--;
			queue_fetch(s);
		}
		return SCR_REDRAW;
	default:
		break;
	}
	switch (k) {
	case ' ':
		if (q->marked && q->t.sel < q->t.n) {
			q->marked[q->t.sel] = !q->marked[q->t.sel];
			if (q->t.sel + 1 < q->t.n)
				q->t.sel++;
		}
		return SCR_REDRAW;
	case 's':
		q->stage = (q->stage + 1) % NSTAGES;
		q->page = 1;
		queue_fetch(s);
		return SCR_REDRAW;
	case 'k':
		q->kind = (q->kind + 1) % NKINDS;
		q->page = 1;
		queue_fetch(s);
		return SCR_REDRAW;
	case 'b':
		if (staff_is_branch(s->app) || !org_count(q))
			return SCR_HANDLED;
		q->org = (q->org + 1) % (org_count(q) + 1);
		q->page = 1;
		queue_fetch(s);
		return SCR_REDRAW;
	case 'r':
		queue_fetch(s);
		return SCR_REDRAW;
	case 'a': {
		int n = marked_count(q);
		char msg[160];

		if (!it || q->t.n == 0)
			return SCR_HANDLED;
		if (n == 0) {
			q->marked[q->t.sel] = true;
			n = 1;
		}
		snprintf(msg, sizeof(msg), _("Approve %d selected application(s)?"), n);
		dialog_confirm(s->app, _("Approve"), msg, _("Approve"), _("Cancel"), P_CONFIRM);
		return SCR_REDRAW;
	}
	case '\r': case '\n': case KF(KEY_ENTER):
		if (!it || q->t.n == 0)
			return SCR_HANDLED;
		q->open_id = (long)json_int_or(cJSON_GetArrayItem(it, q->t.sel), "id", 0);
		if (q->open_id > 0)
			app_push(s->app, &scr_staff_review_ops, &q->open_id, P_DETAIL);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void queue_resume(struct screen *s, int tag, int value)
{
	struct queue *q = s->priv;
	const cJSON *it = items(q);

	if (tag == P_CONFIRM) {
		if (value != 1 || !it) {
			return;
		}
		q->todo = xcalloc((size_t)q->t.n + 1, sizeof(long));
		q->ntodo = 0;
		for (int i = 0; i < q->t.n; i++)
			if (q->marked[i])
				q->todo[q->ntodo++] = (long)json_int_or(cJSON_GetArrayItem(it, i), "id", 0);
		q->next = q->ok = q->failed = 0;
		approve_next(s);
	} else if (tag == P_DETAIL || tag == P_DONE) {
		queue_fetch(s);
	}
}

static void queue_reply(struct screen *s, const struct api_reply *r)
{
	struct queue *q = s->priv;

	switch (r->tag) {
	case T_LIST:
		q->loaded = true;
		if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
			app_reply_error(s, r);
			return;
		}
		cJSON_Delete(q->list);
		q->list = cJSON_Duplicate(r->json, 1);
		free(q->marked);
		q->t.n = items(q) ? cJSON_GetArraySize(items(q)) : 0;
		q->marked = xcalloc((size_t)q->t.n + 1, sizeof(bool));
		break;
	case T_ORGS:
		if (r->err == ERR_OK && cJSON_IsObject(r->json)) {
			cJSON_Delete(q->orgs);
			q->orgs = cJSON_Duplicate(r->json, 1);
		}
		break;
	case T_APPROVE:
		if (r->err == ERR_CANCELLED) {
			q->ntodo = q->next;   /* Esc stops the rest */
		} else if (r->err == ERR_OK) {
			q->ok++;
		} else {
			q->failed++;
			if (!q->first_error)
				q->first_error = xasprintf("#%ld: %s", q->todo[q->next],
				                           r->server_message ? r->server_message : r->message);
		}
		q->next++;
		approve_next(s);
		break;
	default:
		break;
	}
}

static void queue_close(struct screen *s)
{
	struct queue *q = s->priv;

	cJSON_Delete(q->list);
	cJSON_Delete(q->orgs);
	free(q->marked);
	free(q->todo);
	free(q->first_error);
}

const struct screen_ops scr_staff_queue_ops = {
	.name = "staff_queue", .priv_size = sizeof(struct queue),
	.open = queue_open, .draw = queue_draw, .key = queue_key, .reply = queue_reply,
	.resume = queue_resume, .close = queue_close,
};
