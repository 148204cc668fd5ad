/* The page a certificate's QR code opens:
 *
 *	GET /v/{cert_no}?s=<signature>
 *
 * says, in Chinese and English, whether the certificate is valid, expired,
 * superseded (naming the member's current certificate) or forged (bad
 * signature or unknown number), with what it certifies. The same
 * check as JSON is GET /api/v1/verify/{cert_no} (routes/verify.c). */
#include <stdio.h>
#include <string.h>
#include "roster/xalloc.h"
#include "html/page.h"
#include "routes/routes.h"
#include "store/catalogue.h"
#include "store/certificates.h"
#include "store/store.h"

static void route_verify_page(struct req *req, struct resp *resp)
{
	const char *sig = req_query(req, "s");
	enum cert_verdict v;
	struct certificate c, cur;
	struct level l = { 0 };
	char today[11], *body, *no, *name, *mno, *lvl, *assoc = NULL, *a, *verdict;
	const char *title;

	if (!sig)
		sig = req_query(req, "sig");
	store_today(today);
	if (cert_verify(req->db, req->params[0], sig, today, &c, &v, &cur) != ST_OK) {
		html_page_send(resp, 500, "验证失败 / Verification failed",
		              "<p class=\"bad\">请稍后再试。 / Please try again later.</p>");
		return;
	}
	if (v == CERT_FORGED) {
		html_page_send(resp, 200, "证书无效 / Certificate not genuine",
		              "<p class=\"bad amount\">✗ 伪造或无效 / Forged</p>"
		              "<p>此证书链接未通过验证：证书不是本会签发的，或链接被修改过。</p>"
		              "<p>This link did not verify: the certificate was not issued by the"
		              " association, or the link has been altered.</p>");
		return;
	}
	store_level_get(req->db, c.level_id, &l);
	if (store_setting_get(req->db, "association.name_zh", &assoc) != ST_OK)
		assoc = xstrdup("");
	no = html_escape(c.cert_no);
	name = html_escape(c.name);
	mno = html_escape(c.member_no);
	lvl = xasprintf("%s / %s", l.name_zh ? l.name_zh : "", l.name_en ? l.name_en : "");
	a = html_escape(assoc);
	char *lv = html_escape(lvl);
	if (v == CERT_SUPERSEDED) {
		/* the current number and date are ours (C + digits, a date) */
		verdict = xasprintf(
			"<p class=\"bad amount\">已被取代 / Superseded</p>"
			"<p>此证书已被 %s 号证书（%s 签发）取代，请以新证书为准。</p>"
			"<p>This certificate has been replaced by certificate %s, issued on %s;"
			" the new one is the one that counts.</p>",
			cur.cert_no, cur.issue_date, cur.cert_no, cur.issue_date);
		title = "证书已被取代 / Certificate superseded";
	} else if (v == CERT_VALID) {
		verdict = xstrdup("<p class=\"ok amount\">✓ 有效 / Valid</p>");
		title = "证书有效 / Certificate valid";
	} else {
		verdict = xstrdup("<p class=\"bad amount\">已过期 / Expired</p>");
		title = "证书已过期 / Certificate expired";
	}
	body = xasprintf(
		"%s<dl><dt>证书编号 Certificate</dt><dd>%s</dd><dt>会员 Member</dt><dd>%s</dd>"
		"<dt>会员编号 Number</dt><dd>%s</dd><dt>等级 Level</dt><dd>%s</dd>"
		"<dt>有效期至 Valid until</dt><dd>%s</dd><dt>签发 Issued</dt><dd>%s</dd></dl>"
		"<p class=\"muted\">%s</p>",
		verdict, no, name, mno, lv, c.valid_until, c.issue_date, a);
	html_page_send(resp, 200, title, body);
	free(verdict);
	free(body);
	free(lv);
	free(lvl);
	free(a);
	free(assoc);
	free(no);
	free(name);
	free(mno);
	level_free(&l);
	certificate_free(&c);
	certificate_free(&cur);
}

const struct route routes_verify_page[] = {
	{ "GET", "/v/{cert_no}", route_verify_page, 0, ROUTE_RAW },
	{ 0 }
};
