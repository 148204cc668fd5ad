/* Join wizard, last step: everything entered, the uploads and what the
 * server says is still missing, then submit (join_wizard.h: join_review_step_ops). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "format.h"
#include "term_keys.h"
#include "ui.h"
#include "screens/join.h"
#include "screens/join_wizard.h"
#include "widgets/progress.h"
#include "reply.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/money.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

#define REVIEW_LABEL_COLS 16

/* Append "label  value\n" with the label padded to one width; the lines
 * of a multi-line value line up under its first. */
static void add_row(char **text, const char *label, const char *value)
{
	char *pad = utf8_pad(label, REVIEW_LABEL_COLS), *t;
	const char *nl;

	if (!value || !*value)
		value = "-";
	nl = strchr(value, '\n');
	t = xasprintf("%s  %s %.*s\n", *text, pad, nl ? (int)(nl - value) : (int)strlen(value), value);
	free(pad);
	free(*text);
	*text = t;
	if (nl && nl[1])
		add_row(text, "", nl + 1);
}

static void add_line(char **text, const char *line)
{
	char *t = xasprintf("%s%s\n", *text, line);

	free(*text);
	*text = t;
}

/* What a field shows: the option's label for a choice. */
static char *shown_value(const struct form_field *f)
{
	switch (f->type) {
	case FT_SELECT:
		return xstrdup(f->sel >= 0 && (size_t)f->sel < f->nopts ? f->opts[f->sel].label : "");
	case FT_CHECK:
		return xstrdup(f->checked ? _("Yes") : _("No"));
	default:
		break;
	}
	if (id_number_field(f->validator)) {
		char *whole = edit_text(&f->edit), *shown = id_number_masked(whole);

		free(whole);
		return shown;
	}
	return edit_text(&f->edit);
}

/* The summary, made again each time the step is shown. */
static void review_open(struct screen *s)
{
	struct join *j = s->priv;
	char *text = xstrdup(""), money[MONEY_BUFSZ], *v;
	const char *st = json_s(j->app, "status"), *reason = json_s(j->app, "status_reason");
	const cJSON *a, *missing = cJSON_GetObjectItemCaseSensitive(j->app, "missing");
	long long fee = 0;
	const char *level = join_level_name(j, &fee);
	size_t i, k;

	if (st && app_status_of(st) == APP_STATUS_REJECTED && reason) {
		v = xasprintf(_("Returned by the reviewer: %s"), reason);
		add_line(&text, v);
		add_line(&text, "");
		free(v);
	}
	add_row(&text, _("Join through"), join_org_name(j));
	v = level ? xasprintf(_("%s, %s a year"), level, money_format(fee, money)) : NULL;
	add_row(&text, _("Level"), v);
	free(v);
	for (i = 0; i < j->nsec; i++) {
		add_line(&text, "");
		add_line(&text, j->sec[i].title);
		for (k = 0; k < j->sec[i].form.n; k++) {
			const struct form_field *f = &j->sec[i].form.f[k];

			if (f->type == FT_BUTTON || f->type == FT_HEADING)
				continue;
			v = shown_value(f);
			add_row(&text, f->label, v);
			free(v);
		}
	}
	add_line(&text, "");
	add_line(&text, _("Signed application form"));
	cJSON_ArrayForEach(a, join_attachments(j))
		add_row(&text, "", json_s(a, "name"));
	if (!join_attachments(j) || !cJSON_GetArraySize(join_attachments(j)))
		add_row(&text, "", _("Not uploaded yet"));
	if (j->editable && cJSON_IsObject(missing) && missing->child) {
		add_line(&text, "");
		add_line(&text, _("Still needed before you can submit:"));
		cJSON_ArrayForEach(a, missing)
			if (cJSON_IsString(a))
				add_row(&text, "", a->valuestring);
	}
	textview_set(&j->review, text);
	free(text);
}

static void review_draw(struct screen *s, int y, int x, int h, int w)
{
	struct join *j = s->priv;
	const char *st = json_s(j->app, "status");

	textview_draw(&j->review, y, x, h - 2, w);
	if (!j->editable) {
		char *t = xasprintf(_("Submitted; status: %s."), app_status_words(st));

		ui_print(y + h - 1, x, w, t, ui_attr(UI_OK));
		free(t);
	} else if (j->submitting) {
		spinner_draw(y + h - 1, x, w, app_now_ms(), _("Submitting…"));
	} else {
		char line[256], *t;

		/* the keys this terminal has (^B where there is no PgUp) */
		t = xasprintf(_("[ Enter: submit the application ]   PgUp: back   1-%d: go to that step"),
		              j->nsteps);
		term_keys_help(t, line, sizeof(line));
		free(t);
		ui_print(y + h - 1, x, w, line, ui_attr(UI_SELECTED));
	}
}

static int review_key(struct screen *s, wint_t k)
{
	struct join *j = s->priv;

	if (textview_key(&j->review, (unsigned)k))
		return SCR_REDRAW;
	if ((k == '\r' || k == '\n' || k == KF(KEY_ENTER)) && j->editable && !j->submitting) {
		j->submitting = true;
		xfree(&j->note);
		if (j->dirty)
			join_save(s, JA_NONE);  /* queued first: the submit sees it */
		app_request(s, JT_SUBMIT, "POST", "/application/submit", NULL);
		return SCR_REDRAW;
	}
	return SCR_IGNORED;
}

static void review_reply(struct screen *s, const struct api_reply *r)
{
	struct join *j = s->priv;
	const cJSON *a;

	j->submitting = false;
	if (r->err == ERR_OK) {
		struct app *app = s->app;
		char *st;

		a = cJSON_GetObjectItemCaseSensitive(r->json, "application");
		if (!cJSON_IsObject(a))
			a = r->json;
		st = xstrdup(json_s(a, "status") ? json_s(a, "status") : "");
		app_close(s, 1);
		app_push(app, &scr_join_done_ops, st, 0);
		free(st);
		return;
	}
	if (r->err == ERR_VALIDATION && r->fields) {
		/* nothing lands on a form when the signed form is what is missing */
		if (join_place_errors(s, r->fields) == 0 &&
		    cJSON_GetObjectItemCaseSensitive(r->fields, "attachments"))
			join_goto(s, join_step_of(j, &join_docs_step_ops));
		join_note(j, true, "%s", _("The application is not complete yet; see the marked items."));
		return;
	}
	join_note(j, true, "%s", r->server_message ? r->server_message : r->message);
	if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED)
		app_reply_error(s, r);
}

const struct join_step_ops join_review_step_ops = {
	.name = "review",
	.help = N_("Enter submit  PgUp back  digit: go to step  F2 save draft  Esc leave"),
	.tags = 1u << JT_SUBMIT,
	.open = review_open,
	.draw = review_draw,
	.key = review_key,
	.reply = review_reply,
};
