/* POST /handoff {"purpose","doc"} -> {"url","token","expires_at",…}: a
 * phone link (see handoff.h), and the documents such a link can download:
 * the application form, an attachment, the certificate, the payment voucher
 * of a paid order ("voucher:<order id>", or its older name "receipt:") and
 * an issued dues receipt or fapiao ("invoice:<id>"). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "roster/i18n.h"
#include "i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "service/documents.h"
#include "service/handoff.h"
#include "routes/routes.h"
#include "store/applications.h"
#include "store/attachments.h"
#include "store/audit.h"
#include "store/certificates.h"
#include "store/handoffs.h"
#include "store/invoices.h"
#include "store/orders.h"
#include "store/store.h"
#include "service/workflow.h"
#include "routes/route_util.h"

void handoff_file_free(struct handoff_file *f)
{
	if (!f)
		return;
	free(f->data);
	free(f->name);
	memset(f, 0, sizeof *f);
}

/* ---------------------------------------------------------------- documents */

static enum roster_err form_check(struct db *db, const struct caller *who, int64_t id)
{
	struct application a;

	(void)id;
	if (who->role != ROLE_MEMBER || store_application_join(db, who->account_id, &a) != ST_OK)
		return ERR_NOT_FOUND;
	application_free(&a);
	return ERR_OK;
}

static enum roster_err form_render(struct db *db, const struct caller *who, int64_t id,
                                   struct handoff_file *out)
{
	struct application a;

	(void)id;
	if (who->role != ROLE_MEMBER || store_application_join(db, who->account_id, &a) != ST_OK)
		return ERR_NOT_FOUND;
	out->data = wf_form_pdf(db, &a, &out->len);
	application_free(&a);
	if (!out->data)
		return ERR_UNAVAILABLE;
	out->content_type = "application/pdf";
	out->name = xstrdup("入会申请表.pdf");
	return ERR_OK;
}

/* An attachment of an application the caller may see (their own, or one
 * under their review). */
static enum roster_err attachment_load(struct db *db, const struct caller *who, int64_t id,
                                       bool with_data, struct attachment *att)
{
	struct application a;
	bool ok;

	if (store_attachment_get(db, id, with_data, att) != ST_OK)
		return ERR_NOT_FOUND;
	ok = store_application_get(db, att->application_id, &a) == ST_OK;
	if (!ok || !wf_visible(who, &a)) {
		if (ok)
			application_free(&a);
		attachment_free(att);
		return ERR_NOT_FOUND;
	}
	application_free(&a);
	return ERR_OK;
}

static enum roster_err attachment_check(struct db *db, const struct caller *who, int64_t id)
{
	struct attachment att;
	enum roster_err e = attachment_load(db, who, id, false, &att);

	if (e == ERR_OK)
		attachment_free(&att);
	return e;
}

static enum roster_err attachment_render(struct db *db, const struct caller *who, int64_t id,
                                         struct handoff_file *out)
{
	struct attachment att;
	enum roster_err e = attachment_load(db, who, id, true, &att);

	if (e != ERR_OK)
		return e;
	out->data = att.data;
	out->len = (size_t)att.size;
	att.data = NULL;
	out->content_type = strcmp(att.content_type, "application/pdf") == 0 ? "application/pdf" :
	                    strcmp(att.content_type, "image/png") == 0 ? "image/png" : "image/jpeg";
	out->name = att.name;
	att.name = NULL;
	attachment_free(&att);
	return ERR_OK;
}

/* A rendered PDF (when e is ERR_OK) handed over as the file to send. */
static enum roster_err pdf_file(enum roster_err e, struct doc_pdf *d, struct handoff_file *out)
{
	if (e != ERR_OK)
		return e;
	out->data = d->data;
	out->len = d->len;
	out->content_type = "application/pdf";
	out->name = d->filename;
	return ERR_OK;
}

/* The member's current certificate; none yet is "not available yet". */
static enum roster_err cert_check(struct db *db, const struct caller *who, int64_t id)
{
	struct certificate c;
	enum roster_err e;

	(void)id;
	if (who->role != ROLE_MEMBER)
		return ERR_NOT_FOUND;
	e = doc_certificate_current(db, who->account_id, &c);
	if (e == ERR_OK)
		certificate_free(&c);
	return e == ERR_NOT_FOUND ? ERR_CONFLICT : e;
}

static enum roster_err cert_render(struct db *db, const struct caller *who, int64_t id,
                                   struct handoff_file *out)
{
	struct certificate c;
	struct doc_pdf d;
	enum roster_err e;
	char *base;

