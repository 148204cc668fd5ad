/* Two rosterd serving one database at once, as behind a load balancer:
 * a session made on one is valid on the other and ends on both; an order
 * paid through one wakes the long poll held by the other; one trade's
 * callbacks split between the two are counted once; and the same
 * application approved from both at the same moment is approved once, the
 * other answered 409. Run on each backend `make check` tests (SQLite: two
 * processes on one file; PostgreSQL: two instances on one database, the
 * deployment rosterd(8) describes). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
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

/* ts_group is instance A; B serves the same database. On PostgreSQL, B
 * looks at its long polls only every 30 s by itself (server.poll_recheck),
 * so a poll it answers sooner was woken by A's NOTIFY. */
static struct test_server ts_b;

static int group_setup(void **state)
{
	const char *slow_looks[] = { "--set", "server.poll_recheck=30", NULL };

	if (ts_group_setup(state) != 0)
		return -1;
	return ts_start_beside(&ts_b, &ts_group, ts_db_is_pg(&ts_group) ? slow_looks : NULL);
}

static int group_teardown(void **state)
{
	int b = ts_stop(&ts_b);

	return ts_group_teardown(state) != 0 || b != 0 ? -1 : 0;
}

static long status_of(const struct test_server *ts, const char *method, const char *path,
                      const char *token)
{
	struct http_reply r;
	long st;

	assert_int_equal(http_req(ts, method, path, token, NULL, &r), 0);
	st = r.status;
	http_reply_free(&r);
	return st;
}

static void test_session_on_both(void **state)
{
	char *tok;
	cJSON *me;
	(void)state;

	tok = fx_register(&ts_group, "twin_session");
	/* made on A, known to B */
	me = fx_call(&ts_b, "GET", "/api/v1/me", tok, NULL, 200);
	assert_string_equal(json_str_or(me, "username", ""), "twin_session");
	cJSON_Delete(me);
	/* ended on B, gone on A */
	assert_int_equal(status_of(&ts_b, "POST", "/api/v1/auth/logout", tok), 200);
	assert_int_equal(status_of(&ts_group, "GET", "/api/v1/me", tok), 401);
	free(tok);
}

struct poll_arg {
	const char *token;
	int64_t order_id;
	int version;
	cJSON *reply;
};

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void *long_poll(void *p)
{
	struct poll_arg *a = p;
	char path[128];

	snprintf(path, sizeof path, "/api/v1/orders/%lld?wait=25&since=%d",
	         (long long)a->order_id, a->version);
	a->reply = fx_call(&ts_b, "GET", path, a->token, NULL, 200);
	return NULL;
}

static void test_paid_on_other_wakes_poll(void **state)
{
	struct poll_arg arg = { 0 };
	pthread_t th;
	char *tok, *code;
	int64_t paid_at;
	cJSON *o;
	(void)state;

	tok = fx_pending_payment(&ts_group, "twin_pay", "HQ", "孙立");
	arg.token = tok;
	arg.order_id = fx_dues_order(&ts_group, tok);
	o = fx_get_order(&ts_group, tok, arg.order_id);
	arg.version = (int)json_int_or(o, "version", 0);
	cJSON_Delete(o);
	code = fx_qr(&ts_group, tok, arg.order_id);
	/* B holds the member's long poll; the phone pays through A */
	assert_int_equal(pthread_create(&th, NULL, long_poll, &arg), 0);
	paid_at = now_ms();
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_non_null(arg.reply);
	assert_string_equal(json_str_or(arg.reply, "status", ""), "paid");
	/* on PostgreSQL the poll was woken, not answered at its 25 s deadline
	 * (B would look by itself only after 30 s); the wake takes
	 * milliseconds, the margin is for a loaded machine */
	if (ts_db_is_pg(&ts_group))
		assert_true(now_ms() - paid_at < 15000);
	cJSON_Delete(arg.reply);
	/* and A's member record says so */
	o = fx_me_member(&ts_group, tok);
	assert_string_equal(json_str_or(o, "status", ""), "active");
	cJSON_Delete(o);
	free(code);
	free(tok);
}

/* A poll nothing wakes still answers at its own deadline (2 s), not at
 * B's next look of its own (30 s on PostgreSQL), and says the order as it
 * is. */
static void test_poll_answers_at_deadline(void **state)
{
	char *tok, path[128];
	int64_t id, started;
	cJSON *o;
	int version;
	(void)state;

	tok = fx_pending_payment(&ts_group, "twin_idle", "HQ", "钱进");
	id = fx_dues_order(&ts_group, tok);
	o = fx_get_order(&ts_group, tok, id);
	version = (int)json_int_or(o, "version", 0);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/orders/%lld?wait=2&since=%d", (long long)id,
	         version);
	started = now_ms();
	o = fx_call(&ts_b, "GET", path, tok, NULL, 200);
	assert_true(now_ms() - started >= 1900);
	assert_true(now_ms() - started < 15000);
	assert_string_equal(json_str_or(o, "status", ""), "unpaid");
	assert_int_equal(json_int_or(o, "version", -1), version);
	cJSON_Delete(o);
	free(tok);
}

