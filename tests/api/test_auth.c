/* The account flow against a real rosterd: register, login three ways,
 * /me, logout, change password, reset by e-mail code (outbox), throttling,
 * not revealing who has an account, `rosterd user add`, audit rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "harness.h"
#include "fixture.h"

static const char *str_at(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *fields_of(const struct http_reply *r)
{
	return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r->json, "error"), "fields");
}

static char *register_body(const char *username, const char *email, const char *mobile,
                           const char *password, const char *type, int agree)
{
	cJSON *o = cJSON_CreateObject();
	char *s;

	if (username) cJSON_AddStringToObject(o, "username", username);
	if (email) cJSON_AddStringToObject(o, "email", email);
	if (mobile) cJSON_AddStringToObject(o, "mobile", mobile);
	if (password) cJSON_AddStringToObject(o, "password", password);
	if (type) cJSON_AddStringToObject(o, "member_type", type);
	if (agree >= 0) cJSON_AddBoolToObject(o, "agree_terms", agree);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

static long post(const char *path, const char *token, const char *body, struct http_reply *r)
{
	assert_int_equal(http_req(&ts_group, "POST", path, token, body, r), 0);
	return r->status;
}

static long get_me(const char *token)
{
	struct http_reply r;
	long st;

	assert_int_equal(http_req(&ts_group, "GET", "/api/v1/me", token, NULL, &r), 0);
	st = r.status;
	http_reply_free(&r);
	return st;
}

/* Count rows of the audit log with this action. */
static int audit_count(const char *action)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit_log WHERE action = '%s'", action);
	return (int)fx_sql_int(&ts_group, sql);
}

static void test_register_and_login_three_ways(void **state)
{
	struct http_reply r;
	char *body;
	(void)state;

	body = register_body("alice01", "Alice01@Example.test", "+86 139 1234 5678",
	                     "correct horse battery", "individual", 1);
	assert_int_equal(post("/api/v1/auth/register", NULL, body, &r), 201);
	const cJSON *acct = cJSON_GetObjectItemCaseSensitive(r.json, "account");
	assert_non_null(acct);
	assert_string_equal(str_at(acct, "username"), "alice01");
	assert_string_equal(str_at(acct, "email"), "alice01@example.test");
	assert_string_equal(str_at(acct, "mobile"), "13912345678");
	assert_string_equal(str_at(acct, "member_type"), "individual");
	/* the same shape for taken addresses: no id here */
	assert_null(cJSON_GetObjectItemCaseSensitive(acct, "id"));
	http_reply_free(&r);
	free(body);

	const char *logins[] = { "alice01", "ALICE01", "alice01@example.test", "13912345678", "+8613912345678" };
	for (size_t i = 0; i < sizeof logins / sizeof logins[0]; i++) {
		char *tok = ts_login(&ts_group, logins[i], "correct horse battery");
		assert_non_null(tok);
		assert_int_equal(strlen(tok), 43);
		assert_int_equal(http_req(&ts_group, "GET", "/api/v1/me", tok, NULL, &r), 0);
		assert_int_equal(r.status, 200);
		assert_string_equal(str_at(r.json, "username"), "alice01");
		assert_string_equal(str_at(r.json, "role"), "member");
		assert_string_equal(str_at(r.json, "member_type"), "individual");
		assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(r.json, "id")));
		http_reply_free(&r);
		free(tok);
	}
	/* the welcome mail went to the account's address */
	char *mail = ts_outbox_latest(&ts_group, "alice01@example.test");
	assert_non_null(mail);
	assert_non_null(strstr(mail, "alice01"));
	free(mail);
	assert_true(audit_count("account.register") >= 1);
	assert_true(audit_count("login") >= 5);
}

