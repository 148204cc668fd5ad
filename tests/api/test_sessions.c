/* Sessions end when idle, at their absolute end, at logout and when the
 * password changes; tokens are stored only as hashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "harness.h"
#include "fixture.h"

static long me_status(const struct test_server *ts, const char *tok, char *code, size_t len)
{
	struct http_reply r;
	long st;

	assert_int_equal(http_req(ts, "GET", "/api/v1/me", tok, NULL, &r), 0);
	st = r.status;
	if (code)
		snprintf(code, len, "%s", http_error_code(&r));
	http_reply_free(&r);
	return st;
}

static void sleep_ms(int ms)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&t, NULL);
}

/* Idle expiry is about time passing without requests, so this test has to
 * let the clock run rather than poll. */
static void test_idle_expiry(void **state)
{
	struct test_server ts;
	const char *args[] = { "--set", "session.idle_timeout=2", "--set", "session.absolute_timeout=60", NULL };
	char code[32];
	(void)state;

	assert_int_equal(ts_start(&ts, args), 0);
	/* each checked as soon as it is made: a sign-in (Argon2id) on a busy
	 * machine can take longer than the idle timeout */
	char *tok = ts_login(&ts, "demo", "Member-Demo-2026");
	assert_non_null(tok);
	assert_int_equal(me_status(&ts, tok, NULL, 0), 200);
	char *busy = ts_login(&ts, "demo", "Member-Demo-2026");
	assert_non_null(busy);
	assert_int_equal(me_status(&ts, busy, NULL, 0), 200);
	/* the busy session stays alive by being used */
	for (int i = 0; i < 4; i++) {
		sleep_ms(900);
		assert_int_equal(me_status(&ts, busy, NULL, 0), 200);
	}
	/* the idle one has ended */
	assert_int_equal(me_status(&ts, tok, code, sizeof code), 401);
	assert_string_equal(code, "session_expired");
	/* and is gone: asking again is just unauthorized */
	assert_int_equal(me_status(&ts, tok, code, sizeof code), 401);
	assert_string_equal(code, "unauthorized");
	free(tok);
	free(busy);
	assert_int_equal(ts_stop(&ts), 0);
}

static void test_absolute_expiry(void **state)
{
	struct test_server ts;
	const char *args[] = { "--set", "session.idle_timeout=2", "--set", "session.absolute_timeout=3", NULL };
	char code[32];
	time_t start;
	(void)state;

	assert_int_equal(ts_start(&ts, args), 0);
	start = time(NULL);
	char *tok = ts_login(&ts, "demo", "Member-Demo-2026");
	assert_non_null(tok);
	/* used all the time, yet it ends 3 s after login */
	long st = 200;
	while (st == 200 && time(NULL) - start < 10) {
		sleep_ms(300);
		st = me_status(&ts, tok, code, sizeof code);
	}
	assert_int_equal(st, 401);
	assert_string_equal(code, "session_expired");
	assert_true(time(NULL) - start >= 3);
	free(tok);
	assert_int_equal(ts_stop(&ts), 0);
}

static char *file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, r;
	char tmp[65536];

	*len = 0;
	if (!f)
		return NULL;
	while ((r = fread(tmp, 1, sizeof tmp, f)) > 0) {
		buf = realloc(buf, n + r);
		memcpy(buf + n, tmp, r);
		n += r;
	}
	fclose(f);
	*len = n;
	return buf;
}

