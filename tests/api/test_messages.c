/* The message centre against a real rosterd: every step of an application
 * leaves a message in both languages, unread first; one or all are marked
 * read; the unread count in /me follows; nobody reads another's messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

static const char *str(const cJSON *o, const char *k)
{
	return json_str_or(o, k, "(none)");
}

static int64_t unread_in_me(const char *tok)
{
	cJSON *me = fx_call(&ts_group, "GET", "/api/v1/me", tok, NULL, 200);
	int64_t n = json_int_or(me, "unread_messages", -1);

	cJSON_Delete(me);
	return n;
}

static void test_messages(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "msguser", "BJ", "消息用户");
	char *other = fx_register(&ts_group, "msgother"), path[96];
	cJSON *l, *m;
	const cJSON *it;
	int64_t first_id, second_id;
	bool seen_read = false;

	(void)state;
	/* submitted, passed the branch, approved */
	assert_int_equal(unread_in_me(tok), 3);
	l = fx_call(&ts_group, "GET", "/api/v1/messages", tok, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 3);
	assert_int_equal(json_int_or(l, "unread", -1), 3);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(l, "items")) {
		assert_string_equal(str(it, "kind"), "application");
		assert_string_equal(str(it, "ref_type"), "application");
		assert_true(strlen(str(it, "title_zh")) > 0 && strcmp(str(it, "title_zh"), "(none)") != 0);
		assert_true(strlen(str(it, "title_en")) > 0 && strcmp(str(it, "title_en"), "(none)") != 0);
		assert_true(strlen(str(it, "body_en")) > 0);
		assert_false(cJSON_IsTrue(cJSON_GetObjectItem(it, "read")));
	}
	/* newest first */
	first_id = json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 2), "id", -1);
	second_id = json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 1), "id", -1);
	assert_true(json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0), "id", -1) > second_id);
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 2), "title_zh"),
	                    "入会申请已提交");
	cJSON_Delete(l);

	/* read the oldest: it moves behind the unread ones */
	snprintf(path, sizeof path, "/api/v1/messages/%lld/read", (long long)first_id);
	m = fx_call(&ts_group, "POST", path, tok, "{}", 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(m, "read")));
	assert_int_equal(json_int_or(m, "unread", -1), 2);
	cJSON_Delete(m);
	/* reading it again changes nothing */
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok, "{}", 200));
	assert_int_equal(unread_in_me(tok), 2);
	l = fx_call(&ts_group, "GET", "/api/v1/messages", tok, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(l, "items")) {
		bool r = cJSON_IsTrue(cJSON_GetObjectItem(it, "read"));
		if (r)
			seen_read = true;
		else
			assert_false(seen_read);   /* no unread one after a read one */
	}
	assert_int_equal(json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 2), "id", -1),
	                 first_id);
	cJSON_Delete(l);
	l = fx_call(&ts_group, "GET", "/api/v1/messages?unread=1", tok, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 2);
	cJSON_Delete(l);
	l = fx_call(&ts_group, "GET", "/api/v1/messages?per_page=1&page=3", tok, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "items")), 1);
	assert_int_equal(json_int_or(l, "per_page", -1), 1);
	cJSON_Delete(l);

	/* another member can neither read nor mark it */
	snprintf(path, sizeof path, "/api/v1/messages/%lld/read", (long long)second_id);
	cJSON_Delete(fx_call(&ts_group, "POST", path, other, "{}", 404));
	l = fx_call(&ts_group, "GET", "/api/v1/messages", other, NULL, 200);
	assert_int_equal(json_int_or(l, "total", -1), 0);
	cJSON_Delete(l);
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/messages/999999/read", tok, "{}", 404));
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/messages/abc/read", tok, "{}", 404));
	assert_int_equal(unread_in_me(tok), 2);

	/* all read */
	m = fx_call(&ts_group, "POST", "/api/v1/messages/read-all", tok, "{}", 200);
	assert_int_equal(json_int_or(m, "marked", -1), 2);
	cJSON_Delete(m);
	assert_int_equal(unread_in_me(tok), 0);
	m = fx_call(&ts_group, "POST", "/api/v1/messages/read-all", tok, "{}", 200);
	assert_int_equal(json_int_or(m, "marked", -1), 0);
	cJSON_Delete(m);
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/messages", NULL, NULL, 401));
	free(tok);
	free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_messages),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
