/* The phone pages of a hand-off link (see handoff.h), outside /api/v1:
 *
 *   GET  /h/{token}       the page: an upload form, or a download button
 *   POST /h/{token}       the upload (multipart, field "file")
 *   GET  /h/{token}/file  the download
 *
 * Small self-contained pages (UTF-8, inline CSS, no scripts, no external
 * assets) for any phone browser. A page that is only looked at does not
 * spend the link; the upload or download it was made for does. A link that
 * has expired or was used answers 410 with a page saying so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "i18n.h"
#include "roster/xalloc.h"
#include "routes/route_util.h"
#include "service/files.h"
#include "service/handoff.h"
#include "http.h"
#include "log.h"
#include "offload.h"
#include "routes/routes.h"
#include "server.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/handoffs.h"
#include "store/store.h"
#include "service/workflow.h"

static const char page_css[] =
	HTML_PAGE_CSS
	".ok{color:#137333}.bad{color:#b3261e}.muted{color:#5f6673;font-size:.9em}"
	"input[type=file]{display:block;width:100%;margin:16px 0;font-size:1em}"
	"button,a.button{display:block;width:100%;box-sizing:border-box;padding:14px;"
	"font-size:1.1em;border:0;border-radius:8px;background:#1a56db;color:#fff;"
	"text-align:center;text-decoration:none}";

/* A whole page; title and text are escaped here, extra is trusted HTML. */
static char *page(const char *title, const char *cls, const char *text, const char *extra)
{
	char *x = html_escape(text ? text : "");
	const char *lang = i18n_thread_english() ? "en" : "zh-CN";
	char *body = xasprintf("<p class=\"%s\">%s</p>%s", cls ? cls : "", x, extra ? extra : "");
	char *html = html_page(lang, page_css, title, body);

	free(body);
	free(x);
	return html;
}

static void page_gone(struct resp *resp)
{
	resp_private_html(resp, 410, page(_("Link expired"), "bad",
	                  _("This link has expired or was already used. Make a new one on the terminal."),
	                  NULL));
}

static void page_missing(struct resp *resp)
{
	resp_private_html(resp, 404, page(_("Link not found"), "bad",
	                  _("This link is not known. Check that it was copied completely."), NULL));
}

/* The live hand-off of the path's token; answers and returns false when
 * there is none (404) or it is spent (410). */
static bool handoff_live(struct req *req, struct resp *resp, struct handoff *h)
{
	unsigned char hash[32];
	int rc;

	if (!handoff_token_hash(req->params[0], hash)) {
		page_missing(resp);
		return false;
	}
	rc = store_handoff_lookup(req->db, hash, h);
	if (rc != ST_OK) {
		if (rc == ST_ERROR)
			resp_private_html(resp, 500, page(_("Something went wrong"), "bad",
			                  _("The server had a problem. Please try again later."), NULL));
		else
			page_missing(resp);
		return false;
	}
	/* the page speaks the language the link was made in */
	if (h->lang[0])
		i18n_thread_set(h->lang);
	if (h->used_at || h->expires_at <= store_now()) {
		handoff_free(h);
		page_gone(resp);
		return false;
	}
	return true;
}

static char *upload_form(void)
{
	char *label = html_escape(_("Choose the signed and stamped form (PDF, or a photo)"));
	char *button = html_escape(_("Upload"));
	char *html = xasprintf(
		"<form method=\"post\" enctype=\"multipart/form-data\">"
		"<label for=\"file\">%s</label>"
		"<input id=\"file\" type=\"file\" name=\"file\" required "
		"accept=\"application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg\">"
		"<button type=\"submit\">%s</button></form>", label, button);

	free(label);
	free(button);
	return html;
}

/* A page that offers the upload form again. */
static char *page_form(const char *title, const char *cls, const char *text)
{
	char *form = upload_form(), *html = page(title, cls, text, form);

	free(form);
	return html;
}

