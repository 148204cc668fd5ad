/* The members CSV export, streamed, against a real rosterd: a few members
 * with fixed data give exactly the bytes the export has always given (byte
 * order mark, header, RFC 4180 quoting, the apostrophe before a formula),
 * plain and gzipped; thousands of seeded members (several batches, numbered
 * and not) come out each exactly once in the register's order, the same
 * rows GET /members lists for every filter; the audit row counts them; a
 * client that reads a little and hangs up leaves the server serving; a
 * database failing midway cuts the download short, visibly. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

static char *hq;

/* An account and its members row with fixed data; member_no and
 * valid_until NULL when absent. */
static void add_member(const char *username, const char *mobile, const char *type,
                       const char *name, const char *org, const char *level,
                       const char *status, const char *member_no, const char *valid_until,
                       const char *profile)
{
	char sql[2048], no[40], until[40];

	snprintf(no, sizeof no, member_no ? "'%s'" : "NULL", member_no);
	snprintf(until, sizeof until, valid_until ? "'%s'" : "NULL", valid_until);
	snprintf(sql, sizeof sql,
	         "INSERT INTO accounts (username, username_key, email, mobile, password_hash, role,"
	         " member_type, status, created_at, updated_at, password_changed_at)"
	         " VALUES ('%s', '%s', '%s@fixed.example', '%s', 'x', 'member', '%s', 'active',"
	         " 1700000000, 1700000000, 1700000000);"
	         "INSERT INTO members (account_id, member_type, org_id, level_id, status, member_no,"
	         " valid_until, joined_at, profile, name, created_at, updated_at)"
	         " SELECT id, '%s', %lld, %lld, '%s', %s, %s, 1700000000, '%s', '%s',"
	         " 1700000000, 1700000000 FROM accounts WHERE username = '%s';",
	         username, username, username, mobile, type, type,
	         (long long)fx_org_id(&ts_group, org), (long long)fx_level_id(&ts_group, level),
	         status, no, until, profile, name, username);
	fx_sql(&ts_group, sql);
}

static int setup(void **state)
{
	if (ts_group_setup(state) != 0)
		return -1;
	hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	return hq ? 0 : -1;
}

static int teardown(void **state)
{
	free(hq);
	return ts_group_teardown(state);
}

/* GET the export (path after export.csv), 200; its body (*len). */
static char *export(const char *query, bool gzip, size_t *len)
{
	struct http_reply r;
	char path[512], *body;

	snprintf(path, sizeof path, "/api/v1/members/export.csv%s", query);
	assert_int_equal(http_req_ex(&ts_group, "GET", path, hq, NULL, NULL, 0,
	                             gzip ? HTTP_GZIP : 0, &r), 0);
	if (r.status != 200)
		fail_msg("GET %s: %ld %s", path, r.status, r.body);
	body = r.body;
	*len = r.len;
	r.body = NULL;
	http_reply_free(&r);
	return body;
}

/* what the export wrote before it was streamed */
static const char expected_en[] =
	"\xEF\xBB\xBF"
	"Member no.,Name,Member type,Level,Organisation,Status,Valid until,Mobile,E-mail,"
	"Credit code,Username\r\n"
	"M2001000001,张三,Individual member,Member,Beijing Branch,Full member,2099-12-31,"
	"16600000001,zhangsan_fx@fixed.example,,zhangsan_fx\r\n"
	"M2001000002,\"Acme, \"\"Ltd\"\"\",Organisation member,Member Organisation,Headquarters,"
	"Expired,2001-01-01,16600000002,acme_fx@fixed.example,91110000MA00000001,acme_fx\r\n"
	",,Individual member,,,Application not submitted,,13800138000,demo@example.org,,demo\r\n"
	",'=SUM(A1),Individual member,Student Member,Shanghai Branch,Under HQ review,,"
	"16600000003,formula_fx@fixed.example,,formula_fx\r\n";

