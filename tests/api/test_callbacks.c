/* Provider callbacks are applied exactly once: duplicates (200 of them, at
 * once) and concurrent confirmations leave one payment and the right
 * validity; a callback with a bad signature, the wrong amount, a stale
 * timestamp or an unknown order is refused and changes nothing; money for
 * an order that ended is either taken (the order revives) or kept for a
 * refund, never counted twice. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

/* An unpaid order for this year with a live sandbox code. */
struct trade {
	char *token;            /* the member */
	int64_t order_id;
	char order_no[32];
	long long amount;
	char *code;             /* "/pay/sb/<trade>" */
	const char *trade_no;   /* the part after /pay/sb/ */
};

static void trade_make(const char *username, const char *name, struct trade *t)
{
	char years[16];
	cJSON *o;

	t->token = fx_pending_payment(&ts_group, username, "HQ", name);
	snprintf(years, sizeof years, "[%d]", fx_year());
	t->order_id = fx_order(&ts_group, t->token, years);
	o = fx_get_order(&ts_group, t->token, t->order_id);
	snprintf(t->order_no, sizeof t->order_no, "%s", json_str_or(o, "order_no", ""));
	t->amount = json_int_or(o, "amount", 0);
	cJSON_Delete(o);
	t->code = fx_qr(&ts_group, t->token, t->order_id);
	t->trade_no = t->code + strlen("/pay/sb/");
}

static void trade_free(struct trade *t)
{
	free(t->token);
	free(t->code);
}

static long long count(const char *fmt, long long id)
{
	char sql[256];

	snprintf(sql, sizeof sql, fmt, id);
	return fx_sql_int(&ts_group, sql);
}

struct dup_arg {
	const char *body, *sig;
	int n;
	int ok;                 /* answers 200 */
};

static void *send_dups(void *p)
{
	struct dup_arg *a = p;

	for (int i = 0; i < a->n; i++)
		if (fx_callback(&ts_group, a->body, a->sig) == 200)
			a->ok++;
	return NULL;
}

static void test_duplicate_callbacks(void **state)
{
	struct trade t;
	struct dup_arg args[8];
	pthread_t th[8];
	char *body, *sig, event[64], until[32];
	cJSON *o, *me;
	(void)state;

	trade_make("cbdup", "吴用", &t);
	snprintf(event, sizeof event, "evt-dup-%s", t.trade_no);
	body = fx_callback_body(event, t.order_no, t.trade_no, t.amount, 0);
	sig = fx_sandbox_sign(&ts_group, body);
	/* 200 deliveries of one event, 8 senders at once */
	for (int i = 0; i < 8; i++) {
		args[i] = (struct dup_arg){ body, sig, 25, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, send_dups, &args[i]), 0);
	}
	int ok = 0;
	for (int i = 0; i < 8; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		ok += args[i].ok;
	}
	/* every delivery is acknowledged, so the gateway stops retrying */
	assert_int_equal(ok, 200);
	o = fx_get_order(&ts_group, t.token, t.order_id);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	/* unpaid (1) -> paid (2): one change only */
	assert_int_equal(json_int_or(o, "version", 0), 2);
	cJSON_Delete(o);
	assert_int_equal(count("SELECT COUNT(*) FROM payments WHERE order_id = %lld"
	                       " AND status = 'succeeded'", t.order_id), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM pay_events WHERE order_id = %lld", t.order_id), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM messages m JOIN orders o ON m.ref_id = o.id"
	                       " AND m.ref_type = 'order' WHERE o.id = %lld"
	                       " AND m.kind = 'payment'", t.order_id), 1);
	me = fx_me_member(&ts_group, t.token);
	snprintf(until, sizeof until, "%d-12-31", fx_year());
	assert_string_equal(json_str_or(me, "valid_until", ""), until);
	assert_string_equal(json_str_or(me, "status", ""), "active");
	cJSON_Delete(me);
	free(body);
	free(sig);
	trade_free(&t);
}

struct confirm_arg {
	const char *code;
	int n, ok;
};

static void *confirm_many(void *p)
{
	struct confirm_arg *a = p;

	for (int i = 0; i < a->n; i++)
		if (fx_confirm(&ts_group, a->code) == 200)
			a->ok++;
	return NULL;
}