	(void)id;
	if (who->role != ROLE_MEMBER)
		return ERR_NOT_FOUND;
	if ((e = doc_certificate_current(db, who->account_id, &c)) != ERR_OK)
		return e;
	/* the phone's request is not at hand: the configured base URL is the
	 * one the terminal's copy carries too (serve sets it to the listening
	 * address when the configuration has none) */
	base = route_base_url(NULL);
	e = doc_certificate_pdf(db, &c, base, &d);
	free(base);
	certificate_free(&c);
	return pdf_file(e, &d, out);
}

/* Order id of the caller's: paid (ERR_OK), not yet paid (ERR_CONFLICT), or
 * not theirs (ERR_NOT_FOUND, as if it did not exist). */
static enum roster_err receipt_order(struct db *db, const struct caller *who, int64_t id,
                                     struct order *o)
{
	int rc;

	if (who->role != ROLE_MEMBER)
		return ERR_NOT_FOUND;
	rc = store_order_get(db, id, o);
	if (rc == ST_OK && o->account_id != who->account_id)
		rc = ST_NOTFOUND;
	if (rc != ST_OK)
		return rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL;
	return strcmp(o->status, "paid") == 0 ? ERR_OK : ERR_CONFLICT;
}

static enum roster_err receipt_check(struct db *db, const struct caller *who, int64_t id)
{
	struct order o;

	return receipt_order(db, who, id, &o);
}

static enum roster_err receipt_render(struct db *db, const struct caller *who, int64_t id,
                                      struct handoff_file *out)
{
	struct order o;
	struct doc_pdf d;
	enum roster_err e = receipt_order(db, who, id, &o);

	if (e == ERR_OK)
		e = doc_voucher_pdf(db, &o, &d);
	return pdf_file(e, &d, out);
}

/* An issued document (dues receipt or fapiao) of the caller's own: the
 * file staff uploaded when issuing it. */
static enum roster_err invoice_load(struct db *db, const struct caller *who, int64_t id,
                                    struct invoice *inv)
{
	if (who->role != ROLE_MEMBER || store_invoice_get(db, id, inv) != ST_OK)
		return ERR_NOT_FOUND;
	if (inv->account_id != who->account_id) {
		invoice_free(inv);
		return ERR_NOT_FOUND;
	}
	if (strcmp(inv->status, "issued") != 0 || inv->file_size <= 0) {
		invoice_free(inv);
		return ERR_CONFLICT;
	}
	return ERR_OK;
}

static enum roster_err invoice_check(struct db *db, const struct caller *who, int64_t id)
{
	struct invoice inv;
	enum roster_err e = invoice_load(db, who, id, &inv);

	if (e == ERR_OK)
		invoice_free(&inv);
	return e;
}

static enum roster_err invoice_render(struct db *db, const struct caller *who, int64_t id,
                                      struct handoff_file *out)
{
	struct invoice inv;
	enum roster_err e = invoice_load(db, who, id, &inv);
	void *data = NULL;
	size_t len = 0;

	if (e != ERR_OK)
		return e;
	if (store_invoice_file(db, inv.id, &data, &len) != ST_OK) {
		invoice_free(&inv);
		return ERR_NOT_FOUND;
	}
	out->data = data;
	out->len = len;
	out->content_type = "application/pdf";
	out->name = xasprintf("invoice-%lld.pdf", (long long)inv.id);
	invoice_free(&inv);
	return ERR_OK;
}

const struct handoff_doc handoff_docs[] = {
	{ "application_form", false, form_check, form_render },
	{ "attachment", true, attachment_check, attachment_render },
	{ "certificate", false, cert_check, cert_render },
	{ "voucher", true, receipt_check, receipt_render },
	/* the older name of the voucher, still taken */
	{ "receipt", true, receipt_check, receipt_render },
	{ "invoice", true, invoice_check, invoice_render },
	{ 0 }
};

const struct handoff_doc *handoff_doc_find(const char *doc, int64_t *id)
{
	const char *colon = doc ? strchr(doc, ':') : NULL;
	size_t nlen = colon ? (size_t)(colon - doc) : (doc ? strlen(doc) : 0);

	*id = 0;
	if (!doc)
		return NULL;
	for (const struct handoff_doc *d = handoff_docs; d->name; d++) {
		if (strlen(d->name) != nlen || memcmp(d->name, doc, nlen) != 0)
			continue;
		if (!d->takes_id)
			return colon ? NULL : d;
		if (!colon || !colon[1] || colon[1] == '0')
			return NULL;
		for (const char *p = colon + 1; *p; p++)
			if (!isdigit((unsigned char)*p) || p - colon > 18)
				return NULL;
		*id = strtoll(colon + 1, NULL, 10);
		return d;
	}
	return NULL;
}

