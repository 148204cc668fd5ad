/* Helpers for tests of the application workflow (see apps_flow.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "apps_flow.h"
#include "harness.h"
#include "roster/json.h"

/* A one-page PDF with no content: enough for any reader. */
const unsigned char af_pdf[] =
	"%PDF-1.4\n"
	"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
	"trailer<</Root 1 0 R>>\n%%EOF\n";
const size_t af_pdf_len = sizeof af_pdf - 1;

/* 1x1 PNG, one green pixel. */
const unsigned char af_png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
	0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
	0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
	0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92,
	0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};
const size_t af_png_len = sizeof af_png;

/* The start of a JFIF file (SOI, APP0) and its end (EOI): what the server
 * looks at. */
const unsigned char af_jpeg[] = {
	0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00,
	0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
};
const size_t af_jpeg_len = sizeof af_jpeg;

static int64_t id_by_code(const struct test_server *ts, const char *path, const char *code)
{
	struct http_reply r;
	const cJSON *it;
	int64_t id = -1;

	assert_int_equal(http_req(ts, "GET", path, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r.json, "items"))
		if (strcmp(json_str_or(it, "code", ""), code) == 0)
			id = json_int_or(it, "id", -1);
	http_reply_free(&r);
	if (id <= 0)
		fail_msg("%s has no %s", path, code);
	return id;
}

int64_t af_org_id(const struct test_server *ts, const char *code)
{
	return id_by_code(ts, "/api/v1/orgs", code);
}

int64_t af_level_id(const struct test_server *ts, const char *code)
{
	return id_by_code(ts, "/api/v1/levels", code);
}

cJSON *af_profile(const char *name)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddStringToObject(p, "name", name);
	cJSON_AddStringToObject(p, "gender", "female");
	cJSON_AddStringToObject(p, "birth_date", "1949-12-31");
	cJSON_AddStringToObject(p, "id_type", "id_card");
	cJSON_AddStringToObject(p, "id_number", "11010519491231002X");
	cJSON_AddStringToObject(p, "mobile", "13912345678");
	cJSON_AddStringToObject(p, "email", "applicant@example.test");
	cJSON_AddStringToObject(p, "address", "北京市海淀区中关村大街1号");
	cJSON_AddStringToObject(p, "education", "master");
	cJSON_AddStringToObject(p, "employer", "示例研究院");
	return p;
}

cJSON *af_unit_profile(const char *unit_name)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddStringToObject(p, "unit_name", unit_name);
	cJSON_AddStringToObject(p, "uscc", "91350100M000100Y43");
	cJSON_AddStringToObject(p, "unit_type", "enterprise");
	cJSON_AddStringToObject(p, "industry", "it");
	cJSON_AddStringToObject(p, "size", "50_299");
	cJSON_AddStringToObject(p, "address", "上海市徐汇区示例路8号");
	cJSON_AddStringToObject(p, "legal_rep", "王五");
	cJSON_AddStringToObject(p, "contact_name", "赵六");
	cJSON_AddStringToObject(p, "contact_mobile", "13700001111");
	cJSON_AddStringToObject(p, "contact_email", "contact@unit.example.test");
	return p;
}

char *af_member(const struct test_server *ts, const char *username)
{
	char *tok = ts_register_member(ts, username, AF_PASSWORD);

	if (!tok)
		fail_msg("cannot register %s", username);
	return tok;
}

char *af_unit_member(const struct test_server *ts, const char *username)
{
	cJSON *o = cJSON_CreateObject();
	struct http_reply r;
	char email[200], mobile[12], *body, *tok;

	snprintf(email, sizeof email, "%s@example.test", username);
	ts_member_mobile(username, mobile);
	cJSON_AddStringToObject(o, "username", username);
	cJSON_AddStringToObject(o, "email", email);
	cJSON_AddStringToObject(o, "mobile", mobile);
	cJSON_AddStringToObject(o, "password", AF_PASSWORD);
	cJSON_AddStringToObject(o, "member_type", "unit");
	cJSON_AddBoolToObject(o, "agree_terms", 1);
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	assert_int_equal(http_req(ts, "POST", "/api/v1/auth/register", NULL, body, &r), 0);
	if (r.status != 201)
		fail_msg("register %s: %ld %s", username, r.status, r.body);
	http_reply_free(&r);
	free(body);
	tok = ts_login(ts, username, AF_PASSWORD);
	assert_non_null(tok);
	return tok;
}

void af_draft(const struct test_server *ts, const char *token, const char *org,
              const char *level, cJSON *profile)
{
	cJSON *o = cJSON_CreateObject();
	struct http_reply r;
	char *body;

	if (org)
		cJSON_AddNumberToObject(o, "org_id", (double)af_org_id(ts, org));
	if (level)
		cJSON_AddNumberToObject(o, "level_id", (double)af_level_id(ts, level));
	if (profile)
		cJSON_AddItemToObject(o, "profile", profile);
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	assert_int_equal(http_req(ts, "PUT", "/api/v1/application", token, body, &r), 0);
	if (r.status != 200)
		fail_msg("PUT /application: %ld %s", r.status, r.body);
	http_reply_free(&r);
	free(body);
}

int64_t af_upload_form(const struct test_server *ts, const char *token)
{
	struct http_reply r;
	int64_t id;

	assert_int_equal(http_upload(ts, "/api/v1/application/attachments", token, "file",
	                             "申请表.pdf", "application/pdf", af_pdf, af_pdf_len,
	                             NULL, &r), 0);
	if (r.status != 201)
		fail_msg("upload: %ld %s", r.status, r.body);
	id = json_int_or(r.json, "id", -1);
	http_reply_free(&r);
	assert_true(id > 0);
	return id;
}

