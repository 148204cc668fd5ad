/* The money paths under fixed interleavings, in the manner of PostgreSQL's
 * isolation tests: two requests that race for the same money are made to
 * run their write transactions in a chosen order, both orders in turn, and
 * each order's answers and stored state are checked.
 *
 * How the order is fixed: on PostgreSQL every write transaction of rosterd
 * begins with pg_advisory_xact_lock(728471) (store/db_pg.c). A controlling
 * psql session, kept open on a pipe, takes that lock first; request A is
 * sent and the test waits until a backend queues behind the lock (pg_locks,
 * not granted), then request B likewise; then the controller commits and
 * PostgreSQL grants the queued lock requests in their order, so A's
 * transaction runs before B's. Each case checks that it did (the order of
 * audit rows, or which of two amounts won). A request reads what it needs
 * before it begins its transaction, so A and B have both read the state
 * from before either wrote: the race each guarded write must settle.
 *
 *	notification vs the member cancelling the unpaid order
 *	notification vs the scheduled jobs closing it (closes_at passed)
 *	notification of a QR code vs staff confirming a reported transfer
 *	two staff confirming one transfer; confirm vs reject
 *	two partial refunds of one payment that together exceed it
 *	one refund sent twice under one Idempotency-Key
 *
 * On SQLite the order in which writers get the database cannot be chosen
 * from outside (BEGIN IMMEDIATE waits in a busy loop, with no queue), so
 * every case is skipped there; `make check-pg` (tests/pg/check.sh) runs
 * them. The server runs without the scheduler's timer (schedule.interval =
 * 0) and without SMTP, so no write transaction but the test's own queues
 * behind the lock. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

/* the key rosterd's write transactions lock (store/db_pg.c) */
#define WRITE_LOCK_KEY 728471

/* ---------------------------------------------------------------- the controlling session */

static struct {
	pid_t pid;
	FILE *to, *from;
} ctl = { -1, NULL, NULL };

static int ctl_open(const char *url)
{
	int in[2], out[2];

	if (pipe(in) != 0)
		return -1;
	if (pipe(out) != 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	ctl.pid = fork();
	if (ctl.pid < 0)
		return -1;
	if (ctl.pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execlp("psql", "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url,
		       (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	ctl.to = fdopen(in[1], "w");
	ctl.from = fdopen(out[0], "r");
	return ctl.to && ctl.from ? 0 : -1;
}

static void ctl_close(void)
{
	int st;

	if (ctl.pid <= 0)
		return;
	if (ctl.to)
		fclose(ctl.to);       /* psql ends at the end of its input */
	if (ctl.from)
		fclose(ctl.from);
	waitpid(ctl.pid, &st, 0);
	ctl.pid = -1;
}

/* Run sql in the controlling session; the first line it printed, without
 * its newline, in out (may be empty). Fails the test when psql stopped. */
static void ctl_run(const char *sql, char *out, size_t len)
{
	char line[256];
	bool first = true;

	out[0] = '\0';
	fprintf(ctl.to, "%s\n\\echo @@done\n", sql);
	fflush(ctl.to);
	for (;;) {
		if (!fgets(line, sizeof line, ctl.from))
			fail_msg("the controlling psql session ended at: %s", sql);
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, "@@done") == 0)
			return;
		if (first) {
			size_t n = strlen(line) < len ? strlen(line) : len - 1;

			memcpy(out, line, n);
			out[n] = '\0';
		}
		first = false;
	}
}

static long ctl_int(const char *sql)
{
	char out[64];

	ctl_run(sql, out, sizeof out);
	return atol(out);
}

/* Backends of this database queued behind the write lock. */
static long lock_waiters(void)
{
	char sql[512];

	snprintf(sql, sizeof sql,
	         "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
	         " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
	         " AND classid = 0 AND objid = %d AND objsubid = 1;", WRITE_LOCK_KEY);
	return ctl_int(sql);
}

/* Wait (up to 30 s) until n backends queue behind the lock. */
static void wait_waiters(long n)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	long got = 0;

	for (int i = 0; i < 3000; i++) {
		if ((got = lock_waiters()) == n)
			return;
		nanosleep(&pause, NULL);
	}
	fail_msg("%ld requests wait for the write lock, not %ld", got, n);
}

static void ctl_lock(void)
{
	char sql[64], out[64];

	assert_int_equal(lock_waiters(), 0);
	snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%d);", WRITE_LOCK_KEY);
	ctl_run(sql, out, sizeof out);
}

