/* Members in known states for the staff tests (staff_fixture.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "staff_fixture.h"
#include "roster/json.h"

static void show(const char *what, const struct http_reply *r)
{
	fprintf(stderr, "staff_fixture: %s: HTTP %ld %s\n", what, r->status, r->body ? r->body : "");
}

static int64_t id_by_code(const struct test_server *ts, const char *path, const char *code)
{
	struct http_reply r;
	const cJSON *it;
	int64_t id = 0;

	if (http_req(ts, "GET", path, NULL, NULL, &r) != 0)
		return 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r.json, "items"))
		if (!strcmp(json_str_or(it, "code", ""), code))
			id = json_int_or(it, "id", 0);
	http_reply_free(&r);
	return id;
}

int64_t sf_org_id(const struct test_server *ts, const char *code)
{
	return id_by_code(ts, "/api/v1/orgs", code);
}

int64_t sf_level_id(const struct test_server *ts, const char *code)
{
	return id_by_code(ts, "/api/v1/levels", code);
}

/* The smallest file the server takes as a PNG (it judges by the bytes). */
static const unsigned char tiny_png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
};

int sf_member_submit(const struct test_server *ts, const char *username, const char *name,
                     const char *org_code, const char *level_code, struct sf_member *m)
{
	struct http_reply r;
	char mobile[12], *body;
	cJSON *b, *p;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	m->token = ts_register_member(ts, username, "Correct-Horse-77");
	if (!m->token)
		return -1;
	if (http_req(ts, "GET", "/api/v1/me", m->token, NULL, &r) != 0)
		return -1;
	m->account_id = json_int_or(r.json, "id", 0);
	http_reply_free(&r);
	ts_member_mobile(username, mobile);
	b = cJSON_CreateObject();
	json_add_int(b, "org_id", sf_org_id(ts, org_code));
	json_add_int(b, "level_id", sf_level_id(ts, level_code));
	p = cJSON_AddObjectToObject(b, "profile");
	json_add_str(p, "name", name);
	json_add_str(p, "gender", "female");
	json_add_str(p, "birth_date", "1949-12-31");
	json_add_str(p, "id_type", "id_card");
	json_add_str(p, "id_number", "11010519491231002X");
	json_add_str(p, "mobile", mobile);
	{
		char email[128];

		snprintf(email, sizeof(email), "%s@example.test", username);
		json_add_str(p, "email", email);
	}
	json_add_str(p, "address", "北京市东城区示例路1号");
	json_add_str(p, "education", "master");
	json_add_str(p, "employer", "示例研究院");
	body = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	if (http_req(ts, "PUT", "/api/v1/application", m->token, body, &r) != 0 || r.status != 200) {
		show("PUT /application", &r);
		goto out;
	}
	m->app_id = json_int_or(r.json, "id", 0);
	http_reply_free(&r);
	if (http_upload(ts, "/api/v1/application/attachments", m->token, "file", "form.png",
	                "image/png", tiny_png, sizeof(tiny_png), NULL, &r) != 0 ||
	    (r.status != 200 && r.status != 201)) {
		show("POST /application/attachments", &r);
		goto out;
	}
	http_reply_free(&r);
	if (http_req(ts, "POST", "/api/v1/application/submit", m->token, "{}", &r) != 0 ||
	    r.status != 200) {
		show("POST /application/submit", &r);
		goto out;
	}
	rc = 0;
out:
	free(body);
	http_reply_free(&r);
	return rc;
}

long sf_decide(const struct test_server *ts, const char *staff_token, int64_t app_id,
               bool approve, const char *reason)
{
	struct http_reply r;
	char path[96];
	cJSON *b = cJSON_CreateObject();
	char *body;
	long status;

	if (reason)
		json_add_str(b, "reason", reason);
	body = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	snprintf(path, sizeof(path), "/api/v1/review/applications/%lld/%s", (long long)app_id,
	         approve ? "approve" : "reject");
	if (http_req(ts, "POST", path, staff_token, body, &r) != 0) {
		free(body);
		return 0;
	}
	free(body);
	status = r.status;
	if (status != 200)
		show(path, &r);
	http_reply_free(&r);
	return status;
}

