/* PDF documents: the application form, the receipt and the certificate,
 * drawn with the layout layer in pdf_layout.c. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "pdf.h"
#include "pdf_layout.h"
#include "roster/money.h"
#include "roster/xalloc.h"

static const char *member_type_label(const char *t)
{
	if (t && strcmp(t, "individual") == 0)
		return "个人会员";
	if (t && strcmp(t, "unit") == 0)
		return "单位会员";
	return nz(t);
}

static const char *method_label(const char *m)
{
	static const char *const map[][2] = {
		{ "qr", "扫码支付" },     { "bank_transfer", "银行转账" },
		{ "wechat", "微信支付" }, { "alipay", "支付宝" },
		{ "sandbox", "扫码支付（测试环境）" },
	};
	for (size_t i = 0; m && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(m, map[i][0]) == 0)
			return map[i][1];
	return nz(m);
}

/* ------------------------------------------------------- application form */

/* The printable text of one field's value: a select shows its label. */
static const char *field_text(const cJSON *field, const cJSON *profile)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(
		profile, cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(field, "name")));
	const char *s = cJSON_GetStringValue(v);
	const cJSON *opt;

	if (!s)
		return "";
	cJSON_ArrayForEach(opt, cJSON_GetObjectItemCaseSensitive(field, "options")) {
		const char *val = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(opt, "value"));
		if (val && strcmp(val, s) == 0) {
			const char *lab = cJSON_GetStringValue(
				cJSON_GetObjectItemCaseSensitive(opt, "label_zh"));
			return lab ? lab : s;
		}
	}
	return s;
}

static void form_signatures(struct doc *d, bool unit)
{
	double w = d->right - d->left, half = w / 2, h = 92;
	/* a unit signs through its legal representative */
	const char *const box[] = {
		unit ? "法定代表人签字：" : "申请人签字：", "单位盖章："
	};

	doc_need(d, h + 130);
	for (int i = 0; i < 2; i++) {
		double x = d->left + i * half;
		doc_stroke_rect(d, x, d->y, half, h, 0.6);
		doc_text(d, x + CELL_PAD, d->y + CELL_PAD, half - 2 * CELL_PAD,
		         box[i], CELL_SIZE, T_BOLD);
		doc_text(d, x + CELL_PAD, d->y + h - 22, half - 2 * CELL_PAD - 6,
		         "日期：　　　　年　　月　　日", CELL_SIZE, T_RIGHT);
	}
	d->y += h + 16;
	doc_para(d, "以下由协会填写", 9, T_GREY, 4);
	for (int i = 0; i < 2; i++) {
		double x = d->left + i * half;
		doc_stroke_rect(d, x, d->y, half, h, 0.6);
		doc_text(d, x + CELL_PAD, d->y + CELL_PAD, half - 2 * CELL_PAD,
		         i ? "总会审核意见：" : "分会审核意见：", CELL_SIZE, T_BOLD);
		doc_text(d, x + CELL_PAD, d->y + h - 22, half - 2 * CELL_PAD - 6,
		         "（盖章）　　　　年　　月　　日", CELL_SIZE, T_RIGHT);
	}
	d->y += h;
}

unsigned char *pdf_application_form(const cJSON *schema, const cJSON *profile,
                                    const struct pdf_form_meta *meta,
                                    size_t *len)
{
	struct doc d;
	const cJSON *sec, *field;
	unsigned char *pdf;
	char *head = xasprintf("%s · 会员入会申请表（续）", nz(meta->assoc_name));
	bool ok, unit = meta->member_type && strcmp(meta->member_type, "unit") == 0;
	double w, lw = 120;

	pthread_mutex_lock(&pdf_lock);
	ok = doc_open(&d, A4_SHORT, A4_LONG, 50);
	if (!ok)
		goto done;
	d.numbered = true;
	d.running_head = head;
	w = d.right - d.left;
	doc_heading(&d, nz(meta->assoc_name), "会员入会申请表",
	            "Membership Application Form");
	if (meta->application_no || meta->date) {
		char *line = xasprintf("%s%s%s%s%s",
		                       meta->application_no ? "申请编号：" : "",
		                       nz(meta->application_no),
		                       meta->application_no && meta->date ? "　　" : "",
		                       meta->date ? "填表日期：" : "", nz(meta->date));
		doc_para(&d, line, 9, T_RIGHT, 4);
		free(line);
	}
	{
		double vw = w / 2 - lw;
		struct cell r1[] = {
			{ "会员类型", lw, true }, { member_type_label(meta->member_type), vw, false },
			{ "申请等级", lw, true }, { nz(meta->level_name), vw, false },
		};
		struct cell r2[] = {
			{ "申请加入", lw, true }, { nz(meta->org_name), w - lw, false },
		};
		doc_table_row(&d, r1, 4, 24);
		doc_table_row(&d, r2, 2, 24);
	}
	cJSON_ArrayForEach(sec, cJSON_GetObjectItemCaseSensitive(schema, "sections")) {
		const char *title = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(sec, "title_zh"));
		d.y += 10;
		/* keep a section's title with at least its first row */
		doc_need(&d, 24 + 24);
		doc_fill_rect(&d, d.left, d.y, w, 22, 0.82);
		doc_stroke_rect(&d, d.left, d.y, w, 22, 0.6);
		doc_text(&d, d.left + CELL_PAD, d.y + 5, w - 2 * CELL_PAD, nz(title),
		         11, T_BOLD);
		d.y += 22;
		cJSON_ArrayForEach(field, cJSON_GetObjectItemCaseSensitive(sec, "fields")) {
			const char *label = cJSON_GetStringValue(
				cJSON_GetObjectItemCaseSensitive(field, "label_zh"));
			const char *type = cJSON_GetStringValue(
				cJSON_GetObjectItemCaseSensitive(field, "type"));
			struct cell row[] = {
				{ label ? label : "", lw, true },
				{ field_text(field, profile), w - lw, false },
			};
			bool big = type && strcmp(type, "textarea") == 0;
			doc_table_row(&d, row, 2, big ? 60 : 24);
		}
	}
	d.y += 16;
	{
		const char *who = unit ? "本单位" : "本人";
		char *decl = xasprintf(
			"%s自愿申请加入%s，承认并遵守协会章程，执行协会决议，"
			"履行会员义务，按时缴纳会费。%s保证所填信息真实、准确、完整，"
			"如有不实，愿承担由此产生的一切责任。",
			who, nz(meta->assoc_name), who);
		doc_need(&d, 80);
		doc_para(&d, "申请人声明", 11, T_BOLD, 4);
		doc_para(&d, decl, CELL_SIZE, 0, 12);
		free(decl);
	}
	form_signatures(&d, unit);