static void ctl_unlock(void)
{
	char out[64];

	ctl_run("COMMIT;", out, sizeof out);
}

/* ---------------------------------------------------------------- requests */

/* One request, sent from a thread of its own. */
struct call {
	const char *method;
	char path[128];
	const char *token;      /* NULL: none */
	char header[160];       /* one extra header line, "" = none */
	char *body;             /* JSON, owned */
	struct http_reply r;    /* the answer */
	pthread_t th;
};

static void *call_main(void *arg)
{
	struct call *c = arg;
	const char *hdrs[] = { c->header, NULL };

	if (http_req_ex(&ts_group, c->method, c->path, c->token, c->header[0] ? hdrs : NULL,
	                c->body, c->body ? strlen(c->body) : 0, 0, &c->r) != 0)
		c->r.status = 0;
	return NULL;
}

static void call_free(struct call *c)
{
	free(c->body);
	http_reply_free(&c->r);
	memset(c, 0, sizeof *c);
}

/* The message of an error answer, in the association's language (the
 * requests ask for none, so Chinese). */
static const char *call_message(const struct call *c)
{
	return json_str_or(cJSON_GetObjectItemCaseSensitive(c->r.json, "error"), "message", "");
}

/* The permutation: first's write transaction, then second's. */
static void run_in_order(struct call *first, struct call *second)
{
	ctl_lock();
	assert_int_equal(pthread_create(&first->th, NULL, call_main, first), 0);
	wait_waiters(1);
	assert_int_equal(pthread_create(&second->th, NULL, call_main, second), 0);
	wait_waiters(2);
	ctl_unlock();
	assert_int_equal(pthread_join(first->th, NULL), 0);
	assert_int_equal(pthread_join(second->th, NULL), 0);
}

/* ---------------------------------------------------------------- reading the database */

