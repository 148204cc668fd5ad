/* The staff member register against a real rosterd: search by every key
 * staff search by, the filters, one member's detail with orders,
 * applications and certificate, the CSV export (UTF-8 with a byte order
 * mark, spreadsheet formulas defused), the branch scope (a branch officer
 * sees only their branch, and is refused another branch's member and
 * another branch's application even by a crafted request), and the audit
 * rows of reading personal data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"
#include "fixture.h"
#include "roster/json.h"

static struct test_server ts;
static struct fx_member active_bj;   /* 王小明, BJ, active, paid */
static struct fx_member pending_sh;  /* 李四, SH, waiting for the SH officer */
static struct fx_member formula;     /* a name a spreadsheet would run */
static char *hq, *bj, *sh;

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	sh = ts_login(&ts, "sh_staff", "Branch-Demo-2026");
	if (!hq || !bj || !sh)
		return -1;
	if (fx_member_active(&ts, "wangxm", "王小明", "BJ", "regular", &active_bj) != 0 ||
	    fx_member_submit(&ts, "lisi", "李四", "SH", "senior", &pending_sh) != 0 ||
	    fx_member_submit(&ts, "formula", "=HYPERLINK(\"x\")", "HQ", "student", &formula) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&active_bj);
	fx_member_free(&pending_sh);
	fx_member_free(&formula);
	free(hq);
	free(bj);
	free(sh);
	ts_stop(&ts);
	return 0;
}

/* GET path as token, asserting the status. */
static void get(const char *path, const char *token, long status, struct http_reply *r)
{
	assert_int_equal(http_req(&ts, "GET", path, token, NULL, r), 0);
	if (r->status != status)
		fail_msg("GET %s: %ld, want %ld: %s", path, r->status, status, r->body);
}

/* The ids of the items of a list reply, as " 5 7 " (for strstr). */
static void ids_of(const struct http_reply *r, char *out, size_t len)
{
	const cJSON *it;
	size_t n = 0;

	out[0] = '\0';
	n += (size_t)snprintf(out, len, " ");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r->json, "items"))
		n += (size_t)snprintf(out + n, len - n, "%lld ", (long long)json_int_or(it, "id", 0));
}

static bool has_id(const struct http_reply *r, int64_t id)
{
	char buf[4096], want[32];

	ids_of(r, buf, sizeof(buf));
	snprintf(want, sizeof(want), " %lld ", (long long)id);
	return strstr(buf, want) != NULL;
}

/* One number from the database. */
static long long db_count(const char *sql)
{
	return fx_sql_int(&ts, sql);
}

/* A member's level and organisation objects carry what the catalogue's do
 * (roster-api(7)), as the database holds them: active_bj is a regular
 * individual member of the BJ branch. */
static void assert_bj_regular(const cJSON *m)
{
	const cJSON *level = cJSON_GetObjectItemCaseSensitive(m, "level");
	const cJSON *org = cJSON_GetObjectItemCaseSensitive(m, "org");
	char *zh;

	assert_int_equal(json_int_or(level, "id", 0),
	                 db_count("SELECT id FROM levels WHERE code = 'regular'"));
	assert_string_equal(json_str_or(level, "code", ""), "regular");
	assert_string_equal(json_str_or(level, "member_type", ""), "individual");
	assert_int_equal(json_int_or(level, "annual_fee", 0), 30000);   /* 300 yuan */
	zh = fx_sql_text(&ts, "SELECT name_zh FROM levels WHERE code = 'regular'");
	assert_string_equal(json_str_or(level, "name_zh", ""), zh);
	free(zh);
	assert_true(*json_str_or(level, "name_en", ""));
	assert_int_equal(json_int_or(org, "id", 0), db_count("SELECT id FROM orgs WHERE code = 'BJ'"));
	assert_string_equal(json_str_or(org, "code", ""), "BJ");
	assert_string_equal(json_str_or(org, "kind", ""), "branch");
	zh = fx_sql_text(&ts, "SELECT name_zh FROM orgs WHERE code = 'BJ'");
	assert_string_equal(json_str_or(org, "name_zh", ""), zh);
	free(zh);
	assert_true(*json_str_or(org, "name_en", ""));
}