done:
	pdf = doc_close(&d, ok, len);
	pthread_mutex_unlock(&pdf_lock);
	free(head);
	return pdf;
}

/* ---------------------------------------------------------------- voucher */

/* 会费（普通会员，2026—2027年度，共2年） / 等级变更差额（普通会员 → 高级会员） */
static char *voucher_item(const struct pdf_voucher *r)
{
	if (r->kind && strcmp(r->kind, "level_change") == 0) {
		if (r->level_from && r->level_to)
			return xasprintf("等级变更差额（%s → %s）", r->level_from,
			                 r->level_to);
		return xstrdup("等级变更差额");
	}
	char years[64] = "";
	if (r->year_from > 0 && r->year_to > r->year_from)
		snprintf(years, sizeof years, "%d—%d年度，共%d年", r->year_from,
		         r->year_to, r->year_to - r->year_from + 1);
	else if (r->year_from > 0)
		snprintf(years, sizeof years, "%d年度", r->year_from);
	if (r->level_name && *years)
		return xasprintf("会费（%s，%s）", r->level_name, years);
	if (r->level_name || *years)
		return xasprintf("会费（%s）", r->level_name ? r->level_name : years);
	return xstrdup("会费");
}

unsigned char *pdf_voucher(const struct pdf_voucher *r, size_t *len)
{
	struct doc d;
	unsigned char *pdf;
	char fig[MONEY_BUFSZ], *caps = money_chinese(r->amount), *item, *payee;
	double w, lw = 90, vw;
	bool ok;

	if (!caps) {  /* negative or absurd amount: no voucher for that */
		*len = 0;
		return NULL;
	}
	money_format(r->amount, fig);
	item = voucher_item(r);
	payee = xasprintf("收款单位（盖章）：%s",
	                  r->payee ? r->payee : nz(r->assoc_name));
	pthread_mutex_lock(&pdf_lock);
	ok = doc_open(&d, A4_SHORT, A4_LONG, 50);
	if (!ok)
		goto done;
	w = d.right - d.left;
	vw = w / 2 - lw;
	doc_heading(&d, nz(r->assoc_name), "缴费凭证", "Payment Voucher");
	{
		char *no = xasprintf("凭证编号：%s", nz(r->voucher_no));
		doc_para(&d, no, 10, T_RIGHT, 6);
		free(no);
	}
	{
		struct cell rows[][4] = {
			{ { "交款人", lw, true }, { nz(r->payer), vw, false },
			  { "会员编号", lw, true }, { nz(r->member_no), vw, false } },
			{ { "订单编号", lw, true }, { nz(r->order_no), vw, false },
			  { "支付方式", lw, true }, { method_label(r->method), vw, false } },
			{ { "收款日期", lw, true }, { nz(r->paid_date), vw, false },
			  { "开具日期", lw, true },
			  { r->issue_date ? r->issue_date : nz(r->paid_date), vw, false } },
		};
		struct cell wide[][2] = {
			{ { "收款项目", lw, true }, { item, w - lw, false } },
			{ { "金额（小写）", lw, true }, { fig, w - lw, false } },
			{ { "金额（大写）", lw, true }, { caps, w - lw, false } },
		};
		doc_table_row(&d, rows[0], 4, 26);
		doc_table_row(&d, rows[1], 4, 26);
		for (int i = 0; i < 3; i++)
			doc_table_row(&d, wide[i], 2, 26);
		if (r->note) {
			struct cell note[2] = { { "减免说明", lw, true }, { r->note, w - lw, false } };
			doc_table_row(&d, note, 2, 26);
		}
		doc_table_row(&d, rows[2], 4, 26);
	}
	d.y += 18;
	doc_para(&d, payee, 11, T_BOLD, 30);
	doc_para(&d, "本凭证由会员管理系统根据到账记录生成，仅证明款项已收到，不是财政票据，也不是发票。",
	         8, T_GREY, 0);
done:
	pdf = doc_close(&d, ok, len);
	pthread_mutex_unlock(&pdf_lock);
	free(caps);
	free(item);
	free(payee);
	return pdf;
}

