/* pay.sandbox = 0 (the default of a real server): a member cannot get a
 * sandbox payment code, and the sandbox pages and callback confirm nothing,
 * not even a code made while the sandbox was on. The code is made by a
 * second rosterd on the same database with the sandbox on, which afterwards
 * confirms it, so the refusals are the switch's doing. */
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
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

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

static struct test_server ts;       /* started with --set pay.sandbox=0 */
static struct test_server on;       /* the same database, sandbox on */

static int setup(void **state)
{
	static const char *const off[] = { "--set", "pay.sandbox=0", NULL };

	(void)state;
	on.pid = -1;
	return ts_start(&ts, off);
}

static void on_stop(void)
{
	int st;

	if (on.pid <= 0)
		return;
	kill(on.pid, SIGTERM);
	waitpid(on.pid, &st, 0);
	on.pid = -1;
}

static int teardown(void **state)
{
	(void)state;
	on_stop();
	return ts_stop(&ts) == 0 ? 0 : -1;
}

/* A second `rosterd serve` on ts's database with the sandbox on; its
 * address goes into `on` (which owns no directory). */
static void on_start(void)
{
	const char *rosterd = getenv("ROSTERD"), *datadir = getenv("ROSTER_DATADIR");
	const char *prefix = "rosterd: listening on http://127.0.0.1:";
	char log[320], line[256];
	size_t got = 0;
	int out[2];
	time_t deadline;

	assert_non_null(rosterd);
	assert_non_null(datadir);
	memset(&on, 0, sizeof on);
	snprintf(on.db, sizeof on.db, "%s", ts.db);
	snprintf(on.outbox, sizeof on.outbox, "%s", ts.outbox);
	snprintf(log, sizeof log, "%s/server-on.log", ts.dir);
	assert_int_equal(pipe(out), 0);
	on.pid = fork();
	assert_true(on.pid >= 0);
	if (on.pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		dup2(out[1], 1);
		if (fd >= 0)
			dup2(fd, 2);
		close(out[0]);
		execl(rosterd, rosterd, "serve", "--port", "0", "--db", ts.db, "--outbox",
		      ts.outbox, "--data-dir", datadir, "--set", "pay.sandbox=1", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	deadline = time(NULL) + 30;
	while (time(NULL) < deadline && got < sizeof line - 1 && !memchr(line, '\n', got)) {
		struct pollfd p = { out[0], POLLIN, 0 };
		ssize_t r;
		if (poll(&p, 1, 200) <= 0)
			continue;
		r = read(out[0], line + got, sizeof line - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(out[0]);
	line[got] = '\0';
	if (strncmp(line, prefix, strlen(prefix)) != 0)
		fail_msg("the second rosterd did not start: \"%s\" (see %s)", line, log);
	on.port = atoi(line + strlen(prefix));
	snprintf(on.base, sizeof on.base, "http://127.0.0.1:%d", on.port);
}

/* POST /orders/{id}/pay with body in language lang: the reply (caller
 * frees). */
static void pay(int64_t order, const char *tok, const char *body, const char *lang,
                struct http_reply *r)
{
	char path[96], al[64];
	const char *hdrs[] = { al, NULL };

	snprintf(path, sizeof path, "/api/v1/orders/%lld/pay", (long long)order);
	snprintf(al, sizeof al, "Accept-Language: %s", lang);
	assert_int_equal(http_req_ex(&ts, "POST", path, tok, hdrs, body, strlen(body), 0, r), 0);
}

static const char *err_field(const struct http_reply *r, const char *key)
{
	return json_str_or(cJSON_GetObjectItem(r->json, "error"), key, "");
}

static long long count(const char *sql_fmt, int64_t id)
{
	char sql[256];

	snprintf(sql, sizeof sql, sql_fmt, (long long)id);
	return fx_sql_int(&ts, sql);
}

static void test_sandbox_off(void **state)
{
	char *tok = fx_pending_payment(&ts, "sboffer", "HQ", "沙箱关"), *code, *body, *sig;
	char years[16], order_no[32], cb_event[64];
	struct http_reply r;
	int64_t order;
	long long amount;
	cJSON *o, *m;
	(void)state;

	snprintf(years, sizeof years, "[%d]", fx_year());
	order = fx_order(&ts, tok, years);

	/* asked for by name, or by default: refused, and the reason is given */
	pay(order, tok, "{\"method\":\"qr\",\"provider\":\"sandbox\"}", "en", &r);
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "code"), "validation");
	assert_string_equal(err_field(&r, "message"),
	                    "Sandbox payments are switched off on this server.");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "error"),
	                                                    "fields"), "provider", ""),
	                    "Sandbox payments are switched off on this server.");
	http_reply_free(&r);
	pay(order, tok, "{}", "zh-CN", &r);
	assert_int_equal(r.status, 422);
	assert_string_equal(err_field(&r, "message"), "本服务器未开启沙箱支付。");
	http_reply_free(&r);
	/* an unknown provider keeps its own reason */
	pay(order, tok, "{\"provider\":\"nosuch\"}", "en", &r);
	assert_int_equal(r.status, 422);
	assert_null(strstr(r.body, "switched off"));
	http_reply_free(&r);
	assert_int_equal(count("SELECT count(*) FROM payments WHERE order_id = %lld", order), 0);

	/* a code made while the sandbox was on (the second server) */
	on_start();
	code = fx_qr(&on, tok, order);
	assert_true(strncmp(code, "/pay/sb/", 8) == 0);
	o = fx_get_order(&ts, tok, order);
	snprintf(order_no, sizeof order_no, "%s", json_str_or(o, "order_no", ""));
	amount = json_int_or(o, "amount", 0);
	cJSON_Delete(o);

	/* the page of that code does not offer to confirm it, and posting the
	 * confirmation confirms nothing */
	assert_int_equal(http_req(&ts, "GET", code, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	assert_null(strstr(r.body, "<form"));
	assert_null(strstr(r.body, "Payment complete"));
	http_reply_free(&r);
	assert_int_equal(fx_confirm(&ts, code), 404);
	/* nor does a correctly signed sandbox callback */
	snprintf(cb_event, sizeof cb_event, "sb_%s", code + 8);
	body = fx_callback_body(cb_event, order_no, code + 8, amount, 0);
	sig = fx_sandbox_sign(&ts, body);
	assert_int_equal(fx_callback(&ts, body, sig), 404);
	free(body);
	free(sig);

	o = fx_get_order(&ts, tok, order);
	assert_string_equal(json_str_or(o, "status", ""), "unpaid");
	cJSON_Delete(o);
	assert_int_equal(count("SELECT count(*) FROM payments WHERE order_id = %lld"
	                       " AND status = 'succeeded'", order), 0);
	m = fx_me_member(&ts, tok);
	assert_string_equal(json_str_or(m, "status", ""), "pending_payment");
	cJSON_Delete(m);

	/* the code itself was good: where the sandbox is on it pays */
	assert_int_equal(fx_confirm(&on, code), 200);
	o = fx_get_order(&ts, tok, order);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	cJSON_Delete(o);
	on_stop();
	free(code);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sandbox_off),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
