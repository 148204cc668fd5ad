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
#include <string.h>
#include "roster/i18n.h"
#include "roster/xalloc.h"
#include "service/documents.h"
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

static void route_certificate_pdf(struct req *req, struct resp *resp)
{
	struct certificate c;
	struct doc_pdf d;
	char *base;

	if (!my_cert(req, resp, &c))
		return;
	base = route_base_url(req);
	if (doc_certificate_pdf(req->db, &c, base, &d) != ERR_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
	} else {
		route_send_attachment(resp, "application/pdf", d.data, d.len, d.filename);
		d.data = NULL;
	}
	doc_pdf_free(&d);
	certificate_free(&c);
	free(base);
}

const struct route routes_certificate[] = {
	{ "GET", "/certificate", route_certificate_get, ROLE_MEMBER, 0 },
	{ "GET", "/certificate.pdf", route_certificate_pdf, ROLE_MEMBER, 0 },
	{ 0 }
};
