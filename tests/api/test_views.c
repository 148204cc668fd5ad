/* One shape per object: a level looks the same wherever the API shows it
 * (the catalogue, an order, the dues quote, an application, GET /me, the
 * certificate and its verification, the member register), an organisation
 * too, and so does the member staff see beside a bank transfer, an invoice
 * and an application under review. */
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

/* got must equal want, field for field; the message says where. */
static void same(const char *where, const cJSON *want, const cJSON *got)
{
	if (!cJSON_Compare(want, got, true)) {
		char *a = cJSON_PrintUnformatted(want), *b = cJSON_PrintUnformatted(got);
		fail_msg("%s differs:\n want %s\n got  %s", where, a, b);
	}
}

/* The item of a list (reply's "items") whose key is id (borrowed). */
static const cJSON *item_with(const cJSON *reply, const char *key, int64_t id)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(reply, "items"))
		if (json_int_or(it, key, 0) == id)
			return it;
	fail_msg("no item with %s %lld", key, (long long)id);
	return NULL;
}

static void test_one_level_shape(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "viewlevel", "HQ", "阮小二"), path[256];
	char years[16], *code;
	cJSON *levels, *want, *o;
	int64_t order;
	(void)state;

	/* the catalogue's level, less the list's own field */
	levels = fx_call(&ts_group, "GET", "/api/v1/levels", NULL, NULL, 200);
	want = cJSON_Duplicate(item_with(levels, "id", fx_level_id(&ts_group, "regular")), true);
	cJSON_DeleteItemFromObjectCaseSensitive(want, "rank");
	cJSON_Delete(levels);

	snprintf(path, sizeof path, "/api/v1/dues/quote?years=%d", fx_year());
	o = fx_call(&ts_group, "GET", path, tok, NULL, 200);
	same("the quote's level", want, cJSON_GetObjectItem(o, "level"));
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/application", tok, NULL, 200);
	same("the application's level", want, cJSON_GetObjectItem(o, "level"));
	cJSON_Delete(o);

	snprintf(years, sizeof years, "[%d]", fx_year());
	order = fx_order(&ts_group, tok, years);
	o = fx_get_order(&ts_group, tok, order);
	same("the order's level", want, cJSON_GetObjectItem(o, "level"));
	cJSON_Delete(o);
	code = fx_qr(&ts_group, tok, order);
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	free(code);

	o = fx_me_member(&ts_group, tok);
	same("GET /me's level", want, cJSON_GetObjectItem(o, "level"));
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", "/api/v1/certificate", tok, NULL, 200);
	same("the certificate's level", want, cJSON_GetObjectItem(o, "level"));
	/* and an organisation is the catalogue's, less its contact details */
	cJSON *orgs = fx_call(&ts_group, "GET", "/api/v1/orgs", NULL, NULL, 200);
	cJSON *org = cJSON_Duplicate(item_with(orgs, "id", fx_org_id(&ts_group, "HQ")), true);
	static const char *const contact[] = { "address", "contact", "phone", "email", NULL };
	for (const char *const *k = contact; *k; k++)
		cJSON_DeleteItemFromObjectCaseSensitive(org, *k);
	same("the certificate's org", org, cJSON_GetObjectItem(o, "org"));
	cJSON *me = fx_me_member(&ts_group, tok);
	same("GET /me's org", org, cJSON_GetObjectItem(me, "org"));
	cJSON_Delete(me);
	cJSON_Delete(org);
	cJSON_Delete(orgs);
	const char *url = json_str_or(o, "verify_url", ""), *v = strstr(url, "/v/");
	assert_non_null(v);
	snprintf(path, sizeof path, "/api/v1/verify/%s", v + 3);
	*strstr(path, "?s=") = '\0';
	snprintf(path + strlen(path), sizeof path - strlen(path), "?sig=%s", strstr(v, "?s=") + 3);
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", path, NULL, NULL, 200);
	assert_string_equal(json_str_or(o, "status", ""), "valid");
	same("the verification's level", want, cJSON_GetObjectItem(o, "level"));
	cJSON_Delete(o);
	cJSON_Delete(want);
	free(tok);
}

static void test_one_member_shape(void **state)
{
	char *hq = ts_login(&ts_group, "hq", "Hq-Demo-2026"), path[128];
	struct fx_member m;
	cJSON *transfers, *invoices, *app;
	const cJSON *want, *it;
	(void)state;

	assert_int_equal(fx_member_active(&ts_group, "viewmember", "阮小五", "BJ", "regular", &m), 0);
	assert_int_equal(fx_member_invoice(&ts_group, &m, "阮小五"), 0);

	transfers = fx_call(&ts_group, "GET", "/api/v1/review/bank-transfers?status=confirmed", hq,
	                    NULL, 200);
	it = NULL;
	cJSON_ArrayForEach(want, cJSON_GetObjectItemCaseSensitive(transfers, "items"))
		if (json_int_or(cJSON_GetObjectItem(want, "member"), "account_id", 0) == m.account_id)
			it = want;
	assert_non_null(it);
	want = cJSON_GetObjectItem(it, "member");
	/* what staff need to know who it is, and where they stand */
	assert_string_equal(json_str_or(want, "username", ""), "viewmember");
	assert_string_equal(json_str_or(want, "name", ""), "阮小五");
	assert_string_equal(json_str_or(want, "member_type", ""), "individual");
	assert_string_equal(json_str_or(want, "effective_status", ""), "active");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(want, "org"), "code", ""), "BJ");
	assert_true(strlen(json_str_or(want, "member_no", "")) > 0);

	invoices = fx_call(&ts_group, "GET", "/api/v1/review/invoices", hq, NULL, 200);
	it = NULL;
	const cJSON *inv;
	cJSON_ArrayForEach(inv, cJSON_GetObjectItemCaseSensitive(invoices, "items"))
		if (json_int_or(cJSON_GetObjectItem(inv, "member"), "account_id", 0) == m.account_id)
			it = inv;
	assert_non_null(it);
	same("an invoice's member", want, cJSON_GetObjectItem(it, "member"));

	snprintf(path, sizeof path, "/api/v1/review/applications/%lld", (long long)m.app_id);
	app = fx_call(&ts_group, "GET", path, hq, NULL, 200);
	same("an application's applicant", want, cJSON_GetObjectItem(app, "applicant"));
	cJSON_Delete(app);

	/* the register shows the same level and org objects */
	cJSON *reg = fx_call(&ts_group, "GET", "/api/v1/members?q=viewmember", hq, NULL, 200);
	it = item_with(reg, "id", m.account_id);
	same("the register's level", cJSON_GetObjectItem(want, "level"), cJSON_GetObjectItem(it, "level"));
	same("the register's org", cJSON_GetObjectItem(want, "org"), cJSON_GetObjectItem(it, "org"));
	cJSON_Delete(reg);
	cJSON_Delete(invoices);
	cJSON_Delete(transfers);
	fx_member_free(&m);
	free(hq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_level_shape),
		cmocka_unit_test(test_one_member_shape),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
