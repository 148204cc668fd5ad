/* Members brought to a state through the API (member2_fixture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "member2_fixture.h"
#include "tui.h"

cJSON *m2fx_call(const struct test_server *ts, const char *token, const char *method,
                 const char *path, const char *body, long *status)
{
	struct http_reply r;
	char full[512];
	cJSON *out = NULL;

	snprintf(full, sizeof(full), "/api/v1%s", path);
	if (status)
		*status = 0;
	if (http_req(ts, method, full, token, body, &r) != 0)
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

static long long num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? (long long)v->valuedouble : -1;
}

static long long find_by_code(const cJSON *list, const char *code)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(list, "items")) {
		const char *c = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "code"));

		if (c && !strcmp(c, code))
			return num(it, "id");
	}
	return -1;
}

long long m2fx_org_id(const struct test_server *ts, const char *code)
{
	cJSON *j = m2fx_call(ts, NULL, "GET", "/orgs", NULL, NULL);
	long long id = find_by_code(j, code);

	cJSON_Delete(j);
	return id;
}

long long m2fx_level_id(const struct test_server *ts, const char *type, const char *code)
{
	char path[64];
	cJSON *j;
	long long id;

	snprintf(path, sizeof(path), "/levels?member_type=%s", type);
	j = m2fx_call(ts, NULL, "GET", path, NULL, NULL);
	id = find_by_code(j, code);
	cJSON_Delete(j);
	return id;
}

/* The smallest thing the server takes as a PNG: its signature and more. */
static const unsigned char stamped_png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
};

/* ts_register_member, for either member type. */
static char *register_member(const struct test_server *ts, const char *username, const char *type)
{
	char body[512], mobile[12];
	cJSON *j;
	long st;

	if (!strcmp(type, "individual"))
		return ts_register_member(ts, username, M2FX_PASS);
	ts_member_mobile(username, mobile);
	snprintf(body, sizeof(body),
	         "{\"username\":\"%s\",\"email\":\"%s@example.test\",\"mobile\":\"%s\","
	         "\"password\":\"%s\",\"member_type\":\"%s\",\"agree_terms\":true}",
	         username, username, mobile, M2FX_PASS, type);
	j = m2fx_call(ts, NULL, "POST", "/auth/register", body, &st);
	cJSON_Delete(j);
	return st == 201 ? ts_login(ts, username, M2FX_PASS) : NULL;
}

char *m2fx_applicant(const struct test_server *ts, const char *username, const char *type,
                     const char *org_code, const char *level_code, long long *app_id)
{
	char *tok = register_member(ts, username, type), body[1400], mobile[12];
	long long org = m2fx_org_id(ts, org_code), lv = m2fx_level_id(ts, type, level_code);
	struct http_reply r;
	cJSON *j;
	long st;

	*app_id = -1;
	if (!tok || org < 0 || lv < 0)
		goto fail;
	ts_member_mobile(username, mobile);
	if (!strcmp(type, "unit"))
		snprintf(body, sizeof(body),
		         "{\"org_id\":%lld,\"level_id\":%lld,\"profile\":{"
		         "\"unit_name\":\"示例科技有限公司\",\"uscc\":\"91350100M000100Y43\","
		         "\"unit_type\":\"enterprise\",\"industry\":\"it\",\"size\":\"50_299\","
		         "\"address\":\"北京市海淀区中关村大街1号\",\"legal_rep\":\"张伟\","
		         "\"contact_name\":\"刘洋\",\"contact_mobile\":\"%s\","
		         "\"contact_email\":\"%s@example.test\"}}", org, lv, mobile, username);
	else
		snprintf(body, sizeof(body),
		         "{\"org_id\":%lld,\"level_id\":%lld,\"profile\":{"
		         "\"name\":\"李雷\",\"gender\":\"female\",\"birth_date\":\"1949-12-31\","
		         "\"id_type\":\"id_card\",\"id_number\":\"11010519491231002X\","
		         "\"mobile\":\"%s\",\"email\":\"%s@example.test\","
		         "\"address\":\"北京市海淀区中关村大街1号\",\"education\":\"bachelor\","
		         "\"employer\":\"示例科技有限公司\"}}", org, lv, mobile, username);
	j = m2fx_call(ts, tok, "PUT", "/application", body, &st);
	if (st != 200) {
		cJSON_Delete(j);
		goto fail;
	}
	*app_id = num(j, "id");
	cJSON_Delete(j);
	if (http_upload(ts, "/api/v1/application/attachments", tok, "file", "form.png", "image/png",
	                stamped_png, sizeof(stamped_png), NULL, &r) != 0 || r.status != 201) {
		fprintf(stderr, "# upload -> %ld %s\n", r.status, r.body ? r.body : "");
		http_reply_free(&r);
		goto fail;
	}
	http_reply_free(&r);
	j = m2fx_call(ts, tok, "POST", "/application/submit", "{}", &st);
	cJSON_Delete(j);
	if (st != 200)
		goto fail;
	return tok;
fail:
	free(tok);
	return NULL;
}

bool m2fx_decide(const struct test_server *ts, const char *staff, const char *password,
                 long long app_id, bool approve, const char *reason)
{
	char *tok = ts_login(ts, staff, password), path[96], body[512];
	cJSON *j, *b;
	long st = 0;

	if (!tok)
		return false;
	b = cJSON_CreateObject();
	if (reason)
		cJSON_AddStringToObject(b, "reason", reason);
	if (!cJSON_PrintPreallocated(b, body, sizeof(body), 0))
		body[0] = '\0';
	cJSON_Delete(b);
	snprintf(path, sizeof(path), "/review/applications/%lld/%s", app_id,
	         approve ? "approve" : "reject");
	j = m2fx_call(ts, tok, "POST", path, body, &st);
	cJSON_Delete(j);
	free(tok);
	return st == 200;
}

