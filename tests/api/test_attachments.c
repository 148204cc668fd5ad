/* Attachments of the join application against a real rosterd: the type is
 * decided by the bytes (a text file named x.pdf is refused, a PNG sent as
 * "x.pdf" is kept as the PNG it is), the size is capped, the SHA-256 is
 * recorded, downloads carry a safe Content-Disposition, and files can be
 * removed only while the application is editable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

#define CAP 4096   /* members.attachment_max of this server */

static struct test_server ts;

static int setup(void **state)
{
	const char *extra[] = { "--set", "members.attachment_max=4096", NULL };

	(void)state;
	if (sodium_init() < 0)
		return -1;
	return ts_start(&ts, extra);
}

static int teardown(void **state)
{
	(void)state;
	return ts_stop(&ts) == 0 ? 0 : -1;
}

static const char *str(const cJSON *o, const char *k)
{
	return json_str_or(o, k, "(none)");
}

static void upload(const char *tok, const char *name, const char *ctype, const void *data,
                   size_t len, long want, struct http_reply *r)
{
	assert_int_equal(http_upload(&ts, "/api/v1/application/attachments", tok, "file", name,
	                             ctype, data, len, NULL, r), 0);
	if (r->status != want)
		fail_msg("upload %s: %ld, want %ld: %s", name, r->status, want, r->body);
}

