/* Join wizard, documents step: download the application form filled with
 * the draft, upload the signed (and stamped) form from a file with a
 * progress bar, or by phone through a hand-off QR code; list and delete the
 * uploads (join_wizard.h: join_docs_step_ops). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "config.h"
#include "ui.h"
#include "screens/file_picker.h"
#include "screens/join_handoff.h"
#include "screens/join_wizard.h"
#include "widgets/dialog.h"
#include "widgets/progress.h"
#include "format.h"
#include "reply.h"
#include "download.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

static int att_count(const struct join *j)
{
	return join_attachments(j) ? cJSON_GetArraySize(join_attachments(j)) : 0;
}

static const cJSON *att_selected(const struct join *j)
{
	int n = att_count(j);

	if (n == 0)
		return NULL;
	return cJSON_GetArrayItem(join_attachments(j), j->att_sel < n ? j->att_sel : n - 1);
}

static const char *type_words(const char *ctype)
{
	if (!ctype)
		return "";
	if (!strcmp(ctype, "application/pdf"))
		return "PDF";
	if (!strcmp(ctype, "image/png"))
		return "PNG";
	if (!strcmp(ctype, "image/jpeg"))
		return "JPEG";
	return ctype;
}

static void docs_draw(struct screen *s, int y, int x, int h, int w)
{
	struct join *j = s->priv;
	const struct { char key; const char *label; } acts[] = {
		/* at a kiosk the form goes to the phone; saving it there is the
		 * second choice, when the kiosk allows it at all */
		{ 'D', !app_config(s->app)->kiosk
		       ? _("Download the application form filled with your details (PDF)")
		       : _("Get the application form filled with your details on your phone") },
		{ 'H', !app_config(s->app)->kiosk
		       ? _("Get the application form on your phone (QR code)")
		       : download_saves_here(s->app)
		       ? _("Save the application form on this kiosk (removed when you sign out)") : NULL },
		{ 'F', _("Upload the signed form from a file") },
		{ 'P', _("Upload the signed form with your phone (QR code)") },
	};
	const cJSON *a;
	int row = y, i = 0;
	size_t k;

	ui_print(row++, x, w, _("Print the form, sign it (organisations also stamp it),"), ui_attr(UI_NORMAL));
	ui_print(row++, x, w, _("then upload a scan or a photo of it: PDF, PNG or JPEG."), ui_attr(UI_NORMAL));
	row++;
	for (k = 0; k < sizeof(acts) / sizeof(acts[0]); k++) {
		char *t;

		if (!acts[k].label)
			continue;
		t = xasprintf(" %c  %s", acts[k].key, acts[k].label);

		ui_print(row++, x, w, t, ui_attr(UI_LABEL));
		free(t);
	}
	row++;
	if (j->upload_id) {
		int64_t done = 0, total = 0;
		char *t = xasprintf(_("Uploading %s"), j->upload_name ? j->upload_name : "");
		int tw = (int)utf8_width(t) + 2;

		if (tw > w / 2)
			tw = w / 2;
		ui_print(row, x, tw, t, ui_attr(UI_NORMAL));
		app_upload_progress(s, j->upload_id, &done, &total);
		progress_draw(row++, x + tw, w - tw, done, total);
		free(t);
	} else if (j->downloading) {
		spinner_draw(row++, x, w, app_now_ms(), _("Downloading the form…"));
	} else {
		row++;
	}
	row++;
	ui_print(row++, x, w, _("Uploaded files:"), ui_attr(UI_HEADING));
	cJSON_ArrayForEach(a, join_attachments(j)) {
		char size[32], *name, *line;
		bool sel = i == j->att_sel;

		if (row >= y + h)
			break;
		size_text(json_ll(a, "size", 0), size, sizeof(size));
		name = utf8_pad(json_s(a, "name") ? json_s(a, "name") : "?", 36);
		line = xasprintf("%s%s %-5s %10s", sel ? "> " : "  ", name,
		                 type_words(json_s(a, "content_type")), size);
		ui_print(row++, x, w, line, ui_attr(sel ? UI_SELECTED : UI_NORMAL));
		free(name);
		free(line);
		i++;
	}
	if (i == 0)
		ui_print(row++, x + 2, w - 2, _("None yet."), ui_attr(UI_DIM));
	else if (row < y + h)
		ui_print(row++, x + 2, w - 2, _("Up/Down choose a file, X deletes it."), ui_attr(UI_DIM));
}