long long m2fx_dues_order(const struct test_server *ts, const char *token)
{
	cJSON *q = m2fx_call(ts, token, "GET", "/dues/quote", NULL, NULL), *o;
	long long year = num(q, "first_year"), id;
	char body[96];
	long st;

	cJSON_Delete(q);
	if (year < 0)
		return -1;
	snprintf(body, sizeof(body), "{\"kind\":\"dues\",\"years\":[%lld]}", year);
	o = m2fx_call(ts, token, "POST", "/orders", body, &st);
	id = st == 201 || st == 200 ? num(o, "id") : -1;
	cJSON_Delete(o);
	return id;
}

bool m2fx_pay(const struct test_server *ts, const char *token, long long order_id)
{
	char path[96];
	const char *url, *p;
	struct http_reply r;
	cJSON *j;
	bool ok;

	snprintf(path, sizeof(path), "/orders/%lld/pay", order_id);
	j = m2fx_call(ts, token, "POST", path, "{\"method\":\"qr\",\"provider\":\"sandbox\"}", NULL);
	url = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "code_url"));
	/* the phone posts the sandbox page's form back to where it came from */
	p = url ? strstr(url, "/pay/") : NULL;
	ok = p && http_req_ex(ts, "POST", p, NULL, NULL, "", 0, HTTP_NO_JSON_CT, &r) == 0 &&
	     r.status >= 200 && r.status < 400;
	if (p)
		http_reply_free(&r);
	cJSON_Delete(j);
	if (!ok)
		return false;
	snprintf(path, sizeof(path), "/orders/%lld", order_id);
	j = m2fx_call(ts, token, "GET", path, NULL, NULL);
	ok = j && !strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "status"))
	                  ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "status")) : "",
	                  "paid");
	cJSON_Delete(j);
	return ok;
}

static char *active(const struct test_server *ts, const char *username, const char *type,
                    const char *level_code)
{
	long long app, order;
	char *tok = m2fx_applicant(ts, username, type, "HQ", level_code, &app);

	if (!tok)
		return NULL;
	if (!m2fx_decide(ts, "hq", "Hq-Demo-2026", app, true, NULL) ||
	    (order = m2fx_dues_order(ts, tok)) < 0 || !m2fx_pay(ts, tok, order)) {
		free(tok);
		return NULL;
	}
	return tok;
}

char *m2fx_active_member(const struct test_server *ts, const char *username)
{
	return active(ts, username, "individual", "regular");
}

char *m2fx_active_unit(const struct test_server *ts, const char *username)
{
	return active(ts, username, "unit", "unit_member");
}

static struct tui current;

struct tui *m2fx_tui(void)
{
	return &current;
}

int m2fx_tui_teardown(void **state)
{
	(void)state;
	if (current.running)
		tui_stop(&current);
	return 0;
}

bool m2fx_sign_in(struct tui *t, const char *username)
{
	if (!tui_wait_for(t, "Register as a new member", TUI_TIMEOUT_MS))
		return false;
	tui_keys(t, "l", NULL);
	if (!tui_wait_for(t, "Username, e-mail or mobile", TUI_TIMEOUT_MS))
		return false;
	tui_type(t, username);
	tui_keys(t, "Tab", NULL);
	tui_type(t, M2FX_PASS);
	tui_keys(t, "Enter", NULL);
	return tui_wait_for(t, "Member centre", TUI_TIMEOUT_MS);
}

/* "#{pane_dead} #{pane_dead_status}" of roster's pane: *dead, and *status
 * (-1 while tmux has not collected it: it marks the pane dead when the
 * terminal closes and may reap the process later). */
static bool pane_state(const struct tui *t, int *dead, int *status)
{
	char cmd[200], line[64] = "";
	FILE *p;

	*dead = 0;
	*status = -1;
	snprintf(cmd, sizeof(cmd), "tmux -L %s display-message -p -t roster "
	         "'#{pane_dead} #{pane_dead_status}' 2>/dev/null", t->sock);
	p = popen(cmd, "r");
	if (!p)
		return false;
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	pclose(p);
	return sscanf(line, "%d %d", dead, status) >= 1;
}

bool m2fx_quit(struct tui *t)
{
	long long until = tui_now_ms() + TUI_TIMEOUT_MS;
	int dead = 0, status = -1;
	char *screen;
	bool ok;

	tui_keys(t, "C-c", NULL);
	while (pane_state(t, &dead, &status) && !dead && tui_now_ms() < until)
		tui_settle_ms(50);
	/* a moment more for the exit status, which tmux may collect late */
	if (until > tui_now_ms() + 2000)
		until = tui_now_ms() + 2000;
	while (dead && status < 0 && tui_now_ms() < until) {
		tui_settle_ms(50);
		pane_state(t, &dead, &status);
	}
	/* what a sanitizer says at exit lands on the terminal */
	screen = tui_screen(t);
	ok = dead && status <= 0 && screen && !strstr(screen, "Sanitizer") &&
	     !strstr(screen, "runtime error");
	if (!ok)
		fprintf(stderr, "# roster: dead %d, exit status %d; the screen:\n%s\n", dead, status,
		        screen ? screen : "");
	free(screen);
	return ok;
}