int64_t sf_member_transfer(const struct test_server *ts, struct sf_member *m)
{
	struct http_reply r;
	char body[512], path[96], today[16];
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;
	int64_t amount, id = -1;

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	snprintf(body, sizeof(body), "{\"kind\":\"dues\",\"years\":[%d]}", tm.tm_year + 1900);
	if (http_req(ts, "POST", "/api/v1/orders", m->token, body, &r) != 0 ||
	    (r.status != 200 && r.status != 201)) {
		show("POST /orders", &r);
		http_reply_free(&r);
		return -1;
	}
	m->order_id = json_int_or(r.json, "id", 0);
	amount = json_int_or(r.json, "amount", 0);
	http_reply_free(&r);
	snprintf(path, sizeof(path), "/api/v1/orders/%lld/bank-transfer", (long long)m->order_id);
	snprintf(body, sizeof(body),
	         "{\"payer_name\":\"张三\",\"bank\":\"中国工商银行\",\"account_tail\":\"1234\","
	         "\"date\":\"%s\",\"amount\":%lld,\"reference\":\"REF-%lld\"}",
	         today, (long long)amount, (long long)m->order_id);
	if (http_req(ts, "POST", path, m->token, body, &r) != 0 ||
	    (r.status != 200 && r.status != 201)) {
		show(path, &r);
		http_reply_free(&r);
		return -1;
	}
	id = json_int_or(r.json, "id", -1);
	if (id <= 0) {
		const cJSON *bt = cJSON_GetObjectItemCaseSensitive(r.json, "bank_transfer");

		id = json_int_or(bt, "id", -1);
	}
	http_reply_free(&r);
	return id;
}

int sf_member_invoice(const struct test_server *ts, const struct sf_member *m,
                      const char *title)
{
	struct http_reply r;
	char path[96], body[512];
	int rc;

	snprintf(path, sizeof(path), "/api/v1/orders/%lld/invoice", (long long)m->order_id);
	snprintf(body, sizeof(body),
	         "{\"title_type\":\"personal\",\"title\":\"%s\",\"kind\":\"normal\","
	         "\"email\":\"inv@example.test\"}", title);
	if (http_req(ts, "POST", path, m->token, body, &r) != 0)
		return -1;
	rc = r.status == 200 || r.status == 201 ? 0 : -1;
	if (rc)
		show(path, &r);
	http_reply_free(&r);
	return rc;
}

int sf_member_active(const struct test_server *ts, const char *username, const char *name,
                     const char *org_code, const char *level_code, struct sf_member *m)
{
	char *bj = NULL, *hq = NULL, path[96];
	struct http_reply r;
	int64_t transfer;
	int rc = -1;

	if (sf_member_submit(ts, username, name, org_code, level_code, m) != 0)
		return -1;
	hq = ts_login(ts, "hq", "Hq-Demo-2026");
	if (!hq)
		goto out;
	if (strcmp(org_code, "HQ") != 0) {
		char login[32];

		snprintf(login, sizeof(login), "%c%c_staff", org_code[0] | 0x20, org_code[1] | 0x20);
		bj = ts_login(ts, login, "Branch-Demo-2026");
		if (!bj || sf_decide(ts, bj, m->app_id, true, NULL) != 200)
			goto out;
	}
	if (sf_decide(ts, hq, m->app_id, true, NULL) != 200)
		goto out;
	transfer = sf_member_transfer(ts, m);
	if (transfer <= 0)
		goto out;
	snprintf(path, sizeof(path), "/api/v1/review/bank-transfers/%lld/confirm", (long long)transfer);
	if (http_req(ts, "POST", path, hq, "{}", &r) != 0)
		goto out;
	if (r.status == 200)
		rc = 0;
	else
		show(path, &r);
	http_reply_free(&r);
out:
	free(bj);
	free(hq);
	return rc;
}

void sf_member_free(struct sf_member *m)
{
	free(m->token);
	memset(m, 0, sizeof(*m));
}