static long long q_int(const char *fmt, ...)
{
	char sql[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return fx_sql_int(&ts_group, sql);
}

static char *q_text(const char *fmt, ...)
{
	char sql[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return fx_sql_text(&ts_group, sql);
}

static void assert_q_text(const char *want, const char *fmt, long long id)
{
	char *got = q_text(fmt, id);

	assert_string_equal(got, want);
	free(got);
}

/* The id of the audit row for action on (type, id); 0 when there is none. */
static long long audit_id(const char *action, const char *type, long long id)
{
	return q_int("SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE action = '%s'"
	             " AND object_type = '%s' AND object_id = %lld", action, type, id);
}

static long long account_id(const char *username)
{
	return q_int("SELECT id FROM accounts WHERE username = '%s'", username);
}

/* ---------------------------------------------------------------- the money to race for */

/* A member awaiting payment with an unpaid order for this year and a live
 * sandbox code; the notification of that code's payment, signed. */
struct trade {
	char *token;
	int64_t order_id;
	char order_no[32];
	long long amount;
	char *code;             /* "/pay/sb/<trade>" */
	char *notice, *sig;     /* the callback body and its signature */
	long version;           /* the order's version before the race */
};

static void trade_make(const char *username, const char *name, struct trade *t)
{
	char years[16], event[96];
	const char *trade_no;
	cJSON *o;

	t->token = fx_pending_payment(&ts_group, username, "HQ", name);
	snprintf(years, sizeof years, "[%d]", fx_year());
	t->order_id = fx_order(&ts_group, t->token, years);
	o = fx_get_order(&ts_group, t->token, t->order_id);
	snprintf(t->order_no, sizeof t->order_no, "%s", json_str_or(o, "order_no", ""));
	t->amount = json_int_or(o, "amount", 0);
	cJSON_Delete(o);
	t->code = fx_qr(&ts_group, t->token, t->order_id);
	trade_no = t->code + strlen("/pay/sb/");
	snprintf(event, sizeof event, "evt-il-%s", trade_no);
	t->notice = fx_callback_body(event, t->order_no, trade_no, t->amount, 0);
	t->sig = fx_sandbox_sign(&ts_group, t->notice);
	t->version = 1;
}

static void trade_free(struct trade *t)
{
	free(t->token);
	free(t->code);
	free(t->notice);
	free(t->sig);
}

static void notify_call(const struct trade *t, struct call *c)
{
	c->method = "POST";
	snprintf(c->path, sizeof c->path, "/pay/callback/sandbox");
	snprintf(c->header, sizeof c->header, "X-Sandbox-Signature: %s", t->sig);
	c->body = strdup(t->notice);
}

static void post_call(struct call *c, const char *token, const char *body, const char *fmt,
                      long long id)
{
	c->method = "POST";
	snprintf(c->path, sizeof c->path, fmt, id);
	c->token = token;
	c->body = strdup(body);
}

static void assert_order(const struct trade *t, const char *status, long version)
{
	cJSON *o = fx_get_order(&ts_group, t->token, t->order_id);

	assert_string_equal(json_str_or(o, "status", ""), status);
	assert_int_equal(json_int_or(o, "version", 0), version);
	cJSON_Delete(o);
}

static void assert_member(const char *token, const char *status)
{
	cJSON *me = fx_me_member(&ts_group, token);

	assert_string_equal(json_str_or(me, "status", ""), status);
	cJSON_Delete(me);
}

static long long payments_in(int64_t order_id, const char *status)
{
	return q_int("SELECT COUNT(*) FROM payments WHERE order_id = %lld AND status = '%s'",
	             (long long)order_id, status);
}

/* ---------------------------------------------------------------- the cases */

static void skip_unless_pg(void)
{
	if (!ts_db_is_pg(&ts_group))
		skip();
}

/* The member cancels the unpaid order while the payment's notification
 * arrives. */
static void test_notify_vs_cancel(void **state)
{
	struct trade t;
	struct call cancel = { 0 }, notify = { 0 };
	(void)state;
	skip_unless_pg();

	/* cancel, then the notification. Exercises the notification's
	 * decision inside its transaction (pay/apply.c): it sees the order
	 * cancelled with its years free, revives it and takes the money. Made
	 * on the state read before (unpaid), store_order_mark_paid's guard
	 * would refuse it and the money would be answered 503 and left
	 * hanging. */
	trade_make("il_cancel1", "戴宗", &t);
	post_call(&cancel, t.token, "{}", "/api/v1/orders/%lld/cancel", t.order_id);
	notify_call(&t, &notify);
	run_in_order(&cancel, &notify);
	assert_int_equal(cancel.r.status, 200);
	assert_int_equal(notify.r.status, 200);
	assert_true(audit_id("order.cancel", "order", t.order_id) <
	            audit_id("order.paid", "order", t.order_id));
	/* unpaid 1, cancelled 2, revived 3, paid 4 */
	assert_order(&t, "paid", 4);
	assert_int_equal(payments_in(t.order_id, "succeeded"), 1);
	assert_int_equal(payments_in(t.order_id, "refund_due"), 0);
	assert_member(t.token, "active");
	call_free(&cancel);
	call_free(&notify);
	trade_free(&t);

	/* the notification, then cancel. Exercises store_order_end's
	 * `AND status = 'unpaid'`: the cancel read the order unpaid, but by
	 * its turn it is paid; without the guard a paid order would end
	 * cancelled and the member's money would buy nothing. */
	trade_make("il_cancel2", "李逵", &t);
	post_call(&cancel, t.token, "{}", "/api/v1/orders/%lld/cancel", t.order_id);
	notify_call(&t, &notify);
	run_in_order(&notify, &cancel);
	assert_int_equal(notify.r.status, 200);
	assert_int_equal(cancel.r.status, 409);
	assert_string_equal(call_message(&cancel), "只能取消未支付的订单。");
	assert_true(audit_id("order.paid", "order", t.order_id) > 0);
	assert_int_equal(audit_id("order.cancel", "order", t.order_id), 0);
	assert_order(&t, "paid", 2);
	assert_int_equal(payments_in(t.order_id, "succeeded"), 1);
	assert_member(t.token, "active");
	call_free(&cancel);
	call_free(&notify);
	trade_free(&t);
}

/* The scheduled jobs close the order (its closes_at has passed) while the
 * payment's notification arrives. */
static void test_notify_vs_close(void **state)
{
	struct trade t;
	struct call jobs = { 0 }, notify = { 0 };
	char *admin;
	char sql[160];
	(void)state;
	skip_unless_pg();
	admin = ts_login(&ts_group, "admin", "Admin-Demo-2026");
	assert_non_null(admin);

	/* closed, then the notification: as with a cancel, the notification
	 * decides in its transaction and revives the closed order
	 * (pay/apply.c). */
	trade_make("il_close1", "阮小二", &t);
	snprintf(sql, sizeof sql, "UPDATE orders SET closes_at = %lld WHERE id = %lld",
	         (long long)time(NULL) - 60, (long long)t.order_id);
	fx_sql(&ts_group, sql);
	post_call(&jobs, admin, "{}", "/api/v1/jobs/run", 0);
	notify_call(&t, &notify);
	run_in_order(&jobs, &notify);
	assert_int_equal(jobs.r.status, 200);
	assert_int_equal(json_int_or(jobs.r.json, "orders_closed", -1), 1);
	assert_int_equal(notify.r.status, 200);
	assert_true(audit_id("order.close", "order", t.order_id) <
	            audit_id("order.paid", "order", t.order_id));
	assert_order(&t, "paid", 4);
	assert_int_equal(payments_in(t.order_id, "succeeded"), 1);
	assert_int_equal(payments_in(t.order_id, "refund_due"), 0);
	assert_member(t.token, "active");
	call_free(&jobs);
	call_free(&notify);
	trade_free(&t);

	/* the notification, then the close. Exercises store_order_end's
	 * `AND status = 'unpaid'` on the scheduler's path (service/sweeper.c
	 * listed the order as due before the money came): the paid order stays
	 * paid and the run closes nothing. */
	trade_make("il_close2", "阮小五", &t);
	snprintf(sql, sizeof sql, "UPDATE orders SET closes_at = %lld WHERE id = %lld",
	         (long long)time(NULL) - 60, (long long)t.order_id);
	fx_sql(&ts_group, sql);
	post_call(&jobs, admin, "{}", "/api/v1/jobs/run", 0);
	notify_call(&t, &notify);
	run_in_order(&notify, &jobs);
	assert_int_equal(notify.r.status, 200);
	assert_int_equal(jobs.r.status, 200);
	assert_int_equal(json_int_or(jobs.r.json, "orders_closed", -1), 0);
	assert_int_equal(audit_id("order.close", "order", t.order_id), 0);
	assert_order(&t, "paid", 2);
	assert_int_equal(payments_in(t.order_id, "succeeded"), 1);
	assert_member(t.token, "active");
	call_free(&jobs);
	call_free(&notify);
	trade_free(&t);
	free(admin);
}

/* The member showed a QR code, then reported a bank transfer instead; the
 * code's money arrives while staff confirm the transfer. Returns the
 * transfer's id. */
static int64_t transfer_after_qr(const char *username, const char *name, struct trade *t)
{
	char path[96], body[512], today[11];
	cJSON *o;
	int64_t id;

	trade_make(username, name, t);
	fx_date(0, today);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/bank-transfer", (long long)t->order_id);
	snprintf(body, sizeof body,
	         "{\"payer_name\":\"张三\",\"bank\":\"中国工商银行\",\"account_tail\":\"1234\","
	         "\"date\":\"%s\",\"amount\":%lld,\"reference\":\"IL-%lld\"}",
	         today, t->amount, (long long)t->order_id);
	o = fx_call(&ts_group, "POST", path, t->token, body, 201);
	id = json_int_or(o, "id", -1);
	if (id <= 0)
		id = json_int_or(cJSON_GetObjectItemCaseSensitive(o, "bank_transfer"), "id", -1);
	cJSON_Delete(o);
	assert_true(id > 0);
	t->version = q_int("SELECT version FROM orders WHERE id = %lld", (long long)t->order_id);
	return id;
}

static void test_confirm_vs_notify(void **state)
{
	struct trade t;
	struct call confirm = { 0 }, notify = { 0 };
	char *hq;
	int64_t bt;
	(void)state;
	skip_unless_pg();
	hq = ts_login(&ts_group, "hq", FX_HQ_PASSWORD);
	assert_non_null(hq);

	/* the transfer confirmed, then the code's money. Exercises the
	 * notification's decision in its transaction: the order is paid by
	 * then, so that money is kept for a refund (store_payment_refund_due),
	 * never counted as a second payment nor dropped. */
	bt = transfer_after_qr("il_bank1", "张顺", &t);
	post_call(&confirm, hq, "{}", "/api/v1/review/bank-transfers/%lld/confirm", bt);
	notify_call(&t, &notify);
	run_in_order(&confirm, &notify);
	assert_int_equal(confirm.r.status, 200);
	assert_int_equal(notify.r.status, 200);
	assert_true(audit_id("bank_transfer.confirm", "payment", bt) <
	            q_int("SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE action ="
	                  " 'payment.refund_due' AND object_id IN (SELECT id FROM payments"
	                  " WHERE order_id = %lld)", (long long)t.order_id));
	assert_order(&t, "paid", t.version + 1);
	assert_q_text("bank_transfer", "SELECT method FROM orders WHERE id = %lld", t.order_id);
	assert_q_text("succeeded", "SELECT status FROM payments WHERE id = %lld", bt);
	assert_int_equal(payments_in(t.order_id, "succeeded"), 1);
	assert_int_equal(payments_in(t.order_id, "refund_due"), 1);
	assert_q_text("qr", "SELECT method FROM payments WHERE order_id = %lld"
	              " AND status = 'refund_due'", t.order_id);
	assert_member(t.token, "active");
	call_free(&confirm);
	call_free(&notify);
	trade_free(&t);

	/* the code's money, then the confirmation. Exercises
	 * store_payment_succeed's `status IN ('pending', 'expired')`: the
	 * money closed the transfer as not needed, so the confirmation finds
	 * it dealt with. Without that guard it would go on to the order and be
	 * refused there with another message ("The order is not open for
	 * payment."). */
	bt = transfer_after_qr("il_bank2", "张横", &t);
	post_call(&confirm, hq, "{}", "/api/v1/review/bank-transfers/%lld/confirm", bt);
	notify_call(&t, &notify);
	run_in_order(&notify, &confirm);
	assert_int_equal(notify.r.status, 200);
	assert_int_equal(confirm.r.status, 409);
	assert_string_equal(call_message(&confirm), "此转账已处理过。");
	assert_order(&t, "paid", t.version + 1);
	assert_q_text("qr", "SELECT method FROM orders WHERE id = %lld", t.order_id);
	assert_q_text("not_needed", "SELECT status FROM payments WHERE id = %lld", bt);
	assert_int_equal(payments_in(t.order_id, "succeeded"), 1);
	assert_int_equal(payments_in(t.order_id, "refund_due"), 0);
	assert_int_equal(audit_id("bank_transfer.confirm", "payment", bt), 0);
	assert_member(t.token, "active");
	call_free(&confirm);
	call_free(&notify);
	trade_free(&t);
	free(hq);
}

/* A member awaiting payment with a bank transfer reported for this year's
 * dues: its id; the member's session in *token, the order in *order_id. */
static int64_t reported_transfer(const char *username, const char *name, char **token,
                                 int64_t *order_id)
{
	struct fx_member m = { 0 };
	int64_t id;

	m.token = fx_pending_payment(&ts_group, username, "HQ", name);
	id = fx_member_transfer(&ts_group, &m);
	assert_true(id > 0);
	*token = m.token;
	*order_id = m.order_id;
	return id;
}

static void test_two_staff_confirm(void **state)
{
	struct call a = { 0 }, b = { 0 };
	char *hq;
	char *admin;
	char *member;
	int64_t bt, order_id;
	(void)state;
	skip_unless_pg();
	hq = ts_login(&ts_group, "hq", FX_HQ_PASSWORD);
	admin = ts_login(&ts_group, "admin", "Admin-Demo-2026");
	assert_non_null(hq);
	assert_non_null(admin);

	/* hq first, then admin; then admin first, then hq. Exercises
	 * store_payment_succeed's status guard: the second confirmation read
	 * the transfer pending, but by its turn it is confirmed; without the
	 * guard it would be refused only at the order, with another message. */
	for (int perm = 0; perm < 2; perm++) {
		struct call *first = perm ? &b : &a, *second = perm ? &a : &b;
		const char *first_login = perm ? "admin" : "hq";

		bt = reported_transfer(perm ? "il_twice2" : "il_twice1", perm ? "解珍" : "解宝",
		                       &member, &order_id);
		post_call(&a, hq, "{}", "/api/v1/review/bank-transfers/%lld/confirm", bt);
		post_call(&b, admin, "{}", "/api/v1/review/bank-transfers/%lld/confirm", bt);
		run_in_order(first, second);
		assert_int_equal(first->r.status, 200);
		assert_int_equal(second->r.status, 409);
		assert_string_equal(call_message(second), "此转账已处理过。");
		/* the first in the queue is the one that confirmed */
		assert_int_equal(q_int("SELECT reviewed_by FROM payments WHERE id = %lld",
		                       (long long)bt), account_id(first_login));
		assert_int_equal(q_int("SELECT COUNT(*) FROM audit_log WHERE action ="
		                       " 'bank_transfer.confirm' AND object_id = %lld",
		                       (long long)bt), 1);
		assert_int_equal(q_int("SELECT COUNT(*) FROM audit_log WHERE action = 'order.paid'"
		                       " AND object_id = %lld", (long long)order_id), 1);
		assert_int_equal(payments_in(order_id, "succeeded"), 1);
		assert_member(member, "active");
		call_free(&a);
		call_free(&b);
		free(member);
	}
	free(hq);
	free(admin);
}

static void test_confirm_vs_reject(void **state)
{
	struct call confirm = { 0 }, reject = { 0 };
	char *hq;
	char *admin;
	char *member;
	int64_t bt, order_id;
	(void)state;
	skip_unless_pg();
	hq = ts_login(&ts_group, "hq", FX_HQ_PASSWORD);
	admin = ts_login(&ts_group, "admin", "Admin-Demo-2026");
	assert_non_null(hq);
	assert_non_null(admin);

	/* confirm, then reject. Exercises store_payment_reject's
	 * `AND status = 'pending'`: without it the transfer that paid the order
	 * would end rejected, and the member be told so. */
	bt = reported_transfer("il_decide1", "穆弘", &member, &order_id);
	post_call(&confirm, hq, "{}", "/api/v1/review/bank-transfers/%lld/confirm", bt);
	post_call(&reject, admin, "{\"reason\":\"no such transfer\"}",
	          "/api/v1/review/bank-transfers/%lld/reject", bt);
	run_in_order(&confirm, &reject);
	assert_int_equal(confirm.r.status, 200);
	assert_int_equal(reject.r.status, 409);
	assert_string_equal(call_message(&reject), "此转账已处理过。");
	assert_q_text("succeeded", "SELECT status FROM payments WHERE id = %lld", bt);
	assert_int_equal(audit_id("bank_transfer.reject", "payment", bt), 0);
	assert_q_text("paid", "SELECT status FROM orders WHERE id = %lld", order_id);
	assert_member(member, "active");
	call_free(&confirm);
	call_free(&reject);
	free(member);

	/* reject, then confirm. Exercises store_payment_succeed's status
	 * guard: without it the rejected transfer would be taken as money and
	 * pay the order (which is still unpaid, so nothing else stops it). */
	bt = reported_transfer("il_decide2", "穆春", &member, &order_id);
	post_call(&confirm, hq, "{}", "/api/v1/review/bank-transfers/%lld/confirm", bt);
	post_call(&reject, admin, "{\"reason\":\"no such transfer\"}",
	          "/api/v1/review/bank-transfers/%lld/reject", bt);
	run_in_order(&reject, &confirm);
	assert_int_equal(reject.r.status, 200);
	assert_int_equal(confirm.r.status, 409);
	assert_string_equal(call_message(&confirm), "此转账已处理过。");
	assert_q_text("rejected", "SELECT status FROM payments WHERE id = %lld", bt);
	assert_int_equal(audit_id("bank_transfer.confirm", "payment", bt), 0);
	assert_q_text("unpaid", "SELECT status FROM orders WHERE id = %lld", order_id);
	assert_int_equal(payments_in(order_id, "succeeded"), 0);
	assert_member(member, "pending_payment");
	call_free(&confirm);
	call_free(&reject);
	free(member);
	free(hq);
	free(admin);
}

/* A member's dues paid by a bank transfer hq confirmed: the payment's id
 * and amount. */
static int64_t paid_transfer(const char *username, const char *name, long long *amount)
{
	char *hq = ts_login(&ts_group, "hq", FX_HQ_PASSWORD), *member, path[96];
	int64_t bt, order_id;

	assert_non_null(hq);
	bt = reported_transfer(username, name, &member, &order_id);
	snprintf(path, sizeof path, "/api/v1/review/bank-transfers/%lld/confirm", (long long)bt);
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq, "{}", 200));
	*amount = q_int("SELECT amount FROM payments WHERE id = %lld", (long long)bt);
	assert_true(*amount >= 10);
	free(member);
	free(hq);
	return bt;
}

