/* Phone hand-off links against a real rosterd: the link's shape, the phone
 * page that uploads the stamped form into the application, downloads, and
 * links that are used, expired, unknown or for someone else's document. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

static const char *str(const cJSON *o, const char *k)
{
	return json_str_or(o, k, "(none)");
}

/* POST /handoff; the link's path on the server ("/h/…") into path. */
static void make_link(const char *tok, const char *body, char path[64])
{
	cJSON *h = fx_call(&ts_group, "POST", "/api/v1/handoff", tok, body, 201);
	const char *url = str(h, "url"), *token = str(h, "token");
	int64_t exp = json_int_or(h, "expires_at", 0);

	/* 16 symbols of Crockford base32: 80 bits, short enough for a QR code */
	assert_int_equal(strlen(token), 16);
	for (const char *p = token; *p; p++)
		assert_non_null(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", *p));
	assert_true(strncmp(url, ts_group.base, strlen(ts_group.base)) == 0);
	snprintf(path, 64, "%s", url + strlen(ts_group.base));
	assert_true(strncmp(path, "/h/", 3) == 0);
	assert_string_equal(path + 3, token);
	assert_true(exp > time(NULL) + 500 && exp <= time(NULL) + 601);
	cJSON_Delete(h);
}

static long page(const char *path, struct http_reply *r)
{
	assert_int_equal(http_req(&ts_group, "GET", path, NULL, NULL, r), 0);
	return r->status;
}

static long phone_upload(const char *path, const char *name, const void *data, size_t len,
                         struct http_reply *r)
{
	assert_int_equal(http_upload(&ts_group, path, NULL, "file", name, "application/octet-stream",
	                             data, len, NULL, r), 0);
	return r->status;
}

static int attachments(const char *tok)
{
	cJSON *a = fx_call(&ts_group, "GET", "/api/v1/application", tok, NULL, 200);
	int n = cJSON_GetArraySize(cJSON_GetObjectItem(a, "attachments"));

	cJSON_Delete(a);
	return n;
}

static void test_upload_by_phone(void **state)
{
	char *tok = fx_register(&ts_group, "phoneuser"), path[64];
	struct http_reply r;
	cJSON *a;

	(void)state;
	make_link(tok, "{\"purpose\":\"upload_attachment\"}", path);

	/* looking at the page does not spend the link */
	assert_int_equal(page(path, &r), 200);
	assert_non_null(strstr(r.body, "<form"));
	assert_non_null(strstr(r.body, "multipart/form-data"));
	assert_non_null(strstr(r.body, "name=\"file\""));
	assert_null(strstr(r.body, "<script"));
	{
		char *ct = http_reply_header(&r, "Content-Type");
		assert_non_null(strstr(ct, "text/html"));
		assert_non_null(strstr(ct, "utf-8"));
		free(ct);
	}
	http_reply_free(&r);
	assert_int_equal(page(path, &r), 200);
	http_reply_free(&r);

	/* a file that is not a PDF or image is refused and the link stays */
	assert_int_equal(phone_upload(path, "form.pdf", "just text\n", 10, &r), 415);
	assert_non_null(strstr(r.body, "<form"));
	http_reply_free(&r);
	assert_int_equal(attachments(tok), 0);
	assert_int_equal(page(path, &r), 200);
	http_reply_free(&r);

	/* the photo lands in the application */
	assert_int_equal(phone_upload(path, "IMG_0001.png", fx_png, fx_png_len, &r), 200);
	http_reply_free(&r);
	a = fx_call(&ts_group, "GET", "/api/v1/application", tok, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "attachments")), 1);
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "attachments"), 0), "name"),
	                    "IMG_0001.png");
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "attachments"), 0),
	                        "content_type"), "image/png");
	assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "missing"), "attachments"));
	cJSON_Delete(a);

	/* used: the page says so, and a second upload is refused */
	assert_int_equal(page(path, &r), 410);
	assert_non_null(strstr(r.body, "<html"));
	http_reply_free(&r);
	assert_int_equal(phone_upload(path, "again.png", fx_png, fx_png_len, &r), 410);
	http_reply_free(&r);
	assert_int_equal(attachments(tok), 1);

	/* a link made before submission cannot add files after it */
	make_link(tok, "{\"purpose\":\"upload_attachment\"}", path);
	fx_draft(&ts_group, tok, "HQ", "regular", fx_profile("手机用户"));
	fx_submit(&ts_group, tok);
	assert_int_equal(phone_upload(path, "late.png", fx_png, fx_png_len, &r), 409);
	http_reply_free(&r);
	assert_int_equal(attachments(tok), 1);
	/* and no new upload link is made for a submitted application */
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/handoff", tok,
	                     "{\"purpose\":\"upload_attachment\"}", 409));
	free(tok);
}