static void docs_refresh(struct screen *s)
{
	app_request(s, JT_APP, "GET", "/application", NULL);
}

static bool phone_landed(const cJSON *reply, void *ctx)
{
	const struct join *j = ctx;
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(reply, "application");
	const cJSON *att;

	if (!cJSON_IsObject(a))
		a = reply;
	att = cJSON_GetObjectItemCaseSensitive(a, "attachments");
	return cJSON_IsArray(att) && cJSON_GetArraySize(att) > att_count(j);
}

static void docs_pick(struct screen *s)
{
	struct join *j = s->priv;
	const struct config *cfg = app_config(s->app);
	struct file_picker_arg a = {
		.title = _("Choose the signed form"),
		.dir = download_dir(s->app),
		.locked = cfg->kiosk,
		.result = &j->pick,
	};

	app_push(s->app, &scr_file_picker_ops, &a, JC_PICK);
}

static void docs_phone(struct screen *s)
{
	struct join *j = s->priv;
	struct handoff_arg a = {
		.title = _("Upload with your phone"),
		.purpose = "upload_attachment",
		.doc = "application_form",
		.poll_path = "/application",
		.landed = phone_landed,
		.ctx = j,
	};

	app_push(s->app, &scr_handoff_ops, &a, JC_PHONE);
}

/* The filled-in form on the member's phone: a download link as a QR code.
 * The PDF is made when the phone opens it, from the saved draft. */
static void docs_form_phone(struct screen *s)
{
	struct join *j = s->priv;
	struct handoff_arg a = {
		.title = _("The application form on your phone"),
		.purpose = "download",
		.doc = "application_form",
	};

	xfree(&j->note);
	if (j->dirty && j->editable && !j->saving)
		join_save(s, JA_NONE);
	app_push(s->app, &scr_handoff_ops, &a, JC_PHONE);
}

static void docs_download(struct screen *s)
{
	struct join *j = s->priv;

	if (j->downloading)
		return;
	xfree(&j->note);
	if (j->dirty && j->editable) {
		/* the PDF is made from the saved draft */
		join_save(s, JA_PDF);
		return;
	}
	j->downloading = true;
	app_request(s, JT_PDF, "GET", "/application/form.pdf", NULL);
}

