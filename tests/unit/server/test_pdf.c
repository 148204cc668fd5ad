/* PDF documents: render each with Chinese data and read it back with the
 * poppler tools (pdftotext, pdfinfo, pdftoppm), as a person printing it
 * would see it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <cmocka.h>
#include <qrencode.h>

#include "pdf.h"

static char tmpdir[] = "/tmp/roster-test-pdf-XXXXXX";

static const char *form_schema_json =
	"{\"member_type\":\"individual\",\"sections\":["
	"{\"name\":\"basic\",\"title_zh\":\"基本信息\",\"title_en\":\"Basic\",\"fields\":["
	"{\"name\":\"name\",\"label_zh\":\"姓名\",\"type\":\"text\"},"
	"{\"name\":\"gender\",\"label_zh\":\"性别\",\"type\":\"select\",\"options\":["
	"{\"value\":\"male\",\"label_zh\":\"男\"},{\"value\":\"female\",\"label_zh\":\"女性别选项\"}]},"
	"{\"name\":\"id_number\",\"label_zh\":\"证件号码\",\"type\":\"text\"},"
	"{\"name\":\"phone\",\"label_zh\":\"手机号码\",\"type\":\"phone\"}]},"
	"{\"name\":\"work\",\"title_zh\":\"工作信息\",\"fields\":["
	"{\"name\":\"employer\",\"label_zh\":\"工作单位\",\"type\":\"text\"},"
	"{\"name\":\"resume\",\"label_zh\":\"个人简历\",\"type\":\"textarea\"}]}]}";

/* Write the PDF to a file in tmpdir; returns its path (caller frees). */
static char *save(const unsigned char *pdf, size_t len, const char *name)
{
	char *path = NULL;
	FILE *f;

	assert_true(asprintf(&path, "%s/%s", tmpdir, name) > 0);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(pdf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Output of a command (caller frees). */
static char *run(const char *fmt, ...)
{
	char *cmd = NULL, *out = NULL;
	size_t cap = 0, len = 0;
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	assert_true(vasprintf(&cmd, fmt, ap) > 0);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 16384;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		size_t n = fread(out + len, 1, 4096, p);
		if (n == 0)
			break;
		len += n;
	}
	out[len] = '\0';
	assert_int_equal(pclose(p), 0);
	free(cmd);
	return out;
}

static char *pdf_text(const unsigned char *pdf, size_t len, const char *name)
{
	char *path = save(pdf, len, name);
	char *text = run("pdftotext -enc UTF-8 '%s' -", path);
	free(path);
	return text;
}

static char *pdf_info(const unsigned char *pdf, size_t len, const char *name)
{
	char *path = save(pdf, len, name);
	char *info = run("pdfinfo '%s'", path);
	free(path);
	return info;
}

/* "Pages:   N" of pdfinfo */
static int pages(const char *info)
{
	const char *p = strstr(info, "Pages:");

	assert_non_null(p);
	return atoi(p + 6);
}

static void check_is_pdf(const unsigned char *pdf, size_t len)
{
	assert_non_null(pdf);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
}

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want)) {
		fprintf(stderr, "# in: %s\n", text);
		fail_msg("\"%s\" not found", want);
	}
}