static void test_concurrent_confirmations(void **state)
{
	struct trade t;
	struct confirm_arg args[6];
	pthread_t th[6];
	char until[32];
	cJSON *me;
	int ok = 0;
	(void)state;

	trade_make("cbconc", "林冲", &t);
	for (int i = 0; i < 6; i++) {
		args[i] = (struct confirm_arg){ t.code, 5, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, confirm_many, &args[i]), 0);
	}
	for (int i = 0; i < 6; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		ok += args[i].ok;
	}
	assert_int_equal(ok, 30);
	assert_int_equal(count("SELECT COUNT(*) FROM payments WHERE order_id = %lld"
	                       " AND status = 'succeeded'", t.order_id), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM pay_events WHERE order_id = %lld", t.order_id), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM orders WHERE id = %lld AND status = 'paid'"
	                       " AND version = 2", t.order_id), 1);
	me = fx_me_member(&ts_group, t.token);
	snprintf(until, sizeof until, "%d-12-31", fx_year());
	assert_string_equal(json_str_or(me, "valid_until", ""), until);
	cJSON_Delete(me);
	trade_free(&t);
}

/* The order, the member and the payments are as they were. */
static void assert_untouched(const struct trade *t)
{
	cJSON *o = fx_get_order(&ts_group, t->token, t->order_id), *me;

	assert_string_equal(json_str_or(o, "status", ""), "unpaid");
	assert_int_equal(json_int_or(o, "version", 0), 1);
	cJSON_Delete(o);
	me = fx_me_member(&ts_group, t->token);
	assert_string_equal(json_str_or(me, "status", ""), "pending_payment");
	cJSON_Delete(me);
	assert_int_equal(count("SELECT COUNT(*) FROM payments WHERE order_id = %lld"
	                       " AND status <> 'pending'", t->order_id), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM pay_events WHERE order_id = %lld",
	                       t->order_id), 0);
}

static void test_refused_callbacks(void **state)
{
	struct trade t;
	char *body, *sig, event[64];
	(void)state;

	trade_make("cbbad", "宋江", &t);
	snprintf(event, sizeof event, "evt-bad-%s", t.trade_no);

	/* no signature, and a signature of another body */
	body = fx_callback_body(event, t.order_no, t.trade_no, t.amount, 0);
	assert_int_equal(fx_callback(&ts_group, body, NULL), 401);
	char *other = fx_callback_body(event, t.order_no, t.trade_no, t.amount + 1, 0);
	sig = fx_sandbox_sign(&ts_group, other);
	assert_int_equal(fx_callback(&ts_group, body, sig), 401);
	/* one flipped character of a good signature */
	free(sig);
	sig = fx_sandbox_sign(&ts_group, body);
	sig[10] = sig[10] == 'A' ? 'B' : 'A';
	assert_int_equal(fx_callback(&ts_group, body, sig), 401);
	free(sig);
	free(body);
	assert_untouched(&t);

	/* signed, but the amount is not the order's */
	sig = fx_sandbox_sign(&ts_group, other);
	assert_int_equal(fx_callback(&ts_group, other, sig), 409);
	free(sig);
	free(other);
	body = fx_callback_body(event, t.order_no, t.trade_no, 1, 0);
	sig = fx_sandbox_sign(&ts_group, body);
	assert_int_equal(fx_callback(&ts_group, body, sig), 409);
	free(sig);
	free(body);
	assert_untouched(&t);

	/* signed, but ten minutes old (or ten minutes ahead) */
	body = fx_callback_body(event, t.order_no, t.trade_no, t.amount, -600);
	sig = fx_sandbox_sign(&ts_group, body);
	assert_int_equal(fx_callback(&ts_group, body, sig), 410);
	free(sig);
	free(body);
	body = fx_callback_body(event, t.order_no, t.trade_no, t.amount, 600);
	sig = fx_sandbox_sign(&ts_group, body);
	assert_int_equal(fx_callback(&ts_group, body, sig), 410);
	free(sig);
	free(body);
	assert_untouched(&t);

	/* signed, but no such order, or a trade of another order */
	body = fx_callback_body(event, "D20000101000000", t.trade_no, t.amount, 0);
	sig = fx_sandbox_sign(&ts_group, body);
	assert_int_equal(fx_callback(&ts_group, body, sig), 404);
	free(sig);
	free(body);
	body = fx_callback_body(event, t.order_no, "AAAAAAAAAAAAAAAA", t.amount, 0);
	sig = fx_sandbox_sign(&ts_group, body);
	assert_int_equal(fx_callback(&ts_group, body, sig), 404);
	free(sig);
	free(body);
	/* signed garbage */
	sig = fx_sandbox_sign(&ts_group, "{\"event_id\":1}");
	assert_int_equal(fx_callback(&ts_group, "{\"event_id\":1}", sig), 400);
	free(sig);
	assert_untouched(&t);

	/* after all that, the good callback still goes through (the refused
	 * event id was not stored) */
	body = fx_callback_body(event, t.order_no, t.trade_no, t.amount, 0);
	sig = fx_sandbox_sign(&ts_group, body);
	assert_int_equal(fx_callback(&ts_group, body, sig), 200);
	free(sig);
	free(body);
	cJSON *o = fx_get_order(&ts_group, t.token, t.order_id);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	cJSON_Delete(o);
	trade_free(&t);
}