static void test_revoked_and_hashed(void **state)
{
	struct test_server ts;
	struct http_reply r;
	char code[32], path[400];
	(void)state;

	assert_int_equal(ts_start(&ts, NULL), 0);
	char *a = fx_register_as(&ts, "sess01", "session password 1");
	char *b = ts_login(&ts, "sess01", "session password 1");
	char *c = ts_login(&ts, "sess01", "session password 1");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	/* each login is a new token */
	assert_string_not_equal(a, b);
	assert_string_not_equal(b, c);

	/* the tokens are nowhere in the database files (or, on PostgreSQL, in
	 * a dump of the database), only their hashes */
	const char *suffix[] = { "", "-wal" };
	if (ts_db_is_pg(&ts)) {
		char cmd[800];
		snprintf(path, sizeof path, "%s/dump.sql", ts.dir);
		snprintf(cmd, sizeof cmd, "pg_dump -f '%s' '%s'", path, ts.db);
		assert_int_equal(system(cmd), 0);
	}
	for (int i = 0; i < 2; i++) {
		size_t len;
		if (ts_db_is_pg(&ts) && i > 0)
			break;
		if (!ts_db_is_pg(&ts))
			snprintf(path, sizeof path, "%s%s", ts.db, suffix[i]);
		char *bytes = file_read(path, &len);
		if (!bytes)
			continue;
		assert_null(memmem(bytes, len, a, strlen(a)));
		assert_null(memmem(bytes, len, b, strlen(b)));
		free(bytes);
	}

	/* logout revokes a */
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/logout", a, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	assert_int_equal(me_status(&ts, a, code, sizeof code), 401);
	assert_string_equal(code, "unauthorized");
	/* a password change from b revokes c */
	assert_int_equal(http_req(&ts, "POST", "/api/v1/auth/password", b,
	                          "{\"old_password\":\"session password 1\",\"new_password\":\"session password 2\"}", &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	assert_int_equal(me_status(&ts, b, NULL, 0), 200);
	assert_int_equal(me_status(&ts, c, NULL, 0), 401);
	/* a token of one character off is no token */
	char *d = strdup(b);
	d[0] = d[0] == 'A' ? 'B' : 'A';
	assert_int_equal(me_status(&ts, d, NULL, 0), 401);
	free(d);
	assert_int_equal(ts_stop(&ts), 0);
	free(a);
	free(b);
	free(c);
}

/* Two instances on one database share the sessions: rosterd keeps nothing
 * between requests. */
static void test_two_instances_share_sessions(void **state)
{
	struct test_server ts, other;
	(void)state;

	assert_int_equal(ts_start(&ts, NULL), 0);
	char *tok = ts_login(&ts, "demo", "Member-Demo-2026");
	assert_non_null(tok);
	/* the later --db wins: the second server uses the first one's database */
	const char *args[] = { "--db", ts.db, NULL };
	assert_int_equal(ts_start(&other, args), 0);
	assert_int_equal(me_status(&other, tok, NULL, 0), 200);
	struct http_reply r;
	assert_int_equal(http_req(&other, "POST", "/api/v1/auth/logout", tok, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	assert_int_equal(me_status(&ts, tok, NULL, 0), 401);
	assert_int_equal(ts_stop(&other), 0);
	free(tok);
	assert_int_equal(ts_stop(&ts), 0);
}

static int audit_count(const struct test_server *ts, const char *action)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit_log WHERE action = '%s'", action);
	return (int)fx_sql_int(ts, sql);
}

/* Raised hashing limits renew a stored hash at the next login, once. */
static void test_rehash_on_login(void **state)
{
	struct test_server ts;
	const char *args[] = { "--set", "session.pwhash_opslimit=3", NULL };
	(void)state;

	assert_int_equal(ts_start(&ts, args), 0);
	assert_int_equal(audit_count(&ts, "password.rehash"), 0);
	char *t1 = ts_login(&ts, "demo", "Member-Demo-2026");
	assert_non_null(t1);
	assert_int_equal(audit_count(&ts, "password.rehash"), 1);
	char *t2 = ts_login(&ts, "demo", "Member-Demo-2026");
	assert_non_null(t2);
	assert_int_equal(audit_count(&ts, "password.rehash"), 1);
	free(t1);
	free(t2);
	assert_int_equal(ts_stop(&ts), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idle_expiry),
		cmocka_unit_test(test_absolute_expiry),
		cmocka_unit_test(test_revoked_and_hashed),
		cmocka_unit_test(test_two_instances_share_sessions),
		cmocka_unit_test(test_rehash_on_login),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
