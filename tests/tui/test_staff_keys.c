/* One meaning per key across the staff console, against a real rosterd:
 * "r" fetches again on every staff screen (home, review queue, one
 * application, bank transfers, invoices, notices, members, one member,
 * statistics) and never rejects anything; a branch officer publishes a
 * notice for their branch that a member of that branch reads, and HQ
 * sees whose it is; HQ reduces a member's dues from the member screen
 * ("$"); a letter moved to its one meaning does not keep its old one. */
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
static struct fx_member payer;    /* 付款人: HQ, approved, pays by transfer */
static struct fx_member feecut;   /* 减免人: HQ, approved, an unpaid order */
static struct fx_member bjm;      /* 北京会员: an active member of BJ */
static struct fx_member fresh_a;  /* 刷新甲 / 刷新乙: submitted while the console looks */
static struct fx_member fresh_b;
static struct fx_member fresh_c;
static char *hq_tok;

static int setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	hq_tok = ts_login(&ts, "hq", FX_HQ_PASSWORD);
	if (!hq_tok ||
	    fx_member_submit(&ts, "payer", "付款人", "HQ", "regular", &payer) != 0 ||
	    fx_member_submit(&ts, "feecut", "减免人", "HQ", "regular", &feecut) != 0 ||
	    fx_member_active(&ts, "bjmember", "北京会员", "BJ", "regular", &bjm) != 0)
		return -1;
	fx_approve(&ts, payer.app_id, "HQ");
	fx_approve(&ts, feecut.app_id, "HQ");
	feecut.order_id = fx_dues_order(&ts, feecut.token);
	return feecut.order_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fx_member_free(&payer);
	fx_member_free(&feecut);
	fx_member_free(&bjm);
	fx_member_free(&fresh_a);
	fx_member_free(&fresh_b);
	fx_member_free(&fresh_c);
	free(hq_tok);
	ts_stop(&ts);
	return 0;
}

