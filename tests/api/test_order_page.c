/* A page of orders (GET /orders) shows each order exactly as GET
 * /orders/{id} does — its latest bank transfer, invoice, refunds, discount
 * and levels — over pages of any length, every order on exactly one page;
 * staff see the same order objects in the bank transfer review list. A
 * page is read with a fixed number of SQL statements, whatever its length:
 * the request log's sql= is the same for a page of 2 and a page of 20, for
 * the member's orders and for HQ's lists of bank transfers and refunds. */
#include <setjmp.h>
#include <stdarg.h>
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

#define NORDERS 6

/* The member's orders, by what they show. */
struct orders {
	char *token;
	long long account_id;
	int64_t paid_by_transfer;   /* paid by a confirmed bank transfer; invoice asked */
	int64_t cancelled;          /* nothing attached */
	int64_t refunded;           /* paid by QR, refunded in two parts */
	int64_t level_change;       /* unpaid; a transfer rejected, another pending */
	int64_t cancelled2;
	int64_t reduced;            /* unpaid, its fee reduced by HQ */
	int64_t ids[NORDERS];
};

static struct orders m;

static int64_t order_amount(const char *token, int64_t id)
{
	cJSON *o = fx_get_order(&ts_group, token, id);
	int64_t amount = json_int_or(o, "amount", 0);

	cJSON_Delete(o);
	return amount;
}

/* The member reports a bank transfer of the order's amount: its id. */
static int64_t transfer(const char *token, int64_t order)
{
	char path[96], body[320], day[11];
	cJSON *o;
	int64_t id;

	fx_date(0, day);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/bank-transfer", (long long)order);
	snprintf(body, sizeof body,
	         "{\"payer_name\":\"林冲\",\"bank\":\"中国银行\",\"account_tail\":\"8888\","
	         "\"date\":\"%s\",\"amount\":%lld,\"reference\":\"P-%lld\"}",
	         day, (long long)order_amount(token, order), (long long)order);
	o = fx_call(&ts_group, "POST", path, token, body, 201);
	id = json_int_or(o, "id", -1);
	cJSON_Delete(o);
	assert_true(id > 0);
	return id;
}

static void staff_post(const char *staff, const char *fmt, long long id, const char *body,
                       long want)
{
	char path[128];

	snprintf(path, sizeof path, fmt, id);
	cJSON_Delete(fx_call(&ts_group, "POST", path, staff, body, want));
}

static void cancel(const char *token, int64_t order)
{
	char path[96];

	snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)order);
	cJSON_Delete(fx_call(&ts_group, "POST", path, token, "{}", 200));
}

/* The succeeded payment of the order as HQ sees it. */
static int64_t paid_payment(const char *hq, int64_t order)
{
	char path[96];
	const cJSON *p;
	cJSON *o = fx_get_order(&ts_group, m.token, order);
	int64_t id = 0;

	snprintf(path, sizeof path, "/api/v1/review/orders/%s", json_str_or(o, "order_no", ""));
	cJSON_Delete(o);
	o = fx_call(&ts_group, "GET", path, hq, NULL, 200);
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(o, "payments"))
		if (strcmp(json_str_or(p, "status", ""), "succeeded") == 0)
			id = json_int_or(p, "id", 0);
	cJSON_Delete(o);
	assert_true(id > 0);
	return id;
}

/* Another member with a pending transfer and a paid order with an invoice:
 * rows in the same tables that must not show on m's orders. */
static void other_member(void)
{
	char *tok = fx_pending_payment(&ts_group, "pageother", "HQ", "鲁智深"), years[16], path[96];
	int64_t order;

	snprintf(years, sizeof years, "[%d]", fx_year());
	order = fx_order(&ts_group, tok, years);
	fx_pay_order(&ts_group, tok, order);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/invoice", (long long)order);
	cJSON_Delete(fx_call(&ts_group, "POST", path, tok,
	                     "{\"title_type\":\"personal\",\"title\":\"鲁智深\",\"kind\":\"normal\","
	                     "\"email\":\"lzs@example.test\"}", 201));
	snprintf(years, sizeof years, "[%d]", fx_year() + 1);
	transfer(tok, fx_order(&ts_group, tok, years));
	free(tok);
}