static void sha_hex(const void *data, size_t len, char out[65])
{
	unsigned char h[32];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static int attachment_count(const char *tok)
{
	cJSON *a = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	int n = cJSON_GetArraySize(cJSON_GetObjectItem(a, "attachments"));

	cJSON_Delete(a);
	return n;
}

static void test_types_by_content(void **state)
{
	char *tok = fx_register(&ts, "uploader"), hex[65];
	const char text[] = "This is plain text pretending to be a PDF.\n";
	unsigned char big[CAP + 1];
	struct http_reply r;

	(void)state;
	/* a PDF */
	upload(tok, "盖章申请表.pdf", "application/pdf", fx_pdf, fx_pdf_len, 201, &r);
	sha_hex(fx_pdf, fx_pdf_len, hex);
	assert_string_equal(str(r.json, "sha256"), hex);
	assert_string_equal(str(r.json, "content_type"), "application/pdf");
	assert_string_equal(str(r.json, "name"), "盖章申请表.pdf");
	assert_int_equal(json_int_or(r.json, "size", -1), (int64_t)fx_pdf_len);
	http_reply_free(&r);

	/* a PNG announced as a PDF is a PNG */
	upload(tok, "scan.pdf", "application/pdf", fx_png, fx_png_len, 201, &r);
	assert_string_equal(str(r.json, "content_type"), "image/png");
	assert_string_equal(str(r.json, "name"), "scan.png");
	http_reply_free(&r);

	/* a JPEG with no name at all, and a path for a name */
	upload(tok, "C:\\Users\\me\\photo.jpeg", "image/jpeg", fx_jpeg, fx_jpeg_len, 201, &r);
	assert_string_equal(str(r.json, "content_type"), "image/jpeg");
	assert_string_equal(str(r.json, "name"), "photo.jpg");
	http_reply_free(&r);

	/* text with a lying extension and type is refused */
	upload(tok, "x.pdf", "application/pdf", text, sizeof text - 1, 415, &r);
	assert_string_equal(http_error_code(&r), "unsupported_type");
	http_reply_free(&r);
	/* so is an executable, whatever it claims */
	upload(tok, "form.png", "image/png", "\x7f" "ELF\x02\x01\x01", 7, 415, &r);
	http_reply_free(&r);
	/* empty, and too large */
	upload(tok, "empty.pdf", "application/pdf", "", 0, 422, &r);
	http_reply_free(&r);
	memset(big, ' ', sizeof big);
	memcpy(big, "%PDF-1.4\n", 9);
	upload(tok, "big.pdf", "application/pdf", big, sizeof big, 413, &r);
	http_reply_free(&r);
	/* no file part at all */
	assert_int_equal(http_upload(&ts, "/api/v1/application/attachments", tok, NULL, NULL, NULL,
	                             NULL, 0, (const char *const[]){ "note", "hi", NULL }, &r), 0);
	assert_int_equal(r.status, 422);
	http_reply_free(&r);

	assert_int_equal(attachment_count(tok), 3);
	free(tok);
}

static void test_download_and_delete(void **state)
{
	char *tok = fx_register(&ts, "downloader"), *other = fx_register(&ts, "snooper");
	char path[128], *cd;
	struct http_reply r;
	int64_t id, id2;

	(void)state;
	upload(tok, "申请表 (盖章) \"final\".pdf", "application/pdf", fx_pdf, fx_pdf_len, 201, &r);
	id = json_int_or(r.json, "id", -1);
	http_reply_free(&r);
	snprintf(path, sizeof path, "/api/v1/application/attachments/%lld", (long long)id);
	assert_int_equal(http_req(&ts, "GET", path, tok, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, fx_pdf_len);
	assert_memory_equal(r.body, fx_pdf, fx_pdf_len);
	cd = http_reply_header(&r, "Content-Disposition");
	assert_non_null(cd);
	/* an ASCII fallback with nothing that could end the header value, and
	 * the real name percent-encoded */
	assert_true(strncmp(cd, "attachment; filename=\"", 22) == 0);
	{
		const char *q = cd + 22, *end = strchr(q, '"');
		assert_non_null(end);
		for (const char *p = q; p < end; p++)
			assert_true((unsigned char)*p < 0x80 && *p != '\\');
	}
	assert_non_null(strstr(cd, "filename*=UTF-8''%E7%94%B3%E8%AF%B7%E8%A1%A8"));
	free(cd);
	cd = http_reply_header(&r, "Content-Type");
	assert_string_equal(cd, "application/pdf");
	free(cd);
	http_reply_free(&r);

	/* another member gets nothing */
	cJSON_Delete(fx_call(&ts, "GET", path, other, NULL, 404));
	cJSON_Delete(fx_call(&ts, "DELETE", path, other, NULL, 404));

	/* deletable while editable */
	upload(tok, "second.png", "image/png", fx_png, fx_png_len, 201, &r);
	id2 = json_int_or(r.json, "id", -1);
	http_reply_free(&r);
	snprintf(path, sizeof path, "/api/v1/application/attachments/%lld", (long long)id2);
	cJSON_Delete(fx_call(&ts, "DELETE", path, tok, NULL, 200));
	cJSON_Delete(fx_call(&ts, "GET", path, tok, NULL, 404));
	cJSON_Delete(fx_call(&ts, "DELETE", path, tok, NULL, 404));
	assert_int_equal(attachment_count(tok), 1);

	/* not once it is submitted */
	fx_draft(&ts, tok, "BJ", "regular", fx_profile("下载者"));
	fx_submit(&ts, tok);
	snprintf(path, sizeof path, "/api/v1/application/attachments/%lld", (long long)id);
	cJSON_Delete(fx_call(&ts, "DELETE", path, tok, NULL, 409));
	upload(tok, "late.pdf", "application/pdf", fx_pdf, fx_pdf_len, 409, &r);
	http_reply_free(&r);
	assert_int_equal(attachment_count(tok), 1);

	/* the reviewing branch may download it; another branch may not */
	{
		char *bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
		char *sh = ts_login(&ts, "sh_staff", "Branch-Demo-2026");
		assert_int_equal(http_req(&ts, "GET", path, bj, NULL, &r), 0);
		assert_int_equal(r.status, 200);
		assert_memory_equal(r.body, fx_pdf, fx_pdf_len);
		http_reply_free(&r);
		cJSON_Delete(fx_call(&ts, "GET", path, sh, NULL, 404));
		free(bj);
		free(sh);
	}
	free(tok);
	free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types_by_content),
		cmocka_unit_test(test_download_and_delete),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
