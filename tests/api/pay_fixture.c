/* Helpers for the payment tests (see pay_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>
#include "pay_fixture.h"
#include "roster/json.h"

int pf_year(void)
{
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;

	gmtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

cJSON *pf_call_hdr(const struct test_server *ts, const char *method, const char *path,
                   const char *token, const char *header, const char *body, long expect)
{
	const char *hdr[] = { header, NULL };
	struct http_reply r;
	cJSON *out;

	assert_int_equal(http_req_ex(ts, method, path, token, header ? hdr : NULL, body,
	                             body ? strlen(body) : 0, 0, &r), 0);
	if (r.status != expect)
		fail_msg("%s %s: expected %ld, got %ld %s", method, path, expect, r.status, r.body);
	out = r.json ? r.json : cJSON_CreateObject();
	r.json = NULL;
	http_reply_free(&r);
	return out;
}

cJSON *pf_call(const struct test_server *ts, const char *method, const char *path,
               const char *token, const char *body, long expect)
{
	return pf_call_hdr(ts, method, path, token, NULL, body, expect);
}

int64_t pf_order(const struct test_server *ts, const char *token, const char *years)
{
	char body[256];
	cJSON *o;
	int64_t id;

	snprintf(body, sizeof body, "{\"kind\":\"dues\",\"years\":%s}", years);
	o = pf_call(ts, "POST", "/api/v1/orders", token, body, 201);
	id = json_int_or(o, "id", -1);
	assert_true(id > 0);
	cJSON_Delete(o);
	return id;
}

char *pf_qr(const struct test_server *ts, const char *token, int64_t order_id)
{
	char path[128], *out;
	const char *url;
	cJSON *o;

	snprintf(path, sizeof path, "/api/v1/orders/%lld/pay", (long long)order_id);
	o = pf_call(ts, "POST", path, token, "{\"method\":\"qr\",\"provider\":\"sandbox\"}", 201);
	url = json_str_or(o, "code_url", "");
	if (strncmp(url, ts->base, strlen(ts->base)) != 0)
		fail_msg("code_url %s is not on %s", url, ts->base);
	out = strdup(url + strlen(ts->base));
	cJSON_Delete(o);
	return out;
}

long pf_confirm(const struct test_server *ts, const char *path)
{
	struct http_reply r;
	long st;

	assert_int_equal(http_req_ex(ts, "POST", path, NULL, NULL, "", 0, HTTP_NO_JSON_CT, &r), 0);
	st = r.status;
	http_reply_free(&r);
	return st;
}

cJSON *pf_get_order(const struct test_server *ts, const char *token, int64_t order_id)
{
	char path[128];

	snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)order_id);
	return pf_call(ts, "GET", path, token, NULL, 200);
}

char *pf_sandbox_sign(const struct test_server *ts, const char *body)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
	char path[512];
	char *out = malloc(128);
	FILE *f;

	assert_true(sodium_init() >= 0);
	snprintf(path, sizeof path, "%s/keys/sandbox.key", ts->dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(sk, 1, sizeof sk, f), sizeof sk);
	fclose(f);
	crypto_sign_detached(sig, NULL, (const unsigned char *)body, strlen(body), sk);
	sodium_memzero(sk, sizeof sk);
	sodium_bin2base64(out, 128, sig, sizeof sig, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

long pf_callback(const struct test_server *ts, const char *body, const char *signature)
{
	char hdr[256];
	const char *hdrs[] = { hdr, NULL };
	struct http_reply r;
	long st;

	snprintf(hdr, sizeof hdr, "X-Sandbox-Signature: %s", signature ? signature : "");
	assert_int_equal(http_req_ex(ts, "POST", "/pay/callback/sandbox", NULL,
	                             signature ? hdrs : NULL, body, strlen(body), 0, &r), 0);
	st = r.status;
	http_reply_free(&r);
	return st;
}

char *pf_callback_body(const char *event_id, const char *order_no, const char *trade_no,
                       long long amount, long skew)
{
	char *out = malloc(512);
	long long t = (long long)time(NULL) + skew;

	assert_non_null(out);
	snprintf(out, 512, "{\"event_id\":\"%s\",\"order_no\":\"%s\",\"trade_no\":\"%s\","
	         "\"amount\":%lld,\"paid_at\":%lld,\"timestamp\":%lld}",
	         event_id, order_no, trade_no, amount, t, t);
	return out;
}

/* Run argv with stdout into a malloc'd string. */
static char *run_capture(char *const *argv)
{
	char *out = NULL;
	size_t cap = 0, n = 0;
	int pipefd[2], st;
	pid_t pid;
	ssize_t got;

	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	for (;;) {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 16384;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		got = read(pipefd[0], out + n, cap - n - 1);
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(pipefd[0]);
	out[n] = '\0';
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return out;
}

long long pf_sql_int(const struct test_server *ts, const char *sql)
{
	char *argv[] = { "sqlite3", (char *)ts->db, (char *)sql, NULL };
	char *out = run_capture(argv);
	long long v = atoll(out);

	free(out);
	return v;
}

char *pf_pdf_text(const void *pdf, size_t len)
{
	char tmpl[] = "/tmp/roster-test-pay-XXXXXX";
	char *argv[] = { "pdftotext", "-q", "-enc", "UTF-8", tmpl, "-", NULL };
	int fd = mkstemp(tmpl);
	char *out;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf, len), (ssize_t)len);
	close(fd);
	out = run_capture(argv);
	unlink(tmpl);
	return out;
}

char *pf_get_raw(const struct test_server *ts, const char *path, const char *token,
                 long expect, size_t *len)
{
	struct http_reply r;
	char *body;

	assert_int_equal(http_req(ts, "GET", path, token, NULL, &r), 0);
	if (r.status != expect)
		fail_msg("GET %s: expected %ld, got %ld", path, expect, r.status);
	body = r.body;
	*len = r.len;
	r.body = NULL;
	http_reply_free(&r);
	return body;
}
