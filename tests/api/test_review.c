/* Reviews against a real rosterd: rejection needs a reason and reaches the
 * member, the application is edited and submitted again; the queues and
 * their filters; and races: many officers approving at once, or a member
 * submitting from several devices at once, leave exactly one step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>
#include <curl/curl.h>

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

#define RACERS 8

static struct test_server ts;

static int setup(void **state)
{
	(void)state;
	curl_global_init(CURL_GLOBAL_ALL);
	return ts_start(&ts, NULL);
}

static int teardown(void **state)
{
	(void)state;
	int rc = ts_stop(&ts);
	curl_global_cleanup();
	return rc == 0 ? 0 : -1;
}

static const char *str(const cJSON *o, const char *k)
{
	return json_str_or(o, k, "(none)");
}

/* Count the history rows of an application with this action and to_status. */
static int history_count(const cJSON *app, const char *action, const char *to)
{
	const cJSON *h;
	int n = 0;

	cJSON_ArrayForEach(h, cJSON_GetObjectItem(app, "history"))
		if (strcmp(str(h, "action"), action) == 0 && (!to || strcmp(str(h, "to_status"), to) == 0))
			n++;
	return n;
}

/* Messages of a member whose Chinese title is title. */
static int messages_titled(const char *tok, const char *title)
{
	cJSON *m = fx_call(&ts, "GET", "/api/v1/messages?per_page=100", tok, NULL, 200);
	const cJSON *it;
	int n = 0;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(m, "items"))
		if (strcmp(str(it, "title_zh"), title) == 0)
			n++;
	cJSON_Delete(m);
	return n;
}

static void test_reject_and_resubmit(void **state)
{
	char *tok = fx_register(&ts, "sunli"), *bj = ts_login(&ts, "bj_staff", "Branch-Demo-2026");
	char *hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	const char *reason = "申请表未盖章";
	cJSON *a, *me, *msgs;
	int64_t id;

	(void)state;
	fx_draft(&ts, tok, "BJ", "regular", fx_profile("孙丽"));
	fx_upload_form(&ts, tok);
	id = fx_submit(&ts, tok);

	/* a rejection needs a reason */
	assert_int_equal(fx_decide(&ts, bj, id, "reject", NULL), 422);
	assert_int_equal(fx_decide(&ts, bj, id, "reject", ""), 422);
	me = fx_me_member(&ts, tok);
	assert_string_equal(str(me, "status"), "pending_branch");
	cJSON_Delete(me);
	assert_int_equal(fx_decide(&ts, bj, id, "reject", reason), 200);
	assert_int_equal(fx_decide(&ts, bj, id, "reject", reason), 409);

	/* the member sees the status with the reason, and a message */
	me = fx_me_member(&ts, tok);
	assert_string_equal(str(me, "status"), "rejected");
	assert_string_equal(str(me, "status_reason"), reason);
	cJSON_Delete(me);
	msgs = fx_call(&ts, "GET", "/api/v1/messages", tok, NULL, 200);
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(msgs, "items"), 0), "title_zh"),
	                    "入会申请已驳回");
	assert_non_null(strstr(str(cJSON_GetArrayItem(cJSON_GetObjectItem(msgs, "items"), 0), "body_zh"),
	                       reason));
	cJSON_Delete(msgs);

	/* edited and submitted again, it starts over at the branch */
	a = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_string_equal(str(a, "status"), "rejected");
	assert_string_equal(str(a, "status_reason"), reason);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a, "editable")));
	cJSON_Delete(a);
	cJSON_Delete(fx_call(&ts, "PUT", "/api/v1/application", tok,
	                     "{\"profile\":{\"name\":\"孙丽\",\"gender\":\"female\",\"birth_date\":\"1949-12-31\","
	                     "\"id_type\":\"id_card\",\"id_number\":\"11010519491231002X\","
	                     "\"mobile\":\"13912345678\",\"email\":\"sunli@example.test\","
	                     "\"address\":\"北京市西城区1号\",\"education\":\"doctorate\","
	                     "\"employer\":\"示例大学\"}}", 200));
	fx_upload_form(&ts, tok);
	a = fx_call(&ts, "POST", "/api/v1/application/submit", tok, "{}", 200);
	assert_string_equal(str(a, "status"), "pending_branch");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "attachments")), 2);
	cJSON_Delete(a);

	/* rejected at HQ this time, and round again */
	assert_int_equal(fx_decide(&ts, bj, id, "approve", NULL), 200);
	assert_int_equal(fx_decide(&ts, hq, id, "reject", "单位名称与公章不符"), 200);
	me = fx_me_member(&ts, tok);
	assert_string_equal(str(me, "status"), "rejected");
	assert_string_equal(str(me, "status_reason"), "单位名称与公章不符");
	cJSON_Delete(me);
	a = fx_call(&ts, "POST", "/api/v1/application/submit", tok, "{}", 200);
	assert_string_equal(str(a, "status"), "pending_branch");
	assert_int_equal(history_count(a, "submit", "pending_branch"), 3);
	assert_int_equal(history_count(a, "reject", "rejected"), 2);
	{
		const cJSON *h;
		bool found = false;
		cJSON_ArrayForEach(h, cJSON_GetObjectItem(a, "history"))
			if (strcmp(str(h, "action"), "reject") == 0 && strcmp(str(h, "reason"), reason) == 0)
				found = strcmp(json_str_or(cJSON_GetObjectItem(h, "actor"), "username", ""),
				               "bj_staff") == 0;
		assert_true(found);
	}
	cJSON_Delete(a);
	free(tok);
	free(bj);
	free(hq);
}

