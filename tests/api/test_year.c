/* A year (and a half) in the life of a member, on the server's test clock
 * (testing.clock_file, with ROSTERD_TESTING=1) and with the scheduled jobs
 * run on demand (POST /jobs/run as admin; no timer): joining in January,
 * the reminders 30 and 7 days before the end, renewal, a pause in which
 * only the latest reminder goes out, a missed renewal, grace, an order
 * closed unpaid, the reminder in grace, expiry and rejoining with the gap
 * kept in the history. Every message, mail, status and order on the way is
 * checked, and reads are checked to write nothing. */
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

#define WHO "yearly"
#define WHO_MAIL "yearly@example.test"

static struct test_server ts;
static char clock_path[300];
static int64_t seen_msg;      /* newest message id already looked at */
static int seen_mail;         /* mails to the member already counted */

static void clock_set(const char *when)
{
	FILE *f = fopen(clock_path, "w");

	assert_non_null(f);
	fprintf(f, "%s\n", when);
	fclose(f);
}

/* Sessions end after hours; the clock moves by months: sign in afresh. */
static char *member(void)
{
	char *tok = ts_login(&ts, WHO, FX_PASSWORD);

	assert_non_null(tok);
	return tok;
}

static char *admin(void)
{
	char *tok = ts_login(&ts, "admin", "Admin-Demo-2026");

	assert_non_null(tok);
	return tok;
}

/* Run the scheduled jobs now: what they did (caller deletes). */
static cJSON *jobs(void)
{
	char *tok = admin();
	cJSON *o = fx_call(&ts, "POST", "/api/v1/jobs/run", tok, "{}", 200);

	free(tok);
	return o;
}

/* The member's messages newer than the last look, oldest first: how many
 * there are; *last (may be NULL) gets a copy of the newest (caller
 * deletes). */
static int new_messages(cJSON **last)
{
	char *tok = member();
	cJSON *o = fx_call(&ts, "GET", "/api/v1/messages?per_page=100", tok, NULL, 200);
	const cJSON *it;
	int64_t newest = seen_msg;
	int n = 0;

	if (last)
		*last = NULL;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items")) {
		int64_t id = json_int_or(it, "id", 0);
		if (id <= seen_msg)
			continue;
		n++;
		if (id > newest) {
			newest = id;
			if (last) {
				cJSON_Delete(*last);
				*last = cJSON_Duplicate(it, 1);
			}
		}
	}
	seen_msg = newest;
	cJSON_Delete(o);
	free(tok);
	return n;
}

/* Exactly one new message, with that Chinese title and the English body
 * holding `needle`. */
static void expect_message(const char *title_zh, const char *needle)
{
	cJSON *m;

	assert_int_equal(new_messages(&m), 1);
	assert_string_equal(json_str_or(m, "title_zh", ""), title_zh);
	if (needle && !strstr(json_str_or(m, "body_en", ""), needle))
		fail_msg("message \"%s\" lacks \"%s\"", json_str_or(m, "body_en", ""), needle);
	cJSON_Delete(m);
}

/* Exactly n new mails to the member; the newest holds needle. */
static void expect_mails(int n, const char *needle)
{
	int now = ts_outbox_count(&ts, WHO_MAIL);
	char *text;

	assert_int_equal(now - seen_mail, n);
	seen_mail = now;
	if (!n || !needle)
		return;
	text = ts_outbox_latest(&ts, WHO_MAIL);
	assert_non_null(text);
	if (!strstr(text, needle))
		fail_msg("mail lacks \"%s\":\n%s", needle, text);
	free(text);
}

static void expect_nothing_new(void)
{
	assert_int_equal(new_messages(NULL), 0);
	expect_mails(0, NULL);
}

/* The member's standing from GET /me: effective status and valid_until. */
static void expect_standing(const char *status, const char *until)
{
	char *tok = member();
	cJSON *me = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(me, "member");

	assert_string_equal(json_str_or(m, "effective_status", ""), status);
	assert_string_equal(json_str_or(m, "valid_until", ""), until);
	cJSON_Delete(me);
	free(tok);
}

