/* My certificate (certificate.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "config.h"
#include "ui.h"
#include "screens/certificate.h"
#include "screens/join_handoff.h"
#include "widgets/progress.h"
#include "format.h"
#include "words.h"
#include "reply.h"
#include "text.h"
#include "download.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

enum { T_CERT = 1, T_PDF, T_ORGS };

struct cert {
	cJSON *c;            /* GET /certificate, or NULL */
	char *assoc;         /* the association's name from GET /orgs */
	bool loading;
	bool none;           /* 404: no certificate yet */
	bool downloading;
	char *error;         /* the last failure, shown under the box */
	char *saved;         /* full path of the last download */
};

static void cert_load(struct screen *s)
{
	struct cert *c = s->priv;

	c->loading = true;
	app_request(s, T_CERT, "GET", "/certificate", NULL);
	if (!c->assoc)
		app_request(s, T_ORGS, "GET", "/orgs", NULL);
}

static int cert_open(struct screen *s, void *arg)
{
	s->title = _("My certificate");
	if (!app_config(s->app)->kiosk)
		s->help = _("D save PDF  P phone  R refresh  Esc back");
	else if (download_saves_here(s->app))
		s->help = _("P phone  D save here  R refresh  Esc back");
	else
		s->help = _("P phone  R refresh  Esc back");
	cert_load(s);
	return 0;
}

static void set_error(struct cert *c, const struct api_reply *r)
{
	free(c->error);
	c->error = xstrdup(r->server_message ? r->server_message : r->message);
}

static void cert_reply(struct screen *s, const struct api_reply *r)
{
	struct cert *c = s->priv;
	char *name;

	if (r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED) {
		app_reply_error(s, r);
		return;
	}
	if (r->tag == T_ORGS) {
		const char *assoc = lang_name_of(r->json, "association");

		if (r->err == ERR_OK && assoc) {
			free(c->assoc);
			c->assoc = xstrdup(assoc);
		}
		return;
	}
	if (r->tag == T_CERT) {
		c->loading = false;
		if (r->err == ERR_NOT_FOUND || r->err == ERR_CONFLICT) {
			c->none = true;
			return;
		}
		if (r->err != ERR_OK || !cJSON_IsObject(r->json)) {
			set_error(c, r);
			return;
		}
		cJSON_Delete(c->c);
		c->c = cJSON_Duplicate(r->json, 1);
		c->none = false;
		xfree(&c->error);
		return;
	}
	/* T_PDF */
	c->downloading = false;
	if (r->err != ERR_OK) {
		set_error(c, r);
		return;
	}
	name = xasprintf("certificate-%s.pdf",
	                 json_s(c->c, "cert_no") ? json_s(c->c, "cert_no") : "roster");
	download_reply(s->app, name, r, DOWNLOAD_PDF, &c->saved, &c->error);
	free(name);
}

/* One line inside the frame: the side bars and text padded to the width. */
static void frame_line(int y, int x, int w, const char *text, bool utf8, attr_t a,
                       bool centre)
{
	const char *bar = utf8 ? "║" : "|";
	char *cell;

	ui_print(y, x, 1, bar, a);
	ui_print(y, x + w - 1, 1, bar, a);
	if (!text)
		return;
	if (centre) {
		ui_print_center(y, x + 1, w - 2, text, a | A_BOLD);
		return;
	}
	cell = utf8_pad(text, (size_t)(w - 6));
	ui_print(y, x + 3, w - 6, cell, a);
	free(cell);
}

static void frame_edge(int y, int x, int w, bool utf8, bool top, attr_t a)
{
	char *line = xmalloc((size_t)w * 3 + 1), *p = line;
	int i;

	for (i = 0; i < w; i++) {
		const char *ch = utf8 ? (i == 0 ? (top ? "╔" : "╚") : i == w - 1 ? (top ? "╗" : "╝") : "═")
		                      : (i == 0 || i == w - 1 ? "+" : "=");
		size_t n = strlen(ch);

		memcpy(p, ch, n);
		p += n;
	}
	*p = '\0';
	ui_print(y, x, w, line, a);
	free(line);
}

/* "label  value" with labels padded to one column width, so Chinese and
 * English labels line up. */
static char *row_text(const char *label, const char *value, int lw)
{
	char *pad = utf8_pad(label, (size_t)lw), *t;

	t = xasprintf("%s  %s", pad, value && *value ? value : "-");
	free(pad);
	return t;
}

