/* rosterd.conf for the payment gateways and the document kinds: a gateway
 * switched on without all of its keys, or a document kind the server does
 * not know, stops the configuration with a message naming the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "config.h"

static int finish_with(const char *const *sets, char *err, size_t n)
{
	struct config cfg;
	int rc;

	config_defaults(&cfg);
	for (size_t i = 0; sets[i]; i += 2)
		assert_int_equal(config_set(&cfg, sets[i], sets[i + 1], err, n), 0);
	rc = config_finish(&cfg, err, n);
	config_free(&cfg);
	return rc;
}

static void test_gateway_needs_every_key(void **state)
{
	static const char *const wx_only[] = { "wechat.mchid", "1900000109", NULL };
	static const char *const wx_all[] = {
		"wechat.mchid", "1900000109", "wechat.appid", "wx1", "wechat.merchant_serial", "AB",
		"wechat.merchant_key", "/k.pem", "wechat.apiv3_key_file", "/v3",
		"wechat.public_key", "/pub.pem", "wechat.public_key_id", "PUB_KEY_ID_1", NULL
	};
	static const char *const ali_only[] = { "alipay.app_id", "2021", NULL };
	char err[256];
	(void)state;

	assert_int_equal(finish_with(wx_only, err, sizeof err), -1);
	assert_non_null(strstr(err, "wechat.appid"));
	assert_int_equal(finish_with(wx_all, err, sizeof err), 0);
	assert_int_equal(finish_with(ali_only, err, sizeof err), -1);
	assert_non_null(strstr(err, "alipay.seller_id"));
}

static void test_document_kinds(void **state)
{
	static const char *const only_receipt[] = { "documents.kinds", "dues_receipt", NULL };
	static const char *const fapiao_default[] = {
		"documents.kinds", "normal, special", "documents.default_kind", "normal", NULL
	};
	static const char *const unknown[] = { "documents.kinds", "dues_receipt,fancy", NULL };
	static const char *const twice[] = { "documents.kinds", "normal,normal", NULL };
	static const char *const default_not_offered[] = { "documents.kinds", "normal", NULL };
	char err[256];
	(void)state;

	assert_int_equal(finish_with(only_receipt, err, sizeof err), 0);
	assert_int_equal(finish_with(fapiao_default, err, sizeof err), 0);
	assert_int_equal(finish_with(unknown, err, sizeof err), -1);
	assert_non_null(strstr(err, "documents.kinds"));
	assert_int_equal(finish_with(twice, err, sizeof err), -1);
	/* the shipped default kind (dues_receipt) is not offered there */
	assert_int_equal(finish_with(default_not_offered, err, sizeof err), -1);
	assert_non_null(strstr(err, "documents.default_kind"));
	assert_true(config_list_has("dues_receipt, normal", "normal"));
	assert_false(config_list_has("dues_receipt,normal", "norma"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gateway_needs_every_key),
		cmocka_unit_test(test_document_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