static void test_search_keys(void **state)
{
	struct http_reply r;
	const cJSON *m;
	char path[256], mobile[12];
	const char *no;

	(void)state;
	get("/api/v1/members?q=%E7%8E%8B%E5%B0%8F%E6%98%8E", hq, 200, &r);   /* 王小明 */
	assert_int_equal(json_int_or(r.json, "total", -1), 1);
	m = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r.json, "items"), 0);
	assert_int_equal(json_int_or(m, "id", 0), active_bj.account_id);
	assert_string_equal(json_str_or(m, "effective_status", ""), "active");
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(m, "org"), "code", ""), "BJ");
	assert_bj_regular(m);
	no = json_str_or(m, "member_no", NULL);
	assert_non_null(no);
	assert_int_equal(no[0], 'M');
	snprintf(path, sizeof(path), "/api/v1/members?q=%s", no);
	http_reply_free(&r);
	get(path, hq, 200, &r);
	assert_int_equal(json_int_or(r.json, "total", -1), 1);
	assert_true(has_id(&r, active_bj.account_id));
	http_reply_free(&r);

	fx_mobile("wangxm", mobile);
	snprintf(path, sizeof(path), "/api/v1/members?q=%s", mobile);
	get(path, hq, 200, &r);
	assert_int_equal(json_int_or(r.json, "total", -1), 1);
	assert_true(has_id(&r, active_bj.account_id));
	http_reply_free(&r);

	get("/api/v1/members?q=LISI%40example.test", hq, 200, &r);   /* any case */
	assert_int_equal(json_int_or(r.json, "total", -1), 1);
	assert_true(has_id(&r, pending_sh.account_id));
	http_reply_free(&r);

	/* LIKE wildcards are searched for, not obeyed */
	get("/api/v1/members?q=%25", hq, 200, &r);
	assert_int_equal(json_int_or(r.json, "total", -1), 0);
	http_reply_free(&r);
}

static void test_filters(void **state)
{
	struct http_reply r;
	char path[128];

	(void)state;
	get("/api/v1/members?status=pending_branch", hq, 200, &r);
	assert_true(has_id(&r, pending_sh.account_id));
	assert_false(has_id(&r, active_bj.account_id));
	http_reply_free(&r);

	get("/api/v1/members?status=pending_hq", hq, 200, &r);   /* joined HQ directly */
	assert_true(has_id(&r, formula.account_id));
	assert_int_equal(json_int_or(r.json, "total", -1), 1);
	http_reply_free(&r);

	snprintf(path, sizeof(path), "/api/v1/members?org=%lld", (long long)fx_org_id(&ts, "BJ"));
	get(path, hq, 200, &r);
	assert_true(has_id(&r, active_bj.account_id));
	assert_false(has_id(&r, pending_sh.account_id));
	http_reply_free(&r);

	snprintf(path, sizeof(path), "/api/v1/members?level=%lld", (long long)fx_level_id(&ts, "senior"));
	get(path, hq, 200, &r);
	assert_int_equal(json_int_or(r.json, "total", -1), 1);
	assert_true(has_id(&r, pending_sh.account_id));
	http_reply_free(&r);

	get("/api/v1/members?per_page=1&page=2", hq, 200, &r);
	assert_int_equal(json_int_or(r.json, "per_page", 0), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r.json, "items")), 1);
	assert_true(json_int_or(r.json, "total", 0) >= 4);   /* three here and the demo member */
	http_reply_free(&r);

	get("/api/v1/members?status=bogus", hq, 422, &r);
	assert_string_equal(http_error_code(&r), "validation");
	http_reply_free(&r);
	get("/api/v1/members?level=abc", hq, 422, &r);
	http_reply_free(&r);
}