static void test_download_by_phone(void **state)
{
	char *tok = fx_register(&ts_group, "reader"), path[64], file[80], lower[64];
	struct http_reply r;

	(void)state;
	fx_draft(&ts_group, tok, "BJ", "regular", fx_profile("读者"));
	make_link(tok, "{\"purpose\":\"download\",\"doc\":\"application_form\"}", path);
	assert_int_equal(page(path, &r), 200);
	assert_non_null(strstr(r.body, "/file\""));
	http_reply_free(&r);

	/* typed by hand in lower case, the link still works */
	for (size_t i = 0; path[i]; i++)
		lower[i] = (char)tolower((unsigned char)path[i]), lower[i + 1] = '\0';
	snprintf(file, sizeof file, "%s/file", lower);
	assert_int_equal(page(file, &r), 200);
	assert_memory_equal(r.body, "%PDF-", 5);
	{
		char *ct = http_reply_header(&r, "Content-Type");
		char *cd = http_reply_header(&r, "Content-Disposition");
		assert_string_equal(ct, "application/pdf");
		assert_non_null(strstr(cd, "attachment"));
		free(ct);
		free(cd);
	}
	http_reply_free(&r);
	/* once */
	assert_int_equal(page(file, &r), 410);
	http_reply_free(&r);
	assert_int_equal(page(path, &r), 410);
	http_reply_free(&r);
	free(tok);
}

static void test_bad_links(void **state)
{
	char *tok = fx_register(&ts_group, "linker"), *other = fx_register(&ts_group, "stranger");
	char path[64], body[96], sql[96];
	struct http_reply r;
	int64_t att;
	cJSON *e;

	(void)state;
	/* unknown and malformed tokens */
	assert_int_equal(page("/h/0123456789ABCDEF", &r), 404);
	http_reply_free(&r);
	assert_int_equal(page("/h/short", &r), 404);
	http_reply_free(&r);
	assert_int_equal(page("/h/0123456789ABCDEF/file", &r), 404);
	http_reply_free(&r);

	/* expired: ten minutes on, the page says so */
	make_link(tok, "{\"purpose\":\"upload_attachment\"}", path);
	snprintf(sql, sizeof sql, "UPDATE handoffs SET expires_at = %lld", (long long)time(NULL) - 1);
	fx_sql(&ts_group, sql);
	assert_int_equal(page(path, &r), 410);
	http_reply_free(&r);
	assert_int_equal(phone_upload(path, "x.png", fx_png, fx_png_len, &r), 410);
	http_reply_free(&r);

	/* requests that make no sense */
	e = fx_call(&ts_group, "POST", "/api/v1/handoff", tok, "{\"purpose\":\"teleport\"}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(e), "purpose"));
	cJSON_Delete(e);
	e = fx_call(&ts_group, "POST", "/api/v1/handoff", tok,
	            "{\"purpose\":\"download\",\"doc\":\"passwords\"}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(e), "doc"));
	cJSON_Delete(e);
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/handoff", tok,
	                     "{\"purpose\":\"download\",\"doc\":\"attachment:x\"}", 422));
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/handoff", NULL,
	                     "{\"purpose\":\"upload_attachment\"}", 401));

	/* someone else's attachment is not a document of mine */
	att = fx_upload_form(&ts_group, other);
	snprintf(body, sizeof body, "{\"purpose\":\"download\",\"doc\":\"attachment:%lld\"}", (long long)att);
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/handoff", tok, body, 404));
	/* but the owner's own one is */
	make_link(other, body, path);
	snprintf(body, sizeof body, "%s/file", path);
	assert_int_equal(page(body, &r), 200);
	assert_int_equal(r.len, fx_pdf_len);
	http_reply_free(&r);
	free(tok);
	free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upload_by_phone),
		cmocka_unit_test(test_download_by_phone),
		cmocka_unit_test(test_bad_links),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
