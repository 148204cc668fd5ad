/* The form body parsers and the request head checks of the HTTP front, as
 * pure functions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http.h"
#include "http_head.h"

#define MP "multipart/form-data; boundary=\"b-1\""

static bool parse(const char *ctype, const char *body, size_t len, struct http_form *f)
{
	const char *why;
	bool ok = http_form_parse(ctype, body, len, f, &why);

	assert_true(ok || (why && *why));
	return ok;
}

static void test_multipart_exact(void **state)
{
	static const char body[] =
		"preamble\r\n--b-1\r\nContent-Disposition: form-data; name=\"invoice_no\"\r\n\r\nINV-7\r\n"
		"--b-1  \r\ncontent-disposition: form-data; name=\"file\"; filename=\"C:\\dir\\a.pdf\"\r\n"
		"Content-Type: application/pdf\r\n\r\n%PDF\r\n\0bin\r\n--b-1--\r\nepilogue";
	struct http_form f;
	(void)state;

	assert_true(parse(MP, body, sizeof body - 1, &f));
	assert_int_equal(f.nfields, 1);
	assert_string_equal(f.fields[0].name, "invoice_no");
	assert_string_equal(f.fields[0].value, "INV-7");
	assert_int_equal(f.nuploads, 1);
	assert_string_equal(f.uploads[0].filename, "C:\\dir\\a.pdf");
	assert_string_equal(f.uploads[0].content_type, "application/pdf");
	assert_int_equal(f.uploads[0].len, 10);   /* every byte, the NUL too */
	assert_memory_equal(f.uploads[0].data, "%PDF\r\n\0bin", 10);
	http_form_free(&f);
}

static void test_multipart_refused(void **state)
{
	static const char *bad[] = {
		/* no closing boundary, a cut one, none at all */
		"--b-1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n",
		"--b-1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--b-",
		"--b-1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue",
		"no parts here",
		/* parts without a name or of another kind */
		"--b-1\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b-1--",
		"--b-1\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--b-1--",
		"--b-1\r\nContent-Type: text/plain\r\n\r\nv\r\n--b-1--",
		"--b-1\r\nBroken header line\r\n\r\nv\r\n--b-1--",
		"--b-1\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--b-1--",
		/* a delimiter not followed by CRLF or -- */
		"--b-1xx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b-1--",
	};
	struct http_form f;
	(void)state;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (parse(MP, bad[i], strlen(bad[i]), &f))
			fail_msg("accepted: %s", bad[i]);
		http_form_free(&f);
	}
	assert_false(parse("multipart/form-data", "--x--", 5, &f));   /* no boundary */
	http_form_free(&f);
}

static void test_nul_fields(void **state)
{
	static const char mp[] = "--b-1\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\na\0b\r\n--b-1--";
	static const char url[] = "a=1&note=x%00y&b=2";
	struct http_form f;
	(void)state;

	assert_true(parse(MP, mp, sizeof mp - 1, &f));
	assert_string_equal(f.nul_field, "note");
	assert_int_equal(f.nfields, 0);
	http_form_free(&f);
	assert_true(parse("application/x-www-form-urlencoded", url, sizeof url - 1, &f));
	assert_string_equal(f.nul_field, "note");
	assert_int_equal(f.nfields, 2);
	http_form_free(&f);
}

static void test_urlencoded(void **state)
{
	static const char body[] = "name=Zhang+San&city=%E5%8C%97%E4%BA%AC&&empty=&flag";
	struct http_form f;
	(void)state;

	assert_true(parse("application/x-www-form-urlencoded; charset=utf-8", body, sizeof body - 1, &f));
	assert_int_equal(f.nfields, 4);
	assert_string_equal(f.fields[0].value, "Zhang San");
	assert_string_equal(f.fields[1].value, "北京");
	assert_string_equal(f.fields[2].name, "empty");
	assert_string_equal(f.fields[2].value, "");
	assert_string_equal(f.fields[3].name, "flag");
	http_form_free(&f);
	assert_false(parse("application/x-www-form-urlencoded", "a=%4", 5, &f));
	http_form_free(&f);
	assert_false(parse("application/x-www-form-urlencoded", "a=%zz", 5, &f));
	http_form_free(&f);
	assert_false(parse("application/json", "{}", 2, &f));
	http_form_free(&f);
}

static void test_targets(void **state)
{
	char p[16];
	const char *why;
	(void)state;

#define T(s) http_target_check(s, strlen(s), p, sizeof p, &why)
	assert_int_equal(T("/api/v1/notices?page=2"), HTTP_TARGET_OK);
	assert_int_equal(T("/a%2Fb?q=%E5%8C%97"), HTTP_TARGET_OK);
	assert_int_equal(T("api/v1"), HTTP_TARGET_BAD);
	assert_int_equal(T("*"), HTTP_TARGET_BAD);
	assert_int_equal(T("http://host/api"), HTTP_TARGET_BAD);
	assert_int_equal(T("/a b"), HTTP_TARGET_BAD);
	assert_int_equal(T("/a%00"), HTTP_TARGET_BAD);
	assert_int_equal(T("/a%0"), HTTP_TARGET_BAD);
	assert_int_equal(T("/a?x=1&name=a%00b"), HTTP_TARGET_NUL_PARAM);
	assert_string_equal(p, "name");
	/* a NUL in the query does not hide a later fault */
	assert_int_equal(T("/a?x=%00&y=%g1"), HTTP_TARGET_BAD);
#undef T
}

static void test_heads(void **state)
{
#define F(n, v) { n, strlen(n), v, strlen(v) }
	struct http_field ok[] = { F("Host", "a"), F("Content-Length", "12"), F("X-A", "b\tc") };
	struct http_field no_host[] = { F("Content-Length", "12") };
	struct http_field two_len[] = { F("Host", "a"), F("content-length", "1"), F("Content-Length", "1") };
	struct http_field both[] = { F("Host", "a"), F("Content-Length", "1"), F("Transfer-Encoding", "chunked") };
	struct http_field gzip[] = { F("Host", "a"), F("Transfer-Encoding", "gzip") };
	struct http_field space[] = { F("Host", "a"), F("Content-Length ", "1") };
	struct http_field cr[] = { F("Host", "a\rb") };
	struct http_field sign[] = { F("Host", "a"), F("Content-Length", "+1") };
	(void)state;

	assert_null(http_head_problem("HTTP/1.1", ok, 3));
	assert_non_null(http_head_problem("HTTP/1.1", no_host, 1));
	assert_null(http_head_problem("HTTP/1.0", no_host, 1));
	assert_non_null(http_head_problem("HTTP/1.1", two_len, 3));
	assert_non_null(http_head_problem("HTTP/1.1", both, 3));
	assert_non_null(http_head_problem("HTTP/1.1", gzip, 2));
	assert_non_null(http_head_problem("HTTP/1.1", space, 2));
	assert_non_null(http_head_problem("HTTP/1.1", cr, 1));
	assert_non_null(http_head_problem("HTTP/1.1", sign, 2));
	struct http_field nul[] = { { "Host", 4, "a\0b", 3 } };
	assert_non_null(http_head_problem("HTTP/1.1", nul, 1));
#undef F
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multipart_exact),
		cmocka_unit_test(test_multipart_refused),
		cmocka_unit_test(test_nul_fields),
		cmocka_unit_test(test_urlencoded),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_heads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
