/* Issue an invoice: the invoice number and the invoice file picked from a
 * folder (the file picker), sent as multipart/form-data to
 * POST /review/invoices/{id}/issue through the API client (app_upload: the
 * staff token, the language) with a progress bar. Drawn over the invoice
 * list; closes with 1 once the server took it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "config.h"
#include "reply.h"
#include "ui.h"
#include "screens/file_picker.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/edit.h"
#include "widgets/progress.h"
#include "download.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

enum { F_NUMBER, F_FILE, F_ISSUE, F__COUNT };
enum { P_PICK = 1, P_DONE };
enum { T_ISSUE = 1 };

struct issue {
	struct staff_issue_arg arg;
	char *title;
	struct edit number;
	char *file;               /* chosen path */
	int focus;
	int upload_id;            /* the upload in flight, or 0 */
	char *error;
};

static int issue_open(struct screen *s, void *arg)
{
	struct issue *v = s->priv;

	v->arg = *(const struct staff_issue_arg *)arg;
	v->title = xstrdup(v->arg.title ? v->arg.title : "");
	edit_init(&v->number, 40, false);
	s->help = _("Tab next  Enter choose file / issue  Esc cancel");
	return 0;
}

static void issue_draw(struct screen *s)
{
	struct issue *v = s->priv;
	int y, x, h, w, cx;
	char *line;

	dialog_frame(s->app, _("Issue invoice"), 11, 66, &y, &x, &h, &w);
	line = xasprintf("%s %s", _("Title:"), v->title);
	ui_print(y, x, w, line, ui_attr(UI_DIALOG));
	free(line);
	ui_print(y + 2, x, w, _("Invoice number:"), ui_attr(UI_LABEL));
	cx = edit_draw(&v->number, y + 3, x, w, ui_attr(v->focus == F_NUMBER ? UI_FIELD_FOCUS : UI_FIELD));
	if (v->focus == F_NUMBER && !v->upload_id)
		app_cursor(s->app, y + 3, cx);
	ui_print(y + 5, x, w, _("Invoice file (PDF):"), ui_attr(UI_LABEL));
	ui_print_pad(y + 6, x, w, v->file ? v->file : _("[ Choose a file... ]"),
	             ui_attr(v->focus == F_FILE ? UI_SELECTED : UI_FIELD));
	if (v->upload_id) {
		int64_t done, total;

		app_upload_progress(s, v->upload_id, &done, &total);
		progress_draw(y + 8, x, w, done, total);
	} else {
		ui_print(y + 8, x, w, _("[ Issue ]"), ui_attr(v->focus == F_ISSUE ? UI_SELECTED : UI_DIALOG));
	}
	if (v->error)
		ui_print(y + 9, x, w, v->error, ui_attr(UI_ERROR));
}

static void issue_start(struct screen *s)
{
	struct issue *v = s->priv;
	char *no = edit_text(&v->number), path[96];
	struct upload_part f[2];

	xfree(&v->error);
	if (!*no) {
		v->error = xstrdup(_("Please enter the invoice number."));
		v->focus = F_NUMBER;
		free(no);
		return;
	}
	if (!v->file) {
		v->error = xstrdup(_("Please choose the invoice file."));
		v->focus = F_FILE;
		free(no);
		return;
	}
	f[0] = (struct upload_part){ .name = "invoice_no", .value = no };
	f[1] = (struct upload_part){ .name = "file", .file = v->file,
	                             .type = file_sniff_type(v->file) };
	snprintf(path, sizeof(path), "/review/invoices/%ld/issue", v->arg.invoice_id);
	v->upload_id = app_upload(s, T_ISSUE, path, f, 2);
	free(no);
	if (!v->upload_id) {
		v->error = xstrdup(_("The file could not be read."));
		return;
	}
	s->wants_tick = true;
}

static int issue_key(struct screen *s, wint_t k)
{
	struct issue *v = s->priv;

	if (v->upload_id)
		return SCR_HANDLED; /* Esc cancels it (the app): reply() says so */
	if (k == '\t' || k == KF(KEY_DOWN)) {
		v->focus = (v->focus + 1) % F__COUNT;
		return SCR_REDRAW;
	}
	if (k == KF(KEY_BTAB) || k == KF(KEY_UP)) {
		v->focus = (v->focus + F__COUNT - 1) % F__COUNT;
		return SCR_REDRAW;
	}
	if (k == '\r' || k == '\n' || k == KF(KEY_ENTER)) {
		if (v->focus == F_NUMBER) {
			v->focus = v->file ? F_ISSUE : F_FILE;
		} else if (v->focus == F_FILE) {
			struct file_picker_arg a = {
				.title = _("Choose the invoice file"),
				.dir = download_dir(s->app),
				.locked = app_config(s->app)->kiosk,
				.result = &v->file,
			};
			xfree(&v->file);
			app_push(s->app, &scr_file_picker_ops, &a, P_PICK);
		} else {
			issue_start(s);
		}
		return SCR_REDRAW;
	}
	if (v->focus == F_NUMBER && edit_key(&v->number, k)) {
		xfree(&v->error);
		return SCR_REDRAW;
	}
	return SCR_IGNORED;
}

/* The progress bar moves. */
static bool issue_tick(struct screen *s, int64_t now_ms)
{
	(void)now_ms;
	return ((struct issue *)s->priv)->upload_id != 0;
}

static void issue_reply(struct screen *s, const struct api_reply *r)
{
	struct issue *v = s->priv;
	const cJSON *why;

	v->upload_id = 0;
	s->wants_tick = false;
	if (r->err == ERR_OK) {
		dialog_message(s->app, _("Issue invoice"), _("The invoice was issued; the member was told."),
		               P_DONE);
		return;
	}
	if (reply_session_gone(s, r))
		return;
	free(v->error);
	if (r->err == ERR_CANCELLED) {
		v->error = xstrdup(_("Cancelled."));
		return;
	}
	/* the server's message, then its reason for the field, in the
	 * language asked for */
	why = r->fields && cJSON_IsString(r->fields->child) ? r->fields->child : NULL;
	if (why && strcmp(why->string, "invoice_no") == 0) {
		/* a number given before (invoice numbers are unique): say so
		 * beside the number, ready to be corrected */
		char *no = edit_text(&v->number);

		v->error = xasprintf(_("%s: %s"), no, why->valuestring);
		v->focus = F_NUMBER;
		free(no);
		return;
	}
	v->error = reply_error_text(r);
	if (why) {
		char *both = xasprintf("%s %s", v->error, why->valuestring);

		free(v->error);
		v->error = both;
	}
}

static void issue_resume(struct screen *s, int tag, int value)
{
	struct issue *v = s->priv;

	if (tag == P_PICK && value == 1 && v->file)
		v->focus = F_ISSUE;
	else if (tag == P_DONE)
		app_close(s, 1);
}

static void issue_close(struct screen *s)
{
	struct issue *v = s->priv;

	edit_free(&v->number);
	free(v->file);
	free(v->title);
	free(v->error);
}

const struct screen_ops scr_staff_issue_ops = {
	.name = "staff_issue", .priv_size = sizeof(struct issue), .flags = SCR_F_OVERLAY,
	.open = issue_open, .draw = issue_draw, .key = issue_key, .tick = issue_tick,
	.reply = issue_reply,
	.resume = issue_resume, .close = issue_close,
};