static void route_handoff_page(struct req *req, struct resp *resp)
{
	struct handoff h;
	char *extra, *label, *note;

	if (!handoff_live(req, resp, &h))
		return;
	if (strcmp(h.purpose, "upload_attachment") == 0) {
		extra = upload_form();
		resp_private_html(resp, 200, page(_("Upload the application form"), NULL,
		                  _("Take a photo of the signed and stamped form, or pick the scanned file."),
		                  extra));
	} else {
		label = html_escape(_("Download"));
		note = html_escape(_("The link works once and for ten minutes."));
		/* relative to /h/<token>: the token is checked, so it is safe here */
		extra = xasprintf("<p><a class=\"button\" href=\"%s/file\">%s</a></p>"
		                  "<p class=\"muted\">%s</p>", req->params[0], label, note);
		free(label);
		free(note);
		resp_private_html(resp, 200, page(_("Download the document"), NULL,
		                  _("Tap the button to download the document to this phone."), extra));
	}
	free(extra);
	handoff_free(&h);
}

static void route_handoff_upload(struct req *req, struct resp *resp)
{
	const struct upload *u = req_upload(req, "file");
	struct wf_out o = { 0 };
	struct handoff h;
	char *extra, *msg;
	int rc;

	if (!handoff_live(req, resp, &h))
		return;
	if (strcmp(h.purpose, "upload_attachment") != 0) {
		handoff_free(&h);
		resp_private_html(resp, 405, page(_("Not an upload link"), "bad",
		                  _("This link is for a download."), NULL));
		return;
	}
	if (!u || u->len == 0) {
		handoff_free(&h);
		resp_private_html(resp, 400, page_form(_("Upload the application form"), "bad",
		                  _("Choose a file first.")));
		return;
	}
	/* spend the link and store the file in one transaction: a refused file
	 * leaves the link usable for another try */
	if (db_begin(req->db) != ST_OK) {
		handoff_free(&h);
		resp_private_html(resp, 503, page(_("Something went wrong"), "bad",
		                  _("The server had a problem. Please try again later."), NULL));
		return;
	}
	rc = store_handoff_use(req->db, h.id, store_now());
	if (rc == ST_CONFLICT) {
		db_rollback(req->db);
		handoff_free(&h);
		page_gone(resp);
		return;
	}
	if (rc == ST_OK)
		wf_attach(req->db, h.account_id, h.application_id, u->filename, u->data, u->len, &o);
	else
		o.err = ERR_INTERNAL;
	if (o.err == ERR_OK &&
	    store_audit(req->db, h.account_id, "handoff.use", "handoff", h.id, "upload") != ST_OK)
		o.err = ERR_INTERNAL;
	if (o.err != ERR_OK) {
		int status = err_http_status(o.err);
		db_rollback(req->db);
		handoff_free(&h);
		cJSON_Delete(o.fields);
		msg = xstrdup(o.msg ? o.msg : _(err_message(o.err)));
		if (o.err == ERR_TOO_LARGE || o.err == ERR_UNSUPPORTED_TYPE || o.err == ERR_VALIDATION)
			resp_private_html(resp, status, page_form(_("The file was not accepted"), "bad", msg));
		else
			resp_private_html(resp, status ? status : 500,
			                  page(_("The file was not accepted"), "bad", msg, NULL));
		free(msg);
		return;
	}
	if (db_commit(req->db) != ST_OK) {
		handoff_free(&h);
		resp_private_html(resp, 503, page(_("Something went wrong"), "bad",
		                  _("The server had a problem. Please try again later."), NULL));
		return;
	}
	handoff_free(&h);
	/* a terminal waiting on the application sees the file at once */
	http_wake();
	msg = html_escape(u->filename && *u->filename ? u->filename : "");
	extra = xasprintf("<p class=\"muted\">%s</p>", msg);
	resp_private_html(resp, 200, page(_("Uploaded"), "ok",
	                  _("The file was added to your application. You can go back to the terminal."),
	                  extra));
	free(extra);
	free(msg);
}

