/* One application under review (GET /review/applications/{id}): the
 * applicant and what they ask for, the profile with the form's labels
 * (GET /forms/{member_type}), a profile change as before -> after, the
 * attachments (download into the download folder, or to a phone by QR) and
 * the history. "a" approves, with an optional note; "x" rejects with a
 * reason typed or picked from the templates; "r" fetches it again. Both
 * are offered only when the officer may decide it now (may_act); else the
 * keys say why not. When someone else decided first (409), the
 * application is fetched again and a dialog says who and when. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "config.h"
#include "ui.h"
#include "screens/join_handoff.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/textview.h"
#include "format.h"
#include "words.h"
#include "reply.h"
#include "text.h"
#include "download.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { T_APP = 1, T_FORM, T_APPROVE, T_REJECT, T_DOWNLOAD };
enum { P_APPROVE = 1, P_REJECT, P_DONE, P_HANDOFF };

#define LABEL_COLS 18

struct review {
	long id;
	cJSON *app;              /* the application as the server sent it */
	cJSON *form;             /* the form schema, for labels; may stay NULL */
	struct textview tv;
	bool built;
	int att;                 /* selected attachment */
	char *reason;            /* from the reason dialog */
	char *doc;               /* hand-off document name */
	struct handoff_arg ho;
	char *saved;             /* path of the last download */
	char *refused;           /* why a or x does nothing here, shown at the foot */
	char help[256];
};

bool staff_app_pending(const char *status)
{
	enum app_status st = app_status_of(status ? status : "");

	return st == APP_STATUS_PENDING_BRANCH || st == APP_STATUS_PENDING_HQ;
}

char *staff_decided_text(const struct api_reply *r)
{
	const char *by, *what;
	char when[32];

	if (r->status != 409 || !cJSON_IsObject(r->fields))
		return NULL;
	by = json_str_or(r->fields, "decided_by", NULL);
	if (!by)
		return NULL;
	what = json_str_or(r->fields, "decision", "");
	unix_time_text(json_int_or(r->fields, "decided_at", 0), when);
	return xasprintf(strcmp(what, "reject") == 0
	                 ? _("Someone else rejected this application first: %s, %s.")
	                 : _("Someone else approved this application first: %s, %s."),
	                 by, when);
}

static bool may_act(const struct review *v)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v->app, "may_act"));
}

/* The key line: approve and reject only where the officer may decide. */
static void review_help(struct screen *s)
{
	struct review *v = s->priv;

	snprintf(v->help, sizeof(v->help), "%s%s", may_act(v) ? _("a approve  x reject  ") : "",
	         _("r refresh  Tab attachment  d download  p phone  q back"));
	s->help = v->help;
}

static const cJSON *atts(const struct review *v)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(v->app, "attachments");

	return cJSON_IsArray(a) ? a : NULL;
}

static int natts(const struct review *v)
{
	return atts(v) ? cJSON_GetArraySize(atts(v)) : 0;
}

static const char *label_of(const struct review *v, const char *name)
{
	return schema_label(v->form, name);
}

static void add_profile(struct review *v, struct sbuf *b, const cJSON *profile)
{
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(v->form, "sections"), *sec, *f, *p;
	char buf[32];

	if (!cJSON_IsObject(profile) || !profile->child)
		return;
	sb_head(b, _("Profile"));
	if (cJSON_IsArray(secs)) {
		/* in the form's order, so it reads like the paper form */
		cJSON_ArrayForEach(sec, secs) {
			cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(sec, "fields")) {
				const char *n = json_str_or(f, "name", NULL);

				p = n ? cJSON_GetObjectItemCaseSensitive(profile, n) : NULL;
				if (p)
					sb_kv(b, LABEL_COLS, label_of(v, n),
					      schema_option_label(v->form, n, json_value_text(p, buf)));
			}
		}
		return;
	}
	cJSON_ArrayForEach(p, profile)
		sb_kv(b, LABEL_COLS, p->string, json_value_text(p, buf));
}

static void add_change(struct review *v, struct sbuf *b, const char *field, const char *label,
                       const cJSON *before, const cJSON *after)
{
	char b1[32], b2[32], *line;

	line = xasprintf("%s -> %s", *json_value_text(before, b1) ? json_value_text(before, b1) : "-",
	                 *json_value_text(after, b2) ? json_value_text(after, b2) : "-");
	sb_kv(b, LABEL_COLS, label && *label ? label : label_of(v, field), line);
	free(line);
}