static void refund_call(struct call *c, const char *token, int64_t payment, long long amount,
                        const char *key)
{
	char body[160];

	snprintf(body, sizeof body, "{\"amount\":%lld,\"cause\":\"other\",\"reason\":\"paid in error\"}",
	         amount);
	post_call(c, token, body, "/api/v1/review/payments/%lld/refund", payment);
	if (key)
		snprintf(c->header, sizeof c->header, "Idempotency-Key: %s", key);
}

static void test_two_refunds_exceed(void **state)
{
	struct call six = { 0 }, seven = { 0 };
	char *hq;
	char *admin;
	long long amount;
	int64_t pm;
	(void)state;
	skip_unless_pg();
	hq = ts_login(&ts_group, "hq", FX_HQ_PASSWORD);
	admin = ts_login(&ts_group, "admin", "Admin-Demo-2026");
	assert_non_null(hq);
	assert_non_null(admin);

	/* six tenths of the payment and seven tenths, each order in turn: the
	 * first in the queue is refunded, the second refused. Exercises the
	 * sum of refunds made being read inside the refund's transaction
	 * (pay/refund.c): read before it, both would pass and thirteen tenths
	 * of the money would go back. */
	for (int perm = 0; perm < 2; perm++) {
		struct call *first = perm ? &seven : &six, *second = perm ? &six : &seven;
		long long part6, part7, won;

		pm = paid_transfer(perm ? "il_refund2" : "il_refund1", perm ? "孙新" : "顾大嫂",
		                   &amount);
		part6 = amount * 6 / 10;
		part7 = amount * 7 / 10;
		won = perm ? part7 : part6;
		refund_call(&six, hq, pm, part6, NULL);
		refund_call(&seven, admin, pm, part7, NULL);
		run_in_order(first, second);
		assert_int_equal(first->r.status, 201);
		assert_int_equal(json_int_or(first->r.json, "amount", 0), won);
		assert_string_equal(json_str_or(first->r.json, "status", ""), "succeeded");
		assert_int_equal(second->r.status, 409);
		assert_string_equal(call_message(second), "超过了该笔支付可退的余额。");
		assert_int_equal(q_int("SELECT COUNT(*) FROM refunds WHERE payment_id = %lld",
		                       (long long)pm), 1);
		assert_int_equal(q_int("SELECT SUM(amount) FROM refunds WHERE payment_id = %lld",
		                       (long long)pm), won);
		call_free(&six);
		call_free(&seven);
	}
	free(hq);
	free(admin);
}

