/* The member's certificate (我的证书).
 *
 *	GET /certificate      {cert_no, member_no, name, member_type, level,
 *	                       org, valid_until, issue_date, issued_at, status,
 *	                       verify_url}
 *	GET /certificate.pdf  the certificate with a QR code of verify_url
 *
 * A certificate is issued with the first payment and renewed with each one;
 * when what it shows has changed since (a level applied at once, a new
 * name), asking for it issues a fresh one first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/xalloc.h"
#include "service/documents.h"
#include "offload.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "store/certificates.h"
#include "store/store.h"
#include "views/certificate.h"

/* The caller's current certificate; false (response sent) when none. */
static bool my_cert(struct req *req, struct resp *resp, struct certificate *c)
{
	enum roster_err e = doc_certificate_current(req->db, req->who.account_id, c);

	if (e != ERR_OK) {
		resp_error(resp, e, e == ERR_NOT_FOUND ? _("There is no certificate yet: it is issued"
		                                           " with the first payment of dues.") : NULL,
		           NULL);
		return false;
	}
	return true;
}

static void route_certificate_get(struct req *req, struct resp *resp)
{
	struct certificate c;
	char today[11], *base, *url;

	if (!my_cert(req, resp, &c))
		return;
	base = route_base_url(req);
	url = cert_verify_url(base, c.cert_no);
	store_today(today);
	resp_json(resp, 200, view_certificate(req->db, &c, url, today));
	certificate_free(&c);
	free(base);
	free(url);
}

/* The PDF is drawn on the offload pool, with the pool's own connection. */
struct cert_pdf_job {
	struct certificate c;
	char *base;
	struct doc_pdf d;
	enum roster_err e;
};

static void cert_pdf_job_free(void *ctx)
{
	struct cert_pdf_job *j = ctx;

	doc_pdf_free(&j->d);
	certificate_free(&j->c);
	free(j->base);
	free(j);
}

static void cert_pdf_render(struct db *db, void *ctx)
{
	struct cert_pdf_job *j = ctx;

	j->e = db ? doc_certificate_pdf(db, &j->c, j->base, &j->d) : ERR_INTERNAL;
}

static void cert_pdf_send(struct req *req, struct resp *resp, void *ctx)
{
	struct cert_pdf_job *j = ctx;

	(void)req;
	if (j->e != ERR_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	route_send_attachment(resp, "application/pdf", j->d.data, j->d.len, j->d.filename);
	j->d.data = NULL;
}

static void route_certificate_pdf(struct req *req, struct resp *resp)
{
	struct cert_pdf_job *j = xcalloc(1, sizeof *j);

	if (!my_cert(req, resp, &j->c)) {
		free(j);
		return;
	}
	j->base = route_base_url(req);
	resp_offload(resp, cert_pdf_render, cert_pdf_send, j, cert_pdf_job_free);
}

const struct route routes_certificate[] = {
	{ "GET", "/certificate", route_certificate_get, ROLE_MEMBER, 0 },
	{ "GET", "/certificate.pdf", route_certificate_pdf, ROLE_MEMBER, 0 },
	{ 0 }
};
