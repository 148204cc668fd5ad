/* The test fixtures: calls, members, the join application, review
 * (fixture.h). */
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

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

/* A one-page PDF with no content: enough for any reader. */
const unsigned char fx_pdf[] =
	"%PDF-1.4\n"
	"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
	"trailer<</Root 1 0 R>>\n%%EOF\n";
const size_t fx_pdf_len = sizeof fx_pdf - 1;

/* 1x1 PNG, one green pixel. */
const unsigned char fx_png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
	0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
	0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
	0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92,
	0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};
const size_t fx_png_len = sizeof fx_png;

/* The start of a JFIF file (SOI, APP0) and its end (EOI): what the server
 * looks at. */
const unsigned char fx_jpeg[] = {
	0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00,
	0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
};
const size_t fx_jpeg_len = sizeof fx_jpeg;

/* The id of the item with code in the list at path, or -1. */
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
	return id;
}

int64_t fx_org_id(const struct test_server *ts, const char *code)
{
	int64_t id = id_by_code(ts, "/api/v1/orgs", code);

	if (id <= 0)
		fail_msg("no organisation %s", code);
	return id;
}

int64_t fx_level_id(const struct test_server *ts, const char *code)
{
	int64_t id = id_by_code(ts, "/api/v1/levels", code);

	if (id <= 0)
		id = id_by_code(ts, "/api/v1/levels?member_type=unit", code);
	if (id <= 0)
		fail_msg("no level %s", code);
	return id;
}

cJSON *fx_profile(const char *name)
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

cJSON *fx_unit_profile(const char *unit_name)
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

void fx_mobile(const char *username, char out[12])
{
	uint32_t h = 2166136261u;

	for (const char *p = username; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 16777619u;
	}
	snprintf(out, 12, "139%08u", h % 100000000u);
}

/* POST /auth/register: 0 or -1 (the refusal printed). */
static int register_account(const struct test_server *ts, const char *username,
                            const char *email, const char *mobile, const char *password,
                            const char *type)
{
	cJSON *o = cJSON_CreateObject();
	struct http_reply r;
	char *body;
	int rc;

	cJSON_AddStringToObject(o, "username", username);
	cJSON_AddStringToObject(o, "email", email);
	cJSON_AddStringToObject(o, "mobile", mobile);
	cJSON_AddStringToObject(o, "password", password);
	cJSON_AddStringToObject(o, "member_type", type);
	cJSON_AddBoolToObject(o, "agree_terms", 1);
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	rc = http_req(ts, "POST", "/api/v1/auth/register", NULL, body, &r);
	if (rc == 0 && r.status != 201 && r.status != 200) {
		fprintf(stderr, "# register %s: %ld %s\n", username, r.status, r.body ? r.body : "");
		rc = -1;
	}
	http_reply_free(&r);
	free(body);
	return rc;
}

int fx_register_with(const struct test_server *ts, const char *username, const char *email,
                     const char *mobile, const char *password)
{
	return register_account(ts, username, email, mobile, password, "individual");
}

/* Register with the derived e-mail and mobile, then log in. */
static char *register_login(const struct test_server *ts, const char *username,
                            const char *password, const char *type)
{
	char email[200], mobile[12];

	snprintf(email, sizeof email, "%s@example.test", username);
	fx_mobile(username, mobile);
	if (register_account(ts, username, email, mobile, password, type) != 0)
		return NULL;
	return ts_login(ts, username, password);
}

char *fx_register_as(const struct test_server *ts, const char *username, const char *password)
{
	return register_login(ts, username, password, "individual");
}

char *fx_register(const struct test_server *ts, const char *username)
{
	char *tok = register_login(ts, username, FX_PASSWORD, "individual");

	if (!tok)
		fail_msg("cannot register %s", username);
	return tok;
}