int64_t af_submit(const struct test_server *ts, const char *token)
{
	struct http_reply r;
	int64_t id;

	assert_int_equal(http_req(ts, "POST", "/api/v1/application/submit", token, "{}", &r), 0);
	if (r.status != 200)
		fail_msg("submit: %ld %s", r.status, r.body);
	id = json_int_or(r.json, "id", -1);
	http_reply_free(&r);
	return id;
}

int64_t af_join_id(const struct test_server *ts, const char *token)
{
	struct http_reply r;
	int64_t id;

	assert_int_equal(http_req(ts, "GET", "/api/v1/application", token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	id = json_int_or(r.json, "id", -1);
	http_reply_free(&r);
	return id;
}

long af_decide(const struct test_server *ts, const char *staff_token, int64_t id,
               const char *action, const char *reason)
{
	char path[128], *body;
	cJSON *o = cJSON_CreateObject();
	struct http_reply r;
	long status;

	if (reason)
		cJSON_AddStringToObject(o, "reason", reason);
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld/%s", (long long)id, action);
	assert_int_equal(http_req(ts, "POST", path, staff_token, body, &r), 0);
	status = r.status;
	http_reply_free(&r);
	free(body);
	return status;
}

char *af_pending_payment(const struct test_server *ts, const char *username,
                         const char *org, const char *name)
{
	char *tok = af_member(ts, username), *staff;
	int64_t id;

	af_draft(ts, tok, org, "regular", af_profile(name));
	af_upload_form(ts, tok);
	id = af_submit(ts, tok);
	if (strcmp(org, "HQ") != 0) {
		staff = ts_login(ts, strcmp(org, "BJ") == 0 ? "bj_staff" : "sh_staff",
		                 "Branch-Demo-2026");
		assert_non_null(staff);
		assert_int_equal(af_decide(ts, staff, id, "approve", NULL), 200);
		free(staff);
	}
	staff = ts_login(ts, "hq", "Hq-Demo-2026");
	assert_non_null(staff);
	assert_int_equal(af_decide(ts, staff, id, "approve", NULL), 200);
	free(staff);
	return tok;
}

void af_pay_dues(const struct test_server *ts, const char *token)
{
	const char *hdr[] = { NULL, NULL };
	char body[64], key[64], path[256];
	struct http_reply r;
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;
	int64_t order;
	const char *url;

	gmtime_r(&now, &tm);
	snprintf(body, sizeof body, "{\"kind\":\"dues\",\"years\":[%d]}", tm.tm_year + 1900);
	snprintf(key, sizeof key, "Idempotency-Key: apps-%ld-%d", (long)getpid(), rand());
	hdr[0] = key;
	assert_int_equal(http_req_ex(ts, "POST", "/api/v1/orders", token, hdr, body,
	                             strlen(body), 0, &r), 0);
	if (r.status != 201 && r.status != 200)
		fail_msg("POST /orders: %ld %s", r.status, r.body);
	order = json_int_or(r.json, "id", -1);
	http_reply_free(&r);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/pay", (long long)order);
	snprintf(key, sizeof key, "Idempotency-Key: apps-pay-%ld-%d", (long)getpid(), rand());
	assert_int_equal(http_req_ex(ts, "POST", path, token, hdr,
	                             "{\"method\":\"qr\",\"provider\":\"sandbox\"}",
	                             strlen("{\"method\":\"qr\",\"provider\":\"sandbox\"}"), 0, &r), 0);
	if (r.status != 200 && r.status != 201)
		fail_msg("pay: %ld %s", r.status, r.body);
	url = json_str_or(r.json, "code_url", "");
	if (strncmp(url, ts->base, strlen(ts->base)) != 0)
		fail_msg("code_url %s is not on %s", url, ts->base);
	snprintf(path, sizeof path, "%s", url + strlen(ts->base));
	http_reply_free(&r);
	/* the phone confirms: an empty form post to the sandbox page */
	assert_int_equal(http_req_ex(ts, "POST", path, NULL, NULL, "", 0, HTTP_NO_JSON_CT, &r), 0);
	if (r.status != 200)
		fail_msg("sandbox confirm: %ld %s", r.status, r.body);
	http_reply_free(&r);
}

cJSON *af_me_member(const struct test_server *ts, const char *token)
{
	struct http_reply r;
	cJSON *m;

	assert_int_equal(http_req(ts, "GET", "/api/v1/me", token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	m = cJSON_DetachItemFromObjectCaseSensitive(r.json, "member");
	http_reply_free(&r);
	assert_non_null(m);
	return m;
}

cJSON *af_call(const struct test_server *ts, const char *method, const char *path,
               const char *token, const char *body, long want)
{
	struct http_reply r;
	cJSON *j;

	assert_int_equal(http_req(ts, method, path, token, body, &r), 0);
	if (r.status != want)
		fail_msg("%s %s: %ld, want %ld: %s", method, path, r.status, want, r.body);
	j = r.json ? r.json : cJSON_CreateObject();
	r.json = NULL;
	http_reply_free(&r);
	return j;
}

const cJSON *af_fields(const cJSON *reply)
{
	return cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(reply, "error"), "fields");
}

void af_sql(const struct test_server *ts, const char *sql)
{
	pid_t pid = fork();
	int st;

	assert_true(pid >= 0);
	if (pid == 0) {
		execlp("sqlite3", "sqlite3", ts->db, sql, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}