/* The bytes of a small register are those the export has always written. */
static void test_fixed_bytes(void **state)
{
	size_t len;
	char *csv;

	(void)state;
	add_member("zhangsan_fx", "16600000001", "individual", "张三", "BJ", "regular",
	           "active", "M2001000001", "2099-12-31", "{}");
	add_member("acme_fx", "16600000002", "unit", "Acme, \"Ltd\"", "HQ", "unit_member",
	           "active", "M2001000002", "2001-01-01", "{\"uscc\":\"91110000MA00000001\"}");
	add_member("formula_fx", "16600000003", "individual", "=SUM(A1)", "SH", "student",
	           "pending_hq", NULL, NULL, "{}");

	csv = export("?lang=en", false, &len);
	if (len != sizeof expected_en - 1 || memcmp(csv, expected_en, len) != 0)
		fail_msg("the export differs:\n%s", csv);
	free(csv);
	/* compressed on the way, the same file */
	csv = export("?lang=en", true, &len);
	assert_int_equal(len, sizeof expected_en - 1);
	assert_memory_equal(csv, expected_en, len);
	free(csv);
	/* in Chinese: the same rows under the Chinese header */
	csv = export("", false, &len);
	assert_true(!strncmp(csv, "\xEF\xBB\xBF" "会员编号,姓名/单位名称,", strlen("\xEF\xBB\xBF" "会员编号,姓名/单位名称,")));
	assert_non_null(strstr(csv, "\r\nM2001000001,张三,个人会员,"));
	assert_non_null(strstr(csv, "\r\nM2001000002,\"Acme, \"\"Ltd\"\"\",单位会员,"));
	assert_non_null(strstr(csv, ",'=SUM(A1),"));
	free(csv);
}

/* The usernames (last field) of the CSV's rows, in order, as an array;
 * the header left out. Seeded usernames need no quoting. */
static cJSON *csv_usernames(const char *csv, size_t len)
{
	cJSON *out = cJSON_CreateArray();
	const char *p = csv, *end = csv + len;

	p = strstr(p, "\r\n");
	assert_non_null(p);
	p += 2;
	while (p < end) {
		const char *eol = strstr(p, "\r\n"), *comma;
		char name[128];

		assert_non_null(eol);
		for (comma = eol; comma > p && comma[-1] != ','; comma--)
			;
		snprintf(name, sizeof name, "%.*s", (int)(eol - comma), comma);
		cJSON_AddItemToArray(out, cJSON_CreateString(name));
		p = eol + 2;
	}
	return out;
}

/* The usernames GET /members lists for query ("&status=active"), in order. */
static cJSON *list_usernames(const char *query, int64_t *total)
{
	cJSON *out = cJSON_CreateArray();
	char path[512];

	for (int page = 1;; page++) {
		cJSON *r, *it;
		int n;

		snprintf(path, sizeof path, "/api/v1/members?per_page=100&page=%d%s", page, query);
		r = fx_call(&ts_group, "GET", path, hq, NULL, 200);
		n = cJSON_GetArraySize(cJSON_GetObjectItem(r, "items"));
		*total = json_int_or(r, "total", -1);
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(r, "items"))
			cJSON_AddItemToArray(out, cJSON_CreateString(json_str_or(it, "username", "")));
		cJSON_Delete(r);
		if (n < 100)
			break;
	}
	return out;
}

/* The export of query holds the rows GET /members lists for it, in its
 * order; returns how many. */
static int same_as_list(const char *query)
{
	char q[512];
	size_t len;
	int64_t total;
	char *csv;
	cJSON *got, *want;
	int n;

	snprintf(q, sizeof q, "?lang=en%s", query);
	csv = export(q, false, &len);
	got = csv_usernames(csv, len);
	want = list_usernames(query, &total);
	n = cJSON_GetArraySize(got);
	assert_int_equal(n, total);
	assert_int_equal(cJSON_GetArraySize(want), total);
	for (int i = 0; i < n; i++) {
		const char *a = cJSON_GetArrayItem(got, i)->valuestring;
		const char *b = cJSON_GetArrayItem(want, i)->valuestring;

		if (strcmp(a, b))
			fail_msg("export%s row %d is %s, the list has %s", query, i + 1, a, b);
	}
	cJSON_Delete(got);
	cJSON_Delete(want);
	free(csv);
	return n;
}