static int docs_key(struct screen *s, wint_t k)
{
	struct join *j = s->priv;
	const cJSON *a;
	char *t;

	switch (k) {
	case 'd': case 'D':
		if (app_config(s->app)->kiosk)
			docs_form_phone(s);
		else
			docs_download(s);
		return SCR_REDRAW;
	case 'h': case 'H':
		if (!app_config(s->app)->kiosk)
			docs_form_phone(s);
		else if (download_saves_here(s->app))
			docs_download(s);
		return SCR_REDRAW;
	case 'f': case 'F':
		if (!j->upload_id && j->editable)
			docs_pick(s);
		return SCR_REDRAW;
	case 'p': case 'P':
		if (j->editable)
			docs_phone(s);
		return SCR_REDRAW;
	case KF(KEY_UP):
		if (j->att_sel > 0)
			j->att_sel--;
		return SCR_REDRAW;
	case KF(KEY_DOWN):
		if (j->att_sel + 1 < att_count(j))
			j->att_sel++;
		return SCR_REDRAW;
	case 'x': case 'X': case KF(KEY_DC):
		a = att_selected(j);
		if (!a || !j->editable)
			return SCR_HANDLED;
		t = xasprintf(_("Delete %s?"), json_s(a, "name") ? json_s(a, "name") : "");
		dialog_confirm(s->app, _("Delete the file"), t, _("Delete"), _("Keep"), JC_DELETE);
		free(t);
		return SCR_REDRAW;
	case '\r': case '\n': case KF(KEY_ENTER):
		join_goto(s, j->step + 1);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void docs_upload(struct screen *s)
{
	struct join *j = s->priv;
	const char *mime = file_sniff_type(j->pick);
	const char *base = strrchr(j->pick, '/');
	struct upload_part part = { .name = "file", .file = j->pick,
	                            .type = mime ? mime : "application/octet-stream" };

	free(j->upload_name);
	j->upload_name = xstrdup(base ? base + 1 : j->pick);
	xfree(&j->note);
	j->upload_id = app_upload(s, JT_UPLOAD, "/application/attachments", &part, 1);
}

static void docs_resume(struct screen *s, int tag, int value)
{
	struct join *j = s->priv;
	const cJSON *a;
	char path[64];

	switch (tag) {
	case JC_PICK:
		if (value == 1 && j->pick)
			docs_upload(s);
		return;
	case JC_PHONE:
		if (value == 1)
			join_note(j, false, "%s", _("The file from your phone has arrived."));
		docs_refresh(s);
		return;
	case JC_DELETE:
		a = att_selected(j);
		if (value != 1 || !a)
			return;
		snprintf(path, sizeof(path), "/application/attachments/%lld", json_ll(a, "id", 0));
		app_request(s, JT_DELETE, "DELETE", path, NULL);
		return;
	default:
		return;
	}
}

static void docs_reply(struct screen *s, const struct api_reply *r)
{
	struct join *j = s->priv;
	char *path = NULL, *why = NULL;

	if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED) {
		app_reply_error(s, r);
		return;
	}
	switch (r->tag) {
	case JT_PDF:
		j->downloading = false;
		if (r->err != ERR_OK) {
			join_note(j, true, "%s", r->server_message ? r->server_message : r->message);
			return;
		}
		if (download_reply(s->app, "application-form.pdf", r, DOWNLOAD_PDF, &path, &why))
			join_note(j, false, _("Saved to %s"), path);
		else
			join_note(j, true, "%s", why);
		free(path);
		free(why);
		return;
	case JT_UPLOAD:
		j->upload_id = 0;
		if (r->err != ERR_OK) {
			join_note(j, true, _("Upload failed: %s"),
			          r->server_message ? r->server_message : r->message);
			return;
		}
		join_note(j, false, _("Uploaded %s."), j->upload_name ? j->upload_name : "");
		docs_refresh(s);
		return;
	case JT_DELETE:
		if (r->err != ERR_OK) {
			join_note(j, true, "%s", r->server_message ? r->server_message : r->message);
			return;
		}
		join_note(j, false, "%s", _("File deleted."));
		if (j->att_sel > 0)
			j->att_sel--;
		docs_refresh(s);
		return;
	default:
		return;
	}
}

static bool docs_tick(struct screen *s)
{
	struct join *j = s->priv;

	/* the progress bar and the download spinner move */
	return j->upload_id != 0 || j->downloading;
}

const struct join_step_ops join_docs_step_ops = {
	.name = "documents",
	.help = N_("D download  F file  P phone  X delete  PgDn next  PgUp back  F2 save"),
	.kiosk_help = N_("D form to phone  F file  P phone  X delete  PgDn next  PgUp back  F2 save"),
	.tags = 1u << JT_PDF | 1u << JT_UPLOAD | 1u << JT_DELETE,
	.children = 1u << JC_PICK | 1u << JC_PHONE | 1u << JC_DELETE,
	.draw = docs_draw,
	.key = docs_key,
	.reply = docs_reply,
	.resume = docs_resume,
	.tick = docs_tick,
};