static cJSON *get_json(const char *token, const char *path)
{
	struct http_reply r;
	cJSON *j;

	assert_int_equal(http_req(&ts, "GET", path, token, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	j = r.json;
	r.json = NULL;
	http_reply_free(&r);
	return j;
}

static const char *app_status(int64_t id, char out[32])
{
	char path[96];
	cJSON *j;

	snprintf(path, sizeof(path), "/api/v1/review/applications/%lld", (long long)id);
	j = get_json(hq_tok, path);
	snprintf(out, 32, "%s", json_str_or(j, "status", ""));
	cJSON_Delete(j);
	return out;
}

/* A decision signed in as the demo administrator: the HTTP status. */
static long admin_decides(int64_t id, const char *action, const char *reason)
{
	char *tok = ts_login(&ts, "admin", "Admin-Demo-2026");
	long st;

	assert_non_null(tok);
	st = fx_decide(&ts, tok, id, action, reason);
	free(tok);
	return st;
}

static bool shown(struct tui *t, const char *text)
{
	char *screen = tui_screen(t);
	bool yes = strstr(screen, text) != NULL;

	free(screen);
	return yes;
}

/* "r" was pressed: nothing that asks for a reason came up. */
static void assert_no_reject(struct tui *t)
{
	tui_settle(t, 300);
	assert_false(shown(t, "reason"));
	assert_false(shown(t, "Templates"));
	assert_false(shown(t, "was rejected"));
}

static void test_r_refreshes_everywhere(void **state)
{
	struct tui t;
	char want[128], st[32];
	cJSON *j;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", FX_HQ_PASSWORD));

	/* home: the counts */
	TUI_WAIT(&t, "Applications at HQ review: join");
	assert_int_equal(fx_member_submit(&ts, "fresha", "刷新甲", "HQ", "regular", &fresh_a), 0);
	j = get_json(hq_tok, "/api/v1/review/counts");
	snprintf(want, sizeof(want), "Applications at HQ review: join %lld,",
	         (long long)json_int_or(cJSON_GetObjectItemCaseSensitive(
	             cJSON_GetObjectItemCaseSensitive(j, "applications"), "hq"), "join", -1));
	cJSON_Delete(j);
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, want);

	/* the review queue */
	assert_true(tui_open(&t, "1", "Review queue"));
	tui_keys(&t, "/", NULL);
	tui_type(&t, "刷新");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "刷新甲");
	assert_int_equal(fx_member_submit(&ts, "freshb", "刷新乙", "HQ", "regular", &fresh_b), 0);
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, "刷新乙");
	assert_no_reject(&t);

	/* one application */
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Application #");
	TUI_WAIT(&t, "刷新甲");
	TUI_WAIT(&t, "r refresh");
	tui_keys(&t, "r", NULL);
	assert_no_reject(&t);
	assert_string_equal(app_status(fresh_a.app_id, st), "pending_hq");
	assert_int_equal(admin_decides(fresh_a.app_id, "approve", NULL), 200);
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, "(This application has been decided.)");
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "Review queue");
	TUI_GONE(&t, "刷新甲");
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "Staff console");

	/* bank transfers */
	assert_true(tui_open(&t, "2", "Bank transfers"));
	TUI_WAIT(&t, "No bank transfer waits for confirmation.");
	assert_true(fx_member_transfer(&ts, &payer) > 0);
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, "付款人");
	tui_keys(&t, "r", NULL);
	assert_no_reject(&t);
	j = get_json(hq_tok, "/api/v1/review/bank-transfers");
	assert_int_equal(json_int_or(j, "total", 0), 1);      /* still waiting */
	cJSON_Delete(j);
	tui_keys(&t, "Escape", NULL);
	/* paid (confirmed elsewhere): now an invoice can be asked for */
	j = get_json(hq_tok, "/api/v1/review/bank-transfers");
	{
		struct http_reply r;
		char path[96];

		snprintf(path, sizeof(path), "/api/v1/review/bank-transfers/%lld/confirm",
		         (long long)json_int_or(cJSON_GetArrayItem(
		             cJSON_GetObjectItemCaseSensitive(j, "items"), 0), "id", 0));
		assert_int_equal(http_req(&ts, "POST", path, hq_tok, "{}", &r), 0);
		assert_int_equal(r.status, 200);
		http_reply_free(&r);
	}
	cJSON_Delete(j);

	/* invoices */
	assert_true(tui_open(&t, "3", "Invoices"));
	TUI_WAIT(&t, "Show:");
	assert_int_equal(fx_member_invoice(&ts, &payer, "刷新发票抬头"), 0);
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, "刷新发票抬头");
	tui_keys(&t, "Escape", NULL);

	/* notices */
	assert_true(tui_open(&t, "4", "Notices"));
	TUI_WAIT(&t, " of ");
	{
		struct http_reply r;

		assert_int_equal(http_req(&ts, "POST", "/api/v1/notices", hq_tok,
		                          "{\"title\":\"刷新公告\",\"body\":\"正文\"}", &r), 0);
		assert_int_equal(r.status, 201);
		http_reply_free(&r);
	}
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, "刷新公告");
	tui_keys(&t, "Escape", NULL);

	/* members, and one member */
	assert_true(tui_open(&t, "5", "Members"));
	tui_keys(&t, "/", NULL);
	tui_type(&t, "刷新丙");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "No member matches.");
	assert_int_equal(fx_member_submit(&ts, "freshc", "刷新丙", "HQ", "regular", &fresh_c), 0);
	fx_approve(&ts, fresh_c.app_id, "HQ");
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, "刷新丙");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Member no.");
	tui_keys(&t, "End", NULL);
	TUI_WAIT(&t, "No orders.");
	fresh_c.order_id = fx_dues_order(&ts, fresh_c.token);
	j = fx_get_order(&ts, fresh_c.token, fresh_c.order_id);
	snprintf(want, sizeof(want), "%s", json_str_or(j, "order_no", "?"));
	cJSON_Delete(j);
	tui_keys(&t, "r", NULL);
	TUI_GONE(&t, "No orders.");
	tui_keys(&t, "End", NULL);
	TUI_WAIT(&t, want);
	tui_keys(&t, "q", NULL);
	TUI_WAIT(&t, "Members");
	tui_keys(&t, "q", NULL);
	TUI_WAIT(&t, "Staff console");

	/* statistics */
	assert_true(tui_open(&t, "6", "Statistics"));
	tui_keys(&t, "r", NULL);
	assert_no_reject(&t);
	TUI_WAIT(&t, "Statistics");
	tui_stop(&t);

	/* nothing was rejected on the way */
	assert_string_equal(app_status(fresh_a.app_id, st), "approved");
	assert_string_equal(app_status(fresh_b.app_id, st), "pending_hq");
}