static void test_application_form(void **state)
{
	cJSON *schema = cJSON_Parse(form_schema_json);
	cJSON *profile = cJSON_CreateObject();
	struct pdf_form_meta meta = {
		.assoc_name = "中国示例协会", .member_type = "individual",
		.org_name = "北京分会", .level_name = "高级会员",
		.application_no = "A2026000123", .date = "2026-03-01",
	};
	size_t len;
	unsigned char *pdf;
	char *text, *info;

	assert_non_null(schema);
	cJSON_AddStringToObject(profile, "name", "张伟明");
	cJSON_AddStringToObject(profile, "gender", "female");
	cJSON_AddStringToObject(profile, "id_number", "11010519491231002X");
	cJSON_AddStringToObject(profile, "employer", "北京示例科技有限公司");
	pdf = pdf_application_form(schema, profile, &meta, &len);
	check_is_pdf(pdf, len);
	text = pdf_text(pdf, len, "form.pdf");
	assert_has(text, "中国示例协会");
	assert_has(text, "会员入会申请表");
	assert_has(text, "个人会员");
	assert_has(text, "北京分会");
	assert_has(text, "高级会员");
	assert_has(text, "基本信息");
	assert_has(text, "工作信息");
	assert_has(text, "张伟明");
	assert_has(text, "11010519491231002X");
	assert_has(text, "女性别选项");   /* a select prints its label */
	assert_has(text, "北京示例科技有限公司");
	assert_has(text, "A2026000123");
	assert_has(text, "申请人签字");
	assert_has(text, "单位盖章");
	assert_has(text, "本人自愿申请加入中国示例协会");
	info = pdf_info(pdf, len, "form.pdf");
	assert_has(info, "595 x 842 pts");
	free(info);
	free(text);
	free(pdf);
	cJSON_Delete(profile);
	cJSON_Delete(schema);
}

/* Many and long values flow onto further pages; the last one still shows
 * and nothing is lost at the break. */
static void test_application_form_pages(void **state)
{
	cJSON *schema = cJSON_Parse(form_schema_json);
	cJSON *fields = cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(schema, "sections"), 1), "fields");
	cJSON *profile = cJSON_CreateObject();
	struct pdf_form_meta meta = { .assoc_name = "中国示例协会",
	                              .member_type = "unit", .org_name = "总会" };
	char name[32], label[32], *longtext = calloc(1, 3 * 400 + 1);
	int n;
	size_t len;
	unsigned char *pdf;
	char *text, *info;

	for (int i = 0; i < 400; i++)
		memcpy(longtext + 3 * i, "长", 3);
	cJSON_AddStringToObject(profile, "resume", longtext);
	for (int i = 0; i < 40; i++) {
		cJSON *f = cJSON_CreateObject();
		snprintf(name, sizeof name, "extra%d", i);
		snprintf(label, sizeof label, "附加项%d", i);
		cJSON_AddStringToObject(f, "name", name);
		cJSON_AddStringToObject(f, "label_zh", label);
		cJSON_AddStringToObject(f, "type", "text");
		cJSON_AddItemToArray(fields, f);
		snprintf(label, sizeof label, "取值%d号", i);
		cJSON_AddStringToObject(profile, name, label);
	}
	pdf = pdf_application_form(schema, profile, &meta, &len);
	check_is_pdf(pdf, len);
	text = pdf_text(pdf, len, "form-long.pdf");
	assert_has(text, "取值0号");
	assert_has(text, "取值39号");
	assert_has(text, "附加项39");
	assert_has(text, "本单位自愿申请加入中国示例协会");
	assert_has(text, "法定代表人签字");
	assert_has(text, "会员入会申请表（续）");   /* running head */
	info = pdf_info(pdf, len, "form-long.pdf");
	n = pages(info);
	assert_true(n >= 2);
	for (int i = 1; i <= n; i++) {  /* every page has its number */
		snprintf(label, sizeof label, "第%d页", i);
		assert_has(text, label);
	}
	free(info);
	free(text);
	free(pdf);
	free(longtext);
	cJSON_Delete(profile);
	cJSON_Delete(schema);
}