/* The document is made on the offload pool (PDFs take a while), with the
 * pool's own connection; the link is spent afterwards on a worker. */
struct handoff_file_job {
	struct handoff h;
	const struct handoff_doc *d;
	struct caller who;
	int64_t doc_id;
	struct handoff_file f;
	enum roster_err e;
};

static void handoff_file_job_free(void *ctx)
{
	struct handoff_file_job *j = ctx;

	handoff_free(&j->h);
	handoff_file_free(&j->f);
	free(j);
}

static void handoff_file_render(struct db *db, void *ctx)
{
	struct handoff_file_job *j = ctx;

	j->e = db ? j->d->render(db, &j->who, j->doc_id, &j->f) : ERR_INTERNAL;
}

static void handoff_file_send(struct req *req, struct resp *resp, void *ctx)
{
	struct handoff_file_job *j = ctx;
	enum roster_err e = j->e;
	int rc;

	if (e != ERR_OK) {
		resp_private_html(resp, e == ERR_NOT_FOUND ? 404 : 503,
		                  page(_("The document is not available"), "bad", _(err_message(e)), NULL));
		return;
	}
	/* made first, spent second: the lock is held only for the UPDATE */
	rc = db_begin(req->db);
	if (rc == ST_OK)
		rc = store_handoff_use(req->db, j->h.id, store_now());
	if (rc == ST_OK)
		rc = store_audit(req->db, j->h.account_id, "handoff.use", "handoff", j->h.id, j->h.doc);
	if (rc == ST_OK)
		rc = db_commit(req->db);
	else
		db_rollback(req->db);
	if (rc != ST_OK) {
		if (rc == ST_CONFLICT)
			page_gone(resp);
		else
			resp_private_html(resp, 503, page(_("Something went wrong"), "bad",
			                  _("The server had a problem. Please try again later."), NULL));
		return;
	}
	file_send(resp, j->f.content_type, j->f.name, j->f.data, j->f.len, 1);
	j->f.data = NULL;
	resp_header(resp, "Cache-Control", "no-store");
}

static void route_handoff_file(struct req *req, struct resp *resp)
{
	struct handoff_file_job *j = xcalloc(1, sizeof *j);
	struct account acc;

	if (!handoff_live(req, resp, &j->h)) {
		free(j);
		return;
	}
	j->d = strcmp(j->h.purpose, "download") == 0 ? handoff_doc_find(j->h.doc, &j->doc_id) : NULL;
	if (!j->d) {
		handoff_file_job_free(j);
		resp_private_html(resp, 405, page(_("Not a download link"), "bad",
		                  _("This link is for an upload."), NULL));
		return;
	}
	/* the document is made for the link's owner with their rights now */
	memset(&acc, 0, sizeof acc);
	if (store_account_get(req->db, j->h.account_id, &acc) != ST_OK ||
	    strcmp(acc.status, "active") != 0) {
		account_free(&acc);
		handoff_file_job_free(j);
		page_gone(resp);
		return;
	}
	j->who.account_id = acc.id;
	j->who.role = role_from_name(acc.role);
	j->who.org_id = acc.org_id;
	account_free(&acc);
	resp_offload(resp, handoff_file_render, handoff_file_send, j, handoff_file_job_free);
}

const struct route routes_handoff_pages[] = {
	{ "GET", "/h/{token}", route_handoff_page, 0, ROUTE_RAW | ROUTE_LOG_PATTERN },
	{ "POST", "/h/{token}", route_handoff_upload, 0, ROUTE_RAW | ROUTE_LOG_PATTERN },
	{ "GET", "/h/{token}/file", route_handoff_file, 0, ROUTE_RAW | ROUTE_LOG_PATTERN },
	{ 0 }
};