static void cert_draw(struct screen *s)
{
	struct cert *c = s->priv;
	int y, x, h, w, bw, bx, row, by;
	bool utf8 = app_utf8(s->app);
	attr_t a = ui_attr(UI_NORMAL);
	const char *assoc, *type, *status;
	long days = 0;
	struct { const char *label, *value; } rows[9];
	const char *labels[9];
	char issued[TIME_TEXT_SZ];
	size_t n = 0, i;
	int lw;

	app_body(s->app, &y, &x, &h, &w);
	if (c->loading && !c->c) {
		spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Loading…"));
		return;
	}
	if (c->none) {
		ui_print(y + 1, x + 2, w - 4, _("You have no certificate yet."), ui_attr(UI_HEADING));
		print_wrapped(y + 3, x + 2, w - 4, 2,
		                 _("It is issued when your membership becomes active (after the dues are paid)."),
		                 a);
		return;
	}
	if (!c->c) {
		ui_print(y + 1, x + 2, w - 4, c->error ? c->error : "", ui_attr(UI_ERROR));
		return;
	}
	assoc = c->assoc ? c->assoc : lang_name_of(c->c, "association");
	type = json_s(c->c, "member_type");
	rows[n].label = _("Certificate no."); rows[n++].value = json_s(c->c, "cert_no");
	rows[n].label = _("Member no.");      rows[n++].value = json_s(c->c, "member_no");
	rows[n].label = _("Name");            rows[n++].value = json_s(c->c, "name");
	if (type) {
		rows[n].label = _("Member type");
		rows[n++].value = member_type_words(type);
	}
	rows[n].label = _("Level");           rows[n++].value = lang_name_of(c->c, "level");
	if (lang_name_of(c->c, "org")) {
		rows[n].label = _("Branch");
		rows[n++].value = lang_name_of(c->c, "org");
	}
	rows[n].label = _("Valid until");     rows[n++].value = json_s(c->c, "valid_until");
	rows[n].label = _("Issued on");
	rows[n++].value = json_s(c->c, "issue_date") ? json_s(c->c, "issue_date")
	                  : time_text(c->c, "issued_at", false, issued);
	for (i = 0; i < n; i++)
		labels[i] = rows[i].label;
	lw = label_cols(labels, n, 18);

	bw = w - 4 < 64 ? w - 4 : 64;
	bx = x + (w - bw) / 2;
	by = y;
	frame_edge(by, bx, bw, utf8, true, a);
	row = by + 1;
	frame_line(row++, bx, bw, NULL, utf8, a, false);
	frame_line(row++, bx, bw, assoc ? assoc : "", utf8, a, true);
	frame_line(row++, bx, bw, _("MEMBERSHIP CERTIFICATE"), utf8, ui_attr(UI_HEADING), true);
	frame_line(row++, bx, bw, NULL, utf8, a, false);
	for (i = 0; i < n; i++) {
		char *t = row_text(rows[i].label, rows[i].value, lw);

		frame_line(row++, bx, bw, t, utf8, a, false);
		free(t);
	}
	frame_line(row++, bx, bw, NULL, utf8, a, false);
	status = json_s(c->c, "status");
	if (!status && days_until(json_s(c->c, "valid_until"), &days))
		status = days >= 0 ? "valid" : "expired";
	if (status)
		frame_line(row++, bx, bw, cert_status_words(status), utf8,
		           ui_attr(cert_status_of(status) == CERT_STATUS_VALID ? UI_OK : UI_ERROR), true);
	else
		frame_line(row++, bx, bw, NULL, utf8, a, false);
	frame_line(row++, bx, bw, NULL, utf8, a, false);
	frame_edge(row++, bx, bw, utf8, false, a);
	row++;
	if (!app_config(s->app)->kiosk) {
		ui_print(row++, bx, bw, _("D: save the PDF   P: download on your phone"), ui_attr(UI_LABEL));
	} else {
		ui_print(row++, bx, bw, _("P: get the certificate on your phone (QR code)"), ui_attr(UI_LABEL));
		if (download_saves_here(s->app))
			ui_print(row++, bx, bw, _("D: save it on this kiosk (removed when you sign out)"),
			         ui_attr(UI_DIM));
	}
	if (c->downloading)
		spinner_draw(row++, bx, bw, app_now_ms(), _("Downloading…"));
	else if (c->error)
		ui_print(row++, bx, bw, c->error, ui_attr(UI_ERROR));
	else if (c->saved) {
		char *t = xasprintf(_("Saved to %s"), c->saved);

		ui_print(row++, bx, x + w - bx, t, ui_attr(UI_OK));
		free(t);
	}
}

static int cert_key(struct screen *s, wint_t k)
{
	struct cert *c = s->priv;
	struct handoff_arg ha;

	switch (k) {
	case KEY_ESC:
		return SCR_CLOSE;
	case 'r': case 'R':
		if (!app_busy(s))
			cert_load(s);
		return SCR_REDRAW;
	case 'd': case 'D':
		if (!c->c || c->downloading)
			return SCR_HANDLED;
		if (!download_saves_here(s->app))
			return cert_key(s, 'p'); /* a kiosk: the phone it is */
		c->downloading = true;
		xfree(&c->error);
		app_request(s, T_PDF, "GET", "/certificate.pdf", NULL);
		return SCR_REDRAW;
	case 'p': case 'P':
		if (!c->c)
			return SCR_HANDLED;
		memset(&ha, 0, sizeof(ha));
		ha.title = _("Certificate on your phone");
		ha.purpose = "download";
		ha.doc = "certificate";
		app_push(s->app, &scr_handoff_ops, &ha, 0);
		return SCR_REDRAW;
	default:
		return SCR_IGNORED;
	}
}

static void cert_close(struct screen *s)
{
	struct cert *c = s->priv;

	cJSON_Delete(c->c);
	free(c->assoc);
	free(c->error);
	free(c->saved);
}

const struct screen_ops scr_certificate_ops = {
	.name = "certificate",
	.priv_size = sizeof(struct cert),
	.open = cert_open,
	.draw = cert_draw,
	.key = cert_key,
	.reply = cert_reply,
	.close = cert_close,
};