static int job_count(const cJSON *run, const char *what)
{
	return (int)json_int_or(run, what, -1);
}

/* Dues for years (a JSON array) paid by the sandbox QR code: the order. */
static int64_t pay(const char *years)
{
	char *tok = member(), *qr;
	int64_t order = fx_order(&ts, tok, years);
	cJSON *o;

	qr = fx_qr(&ts, tok, order);
	assert_int_equal(fx_confirm(&ts, qr), 200);
	/* confirming the same code again moves nothing */
	fx_confirm(&ts, qr);
	o = fx_get_order(&ts, tok, order);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	cJSON_Delete(o);
	free(qr);
	free(tok);
	return order;
}

/* The staff list of a renewal state holds the member (or not). */
static void expect_listed(const char *query, int64_t account_id, bool listed)
{
	char *tok = ts_login(&ts, "hq", "Hq-Demo-2026"), path[128];
	cJSON *o;
	const cJSON *it;
	bool found = false;

	snprintf(path, sizeof path, "/api/v1/renewals?%s&per_page=100", query);
	o = fx_call(&ts, "GET", path, tok, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items"))
		if (json_int_or(it, "id", 0) == account_id)
			found = true;
	if (found != listed)
		fail_msg("%s: member %s", query, listed ? "missing" : "listed");
	cJSON_Delete(o);
	free(tok);
}

/* One row of the history: event, from, to. */
static void expect_history(const cJSON *items, int i, const char *event, const char *from,
                           const char *to)
{
	const cJSON *h = cJSON_GetArrayItem(items, i);

	assert_non_null(h);
	assert_string_equal(json_str_or(h, "event", ""), event);
	if (from)
		assert_string_equal(json_str_or(h, "from", ""), from);
	if (to)
		assert_string_equal(json_str_or(h, "to", ""), to);
}

static long long sql(const char *q)
{
	return fx_sql_int(&ts, q);
}

static void test_a_year(void **state)
{
	char *tok, path[128], q[256];
	cJSON *run, *o, *hist;
	const cJSON *items;
	int64_t id, unpaid;
	long long version, updated, audits, msgs;
	(void)state;

	/* January 2027: join and pay */
	clock_set("2027-01-10 09:00");
	tok = fx_pending_payment(&ts, WHO, "HQ", "杨过");
	free(tok);
	tok = member();
	o = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
	id = json_int_or(o, "id", 0);
	cJSON_Delete(o);
	free(tok);
	new_messages(NULL);
	/* the approval reaches the member by e-mail too, from a background
	 * sender: count from after it (welcome + approval) */
	for (int i = 0; i < 100 && ts_outbox_count(&ts, WHO_MAIL) < 2; i++)
		usleep(100000);
	assert_int_equal(ts_outbox_count(&ts, WHO_MAIL), 2);
	seen_mail = ts_outbox_count(&ts, WHO_MAIL);
	pay("[2027]");
	expect_message("缴费成功", "2027-12-31");
	expect_standing("active", "2027-12-31");
	run = jobs();
	assert_string_equal(json_str_or(run, "today", ""), "2027-01-10");
	cJSON_Delete(run);
	expect_nothing_new();

	/* November: nothing due yet */
	clock_set("2027-11-01 09:00");
	cJSON_Delete(jobs());
	expect_nothing_new();
	expect_listed("state=expiring&days=30", id, false);

	/* 1 December: the 30-day reminder, once */
	clock_set("2027-12-01 09:00");
	expect_listed("state=expiring&days=30", id, true);
	run = jobs();
	assert_true(job_count(run, "reminders") >= 1);
	cJSON_Delete(run);
	expect_message("会籍续费提醒", "in 30 days");
	expect_mails(1, "2027-12-31");
	cJSON_Delete(jobs());
	expect_nothing_new();

	/* 24 December: the 7-day reminder */
	clock_set("2027-12-24 09:00");
	cJSON_Delete(jobs());
	expect_message("会籍续费提醒", "in 7 days");
	expect_mails(1, "2027-12-31");

	/* 26 December: renewed for 2028; one payment, valid_until moves once */
	clock_set("2027-12-26 10:00");
	pay("[2028]");
	expect_message("缴费成功", "2028-12-31");
	expect_standing("active", "2028-12-31");
	cJSON_Delete(jobs());
	expect_nothing_new();

	/* no instance ran all year: on 31 December 2028 only the latest due
	 * reminder goes out (the 1-day one), not the 30- and 7-day ones */
	clock_set("2028-12-31 08:00");
	cJSON_Delete(jobs());
	expect_message("会籍续费提醒", "ends today");
	expect_mails(1, "2028-12-31");
	cJSON_Delete(jobs());
	expect_nothing_new();

	/* missed: grace from 1 January 2029, and renewing stays open */
	clock_set("2029-01-01 09:00");
	run = jobs();
	assert_true(job_count(run, "grace_started") >= 1);
	cJSON_Delete(run);
	expect_message("会籍已到期", "2029-03-31");
	expect_mails(1, "2029-03-31");
	expect_standing("grace", "2028-12-31");
	expect_listed("state=grace", id, true);

	/* an order made in grace and left unpaid */
	clock_set("2029-01-05 09:00");
	tok = member();
	o = fx_call(&ts, "GET", "/api/v1/dues/quote?years=2029", tok, NULL, 200);
	cJSON_Delete(o);
	unpaid = fx_order(&ts, tok, "[2029]");
	free(tok);
	new_messages(NULL);

	/* 13 January: it is overdue, but reading writes nothing */
	clock_set("2029-01-13 09:00");
	snprintf(q, sizeof q, "SELECT version FROM orders WHERE id = %lld", (long long)unpaid);
	version = sql(q);
	snprintf(q, sizeof q, "SELECT updated_at FROM orders WHERE id = %lld", (long long)unpaid);
	updated = sql(q);
	audits = sql("SELECT COUNT(*) FROM audit_log WHERE action <> 'login'");
	msgs = sql("SELECT COUNT(*) FROM messages");
	tok = member();
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200));
	cJSON_Delete(fx_call(&ts, "GET", "/api/v1/orders", tok, NULL, 200));
	o = fx_get_order(&ts, tok, unpaid);
	assert_string_equal(json_str_or(o, "status", ""), "unpaid");
	cJSON_Delete(o);
	free(tok);
	snprintf(q, sizeof q, "SELECT version FROM orders WHERE id = %lld", (long long)unpaid);
	assert_int_equal(sql(q), version);
	snprintf(q, sizeof q, "SELECT updated_at FROM orders WHERE id = %lld", (long long)unpaid);
	assert_int_equal(sql(q), updated);
	assert_int_equal(sql("SELECT COUNT(*) FROM audit_log WHERE action <> 'login'"), audits);
	assert_int_equal(sql("SELECT COUNT(*) FROM messages"), msgs);
	/* the jobs close it */
	run = jobs();
	assert_true(job_count(run, "orders_closed") >= 1);
	cJSON_Delete(run);
	tok = member();
	o = fx_get_order(&ts, tok, unpaid);
	assert_string_equal(json_str_or(o, "status", ""), "closed");
	cJSON_Delete(o);
	free(tok);
	expect_message("订单已关闭", NULL);

	/* 14 days after the end: the reminder in grace */
	clock_set("2029-01-14 09:00");
	cJSON_Delete(jobs());
	expect_message("会籍续费提醒", "grace period until 2029-03-31");
	expect_mails(1, "2029-03-31");
	expect_standing("grace", "2028-12-31");

	/* 31 March is the last day of grace; 1 April it has expired */
	clock_set("2029-03-31 09:00");
	cJSON_Delete(jobs());
	expect_nothing_new();
	clock_set("2029-04-01 09:00");
	run = jobs();
	assert_true(job_count(run, "expired") >= 1);
	cJSON_Delete(run);
	expect_message("会籍已失效", "2028-12-31");
	expect_mails(1, "2028-12-31");
	expect_standing("expired", "2028-12-31");
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM members WHERE account_id = %lld"
	         " AND status = 'expired'", (long long)id);
	assert_int_equal(sql(q), 1);
	expect_listed("state=lapsed", id, true);
	expect_listed("state=grace", id, false);
	cJSON_Delete(jobs());
	expect_nothing_new();

	/* June: rejoining; the months without membership stay in the history */
	clock_set("2029-06-15 09:00");
	pay("[2029]");
	expect_message("缴费成功", "2029-12-31");
	expect_standing("active", "2029-12-31");
	expect_listed("state=lapsed", id, false);
	tok = member();
	hist = fx_call(&ts, "GET", "/api/v1/membership/history", tok, NULL, 200);
	free(tok);
	items = cJSON_GetObjectItemCaseSensitive(hist, "items");
	expect_history(items, 0, "paid", "2027-01-10", "2027-12-31");
	expect_history(items, 1, "reminded", "2027-12-31", NULL);
	expect_history(items, 2, "reminded", "2027-12-31", NULL);
	expect_history(items, 3, "paid", "2028-01-01", "2028-12-31");
	expect_history(items, 4, "reminded", "2028-12-31", NULL);
	expect_history(items, 5, "grace", "2029-01-01", "2029-03-31");
	expect_history(items, 6, "reminded", "2028-12-31", NULL);
	expect_history(items, 7, "expired", "2029-04-01", NULL);
	expect_history(items, 8, "gap", "2029-01-01", "2029-06-14");
	expect_history(items, 9, "paid", "2029-06-15", "2029-12-31");
	assert_int_equal(cJSON_GetArraySize(items), 10);
	cJSON_Delete(hist);
	/* staff see the same history */
	tok = ts_login(&ts, "hq", "Hq-Demo-2026");
	snprintf(path, sizeof path, "/api/v1/members/%lld/history", (long long)id);
	hist = fx_call(&ts, "GET", path, tok, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(hist, "items")), 10);
	cJSON_Delete(hist);
	free(tok);
	/* every reminder went out once per expiry date */
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM reminders_sent WHERE account_id = %lld",
	         (long long)id);
	assert_int_equal(sql(q), 4);
	/* every run is in the log */
	assert_int_equal(sql("SELECT COUNT(*) FROM job_runs WHERE status = 'ok' AND trigger = 'manual'"), 14);
	assert_int_equal(sql("SELECT COUNT(*) FROM job_runs WHERE status <> 'ok'"), 0);
}

