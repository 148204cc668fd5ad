/* The association's calendar follows association.timezone: a server set to
 * America/New_York, on the test clock at 20:00 on 31 December 2026 in New
 * York (09:00 on 1 January 2027 in Shanghai), works in 2026: today's date,
 * the dues year offered and paid, valid_until, the order number's date,
 * the voucher number's year, the yearly report and the audit trail's days.
 * (The default zone, Asia/Shanghai, is what every other test runs in.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

#define WHO "newyorker"
/* 20:00 on 31 December 2026 in New York: 01:00 UTC on 1 January 2027 */
#define NY_EVE "1798765200"

static struct test_server ts;
static char clock_path[300];

static void clock_set(const char *when)
{
	FILE *f = fopen(clock_path, "w");

	assert_non_null(f);
	fprintf(f, "%s\n", when);
	fclose(f);
}

static char *admin(void)
{
	char *tok = ts_login(&ts, "admin", "Admin-Demo-2026");

	assert_non_null(tok);
	return tok;
}

/* How many order.paid rows of order id the audit trail gives for the days
 * from..to. */
static int paid_rows(int64_t id, const char *from, const char *to)
{
	char *tok = admin(), path[200];
	cJSON *o;
	const cJSON *it;
	int n = 0;

	snprintf(path, sizeof path, "/api/v1/audit?action=order.paid&from=%s&to=%s&per_page=100",
	         from, to);
	o = fx_call(&ts, "GET", path, tok, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items"))
		if (json_int_or(it, "object_id", 0) == id)
			n++;
	cJSON_Delete(o);
	free(tok);
	return n;
}

static void test_new_year_eve_in_new_york(void **state)
{
	char *tok, *qr;
	cJSON *o, *run;
	const cJSON *m;
	int64_t order;
	(void)state;

	clock_set(NY_EVE);
	tok = admin();
	run = fx_call(&ts, "POST", "/api/v1/jobs/run", tok, "{}", 200);
	assert_string_equal(json_str_or(run, "today", ""), "2026-12-31");
	cJSON_Delete(run);
	free(tok);

	tok = fx_pending_payment(&ts, WHO, "HQ", "纽约客");
	assert_non_null(tok);
	/* the first year payable is New York's 2026, not Shanghai's 2027 */
	o = fx_call(&ts, "GET", "/api/v1/dues/quote", tok, NULL, 200);
	assert_int_equal(json_int_or(o, "first_year", 0), 2026);
	assert_string_equal(json_str_or(o, "valid_until", ""), "2026-12-31");
	cJSON_Delete(o);

	order = fx_order(&ts, tok, "[2026]");
	qr = fx_qr(&ts, tok, order);
	assert_int_equal(fx_confirm(&ts, qr), 200);
	free(qr);
	o = fx_get_order(&ts, tok, order);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	/* D + the date it was made + six digits; R + the year it was paid */
	assert_true(strncmp(json_str_or(o, "order_no", ""), "D20261231", 9) == 0);
	assert_true(strncmp(json_str_or(o, "voucher_no", ""), "R2026", 5) == 0);
	cJSON_Delete(o);

	o = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
	m = cJSON_GetObjectItemCaseSensitive(o, "member");
	assert_string_equal(json_str_or(m, "effective_status", ""), "active");
	assert_string_equal(json_str_or(m, "valid_until", ""), "2026-12-31");
	cJSON_Delete(o);
	free(tok);

	/* the audit trail's days are New York's */
	assert_int_equal(paid_rows(order, "2026-12-31", "2026-12-31"), 1);
	assert_int_equal(paid_rows(order, "2027-01-01", "2027-01-01"), 0);

	/* an hour after New York's midnight it is 2027 there too */
	clock_set("1798783200");   /* 01:00 on 1 January 2027 in New York */
	tok = admin();
	run = fx_call(&ts, "POST", "/api/v1/jobs/run", tok, "{}", 200);
	assert_string_equal(json_str_or(run, "today", ""), "2027-01-01");
	cJSON_Delete(run);
	free(tok);
	assert_int_equal(paid_rows(order, "2026-12-31", "2027-01-01"), 1);

	/* the test clock's "YYYY-MM-DD HH:MM" is New York's wall clock too:
	 * 23:30 on 31 December there is still 2026 */
	clock_set("2026-12-31 23:30");
	tok = admin();
	run = fx_call(&ts, "POST", "/api/v1/jobs/run", tok, "{}", 200);
	assert_string_equal(json_str_or(run, "today", ""), "2026-12-31");
	cJSON_Delete(run);
	free(tok);
}

/* Summer time: 23:30 on 1 July 2027 in New York (UTC-4) is still the 1st. */
static void test_summer_time(void **state)
{
	char *tok;
	cJSON *run;
	(void)state;

	clock_set("1814499000");   /* 03:30 UTC on 2 July 2027 */
	tok = admin();
	run = fx_call(&ts, "POST", "/api/v1/jobs/run", tok, "{}", 200);
	assert_string_equal(json_str_or(run, "today", ""), "2027-07-01");
	cJSON_Delete(run);
	free(tok);
}

static int setup(void **state)
{
	char dir[] = "/tmp/roster-tz-XXXXXX";
	const char *args[] = { "--set", NULL, "--set", "schedule.interval=0",
	                       "--set", "association.timezone=America/New_York", NULL };
	static char set[400];
	(void)state;

	if (!mkdtemp(dir))
		return -1;
	snprintf(clock_path, sizeof clock_path, "%s/clock", dir);
	clock_set(NY_EVE);
	snprintf(set, sizeof set, "testing.clock_file=%s", clock_path);
	args[1] = set;
	setenv("ROSTERD_TESTING", "1", 1);
	return ts_start(&ts, args);
}

static int teardown(void **state)
{
	(void)state;
	unlink(clock_path);
	*strrchr(clock_path, '/') = '\0';
	rmdir(clock_path);
	return ts_stop(&ts) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_year_eve_in_new_york),
		cmocka_unit_test(test_summer_time),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