static void test_detail(void **state)
{
	struct http_reply r;
	const cJSON *o, *cert, *apps, *m;
	char path[96], sql[512];

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)active_bj.account_id);
	get(path, bj, 200, &r);
	m = cJSON_GetObjectItemCaseSensitive(r.json, "member");
	assert_string_equal(json_str_or(m, "name", ""), "王小明");
	assert_bj_regular(m);
	assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(m, "profile"), "id_number", ""),
	                    "11010519491231002X");
	o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r.json, "orders"), 0);
	assert_int_equal(json_int_or(o, "id", 0), active_bj.order_id);
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	assert_int_equal(json_int_or(o, "amount", 0), 30000);   /* 普通会员: 300 yuan */
	apps = cJSON_GetObjectItemCaseSensitive(r.json, "applications");
	assert_int_equal(cJSON_GetArraySize(apps), 1);
	assert_string_equal(json_str_or(cJSON_GetArrayItem(apps, 0), "kind", ""), "join");
	assert_string_equal(json_str_or(cJSON_GetArrayItem(apps, 0), "status", ""), "approved");
	cert = cJSON_GetObjectItemCaseSensitive(r.json, "certificate");
	assert_true(cJSON_IsObject(cert));
	assert_string_equal(json_str_or(cert, "member_no", "x"), json_str_or(m, "member_no", "y"));
	http_reply_free(&r);
	/* reading a member's data is audited with who read it */
	snprintf(sql, sizeof(sql),
	         "SELECT COUNT(*) FROM audit_log a JOIN accounts s ON s.id = a.actor_id"
	         " WHERE a.action = 'member.view' AND a.object_id = %lld AND s.username = 'bj_staff'",
	         (long long)active_bj.account_id);
	assert_int_equal(db_count(sql), 1);

	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)pending_sh.account_id);
	get(path, hq, 200, &r);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(r.json, "certificate")));
	http_reply_free(&r);
	get("/api/v1/members/999999", hq, 404, &r);
	http_reply_free(&r);
	get("/api/v1/members/abc", hq, 404, &r);
	http_reply_free(&r);
}

static void test_branch_scope(void **state)
{
	struct http_reply r;
	char path[128];

	(void)state;
	get("/api/v1/members", bj, 200, &r);
	assert_true(has_id(&r, active_bj.account_id));
	assert_false(has_id(&r, pending_sh.account_id));
	assert_false(has_id(&r, formula.account_id));
	assert_int_equal(json_int_or(r.json, "total", -1), 1);
	http_reply_free(&r);
	/* another branch's member is not there, whichever way it is asked */
	snprintf(path, sizeof(path), "/api/v1/members/%lld", (long long)pending_sh.account_id);
	get(path, bj, 404, &r);
	http_reply_free(&r);
	snprintf(path, sizeof(path), "/api/v1/members?org=%lld", (long long)fx_org_id(&ts, "SH"));
	get(path, bj, 403, &r);
	http_reply_free(&r);
	get("/api/v1/members?q=%E6%9D%8E%E5%9B%9B", bj, 200, &r);   /* 李四 */
	assert_int_equal(json_int_or(r.json, "total", -1), 0);
	http_reply_free(&r);
	/* members and strangers are refused outright */
	get("/api/v1/members", active_bj.token, 403, &r);
	http_reply_free(&r);
	get("/api/v1/members", NULL, 401, &r);
	http_reply_free(&r);
	get("/api/v1/members/export.csv", active_bj.token, 403, &r);
	http_reply_free(&r);
}