/* ------------------------------------------------------------ certificate */

/* The QR code of text as filled squares with a 4-module quiet zone, size pt
 * wide, top left at (x, y). Dark runs of a row are one rectangle each so no
 * hairlines show between modules. */
static bool draw_qr(struct doc *d, const char *text, double x, double y,
                    double size)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double m;

	if (!qr)
		return false;
	m = size / (qr->width + 8);
	doc_fill_rect(d, x, y, size, size, 1.0);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int r = 0; r < qr->width; r++) {
		for (int c = 0; c < qr->width;) {
			if (!(qr->data[r * qr->width + c] & 1)) {
				c++;
				continue;
			}
			int run = c;
			while (run < qr->width && (qr->data[r * qr->width + run] & 1))
				run++;
			cairo_rectangle(d->cr, x + (c + 4) * m, y + (r + 4) * m,
			                (run - c) * m, m);
			c = run;
		}
	}
	cairo_fill(d->cr);
	QRcode_free(qr);
	return true;
}

unsigned char *pdf_certificate(const struct pdf_certificate *c, size_t *len)
{
	struct doc d;
	unsigned char *pdf;
	char *body, *kind;
	bool ok;
	double w, lx, lw, qs = 140;

	kind = c->level_name
	       ? xasprintf("%s · %s", member_type_label(c->member_type), c->level_name)
	       : xstrdup(member_type_label(c->member_type));
	body = xasprintf("兹确认 %s 为%s%s，特发此证。", nz(c->name),
	                 nz(c->assoc_name), member_type_label(c->member_type));
	pthread_mutex_lock(&pdf_lock);
	ok = doc_open(&d, A4_LONG, A4_SHORT, 70);
	if (!ok)
		goto done;
	w = d.right - d.left;
	/* frame: a heavy outer line and a thin inner one, in seal red */
	cairo_set_source_rgb(d.cr, 0.62, 0.09, 0.09);
	cairo_set_line_width(d.cr, 4);
	cairo_rectangle(d.cr, 24, 24, d.pw - 48, d.ph - 48);
	cairo_stroke(d.cr);
	cairo_set_line_width(d.cr, 1);
	cairo_rectangle(d.cr, 34, 34, d.pw - 68, d.ph - 68);
	cairo_stroke(d.cr);

	d.y = 64;
	d.y += doc_text(&d, d.left, d.y, w, nz(c->assoc_name), 20, T_BOLD | T_CENTER) + 6;
	d.y += doc_text(&d, d.left, d.y, w, "会员证书", 30, T_BOLD | T_CENTER) + 2;
	d.y += doc_text(&d, d.left, d.y, w, "Certificate of Membership", 10,
	                T_CENTER | T_GREY) + 18;
	d.y += doc_text(&d, d.left + 20, d.y, w - 40, body, 15, 0) + 22;

	/* particulars on the left, the verification code on the right */
	lx = d.left + 20;
	lw = w - 40 - qs - 30;
	{
		const char *rows[][2] = {
			{ "会员编号", nz(c->member_no) },  { "会员名称", nz(c->name) },
			{ "会员类别", kind },              { "所属机构", c->org_name },
			{ "有效期至", nz(c->valid_until) }, { "发证日期", nz(c->issue_date) },
			{ "证书编号", nz(c->cert_no) },
		};
		double top = d.y;
		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
			if (!rows[i][1])  /* no branch: joined HQ directly */
				continue;
			doc_text(&d, lx, d.y, 90, rows[i][0], 13, T_BOLD);
			d.y += doc_text(&d, lx + 96, d.y, lw - 96, rows[i][1], 13, 0) + 9;
		}
		if (c->verify_url) {
			double qx = d.right - 20 - qs;
			if (!draw_qr(&d, c->verify_url, qx, top, qs)) {
				ok = false;
				goto done;
			}
			doc_text(&d, qx, top + qs + 2, qs, "扫码验证证书真伪", 9,
			         T_CENTER | T_GREY);
		}
	}
	{
		char *seal = xasprintf("%s（盖章）", nz(c->assoc_name));
		doc_text(&d, d.left, d.ph - 70 - 20, w - 20, seal, 14, T_RIGHT);
		free(seal);
	}
done:
	pdf = doc_close(&d, ok, len);
	pthread_mutex_unlock(&pdf_lock);
	free(kind);
	free(body);
	return pdf;
}
