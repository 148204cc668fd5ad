/* rosterd import and export: a dry run over good and bad rows (every bad
 * row reported with its line and reason, nothing written), the real run
 * refusing the same file whole, a GB18030 file with Chinese column names,
 * importing twice and importing an export creating no duplicates, the
 * imported member setting a password by e-mail code on first sign-in, the
 * exports of orders and invoices, and 10,000 rows in one run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <cmocka.h>
#include "harness.h"
#include "fixture.h"
#include "roster/json.h"

/* Run `rosterd ARGS --db DB --data-dir … [--config CONF]` on ts's
 * database (and its own configuration, on PostgreSQL): exit status; *out
 * (may be NULL) gets standard output (malloc'd). */
static int run(const struct test_server *ts, const char *args, char **out)
{
	char cmd[2048], buf[4096], conf[300];
	size_t n = 0, r;
	char *text = NULL;
	FILE *p;
	int st;

	ts_config(ts, conf, sizeof conf);
	snprintf(cmd, sizeof cmd, "'%s' %s --db '%s' --data-dir '%s'%s%s%s", getenv("ROSTERD"), args,
	         ts->db, getenv("ROSTER_DATADIR"), conf[0] ? " --config '" : "", conf, conf[0] ? "'" : "");
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((r = fread(buf, 1, sizeof buf, p)) > 0) {
		text = realloc(text, n + r + 1);
		memcpy(text + n, buf, r);
		n += r;
		text[n] = '\0';
	}
	st = pclose(p);
	if (!text)
		text = strdup("");
	if (out)
		*out = text;
	else
		free(text);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* An 18-digit ID number with its check digit, from 17 digits. */
static void id_number(const char *first17, char out[19])
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * w[i];
	snprintf(out, 19, "%s%c", first17, check[sum % 11]);
}

static long long members(const struct test_server *ts)
{
	return fx_sql_int(ts, "SELECT COUNT(*) FROM members");
}

static long long accounts(const struct test_server *ts)
{
	return fx_sql_int(ts, "SELECT COUNT(*) FROM accounts");
}

static void must_contain(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("output lacks \"%s\":\n%s", needle, text);
}

static void test_dry_run_reports_every_bad_row(void **state)
{
	struct test_server *ts = &ts_group;
	char path[400], csv[2048], good[19], other[19], bad_id[19], *out;
	long long before_m = members(ts), before_a = accounts(ts);
	(void)state;

	id_number("11010519491231002", good);
	id_number("11010519800101123", other);
	snprintf(bad_id, sizeof bad_id, "%s", good);
	bad_id[17] = bad_id[17] == '0' ? '1' : '0';
	snprintf(csv, sizeof csv,
		"\xEF\xBB\xBF" "email,name,level,org,valid_until,id_number,mobile\r\n"
		"ok1@import.test,王一,regular,BJ,2027-12-31,%s,13900000001\r\n"      /* line 2 */
		"bad-id@import.test,王二,regular,HQ,2027-12-31,%s,\r\n"              /* 3 */
		"level@import.test,王三,platinum,HQ,2027-12-31,,\r\n"                /* 4 */
		"OK1@import.test,王四,regular,HQ,2027-12-31,,\r\n"                   /* 5 */
		"date@import.test,王五,regular,HQ,2027-02-30,,\r\n"                  /* 6 */
		"org@import.test,王六,regular,XX,2027-12-31,,\r\n"                   /* 7 */
		"\"ok2@import.test\",\"王七, 教授\",student,SH,2026-06-30,%s,\r\n"   /* 8 */
		"demo@example.org,演示,regular,HQ,2027-12-31,,\r\n"                  /* 9: exists */
		"hq@example.org,员工,regular,HQ,2027-12-31,,\r\n",                   /* 10: staff */
		good, bad_id, other);
	snprintf(path, sizeof path, "%.250s/mixed.csv", ts->dir);
	write_file(path, csv);

	char args[600];
	snprintf(args, sizeof args, "import '%s' --dry-run", path);
	assert_int_equal(run(ts, args, &out), 1);
	must_contain(out, "line 3: id_number: invalid ID number");
	must_contain(out, "line 4: level: unknown level");
	must_contain(out, "line 5: email: duplicate of line 2");
	must_contain(out, "line 6: valid_until: not a date");
	must_contain(out, "line 7: org: unknown branch");
	must_contain(out, "line 10: email: belongs to a staff account");
	must_contain(out, "9 rows: 3 good (2 new, 1 existing), 6 bad");
	assert_null(strstr(out, "line 2:"));
	assert_null(strstr(out, "line 8:"));
	assert_null(strstr(out, "line 9:"));
	free(out);
	/* the real run refuses the file whole */
	snprintf(args, sizeof args, "import '%s'", path);
	assert_int_equal(run(ts, args, &out), 1);
	must_contain(out, "nothing was imported");
	free(out);
	assert_int_equal(members(ts), before_m);
	assert_int_equal(accounts(ts), before_a);
}