static void test_login_reply_shape(void **state)
{
	struct http_reply r;
	(void)state;

	assert_int_equal(post("/api/v1/auth/login", NULL,
	                      "{\"login\":\"demo\",\"password\":\"Member-Demo-2026\"}", &r), 200);
	assert_non_null(str_at(r.json, "token"));
	assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(r.json, "expires_at")));
	const cJSON *acct = cJSON_GetObjectItemCaseSensitive(r.json, "account");
	assert_string_equal(str_at(acct, "username"), "demo");
	assert_string_equal(str_at(acct, "email"), "demo@example.org");
	assert_null(cJSON_GetObjectItemCaseSensitive(acct, "password_hash"));
	assert_null(strstr(r.body, "argon2"));
	char *cc = http_reply_header(&r, "Cache-Control");
	assert_non_null(cc);
	assert_string_equal(cc, "no-store");
	free(cc);
	http_reply_free(&r);
}

static void test_register_validation(void **state)
{
	struct http_reply r;
	char *body;
	(void)state;

	body = register_body("9bad", "not-an-email", "12345", "password", "company", 0);
	assert_int_equal(post("/api/v1/auth/register", NULL, body, &r), 422);
	assert_string_equal(http_error_code(&r), "validation");
	const cJSON *f = fields_of(&r);
	const char *names[] = { "username", "email", "mobile", "password", "member_type", "agree_terms" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_non_null(str_at(f, names[i]));
	http_reply_free(&r);
	free(body);

	/* missing everything */
	assert_int_equal(post("/api/v1/auth/register", NULL, "{}", &r), 422);
	assert_non_null(str_at(fields_of(&r), "username"));
	assert_non_null(str_at(fields_of(&r), "agree_terms"));
	http_reply_free(&r);

	/* a common password is refused even when long enough */
	body = register_body("bob0001", "bob0001@example.test", "13700000001", "12345678", "unit", 1);
	assert_int_equal(post("/api/v1/auth/register", NULL, body, &r), 422);
	assert_non_null(str_at(fields_of(&r), "password"));
	assert_null(str_at(fields_of(&r), "username"));
	http_reply_free(&r);
	free(body);
	/* nothing was created */
	assert_null(ts_login(&ts_group, "bob0001", "12345678"));
}

static void test_register_duplicates(void **state)
{
	struct http_reply r, r2;
	char *body;
	(void)state;

	char *tok = fx_register_as(&ts_group, "carol01", "carol's password 1");
	assert_non_null(tok);
	free(tok);
	int mails_before = ts_outbox_count(&ts_group, "carol01@example.test");

	/* the same username: 409 exists on the username field */
	body = register_body("CAROL01", "other01@example.test", "13600000001", "another password 2", "individual", 1);
	assert_int_equal(post("/api/v1/auth/register", NULL, body, &r), 409);
	assert_string_equal(http_error_code(&r), "exists");
	assert_non_null(str_at(fields_of(&r), "username"));
	http_reply_free(&r);
	free(body);

	/* a taken e-mail address: the same 201 as a fresh one … */
	body = register_body("carol02", "CAROL01@example.test", "13600000002", "another password 2", "individual", 1);
	assert_int_equal(post("/api/v1/auth/register", NULL, body, &r), 201);
	free(body);
	body = register_body("dave01", "dave01@example.test", "13600000003", "another password 2", "individual", 1);
	assert_int_equal(post("/api/v1/auth/register", NULL, body, &r2), 201);
	free(body);
	/* … with the same fields */
	const cJSON *a1 = cJSON_GetObjectItemCaseSensitive(r.json, "account");
	const cJSON *a2 = cJSON_GetObjectItemCaseSensitive(r2.json, "account");
	assert_int_equal(cJSON_GetArraySize(a1), cJSON_GetArraySize(a2));
	for (const cJSON *it = a1->child; it; it = it->next)
		assert_non_null(cJSON_GetObjectItemCaseSensitive(a2, it->string));
	http_reply_free(&r);
	http_reply_free(&r2);
	/* but no account was made, and the owner was told */
	assert_null(ts_login(&ts_group, "carol02", "another password 2"));
	assert_int_equal(ts_outbox_count(&ts_group, "carol01@example.test"), mails_before + 1);
	char *mail = ts_outbox_latest(&ts_group, "carol01@example.test");
	assert_non_null(mail);
	assert_non_null(strstr(mail, "carol01"));
	free(mail);
	tok = ts_login(&ts_group, "dave01", "another password 2");
	assert_non_null(tok);
	free(tok);

	/* a taken mobile number behaves the same */
	char mobile[12];
	fx_mobile("carol01", mobile);
	body = register_body("carol03", "carol03@example.test", mobile, "another password 2", "individual", 1);
	assert_int_equal(post("/api/v1/auth/register", NULL, body, &r), 201);
	http_reply_free(&r);
	free(body);
	assert_null(ts_login(&ts_group, "carol03", "another password 2"));
	assert_int_equal(ts_outbox_count(&ts_group, "carol01@example.test"), mails_before + 2);
}

static void test_bad_credentials_look_alike(void **state)
{
	struct http_reply r1, r2;
	(void)state;

	assert_int_equal(post("/api/v1/auth/login", NULL, "{\"login\":\"demo\",\"password\":\"wrong one\"}", &r1), 401);
	assert_int_equal(post("/api/v1/auth/login", NULL, "{\"login\":\"nobody99\",\"password\":\"wrong one\"}", &r2), 401);
	assert_string_equal(http_error_code(&r1), "bad_credentials");
	assert_string_equal(r1.body, r2.body);
	http_reply_free(&r1);
	http_reply_free(&r2);
	assert_true(audit_count("login.failed") >= 2);
}

static void test_login_throttled(void **state)
{
	struct http_reply r;
	(void)state;

	char *tok = fx_register_as(&ts_group, "erin01", "erin's password 1");
	assert_non_null(tok);
	free(tok);
	/* five failures (the default limit) … */
	for (int i = 0; i < 5; i++) {
		assert_int_equal(post("/api/v1/auth/login", NULL, "{\"login\":\"erin01\",\"password\":\"guess\"}", &r), 401);
		http_reply_free(&r);
	}
	/* … then even the right password waits */
	assert_int_equal(post("/api/v1/auth/login", NULL, "{\"login\":\"erin01\",\"password\":\"erin's password 1\"}", &r), 429);
	assert_string_equal(http_error_code(&r), "rate_limited");
	char *ra = http_reply_header(&r, "Retry-After");
	assert_non_null(ra);
	assert_true(atoi(ra) > 0 && atoi(ra) <= 15 * 60);
	free(ra);
	http_reply_free(&r);
	/* an unknown name is locked out the same way */
	for (int i = 0; i < 5; i++) {
		assert_int_equal(post("/api/v1/auth/login", NULL, "{\"login\":\"ghost01\",\"password\":\"guess\"}", &r), 401);
		http_reply_free(&r);
	}
	assert_int_equal(post("/api/v1/auth/login", NULL, "{\"login\":\"ghost01\",\"password\":\"guess\"}", &r), 429);
	http_reply_free(&r);
	/* other accounts are not affected */
	tok = ts_login(&ts_group, "demo", "Member-Demo-2026");
	assert_non_null(tok);
	free(tok);
}

static void test_logout(void **state)
{
	struct http_reply r;
	(void)state;

	char *tok = ts_login(&ts_group, "demo", "Member-Demo-2026");
	char *other = ts_login(&ts_group, "demo", "Member-Demo-2026");
	assert_non_null(tok);
	assert_non_null(other);
	assert_int_equal(get_me(tok), 200);
	assert_int_equal(post("/api/v1/auth/logout", tok, NULL, &r), 200);
	http_reply_free(&r);
	assert_int_equal(get_me(tok), 401);
	/* logout ends that session only */
	assert_int_equal(get_me(other), 200);
	/* logging out twice or without a token is refused */
	assert_int_equal(post("/api/v1/auth/logout", tok, NULL, &r), 401);
	http_reply_free(&r);
	assert_int_equal(post("/api/v1/auth/logout", NULL, NULL, &r), 401);
	assert_string_equal(http_error_code(&r), "unauthorized");
	http_reply_free(&r);
	free(tok);
	free(other);
	assert_true(audit_count("logout") >= 1);
}

static void test_change_password(void **state)
{
	struct http_reply r;
	(void)state;

	char *tok = fx_register_as(&ts_group, "frank01", "frank's password 1");
	char *other = ts_login(&ts_group, "frank01", "frank's password 1");
	assert_non_null(tok);
	assert_non_null(other);
	int mails = ts_outbox_count(&ts_group, "frank01@example.test");

	assert_int_equal(post("/api/v1/auth/password", tok,
	                      "{\"old_password\":\"not it\",\"new_password\":\"frank's password 2\"}", &r), 422);
	assert_non_null(str_at(fields_of(&r), "old_password"));
	http_reply_free(&r);
	assert_int_equal(post("/api/v1/auth/password", tok,
	                      "{\"old_password\":\"frank's password 1\",\"new_password\":\"short\"}", &r), 422);
	assert_non_null(str_at(fields_of(&r), "new_password"));
	http_reply_free(&r);
	assert_int_equal(post("/api/v1/auth/password", NULL,
	                      "{\"old_password\":\"frank's password 1\",\"new_password\":\"frank's password 2\"}", &r), 401);
	http_reply_free(&r);

	assert_int_equal(post("/api/v1/auth/password", tok,
	                      "{\"old_password\":\"frank's password 1\",\"new_password\":\"frank's password 2\"}", &r), 200);
	http_reply_free(&r);
	/* this session stays, the other one ends */
	assert_int_equal(get_me(tok), 200);
	assert_int_equal(get_me(other), 401);
	assert_null(ts_login(&ts_group, "frank01", "frank's password 1"));
	char *t2 = ts_login(&ts_group, "frank01", "frank's password 2");
	assert_non_null(t2);
	/* the member is told by mail */
	assert_int_equal(ts_outbox_count(&ts_group, "frank01@example.test"), mails + 1);
	free(t2);
	free(tok);
	free(other);
	assert_true(audit_count("password.change") >= 1);
}

static void reset_body(char *buf, size_t len, const char *email, const char *code, const char *pw)
{
	if (email)
		snprintf(buf, len, "{\"email\":\"%s\",\"code\":\"%s\",\"new_password\":\"%s\"}", email, code, pw);
	else
		snprintf(buf, len, "{\"code\":\"%s\",\"new_password\":\"%s\"}", code, pw);
}

static void test_reset_by_email_code(void **state)
{
	struct http_reply r;
	char body[512], code[7], wrong[12];
	(void)state;

	char *tok = fx_register_as(&ts_group, "grace01", "grace's password 1");
	assert_non_null(tok);
	int mails = ts_outbox_count(&ts_group, "grace01@example.test");

	assert_int_equal(post("/api/v1/auth/email-code", NULL, "{\"email\":\"Grace01@example.test\"}", &r), 202);
	http_reply_free(&r);
	assert_int_equal(ts_outbox_count(&ts_group, "grace01@example.test"), mails + 1);
	char *mail = ts_outbox_latest(&ts_group, "grace01@example.test");
	ts_find_code(mail, code);
	free(mail);
	assert_int_equal(strlen(code), 6);
	snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 1) % 1000000);

	/* wrong code, bad password, malformed code */
	reset_body(body, sizeof body, "grace01@example.test", wrong, "grace's password 2");
	assert_int_equal(post("/api/v1/auth/password/reset", NULL, body, &r), 400);
	assert_string_equal(http_error_code(&r), "code_invalid");
	http_reply_free(&r);
	reset_body(body, sizeof body, "grace01@example.test", code, "short");
	assert_int_equal(post("/api/v1/auth/password/reset", NULL, body, &r), 422);
	http_reply_free(&r);
	reset_body(body, sizeof body, "grace01@example.test", "12ab56", "grace's password 2");
	assert_int_equal(post("/api/v1/auth/password/reset", NULL, body, &r), 400);
	http_reply_free(&r);

	/* the right code works once */
	reset_body(body, sizeof body, "grace01@example.test", code, "grace's password 2");
	assert_int_equal(post("/api/v1/auth/password/reset", NULL, body, &r), 200);
	http_reply_free(&r);
	reset_body(body, sizeof body, "grace01@example.test", code, "grace's password 3");
	assert_int_equal(post("/api/v1/auth/password/reset", NULL, body, &r), 400);
	http_reply_free(&r);
	/* new password in, old out, old sessions ended, member told */
	assert_int_equal(get_me(tok), 401);
	assert_null(ts_login(&ts_group, "grace01", "grace's password 1"));
	char *t2 = ts_login(&ts_group, "grace01", "grace's password 2");
	assert_non_null(t2);
	free(t2);
	free(tok);
	assert_int_equal(ts_outbox_count(&ts_group, "grace01@example.test"), mails + 2);
	assert_true(audit_count("password.reset") >= 1);
}