static int setup(void **state)
{
	char years[16], path[96];
	char *hq;
	int y = fx_year();
	int64_t tid, app;
	cJSON *o;

	if (ts_group_setup(state) != 0)
		return -1;
	other_member();
	hq = ts_login(&ts_group, "hq", FX_HQ_PASSWORD);
	m.token = fx_pending_payment(&ts_group, "orderpage", "HQ", "林冲");
	o = fx_call(&ts_group, "GET", "/api/v1/me", m.token, NULL, 200);
	m.account_id = json_int_or(o, "id", 0);
	cJSON_Delete(o);

	/* this year, paid by a bank transfer HQ confirms; an invoice asked */
	snprintf(years, sizeof years, "[%d]", y);
	m.paid_by_transfer = fx_order(&ts_group, m.token, years);
	tid = transfer(m.token, m.paid_by_transfer);
	staff_post(hq, "/api/v1/review/bank-transfers/%lld/confirm", tid, "{}", 200);
	snprintf(path, sizeof path, "/api/v1/orders/%lld/invoice", (long long)m.paid_by_transfer);
	cJSON_Delete(fx_call(&ts_group, "POST", path, m.token,
	                     "{\"title_type\":\"personal\",\"title\":\"林冲\",\"kind\":\"normal\","
	                     "\"email\":\"lc@example.test\"}", 201));

	/* next year: ordered and cancelled, then ordered, paid, refunded twice */
	snprintf(years, sizeof years, "[%d]", y + 1);
	m.cancelled = fx_order(&ts_group, m.token, years);
	cancel(m.token, m.cancelled);
	m.refunded = fx_order(&ts_group, m.token, years);
	fx_pay_order(&ts_group, m.token, m.refunded);
	tid = paid_payment(hq, m.refunded);
	snprintf(path, sizeof path, "/api/v1/review/payments/%lld/refund", (long long)tid);
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq,
	                     "{\"amount\":1000,\"cause\":\"other\",\"reason\":\"多收\"}", 201));
	cJSON_Delete(fx_call(&ts_group, "POST", path, hq,
	                     "{\"amount\":2000,\"cause\":\"other\",\"reason\":\"又多收\"}", 201));

	/* a level change: its order unpaid, a transfer rejected, another pending */
	o = fx_level_change(&ts_group, m.token, "senior", "晋升");
	app = json_int_or(o, "id", -1);
	cJSON_Delete(o);
	assert_int_equal(fx_decide(&ts_group, hq, app, "approve", NULL), 200);
	o = fx_call(&ts_group, "GET", "/api/v1/orders?kind=level_change", m.token, NULL, 200);
	m.level_change = json_int_or(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "items"), 0), "id", -1);
	cJSON_Delete(o);
	assert_true(m.level_change > 0);
	tid = transfer(m.token, m.level_change);
	staff_post(hq, "/api/v1/review/bank-transfers/%lld/reject", tid,
	           "{\"reason\":\"未查到到账记录\"}", 200);
	transfer(m.token, m.level_change);

	/* the year after: ordered and cancelled, then ordered and reduced */
	snprintf(years, sizeof years, "[%d]", y + 2);
	m.cancelled2 = fx_order(&ts_group, m.token, years);
	cancel(m.token, m.cancelled2);
	m.reduced = fx_order(&ts_group, m.token, years);
	staff_post(hq, "/api/v1/review/orders/%lld/reduce", m.reduced,
	           "{\"amount\":15000,\"reason\":\"在读学生，减半\"}", 200);
	free(hq);

	m.ids[0] = m.paid_by_transfer;
	m.ids[1] = m.cancelled;
	m.ids[2] = m.refunded;
	m.ids[3] = m.level_change;
	m.ids[4] = m.cancelled2;
	m.ids[5] = m.reduced;
	return 0;
}

static int teardown(void **state)
{
	free(m.token);
	return ts_group_teardown(state);
}

static int order_index(int64_t id)
{
	for (int i = 0; i < NORDERS; i++)
		if (m.ids[i] == id)
			return i;
	return -1;
}

/* Each order as GET /orders/{id} shows it, in m.ids order. */
static void singles(cJSON *one[NORDERS])
{
	for (int i = 0; i < NORDERS; i++)
		one[i] = fx_get_order(&ts_group, m.token, m.ids[i]);
}

static void singles_free(cJSON *one[NORDERS])
{
	for (int i = 0; i < NORDERS; i++)
		cJSON_Delete(one[i]);
}

static void assert_same(const cJSON *a, const cJSON *b)
{
	if (!cJSON_Compare(a, b, true)) {
		char *x = cJSON_Print(a), *y = cJSON_Print(b);

		print_error("list:\n%s\nsingle:\n%s\n", x, y);
		free(x);
		free(y);
		fail();
	}
}

