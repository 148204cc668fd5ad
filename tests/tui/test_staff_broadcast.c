/* Messages to members in the staff console, against a real rosterd:
 * headquarters write one to the full members, the preview shows the
 * count the server gives for that filter, sending asks again with the
 * count and queues it; the message lands in a full member's messages and
 * not in those of a member still under review; the list shows its
 * progress up to done. A branch officer is offered no branch choice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui.h"
#include "fixture.h"
#include "roster/json.h"

#define TITLE "Annual meeting 2026"

static struct test_server ts;
static struct fx_member wang, li, zhao;   /* BJ active, SH active, SH under review */
static char *hq;

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	if (fx_member_active(&ts, "wangxm", "王小明", "BJ", "regular", &wang) != 0 ||
	    fx_member_active(&ts, "lisi", "李四", "SH", "regular", &li) != 0 ||
	    fx_member_submit(&ts, "zhaowu", "赵五", "SH", "regular", &zhao) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	return hq ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&wang);
	fx_member_free(&li);
	fx_member_free(&zhao);
	free(hq);
	ts_stop(&ts);
	return 0;
}

/* Whether the member's messages hold one with text. */
static bool has_message(const char *token, const char *text)
{
	cJSON *r = fx_call(&ts, "GET", "/api/v1/messages?per_page=100", token, NULL, 200);
	char *s = cJSON_PrintUnformatted(r);
	bool found = s && strstr(s, text);

	free(s);
	cJSON_Delete(r);
	return found;
}

static void test_compose_preview_send(void **state)
{
	struct tui *t = tui_current();
	cJSON *r;
	long long matched;
	char want[96], progress[48];
	bool done = false;

	(void)state;
	r = fx_call(&ts, "POST", "/api/v1/broadcasts/preview", hq,
	            "{\"filter\":{\"status\":\"active\"}}", 200);
	matched = json_int_or(r, "matched", -1);
	cJSON_Delete(r);
	assert_true(matched >= 2);

	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(t, "b", "Messages to members"));
	TUI_WAIT(t, "No message has been sent to members yet.");
	tui_keys(t, "n", NULL);
	TUI_WAIT(t, "New message to members");
	TUI_WAIT(t, "Preview: how many?");
	tui_type(t, TITLE);
	tui_keys(t, "Tab", NULL);
	tui_type(t, "The annual meeting is on Saturday at the association's hall.");
	tui_keys(t, "Tab", "Tab", "Right", NULL);      /* e-mail: no; status: full members */
	TUI_WAIT(t, "Full member");
	tui_keys(t, "Tab", "Tab", "Tab", "Tab", "Enter", NULL);   /* level, branch, date: preview */
	snprintf(want, sizeof(want), "Members it would reach: %lld.", matched);
	TUI_WAIT(t, want);

	/* sending names the count again, then queues */
	tui_keys(t, "Tab", "Enter", NULL);
	snprintf(want, sizeof(want), "Members it reaches: %lld.", matched);
	TUI_WAIT(t, want);
	tui_keys(t, "y", NULL);
	TUI_WAIT(t, "Queued.");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, TITLE);

	/* it arrives: in a full member's messages, not the applicant's */
	for (int i = 0; i < 200 && !has_message(li.token, TITLE); i++)
		tui_settle_ms(100);
	assert_true(has_message(li.token, TITLE));
	assert_true(has_message(wang.token, "association's hall"));
	assert_false(has_message(zhao.token, TITLE));

	/* the list shows how far it went */
	snprintf(progress, sizeof(progress), "%lld of %lld", matched, matched);
	for (int i = 0; i < 100 && !done; i++) {
		char *screen;

		tui_keys(t, "r", NULL);
		tui_settle(t, 100);
		screen = tui_screen(t);
		done = strstr(screen, progress) && strstr(screen, "Sent");
		free(screen);
	}
	assert_true(done);
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "[ " TITLE " ]");
	TUI_WAIT(t, "Full member");
	TUI_WAIT(t, "association's hall");
	tui_stop(t);
}

static void test_nobody_and_branch(void **state)
{
	const char *const zh[] = { "--lang", "zh_CN", NULL };
	struct tui_opts o = { .args = zh };
	struct tui *t = tui_current();

	(void)state;
	assert_int_equal(tui_start(t, &ts, &o), 0);
	assert_true(tui_sign_in(t, "bj_staff", "Branch-Demo-2026"));
	tui_keys(t, "b", NULL);
	TUI_WAIT(t, "群发消息");
	tui_keys(t, "n", NULL);
	TUI_WAIT(t, "预览人数");
	/* under review at BJ: nobody; nothing is sent */
	tui_type(t, "通知");
	tui_keys(t, "Tab", NULL);
	tui_type(t, "正文");
	tui_keys(t, "Tab", "Tab", NULL);
	for (int i = 0; i < 6; i++)
		tui_keys(t, "Right", NULL);        /* status: under branch review */
	tui_keys(t, "Tab", "Tab", "Tab", "Enter", NULL);
	TUI_WAIT(t, "没有符合条件的会员");
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_compose_preview_send, tui_current_teardown),
		cmocka_unit_test_teardown(test_nobody_and_branch, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
