/* Joining, end to end against a real rosterd: the draft that survives a new
 * login, validation of what is filled, completeness at submit, the branch
 * and HQ reviews, the member's standing in /me, the history, the messages,
 * and the application form PDF with the applicant's Chinese name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

static const char *str(const cJSON *o, const char *k)
{
	return json_str_or(o, k, "(none)");
}

static const char *path_str(const cJSON *o, const char *k1, const char *k2)
{
	return json_str_or(cJSON_GetObjectItemCaseSensitive(o, k1), k2, "(none)");
}

static void test_join_through_branch(void **state)
{
	char *tok = fx_register(&ts_group, "lihua"), *tok2, *bj, *hq, path[128];
	cJSON *a, *p, *me, *hist, *msgs;
	const char *actions[] = { "create", "submit", "approve", "approve" };
	const char *actors[] = { "lihua", "lihua", "bj_staff", "hq" };
	int64_t id;
	int i;

	(void)state;
	/* a fresh draft says what is missing */
	a = fx_call(&ts_group, "GET", "/api/v1/application", tok, NULL, 200);
	id = json_int_or(a, "id", -1);
	assert_true(id > 0);
	assert_string_equal(str(a, "kind"), "join");
	assert_string_equal(str(a, "status"), "draft");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a, "editable")));
	for (const char *const *k = (const char *const[]){ "org_id", "level_id", "name",
	                                                    "id_number", "attachments", NULL }; *k; k++)
		if (!cJSON_HasObjectItem(cJSON_GetObjectItem(a, "missing"), *k))
			fail_msg("missing lacks %s", *k);
	cJSON_Delete(a);

	/* a draft (暂存) keeps what was typed, wrong or not: every field is
	 * saved and what is wrong is listed under "missing" at once */
	a = fx_call(&ts_group, "PUT", "/api/v1/application", tok,
	            "{\"profile\":{\"name\":\"李华\",\"id_type\":\"id_card\","
	            "\"id_number\":\"110105194912310021\",\"email\":\"not-an-address\","
	            "\"mobile\":\"12\"}}", 200);
	cJSON_Delete(a);
	a = fx_call(&ts_group, "GET", "/api/v1/application", tok, NULL, 200);
	assert_string_equal(path_str(a, "profile", "id_number"), "110105194912310021");
	assert_string_equal(path_str(a, "profile", "email"), "not-an-address");
	assert_string_equal(path_str(a, "profile", "mobile"), "12");
	for (const char *const *k = (const char *const[]){ "id_number", "email", "mobile", NULL };
	     *k; k++)
		if (!cJSON_HasObjectItem(cJSON_GetObjectItem(a, "missing"), *k))
			fail_msg("missing lacks %s", *k);
	cJSON_Delete(a);
	/* what no form can hold is still refused, and nothing of it is kept */
	a = fx_call(&ts_group, "PUT", "/api/v1/application", tok,
	            "{\"profile\":{\"name\":\"李华\",\"gender\":\"robot\","
	            "\"shoe_size\":\"42\"}}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "gender"));
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "shoe_size"));
	cJSON_Delete(a);
	a = fx_call(&ts_group, "GET", "/api/v1/application", tok, NULL, 200);
	assert_string_equal(path_str(a, "profile", "email"), "not-an-address");
	cJSON_Delete(a);
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/application", tok,
	                     "{\"profile\":{}}", 200));

	/* a partial draft is saved (暂存) and survives another login */
	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "name", "李华");
	fx_draft(&ts_group, tok, "BJ", "regular", p);
	tok2 = ts_login(&ts_group, "lihua", FX_PASSWORD);
	assert_non_null(tok2);
	a = fx_call(&ts_group, "GET", "/api/v1/application", tok2, NULL, 200);
	assert_int_equal(json_int_or(a, "id", -1), id);
	assert_string_equal(path_str(a, "profile", "name"), "李华");
	assert_string_equal(path_str(a, "org", "code"), "BJ");
	assert_string_equal(path_str(a, "level", "code"), "regular");
	assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "missing"), "org_id"));
	assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "missing"), "name"));
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "missing"), "employer"));
	cJSON_Delete(a);

	/* submitting an incomplete application says what is missing */
	a = fx_call(&ts_group, "POST", "/api/v1/application/submit", tok2, "{}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "employer"));
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "attachments"));
	cJSON_Delete(a);
	fx_draft(&ts_group, tok2, NULL, NULL, fx_profile("李华"));
	a = fx_call(&ts_group, "POST", "/api/v1/application/submit", tok2, "{}", 422);
	assert_null(cJSON_GetObjectItem(fx_fields(a), "employer"));
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "attachments"));
	cJSON_Delete(a);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(str(me, "status"), "draft");
	assert_string_equal(path_str(me, "org", "code"), "BJ");
	cJSON_Delete(me);

	/* with the stamped form it goes to the branch */
	fx_upload_form(&ts_group, tok);
	a = fx_call(&ts_group, "POST", "/api/v1/application/submit", tok, "{}", 200);
	assert_string_equal(str(a, "status"), "pending_branch");
	assert_string_equal(str(a, "stage"), "branch");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(a, "editable")));
	cJSON_Delete(a);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(str(me, "status"), "pending_branch");
	assert_string_equal(str(me, "effective_status"), "pending_branch");
	cJSON_Delete(me);

	/* nothing changes while it is under review */
	cJSON_Delete(fx_call(&ts_group, "POST", "/api/v1/application/submit", tok, "{}", 409));
	cJSON_Delete(fx_call(&ts_group, "PUT", "/api/v1/application", tok,
	                     "{\"profile\":{\"name\":\"王五\"}}", 409));
	a = fx_call(&ts_group, "GET", "/api/v1/application", tok, NULL, 200);
	assert_string_equal(path_str(a, "profile", "name"), "李华");
	cJSON_Delete(a);

	/* the branch's queue has it; HQ may not act at the branch stage */
	bj = ts_login(&ts_group, "bj_staff", "Branch-Demo-2026");
	hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	assert_non_null(bj);
	assert_non_null(hq);
	a = fx_call(&ts_group, "GET", "/api/v1/review/applications?stage=branch&kind=join", bj, NULL, 200);
	assert_int_equal(json_int_or(a, "total", -1), 1);
	assert_int_equal(json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "items"), 0), "id", -1), id);
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "items"), 0),
	                        "applicant_name"), "李华");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(
		cJSON_GetObjectItem(a, "items"), 0), "may_act")));
	cJSON_Delete(a);
	assert_int_equal(fx_decide(&ts_group, hq, id, "approve", NULL), 403);
	assert_int_equal(fx_decide(&ts_group, bj, id, "approve", "材料齐全"), 200);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(str(me, "status"), "pending_hq");
	cJSON_Delete(me);
	/* the branch is done with it: a second branch approval is refused */
	assert_int_equal(fx_decide(&ts_group, bj, id, "approve", NULL), 403);

	/* HQ approves: payment is next */
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)id);
	a = fx_call(&ts_group, "GET", path, hq, NULL, 200);
	assert_string_equal(str(a, "status"), "pending_hq");
	assert_string_equal(path_str(a, "applicant", "username"), "lihua");
	assert_string_equal(path_str(a, "profile", "employer"), "示例研究院");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "attachments")), 1);
	cJSON_Delete(a);
	assert_int_equal(fx_decide(&ts_group, hq, id, "approve", NULL), 200);
	assert_int_equal(fx_decide(&ts_group, hq, id, "approve", NULL), 409);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(str(me, "status"), "pending_payment");
	assert_string_equal(str(me, "name"), "李华");
	assert_string_equal(path_str(me, "level", "code"), "regular");
	assert_string_equal(path_str(me, "org", "name_zh"), "北京分会");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(me, "member_no")));
	cJSON_Delete(me);

	/* each step is in the history, with who did it */
	a = fx_call(&ts_group, "GET", "/api/v1/application", tok, NULL, 200);
	assert_string_equal(str(a, "status"), "approved");
	hist = cJSON_GetObjectItem(a, "history");
	assert_int_equal(cJSON_GetArraySize(hist), 4);
	for (i = 0; i < 4; i++) {
		const cJSON *h = cJSON_GetArrayItem(hist, i);
		assert_string_equal(str(h, "action"), actions[i]);
		assert_string_equal(path_str(h, "actor", "username"), actors[i]);
		assert_true(json_int_or(h, "at", 0) > 0);
	}
	assert_string_equal(str(cJSON_GetArrayItem(hist, 2), "reason"), "材料齐全");
	assert_string_equal(str(cJSON_GetArrayItem(hist, 3), "to_status"), "approved");
	cJSON_Delete(a);

	/* and the member was told at every step */
	msgs = fx_call(&ts_group, "GET", "/api/v1/messages", tok, NULL, 200);
	assert_int_equal(json_int_or(msgs, "total", -1), 3);
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItem(msgs, "items"), 0),
	                        "title_zh"), "入会申请已批准");
	assert_int_equal(json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(msgs, "items"), 0),
	                             "ref_id", -1), id);
	cJSON_Delete(msgs);
	a = fx_call(&ts_group, "GET", "/api/v1/me", tok, NULL, 200);
	assert_int_equal(json_int_or(a, "unread_messages", -1), 3);
	cJSON_Delete(a);
	free(tok);
	free(tok2);
	free(bj);
	free(hq);
}