static void add_changes(struct review *v, struct sbuf *b)
{
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(v->app, "changes"), *c;
	const cJSON *before = cJSON_GetObjectItemCaseSensitive(v->app, "before");
	const cJSON *after = cJSON_GetObjectItemCaseSensitive(v->app, "profile");

	if (cJSON_IsArray(ch) && ch->child) {
		sb_head(b, _("Changes asked for (before -> after)"));
		cJSON_ArrayForEach(c, ch) {
			const char *f = json_str_or(c, "field", json_str_or(c, "name", ""));

			add_change(v, b, f, text_or(lang_text(c, "label"), ""),
			           cJSON_GetObjectItemCaseSensitive(c, "before"),
			           cJSON_GetObjectItemCaseSensitive(c, "after"));
		}
		return;
	}
	if (!cJSON_IsObject(before))
		before = cJSON_GetObjectItemCaseSensitive(v->app, "before_values");
	if (cJSON_IsObject(before) && cJSON_IsObject(after)) {
		sb_head(b, _("Changes asked for (before -> after)"));
		cJSON_ArrayForEach(c, after)
			add_change(v, b, c->string, NULL,
			           cJSON_GetObjectItemCaseSensitive(before, c->string), c);
	}
}

static void review_build(struct screen *s)
{
	struct review *v = s->priv;
	const cJSON *a = v->app, *it;
	const char *kind = json_str_or(a, "kind", "");
	struct sbuf b = { 0 };
	char t1[32], nb[32], *hd;
	int i = 0;

	hd = xasprintf(_("Application #%ld"), v->id);
	sb_head(&b, hd);
	free(hd);
	sb_kv(&b, LABEL_COLS, _("Kind"), app_kind_words(kind));
	sb_kv(&b, LABEL_COLS, _("Stage"), app_status_words(json_str_or(a, "status", "")));
	if (!staff_app_pending(json_str_or(a, "status", "")))
		sb_add(&b, "%s\n", _("(This application has been decided.)"));
	else if (!may_act(v))
		sb_add(&b, "(%s)\n", *json_str_or(a, "may_act_reason", "")
		       ? json_str_or(a, "may_act_reason", "")
		       : _("You may look at this application, but it is not yours to decide at this stage."));
	it = cJSON_GetObjectItemCaseSensitive(a, "last_decision");
	if (cJSON_IsObject(it)) {
		char *ld = xasprintf(_("%s by %s, %s"),
		                     app_action_words(json_str_or(it, "decision", "")),
		                     json_str_or(it, "by", ""),
		                     unix_time_text(json_int_or(it, "at", 0), t1));

		sb_kv(&b, LABEL_COLS, _("Last decision"), ld);
		free(ld);
	}
	it = cJSON_GetObjectItemCaseSensitive(a, "identity_matches");
	if (cJSON_IsArray(it) && it->child)
		sb_add(&b, "%s\n", _("(!) A member already holds this resident ID number or credit code."));
	it = cJSON_GetObjectItemCaseSensitive(a, "applicant");
	if (cJSON_IsObject(it)) {
		sb_kv(&b, LABEL_COLS, _("Applicant"),
		      json_str_or(it, "name", json_str_or(a, "applicant_name", "")));
		sb_kv(&b, LABEL_COLS, _("Username"), json_str_or(it, "username", ""));
		sb_kv(&b, LABEL_COLS, _("Member no."), json_str_or(it, "member_no", ""));
	} else {
		sb_kv(&b, LABEL_COLS, _("Applicant"),
		      json_str_or(a, "applicant_name", json_str_or(a, "username", "")));
	}
	sb_kv(&b, LABEL_COLS, _("Member type"),
	      member_type_words(json_str_or(a, "member_type", "")));
	sb_kv(&b, LABEL_COLS, _("Organisation"), lang_name_of(a, "org"));
	if (app_kind_of(kind) == APP_KIND_LEVEL_CHANGE)
		sb_kv(&b, LABEL_COLS, _("Level from"), lang_name_of(a, "from_level"));
	sb_kv(&b, LABEL_COLS, app_kind_of(kind) == APP_KIND_LEVEL_CHANGE ? _("Level to") : _("Level"),
	      lang_name_of(a, "level"));
	sb_kv(&b, LABEL_COLS, _("Submitted"), unix_time_text(json_int_or(a, "submitted_at", 0), t1));
	if (*json_str_or(a, "reason", ""))
		sb_kv(&b, LABEL_COLS, _("Applicant's reason"), json_str_or(a, "reason", ""));
	if (*json_str_or(a, "status_reason", ""))
		sb_kv(&b, LABEL_COLS, _("Review reason"), json_str_or(a, "status_reason", ""));
	if (app_kind_of(kind) != APP_KIND_JOIN)
		add_changes(v, &b);   /* profile and level changes: before -> after */
	else
		add_profile(v, &b, cJSON_GetObjectItemCaseSensitive(a, "profile"));
	if (natts(v)) {
		sb_head(&b, _("Attachments (Tab choose, d download, p phone)"));
		cJSON_ArrayForEach(it, atts(v)) {
			char size[48];
			long long n = json_int_or(it, "size", 0);

			if (n >= 1024 * 1024)
				snprintf(size, sizeof(size), "%.1f MB", (double)n / (1024.0 * 1024.0));
			else if (n >= 1024)
				snprintf(size, sizeof(size), "%.1f KB", (double)n / 1024.0);
			else
				snprintf(size, sizeof(size), "%lld B", n);
			sb_add(&b, "%s %d. %s  (%s, %s)\n", i == v->att ? ">" : " ", i + 1,
			       json_str_or(it, "name", ""), json_str_or(it, "content_type", ""), size);
			i++;
		}
	}
	it = cJSON_GetObjectItemCaseSensitive(a, "history");
	if (cJSON_IsArray(it) && it->child) {
		const cJSON *e;

		sb_head(&b, _("History"));
		cJSON_ArrayForEach(e, it) {
			const char *actor = json_str_or(e, "actor", NULL);
			const cJSON *ao = cJSON_GetObjectItemCaseSensitive(e, "actor");

			if (cJSON_IsObject(ao))
				actor = json_str_or(ao, "username", json_str_or(ao, "name", ""));
			if (!actor)
				actor = json_str_or(e, "actor_username", json_text(e, "actor_account_id", nb));
			sb_add(&b, "%s  %s  %s -> %s  %s\n",
			       unix_time_text(json_int_or(e, "at", 0), t1),
			       app_action_words(json_str_or(e, "action", "")),
			       app_status_words(json_str_or(e, "from_status", "")),
			       app_status_words(json_str_or(e, "to_status", "")), actor);
			if (*json_str_or(e, "reason", ""))
				sb_add(&b, "    %s\n", json_str_or(e, "reason", ""));
		}
	}
	{
		int top = v->tv.top;

		textview_set(&v->tv, b.s ? b.s : "");
		v->tv.top = top;
	}
	sb_free(&b);
	v->built = true;
}