char *fx_register_unit(const struct test_server *ts, const char *username)
{
	char *tok = register_login(ts, username, FX_PASSWORD, "unit");

	if (!tok)
		fail_msg("cannot register %s", username);
	return tok;
}

int64_t fx_draft(const struct test_server *ts, const char *token, const char *org,
                 const char *level, cJSON *profile)
{
	cJSON *o = cJSON_CreateObject();
	struct http_reply r;
	char *body;
	int64_t id;

	if (org)
		cJSON_AddNumberToObject(o, "org_id", (double)fx_org_id(ts, org));
	if (level)
		cJSON_AddNumberToObject(o, "level_id", (double)fx_level_id(ts, level));
	if (profile)
		cJSON_AddItemToObject(o, "profile", profile);
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	assert_int_equal(http_req(ts, "PUT", "/api/v1/application", token, body, &r), 0);
	if (r.status != 200)
		fail_msg("PUT /application: %ld %s", r.status, r.body);
	id = json_int_or(r.json, "id", -1);
	http_reply_free(&r);
	free(body);
	return id;
}

int64_t fx_upload_form(const struct test_server *ts, const char *token)
{
	struct http_reply r;
	int64_t id;

	assert_int_equal(http_upload(ts, "/api/v1/application/attachments", token, "file",
	                             "申请表.pdf", "application/pdf", fx_pdf, fx_pdf_len,
	                             NULL, &r), 0);
	if (r.status != 201)
		fail_msg("upload: %ld %s", r.status, r.body);
	id = json_int_or(r.json, "id", -1);
	http_reply_free(&r);
	assert_true(id > 0);
	return id;
}

int64_t fx_submit(const struct test_server *ts, const char *token)
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

int64_t fx_apply(const struct test_server *ts, const char *token, const char *org,
                 const char *level, cJSON *profile)
{
	fx_draft(ts, token, org, level, profile);
	fx_upload_form(ts, token);
	return fx_submit(ts, token);
}

cJSON *fx_level_change(const struct test_server *ts, const char *token, const char *level_code,
                       const char *reason)
{
	cJSON *body = cJSON_CreateObject(), *a;
	char *text;

	json_add_int(body, "level_id", fx_level_id(ts, level_code));
	json_add_str(body, "reason", reason);
	text = json_print(body);
	a = fx_call(ts, "POST", "/api/v1/level-changes", token, text, 201);
	free(text);
	cJSON_Delete(body);
	return a;
}

