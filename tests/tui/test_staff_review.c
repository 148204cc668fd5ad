/* The review queue and one application in the staff console, against a
 * real rosterd: a two-stage approval by the BJ branch officer and then an
 * HQ officer in two terminals at once; a branch officer who never sees
 * (and is refused) another branch's application; approving two selected
 * applications at once; rejecting with a reason picked from the templates;
 * the profile and the attachment (saved into the download folder, or as a
 * phone QR code). Each step is checked on the server as well. */
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

static struct test_server ts;
/* submitted in this order, so the queues list them oldest first */
static struct fx_member bj_one;   /* 王一, BJ: the two-stage approval */
static struct fx_member sh_one;   /* 张三, SH: not the BJ officer's */
static struct fx_member hq_a;     /* 赵四, HQ */
static struct fx_member hq_b;     /* 钱五, HQ */
static struct fx_member hq_rej;   /* 孙六, HQ: rejected */
static char *hq_tok;

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	hq_tok = ts_login(&ts, "hq", "Hq-Demo-2026");
	if (!hq_tok ||
	    fx_member_submit(&ts, "bjone", "王一", "BJ", "regular", &bj_one) != 0 ||
	    fx_member_submit(&ts, "shone", "张三", "SH", "regular", &sh_one) != 0 ||
	    fx_member_submit(&ts, "hqa", "赵四", "HQ", "regular", &hq_a) != 0 ||
	    fx_member_submit(&ts, "hqb", "钱五", "HQ", "student", &hq_b) != 0 ||
	    fx_member_submit(&ts, "hqrej", "孙六", "HQ", "senior", &hq_rej) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&bj_one);
	fx_member_free(&sh_one);
	fx_member_free(&hq_a);
	fx_member_free(&hq_b);
	fx_member_free(&hq_rej);
	free(hq_tok);
	ts_stop(&ts);
	return 0;
}

/* The application as HQ sees it (caller deletes). */
static cJSON *app_json(int64_t id)
{
	struct http_reply r;
	char path[96];
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/review/applications/%lld", (long long)id);
	assert_int_equal(http_req(&ts, "GET", path, hq_tok, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	j = r.json;
	r.json = NULL;
	http_reply_free(&r);
	return j;
}

static void assert_status(int64_t id, const char *status)
{
	cJSON *j = app_json(id);

	assert_string_equal(json_str_or(j, "status", ""), status);
	cJSON_Delete(j);
}

/* Nothing of the screen has name on it. */
static void assert_not_shown(struct tui *t, const char *name)
{
	char *screen = tui_screen(t);

	assert_null(strstr(screen, name));
	free(screen);
}

static void test_two_stage_two_terminals(void **state)
{
	struct tui branch, hq;
	const cJSON *ev;
	cJSON *j;
	int approvals = 0;

	(void)state;
	assert_int_equal(tui_start(&branch, &ts, NULL), 0);
	assert_int_equal(tui_start(&hq, &ts, NULL), 0);
	assert_true(tui_sign_in(&branch, "bj_staff", "Branch-Demo-2026"));
	assert_true(tui_sign_in(&hq, "hq", "Hq-Demo-2026"));

	/* the branch officer's home counts their branch only */
	TUI_WAIT(&branch, "Applications at branch review: join 1,");
	assert_true(tui_open(&branch, "1", "Review queue"));
	TUI_WAIT(&branch, "王一");
	assert_not_shown(&branch, "张三");
	assert_not_shown(&branch, "赵四");
	tui_keys(&branch, "Enter", NULL);
	TUI_WAIT(&branch, "Application #");
	TUI_WAIT(&branch, "Beijing Branch");
	tui_keys(&branch, "a", NULL);
	TUI_WAIT(&branch, "Approve this application?");
	tui_keys(&branch, "Enter", NULL);
	TUI_WAIT(&branch, "The application was approved.");
	tui_keys(&branch, "Enter", NULL);
	TUI_WAIT(&branch, "Review queue");
	assert_status(bj_one.app_id, "pending_hq");

	/* meanwhile in the other terminal: HQ's queue at the HQ stage */
	assert_true(tui_open(&hq, "1", "Review queue"));
	tui_keys(&hq, "s", "s", NULL);
	TUI_WAIT(&hq, "Stage: HQ review");
	TUI_WAIT(&hq, "王一");
	assert_not_shown(&hq, "张三");       /* still at SH's branch stage */
	tui_keys(&hq, "Enter", NULL);
	TUI_WAIT(&hq, "Application #");
	TUI_WAIT(&hq, "王一");
	tui_keys(&hq, "End", NULL);
	TUI_WAIT(&hq, "bj_staff");          /* the branch approval in the history */
	tui_keys(&hq, "a", NULL);
	TUI_WAIT(&hq, "Approve this application?");
	tui_keys(&hq, "Enter", NULL);
	TUI_WAIT(&hq, "The application was approved.");
	tui_keys(&hq, "Enter", NULL);

	j = app_json(bj_one.app_id);
	assert_string_equal(json_str_or(j, "status", ""), "approved");
	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(j, "history")) {
		const char *who = json_str_or(cJSON_GetObjectItemCaseSensitive(ev, "actor"), "username", "");

		if (!strcmp(json_str_or(ev, "action", ""), "approve")) {
			assert_string_equal(who, approvals == 0 ? "bj_staff" : "hq");
			approvals++;
		}
	}
	assert_int_equal(approvals, 2);
	cJSON_Delete(j);
	{
		struct http_reply r;

		assert_int_equal(http_req(&ts, "GET", "/api/v1/me", bj_one.token, NULL, &r), 0);
		assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(r.json, "member"),
		                                "status", ""), "pending_payment");
		http_reply_free(&r);
	}
	tui_stop(&branch);
	tui_stop(&hq);
}