static void test_join_hq_directly(void **state)
{
	char *tok = fx_register(&ts_group, "zhaolei"), *bj, *hq, path[128];
	cJSON *a, *me, *p;
	int64_t id;

	(void)state;
	/* the ID number (GB 11643) says born 1949-12-31, a woman: a form that
	 * says otherwise is refused at submit, both problems at once */
	p = fx_profile("赵磊");
	cJSON_ReplaceItemInObject(p, "birth_date", cJSON_CreateString("1950-01-01"));
	cJSON_ReplaceItemInObject(p, "gender", cJSON_CreateString("male"));
	fx_draft(&ts_group, tok, "HQ", "senior", p);
	fx_upload_form(&ts_group, tok);
	a = fx_call(&ts_group, "POST", "/api/v1/application/submit", tok, "{}", 422);
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "birth_date"));
	assert_non_null(cJSON_GetObjectItem(fx_fields(a), "gender"));
	assert_null(cJSON_GetObjectItem(fx_fields(a), "id_number"));
	cJSON_Delete(a);
	fx_draft(&ts_group, tok, "HQ", "senior", fx_profile("赵磊"));
	a = fx_call(&ts_group, "POST", "/api/v1/application/submit", tok, "{}", 200);
	id = json_int_or(a, "id", -1);
	assert_string_equal(str(a, "status"), "pending_hq");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "review_org")));
	cJSON_Delete(a);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(str(me, "status"), "pending_hq");
	cJSON_Delete(me);

	/* no branch has it */
	bj = ts_login(&ts_group, "bj_staff", "Branch-Demo-2026");
	snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)id);
	cJSON_Delete(fx_call(&ts_group, "GET", path, bj, NULL, 404));
	assert_int_equal(fx_decide(&ts_group, bj, id, "approve", NULL), 404);

	hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	a = fx_call(&ts_group, "GET", "/api/v1/review/applications?stage=hq", hq, NULL, 200);
	assert_true(json_int_or(a, "total", 0) >= 1);
	cJSON_Delete(a);
	assert_int_equal(fx_decide(&ts_group, hq, id, "approve", NULL), 200);
	me = fx_me_member(&ts_group, tok);
	assert_string_equal(str(me, "status"), "pending_payment");
	assert_string_equal(path_str(me, "level", "code"), "senior");
	assert_string_equal(path_str(me, "org", "code"), "HQ");
	cJSON_Delete(me);
	free(tok);
	free(bj);
	free(hq);
}