static void review_fetch(struct screen *s)
{
	struct review *v = s->priv;
	char path[64];

	snprintf(path, sizeof(path), "/review/applications/%ld", v->id);
	app_request(s, T_APP, "GET", path, NULL);
}

static int review_open(struct screen *s, void *arg)
{
	struct review *v = s->priv;

	v->id = arg ? *(const long *)arg : 0;
	s->title = _("Application");
	review_help(s);
	review_fetch(s);
	return 0;
}

static void review_draw(struct screen *s)
{
	struct review *v = s->priv;
	int y, x, h, w;

	app_body(s->app, &y, &x, &h, &w);
	if (!v->built) {
		ui_print(y + 1, x + 2, w - 4, _("Loading..."), ui_attr(UI_DIM));
		return;
	}
	textview_draw(&v->tv, y, x + 1, h - 1, w - 2);
	if (v->refused) {
		ui_print(y + h - 1, x + 1, w - 2, v->refused, ui_attr(UI_ERROR));
	} else if (v->saved) {
		char *msg = xasprintf(_("Saved to %s"), v->saved);

		ui_print(y + h - 1, x + 1, w - 2, msg, ui_attr(UI_OK));
		free(msg);
	}
}

static const cJSON *att_sel(const struct review *v)
{
	return atts(v) ? cJSON_GetArrayItem(atts(v), v->att) : NULL;
}

static int review_key(struct screen *s, wint_t k)
{
	struct review *v = s->priv;
	char path[128];

	if (!v->built)
		return SCR_IGNORED;
	xfree(&v->refused);
	if ((k == 'a' || k == 'x') && !may_act(v)) {
		const char *why = json_str_or(v->app, "may_act_reason", "");

		if (!staff_app_pending(json_str_or(v->app, "status", "")))
			why = _("This application has been decided.");
		v->refused = xstrdup(*why ? why : _("This application is not yours to decide."));
		return SCR_REDRAW;
	}
	switch (k) {
	case 'q':
		return SCR_CLOSE;
	case 'r':
		xfree(&v->saved);
		review_fetch(s);
		return SCR_REDRAW;
	case KF(KEY_UP): case KF(KEY_DOWN): case KF(KEY_PPAGE): case KF(KEY_NPAGE):
	case KF(KEY_HOME): case KF(KEY_END): case ' ':
		textview_key(&v->tv, k);
		return SCR_REDRAW;
	case 'a': {
		struct staff_reason_arg ra = {
			.title = _("Approve this application?"), .optional = true, .note = true,
			.result = &v->reason,
		};
		xfree(&v->reason);
		app_push(s->app, &scr_staff_reason_ops, &ra, P_APPROVE);
		return SCR_REDRAW;
	}
	case 'x': {
		struct staff_reason_arg ra = {
			.title = _("Reject: reason"), .scope = "application", .result = &v->reason,
		};
		xfree(&v->reason);
		app_push(s->app, &scr_staff_reason_ops, &ra, P_REJECT);
		return SCR_REDRAW;
	}
	case '\t':
		if (natts(v)) {
			v->att = (v->att + 1) % natts(v);
			review_build(s);
		}
		return SCR_REDRAW;
	case 'd': {
		const cJSON *at = att_sel(v);

		if (!at)
			return SCR_HANDLED;
		snprintf(path, sizeof(path), "/application/attachments/%lld",
		         (long long)json_int_or(at, "id", 0));
		app_request(s, T_DOWNLOAD, "GET", path, NULL);
		return SCR_REDRAW;
	}
	case 'p': {
		const cJSON *at = att_sel(v);

		if (!at)
			return SCR_HANDLED;
		free(v->doc);
		v->doc = xasprintf("attachment:%lld", (long long)json_int_or(at, "id", 0));
		memset(&v->ho, 0, sizeof(v->ho));
		v->ho.title = _("Download on a phone");
		v->ho.purpose = "download";
		v->ho.doc = v->doc;
		app_push(s->app, &scr_handoff_ops, &v->ho, P_HANDOFF);
		return SCR_REDRAW;
	}
	default:
		return SCR_IGNORED;
	}
}

