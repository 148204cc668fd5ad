/* Shared steps of the member-screen TUI tests (member_steps.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "member_steps.h"

/* The smallest PDF the server's content check accepts: it looks at the
 * magic bytes only. */
const char ms_pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                      "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                      "trailer<</Root 1 0 R>>\n%%EOF\n";
const size_t ms_pdf_len = sizeof(ms_pdf) - 1;

char *ms_member(const struct test_server *ts, const char *username)
{
	return ts_register_member(ts, username, MS_PASS);
}

cJSON *ms_get(const struct test_server *ts, const char *token, const char *path)
{
	struct http_reply r;
	char full[512];
	cJSON *j = NULL;

	snprintf(full, sizeof(full), "/api/v1%s", path);
	if (http_req(ts, "GET", full, token, NULL, &r) == 0 && r.status == 200 && r.json) {
		j = r.json;
		r.json = NULL;
	}
	http_reply_free(&r);
	return j;
}

static int ms_send(const struct test_server *ts, const char *method, const char *path,
                   const char *token, cJSON *body, cJSON **out)
{
	struct http_reply r;
	char full[512], *text = body ? cJSON_PrintUnformatted(body) : NULL;
	int rc;

	snprintf(full, sizeof(full), "/api/v1%s", path);
	rc = http_req(ts, method, full, token, text, &r);
	free(text);
	cJSON_Delete(body);
	if (rc == 0 && (r.status < 200 || r.status >= 300)) {
		fprintf(stderr, "# %s %s: %ld %s\n", method, path, r.status, r.body ? r.body : "");
		rc = -1;
	}
	if (out) {
		*out = r.json;
		r.json = NULL;
	}
	http_reply_free(&r);
	return rc;
}

static long long id_by_code(const struct test_server *ts, const char *path, const char *code)
{
	cJSON *j = ms_get(ts, NULL, path);
	const cJSON *it;
	long long id = -1;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(it, "code");

		if (cJSON_IsString(c) && !strcmp(c->valuestring, code))
			id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "id"));
	}
	cJSON_Delete(j);
	return id;
}

long long ms_org_id(const struct test_server *ts, const char *code)
{
	return id_by_code(ts, "/orgs", code);
}

long long ms_level_id(const struct test_server *ts, const char *code)
{
	return id_by_code(ts, "/levels?member_type=individual", code);
}

int ms_fill_application(const struct test_server *ts, const char *token,
                        const char *org_code, const char *name)
{
	cJSON *b = cJSON_CreateObject(), *p = cJSON_AddObjectToObject(b, "profile");

	cJSON_AddNumberToObject(b, "org_id", (double)ms_org_id(ts, org_code));
	cJSON_AddNumberToObject(b, "level_id", (double)ms_level_id(ts, "regular"));
	cJSON_AddStringToObject(p, "name", name);
	cJSON_AddStringToObject(p, "gender", "female");
	cJSON_AddStringToObject(p, "birth_date", "1949-12-31");
	cJSON_AddStringToObject(p, "id_type", "id_card");
	cJSON_AddStringToObject(p, "id_number", "11010519491231002X");
	cJSON_AddStringToObject(p, "mobile", "13900001111");
	cJSON_AddStringToObject(p, "email", "applicant@example.test");
	cJSON_AddStringToObject(p, "address", "北京市西城区示例大街2号");
	cJSON_AddStringToObject(p, "education", "bachelor");
	cJSON_AddStringToObject(p, "employer", "示例大学");
	return ms_send(ts, "PUT", "/application", token, b, NULL);
}

int ms_upload_form(const struct test_server *ts, const char *token)
{
	struct http_reply r;
	int rc = http_upload(ts, "/api/v1/application/attachments", token, "file", "signed.pdf",
	                     "application/pdf", ms_pdf, ms_pdf_len, NULL, &r);

	if (rc == 0 && (r.status < 200 || r.status >= 300))
		rc = -1;
	http_reply_free(&r);
	return rc;
}

int ms_submit(const struct test_server *ts, const char *token)
{
	return ms_send(ts, "POST", "/application/submit", token, NULL, NULL);
}

int ms_review(const struct test_server *ts, const char *member_token,
              const char *staff_login, const char *staff_password,
              bool approve, const char *reason)
{
	cJSON *app = ms_get(ts, member_token, "/application"), *body = cJSON_CreateObject();
	char *staff = ts_login(ts, staff_login, staff_password), path[96];
	long long id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(app, "id"));
	int rc;

	cJSON_Delete(app);
	if (!staff || id <= 0) {
		free(staff);
		cJSON_Delete(body);
		return -1;
	}
	if (reason)
		cJSON_AddStringToObject(body, "reason", reason);
	snprintf(path, sizeof(path), "/review/applications/%lld/%s", id, approve ? "approve" : "reject");
	rc = ms_send(ts, "POST", path, staff, body, NULL);
	free(staff);
	return rc;
}

int ms_pending_payment(const struct test_server *ts, const char *token, const char *name)
{
	if (ms_fill_application(ts, token, "HQ", name) || ms_upload_form(ts, token) ||
	    ms_submit(ts, token))
		return -1;
	return ms_review(ts, token, "hq", "Hq-Demo-2026", true, NULL);
}

