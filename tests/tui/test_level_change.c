/* Level change: choose a level and give the reason, submit (the server
 * holds a level change waiting for HQ); after a rejection the reason shows
 * and the change is corrected and sent again; after approval the fee
 * difference is offered for payment and, paid, the new level applies. */
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

static const char *str(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));

	return s ? s : "";
}

static long long num(const cJSON *o, const char *key)
{
	return (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static int group_setup(void **state)
{
	if (ts_start(&ts, NULL) != 0)
		return -1;
	token = fx_active(&ts, "sunyan", "李雷");
	return token ? 0 : -1;
}

static int group_teardown(void **state)
{
	free(token);
	ts_stop(&ts);
	return 0;
}

/* The member's latest level change as the server has it. */
static cJSON *latest(void)
{
	cJSON *j = fx_try(&ts, "GET", "/api/v1/applications?kind=level_change", token, NULL, NULL);
	cJSON *a = cJSON_DetachItemFromArray(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);

	cJSON_Delete(j);
	return a;
}

static void test_submit_reject_resubmit_pay(void **state)
{
	struct tui *t = tui_current();
	cJSON *a, *o, *me;
	long long app_id, order_id;
	char path[64], want[160];

	/* wide enough that the status sentences stay on one line */
	assert_int_equal(tui_start(t, &ts, &(struct tui_opts){ .cols = 120, .rows = 30 }), 0);
	assert_true(tui_sign_in(t, "sunyan", FX_PASSWORD));
	assert_true(tui_menu(t, "Level change"));
	TUI_WAIT(t, "Current level:");
	TUI_WAIT(t, "Member (¥300.00 a year)");
	/* the current level is not offered, and none is chosen for the
	 * member: the first Right shows the first other one */
	TUI_WAIT(t, "< choose with Left/Right >");
	tui_keys(t, "Right", NULL);
	TUI_WAIT(t, "< Student Member (¥100.00 a year) >");
	tui_keys(t, "Right", NULL);
	TUI_WAIT(t, "< Senior Member (¥800.00 a year) >");
	/* no reason: refused before it is sent */
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "This field is required.");
	tui_type(t, "已获高级职称");
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "Your level change was sent for review.");
	TUI_WAIT(t, "is awaiting review (Under HQ review)");
	a = latest();
	assert_string_equal(str(a, "status"), "pending_hq");
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(a, "level"), "code"), "senior");
	assert_string_equal(str(a, "reason"), "已获高级职称");
	app_id = num(a, "id");
	cJSON_Delete(a);

	/* rejected: the reason, and the form again with what was sent */
	assert_true((fx_decide_as(&ts, "hq", app_id, "reject", "请补充职称证书") == 200));
	tui_keys(t, "r", NULL);
	TUI_WAIT(t, "was rejected: 请补充职称证书");
	TUI_WAIT(t, "< Senior Member (¥800.00 a year) >");
	TUI_WAIT(t, "已获高级职称");
	tui_keys(t, "Tab", "C-u", NULL);
	tui_type(t, "已补充职称证书");
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "Your level change was sent for review.");
	TUI_WAIT(t, "is awaiting review");
	a = latest();
	assert_int_equal(num(a, "id"), app_id);
	assert_string_equal(str(a, "status"), "pending_hq");
	assert_string_equal(str(a, "reason"), "已补充职称证书");
	cJSON_Delete(a);

	/* approved: the difference to pay */
	assert_true((fx_decide_as(&ts, "hq", app_id, "approve", NULL) == 200));
	a = latest();
	order_id = num(a, "order_id");
	cJSON_Delete(a);
	assert_true(order_id > 0);
	snprintf(path, sizeof(path), "/api/v1/orders/%lld", order_id);
	o = fx_try(&ts, "GET", path, token, NULL, NULL);
	snprintf(want, sizeof(want), "Fee difference to pay: ¥%lld.%02lld (order %s)",
	         num(o, "amount") / 100, num(o, "amount") % 100, str(o, "order_no"));
	cJSON_Delete(o);
	tui_keys(t, "r", NULL);
	TUI_WAIT(t, want);
	tui_keys(t, "p", NULL);
	TUI_WAIT(t, "How would you like to pay?");
	/* paid (by the phone, as the QR screen would see it), then back */
	fx_pay_order(&ts, token, order_id);
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "is approved and in effect");
	TUI_WAIT(t, "Senior Member (¥800.00 a year)");
	me = fx_try(&ts, "GET", "/api/v1/me", token, NULL, NULL);
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(me, "member"),
	                                                         "level"), "code"), "senior");
	cJSON_Delete(me);
	assert_true(tui_quit(t));
	tui_stop(t);
}

/* An organisation completes its information with the change: the form
 * starts from the approved information and the server keeps what changed. */
static void test_unit_information(void **state)
{
	struct tui *t = tui_current();
	char *unit = fx_active_unit(&ts, "shiliunit");
	cJSON *j, *a, *c;
	int i;

	assert_non_null(unit);
	assert_int_equal(tui_start(t, &ts, &(struct tui_opts){ .cols = 120, .rows = 40 }), 0);
	assert_true(tui_sign_in(t, "shiliunit", FX_PASSWORD));
	assert_true(tui_menu(t, "Level change"));
	TUI_WAIT(t, "Member Organisation (¥2,000.00 a year)");
	/* the form's own sections head the unit's information, once
	 * (no heading of the screen's above them) */
	TUI_WAIT(t, "Legal representative");
	{
		char *scr = tui_screen(t);

		assert_null(strstr(scr, "Your organisation's information"));
		free(scr);
	}
	TUI_WAIT(t, "91350100M000100Y43");
	TUI_WAIT(t, "赵六");
	/* the council level (the first one offered), a new contact person,
	 * and the reason */
	TUI_WAIT(t, "< choose with Left/Right >");
	tui_keys(t, "Right", NULL);
	TUI_WAIT(t, "< Council Member Organisation");
	for (i = 0; i < 12; i++)
		tui_keys(t, "Tab", NULL);
	tui_keys(t, "C-u", NULL);
	tui_type(t, "陈静");
	for (i = 0; i < 6; i++)
		tui_keys(t, "Tab", NULL);
	tui_type(t, "理事会推选");
	tui_keys(t, "F2", NULL);
	TUI_WAIT(t, "Your level change was sent for review.");

	j = fx_try(&ts, "GET", "/api/v1/applications?kind=level_change", unit, NULL, NULL);
	a = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
	assert_string_equal(str(cJSON_GetObjectItemCaseSensitive(a, "level"), "code"), "council");
	assert_string_equal(str(a, "reason"), "理事会推选");
	{
		char path[64];
		cJSON *d;

		snprintf(path, sizeof(path), "/api/v1/applications/%lld", num(a, "id"));
		d = fx_try(&ts, "GET", path, unit, NULL, NULL);
		/* only the contact person changed */
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(d, "changes")), 1);
		c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(d, "changes"), 0);
		assert_string_equal(str(c, "field"), "contact_name");
		assert_string_equal(str(c, "before"), "赵六");
		assert_string_equal(str(c, "after"), "陈静");
		cJSON_Delete(d);
	}
	cJSON_Delete(j);
	free(unit);
	assert_true(tui_quit(t));
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_submit_reject_resubmit_pay, tui_current_teardown),
		cmocka_unit_test_teardown(test_unit_information, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
