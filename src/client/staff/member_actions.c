/* What headquarters staff and admins do to a member's record from the
 * member screen (staff/member.c), each audited by the server:
 *
 *	e  edit the record, with a reason          (PUT /members/{id})
 *	k  disable or re-enable the account        (POST /members/{id}/disable|enable)
 *	w  send a password reset code by e-mail    (POST /members/{id}/password-reset)
 *	m  record a payment made outside the system (POST /members/{id}/offline-payment)
 *	z  end the membership, with a reason       (POST /members/{id}/end)
 *
 * Branch officers see the record only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "reply.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum {
	/* children */
	P_EDIT = MEMBER_ACTION_TAGS, P_PAY, P_DISABLE, P_ENABLE, P_RESET, P_END, P_DONE,
	/* requests */
	T_DISABLE, T_ENABLE, T_RESET, T_END,
};

static const cJSON *member_of(const cJSON *record)
{
	return cJSON_GetObjectItemCaseSensitive(record, "member");
}

static bool may_act(const struct screen *s)
{
	return !staff_is_branch(s->app);
}

const char *member_actions_help(const struct screen *s)
{
	if (!may_act(s))
		return _("Up/Down PgUp/PgDn scroll  Esc back");
	return _("e edit  o on/off  w password  c payment  z end  Esc back");
}

static bool disabled(const cJSON *record)
{
	return !strcmp(json_str_or(member_of(record), "account_status", ""), "disabled");
}

/* The record exists once the member submitted their join application. */
static bool applied(const cJSON *record)
{
	const char *st = json_str_or(member_of(record), "effective_status", "");

	return *st && strcmp(st, "none") && strcmp(st, "draft");
}

static const char *who(const cJSON *record)
{
	const cJSON *m = member_of(record);

	return json_str_or(m, "name", json_str_or(m, "username", ""));
}

int member_actions_key(struct screen *s, struct member_actions *ma, const cJSON *record,
                       const cJSON *form, wint_t k)
{
	struct staff_reason_arg ra = { .scope = "member" };
	char *msg;

	if (!record || !may_act(s) || k >= 128)
		return SCR_IGNORED;
	ma->id = (long)json_int_or(member_of(record), "id", 0);
	ma->arg.id = ma->id;
	ma->arg.record = record;
	ma->arg.form = form;
	if (strchr("eEcCzZ", (int)k) && !applied(record)) {
		dialog_message(s->app, _("Member"),
		               _("There is no record yet: the join application was never submitted."), 0);
		return SCR_REDRAW;
	}
	switch (k) {
	case 'e': case 'E':
		app_push(s->app, &scr_staff_record_edit_ops, &ma->arg, P_EDIT);
		return SCR_REDRAW;
	case 'c': case 'C':
		app_push(s->app, &scr_staff_offline_pay_ops, &ma->arg, P_PAY);
		return SCR_REDRAW;
	case 'o': case 'O':
		if (disabled(record)) {
			msg = xasprintf(_("Enable the account of %s? They can sign in again."), who(record));
			dialog_confirm(s->app, _("Enable account"), msg, _("Enable"), _("Cancel"), P_ENABLE);
		} else {
			msg = xasprintf(_("Disable the account of %s? They can no longer sign in and "
			                  "their open sessions end at once."), who(record));
			dialog_confirm(s->app, _("Disable account"), msg, _("Disable"), _("Cancel"),
			               P_DISABLE);
		}
		free(msg);
		return SCR_REDRAW;
	case 'w': case 'W':
		msg = xasprintf(_("Send %s a code to set a new password, to %s?"), who(record),
		                json_str_or(member_of(record), "email", ""));
		dialog_confirm(s->app, _("Password reset"), msg, _("Send"), _("Cancel"), P_RESET);
		free(msg);
		return SCR_REDRAW;
	case 'z': case 'Z':
		ra.title = _("End the membership: reason");
		xfree(&ma->reason);
		ra.result = &ma->reason;
		app_push(s->app, &scr_staff_reason_ops, &ra, P_END);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void post(struct screen *s, struct member_actions *ma, int tag, const char *what,
                 cJSON *body)
{
	char path[96];

	snprintf(path, sizeof(path), "/members/%ld/%s", ma->id, what);
	app_request(s, tag, "POST", path, body ? body : cJSON_CreateObject());
}

static void set_note(struct member_actions *ma, const char *text)
{
	free(ma->note);
	ma->note = text ? xstrdup(text) : NULL;
}

bool member_actions_resume(struct screen *s, struct member_actions *ma, int tag, int value)
{
	cJSON *body;

	switch (tag) {
	case P_EDIT:
		if (value == 1)
			set_note(ma, _("The record was changed; the member was told."));
		return value == 1;
	case P_PAY:
		if (value == 1)
			set_note(ma, _("The payment was recorded: the order is paid."));
		return value == 1;
	case P_DISABLE:
		if (value == 1)
			post(s, ma, T_DISABLE, "disable", NULL);
		return false;
	case P_ENABLE:
		if (value == 1)
			post(s, ma, T_ENABLE, "enable", NULL);
		return false;
	case P_RESET:
		if (value == 1)
			post(s, ma, T_RESET, "password-reset", NULL);
		return false;
	case P_END:
		if (value != 1 || !ma->reason)
			return false;
		body = cJSON_CreateObject();
		json_add_str(body, "reason", ma->reason);
		post(s, ma, T_END, "end", body);
		return false;
	default:
		return false;
	}
}

bool member_actions_reply(struct screen *s, struct member_actions *ma, const struct api_reply *r)
{
	const char *done;

	if (reply_session_gone(s, r))
		return false;
	if (r->err != ERR_OK) {
		char *why = reply_error_text(r);

		dialog_error(s->app, why, P_DONE);
		free(why);
		return false;
	}
	switch (r->tag) {
	case T_DISABLE:
		done = _("The account was disabled; its sessions ended.");
		break;
	case T_ENABLE:
		done = _("The account was enabled.");
		break;
	case T_RESET:
		done = _("A reset code was sent to the member's e-mail.");
		break;
	case T_END:
		done = _("The membership was ended; the member was told.");
		break;
	default:
		return false;
	}
	set_note(ma, done);
	return r->tag != T_RESET;
}

void member_actions_free(struct member_actions *ma)
{
	free(ma->reason);
	free(ma->note);
	ma->reason = ma->note = NULL;
}
