/* Write a message to a filtered set of members: a title, the text, and
 * whether it also goes out by e-mail; the members by status, level,
 * branch (headquarters only: a branch officer reaches their branch) and a
 * validity ending before a date. "Preview" asks the server how many it
 * would reach (POST /broadcasts/preview); "Send" shows that count again in
 * a confirmation and queues it (POST /broadcasts): the server sends in the
 * background and the console goes on. Closes with 1 once queued. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/form.h"
#include "i18n_setup.h"
#include "reply.h"
#include "words.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

#define TITLE_MAX 100
#define BODY_MAX 2000

enum { T_LEVELS = 1, T_ORGS, T_PREVIEW, T_SEND };
enum { P_CONFIRM = 1, P_DONE, P_DISCARD };

struct broadcast_edit {
	struct form form;
	cJSON *levels, *orgs;
	bool built;
	char *previewed;         /* the filter the count is for (JSON text) */
	long long matched;
	bool send_after;         /* preview, then ask to send */
	char *note;
	bool note_ok;
};

static const char *const statuses[] = {
	"active", "grace", "expired", "pending_payment", "pending_hq", "pending_branch",
	"rejected",
};

static void add_source(struct form_field *f, const cJSON *list, bool skip_hq)
{
	const cJSON *o;
	char id[32];

	form_add_option(f, "", _("All"));
	f->sel = 0;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(list, "items")) {
		if (skip_hq && !strcmp(json_str_or(o, "kind", ""), "hq"))
			continue;
		snprintf(id, sizeof(id), "%lld", (long long)json_int_or(o, "id", 0));
		form_add_option(f, id, text_or(lang_name(o), id));
	}
}

static void build(struct screen *s)
{
	struct broadcast_edit *b = s->priv;
	struct form_field *f;

	if (!b->levels || (!b->orgs && !staff_is_branch(s->app)))
		return;
	form_init(&b->form);
	form_add(&b->form, FT_TEXT, "title", _("Title"), FF_REQUIRED, TITLE_MAX, NULL);
	form_add(&b->form, FT_AREA, "body", _("Text"), FF_REQUIRED, BODY_MAX, NULL);
	form_add(&b->form, FT_CHECK, "email", _("Also send it by e-mail"), 0, 0, NULL);
	form_add(&b->form, FT_HEADING, "", _("To the members"), 0, 0, NULL);
	f = form_add(&b->form, FT_SELECT, "status", _("Status"), 0, 0, NULL);
	form_add_option(f, "", _("All"));
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		form_add_option(f, statuses[i], member_status_words(statuses[i]));
	f->sel = 0;
	f = form_add(&b->form, FT_SELECT, "level", _("Level"), 0, 0, NULL);
	add_source(f, b->levels, false);
	if (!staff_is_branch(s->app)) {
		f = form_add(&b->form, FT_SELECT, "org", _("Branch"), 0, 0, NULL);
		add_source(f, b->orgs, false);
	}
	form_add(&b->form, FT_TEXT, "expiring_before", _("Valid until before (YYYY-MM-DD)"), 0, 10,
	         "date");
	form_add(&b->form, FT_BUTTON, "preview", _("Preview: how many?"), 0, 0, NULL);
	form_add(&b->form, FT_BUTTON, "send", _("Send"), 0, 0, NULL);
	form_add(&b->form, FT_BUTTON, "cancel", _("Cancel"), 0, 0, NULL);
	b->built = true;
}

static int be_open(struct screen *s, void *arg)
{
	struct broadcast_edit *b = s->priv;

	(void)arg;
	s->title = _("New message to members");
	s->help = _("Tab next field  Left/Right choose  Space tick  Esc back");
	form_init(&b->form);
	app_request(s, T_LEVELS, "GET", "/levels", NULL);
	if (!staff_is_branch(s->app))
		app_request(s, T_ORGS, "GET", "/orgs", NULL);
	return 0;
}

static void be_draw(struct screen *s)
{
	struct broadcast_edit *b = s->priv;

	form_screen_draw(s, &b->form, b->built ? _("Each member gets it in their messages.")
	                                         : _("Loading..."), b->note, b->note_ok, 2);
}

static void set_note(struct broadcast_edit *b, const char *text, bool ok)
{
	free(b->note);
	b->note = text ? xstrdup(text) : NULL;
	b->note_ok = ok;
}

/* The filter as the form says: {status, level, org, expiring_before}. */
static cJSON *filter_json(const struct broadcast_edit *b)
{
	static const char *const keys[] = { "status", "level", "org", "expiring_before" };
	cJSON *f = cJSON_CreateObject();

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *v;

		if (!form_field((struct form *)&b->form, keys[i]))
			continue;
		v = form_value(&b->form, keys[i]);
		if (*v && (!strcmp(keys[i], "level") || !strcmp(keys[i], "org")))
			json_add_int(f, keys[i], strtoll(v, NULL, 10));
		else if (*v)
			json_add_str(f, keys[i], v);
		free(v);
	}
	return f;
}

