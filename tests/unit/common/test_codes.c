/* Codes for kinds and statuses (roster/codes.h): every list maps its codes
 * to their positions and back, unknown codes are refused, a code shows in
 * its one wording, and the zh_CN catalogue gives each English wording the
 * Chinese wording the list names. */
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "roster/codes.h"

struct row {
	enum code_list list;
	int value;
	const char *code, *en, *zh;
};

/* one row per entry of every list, with the list it belongs to */
static const struct row rows[] = {
#define X_APP_KIND(n, c, e, z)        { CODES_APP_KIND, n, c, e, z },
#define X_APP_STATUS(n, c, e, z)      { CODES_APP_STATUS, n, c, e, z },
#define X_APP_ACTION(n, c, e, z)      { CODES_APP_ACTION, n, c, e, z },
#define X_MEMBER_STATUS(n, c, e, z)   { CODES_MEMBER_STATUS, n, c, e, z },
#define X_BRANCH_STATUS(n, c, e, z)   { CODES_BRANCH_STATUS, n, c, e, z },
#define X_MEMBER_TYPE(n, c, e, z)     { CODES_MEMBER_TYPE, n, c, e, z },
#define X_ACCOUNT_ROLE(n, c, e, z)    { CODES_ACCOUNT_ROLE, n, c, e, z },
#define X_CERT_STATUS(n, c, e, z)     { CODES_CERT_STATUS, n, c, e, z },
#define X_ORDER_KIND(n, c, e, z)      { CODES_ORDER_KIND, n, c, e, z },
#define X_ORDER_STATUS(n, c, e, z)    { CODES_ORDER_STATUS, n, c, e, z },
#define X_PAY_METHOD(n, c, e, z)      { CODES_PAY_METHOD, n, c, e, z },
#define X_PAYMENT_STATUS(n, c, e, z)  { CODES_PAYMENT_STATUS, n, c, e, z },
#define X_TRANSFER_STATUS(n, c, e, z) { CODES_TRANSFER_STATUS, n, c, e, z },
#define X_INVOICE_KIND(n, c, e, z)    { CODES_INVOICE_KIND, n, c, e, z },
#define X_INVOICE_STATUS(n, c, e, z)  { CODES_INVOICE_STATUS, n, c, e, z },
#define X_INVOICE_TITLE(n, c, e, z)   { CODES_INVOICE_TITLE, n, c, e, z },
#define X_REFUND_STATUS(n, c, e, z)   { CODES_REFUND_STATUS, n, c, e, z },
#define X_REFUND_CAUSE(n, c, e, z)    { CODES_REFUND_CAUSE, n, c, e, z },
	ROSTER_APP_KINDS(X_APP_KIND)
	ROSTER_APP_STATUSES(X_APP_STATUS)
	ROSTER_APP_ACTIONS(X_APP_ACTION)
	ROSTER_MEMBER_STATUSES(X_MEMBER_STATUS)
	ROSTER_BRANCH_STATUSES(X_BRANCH_STATUS)
	ROSTER_MEMBER_TYPES(X_MEMBER_TYPE)
	ROSTER_ACCOUNT_ROLES(X_ACCOUNT_ROLE)
	ROSTER_CERT_STATUSES(X_CERT_STATUS)
	ROSTER_ORDER_KINDS(X_ORDER_KIND)
	ROSTER_ORDER_STATUSES(X_ORDER_STATUS)
	ROSTER_PAY_METHODS(X_PAY_METHOD)
	ROSTER_PAYMENT_STATUSES(X_PAYMENT_STATUS)
	ROSTER_TRANSFER_STATUSES(X_TRANSFER_STATUS)
	ROSTER_INVOICE_KINDS(X_INVOICE_KIND)
	ROSTER_INVOICE_STATUSES(X_INVOICE_STATUS)
	ROSTER_INVOICE_TITLES(X_INVOICE_TITLE)
	ROSTER_REFUND_STATUSES(X_REFUND_STATUS)
	ROSTER_REFUND_CAUSES(X_REFUND_CAUSE)
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static void test_every_list_round_trips(void **state)
{
	size_t per_list[CODES__COUNT] = { 0 };

	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];

		assert_int_equal(code_index(r->list, r->code), r->value);
		assert_true(code_valid(r->list, r->code));
		assert_string_equal(code_name(r->list, r->value), r->code);
		assert_string_equal(code_msgid(r->list, r->code), r->en);
		/* wire codes are lower-case identifiers, wordings are not empty */
		for (const char *p = r->code; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || *p == '_');
		assert_true(*r->en && *r->zh);
		for (size_t j = i + 1; j < NROWS; j++)
			if (rows[j].list == r->list)
				assert_string_not_equal(rows[j].code, r->code);
		per_list[r->list]++;
	}
	for (int l = 0; l < CODES__COUNT; l++) {
		assert_true(per_list[l] > 0);
		assert_int_equal(code_count((enum code_list)l), per_list[l]);
		assert_null(code_name((enum code_list)l, (int)per_list[l]));
	}
}

