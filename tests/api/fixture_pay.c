/* The test fixtures: orders, the sandbox payment, callbacks; the database
 * and PDF readers (fixture.h). */
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
#include "fixture.h"
#include "roster/json.h"

int fx_year(void)
{
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;

	gmtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

void fx_date(int days, char out[11])
{
	time_t t = time(NULL) + 8 * 3600 + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int64_t fx_order(const struct test_server *ts, const char *token, const char *years)
{
	char body[256];
	cJSON *o;
	int64_t id;

	snprintf(body, sizeof body, "{\"kind\":\"dues\",\"years\":%s}", years);
	o = fx_call(ts, "POST", "/api/v1/orders", token, body, 201);
	id = json_int_or(o, "id", -1);
	assert_true(id > 0);
	cJSON_Delete(o);
	return id;
}

char *fx_qr(const struct test_server *ts, const char *token, int64_t order_id)
{
	char path[128], *out;
	const char *url;
	cJSON *o;

	snprintf(path, sizeof path, "/api/v1/orders/%lld/pay", (long long)order_id);
	o = fx_call(ts, "POST", path, token, "{\"method\":\"qr\",\"provider\":\"sandbox\"}", 201);
	url = json_str_or(o, "code_url", "");
	if (strncmp(url, ts->base, strlen(ts->base)) != 0)
		fail_msg("code_url %s is not on %s", url, ts->base);
	out = strdup(url + strlen(ts->base));
	cJSON_Delete(o);
	return out;
}

long fx_confirm(const struct test_server *ts, const char *url)
{
	const char *path = strstr(url, "/pay/");
	struct http_reply r;
	long st;

	assert_non_null(path);
	assert_int_equal(http_req_ex(ts, "POST", path, NULL, NULL, "", 0, HTTP_NO_JSON_CT, &r), 0);
	st = r.status;
	http_reply_free(&r);
	return st;
}

int64_t fx_dues_order(const struct test_server *ts, const char *token)
{
	cJSON *q = fx_call(ts, "GET", "/api/v1/dues/quote", token, NULL, 200);
	long long year = json_int_or(q, "first_year", -1);
	char years[32];

	cJSON_Delete(q);
	assert_true(year > 0);
	snprintf(years, sizeof years, "[%lld]", year);
	return fx_order(ts, token, years);
}

void fx_pay_order(const struct test_server *ts, const char *token, int64_t order_id)
{
	char *path = fx_qr(ts, token, order_id);
	cJSON *o;

	assert_int_equal(fx_confirm(ts, path), 200);
	free(path);
	o = fx_get_order(ts, token, order_id);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	cJSON_Delete(o);
}

void fx_pay_dues(const struct test_server *ts, const char *token)
{
	char years[16];

	snprintf(years, sizeof years, "[%d]", fx_year());
	fx_pay_order(ts, token, fx_order(ts, token, years));
}

cJSON *fx_get_order(const struct test_server *ts, const char *token, int64_t order_id)
{
	char path[128];

	snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)order_id);
	return fx_call(ts, "GET", path, token, NULL, 200);
}

char *fx_sandbox_sign(const struct test_server *ts, const char *body)
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

long fx_callback(const struct test_server *ts, const char *body, const char *signature)
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

char *fx_callback_body(const char *event_id, const char *order_no, const char *trade_no,
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

/* The command line tool of the server's database: sqlite3 on the file, or
 * psql (unaligned, tuples only, stopping at the first error) on a
 * PostgreSQL URL. */
static char *sql_capture(const struct test_server *ts, const char *sql)
{
	char *sqlite[] = { "sqlite3", (char *)ts->db, (char *)sql, NULL };
	char *psql[] = { "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
	                 "-d", (char *)ts->db, "-c", (char *)sql, NULL };

	return run_capture(ts_db_is_pg(ts) ? psql : sqlite);
}

long long fx_sql_int(const struct test_server *ts, const char *sql)
{
	char *out = sql_capture(ts, sql);
	long long v = atoll(out);

	free(out);
	return v;
}

char *fx_sql_text(const struct test_server *ts, const char *sql)
{
	char *out = sql_capture(ts, sql);
	size_t n = strlen(out);

	if (n > 0 && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return out;
}

char *fx_pdf_text(const void *pdf, size_t len)
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

void fx_sql(const struct test_server *ts, const char *sql)
{
	free(sql_capture(ts, sql));
}