/* Renewal reminders in the member's message centre. */
static int renewal_messages(const char *username)
{
	char *tok = ts_login(&ts, username, FX_PASSWORD);
	cJSON *o = fx_call(&ts, "GET", "/api/v1/messages?per_page=100", tok, NULL, 200);
	const cJSON *it;
	int n = 0;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "items"))
		if (!strcmp(json_str_or(it, "title_zh", ""), "会籍续费提醒"))
			n++;
	cJSON_Delete(o);
	free(tok);
	return n;
}

/* Staff remind a selection now: messages and mails go out, the reminder is
 * audited, and members outside a branch officer's branch, or with nothing
 * to renew, are skipped. */
static void test_remind_now(void **state)
{
	char *tok, *hq, *bj, body[128], q[160];
	int64_t id, pending;
	cJSON *o, *m;
	int mails;
	(void)state;

	clock_set("2030-03-01 09:00");
	tok = fx_pending_payment(&ts, "remindme", "HQ", "郭靖");
	o = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
	pending = json_int_or(o, "id", 0);
	cJSON_Delete(o);
	free(tok);
	tok = fx_pending_payment(&ts, "remindyou", "HQ", "黄蓉");
	o = fx_call(&ts, "GET", "/api/v1/me", tok, NULL, 200);
	id = json_int_or(o, "id", 0);
	cJSON_Delete(o);
	{
		int64_t order = fx_order(&ts, tok, "[2030]");
		char *qr = fx_qr(&ts, tok, order);
		assert_int_equal(fx_confirm(&ts, qr), 200);
		free(qr);
	}
	/* welcome and approval reach the outbox from a background sender:
	 * count from after them */
	for (int i = 0; i < 100 && ts_outbox_count(&ts, "remindyou@example.test") < 2; i++)
		usleep(100000);
	mails = ts_outbox_count(&ts, "remindyou@example.test");
	assert_int_equal(mails, 2);

	/* a branch officer sees no HQ member */
	bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	snprintf(body, sizeof body, "{\"member_ids\":[%lld]}", (long long)id);
	o = fx_call(&ts, "POST", "/api/v1/renewals/remind", bj, body, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "reminded")), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "skipped")), 1);
	cJSON_Delete(o);
	free(bj);

	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	snprintf(body, sizeof body, "{\"member_ids\":[%lld,%lld,999999]}", (long long)id,
	         (long long)pending);
	o = fx_call(&ts, "POST", "/api/v1/renewals/remind", hq, body, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "reminded")), 1);
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "reminded"), 0)->valuedouble, (double)id);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "skipped")), 2);
	cJSON_Delete(o);
	cJSON_Delete(fx_call(&ts, "POST", "/api/v1/renewals/remind", hq, "{\"member_ids\":[]}", 422));
	cJSON_Delete(fx_call(&ts, "POST", "/api/v1/renewals/remind", hq, "{\"member_ids\":[\"x\"]}", 422));
	free(hq);

	/* the member got it, by message and by mail, and the office's act is audited */
	o = fx_call(&ts, "GET", "/api/v1/messages", tok, NULL, 200);
	m = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "items"), 0);
	assert_string_equal(json_str_or(m, "title_zh", ""), "会籍续费提醒");
	assert_non_null(strstr(json_str_or(m, "body_en", ""), "2030-12-31"));
	cJSON_Delete(o);
	free(tok);
	for (int i = 0; i < 100 && ts_outbox_count(&ts, "remindyou@example.test") < mails + 1; i++)
		usleep(100000);
	assert_int_equal(ts_outbox_count(&ts, "remindyou@example.test"), mails + 1);
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM audit_log WHERE action = 'member.remind'"
	         " AND object_id = %lld AND actor_id = (SELECT id FROM accounts WHERE username = 'hq')",
	         (long long)id);
	assert_int_equal(sql(q), 1);
	/* pressed again the same day: nothing more goes out */
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	snprintf(body, sizeof body, "{\"member_ids\":[%lld]}", (long long)id);
	assert_int_equal(renewal_messages("remindyou"), 1);
	o = fx_call(&ts, "POST", "/api/v1/renewals/remind", hq, body, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "reminded")), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "already_reminded")), 1);
	cJSON_Delete(o);
	assert_int_equal(renewal_messages("remindyou"), 1);
	assert_int_equal(sql(q), 1);
	/* the next day it may be sent again */
	clock_set("2030-03-02 09:00");
	free(hq);
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	o = fx_call(&ts, "POST", "/api/v1/renewals/remind", hq, body, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "reminded")), 1);
	cJSON_Delete(o);
	/* two in all: the second press of the first day sent none */
	assert_int_equal(renewal_messages("remindyou"), 2);
	assert_int_equal(sql(q), 2);
	free(hq);
	/* members can't ask for it, nor run the jobs */
	tok = member();
	cJSON_Delete(fx_call(&ts, "POST", "/api/v1/renewals/remind", tok, body, 403));
	cJSON_Delete(fx_call(&ts, "POST", "/api/v1/jobs/run", tok, "{}", 403));
	free(tok);
	tok = ts_login(&ts, "hq", "Hq-Demo-2026");
	cJSON_Delete(fx_call(&ts, "POST", "/api/v1/jobs/run", tok, "{}", 403));
	free(tok);
}

static int setup(void **state)
{
	char dir[] = "/tmp/roster-year-XXXXXX";
	const char *args[] = { "--set", NULL, "--set", "schedule.interval=0", NULL };
	static char set[400];
	(void)state;

	if (!mkdtemp(dir))
		return -1;
	snprintf(clock_path, sizeof clock_path, "%s/clock", dir);
	clock_set("2027-01-10 09:00");
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
		cmocka_unit_test(test_a_year),
		cmocka_unit_test(test_remind_now),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