/* Money that arrives after the order ended: the order revives and is paid
 * when its years are still free; when a newer order holds them, the money
 * is kept for a refund and the newer order is left alone. */
static void test_late_money(void **state)
{
	struct trade t;
	char *body, *sig, path[128], event[64], years[16];
	int64_t newer;
	cJSON *o;
	(void)state;

	trade_make("cblate", "卢俊义", &t);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)t.order_id);
	cJSON_Delete(fx_call(&ts_group, "POST", path, t.token, "{}", 200));
	snprintf(event, sizeof event, "evt-late-%s", t.trade_no);
	body = fx_callback_body(event, t.order_no, t.trade_no, t.amount, 0);
	sig = fx_sandbox_sign(&ts_group, body);
	assert_int_equal(fx_callback(&ts_group, body, sig), 200);
	free(sig);
	free(body);
	o = fx_get_order(&ts_group, t.token, t.order_id);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	cJSON_Delete(o);
	trade_free(&t);

	/* the second member cancels, orders the same year again, then the
	 * first order's money arrives */
	trade_make("cblate2", "公孙胜", &t);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)t.order_id);
	cJSON_Delete(fx_call(&ts_group, "POST", path, t.token, "{}", 200));
	snprintf(years, sizeof years, "[%d]", fx_year());
	newer = fx_order(&ts_group, t.token, years);
	snprintf(event, sizeof event, "evt-late2-%s", t.trade_no);
	body = fx_callback_body(event, t.order_no, t.trade_no, t.amount, 0);
	sig = fx_sandbox_sign(&ts_group, body);
	assert_int_equal(fx_callback(&ts_group, body, sig), 200);
	free(sig);
	free(body);
	o = fx_get_order(&ts_group, t.token, t.order_id);
	assert_string_equal(json_str_or(o, "status", ""), "cancelled");
	cJSON_Delete(o);
	o = fx_get_order(&ts_group, t.token, newer);
	assert_string_equal(json_str_or(o, "status", ""), "unpaid");
	cJSON_Delete(o);
	assert_int_equal(count("SELECT COUNT(*) FROM payments WHERE order_id = %lld"
	                       " AND status = 'refund_due'", t.order_id), 1);
	o = fx_me_member(&ts_group, t.token);
	assert_string_equal(json_str_or(o, "status", ""), "pending_payment");
	cJSON_Delete(o);
	trade_free(&t);
}

struct again_arg {
	const struct trade *t;
	int from, n;
	int ok;                 /* answers 200 */
};

/* Notifications of one trade under new event ids, as gateways send them. */
static void *notify_again(void *p)
{
	struct again_arg *a = p;
	char event[64];

	for (int i = a->from; i < a->from + a->n; i++) {
		snprintf(event, sizeof event, "evt-again-%d-%s", i, a->t->trade_no);
		char *body = fx_callback_body(event, a->t->order_no, a->t->trade_no, a->t->amount, 0);
		char *sig = fx_sandbox_sign(&ts_group, body);
		if (fx_callback(&ts_group, body, sig) == 200)
			a->ok++;
		free(sig);
		free(body);
	}
	return NULL;
}

