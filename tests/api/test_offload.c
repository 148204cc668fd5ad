/* Slow steps run on the offload pool, not on the threads that answer
 * requests: a sign-in being hashed does not hold up other requests, a full
 * queue answers 503 with Retry-After, and a stop with jobs in hand is
 * clean. The hashing is made slow the honest way, with a higher Argon2id
 * cost (session.pwhash_opslimit), which makes every hash and every sign-in
 * (the stored hash is upgraded at sign-in) take about a second. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <curl/curl.h>
#include "harness.h"
#include "fixture.h"
#include "roster/json.h"

#define SLOW_HASH "session.pwhash_opslimit=30"
#define BURST 8

static const char login_body[] = "{\"login\":\"demo\",\"password\":\"Member-Demo-2026\"}";

struct login_try {
	const struct test_server *ts;
	struct http_reply r;
	int rc;
	atomic_bool done;
};

static void *login_main(void *arg)
{
	struct login_try *t = arg;

	t->rc = http_req(t->ts, "POST", "/api/v1/auth/login", NULL, login_body, &t->r);
	atomic_store(&t->done, true);
	return NULL;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static long me_status(const struct test_server *ts, const char *token)
{
	struct http_reply r;
	long st;

	assert_int_equal(http_req(ts, "GET", "/api/v1/me", token, NULL, &r), 0);
	st = r.status;
	http_reply_free(&r);
	return st;
}

/* One offload thread, one waiting place: of a burst of sign-ins some are
 * turned away with a JSON 503 and Retry-After, and every one that got 200
 * holds a token that works. */
static void test_full_queue_answers_503(void **state)
{
	struct test_server ts;
	const char *args[] = { "--set", "server.offload_threads=1", "--set", "server.offload_queue=1",
	                       "--set", SLOW_HASH, NULL };
	int ok = 0, busy = 0;
	(void)state;

	assert_int_equal(ts_start(&ts, args), 0);
	/* a burst is a race with the hashing; a few rounds settle it */
	for (int round = 0; round < 3 && (busy == 0 || ok == 0); round++) {
		struct login_try tries[BURST];
		pthread_t th[BURST];

		memset(tries, 0, sizeof tries);
		for (int i = 0; i < BURST; i++) {
			tries[i].ts = &ts;
			assert_int_equal(pthread_create(&th[i], NULL, login_main, &tries[i]), 0);
		}
		for (int i = 0; i < BURST; i++) {
			struct http_reply *r = &tries[i].r;

			pthread_join(th[i], NULL);
			assert_int_equal(tries[i].rc, 0);
			if (r->status == 200) {
				const char *tok = json_str_or(r->json, "token", "");
				assert_true(strlen(tok) > 20);
				assert_int_equal(me_status(&ts, tok), 200);
				ok++;
			} else {
				assert_int_equal(r->status, 503);
				assert_string_equal(http_error_code(r), "unavailable");
				cJSON *err = cJSON_GetObjectItemCaseSensitive(r->json, "error");
				assert_true(strlen(json_str_or(err, "message", "")) > 0);
				char *ct = http_reply_header(r, "Content-Type");
				assert_non_null(ct);
				assert_non_null(strstr(ct, "application/json"));
				free(ct);
				char *ra = http_reply_header(r, "Retry-After");
				assert_non_null(ra);
				assert_true(atoi(ra) >= 1);
				free(ra);
				busy++;
			}
			http_reply_free(r);
		}
	}
	assert_true(ok >= 1);
	assert_true(busy >= 1);
	/* a sign-in after the storm goes through */
	char *tok = ts_login(&ts, "demo", "Member-Demo-2026");
	assert_non_null(tok);
	free(tok);
	assert_int_equal(ts_stop(&ts), 0);
}

/* One worker thread answers every request: while it hashed passwords
 * itself, a GET /me waited for the sign-in in front of it. */
static void test_me_answers_during_a_login(void **state)
{
	struct test_server ts;
	const char *args[] = { "--set", "server.threads=1", "--set", "server.offload_threads=1",
	                       "--set", SLOW_HASH, NULL };
	struct login_try t[2];
	pthread_t th[2];
	(void)state;

	assert_int_equal(ts_start(&ts, args), 0);
	char *tok = ts_login(&ts, "demo", "Member-Demo-2026");
	assert_non_null(tok);
	/* two sign-ins: a second of hashing each, one after the other */
	memset(t, 0, sizeof t);
	for (int i = 0; i < 2; i++) {
		t[i].ts = &ts;
		assert_int_equal(pthread_create(&th[i], NULL, login_main, &t[i]), 0);
	}
	/* let them reach the server (setup only: each takes a second or more) */
	sleep_ms(300);
	assert_int_equal(me_status(&ts, tok), 200);
	/* answered while a sign-in was still being hashed */
	assert_false(atomic_load(&t[1].done) && atomic_load(&t[0].done));
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(t[i].rc, 0);
		assert_int_equal(t[i].r.status, 200);
		http_reply_free(&t[i].r);
	}
	free(tok);
	assert_int_equal(ts_stop(&ts), 0);
}