/* Thousands of members: each exactly once, in the register's order. */
static void test_thousands(void **state)
{
	static const char *const seed[] = {
		"seed", "--members", "3000", "--orders", "0", "--seed", "23", NULL
	};
	size_t len;
	char *csv, *detail;
	cJSON *names;
	int n, numbered = 0, unnumbered = 0;
	long long accounts;

	(void)state;
	assert_int_equal(ts_rosterd(&ts_group, seed, NULL), 0);
	accounts = fx_sql_int(&ts_group, "SELECT COUNT(*) FROM accounts WHERE role = 'member'");
	assert_true(accounts >= 3000);

	csv = export("?lang=en", false, &len);
	names = csv_usernames(csv, len);
	n = cJSON_GetArraySize(names);
	assert_int_equal(n, accounts);
	/* no one twice */
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (!strcmp(cJSON_GetArrayItem(names, i)->valuestring,
			            cJSON_GetArrayItem(names, j)->valuestring))
				fail_msg("%s is exported twice", cJSON_GetArrayItem(names, i)->valuestring);
	/* numbered members first, by number, then the others */
	{
		const char *p = strstr(csv, "\r\n") + 2, *prev = NULL;
		size_t prev_len = 0;

		while (*p) {
			const char *comma = strchr(p, ',');

			if (comma == p) {
				unnumbered++;
			} else {
				size_t l = (size_t)(comma - p);

				if (unnumbered)
					fail_msg("a numbered member after one without a number");
				int c = prev ? memcmp(prev, p, l < prev_len ? l : prev_len) : -1;

				if (c > 0 || (c == 0 && prev_len >= l))
					fail_msg("member numbers out of order: %.*s after %.*s",
					         (int)l, p, (int)prev_len, prev);
				prev = p;
				prev_len = l;
				numbered++;
			}
			p = strstr(p, "\r\n") + 2;
		}
	}
	assert_true(numbered > 1000);
	assert_true(unnumbered > 1);
	cJSON_Delete(names);
	free(csv);

	/* and gzipped, the same bytes */
	{
		size_t zlen;
		char *plain = export("?lang=en", false, &len), *z = export("?lang=en", true, &zlen);

		assert_int_equal(zlen, len);
		assert_memory_equal(z, plain, len);
		free(plain);
		free(z);
	}

	/* the register's own list, row for row */
	assert_int_equal(same_as_list(""), accounts);

	/* the audit row counts what the export matched */
	detail = fx_sql_text(&ts_group, "SELECT detail FROM audit_log WHERE action = 'member.export'"
	                                " ORDER BY id DESC LIMIT 1");
	{
		char want[64];

		snprintf(want, sizeof want, "\"rows\":%lld,", accounts);
		if (!strstr(detail, want))
			fail_msg("audit detail %s lacks %s", detail, want);
	}
	free(detail);
}

/* Every filter gives the rows the list gives. */
static void test_filters(void **state)
{
	char q[128];

	(void)state;
	assert_true(same_as_list("&status=active") > 100);
	assert_true(same_as_list("&status=pending_hq") > 0);
	snprintf(q, sizeof q, "&org=%lld", (long long)fx_org_id(&ts_group, "BJ"));
	assert_true(same_as_list(q) > 10);
	snprintf(q, sizeof q, "&level=%lld", (long long)fx_level_id(&ts_group, "regular"));
	assert_true(same_as_list(q) > 10);
	snprintf(q, sizeof q, "&status=active&org=%lld", (long long)fx_org_id(&ts_group, "SH"));
	assert_true(same_as_list(q) > 0);
	assert_true(same_as_list("&q=example") > 100);       /* through the trigram index */
	assert_true(same_as_list("&q=li") > 10);             /* too short for trigrams */
	assert_int_equal(same_as_list("&q=zhangsan_fx"), 1);
	assert_true(same_as_list("&q=wang&status=active") > 10);  /* few: by the index */
	assert_int_equal(same_as_list("&q=no-such-member-anywhere"), 0);
	/* a bad filter is refused before anything is sent */
	{
		struct http_reply r;

		assert_int_equal(http_req(&ts_group, "GET", "/api/v1/members/export.csv?status=nope",
		                          hq, NULL, &r), 0);
		assert_int_equal(r.status, 422);
		http_reply_free(&r);
	}
}