static void test_queues(void **state)
{
	char *hq = ts_login(&ts, "hq", "Hq-Demo-2026"), *sh = ts_login(&ts, "sh_staff", "Branch-Demo-2026");
	char *t1 = fx_register(&ts, "queue1"), *t2 = fx_register(&ts, "queue2"), path[160];
	cJSON *q;
	const cJSON *it;
	int64_t id1, id2, sh_org = fx_org_id(&ts, "SH");

	(void)state;
	fx_draft(&ts, t1, "SH", "regular", fx_profile("排队一"));
	fx_upload_form(&ts, t1);
	id1 = fx_submit(&ts, t1);
	fx_draft(&ts, t2, "HQ", "regular", fx_profile("排队二"));
	fx_upload_form(&ts, t2);
	id2 = fx_submit(&ts, t2);

	/* the SH officer's queue has only SH's application */
	q = fx_call(&ts, "GET", "/api/v1/review/applications", sh, NULL, 200);
	assert_int_equal(json_int_or(q, "total", -1), 1);
	assert_int_equal(json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(q, "items"), 0), "id", -1), id1);
	cJSON_Delete(q);

	/* HQ sees both stages; the stage filter splits them */
	q = fx_call(&ts, "GET", "/api/v1/review/applications?stage=hq", hq, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(q, "items")) {
		assert_string_equal(str(it, "status"), "pending_hq");
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(it, "may_act")));
	}
	{
		bool seen = false;
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(q, "items"))
			seen |= json_int_or(it, "id", 0) == id2;
		assert_true(seen);
	}
	cJSON_Delete(q);
	snprintf(path, sizeof path, "/api/v1/review/applications?stage=branch&org_id=%lld",
	         (long long)sh_org);
	q = fx_call(&ts, "GET", path, hq, NULL, 200);
	assert_int_equal(json_int_or(q, "total", -1), 1);
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(q, "items"), 0);
	assert_int_equal(json_int_or(it, "id", -1), id1);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(it, "may_act")));
	cJSON_Delete(q);
	q = fx_call(&ts, "GET", "/api/v1/review/applications?kind=level_change", hq, NULL, 200);
	assert_int_equal(json_int_or(q, "total", -1), 0);
	cJSON_Delete(q);

	/* drafts are nobody's business but the member's */
	{
		char *t3 = fx_register(&ts, "queue3");
		cJSON_Delete(fx_call(&ts, "GET", "/api/v1/application", t3, NULL, 200));
		free(t3);
	}
	q = fx_call(&ts, "GET", "/api/v1/review/applications?status=all&per_page=100", hq, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(q, "items"))
		assert_string_not_equal(str(it, "status"), "draft");
	cJSON_Delete(q);

	/* unknown filters are refused, not ignored */
	q = fx_call(&ts, "GET", "/api/v1/review/applications?stage=somewhere", hq, NULL, 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(q), "stage"));
	cJSON_Delete(q);
	q = fx_call(&ts, "GET", "/api/v1/review/applications?kind=holiday", hq, NULL, 422);
	cJSON_Delete(q);
	q = fx_call(&ts, "GET", "/api/v1/review/applications?status=maybe", hq, NULL, 422);
	cJSON_Delete(q);
	free(hq);
	free(sh);
	free(t1);
	free(t2);
}

struct racer {
	pthread_t th;
	const char *method;
	char path[128];
	const char *token;
	const char *body;
	long status;
	pthread_barrier_t *start;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct http_reply rep;

	pthread_barrier_wait(r->start);
	r->status = http_req(&ts, r->method, r->path, r->token, r->body, &rep) == 0 ? rep.status : -1;
	http_reply_free(&rep);
	return NULL;
}

/* RACERS threads send the same request at once; counts the statuses. */
static void run_race(const char *method, const char *path, char *const *tokens,
                     const char *body, int *ok, int *conflict)
{
	struct racer r[RACERS];
	pthread_barrier_t start;

	*ok = *conflict = 0;
	pthread_barrier_init(&start, NULL, RACERS);
	for (int i = 0; i < RACERS; i++) {
		r[i].method = method;
		snprintf(r[i].path, sizeof r[i].path, "%s", path);
		r[i].token = tokens[i];
		r[i].body = body;
		r[i].start = &start;
		assert_int_equal(pthread_create(&r[i].th, NULL, race, &r[i]), 0);
	}
	for (int i = 0; i < RACERS; i++) {
		pthread_join(r[i].th, NULL);
		if (r[i].status == 200)
			(*ok)++;
		else if (r[i].status == 409)
			(*conflict)++;
		else
			fail_msg("racer %d: %ld", i, r[i].status);
	}
	pthread_barrier_destroy(&start);
}