static void test_reset_code_attempts_and_strangers(void **state)
{
	struct http_reply r;
	char body[512], code[7], wrong[12];
	(void)state;

	char *tok = fx_register_as(&ts_group, "heidi01", "heidi's password 1");
	assert_non_null(tok);
	free(tok);
	/* an unknown address gets the same 202 and no mail is written */
	assert_int_equal(post("/api/v1/auth/email-code", NULL, "{\"email\":\"nobody@example.test\"}", &r), 202);
	http_reply_free(&r);
	assert_int_equal(ts_outbox_count(&ts_group, "nobody@example.test"), 0);
	reset_body(body, sizeof body, "nobody@example.test", "123456", "heidi's password 2");
	assert_int_equal(post("/api/v1/auth/password/reset", NULL, body, &r), 400);
	assert_string_equal(http_error_code(&r), "code_invalid");
	http_reply_free(&r);
	/* a malformed address is a validation error */
	assert_int_equal(post("/api/v1/auth/email-code", NULL, "{\"email\":\"nope\"}", &r), 422);
	http_reply_free(&r);
	/* a client that thinks it is signed in but whose session is gone learns
	 * that, instead of a missing-field error */
	assert_int_equal(post("/api/v1/auth/email-code", "no-such-token", "{}", &r), 401);
	assert_string_equal(http_error_code(&r), "session_expired");
	http_reply_free(&r);

	/* five wrong tries kill the code, even for the right one after */
	assert_int_equal(post("/api/v1/auth/email-code", NULL, "{\"email\":\"heidi01@example.test\"}", &r), 202);
	http_reply_free(&r);
	char *mail = ts_outbox_latest(&ts_group, "heidi01@example.test");
	ts_find_code(mail, code);
	free(mail);
	assert_int_equal(strlen(code), 6);
	snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 7) % 1000000);
	reset_body(body, sizeof body, "heidi01@example.test", wrong, "heidi's password 2");
	for (int i = 0; i < 5; i++) {
		assert_int_equal(post("/api/v1/auth/password/reset", NULL, body, &r), 400);
		http_reply_free(&r);
	}
	reset_body(body, sizeof body, "heidi01@example.test", code, "heidi's password 2");
	assert_int_equal(post("/api/v1/auth/password/reset", NULL, body, &r), 400);
	http_reply_free(&r);
	tok = ts_login(&ts_group, "heidi01", "heidi's password 1");
	assert_non_null(tok);

	/* logged in: {} asks for a code to the account's address, and the reset
	 * needs no e-mail; this session survives it */
	assert_int_equal(post("/api/v1/auth/email-code", tok, "{}", &r), 202);
	http_reply_free(&r);
	mail = ts_outbox_latest(&ts_group, "heidi01@example.test");
	ts_find_code(mail, code);
	free(mail);
	/* a newer code replaces the older one */
	reset_body(body, sizeof body, NULL, code, "heidi's password 3");
	assert_int_equal(post("/api/v1/auth/password/reset", tok, body, &r), 200);
	http_reply_free(&r);
	assert_int_equal(get_me(tok), 200);
	char *t2 = ts_login(&ts_group, "heidi01", "heidi's password 3");
	assert_non_null(t2);
	free(t2);
	free(tok);
}