static void preview(struct screen *s, bool then_send)
{
	struct broadcast_edit *b = s->priv;
	cJSON *body = cJSON_CreateObject(), *f = filter_json(b);

	free(b->previewed);
	b->previewed = cJSON_PrintUnformatted(f);
	b->send_after = then_send;
	cJSON_AddItemToObject(body, "filter", f);
	app_request(s, T_PREVIEW, "POST", "/broadcasts/preview", body);
}

static void ask_send(struct screen *s)
{
	struct broadcast_edit *b = s->priv;
	char *title = form_value(&b->form, "title"), *msg;

	msg = xasprintf(_("Send \"%s\"? Members it reaches: %lld. It is queued and sent in the background."),
	                title, b->matched);
	dialog_confirm(s->app, _("Send the message"), msg, _("Send"), _("Cancel"), P_CONFIRM);
	free(msg);
	free(title);
}

static void press(struct screen *s, const char *action)
{
	struct broadcast_edit *b = s->priv;
	cJSON *f;
	char *now;

	if (app_busy(s))
		return;
	set_note(b, NULL, false);
	if (!strcmp(action, "preview")) {
		/* the date must be a date before the server hears of it */
		for (size_t i = 0; i < b->form.n; i++)
			if (!strcmp(b->form.f[i].name, "expiring_before") &&
			    !form_validate_field(&b->form, i))
				return;
		preview(s, false);
		return;
	}
	if (form_validate(&b->form))
		return;
	f = filter_json(b);
	now = cJSON_PrintUnformatted(f);
	cJSON_Delete(f);
	if (b->previewed && !strcmp(now, b->previewed) && b->matched > 0)
		ask_send(s);
	else
		preview(s, true);     /* the count the officer confirms is today's */
	free(now);
}

static void send(struct screen *s)
{
	struct broadcast_edit *b = s->priv;
	bool en = !strcmp(i18n_language(), "en");
	cJSON *body = cJSON_CreateObject();
	char *v;

	cJSON_AddItemToObject(body, "filter", filter_json(b));
	v = form_value(&b->form, "title");
	json_add_str(body, en ? "title_en" : "title_zh", v);
	free(v);
	v = form_value(&b->form, "body");
	json_add_str(body, en ? "body_en" : "body_zh", v);
	free(v);
	json_add_bool(body, "email", form_field(&b->form, "email")->checked);
	app_request(s, T_SEND, "POST", "/broadcasts", body);
}

static int be_key(struct screen *s, wint_t k)
{
	struct broadcast_edit *b = s->priv;

	if (!b->built)
		return SCR_IGNORED;
	switch (form_key(&b->form, k)) {
	case FORM_HANDLED:
		return SCR_REDRAW;
	case FORM_ACTION:
		if (!strcmp(b->form.action, "cancel"))
			return SCR_CLOSE;
		press(s, b->form.action);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void be_reply(struct screen *s, const struct api_reply *r)
{
	struct broadcast_edit *b = s->priv;
	char *msg;

	if (reply_session_gone(s, r))
		return;
	if (r->tag == T_LEVELS || r->tag == T_ORGS) {
		if (r->err != ERR_OK) {
			app_reply_error(s, r);
			return;
		}
		if (r->tag == T_LEVELS)
			b->levels = cJSON_Duplicate(r->json, 1);
		else
			b->orgs = cJSON_Duplicate(r->json, 1);
		build(s);
		return;
	}
	if (r->err != ERR_OK) {
		char *why = reply_error_text(r);

		if (r->fields) {
			const cJSON *f = cJSON_GetObjectItemCaseSensitive(r->fields, "filter");

			form_set_server_errors(&b->form, cJSON_IsObject(f) ? f : r->fields);
		}
		if (r->tag == T_PREVIEW)
			xfree(&b->previewed);
		set_note(b, why, false);
		free(why);
		return;
	}
	if (r->tag == T_PREVIEW) {
		b->matched = json_int_or(r->json, "matched", 0);
		msg = xasprintf(_("Members it would reach: %lld."), b->matched);
		set_note(b, b->matched ? msg : _("No member matches: nothing would be sent."),
		         b->matched > 0);
		free(msg);
		if (b->send_after && b->matched > 0)
			ask_send(s);
		b->send_after = false;
		return;
	}
	msg = xasprintf(_("Queued. Members it reaches: %lld. The list shows how far it has gone."),
	                (long long)json_int_or(r->json, "matched", 0));
	dialog_message(s->app, _("Message to members"), msg, P_DONE);
	free(msg);
}

static void be_resume(struct screen *s, int tag, int value)
{
	if (tag == P_CONFIRM && value == 1)
		send(s);
	else if (tag == P_DONE)
		app_close(s, 1);
}

static void be_close(struct screen *s)
{
	struct broadcast_edit *b = s->priv;

	form_free(&b->form);
	cJSON_Delete(b->levels);
	cJSON_Delete(b->orgs);
	free(b->previewed);
	free(b->note);
}

const struct screen_ops scr_staff_broadcast_edit_ops = {
	.name = "staff_broadcast_edit", .priv_size = sizeof(struct broadcast_edit),
	.open = be_open, .draw = be_draw, .key = be_key, .reply = be_reply,
	.resume = be_resume, .close = be_close,
};