/* The same refund request sent twice under one Idempotency-Key (staff
 * pressed again, a proxy retried) with both read before either wrote: the
 * second finds the first refund and answers it, as a retry after the first
 * had finished does. Both orders are the same request, so one permutation.
 * Exercises the key being looked up again inside the refund's transaction
 * (pay/refund.c); only the unique index on (payment_id, request_key) would
 * be left otherwise, and the retry would be answered 500. */
static void test_refund_same_key(void **state)
{
	struct call a = { 0 }, b = { 0 };
	char *hq, *replayed;
	long long amount;
	int64_t pm;
	(void)state;
	skip_unless_pg();
	hq = ts_login(&ts_group, "hq", FX_HQ_PASSWORD);
	assert_non_null(hq);

	pm = paid_transfer("il_refund_key", "乐和", &amount);
	refund_call(&a, hq, pm, amount / 3, "il-refund-key-1");
	refund_call(&b, hq, pm, amount / 3, "il-refund-key-1");
	run_in_order(&a, &b);
	assert_int_equal(a.r.status, 201);
	assert_int_equal(b.r.status, 200);
	replayed = http_reply_header(&b.r, "Idempotent-Replayed");
	assert_non_null(replayed);
	assert_string_equal(replayed, "true");
	free(replayed);
	assert_int_equal(json_int_or(b.r.json, "id", -1), json_int_or(a.r.json, "id", -2));
	assert_int_equal(q_int("SELECT COUNT(*) FROM refunds WHERE payment_id = %lld",
	                       (long long)pm), 1);
	assert_int_equal(q_int("SELECT SUM(amount) FROM refunds WHERE payment_id = %lld",
	                       (long long)pm), amount / 3);
	call_free(&a);
	call_free(&b);
	free(hq);
}