static void test_concurrent_approvals(void **state)
{
	char *tok = fx_register(&ts, "racer"), *staff[RACERS], path[128];
	cJSON *a, *me;
	int64_t id;
	int ok, conflict;

	(void)state;
	fx_draft(&ts, tok, "HQ", "regular", fx_profile("竞速"));
	fx_upload_form(&ts, tok);
	id = fx_submit(&ts, tok);
	/* HQ officers in separate sessions (and admin) approve at once */
	for (int i = 0; i < RACERS; i++) {
		staff[i] = i % 2 ? ts_login(&ts, "admin", "Admin-Demo-2026")
		                 : ts_login(&ts, "hq", "Hq-Demo-2026");
		assert_non_null(staff[i]);
	}
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld/approve", (long long)id);
	run_race("POST", path, staff, "{}", &ok, &conflict);
	assert_int_equal(ok, 1);
	assert_int_equal(conflict, RACERS - 1);

	a = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_string_equal(str(a, "status"), "approved");
	assert_int_equal(history_count(a, "approve", NULL), 1);
	cJSON_Delete(a);
	me = fx_me_member(&ts, tok);
	assert_string_equal(str(me, "status"), "pending_payment");
	cJSON_Delete(me);
	assert_int_equal(messages_titled(tok, "入会申请已批准"), 1);

	/* approve and reject racing: one wins, and the member's standing
	 * agrees with the application */
	{
		char *t2 = fx_register(&ts, "racer2"), *hq = staff[0];
		struct racer r[2];
		pthread_barrier_t start;
		int64_t id2;

		fx_draft(&ts, t2, "HQ", "regular", fx_profile("竞速二"));
		fx_upload_form(&ts, t2);
		id2 = fx_submit(&ts, t2);
		pthread_barrier_init(&start, NULL, 2);
		for (int i = 0; i < 2; i++) {
			r[i].method = "POST";
			snprintf(r[i].path, sizeof r[i].path, "/api/v1/review/applications/%lld/%s",
			         (long long)id2, i ? "reject" : "approve");
			r[i].token = hq;
			r[i].body = "{\"reason\":\"同时操作\"}";
			r[i].start = &start;
			pthread_create(&r[i].th, NULL, race, &r[i]);
		}
		pthread_join(r[0].th, NULL);
		pthread_join(r[1].th, NULL);
		pthread_barrier_destroy(&start);
		assert_true((r[0].status == 200) != (r[1].status == 200));
		assert_int_equal(r[0].status + r[1].status, 200 + 409);
		a = fx_call(&ts, "GET", "/api/v1/application", t2, NULL, 200);
		me = fx_me_member(&ts, t2);
		if (r[0].status == 200) {
			assert_string_equal(str(a, "status"), "approved");
			assert_string_equal(str(me, "status"), "pending_payment");
		} else {
			assert_string_equal(str(a, "status"), "rejected");
			assert_string_equal(str(me, "status"), "rejected");
		}
		assert_int_equal(history_count(a, "approve", NULL) + history_count(a, "reject", NULL), 1);
		cJSON_Delete(a);
		cJSON_Delete(me);
		free(t2);
	}
	for (int i = 0; i < RACERS; i++)
		free(staff[i]);
	free(tok);
}

static void test_double_submit(void **state)
{
	char *tok = fx_register(&ts, "doubler"), *devices[RACERS];
	cJSON *a, *me;
	int ok, conflict;

	(void)state;
	fx_draft(&ts, tok, "BJ", "regular", fx_profile("双击"));
	fx_upload_form(&ts, tok);
	/* the same member on several devices presses submit at once */
	for (int i = 0; i < RACERS; i++) {
		devices[i] = ts_login(&ts, "doubler", FX_PASSWORD);
		assert_non_null(devices[i]);
	}
	run_race("POST", "/api/v1/application/submit", devices, "{}", &ok, &conflict);
	assert_int_equal(ok, 1);
	assert_int_equal(conflict, RACERS - 1);
	a = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_string_equal(str(a, "status"), "pending_branch");
	assert_int_equal(history_count(a, "submit", NULL), 1);
	cJSON_Delete(a);
	me = fx_me_member(&ts, tok);
	assert_string_equal(str(me, "status"), "pending_branch");
	cJSON_Delete(me);
	assert_int_equal(messages_titled(tok, "入会申请已提交"), 1);
	for (int i = 0; i < RACERS; i++)
		free(devices[i]);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reject_and_resubmit),
		cmocka_unit_test(test_queues),
		cmocka_unit_test(test_concurrent_approvals),
		cmocka_unit_test(test_double_submit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
