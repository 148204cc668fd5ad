/* The payment voucher (缴费凭证, not a financial receipt) of a paid order: a
 * PDF whose text carries the
 * payer, the amount in figures and in Chinese capitals, the years, the
 * order and receipt numbers. Unpaid orders have none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"
#include "harness.h"
#include "roster/json.h"

static void assert_has(const char *text, const char *what)
{
	if (!strstr(text, what))
		fail_msg("the receipt lacks \"%s\":\n%s", what, text);
}

static void test_receipt_pdf(void **state)
{
	char *tok = fx_pending_payment(&ts_group, "rcpayer", "HQ", "欧阳修远"), *other;
	char years[32], path[128], *code, *pdf, *text, order_no[32], receipt_no[32], yr[16];
	struct http_reply r;
	int64_t order;
	size_t len;
	cJSON *o;
	int y = fx_year();
	(void)state;

	snprintf(years, sizeof years, "[%d,%d]", y, y + 1);
	order = fx_order(&ts_group, tok, years);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/voucher.pdf", (long long)order);
	/* not before it is paid */
	cJSON_Delete(fx_call(&ts_group, "GET", path, tok, NULL, 409));
	code = fx_qr(&ts_group, tok, order);
	assert_int_equal(fx_confirm(&ts_group, code), 200);
	free(code);
	o = fx_get_order(&ts_group, tok, order);
	snprintf(order_no, sizeof order_no, "%s", json_str_or(o, "order_no", ""));
	snprintf(receipt_no, sizeof receipt_no, "%s", json_str_or(o, "receipt_no", ""));
	cJSON_Delete(o);
	assert_int_equal(receipt_no[0], 'R');

	assert_int_equal(http_req(&ts_group, "GET", path, tok, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	char *ct = http_reply_header(&r, "Content-Type");
	assert_non_null(ct);
	assert_non_null(strstr(ct, "application/pdf"));
	free(ct);
	char *cd = http_reply_header(&r, "Content-Disposition");
	assert_non_null(cd);
	assert_non_null(strstr(cd, order_no));
	assert_non_null(strstr(cd, "voucher-"));
	free(cd);
	assert_memory_equal(r.body, "%PDF-", 5);
	http_reply_free(&r);

	/* the older name serves the same voucher */
	snprintf(path, sizeof path, "/api/v1/orders/%lld/receipt.pdf", (long long)order);
	pdf = fx_get_raw(&ts_group, path, tok, 200, &len);
	text = fx_pdf_text(pdf, len);
	assert_has(text, "缴费凭证");
	assert_has(text, "欧阳修远");
	assert_has(text, order_no);
	assert_has(text, receipt_no);
	/* two years of 普通会员 at ¥300 */
	assert_has(text, "¥600.00");
	assert_has(text, "陆佰元整");
	assert_has(text, "普通会员");
	snprintf(yr, sizeof yr, "%d", y);
	assert_has(text, yr);
	snprintf(yr, sizeof yr, "%d", y + 1);
	assert_has(text, yr);
	assert_has(text, "中国示例协会");
	free(text);
	free(pdf);

	/* nobody else's */
	other = fx_register(&ts_group, "rcother");
	cJSON_Delete(fx_call(&ts_group, "GET", path, other, NULL, 404));
	free(other);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_receipt_pdf),
	};
	return cmocka_run_group_tests(tests, ts_group_setup, ts_group_teardown);
}