/* Registration, a password change and a reset go through the pool too:
 * the new password works, the old one does not. */
static void test_password_steps_through_the_pool(void **state)
{
	struct test_server ts;
	const char *args[] = { "--set", "server.offload_threads=1", NULL };
	struct http_reply r;
	char code[7], body[256];
	(void)state;

	assert_int_equal(ts_start(&ts, args), 0);
	char *tok = fx_register_as(&ts, "pool01", "pool password 1");
	assert_non_null(tok);
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/password", tok,
	                          "{\"old_password\":\"wrong password\",\"new_password\":\"pool password 2\"}",
	                          &r), 0);
	assert_int_equal(r.status, 422);
	http_reply_free(&r);
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/password", tok,
	                          "{\"old_password\":\"pool password 1\",\"new_password\":\"pool password 2\"}",
	                          &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	char *t2 = ts_login(&ts, "pool01", "pool password 2");
	assert_non_null(t2);
	free(t2);
	assert_null(ts_login(&ts, "pool01", "pool password 1"));

	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/email-code", NULL,
	                          "{\"email\":\"pool01@example.test\"}", &r), 0);
	assert_int_equal(r.status, 202);
	http_reply_free(&r);
	char *mail = ts_outbox_latest(&ts, "pool01@example.test");
	assert_non_null(mail);
	ts_find_code(mail, code);
	free(mail);
	assert_int_equal(strlen(code), 6);
	/* a wrong code spends nothing */
	snprintf(body, sizeof body, "{\"email\":\"pool01@example.test\",\"code\":\"%s\","
	         "\"new_password\":\"pool password 3\"}", strcmp(code, "000000") ? "000000" : "111111");
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/password/reset", NULL, body, &r), 0);
	assert_int_equal(r.status, 400);
	assert_string_equal(http_error_code(&r), "code_invalid");
	http_reply_free(&r);
	snprintf(body, sizeof body, "{\"email\":\"pool01@example.test\",\"code\":\"%s\","
	         "\"new_password\":\"pool password 3\"}", code);
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/password/reset", NULL, body, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	t2 = ts_login(&ts, "pool01", "pool password 3");
	assert_non_null(t2);
	free(t2);
	/* the reset ended the old session */
	assert_int_equal(me_status(&ts, tok), 401);
	free(tok);
	assert_int_equal(ts_stop(&ts), 0);
}

/* SIGTERM while sign-ins wait for the pool, with a one-second grace: the
 * one being hashed finishes, those still waiting are refused with 503, and
 * the server stops cleanly (under the sanitizers: without a leak). */
static void test_stop_with_jobs_waiting(void **state)
{
	struct test_server ts;
	const char *args[] = { "--set", "server.offload_threads=1", "--set", "server.offload_queue=16",
	                       "--set", "server.stop_grace=1", "--set", SLOW_HASH, NULL };
	struct login_try t[6];
	pthread_t th[6];
	int ok = 0, refused = 0;
	(void)state;

	assert_int_equal(ts_start(&ts, args), 0);
	memset(t, 0, sizeof t);
	for (int i = 0; i < 6; i++) {
		t[i].ts = &ts;
		assert_int_equal(pthread_create(&th[i], NULL, login_main, &t[i]), 0);
	}
	/* let them reach the server (setup only: together they take 6 s or more) */
	sleep_ms(1000);
	assert_int_equal(ts_stop(&ts), 0);
	for (int i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(t[i].rc, 0);
		if (t[i].r.status == 200) {
			ok++;
		} else {
			assert_int_equal(t[i].r.status, 503);
			char *ra = http_reply_header(&t[i].r, "Retry-After");
			assert_non_null(ra);
			free(ra);
			refused++;
		}
		http_reply_free(&t[i].r);
	}
	assert_true(ok >= 1);
	assert_true(refused >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_queue_answers_503),
		cmocka_unit_test(test_me_answers_during_a_login),
		cmocka_unit_test(test_password_steps_through_the_pool),
		cmocka_unit_test(test_stop_with_jobs_waiting),
	};
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
