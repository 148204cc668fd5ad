/* A member's certificate and payment vouchers as PDFs (see documents.h): the data
 * gathered from the store and handed to pdf.c. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "assoc_time.h"
#include "roster/xalloc.h"
#include "service/discounts.h"
#include "service/documents.h"
#include "pay/pay.h"
#include "pdf.h"
#include "store/catalogue.h"
#include "store/certificates.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/store.h"

void doc_pdf_free(struct doc_pdf *d)
{
	if (!d)
		return;
	free(d->data);
	free(d->filename);
	memset(d, 0, sizeof *d);
}

enum roster_err doc_certificate_current(struct db *db, int64_t account_id,
                                        struct certificate *out)
{
	int rc = cert_renew(db, account_id, false, NULL);

	if (rc == ST_OK || rc == ST_NOTFOUND)
		rc = store_cert_latest(db, account_id, out);
	if (rc == ST_OK)
		return ERR_OK;
	return rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL;
}

enum roster_err doc_certificate_pdf(struct db *db, const struct certificate *c,
                                    const char *base_url, struct doc_pdf *out)
{
	struct member m = { 0 };
	struct org org = { 0 };
	struct level l = { 0 };
	char *assoc = NULL, *url = cert_verify_url(base_url, c->cert_no);

	memset(out, 0, sizeof *out);
	if (store_setting_get(db, "association.name_zh", &assoc) != ST_OK)
		assoc = NULL;
	store_level_get(db, c->level_id, &l);
	/* the branch is printed when the member joined through one */
	if (store_member_get(db, c->account_id, &m) == ST_OK && m.org_id)
		store_org_get(db, m.org_id, &org);
	struct pdf_certificate pc = {
		.assoc_name = assoc,
		.cert_no = c->cert_no,
		.member_no = c->member_no,
		.name = c->name,
		.member_type = strcmp(c->member_type, "unit") == 0 ? "单位会员" : "个人会员",
		.level_name = l.name_zh,
		.org_name = org.kind && strcmp(org.kind, "branch") == 0 ? org.name_zh : NULL,
		.valid_until = c->valid_until,
		.issue_date = c->issue_date,
		.verify_url = url,
	};
	out->data = pdf_certificate(&pc, &out->len);
	if (out->data)
		out->filename = xasprintf("certificate-%s.pdf", c->cert_no);
	member_free(&m);
	org_free(&org);
	level_free(&l);
	free(assoc);
	free(url);
	return out->data ? ERR_OK : ERR_INTERNAL;
}

static const char *method_label(const struct order *o)
{
	if (discount_exempt(o))
		return "免缴（经审批）";
	if (strcmp(o->method, "bank_transfer") == 0)
		return "银行转账";
	if (strcmp(o->provider, "wechat") == 0)
		return "微信支付";
	if (strcmp(o->provider, "alipay") == 0)
		return "支付宝";
	if (strcmp(o->provider, "sandbox") == 0)
		return "扫码支付（沙箱）";
	return "扫码支付";
}

enum roster_err doc_voucher_pdf(struct db *db, const struct order *o, struct doc_pdf *out)
{
	struct member m = { 0 };
	struct level lv = { 0 }, from = { 0 };
	char *assoc = NULL, *payee = NULL, *note = NULL, paid_date[11];
	bool dues = strcmp(o->kind, "dues") == 0;

	memset(out, 0, sizeof *out);
	if (strcmp(o->status, "paid") != 0)
		return ERR_CONFLICT;
	store_member_get(db, o->account_id, &m);
	store_level_get(db, o->level_id, &lv);
	if (!dues && o->from_level_id)
		store_level_get(db, o->from_level_id, &from);
	if (store_setting_get(db, "association.name_zh", &assoc) != ST_OK)
		assoc = NULL;
	if (store_setting_get(db, "bank.account_name", &payee) != ST_OK)
		payee = NULL;
	assoc_date(o->paid_at, paid_date);
	note = discount_note(db, o);
	struct pdf_voucher r = {
		.assoc_name = assoc,
		.voucher_no = o->receipt_no,
		.order_no = o->order_no,
		.payer = m.name && *m.name ? m.name : NULL,
		.member_no = m.member_no,
		.kind = o->kind,
		.level_name = dues ? lv.name_zh : NULL,
		.year_from = o->year_from,
		.year_to = o->year_to,
		.level_from = dues ? NULL : from.name_zh,
		.level_to = dues ? NULL : lv.name_zh,
		.amount = discount_exempt(o) ? 0 : o->amount,
		.method = method_label(o),
		.note = note,
		.paid_date = paid_date,
		.payee = payee,
	};
	out->data = pdf_voucher(&r, &out->len);
	if (out->data)
		out->filename = xasprintf("voucher-%s.pdf", o->order_no);
	member_free(&m);
	level_free(&lv);
	level_free(&from);
	free(assoc);
	free(payee);
	free(note);
	return out->data ? ERR_OK : ERR_INTERNAL;
}