static void test_user_add_cli(void **state)
{
	(void)state;
	const char *add[] = { "user", "add", "--role", "hq_staff", "--username", "ivan01",
	                      "--email", "ivan01@example.test", "--password-stdin", NULL };
	assert_int_equal(ts_rosterd(&ts_group, add, "ivan's password 1\n"), 0);
	/* again: the name is taken */
	assert_int_equal(ts_rosterd(&ts_group, add, "ivan's password 1\n"), 1);
	/* branch staff need a branch; bad roles are refused */
	const char *bad[] = { "user", "add", "--role", "branch_staff", "--username", "judy01",
	                      "--email", "judy01@example.test", "--password-stdin", NULL };
	assert_int_equal(ts_rosterd(&ts_group, bad, "judy's password 1\n"), 2);
	const char *bad2[] = { "user", "add", "--role", "root", "--username", "judy01",
	                       "--email", "judy01@example.test", "--password-stdin", NULL };
	assert_int_equal(ts_rosterd(&ts_group, bad2, "judy's password 1\n"), 2);
	/* with a branch, by its code; HQ is not a branch */
	const char *hq_org[] = { "user", "add", "--role", "branch_staff", "--org", "HQ", "--username",
	                         "judy01", "--email", "judy01@example.test", "--password-stdin", NULL };
	assert_int_equal(ts_rosterd(&ts_group, hq_org, "judy's password 1\n"), 2);
	const char *bj[] = { "user", "add", "--role", "branch_staff", "--org", "BJ", "--username",
	                     "judy01", "--email", "judy01@example.test", "--password-stdin", NULL };
	assert_int_equal(ts_rosterd(&ts_group, bj, "judy's password 1\n"), 0);
	char *jt = ts_login(&ts_group, "judy01", "judy's password 1");
	assert_non_null(jt);
	struct http_reply jr;
	assert_int_equal(http_req(&ts_group, "GET", "/api/v1/me", jt, NULL, &jr), 0);
	assert_string_equal(str_at(jr.json, "role"), "branch_staff");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(jr.json, "org_id")));
	http_reply_free(&jr);
	free(jt);

	char *tok = ts_login(&ts_group, "ivan01", "ivan's password 1");
	assert_non_null(tok);
	struct http_reply r;
	assert_int_equal(http_req(&ts_group, "GET", "/api/v1/me", tok, NULL, &r), 0);
	assert_string_equal(str_at(r.json, "role"), "hq_staff");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(r.json, "member_type")));
	http_reply_free(&r);
	free(tok);
	/* demo staff accounts exist */
	tok = ts_login(&ts_group, "admin", "Admin-Demo-2026");
	assert_non_null(tok);
	free(tok);
	tok = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	assert_non_null(tok);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_and_login_three_ways),
		cmocka_unit_test(test_login_reply_shape),
		cmocka_unit_test(test_register_validation),
		cmocka_unit_test(test_register_duplicates),
		cmocka_unit_test(test_bad_credentials_look_alike),
		cmocka_unit_test(test_login_throttled),
		cmocka_unit_test(test_logout),
		cmocka_unit_test(test_change_password),
		cmocka_unit_test(test_reset_by_email_code),
		cmocka_unit_test(test_reset_code_attempts_and_strangers),
		cmocka_unit_test(test_user_add_cli),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