/* A spreadsheet saved as GB18030 with Chinese column names; imported twice. */
static void test_gb18030_twice_and_first_sign_in(void **state)
{
	struct test_server *ts = &ts_group;
	char path[400], utf8[400], args[900], cmd[1200], *out, body[256], code[7];
	long long before;
	struct http_reply r;
	char *mail, *tok;
	(void)state;

	snprintf(utf8, sizeof utf8, "%.250s/gb.utf8.csv", ts->dir);
	snprintf(path, sizeof path, "%.250s/gb.csv", ts->dir);
	write_file(utf8,
		"会员编号,邮箱,姓名,会员等级,分会,有效期至,手机\n"
		"M2019000042,lin@import.test,林冲,普通会员,北京分会,2027-12-31,13900000042\n"
		"M2019000043,lu@import.test,鲁智深,regular,HQ,2020-12-31,\n");
	snprintf(cmd, sizeof cmd, "iconv -f UTF-8 -t GB18030 '%s' > '%s'", utf8, path);
	assert_int_equal(system(cmd), 0);
	before = accounts(ts);
	snprintf(args, sizeof args, "import '%s'", path);
	assert_int_equal(run(ts, args, &out), 0);
	must_contain(out, "2 rows imported: 2 new members");
	free(out);
	assert_int_equal(accounts(ts), before + 2);
	assert_int_equal(fx_sql_int(ts, "SELECT COUNT(*) FROM members WHERE member_no = 'M2019000042'"
	                                " AND name = '林冲' AND status = 'active' AND valid_until = '2027-12-31'"
	                                " AND org_id = (SELECT id FROM orgs WHERE code = 'BJ')"), 1);
	/* paid until long ago: imported as expired */
	assert_int_equal(fx_sql_int(ts, "SELECT COUNT(*) FROM members WHERE member_no = 'M2019000043'"
	                                " AND status = 'expired'"), 1);
	/* new numbers of 2019 follow the imported ones */
	assert_true(fx_sql_int(ts, "SELECT last FROM member_no_seq WHERE year = 2019") >= 43);
	/* --notify mails only accounts it creates; a row without a branch
	 * leaves an existing member's branch as it is */
	write_file(utf8, "email,name,level,valid_until\n"
	                 "notify-me@import.test,段誉,regular,2027-12-31\n"
	                 "lin@import.test,林冲,普通会员,2027-12-31\n");
	snprintf(cmd, sizeof cmd, "import '%s' --notify", utf8);
	assert_int_equal(run(ts, cmd, &out), 0);
	free(out);
	mail = ts_outbox_latest(ts, "notify-me@import.test");
	assert_non_null(mail);
	assert_non_null(strstr(mail, "notify-me"));
	free(mail);
	assert_int_equal(ts_outbox_count(ts, "lin@import.test"), 0);
	assert_int_equal(fx_sql_int(ts, "SELECT COUNT(*) FROM members WHERE member_no = 'M2019000042'"
	                                " AND org_id = (SELECT id FROM orgs WHERE code = 'BJ')"), 1);
	before++;
	/* the same file again: nothing new */
	assert_int_equal(run(ts, args, &out), 0);
	free(out);
	assert_int_equal(accounts(ts), before + 2);
	assert_int_equal(fx_sql_int(ts, "SELECT COUNT(*) FROM member_history WHERE event = 'imported'"
	                                " AND account_id = (SELECT id FROM accounts WHERE email = 'lin@import.test')"), 1);

	/* no password works until the member sets one by e-mail code */
	tok = ts_login(ts, "m2019000042", "anything-at-all-1");
	assert_null(tok);
	assert_int_equal(http_req(ts, "POST", "/api/v1/auth/email-code", NULL,
	                          "{\"email\":\"lin@import.test\"}", &r), 0);
	assert_int_equal(r.status / 100, 2);
	http_reply_free(&r);
	mail = ts_outbox_latest(ts, "lin@import.test");
	assert_non_null(mail);
	ts_find_code(mail, code);
	free(mail);
	snprintf(body, sizeof body, "{\"email\":\"lin@import.test\",\"code\":\"%s\","
	         "\"new_password\":\"Lin-Chong-Spear-88\"}", code);
	assert_int_equal(http_req(ts, "POST", "/api/v1/auth/password/reset", NULL, body, &r), 0);
	assert_int_equal(r.status / 100, 2);
	http_reply_free(&r);
	tok = ts_login(ts, "lin@import.test", "Lin-Chong-Spear-88");
	assert_non_null(tok);
	cJSON *me = fx_call(ts, "GET", "/api/v1/me", tok, NULL, 200);
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(me, "member");
	assert_string_equal(json_str_or(m, "member_no", ""), "M2019000042");
	assert_string_equal(json_str_or(m, "effective_status", ""), "active");
	cJSON_Delete(me);
	free(tok);
}