/* The attachments show on the single order as they were made. */
static void test_single_orders(void **state)
{
	cJSON *one[NORDERS];
	const cJSON *o, *x, *r;
	(void)state;

	singles(one);
	o = one[order_index(m.paid_by_transfer)];
	assert_string_equal(json_str_or(o, "status", ""), "paid");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(o, "awaiting_confirmation")));
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "bank_transfer"), "status", ""),
	                    "succeeded");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "invoice"), "status", ""), "requested");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "invoice"), "invoice_no")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "refunds")), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "from_level")));
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "level"), "code", ""), "regular");

	o = one[order_index(m.cancelled)];
	assert_string_equal(json_str_or(o, "status", ""), "cancelled");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "bank_transfer")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "invoice")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "refunds")), 0);
	assert_int_equal(json_int_or(o, "discount", -1), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "discount_reason")));

	o = one[order_index(m.refunded)];
	x = cJSON_GetObjectItem(o, "refunds");
	assert_int_equal(cJSON_GetArraySize(x), 2);
	r = cJSON_GetArrayItem(x, 0);
	assert_int_equal(json_int_or(r, "amount", 0), 1000);
	assert_string_equal(json_str_or(r, "reason", ""), "多收");
	assert_int_equal(json_int_or(cJSON_GetArrayItem(x, 1), "amount", 0), 2000);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "bank_transfer")));

	o = one[order_index(m.level_change)];
	assert_string_equal(json_str_or(o, "kind", ""), "level_change");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "awaiting_confirmation")));
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "bank_transfer"), "status", ""),
	                    "pending");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "level"), "code", ""), "senior");
	assert_string_equal(json_str_or(cJSON_GetObjectItem(o, "from_level"), "code", ""), "regular");

	o = one[order_index(m.reduced)];
	assert_int_equal(json_int_or(o, "amount", 0), 15000);
	assert_int_equal(json_int_or(o, "discount", 0), json_int_or(o, "list_amount", 0) - 15000);
	assert_true(json_int_or(o, "discount", 0) > 0);
	assert_string_equal(json_str_or(o, "discount_reason", ""), "在读学生，减半");
	singles_free(one);
}

/* Pages of 1, 2, 4 and 20: every order once, each as its single view. */
static void test_pages_match_singles(void **state)
{
	static const int lengths[] = { 1, 2, 4, 20 };
	cJSON *one[NORDERS];
	(void)state;

	singles(one);
	for (size_t l = 0; l < sizeof lengths / sizeof *lengths; l++) {
		int seen[NORDERS] = { 0 }, pages = (NORDERS + lengths[l] - 1) / lengths[l];

		/* one page more than there are: empty */
		for (int page = 1; page <= pages + 1; page++) {
			char path[96];
			const cJSON *it, *items;
			cJSON *list;

			snprintf(path, sizeof path, "/api/v1/orders?per_page=%d&page=%d", lengths[l], page);
			list = fx_call(&ts_group, "GET", path, m.token, NULL, 200);
			assert_int_equal(json_int_or(list, "total", 0), NORDERS);
			items = cJSON_GetObjectItem(list, "items");
			assert_int_equal(cJSON_GetArraySize(items),
			                 page <= pages ? (page < pages ? lengths[l]
			                                               : NORDERS - (pages - 1) * lengths[l])
			                               : 0);
			cJSON_ArrayForEach(it, items) {
				int i = order_index(json_int_or(it, "id", 0));

				assert_true(i >= 0);
				seen[i]++;
				assert_same(it, one[i]);
			}
			cJSON_Delete(list);
		}
		for (int i = 0; i < NORDERS; i++)
			assert_int_equal(seen[i], 1);
	}
	singles_free(one);
}

/* HQ's list of every bank transfer shows each transfer's order as the
 * member sees it. */
static void test_review_list_orders(void **state)
{
	char *hq = ts_login(&ts_group, "hq", FX_HQ_PASSWORD);
	cJSON *one[NORDERS], *list;
	const cJSON *it;
	int mine = 0;
	(void)state;

	singles(one);
	list = fx_call(&ts_group, "GET", "/api/v1/review/bank-transfers?status=all&per_page=100",
	               hq, NULL, 200);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(list, "items")) {
		const cJSON *o = cJSON_GetObjectItem(it, "order");
		int i = order_index(json_int_or(o, "id", 0));

		assert_int_equal(json_int_or(it, "order_id", 0), json_int_or(o, "id", -1));
		if (i < 0)
			continue;
		mine++;
		assert_same(o, one[i]);
		assert_int_equal(json_int_or(cJSON_GetObjectItem(it, "member"), "account_id", 0),
		                 m.account_id);
	}
	/* the confirmed one, the rejected one and the pending one */
	assert_int_equal(mine, 3);
	cJSON_Delete(list);
	singles_free(one);
	free(hq);
}