static void test_voucher(void **state)
{
	struct pdf_voucher r = {
		.assoc_name = "中国示例协会", .voucher_no = "R20260001",
		.order_no = "O20260315000042", .payer = "李小红",
		.member_no = "BJ2026000017", .kind = "dues", .level_name = "学生会员",
		.year_from = 2026, .year_to = 2026, .amount = 10000,
		.method = "bank_transfer", .paid_date = "2026-03-15",
	};
	size_t len;
	unsigned char *pdf = pdf_voucher(&r, &len);
	char *text;

	check_is_pdf(pdf, len);
	text = pdf_text(pdf, len, "voucher.pdf");
	/* a payment voucher, never called a receipt (收据: the financial one) */
	assert_has(text, "缴费凭证");
	assert_has(text, "凭证编号：R20260001");
	assert_has(text, "不是财政票据");
	assert_null(strstr(text, "会费收据"));
	assert_has(text, "R20260001");
	assert_has(text, "O20260315000042");
	assert_has(text, "李小红");
	assert_has(text, "BJ2026000017");
	assert_has(text, "会费（学生会员，2026年度）");
	assert_has(text, "¥100.00");
	assert_has(text, "壹佰元整");
	assert_has(text, "银行转账");
	assert_has(text, "2026-03-15");
	assert_has(text, "收款单位（盖章）：中国示例协会");
	free(text);
	free(pdf);

	/* several years, and the level-change difference */
	r.year_to = 2028;
	r.amount = 123450;
	r.method = "qr";
	pdf = pdf_voucher(&r, &len);
	check_is_pdf(pdf, len);
	text = pdf_text(pdf, len, "voucher2.pdf");
	assert_has(text, "2026—2028年度，共3年");
	assert_has(text, "¥1,234.50");
	assert_has(text, "壹仟贰佰叁拾肆元伍角");
	assert_has(text, "扫码支付");
	free(text);
	free(pdf);

	r.kind = "level_change";
	r.level_from = "普通会员";
	r.level_to = "高级会员";
	pdf = pdf_voucher(&r, &len);
	check_is_pdf(pdf, len);
	text = pdf_text(pdf, len, "voucher3.pdf");
	assert_has(text, "等级变更差额（普通会员 → 高级会员）");
	free(text);
	free(pdf);

	r.amount = -1;
	assert_null(pdf_voucher(&r, &len));
	assert_int_equal(len, 0);
}

/* Read the rendered certificate as pixels and compare the QR modules with
 * the code libqrencode makes for the same URL. */
static void check_qr_pixels(const char *pdfpath, const char *url)
{
	char *prefix = NULL, *pgm = NULL, *out;
	FILE *f;
	int w, h, maxv;
	unsigned char *px;
	QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	/* 144 dpi: 2 px per pt. The code sits right of the particulars, in the
	 * strip 612..752 pt (the page's right content edge minus 20). */
	const int x0 = 596 * 2, x1 = 760 * 2;

	assert_non_null(qr);
	assert_true(asprintf(&prefix, "%s/cert", tmpdir) > 0);
	out = run("pdftoppm -gray -r 144 -singlefile '%s' '%s'", pdfpath, prefix);
	free(out);
	assert_true(asprintf(&pgm, "%s.pgm", prefix) > 0);
	f = fopen(pgm, "rb");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "P5 %d %d %d", &w, &h, &maxv), 3);
	fgetc(f);
	assert_int_equal(w, 842 * 2);
	px = malloc((size_t)w * h);
	assert_int_equal(fread(px, 1, (size_t)w * h, f), (size_t)w * h);
	fclose(f);

	/* The code is the tallest block of rows with dark pixels in the strip
	 * (text above and the caption below are separated by its quiet zone);
	 * within a block, a gap of less than two modules does not split it. */
	int best_top = -1, best_h = 0, top = -1, last = -1;
	for (int y = 0; y <= h; y++) {
		bool dark = false;
		for (int x = x0; y < h && x < x1 && !dark; x++)
			dark = px[y * w + x] < 128;
		if (dark) {
			if (top < 0 || y - last > 12)
				top = y;
			last = y;
		}
		if (top >= 0 && (y == h || (!dark && y - last > 12))) {
			if (last - top + 1 > best_h) {
				best_h = last - top + 1;
				best_top = top;
			}
			top = -1;
		}
	}
	assert_true(best_top >= 0);
	int left = w, right = -1;
	for (int y = best_top; y < best_top + best_h; y++)
		for (int x = x0; x < x1; x++)
			if (px[y * w + x] < 128) {
				if (x < left) left = x;
				if (x > right) right = x;
			}
	double mw = (double)(right - left + 1) / qr->width;
	double mh = (double)best_h / qr->width;
	assert_true(mw > 4 && mw < 10);                 /* a module is ~7 px */
	assert_true(mw / mh > 0.95 && mw / mh < 1.05);  /* square */
	int wrong = 0;
	for (int r = 0; r < qr->width; r++)
		for (int c = 0; c < qr->width; c++) {
			int x = left + (int)((c + 0.5) * mw);
			int y = best_top + (int)((r + 0.5) * mh);
			bool dark = px[y * w + x] < 128;
			if (dark != (bool)(qr->data[r * qr->width + c] & 1))
				wrong++;
		}
	assert_int_equal(wrong, 0);
	/* quiet zone: 4 white modules left of the code */
	for (int y = best_top; y < best_top + best_h; y++)
		for (int x = left - (int)(3.5 * mw); x < left; x++)
			assert_true(px[y * w + x] >= 128);
	QRcode_free(qr);
	free(px);
	unlink(pgm);
	free(pgm);
	free(prefix);
}