static void test_branch_refused_other_branch(void **state)
{
	struct tui t;
	struct http_reply r;
	char *bj, path[96];

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "bj_staff", "Branch-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	assert_true(tui_wait_any(&t, "Nothing waits for review.", " of ", TUI_TIMEOUT_MS));
	assert_not_shown(&t, "张三");
	tui_stop(&t);
	/* and a request crafted by hand for it is refused and changes nothing */
	bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	assert_non_null(bj);
	snprintf(path, sizeof(path), "/api/v1/review/applications/%lld/approve",
	         (long long)sh_one.app_id);
	assert_int_equal(http_req(&ts, "POST", path, bj, "{}", &r), 0);
	assert_true(r.status == 404 || r.status == 403);
	http_reply_free(&r);
	free(bj);
	assert_status(sh_one.app_id, "pending_branch");
}

static void test_profile_attachment(void **state)
{
	struct tui t;
	size_t len;
	char *data, shown[96];

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	tui_keys(&t, "s", "s", NULL);
	TUI_WAIT(&t, "赵四");
	tui_keys(&t, "Enter", NULL);          /* 赵四: the oldest at the HQ stage */
	TUI_WAIT(&t, "Application #");
	/* the profile under the form's labels */
	TUI_WAIT(&t, "11010519491231002X");
	TUI_WAIT(&t, "Female");             /* a select shows its option's label */
	tui_keys(&t, "End", NULL);
	TUI_WAIT(&t, "Employer");
	snprintf(shown, sizeof(shown), "申请表.pdf  (application/pdf, %zu B)", fx_pdf_len);
	TUI_WAIT(&t, shown);
	tui_keys(&t, "d", NULL);
	TUI_WAIT(&t, "Saved to ");
	TUI_WAIT(&t, "/Downloads/申请表.pdf");
	data = tui_download(&t, "申请表.pdf", &len);
	assert_non_null(data);
	assert_int_equal(len, fx_pdf_len);         /* the bytes the member sent */
	assert_memory_equal(data, fx_pdf, fx_pdf_len);
	free(data);
	/* or to a phone: a hand-off link shown as a QR code */
	tui_keys(&t, "p", NULL);
	TUI_WAIT(&t, ts.base);
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "[ Attachments");
	tui_stop(&t);
}

static void test_approve_selected(void **state)
{
	struct tui t;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	tui_keys(&t, "s", "s", NULL);
	TUI_WAIT(&t, "Stage: HQ review");
	TUI_WAIT(&t, "孙六");
	/* 赵四 and 钱五 are the first two rows: mark both */
	tui_keys(&t, "Space", "Space", NULL);
	TUI_WAIT(&t, "[x]");
	tui_keys(&t, "a", NULL);
	TUI_WAIT(&t, "Approve 2 selected application(s)?");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Approved: 2.");
	tui_keys(&t, "Enter", NULL);
	TUI_GONE(&t, "赵四");
	TUI_WAIT(&t, "孙六");
	assert_status(hq_a.app_id, "approved");
	assert_status(hq_b.app_id, "approved");
	assert_status(hq_rej.app_id, "pending_hq");
	tui_stop(&t);
}

static void test_reject_with_template(void **state)
{
	struct tui t;
	cJSON *j;
	const char *tpl = "The application is incomplete. Please complete it and submit it again.";

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", "Hq-Demo-2026"));
	assert_true(tui_open(&t, "1", "Review queue"));
	tui_keys(&t, "s", "s", NULL);
	TUI_WAIT(&t, "孙六");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "孙六");
	tui_keys(&t, "x", NULL);
	TUI_WAIT(&t, "Templates (Enter uses one):");
	TUI_WAIT(&t, "The application is incomplete.");
	tui_keys(&t, "Enter", NULL);          /* the first template into the line */
	tui_keys(&t, "Enter", NULL);          /* and send it */
	TUI_WAIT(&t, "The application was rejected.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Review queue");
	j = app_json(hq_rej.app_id);
	assert_string_equal(json_str_or(j, "status", ""), "rejected");
	assert_string_equal(json_str_or(j, "status_reason", ""), tpl);
	cJSON_Delete(j);
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_stage_two_terminals),
		cmocka_unit_test(test_branch_refused_other_branch),
		cmocka_unit_test(test_profile_attachment),
		cmocka_unit_test(test_approve_selected),
		cmocka_unit_test(test_reject_with_template),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
