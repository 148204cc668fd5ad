/* Staff accounts, for admins (GET /staff/accounts): search by username or
 * e-mail ("/"), filter by status ("s"), role ("t") and branch ("b"); the
 * highlighted account in full under the list. "n" creates one, "e" gives
 * it a new role and branch, "p" a new password (scr_staff_account_edit_ops),
 * "k" disables or enables it after a confirmation: a disabled account's
 * sessions end at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "record_view.h"
#include "staff/staff.h"
#include "format.h"
#include "text.h"
#include "words.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

#define LABEL_COLS 14

enum { P_EDIT = 1 };

struct accounts {
	cJSON *account;          /* copy handed to the editor */
	struct staff_account_arg arg;
};

static const char *status_words(const char *code)
{
	if (!strcmp(code, "active"))
		return _("Enabled");
	if (!strcmp(code, "disabled"))
		return _("Disabled");
	return code;
}

static const char *role_words(const char *code)
{
	return account_role_words(code);
}

static const char *label(const cJSON *e, char buf[RV_CELLSZ])
{
	snprintf(buf, RV_CELLSZ, "%s (%s)", json_str_or(e, "username", ""),
	         account_role_words(json_str_or(e, "role", "")));
	return buf;
}

static char *account_text(struct rv *rv, const cJSON *e)
{
	struct sbuf b = { 0 };
	char t[RV_CELLSZ];
	char *out;

	sb_kv(&b, LABEL_COLS, _("Username"), json_str_or(e, "username", ""));
	sb_kv(&b, LABEL_COLS, _("E-mail"), json_str_or(e, "email", ""));
	sb_kv(&b, LABEL_COLS, _("Mobile"), json_str_or(e, "mobile", ""));
	sb_kv(&b, LABEL_COLS, _("Role"), account_role_words(json_str_or(e, "role", "")));
	sb_kv(&b, LABEL_COLS, _("Branch"), text_or(lang_name_of(e, "org"), "-"));
	sb_kv(&b, LABEL_COLS, _("Status"), status_words(json_str_or(e, "status", "")));
	sb_kv(&b, LABEL_COLS, _("Created"), rv_format(e, "created_at", RV_DATETIME, t));
	rv_format(e, "last_login_at", RV_DATETIME, t);
	sb_kv(&b, LABEL_COLS, _("Last login"), *t ? t : _("never"));
	out = b.s ? b.s : xstrdup("");
	return out;
}

static bool has_row(const struct rv *rv, const cJSON *e)
{
	return e != NULL;
}

static bool is_active(const struct rv *rv, const cJSON *e)
{
	return e && !strcmp(json_str_or(e, "status", ""), "active");
}

static bool is_disabled(const struct rv *rv, const cJSON *e)
{
	return e && !strcmp(json_str_or(e, "status", ""), "disabled");
}

static int edit(struct rv *rv, const cJSON *e, enum staff_account_mode mode)
{
	struct accounts *a = rv->own;

	cJSON_Delete(a->account);
	a->account = e ? cJSON_Duplicate(e, 1) : NULL;
	a->arg.mode = mode;
	a->arg.account = a->account;
	rv_push(rv, &scr_staff_account_edit_ops, &a->arg, P_EDIT);
	return SCR_REDRAW;
}

static int create(struct rv *rv, const cJSON *e)
{
	return edit(rv, NULL, STAFF_ACCOUNT_NEW);
}

static int set_role(struct rv *rv, const cJSON *e)
{
	return edit(rv, e, STAFF_ACCOUNT_ROLE);
}

static int set_password(struct rv *rv, const cJSON *e)
{
	return edit(rv, e, STAFF_ACCOUNT_PASSWORD);
}

static void accounts_resume(struct rv *rv, int tag, int value)
{
	if (tag == P_EDIT && value == 1)
		rv_refresh(rv);
}

static void accounts_close(struct rv *rv)
{
	struct accounts *a = rv->own;

	cJSON_Delete(a->account);
}

static const struct rv_col cols[] = {
	{ .head = N_("Username"), .width = 14, .key = "username" },
	{ .head = N_("E-mail"), .key = "email" },
	{ .head = N_("Role"), .width = 13, .key = "role", .words = role_words },
	{ .head = N_("Branch"), .width = 8, .key = "org", .fmt = RV_NAME },
	{ .head = N_("Status"), .width = 8, .key = "status", .words = status_words },
	{ .head = N_("Last login"), .width = 16, .key = "last_login_at", .fmt = RV_DATETIME },
	{ 0 },
};

static const struct rv_choice statuses[] = {
	{ "", N_("All") }, { "active", N_("Enabled") }, { "disabled", N_("Disabled") },
	{ NULL, NULL },
};

static const struct rv_choice role_choices[] = {
	{ "", N_("All") }, { "branch_staff", "" }, { "hq_staff", "" }, { "admin", "" },
	{ NULL, NULL },
};

static const struct rv_filter filters[] = {
	{ .key = '/', .label = N_("Search"), .param = "q", .kind = RV_F_SEARCH },
	{ .key = 's', .label = N_("Status"), .param = "status", .kind = RV_F_CHOICES,
	  .choices = statuses },
	{ .key = 'k', .label = N_("Role"), .param = "role", .kind = RV_F_CHOICES,
	  .choices = role_choices, .words = role_words },
	{ .key = 'b', .label = N_("Branch"), .param = "org", .kind = RV_F_SOURCE,
	  .source = "/orgs" },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'n', .label = N_("new"), .flags = RV_A_LIST, .run = create },
	{ .key = 'e', .label = N_("role/branch"), .flags = RV_A_LIST, .can = has_row,
	  .run = set_role },
	{ .key = 'w', .label = N_("password"), .flags = RV_A_LIST, .can = has_row,
	  .run = set_password },
	{ .key = 'o', .label = N_("disable"), .flags = RV_A_LIST, .can = is_active,
	  .method = "POST", .path = "/staff/accounts/%lld/disable",
	  .confirm_title = N_("Disable account"),
	  .confirm_one = N_("Disable %s? It can no longer sign in and its open sessions end at once."),
	  .yes = N_("Disable"), .done_one = N_("The account was disabled; its sessions ended."),
	  .done_many = N_("Disabled: %d.") },
	{ .key = 'o', .label = N_("enable"), .flags = RV_A_LIST, .can = is_disabled,
	  .method = "POST", .path = "/staff/accounts/%lld/enable",
	  .confirm_title = N_("Enable account"),
	  .confirm_one = N_("Enable %s? It can sign in again."),
	  .yes = N_("Enable"), .done_one = N_("The account was enabled."),
	  .done_many = N_("Enabled: %d.") },
	{ 0 },
};

static const struct rv_detail detail = { .split = true, .text = account_text };

static const struct rv_decl accounts = {
	.title = N_("Staff accounts"),
	.path = "/staff/accounts",
	.per_page = 50,
	.cols = cols,
	.filters = filters,
	.actions = actions,
	.detail = &detail,
	.empty = N_("No staff account matches."),
	.label = label,
	.own_size = sizeof(struct accounts),
	.resume = accounts_resume,
	.close = accounts_close,
};

const struct screen_ops scr_staff_accounts_ops = RV_SCREEN("staff_accounts", accounts);