/* ---------------------------------------------------------------- the server */

static int group_setup(void **state)
{
	static const char *const args[] = { "--set", "schedule.interval=0", NULL };
	char *admin;
	struct http_reply r;
	(void)state;

	if (!getenv("ROSTER_TEST_PG"))
		return 0;            /* SQLite: every case skips */
	if (ts_start(&ts_group, args) != 0 || ctl_open(ts_group.db) != 0)
		return -1;
	/* whatever the demo data leaves for the scheduled jobs is done now,
	 * so a run in a case writes only what that case made due */
	admin = ts_login(&ts_group, "admin", "Admin-Demo-2026");
	if (!admin || http_req(&ts_group, "POST", "/api/v1/jobs/run", admin, "{}", &r) != 0) {
		free(admin);
		return -1;
	}
	http_reply_free(&r);
	free(admin);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	ctl_close();
	if (ts_group.pid <= 0)
		return 0;
	return ts_stop(&ts_group) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notify_vs_cancel),
		cmocka_unit_test(test_notify_vs_close),
		cmocka_unit_test(test_confirm_vs_notify),
		cmocka_unit_test(test_two_staff_confirm),
		cmocka_unit_test(test_confirm_vs_reject),
		cmocka_unit_test(test_two_refunds_exceed),
		cmocka_unit_test(test_refund_same_key),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