/* Output of pdftotext on bytes (caller frees). */
static char *pdf_text(const char *pdf, size_t len)
{
	char tmpl[] = "/tmp/roster-test-join-XXXXXX", cmd[128], *out = NULL;
	size_t cap = 0, n = 0, got;
	int fd = mkstemp(tmpl);
	FILE *p;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf, len), (ssize_t)len);
	close(fd);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s -", tmpl);
	p = popen(cmd, "r");
	assert_non_null(p);
	do {
		if (n + 4097 > cap) {
			cap = cap ? cap * 2 : 8192;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		got = fread(out + n, 1, 4096, p);
		n += got;
	} while (got > 0);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	unlink(tmpl);
	return out;
}

static void test_form_pdf(void **state)
{
	char *tok = fx_register(&ts_group, "chenjing"), *text, *cd;
	struct http_reply r;

	(void)state;
	fx_draft(&ts_group, tok, "SH", "student", fx_profile("陈静怡"));
	assert_int_equal(http_req(&ts_group, "GET", "/api/v1/application/form.pdf", tok, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 1000);
	assert_memory_equal(r.body, "%PDF-", 5);
	cd = http_reply_header(&r, "Content-Disposition");
	assert_non_null(cd);
	assert_non_null(strstr(cd, "attachment"));
	assert_non_null(strstr(cd, "filename*=UTF-8''"));
	free(cd);
	text = pdf_text(r.body, r.len);
	if (!strstr(text, "陈静怡"))
		fail_msg("the form does not show the applicant's name:\n%s", text);
	assert_non_null(strstr(text, "上海分会"));
	assert_non_null(strstr(text, "学生会员"));
	assert_non_null(strstr(text, "示例研究院"));
	free(text);
	http_reply_free(&r);
	free(tok);
}

static void test_staff_have_no_application(void **state)
{
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026");
	cJSON *me;

	(void)state;
	me = fx_call(&ts_group, "GET", "/api/v1/me", hq, NULL, 200);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(me, "member")));
	assert_int_equal(json_int_or(me, "unread_messages", -1), 0);
	cJSON_Delete(me);
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/application", hq, NULL, 403));
	cJSON_Delete(fx_call(&ts_group, "GET", "/api/v1/application", NULL, NULL, 401));
	free(hq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join_through_branch),
		cmocka_unit_test(test_join_hq_directly),
		cmocka_unit_test(test_form_pdf),
		cmocka_unit_test(test_staff_have_no_application),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