static void test_branch_refused_other_application(void **state)
{
	struct http_reply r;
	char path[128];

	(void)state;
	/* the BJ officer crafts requests for the SH application */
	snprintf(path, sizeof(path), "/api/v1/review/applications/%lld", (long long)pending_sh.app_id);
	get(path, bj, 404, &r);
	http_reply_free(&r);
	assert_int_not_equal(fx_decide(&ts, bj, pending_sh.app_id, "approve", NULL), 200);
	assert_int_not_equal(fx_decide(&ts, bj, pending_sh.app_id, "reject", "不属于本分会"), 200);
	/* nothing moved */
	get(path, hq, 200, &r);
	assert_string_equal(json_str_or(r.json, "status", ""), "pending_branch");
	http_reply_free(&r);
	snprintf(path, sizeof(path),
	         "SELECT COUNT(*) FROM application_events WHERE application_id = %lld"
	         " AND action IN ('approve', 'reject')", (long long)pending_sh.app_id);
	assert_int_equal(db_count(path), 0);
	/* the SH officer may: it moves on to HQ */
	assert_int_equal(fx_decide(&ts, sh, pending_sh.app_id, "approve", NULL), 200);
	snprintf(path, sizeof(path), "/api/v1/review/applications/%lld", (long long)pending_sh.app_id);
	get(path, hq, 200, &r);
	assert_string_equal(json_str_or(r.json, "status", ""), "pending_hq");
	http_reply_free(&r);
}

/* The rows of a CSV body (CRLF-separated) containing needle. */
static int csv_rows_with(const char *body, const char *needle)
{
	int n = 0;

	for (const char *p = body; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_export_csv(void **state)
{
	struct http_reply r;
	char *ct, *cd, path[160];

	(void)state;
	get("/api/v1/members/export.csv", hq, 200, &r);
	assert_true(r.len > 3);
	assert_memory_equal(r.body, "\xEF\xBB\xBF", 3);             /* BOM */
	ct = http_reply_header(&r, "Content-Type");
	assert_non_null(ct);
	assert_non_null(strstr(ct, "text/csv"));
	assert_non_null(strstr(ct, "utf-8"));
	cd = http_reply_header(&r, "Content-Disposition");
	assert_non_null(cd);
	assert_non_null(strstr(cd, "attachment"));
	free(ct);
	free(cd);
	assert_true(!strncmp(r.body + 3, "会员编号,", strlen("会员编号,")));
	assert_int_equal(csv_rows_with(r.body, "王小明,个人会员,普通会员,北京分会,正式会员,"), 1);
	assert_int_equal(csv_rows_with(r.body, "李四,"), 1);
	/* a name that starts a formula is written as text, quoted because of
	 * its quote marks */
	assert_int_equal(csv_rows_with(r.body, "\"'=HYPERLINK(\"\"x\"\")\""), 1);
	assert_int_equal(csv_rows_with(r.body, "\r\n"), 5);           /* header + 4 members */
	http_reply_free(&r);

	/* the current filters, in English */
	snprintf(path, sizeof(path), "/api/v1/members/export.csv?lang=en&org=%lld",
	         (long long)fx_org_id(&ts, "BJ"));
	get(path, hq, 200, &r);
	assert_true(!strncmp(r.body + 3, "Member no.,Name,", strlen("Member no.,Name,")));
	assert_int_equal(csv_rows_with(r.body, "王小明,Individual member,Member,Beijing Branch,Full member,"), 1);
	assert_int_equal(csv_rows_with(r.body, "李四"), 0);
	assert_int_equal(csv_rows_with(r.body, "\r\n"), 2);
	http_reply_free(&r);

	/* a branch officer's export holds their branch only */
	get("/api/v1/members/export.csv", bj, 200, &r);
	assert_int_equal(csv_rows_with(r.body, "王小明"), 1);
	assert_int_equal(csv_rows_with(r.body, "李四"), 0);
	assert_int_equal(csv_rows_with(r.body, "HYPERLINK"), 0);
	http_reply_free(&r);
	assert_int_equal(db_count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.export'"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_keys),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_detail),
		cmocka_unit_test(test_branch_scope),
		cmocka_unit_test(test_export_csv),
		cmocka_unit_test(test_branch_refused_other_application),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