struct cb_arg {
	const struct test_server *ts;
	const char *body, *sig;
	int n, ok;
};

static void *send_callbacks(void *p)
{
	struct cb_arg *a = p;

	for (int i = 0; i < a->n; i++)
		if (fx_callback(a->ts, a->body, a->sig) == 200)
			a->ok++;
	return NULL;
}

static long long count(const char *fmt, long long id)
{
	char sql[256];

	snprintf(sql, sizeof sql, fmt, id);
	return fx_sql_int(&ts_group, sql);
}

static void test_callbacks_split(void **state)
{
	struct cb_arg args[6];
	pthread_t th[6];
	char years[16], order_no[32], event[64], *tok, *code, *body, *sig;
	long long amount;
	int64_t order_id;
	int ok = 0;
	cJSON *o;
	(void)state;

	tok = fx_pending_payment(&ts_group, "twin_cb", "HQ", "燕青");
	snprintf(years, sizeof years, "[%d]", fx_year());
	order_id = fx_order(&ts_group, tok, years);
	o = fx_get_order(&ts_group, tok, order_id);
	snprintf(order_no, sizeof order_no, "%s", json_str_or(o, "order_no", ""));
	amount = json_int_or(o, "amount", 0);
	cJSON_Delete(o);
	code = fx_qr(&ts_b, tok, order_id);
	snprintf(event, sizeof event, "evt-twin-%s", code + strlen("/pay/sb/"));
	body = fx_callback_body(event, order_no, code + strlen("/pay/sb/"), amount, 0);
	sig = fx_sandbox_sign(&ts_group, body);
	/* 120 deliveries of one notification, 3 senders at each instance */
	for (int i = 0; i < 6; i++) {
		args[i] = (struct cb_arg){ i % 2 ? &ts_b : &ts_group, body, sig, 20, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, send_callbacks, &args[i]), 0);
	}
	for (int i = 0; i < 6; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		ok += args[i].ok;
	}
	assert_int_equal(ok, 120);
	o = fx_get_order(&ts_b, tok, order_id);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	assert_int_equal(json_int_or(o, "version", 0), 2);
	cJSON_Delete(o);
	assert_int_equal(count("SELECT COUNT(*) FROM payments WHERE order_id = %lld"
	                       " AND status = 'succeeded'", order_id), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM pay_events WHERE order_id = %lld", order_id), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM messages WHERE ref_type = 'order'"
	                       " AND ref_id = %lld AND kind = 'payment'", order_id), 1);
	free(body);
	free(sig);
	free(code);
	free(tok);
}

struct decide_arg {
	const struct test_server *ts;
	const char *token;
	int64_t id;
	long status;
};

static void *decide(void *p)
{
	struct decide_arg *a = p;

	a->status = fx_decide(a->ts, a->token, a->id, "approve", NULL);
	return NULL;
}

static void test_approved_once_from_both(void **state)
{
	struct decide_arg a, b;
	pthread_t ta, tb;
	char *member, *hq_a, *hq_b;
	int64_t app;
	long ok;
	(void)state;

	member = fx_register(&ts_group, "twin_apply");
	app = fx_apply(&ts_b, member, "HQ", "regular", fx_profile("鲁达"));
	hq_a = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	hq_b = ts_login(&ts_b, "hq", "Hq-Demo-2026");
	assert_non_null(hq_a);
	assert_non_null(hq_b);
	a = (struct decide_arg){ &ts_group, hq_a, app, 0 };
	b = (struct decide_arg){ &ts_b, hq_b, app, 0 };
	assert_int_equal(pthread_create(&ta, NULL, decide, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, decide, &b), 0);
	assert_int_equal(pthread_join(ta, NULL), 0);
	assert_int_equal(pthread_join(tb, NULL), 0);
	/* one decision took, the other was told someone decided first */
	ok = (a.status == 200) + (b.status == 200);
	assert_int_equal(ok, 1);
	assert_true(a.status == 409 || b.status == 409);
	assert_int_equal(count("SELECT COUNT(*) FROM application_events"
	                       " WHERE application_id = %lld AND action = 'approve'", app), 1);
	free(member);
	free(hq_a);
	free(hq_b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_on_both),
		cmocka_unit_test(test_paid_on_other_wakes_poll),
		cmocka_unit_test(test_poll_answers_at_deadline),
		cmocka_unit_test(test_callbacks_split),
		cmocka_unit_test(test_approved_once_from_both),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