static void test_typed_helpers(void **state)
{
	(void)state;
	assert_int_equal(app_status_of("pending_hq"), APP_STATUS_PENDING_HQ);
	assert_int_equal(member_status_of("grace"), MEMBER_STATUS_GRACE);
	assert_int_equal(order_status_of("unpaid"), ORDER_STATUS_UNPAID);
	assert_int_equal(transfer_status_of("confirmed"), TRANSFER_STATUS_CONFIRMED);
	assert_int_equal(invoice_status_of("issued"), INVOICE_STATUS_ISSUED);
	/* a code of another list is not one of this list's */
	assert_int_equal(order_status_of("pending_hq"), ORDER_STATUS__UNKNOWN);
	assert_int_equal(app_status_of("grace"), APP_STATUS__UNKNOWN);
	assert_int_equal(app_kind_of(NULL), APP_KIND__UNKNOWN);
	assert_int_equal(ORDER_STATUS__COUNT, 4);
}

static void test_unknown_codes(void **state)
{
	(void)state;
	assert_false(code_valid(CODES_APP_STATUS, "pending"));
	assert_false(code_valid(CODES_APP_STATUS, "PENDING_HQ"));
	assert_false(code_valid(CODES_APP_STATUS, ""));
	assert_false(code_valid(CODES_APP_STATUS, NULL));
	assert_false(code_valid(CODES__COUNT, "draft"));
	assert_int_equal(code_index((enum code_list)-1, "draft"), -1);
	assert_null(code_msgid(CODES_ORDER_STATUS, "refunded"));
	assert_null(code_name(CODES_ORDER_STATUS, -1));
	assert_int_equal(code_count(CODES__COUNT), 0);
	/* shown as they are; nothing shows as nothing */
	assert_string_equal(code_words(CODES_ORDER_STATUS, "refunded"), "refunded");
	assert_string_equal(code_words(CODES_ORDER_STATUS, NULL), "");
	assert_string_equal(app_kind_words("join"), "Joining");
}

/* rosterd writes files (the members CSV) in a language of its own. */
static void test_words_in_a_language(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		assert_string_equal(code_words_in(rows[i].list, rows[i].code, false), rows[i].en);
		assert_string_equal(code_words_in(rows[i].list, rows[i].code, true), rows[i].zh);
	}
	assert_string_equal(code_words_in(CODES_MEMBER_STATUS, "pending_hq", true), "待总会审核");
	assert_string_equal(code_words_in(CODES_MEMBER_STATUS, "gone", true), "gone");
	assert_string_equal(code_words_in(CODES_MEMBER_STATUS, NULL, false), "");
}

/* The catalogue the build made (ROSTER_LOCALEDIR) gives every wording the
 * list's Chinese, and a status two lists share reads the same in both. */
static void test_zh_catalogue(void **state)
{
	const char *dir = getenv("ROSTER_LOCALEDIR");

	(void)state;
	if (!dir || !*dir) {
		skip();
		return;
	}
	setenv("LANGUAGE", "zh_CN", 1);
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "C.utf8");
	bindtextdomain(ROSTER_TEXTDOMAIN, dir);
	bind_textdomain_codeset(ROSTER_TEXTDOMAIN, "UTF-8");
	textdomain(ROSTER_TEXTDOMAIN);
	for (size_t i = 0; i < NROWS; i++)
		assert_string_equal(code_words(rows[i].list, rows[i].code), rows[i].zh);
	assert_string_equal(app_status_words("pending_hq"), "待总会审核");
	assert_string_equal(member_status_words("pending_hq"), app_status_words("pending_hq"));
	assert_string_equal(member_status_words("pending_branch"),
	                    app_status_words("pending_branch"));
	assert_string_equal(member_status_words("rejected"), app_status_words("rejected"));
	assert_string_equal(branch_status_words("pending_hq"), app_status_words("pending_hq"));
	assert_string_equal(branch_status_words("rejected"), app_status_words("rejected"));
	assert_string_equal(invoice_status_words("cancelled"), order_status_words("cancelled"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_list_round_trips),
		cmocka_unit_test(test_typed_helpers),
		cmocka_unit_test(test_unknown_codes),
		cmocka_unit_test(test_words_in_a_language),
		cmocka_unit_test(test_zh_catalogue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
