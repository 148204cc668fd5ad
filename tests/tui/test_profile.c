/* Member information: the approved profile is shown; an edit goes to review
 * (the server holds it as a pending change, the profile unchanged); after a
 * rejection the change is corrected and sent again; once approved it
 * shows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "tui.h"

static struct test_server ts;
static char *token;

static int group_setup(void **state)
{
	if (ts_start(&ts, NULL) != 0)
		return -1;
	token = fx_active(&ts, "zhaomin", "李雷");
	return token ? 0 : -1;
}

static int group_teardown(void **state)
{
	free(token);
	ts_stop(&ts);
	return 0;
}

static const char *str(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));

	return s ? s : "";
}

static long long num(const cJSON *o, const char *key)
{
	return (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* Replace the name (the first field of the form) and send it. */
static void change_name(struct tui *t, const char *name)
{
	tui_keys(t, "C-u", NULL);
	tui_type(t, name);
	tui_keys(t, "F2", NULL);
}

static void test_change_reviewed(void **state)
{
	struct tui *t = tui_current();
	cJSON *p, *pend, *change;
	long long app_id;

	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "zhaomin", FX_PASSWORD));
	assert_true(tui_menu(t, "Member information"));
	TUI_WAIT(t, "李雷");
	TUI_WAIT(t, "示例研究院");
	/* onlookers see the ID number masked: first 3 and last 4 */
	TUI_WAIT(t, "110***********002X");
	TUI_GONE(t, "11010519491231002X");

	/* edit: the form starts from the approved values, the number whole */
	tui_keys(t, "e", NULL);
	TUI_WAIT(t, "F2 submit");
	TUI_WAIT(t, "11010519491231002X");
	change_name(t, "李小雷");
	TUI_WAIT(t, "Your change was sent for review.");
	TUI_WAIT(t, "is awaiting review");

	/* the server holds a pending change of the name only; the profile is
	 * as it was */
	p = fx_try(&ts, "GET", "/api/v1/member/profile", token, NULL, NULL);
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(p, "profile"), "name"), "李雷");
	pend = cJSON_GetObjectItemCaseSensitive(p, "pending_change");
	assert_true(cJSON_IsObject(pend));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(pend, "changes")), 1);
	change = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(pend, "changes"), 0);
	assert_string_equal(str(change, "field"), "name");
	assert_string_equal(str(change, "before"), "李雷");
	assert_string_equal(str(change, "after"), "李小雷");
	app_id = num(pend, "id");
	cJSON_Delete(p);

	/* a second edit waits for the first */
	tui_keys(t, "e", NULL);
	TUI_WAIT(t, "A change is awaiting review already");

	/* rejected: the reason shows and the change is corrected */
	assert_true((fx_decide_as(&ts, "hq", app_id, "reject", "姓名与身份证不符") == 200));
	tui_keys(t, "r", NULL);
	TUI_WAIT(t, "Your last change was rejected (姓名与身份证不符)");
	tui_keys(t, "e", NULL);
	TUI_WAIT(t, "李小雷");
	change_name(t, "李雷雷");
	TUI_WAIT(t, "Your change was sent for review.");
	TUI_WAIT(t, "is awaiting review");
	p = fx_try(&ts, "GET", "/api/v1/member/profile", token, NULL, NULL);
	pend = cJSON_GetObjectItemCaseSensitive(p, "pending_change");
	/* the same application, sent again */
	assert_int_equal(num(pend, "id"), app_id);
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(pend, "profile"), "name"), "李雷雷");
	cJSON_Delete(p);

	/* approved: the new name is the member's */
	assert_true((fx_decide_as(&ts, "hq", app_id, "approve", NULL) == 200));
	tui_keys(t, "r", NULL);
	TUI_WAIT(t, "李雷雷");
	TUI_GONE(t, "awaiting review");
	p = fx_try(&ts, "GET", "/api/v1/member/profile", token, NULL, NULL);
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(p, "profile"), "name"), "李雷雷");
	cJSON_Delete(p);
	assert_true(tui_quit(t));
	tui_stop(t);
}

/* A field the validators refuse never leaves the client. */
static void test_invalid_stays(void **state)
{
	struct tui *t = tui_current();
	cJSON *j;
	int before, after;

	j = fx_try(&ts, "GET", "/api/v1/applications?kind=profile_change", token, NULL, NULL);
	before = (int)num(j, "total");
	cJSON_Delete(j);
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "zhaomin", FX_PASSWORD));
	assert_true(tui_menu(t, "Member information"));
	TUI_WAIT(t, "示例研究院");
	tui_keys(t, "e", NULL);
	TUI_WAIT(t, "F2 submit");
	/* unchanged: nothing to send */
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "Nothing has changed.");
	/* an empty required name */
	tui_keys(t, "C-u", "F2", NULL);
	TUI_WAIT(t, "This field is required.");
	j = fx_try(&ts, "GET", "/api/v1/applications?kind=profile_change", token, NULL, NULL);
	after = (int)num(j, "total");
	cJSON_Delete(j);
	assert_int_equal(after, before);
	assert_true(tui_quit(t));
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_change_reviewed, tui_current_teardown),
		cmocka_unit_test_teardown(test_invalid_stays, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