static void review_resume(struct screen *s, int tag, int value)
{
	struct review *v = s->priv;
	char path[96];
	cJSON *body;

	if (tag == P_APPROVE && value == 1) {
		snprintf(path, sizeof(path), "/review/applications/%ld/approve", v->id);
		body = cJSON_CreateObject();
		if (v->reason && *v->reason)
			json_add_str(body, "reason", v->reason);
		app_request(s, T_APPROVE, "POST", path, body);
	} else if (tag == P_REJECT && value == 1 && v->reason) {
		snprintf(path, sizeof(path), "/review/applications/%ld/reject", v->id);
		body = cJSON_CreateObject();
		json_add_str(body, "reason", v->reason);
		app_request(s, T_REJECT, "POST", path, body);
	} else if (tag == P_DONE) {
		app_close(s, 1);
	}
}

static void review_reply(struct screen *s, const struct api_reply *r)
{
	struct review *v = s->priv;
	char *why = NULL;

	if (r->err != ERR_OK) {
		why = (r->tag == T_APPROVE || r->tag == T_REJECT) ? staff_decided_text(r) : NULL;
		if (why) {
			/* someone else was first: show what they did, say who */
			review_fetch(s);
			dialog_message(s->app, r->tag == T_APPROVE ? _("Approve") : _("Reject"), why, 0);
			free(why);
			return;
		}
		app_reply_error(s, r);
		if (r->tag == T_APPROVE || r->tag == T_REJECT)
			review_fetch(s);     /* what stands now (e.g. a second officer's rule) */
		return;
	}
	switch (r->tag) {
	case T_APP:
		if (!cJSON_IsObject(r->json))
			return;
		cJSON_Delete(v->app);
		v->app = cJSON_Duplicate(r->json, 1);
		if (!v->form) {
			char fpath[64];

			snprintf(fpath, sizeof(fpath), "/forms/%s",
			         member_type_of(json_str_or(v->app, "member_type", NULL)) == MEMBER_TYPE_UNIT
			         ? "unit" : "individual");
			app_request(s, T_FORM, "GET", fpath, NULL);
		}
		review_build(s);
		review_help(s);
		break;
	case T_FORM:
		if (cJSON_IsObject(r->json)) {
			v->form = cJSON_Duplicate(r->json, 1);
			review_build(s);
		}
		break;
	case T_APPROVE:
		dialog_message(s->app, _("Approve"), _("The application was approved."), P_DONE);
		break;
	case T_REJECT:
		dialog_message(s->app, _("Reject"), _("The application was rejected."), P_DONE);
		break;
	case T_DOWNLOAD:
		if (!download_reply(s->app, json_str_or(att_sel(v), "name", "attachment"), r,
		                    DOWNLOAD_ANY, &v->saved, &why))
			dialog_error(s->app, why, 0);
		free(why);
		break;
	default:
		break;
	}
}

static void review_close(struct screen *s)
{
	struct review *v = s->priv;

	cJSON_Delete(v->app);
	cJSON_Delete(v->form);
	textview_free(&v->tv);
	free(v->reason);
	free(v->doc);
	free(v->saved);
	free(v->refused);
}

const struct screen_ops scr_staff_review_ops = {
	.name = "staff_review", .priv_size = sizeof(struct review),
	.open = review_open, .draw = review_draw, .key = review_key, .reply = review_reply,
	.resume = review_resume, .close = review_close,
};