static void test_certificate(void **state)
{
	const char *url = "https://members.example.org/v/C2026-BJ-000017.k3Jx9Qa";
	struct pdf_certificate c = {
		.assoc_name = "中国示例协会", .cert_no = "C2026-BJ-000017",
		.member_no = "BJ2026000017", .name = "王建国",
		.member_type = "individual", .level_name = "普通会员",
		.org_name = "北京分会", .valid_until = "2026-12-31",
		.issue_date = "2026-03-15", .verify_url = url,
	};
	size_t len;
	unsigned char *pdf = pdf_certificate(&c, &len);
	char *text, *info, *path;

	check_is_pdf(pdf, len);
	text = pdf_text(pdf, len, "cert.pdf");
	assert_has(text, "会员证书");
	assert_has(text, "王建国");
	assert_has(text, "BJ2026000017");
	assert_has(text, "个人会员 · 普通会员");
	assert_has(text, "北京分会");
	assert_has(text, "2026-12-31");
	assert_has(text, "2026-03-15");
	assert_has(text, "C2026-BJ-000017");
	info = pdf_info(pdf, len, "cert.pdf");
	assert_has(info, "842 x 595 pts");
	assert_int_equal(pages(info), 1);
	path = save(pdf, len, "cert.pdf");
	check_qr_pixels(path, url);
	free(path);
	free(info);
	free(text);
	free(pdf);
}

/* Workers render at the same time; every document comes out whole. */
static void *render_many(void *arg)
{
	struct pdf_certificate c = {
		.assoc_name = "中国示例协会", .member_no = "SH2026000001",
		.name = "并发测试", .member_type = "unit", .level_name = "理事单位",
		.valid_until = "2027-12-31", .issue_date = "2026-01-01",
		.verify_url = "https://example.org/v/1",
	};
	struct pdf_voucher r = { .assoc_name = "中国示例协会", .amount = 500000,
	                         .kind = "dues", .year_from = 2026 };
	size_t len;
	intptr_t bad = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char *p = (i & 1) ? pdf_voucher(&r, &len)
		                           : pdf_certificate(&c, &len);
		if (!p || len < 1000 || memcmp(p, "%PDF-", 5) != 0)
			bad++;
		free(p);
	}
	return (void *)bad;
}

static void test_threads(void **state)
{
	pthread_t t[4];
	void *bad;

	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, render_many, NULL), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_int_equal((intptr_t)bad, 0);
	}
}

static int setup(void **state)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = NULL;

	if (asprintf(&cmd, "rm -rf '%s'", tmpdir) > 0 && system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	free(cmd);
	pdf_shutdown();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_application_form),
		cmocka_unit_test(test_application_form_pages),
		cmocka_unit_test(test_voucher),
		cmocka_unit_test(test_certificate),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
