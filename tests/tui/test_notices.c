/* Notices: the whole list (pinned first) on screenfuls taller than the
 * server's page of 20, filled from the next page; the end of the list and
 * back; one notice read in full. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "tui.h"

#define EXTRA 24
#define SHOWN 25     /* the rows of the list at 100x30 */

static struct test_server ts;

static int group_setup(void **state)
{
	char *hq, *tok, body[512];
	long st;
	int i;

	if (ts_start(&ts, NULL) != 0)
		return -1;
	hq = ts_login(&ts, "hq", "Hq-Demo-2026");
	tok = fx_register_as(&ts, "weiwei", FX_PASSWORD);
	if (!hq || !tok)
		return -1;
	free(tok);
	for (i = 1; i <= EXTRA; i++) {
		snprintf(body, sizeof(body),
		         "{\"title\":\"第%02d号通知\",\"title_en\":\"Notice number %02d\","
		         "\"body\":\"正文%02d\",\"body_en\":\"Body of notice %02d.\"}", i, i, i, i);
		cJSON_Delete(fx_try(&ts, "POST", "/api/v1/notices", hq, body, &st));
		if (st != 201 && st != 200)
			return -1;
	}
	cJSON_Delete(fx_try(&ts, "POST", "/api/v1/notices", hq, "{\"title\":\"年会通知\",\"title_en\":\"Annual meeting in March\","
	                       "\"body\":\"年会将于三月举行。\","
	                       "\"body_en\":\"The annual meeting is held in Hangzhou in March.\","
	                       "\"pinned\":true}", &st));
	free(hq);
	return st == 201 || st == 200 ? 0 : -1;
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

/* What the list shows for the first notice of a page in English. */
static char *first_title(int page)
{
	char path[64], *out;
	cJSON *j, *first;
	const char *t;

	snprintf(path, sizeof(path), "/api/v1/notices?page=%d&per_page=20", page);
	j = fx_try(&ts, "GET", path, NULL, NULL, NULL);
	first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "items"), 0);
	t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "title_en"));
	if (!t || !*t)
		t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "title"));
	out = t ? strdup(t) : NULL;
	cJSON_Delete(j);
	return out;
}

static void test_pages_and_detail(void **state)
{
	struct tui *t = tui_current();
	struct tui_opts o = { .cols = 100, .rows = 30 };
	char *p2 = first_title(2), *screen;
	cJSON *all = fx_try(&ts, "GET", "/api/v1/notices", NULL, NULL, NULL);
	long long total = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(all, "total"));
	char want[64];

	cJSON_Delete(all);
	assert_non_null(p2);
	assert_true(total >= EXTRA + 1);
	assert_int_equal(tui_start(t, &ts, &o), 0);
	assert_true(tui_sign_in(t, "weiwei", FX_PASSWORD));
	assert_true(tui_menu(t, "Notices"));
	assert_true(total > SHOWN);
	/* the screenful holds 25 rows: page 2 joined to page 1 */
	snprintf(want, sizeof(want), "1–%d of %lld", SHOWN, total);
	TUI_WAIT(t, want);
	TUI_WAIT(t, "[Pinned] Annual meeting in March");
	TUI_WAIT(t, p2);
	/* pinned first: it is the selected top row */
	screen = tui_screen(t);
	assert_true(strstr(screen, "[Pinned]") < strstr(screen, "Notice number"));
	free(screen);

	/* read it */
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "The annual meeting is held in Hangzhou in March.");
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, want);

	/* End: the last row of the whole list, on the screenful paging
	 * down from the top ends on */
	tui_keys(t, "End", "NPage", NULL);
	snprintf(want, sizeof(want), "%lld–%lld of %lld", (total - 1) / SHOWN * SHOWN + 1, total,
	         total);
	TUI_WAIT(t, want);
	TUI_GONE(t, "Annual meeting in March");
	/* and back */
	tui_keys(t, "Home", "PPage", NULL);
	snprintf(want, sizeof(want), "1–%d of", SHOWN);
	TUI_WAIT(t, want);
	TUI_WAIT(t, "Annual meeting in March");
	free(p2);
	assert_true(tui_quit(t));
	tui_stop(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_pages_and_detail, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