/* A settled trade notified again (same trade and amount, a new event id
 * each time, several at once) changes nothing: the order stays paid by
 * that payment and no refund is due. */
static void test_same_trade_notified_again(void **state)
{
	struct trade t;
	struct again_arg args[4];
	pthread_t th[4];
	cJSON *o;
	int ok = 0;
	(void)state;

	trade_make("cbagain", "花荣", &t);
	assert_int_equal(fx_confirm(&ts_group, t.code), 200);
	for (int i = 0; i < 4; i++) {
		args[i] = (struct again_arg){ &t, i * 5, 5, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, notify_again, &args[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		ok += args[i].ok;
	}
	/* every notification is acknowledged, so the gateway stops sending */
	assert_int_equal(ok, 20);
	o = fx_get_order(&ts_group, t.token, t.order_id);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	assert_int_equal(json_int_or(o, "version", 0), 2);
	cJSON_Delete(o);
	assert_int_equal(count("SELECT COUNT(*) FROM payments WHERE order_id = %lld"
	                       " AND status = 'succeeded'", t.order_id), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM payments WHERE order_id = %lld"
	                       " AND status = 'refund_due'", t.order_id), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM pay_events WHERE order_id = %lld"
	                       " AND outcome <> 'duplicate'", t.order_id), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM messages WHERE ref_type = 'order'"
	                       " AND ref_id = %lld AND kind = 'payment'", t.order_id), 1);
	o = fx_me_member(&ts_group, t.token);
	assert_string_equal(json_str_or(o, "status", ""), "active");
	cJSON_Delete(o);
	trade_free(&t);
}

/* A distinct second trade of an order that is paid already is money to
 * give back: that payment becomes refund_due, the one that paid stays. */
static void test_second_trade_refund_due(void **state)
{
	struct trade t;
	char *second, *body, *sig, sql[256], event[64];
	cJSON *o;
	(void)state;

	trade_make("cbtwice", "秦明", &t);
	/* the first code runs out (time moves on), the member asks again and
	 * pays the new code; then the first code's money arrives too */
	snprintf(sql, sizeof sql, "UPDATE payments SET expires_at = 1 WHERE token = '%s'",
	         t.trade_no);
	fx_sql(&ts_group, sql);
	second = fx_qr(&ts_group, t.token, t.order_id);
	assert_string_not_equal(second, t.code);
	assert_int_equal(fx_confirm(&ts_group, second), 200);
	snprintf(event, sizeof event, "evt-twice-%s", t.trade_no);
	body = fx_callback_body(event, t.order_no, t.trade_no, t.amount, 0);
	sig = fx_sandbox_sign(&ts_group, body);
	assert_int_equal(fx_callback(&ts_group, body, sig), 200);
	/* the same event again changes nothing more */
	assert_int_equal(fx_callback(&ts_group, body, sig), 200);
	free(sig);
	free(body);
	o = fx_get_order(&ts_group, t.token, t.order_id);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	assert_int_equal(json_int_or(o, "version", 0), 2);
	cJSON_Delete(o);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM payments WHERE token = '%s'"
	         " AND status = 'refund_due'", t.trade_no);
	assert_int_equal(fx_sql_int(&ts_group, sql), 1);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM payments WHERE token = '%s'"
	         " AND status = 'succeeded'", second + strlen("/pay/sb/"));
	assert_int_equal(fx_sql_int(&ts_group, sql), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM payments WHERE order_id = %lld"
	                       " AND status = 'refund_due'", t.order_id), 1);
	free(second);
	trade_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplicate_callbacks),
		cmocka_unit_test(test_concurrent_confirmations),
		cmocka_unit_test(test_refused_callbacks),
		cmocka_unit_test(test_late_money),
		cmocka_unit_test(test_same_trade_notified_again),
		cmocka_unit_test(test_second_trade_refund_due),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