/* The export of a database imports into another with nothing lost, and
 * into itself with nothing doubled. */
static void test_export_round_trip(void **state)
{
	struct test_server *ts = &ts_group, other;
	char path[400], args[600], *out, *again;
	long long n;
	(void)state;

	snprintf(path, sizeof path, "%.250s/members.csv", ts->dir);
	snprintf(args, sizeof args, "export members --output '%s'", path);
	assert_int_equal(run(ts, args, NULL), 0);
	n = fx_sql_int(ts, "SELECT COUNT(*) FROM members WHERE member_no IS NOT NULL");
	assert_true(n >= 2);
	snprintf(args, sizeof args, "import '%s'", path);
	long long before = accounts(ts);
	assert_int_equal(run(ts, args, &out), 0);
	free(out);
	assert_int_equal(accounts(ts), before);

	assert_int_equal(ts_start(&other, NULL), 0);
	assert_int_equal(run(&other, args, &out), 0);
	free(out);
	assert_int_equal(fx_sql_int(&other, "SELECT COUNT(*) FROM members WHERE member_no IS NOT NULL"), n);
	/* and its export is the same file */
	assert_int_equal(run(ts, "export members", &out), 0);
	assert_int_equal(run(&other, "export members", &again), 0);
	assert_string_equal(out, again);
	free(out);
	free(again);
	assert_int_equal(ts_stop(&other), 0);

	/* orders and invoices have a header and a row per record */
	assert_int_equal(run(ts, "export orders", &out), 0);
	must_contain(out, "order_no,member_no,username,kind,status,amount_fen");
	free(out);
	assert_int_equal(run(ts, "export invoices --no-bom", &out), 0);
	assert_int_equal(strncmp(out, "id,order_no,member_no,status", 28), 0);
	free(out);
	assert_int_equal(run(ts, "export payments", NULL), 2);
}

static void test_ten_thousand_rows(void **state)
{
	struct test_server *ts = &ts_group;
	char path[400], args[600], id[19], first[18], *out;
	struct timespec t0, t1;
	long long before = members(ts);
	FILE *f;
	(void)state;

	snprintf(path, sizeof path, "%.250s/big.csv", ts->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("member_no,email,mobile,name,id_number,level,org,valid_until,joined_on\n", f);
	for (int i = 0; i < 10000; i++) {
		snprintf(first, sizeof first, "110105198%01d01%02d%03d", i % 10, 1 + i % 28, i % 1000);
		id_number(first, id);
		fprintf(f, "M2018%06d,big%05d@import.test,137%08d,成员%05d,%s,%s,%s,%d-12-31,2018-03-01\n",
		        i + 1, i, i, i, id, i % 3 ? "regular" : "senior", i % 2 ? "BJ" : "HQ",
		        2026 + i % 3);
	}
	fclose(f);
	snprintf(args, sizeof args, "import '%s'", path);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(run(ts, args, &out), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	must_contain(out, "10000 rows imported: 10000 new members");
	fprintf(stderr, "# import of 10,000 rows: %.2f s (%s)\n",
	        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, out);
	free(out);
	assert_int_equal(members(ts), before + 10000);
	/* the second time nothing is written */
	assert_int_equal(run(ts, args, &out), 0);
	free(out);
	assert_int_equal(members(ts), before + 10000);
	assert_int_equal(fx_sql_int(ts, "SELECT COUNT(*) FROM member_history WHERE event = 'imported'"
	                                " AND note LIKE '%big.csv'"), 10000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dry_run_reports_every_bad_row),
		cmocka_unit_test(test_gb18030_twice_and_first_sign_in),
		cmocka_unit_test(test_export_round_trip),
		cmocka_unit_test(test_ten_thousand_rows),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
