/* Public verification of a certificate (no login).
 *
 *	GET /verify/{cert_no}?sig=…   (also ?s=, as in the printed URL)
 *	  {"cert_no","status":"valid"|"expired"|"superseded"|"forged", and
 *	   unless forged: "member_no","name","member_type","level",
 *	   "valid_until","issue_date"; when superseded also
 *	   "superseded_by":{"cert_no","issue_date"}, the member's current one}
 *
 * The HTML page the certificate's QR code opens is html/verify_page.c. */
#include <string.h>
#include "routes/routes.h"
#include "store/certificates.h"
#include "store/store.h"
#include "views/certificate.h"

static void route_verify_get(struct req *req, struct resp *resp)
{
	const char *no = req->params[0], *sig = req_query(req, "sig");
	enum cert_verdict v;
	struct certificate c, cur;
	char today[11];
	cJSON *o;

	if (!sig)
		sig = req_query(req, "s");
	store_today(today);
	if (cert_verify(req->db, no, sig, today, &c, &v, &cur) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	o = view_cert_verdict(req->db, no, v, &c, &cur);
	certificate_free(&c);
	certificate_free(&cur);
	resp_json(resp, 200, o);
	resp->no_etag = true;
}

const struct route routes_verify[] = {
	{ "GET", "/verify/{cert_no}", route_verify_get, 0, 0 },
	{ 0 }
};