int64_t fx_join_id(const struct test_server *ts, const char *token)
{
	struct http_reply r;
	int64_t id;

	assert_int_equal(http_req(ts, "GET", "/api/v1/application", token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	id = json_int_or(r.json, "id", -1);
	http_reply_free(&r);
	return id;
}

long fx_decide(const struct test_server *ts, const char *staff_token, int64_t id,
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

long fx_decide_as(const struct test_server *ts, const char *staff_login, int64_t id,
                  const char *action, const char *reason)
{
	char *staff = ts_login(ts, staff_login, strcmp(staff_login, "hq") && strcmp(staff_login, "admin")
	                                        ? FX_BRANCH_PASSWORD : FX_HQ_PASSWORD);
	long st;

	if (!staff)
		fail_msg("cannot sign in as %s", staff_login);
	st = fx_decide(ts, staff, id, action, reason);
	free(staff);
	return st;
}

void fx_approve(const struct test_server *ts, int64_t id, const char *org)
{
	if (strcmp(org, "HQ") != 0) {
		char login[32];

		snprintf(login, sizeof login, "%c%c_staff", org[0] | 0x20, org[1] | 0x20);
		assert_int_equal(fx_decide_as(ts, login, id, "approve", NULL), 200);
	}
	assert_int_equal(fx_decide_as(ts, "hq", id, "approve", NULL), 200);
}

char *fx_pending_payment(const struct test_server *ts, const char *username,
                         const char *org, const char *name)
{
	char *tok = fx_register(ts, username);

	fx_approve(ts, fx_apply(ts, tok, org, "regular", fx_profile(name)), org);
	return tok;
}

char *fx_active(const struct test_server *ts, const char *username, const char *name)
{
	char *tok = fx_pending_payment(ts, username, "HQ", name);

	fx_pay_dues(ts, tok);
	return tok;
}

char *fx_active_unit(const struct test_server *ts, const char *username)
{
	char *tok = fx_register_unit(ts, username);

	fx_approve(ts, fx_apply(ts, tok, "HQ", "unit_member", fx_unit_profile("示例科技有限公司")), "HQ");
	fx_pay_dues(ts, tok);
	return tok;
}

cJSON *fx_me_member(const struct test_server *ts, const char *token)
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

cJSON *fx_call_hdr(const struct test_server *ts, const char *method, const char *path,
                   const char *token, const char *header, const char *body, long want)
{
	const char *hdr[] = { header, NULL };
	struct http_reply r;
	cJSON *out;

	assert_int_equal(http_req_ex(ts, method, path, token, header ? hdr : NULL, body,
	                             body ? strlen(body) : 0, 0, &r), 0);
	if (r.status != want)
		fail_msg("%s %s: %ld, want %ld: %s", method, path, r.status, want, r.body);
	out = r.json ? r.json : cJSON_CreateObject();
	r.json = NULL;
	http_reply_free(&r);
	return out;
}

cJSON *fx_call(const struct test_server *ts, const char *method, const char *path,
               const char *token, const char *body, long want)
{
	return fx_call_hdr(ts, method, path, token, NULL, body, want);
}

cJSON *fx_try(const struct test_server *ts, const char *method, const char *path,
              const char *token, const char *body, long *status)
{
	struct http_reply r;
	cJSON *out;

	if (status)
		*status = 0;
	if (http_req(ts, method, path, token, body, &r) != 0)
		return NULL;
	if (status)
		*status = r.status;
	if (r.status < 200 || r.status > 299)
		fprintf(stderr, "# %s %s -> %ld %s\n", method, path, r.status, r.body ? r.body : "");
	out = r.json;
	r.json = NULL;
	http_reply_free(&r);
	return out;
}

char *fx_get_raw(const struct test_server *ts, const char *path, const char *token,
                 long want, size_t *len)
{
	struct http_reply r;
	char *body;

	assert_int_equal(http_req(ts, "GET", path, token, NULL, &r), 0);
	if (r.status != want)
		fail_msg("GET %s: expected %ld, got %ld", path, want, r.status);
	body = r.body;
	*len = r.len;
	r.body = NULL;
	http_reply_free(&r);
	return body;
}

const cJSON *fx_fields(const cJSON *reply)
{
	return cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(reply, "error"), "fields");
}

/* ----- members as the staff tests keep them */

int fx_member_submit(const struct test_server *ts, const char *username, const char *name,
                     const char *org_code, const char *level_code, struct fx_member *m)
{
	cJSON *me;

	memset(m, 0, sizeof(*m));
	m->token = fx_register(ts, username);
	me = fx_call(ts, "GET", "/api/v1/me", m->token, NULL, 200);
	m->account_id = json_int_or(me, "id", 0);
	cJSON_Delete(me);
	m->app_id = fx_apply(ts, m->token, org_code, level_code, fx_profile(name));
	return m->app_id > 0 ? 0 : -1;
}

int64_t fx_member_transfer(const struct test_server *ts, struct fx_member *m)
{
	char body[512], path[96], today[16], years[16];
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;
	cJSON *o;
	int64_t id;

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	snprintf(years, sizeof years, "[%d]", fx_year());
	m->order_id = fx_order(ts, m->token, years);
	o = fx_get_order(ts, m->token, m->order_id);
	snprintf(path, sizeof(path), "/api/v1/orders/%lld/bank-transfer", (long long)m->order_id);
	snprintf(body, sizeof(body),
	         "{\"payer_name\":\"张三\",\"bank\":\"中国工商银行\",\"account_tail\":\"1234\","
	         "\"date\":\"%s\",\"amount\":%lld,\"reference\":\"REF-%lld\"}",
	         today, (long long)json_int_or(o, "amount", 0), (long long)m->order_id);
	cJSON_Delete(o);
	o = fx_call(ts, "POST", path, m->token, body, 201);
	id = json_int_or(o, "id", -1);
	if (id <= 0)
		id = json_int_or(cJSON_GetObjectItemCaseSensitive(o, "bank_transfer"), "id", -1);
	cJSON_Delete(o);
	return id;
}

int fx_member_invoice(const struct test_server *ts, const struct fx_member *m,
                      const char *title)
{
	char path[96], body[512];
	long st;

	snprintf(path, sizeof(path), "/api/v1/orders/%lld/invoice", (long long)m->order_id);
	snprintf(body, sizeof(body),
	         "{\"title_type\":\"personal\",\"title\":\"%s\",\"kind\":\"normal\","
	         "\"email\":\"inv@example.test\"}", title);

	cJSON_Delete(fx_try(ts, "POST", path, m->token, body, &st));
	return st == 200 || st == 201 ? 0 : -1;
}

int fx_member_active(const struct test_server *ts, const char *username, const char *name,
                     const char *org_code, const char *level_code, struct fx_member *m)
{
	char *hq, path[96];
	int64_t transfer;

	if (fx_member_submit(ts, username, name, org_code, level_code, m) != 0)
		return -1;
	fx_approve(ts, m->app_id, org_code);
	transfer = fx_member_transfer(ts, m);
	if (transfer <= 0)
		return -1;
	hq = ts_login(ts, "hq", FX_HQ_PASSWORD);
	assert_non_null(hq);
	snprintf(path, sizeof(path), "/api/v1/review/bank-transfers/%lld/confirm", (long long)transfer);
	cJSON_Delete(fx_call(ts, "POST", path, hq, "{}", 200));
	free(hq);
	return 0;
}

void fx_member_free(struct fx_member *m)
{
	free(m->token);
	memset(m, 0, sizeof(*m));
}

/* The sql= of the newest request line "GET path" 200 of account acct in
 * the server log, once there are more than `after` such lines (the log
 * reaches the file within about 100 ms); *count gets their number. */
static long logged_sql(const struct test_server *ts, const char *path, long long acct,
                       int after, int *count)
{
	char file[300], line[1024], tail[48], head[160];
	long sql = -1;

	snprintf(file, sizeof file, "%s/server.log", ts->dir);
	snprintf(tail, sizeof tail, " acct=%lld", acct);
	snprintf(head, sizeof head, " GET \"%s\" 200 ", path);
	for (int tries = 0; tries < 200; tries++) {
		FILE *f = fopen(file, "r");
		int n = 0;

		assert_non_null(f);
		while (fgets(line, sizeof line, f)) {
			const char *s;
			size_t len = strcspn(line, "\n");

			line[len] = '\0';
			if (!strstr(line, head) || len < strlen(tail) ||
			    strcmp(line + len - strlen(tail), tail) != 0)
				continue;
			s = strstr(line, " sql=");
			assert_non_null(s);
			sql = atol(s + 5);
			n++;
		}
		fclose(f);
		if (n > after) {
			*count = n;
			return sql;
		}
		usleep(50000);
	}
	fail_msg("no new request line for GET %s in the log", path);
	return -1;
}

long fx_request_sql(const struct test_server *ts, const char *token, long long acct,
                    const char *path, const char *query)
{
	char url[160];
	int count = 0;

	logged_sql(ts, path, acct, -1, &count);
	snprintf(url, sizeof url, "%s%s", path, query);
	cJSON_Delete(fx_call(ts, "GET", url, token, NULL, 200));
	return logged_sql(ts, path, acct, count, &count);
}