/* A socket asking for the export with a small receive window, so the
 * server cannot have written it all before we read. */
static int export_socket(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	char req[1024];
	int fd, small = 4096;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	sa.sin_port = htons((uint16_t)ts_group.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	snprintf(req, sizeof req,
	         "GET /api/v1/members/export.csv?lang=en HTTP/1.1\r\nHost: localhost\r\n"
	         "Authorization: Bearer %s\r\n\r\n", hq);
	assert_true(write(fd, req, strlen(req)) == (ssize_t)strlen(req));
	return fd;
}

/* The server log so far (malloc'd). */
static char *server_log(void)
{
	char path[400], *log = malloc(1 << 22);
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "%s/server.log", ts_group.dir);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(log, 1, (1 << 22) - 1, f);
	log[n] = '\0';
	fclose(f);
	return log;
}

/* The database failing once the 200 is sent (the header row is, the
 * first batch's query fails): the download ends without the chunked
 * body's last chunk, so the client knows it is cut short, and the server
 * logs it; then it serves on. */
static void test_failure_midway(void **state)
{
	char buf[4096], *all = NULL, *log;
	size_t got = 0, len;
	ssize_t n;
	int fd;

	(void)state;
	/* the batches' query fails from now on (the count does not read it) */
	fx_sql(&ts_group, "ALTER TABLE levels RENAME COLUMN name_en TO name_en_gone");
	fd = export_socket();
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		all = realloc(all, got + (size_t)n + 1);
		memcpy(all + got, buf, (size_t)n);
		got += (size_t)n;
	}
	close(fd);
	fx_sql(&ts_group, "ALTER TABLE levels RENAME COLUMN name_en_gone TO name_en");
	assert_non_null(all);
	all[got] = '\0';
	assert_true(!strncmp(all, "HTTP/1.1 200", 12));
	assert_non_null(strstr(all, "Transfer-Encoding: chunked"));
	assert_non_null(strstr(all, "Member no.,Name,"));
	/* closed without the last chunk */
	assert_false(got >= 5 && !memcmp(all + got - 5, "0\r\n\r\n", 5));
	free(all);
	log = server_log();
	assert_non_null(strstr(log, "member export by account"));
	assert_non_null(strstr(log, "the download was cut short"));
	free(log);
	/* and the whole export again */
	free(export("?lang=en", false, &len));
	assert_true(len > 100000);
}

/* A client that reads a few KB and hangs up: the server serves on. */
static void test_hang_up(void **state)
{
	char buf[4096], *log, *csv;
	size_t got, len, full;

	(void)state;
	csv = export("?lang=en", false, &full);
	free(csv);
	for (int round = 0; round < 3; round++) {
		int fd = export_socket();

		got = 0;
		while (got < 8192) {
			ssize_t n = read(fd, buf, sizeof buf);

			assert_true(n > 0);
			got += (size_t)n;
		}
		close(fd);
	}
	/* the next requests are answered in full */
	csv = export("?lang=en", false, &len);
	assert_int_equal(len, full);
	free(csv);
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/me", hq, NULL, 200));
	/* and the server noted the downloads left midway, once it saw each
	 * connection closed (which a loaded machine may take a while to do) */
	for (int i = 0;; i++) {
		bool noted;

		log = server_log();
		noted = strstr(log, "the client left after") != NULL;
		free(log);
		if (noted)
			break;
		assert_true(i < 200);
		usleep(100 * 1000);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_bytes),
		cmocka_unit_test(test_thousands),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_hang_up),
		cmocka_unit_test(test_failure_midway),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