static long request_sql(const char *token, long long acct, const char *path, const char *query)
{
	return fx_request_sql(&ts_group, token, acct, path, query);
}

/* The fewer statements of two requests of path: a request moves the
 * session's idle timer (one statement more) at most once a step of the
 * test server's idle time, so one of two made at once does not. */
static long fewest_sql(const char *token, long long acct, const char *path, const char *query)
{
	long a = request_sql(token, acct, path, query), b = request_sql(token, acct, path, query);

	return a < b ? a : b;
}

/* A page of 1, 2 or 20 orders takes the same number of statements. */
static void test_statements_per_page(void **state)
{
	long first;
	(void)state;

	/* this request may move the session's idle timer (one statement more),
	 * which the next ones then leave for a minute */
	request_sql(m.token, m.account_id, "/api/v1/orders", "?per_page=20");
	first = request_sql(m.token, m.account_id, "/api/v1/orders", "?per_page=2");
	assert_true(first > 0);
	assert_int_equal(request_sql(m.token, m.account_id, "/api/v1/orders", "?per_page=20"), first);
	assert_int_equal(request_sql(m.token, m.account_id, "/api/v1/orders", "?per_page=1&page=4"),
	                 first);
	assert_int_equal(request_sql(m.token, m.account_id, "/api/v1/orders", "?per_page=4&page=2"),
	                 first);
	assert_int_equal(request_sql(m.token, m.account_id, "/api/v1/orders",
	                             "?per_page=2&status=cancelled"), first);
}

/* So do HQ's lists of bank transfers and of refunds made, each row with
 * its order and member, and the member register. */
static void test_staff_statements_per_page(void **state)
{
	char *hq = ts_login(&ts_group, "hq", FX_HQ_PASSWORD);
	const char *transfers = "/api/v1/review/bank-transfers", *refunds = "/api/v1/review/refunds";
	cJSON *me = fx_call(&ts_group, "GET", "/api/v1/me", hq, NULL, 200), *list;
	long long acct = json_int_or(me, "id", 0);
	long first;
	(void)state;

	cJSON_Delete(me);
	/* four transfers of two members (one each pending), two refunds */
	list = fx_call(&ts_group, "GET", "/api/v1/review/bank-transfers?status=all", hq, NULL, 200);
	assert_int_equal(json_int_or(list, "total", 0), 4);
	cJSON_Delete(list);
	request_sql(hq, acct, transfers, "?status=all");
	first = request_sql(hq, acct, transfers, "?status=all&per_page=1");
	assert_int_equal(request_sql(hq, acct, transfers, "?status=all&per_page=20"), first);
	assert_int_equal(request_sql(hq, acct, transfers, "?status=all&per_page=2&page=2"), first);
	assert_int_equal(request_sql(hq, acct, transfers, "?per_page=20"), first);

	first = request_sql(hq, acct, refunds, "?show=made&per_page=1");
	assert_int_equal(request_sql(hq, acct, refunds, "?show=made&per_page=20"), first);

	/* and the member register, its rows with their levels and branches:
	 * the whole register, a status, a search */
	first = request_sql(hq, acct, "/api/v1/members", "?per_page=1");
	assert_int_equal(request_sql(hq, acct, "/api/v1/members", "?per_page=20"), first);
	first = request_sql(hq, acct, "/api/v1/members", "?per_page=1&status=active");
	assert_int_equal(request_sql(hq, acct, "/api/v1/members", "?per_page=20&status=active"),
	                 first);
	/* a search (the first of a process on SQLite also reads the index's
	 * vocabulary, once an hour): full pages take as many statements
	 * whatever their size; a page that holds the last match one fewer,
	 * as the total is then its own rows, not counted again */
	list = fx_call(&ts_group, "GET", "/api/v1/members?q=example", hq, NULL, 200);
	assert_in_range(json_int_or(list, "total", 0), 3, 19);
	cJSON_Delete(list);
	first = fewest_sql(hq, acct, "/api/v1/members", "?per_page=1&q=example");
	assert_int_equal(fewest_sql(hq, acct, "/api/v1/members", "?per_page=2&q=example"), first);
	assert_int_equal(fewest_sql(hq, acct, "/api/v1/members", "?per_page=1&page=2&q=example"),
	                 first);
	assert_int_equal(fewest_sql(hq, acct, "/api/v1/members", "?per_page=20&q=example"),
	                 first - 1);
	free(hq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_orders),
		cmocka_unit_test(test_pages_match_singles),
		cmocka_unit_test(test_review_list_orders),
		cmocka_unit_test(test_statements_per_page),
		cmocka_unit_test(test_staff_statements_per_page),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