static void test_branch_officer_publishes(void **state)
{
	struct tui t;
	struct http_reply r;
	const cJSON *it;
	bool found = false;

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "bj_staff", FX_BRANCH_PASSWORD));
	assert_true(tui_open(&t, "4", "Notices"));
	TUI_WAIT(&t, " of ");
	TUI_WAIT(&t, "n new");
	/* headquarters' notices are not the branch's to change */
	tui_keys(&t, "Home", "e", NULL);
	TUI_WAIT(&t, "This notice is not your branch's");
	tui_keys(&t, "n", NULL);
	TUI_WAIT(&t, "New notice for your branch");
	tui_type(&t, "北京分会活动通知");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "周六在分会活动室举行。");
	tui_keys(&t, "Tab", "Tab", NULL);     /* to [ Save ] */
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "The notice was saved.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "北京分会活动通知");
	TUI_WAIT(&t, "Beijing");
	tui_stop(&t);

	assert_int_equal(http_req(&ts, "GET", "/api/v1/notices?per_page=100", NULL, NULL, &r), 0);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r.json, "items"))
		if (!strcmp(json_str_or(it, "title", ""), "北京分会活动通知")) {
			assert_string_equal(json_str_or(cJSON_GetObjectItemCaseSensitive(it, "org"),
			                                "code", ""), "BJ");
			found = true;
		}
	http_reply_free(&r);
	assert_true(found);

	/* a member of the branch reads it */
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "bjmember", FX_PASSWORD));
	assert_true(tui_menu(&t, "Notices"));
	TUI_WAIT(&t, "北京分会活动通知");
	tui_stop(&t);

	/* and headquarters see whose it is */
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", FX_HQ_PASSWORD));
	assert_true(tui_open(&t, "4", "Notices"));
	TUI_WAIT(&t, "北京分会活动通知");
	TUI_WAIT(&t, "Whose");
	TUI_WAIT(&t, "Beijing");
	tui_stop(&t);
}

static void test_reduce_fee(void **state)
{
	struct tui t;
	char order_no[64], asked[96];
	cJSON *o;

	(void)state;
	o = fx_get_order(&ts, feecut.token, feecut.order_id);
	snprintf(order_no, sizeof(order_no), "%s", json_str_or(o, "order_no", "?"));
	assert_true(json_int_or(o, "amount", 0) > 100);
	cJSON_Delete(o);

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", FX_HQ_PASSWORD));
	assert_true(tui_open(&t, "5", "Members"));
	tui_keys(&t, "/", NULL);
	tui_type(&t, "减免人");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "减免人");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "$ fee  r refresh");
	/* the whole key line fits at 80 columns */
	TUI_WAIT(&t, "z end  Esc back");
	tui_keys(&t, "End", NULL);
	TUI_WAIT(&t, order_no);
	tui_keys(&t, "$", NULL);
	TUI_WAIT(&t, "Unpaid orders:");
	TUI_WAIT(&t, order_no);
	/* more than the order asks is refused before anything is sent */
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "99999");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "经济困难，减免会费");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "A reduction asks less than the order does now.");
	tui_keys(&t, "C-u", NULL);
	tui_type(&t, "1");
	tui_keys(&t, "Enter", NULL);          /* to the reason, kept */
	tui_keys(&t, "Enter", NULL);
	snprintf(asked, sizeof(asked), "Reduce order %s from", order_no);
	TUI_WAIT(&t, asked);
	TUI_WAIT(&t, "to ¥1.00?");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "The fee was reduced; the member was told.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Member no.");
	tui_keys(&t, "End", NULL);
	TUI_WAIT(&t, "¥1.00");
	tui_stop(&t);

	o = fx_get_order(&ts, feecut.token, feecut.order_id);
	assert_int_equal(json_int_or(o, "amount", 0), 100);
	assert_string_equal(json_str_or(o, "status", ""), "unpaid");
	cJSON_Delete(o);
}

/* How many notices are pinned, as the server has them. */
static int pinned_count(void)
{
	cJSON *j = get_json(NULL, "/api/v1/notices?per_page=100");
	const cJSON *it;
	int n = 0;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
		n += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "pinned"));
	cJSON_Delete(j);
	return n;
}

/* The letters moved for one meaning each no longer do their old deed:
 * on the notices "p" pins nothing and "w" withdraws nothing (u and z
 * do); on the staff accounts "k" filters by role and disables nobody,
 * "p" sets no password (o and w do). */
static void test_one_meaning_per_key(void **state)
{
	struct tui t;
	int pinned = pinned_count();

	(void)state;
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "admin", "Admin-Demo-2026"));
	assert_true(tui_open(&t, "4", "Notices"));
	TUI_WAIT(&t, "u pin/unpin");
	TUI_WAIT(&t, "z withdraw");
	tui_keys(&t, "Home", "p", NULL);
	tui_settle(&t, 300);
	assert_int_equal(pinned_count(), pinned);
	tui_keys(&t, "w", NULL);
	tui_settle(&t, 300);
	assert_false(shown(&t, "Withdraw (delete)"));
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "Staff console");

	assert_true(tui_open(&t, "9", "Staff accounts"));
	TUI_WAIT(&t, "o disable");
	TUI_WAIT(&t, "Role: All");
	tui_keys(&t, "k", NULL);
	TUI_WAIT(&t, "Role: branch staff");
	assert_false(shown(&t, "Disable "));
	tui_keys(&t, "p", NULL);
	tui_settle(&t, 300);
	assert_false(shown(&t, "Set a new password"));
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_refreshes_everywhere),
		cmocka_unit_test(test_branch_officer_publishes),
		cmocka_unit_test(test_reduce_fee),
		cmocka_unit_test(test_one_meaning_per_key),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