/* ---------------------------------------------------------------- tokens */

/* Crockford's base32: no I, L, O or U, so a token read off a screen or
 * typed by hand is not misread. */
static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void token_make(char out[HANDOFF_TOKEN_LEN + 1])
{
	unsigned char r[10];   /* 80 bits = 16 symbols of 5 bits */
	uint64_t acc = 0;
	int bits = 0, n = 0;

	randombytes_buf(r, sizeof r);
	for (size_t i = 0; i < sizeof r; i++) {
		acc = (acc << 8) | r[i];
		bits += 8;
		while (bits >= 5) {
			out[n++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	out[n] = '\0';
	sodium_memzero(r, sizeof r);
}

bool handoff_token_hash(const char *token, unsigned char out[32])
{
	char up[HANDOFF_TOKEN_LEN + 1];
	size_t n = token ? strlen(token) : 0;

	if (n != HANDOFF_TOKEN_LEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = (char)toupper((unsigned char)token[i]);
		if (!strchr(b32, c) || c == '\0')
			return false;
		up[i] = c;
	}
	up[n] = '\0';
	crypto_hash_sha256(out, (const unsigned char *)up, n);
	return true;
}

/* ---------------------------------------------------------------- route */

static void route_handoff_post(struct req *req, struct resp *resp)
{
	const char *purpose = NULL, *doc = NULL;
	cJSON *fields = cJSON_CreateObject(), *o;
	const struct handoff_doc *d = NULL;
	struct application a;
	char token[HANDOFF_TOKEN_LEN + 1];
	unsigned char hash[32];
	int64_t doc_id = 0, app_id = 0, hid, expires;
	char *base, *url;
	enum roster_err e;
	int rc;

	json_get_str(req->json, "purpose", true, &purpose, fields);
	json_get_str(req->json, "doc", false, &doc, fields);
	if (purpose && strcmp(purpose, "upload_attachment") != 0 && strcmp(purpose, "download") != 0)
		json_add_str(fields, "purpose", _("Expected upload_attachment or download."));
	if (purpose && strcmp(purpose, "download") == 0) {
		d = handoff_doc_find(doc, &doc_id);
		if (!d)
			json_add_str(fields, "doc", _("Unknown document."));
	}
	if (resp_fields_error(resp, fields))
		return;
	if (d) {
		e = d->check ? d->check(req->db, &req->who, doc_id) : ERR_OK;
		if (e != ERR_OK) {
			resp_error(resp, e, e == ERR_CONFLICT ? _("This document is not available yet.")
			                                      : NULL, NULL);
			return;
		}
	} else {
		/* an upload goes into the member's own join application, which must
		 * still be editable */
		if (req->who.role != ROLE_MEMBER) {
			resp_error(resp, ERR_FORBIDDEN, NULL, NULL);
			return;
		}
		rc = wf_join_get(req->db, &req->who, &a);
		if (rc != ST_OK) {
			resp_error(resp, rc == ST_CONFLICT ? ERR_FORBIDDEN : ERR_INTERNAL, NULL, NULL);
			return;
		}
		app_id = a.id;
		rc = strcmp(a.status, "draft") == 0 || strcmp(a.status, "rejected") == 0;
		application_free(&a);
		if (!rc) {
			resp_error(resp, ERR_CONFLICT,
			           _("The application is under review or approved and can no longer be changed."),
			           NULL);
			return;
		}
		doc = NULL;
	}
	token_make(token);
	handoff_token_hash(token, hash);
	expires = store_now() + HANDOFF_TTL;
	if (db_begin(req->db) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	rc = store_handoff_insert(req->db, hash, req->who.account_id, purpose, doc, app_id,
	                          expires, i18n_thread_lang(), &hid);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "handoff.create", "handoff", hid,
		                 doc ? doc : purpose);
	if (rc != ST_OK || db_commit(req->db) != ST_OK) {
		if (rc != ST_OK)
			db_rollback(req->db);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	base = route_base_url(req);
	url = xasprintf("%s/h/%s", base, token);
	o = cJSON_CreateObject();
	json_add_str(o, "url", url);
	json_add_str(o, "token", token);
	json_add_int(o, "expires_at", expires);
	json_add_str(o, "purpose", purpose);
	json_add_str(o, "doc", doc);
	resp_json(resp, 201, o);
	resp->no_etag = true;
	free(url);
	free(base);
	sodium_memzero(token, sizeof token);
}

const struct route routes_handoff[] = {
	{ "POST", "/handoff", route_handoff_post, ROLES_ANY_USER, 0 },
	{ 0 }
};