int ms_sandbox_confirm(const struct test_server *ts, const char *code_url)
{
	const char *path = strstr(code_url, "/pay/sb/");
	struct http_reply r;
	int rc;

	if (!path)
		return -1;
	/* the page first, as the phone's browser opens it */
	rc = http_req(ts, "GET", path, NULL, NULL, &r);
	if (rc == 0 && (r.status != 200 || !r.body || !strstr(r.body, "<form"))) {
		fprintf(stderr, "# sandbox page %s: %ld\n", path, r.status);
		rc = -1;
	}
	http_reply_free(&r);
	if (rc)
		return rc;
	rc = http_req_ex(ts, "POST", path, NULL, (const char *const[]){
	                 "Content-Type: application/x-www-form-urlencoded", NULL },
	                 "", 0, HTTP_NO_JSON_CT, &r);
	if (rc == 0 && r.status != 200) {
		fprintf(stderr, "# sandbox confirm %s: %ld %s\n", path, r.status, r.body ? r.body : "");
		rc = -1;
	}
	http_reply_free(&r);
	return rc;
}

int ms_pay_year(const struct test_server *ts, const char *token)
{
	cJSON *q = ms_get(ts, token, "/dues/quote"), *body, *order = NULL, *pay = NULL;
	const cJSON *years = cJSON_GetObjectItemCaseSensitive(q, "years");
	char path[96];
	int rc = -1;

	if (!cJSON_IsArray(years))
		goto done;
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "kind", "dues");
	cJSON_AddItemToObject(body, "years", cJSON_Duplicate(years, 1));
	if (ms_send(ts, "POST", "/orders", token, body, &order))
		goto done;
	snprintf(path, sizeof(path), "/orders/%lld/pay",
	         (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(order, "id")));
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "method", "qr");
	if (ms_send(ts, "POST", path, token, body, &pay))
		goto done;
	rc = ms_sandbox_confirm(ts, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pay, "code_url")));
done:
	cJSON_Delete(q);
	cJSON_Delete(order);
	cJSON_Delete(pay);
	return rc;
}

char *ms_status(const struct test_server *ts, const char *token)
{
	cJSON *me = ms_get(ts, token, "/me");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(me, "member");
	const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "effective_status"));
	char *out = strdup(st ? st : "");

	cJSON_Delete(me);
	return out;
}

static bool url_char(char c)
{
	return isalnum((unsigned char)c) || strchr(":/._?=&%-~", c);
}

/* Tokens of hand-off and sandbox links are 16 characters: a shorter run
 * was wrapped onto the next line. */
#define MS_TOKEN_LEN 16

char *ms_screen_link(struct tui *t, const char *prefix)
{
	char *screen = tui_screen(t), *at = strstr(screen, prefix), *out = NULL;
	const char *line_start, *next;
	size_t col, n = 0, tok;

	if (!at)
		goto done;
	for (line_start = at; line_start > screen && line_start[-1] != '\n'; line_start--)
		;
	/* the column in characters: the QR code beside the link is drawn
	 * with three-byte block characters, one column each */
	col = 0;
	for (const char *q = line_start; q < at; q++)
		if (((unsigned char)*q & 0xc0) != 0x80)
			col++;
	while (url_char(at[n]))
		n++;
	out = strndup(at, n);
	tok = n - strlen(prefix);
	next = strchr(at, '\n');
	if (tok < MS_TOKEN_LEN && next) {
		const char *p = next + 1, *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p), m = 0;
		char *joined;

		size_t c = 0;

		while (len && c < col) {
			/* step one character */
			do {
				p++;
				len--;
			} while (len && ((unsigned char)*p & 0xc0) == 0x80);
			c++;
		}
		if (len) {
			while (m < MS_TOKEN_LEN - tok && url_char(p[m]))
				m++;
			joined = malloc(n + m + 1);
			memcpy(joined, out, n);
			memcpy(joined + n, p, m);
			joined[n + m] = '\0';
			free(out);
			out = joined;
		}
	}
done:
	free(screen);
	return out;
}

bool ms_wait_any(struct tui *t, const char *a, const char *b, int timeout_ms)
{
	long long end = tui_now_ms() + timeout_ms;

	for (;;) {
		char *screen = tui_screen(t);
		bool found = strstr(screen, a) || (b && strstr(screen, b));

		if (found || tui_now_ms() > end) {
			if (!found)
				fprintf(stderr, "# waited for \"%s\" or \"%s\":\n%s\n", a, b ? b : "", screen);
			free(screen);
			return found;
		}
		free(screen);
		tui_settle_ms(50);
	}
}

bool ms_sign_in(struct tui *t, const char *login, const char *password)
{
	if (!ms_wait_any(t, "Register as a new member", "注册新会员", TUI_TIMEOUT_MS))
		return false;
	tui_keys(t, "l", NULL);
	if (!ms_wait_any(t, "Username, e-mail or mobile", "用户名/邮箱/手机号", TUI_TIMEOUT_MS))
		return false;
	tui_type(t, login);
	tui_keys(t, "Tab", NULL);
	tui_type(t, password);
	tui_keys(t, "Enter", NULL);
	/* the member centre has loaded GET /me when the status shows */
	return ms_wait_any(t, "Status  ", "状态  ", TUI_TIMEOUT_MS);
}

char *ms_download_file(struct tui *t, const char *name, const void *data, size_t len)
{
	char dir[400], *path;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/Downloads", t->dir);
	mkdir(dir, 0755);
	path = malloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
	return path;
}
