/* Keys every terminal has, and what a member sees at the edges: on a vt100
 * (no PgUp, PgDn, Shift-Tab or usable F-keys) a rejected member goes from
 * the review back to the fields, fixes one and submits again with Ctrl
 * keys and letters, and the status line names only keys that terminal
 * sends; a field stops at its limit and says so; no choice is made for
 * the member; what is typed while the window is too small is kept; a
 * long rejection reason wraps with its closing bracket; a home screen
 * whose server went away says so instead of passing old figures off as
 * current. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui.h"

static struct test_server ts;

static int group_setup(void **state)
{
	return ts_start(&ts, NULL);
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

static const char *app_str(const cJSON *app, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(app, key));
}

static const char *profile_str(const cJSON *app, const char *key)
{
	return app_str(cJSON_GetObjectItemCaseSensitive(app, "profile"), key);
}

/* The screen's last non-empty row (the status line). */
static char *status_line(struct tui *t)
{
	char *s = tui_screen(t), *line, *save = NULL, *last = NULL;

	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (line[strspn(line, " ")])
			last = line;
	last = strdup(last ? last : "");
	free(s);
	return last;
}

/* No key name a vt100 cannot send on the status line. */
static void assert_vt100_status(struct tui *t)
{
	char *st = status_line(t);

	if (strstr(st, "PgDn") || strstr(st, "PgUp") || strstr(st, "F2") ||
	    strstr(st, "Shift-Tab"))
		fprintf(stderr, "# status line names a key vt100 lacks: %s\n", st);
	assert_null(strstr(st, "PgDn"));
	assert_null(strstr(st, "PgUp"));
	assert_null(strstr(st, "F2"));
	assert_null(strstr(st, "Shift-Tab"));
	free(st);
}

/* TERM=vt100: returned by the branch, the member lands on the review,
 * steps back with Ctrl-B, jumps to the personal details with Ctrl-G 2,
 * comes back to the first field with Shift-Tab, fixes the name, saves
 * with Ctrl-S, jumps to the review with a digit step and submits again. */
static void test_vt100_rejected_member_fixes(void **state)
{
	char *tok = fx_register(&ts, "vt_rej");
	struct tui_opts o = { .term = "vt100" };
	struct tui t;
	cJSON *app;

	assert_non_null(tok);
	fx_draft(&ts, tok, "BJ", "regular", fx_profile("李四"));
	fx_upload_form(&ts, tok);
	fx_submit(&ts, tok);
	assert_int_equal(fx_decide_as(&ts, "bj_staff", fx_join_id(&ts, tok), "reject",
	                              "Please give your full name"), 200);

	assert_int_equal(tui_start(&t, &ts, &o), 0);
	assert_true(tui_sign_in(&t, "vt_rej", FX_PASSWORD));
	assert_vt100_status(&t);
	assert_true(tui_menu(&t, "Membership application"));
	TUI_WAIT(&t, "Step 7 of 7: Review and submit");
	TUI_WAIT(&t, "Returned by the reviewer: Please give your full name");
	/* the keys this terminal has, on the status line and the review */
	TUI_WAIT(&t, "^B back");
	TUI_WAIT(&t, "^B: back");
	assert_vt100_status(&t);

	tui_keys(&t, "C-b", NULL);
	TUI_WAIT(&t, "Step 6 of 7: Signed application form");
	assert_vt100_status(&t);
	tui_keys(&t, "C-g", NULL);
	TUI_WAIT(&t, "Go to step: press 1 to 7");
	tui_keys(&t, "2", NULL);
	TUI_WAIT(&t, "Step 2 of 7: Personal details");
	TUI_WAIT(&t, "^F next step");
	TUI_WAIT(&t, "^S save");
	assert_vt100_status(&t);
	/* Shift-Tab as a terminal sends it, though vt100's description has no
	 * word for it: back to the name */
	tui_keys(&t, "Tab", "BTab", "C-u", NULL);
	tui_type(&t, "李四光");
	TUI_WAIT(&t, "李四光");
	/* Ctrl-S reaches roster (no XOFF): the draft is saved */
	tui_keys(&t, "C-s", NULL);
	TUI_WAIT(&t, "Draft saved at");
	app = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_non_null(app);
	assert_string_equal(profile_str(app, "name"), "李四光");
	cJSON_Delete(app);

	/* Ctrl-F steps on, as PgDn would */
	tui_keys(&t, "C-f", NULL);
	TUI_WAIT(&t, "Step 3 of 7: Contact");
	tui_keys(&t, "C-g", "7", NULL);
	TUI_WAIT(&t, "Step 7 of 7: Review and submit");
	TUI_WAIT(&t, "李四光");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Your application has been submitted.");
	app = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_string_equal(app_str(app, "status"), "pending_branch");
	assert_string_equal(profile_str(app, "name"), "李四光");
	cJSON_Delete(app);
	assert_true(tui_quit(&t));
	free(tok);
}

/* Step 1 chooses nothing for the member: both choices start unchosen,
 * and going on without them says so. */
static void test_no_default_choice(void **state)
{
	char *tok = fx_register(&ts, "no_default");
	struct tui t;
	cJSON *app;

	assert_non_null(tok);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "no_default", FX_PASSWORD));
	assert_true(tui_menu(&t, "Membership application"));
	TUI_WAIT(&t, "Step 1 of 7: Organisation and level");
	{
		char *s = tui_screen(&t), *first = strstr(s, "< choose with Left/Right >");

		assert_non_null(first);
		assert_non_null(strstr(first + 1, "< choose with Left/Right >"));
		assert_null(strstr(s, "apply directly"));
		assert_null(strstr(s, "a year"));
		free(s);
	}
	tui_keys(&t, "C-f", NULL);
	TUI_WAIT(&t, "Please choose one.");
	TUI_WAIT(&t, "Step 1 of 7");
	tui_keys(&t, "C-s", NULL);
	TUI_WAIT(&t, "Draft saved at");
	app = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_non_null(app);
	/* nothing was chosen, so nothing was saved as chosen */
	assert_false(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(app, "org_id")));
	assert_false(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(app, "level_id")));
	cJSON_Delete(app);
	assert_true(tui_quit(&t));
	free(tok);
}

/* A 420-character address: the field takes 200, shows "200/200" and says
 * the rest was not taken; the draft holds the 200. */
static void test_field_stops_at_limit(void **state)
{
	char *tok = fx_register(&ts, "long_addr");
	struct tui t;
	char addr[421];
	cJSON *app;
	const char *got;

	assert_non_null(tok);
	memset(addr, 'a', 420);
	for (int i = 9; i < 420; i += 10)
		addr[i] = ' ';
	addr[420] = '\0';
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "long_addr", FX_PASSWORD));
	assert_true(tui_menu(&t, "Membership application"));
	TUI_WAIT(&t, "Step 1 of 7");
	tui_keys(&t, "C-g", "3", NULL);
	TUI_WAIT(&t, "Step 3 of 7: Contact");
	tui_keys(&t, "Tab", "Tab", NULL);
	tui_paste(&t, addr);
	TUI_WAIT(&t, "200/200");
	TUI_WAIT(&t, "At most 200 characters: the rest was not taken.");
	/* typing on does not go past it either */
	tui_keys(&t, "Tab", "BTab", NULL);
	TUI_GONE(&t, "At most 200 characters");
	tui_type(&t, "b");
	TUI_WAIT(&t, "At most 200 characters: the rest was not taken.");
	tui_keys(&t, "C-s", NULL);
	TUI_WAIT(&t, "Draft saved at");
	app = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	got = profile_str(app, "address");
	assert_non_null(got);
	assert_int_equal(strlen(got), 200);
	assert_memory_equal(got, addr, 200);
	cJSON_Delete(app);
	assert_true(tui_quit(&t));
	free(tok);
}

/* Typing while the window is too small is kept: the notice shows, the
 * keys go to the field that had the cursor. */
static void test_typing_while_small(void **state)
{
	struct tui t;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_type(&t, "small");
	TUI_WAIT(&t, "small");
	tui_resize(&t, 60, 20);
	TUI_WAIT(&t, "enlarge the terminal");
	TUI_WAIT(&t, "What you type still goes into the field.");
	tui_type(&t, "-typed");
	tui_keys(&t, "Enter", NULL);   /* acts unseen: waits for room */
	tui_resize(&t, 80, 24);
	TUI_WAIT(&t, "small-typed");
	TUI_WAIT(&t, "Username, e-mail or mobile");
	assert_true(tui_quit(&t));
}

/* English at 100 columns: a long reason on the home screen wraps and
 * keeps its closing bracket; nothing on the screen is cut mid-word
 * without "…". */
static void test_long_reason_wraps(void **state)
{
	static const char reason[] =
		"The signed application form lacks the stamp of your employer and the "
		"referee's signature; please upload a complete scan";
	char *tok = fx_register(&ts, "long_reason");
	struct tui_opts o = { .cols = 100, .rows = 30 };
	struct tui t;

	assert_non_null(tok);
	fx_draft(&ts, tok, "BJ", "regular", fx_profile("李四"));
	fx_upload_form(&ts, tok);
	fx_submit(&ts, tok);
	assert_int_equal(fx_decide_as(&ts, "bj_staff", fx_join_id(&ts, tok), "reject", reason), 200);
	assert_int_equal(tui_start(&t, &ts, &o), 0);
	assert_true(tui_sign_in(&t, "long_reason", FX_PASSWORD));
	TUI_WAIT(&t, "Rejected (The signed application form");
	TUI_WAIT(&t, "complete scan)");
	/* at 80 columns two lines are not enough: cut with "…", the bracket
	 * stays */
	tui_resize(&t, 80, 24);
	TUI_GONE(&t, "complete scan)");
	TUI_WAIT(&t, "\u2026)");
	tui_stop(&t);
	free(tok);
}

/* English at 100 columns: a level name longer than its box is cut inside
 * the brackets with "…", never mid-word without it. */
static void test_long_level_name(void **state)
{
	char *tok = fx_register_unit(&ts, "long_level");
	struct tui_opts o = { .cols = 100, .rows = 30 };
	struct tui t;
	char *s, *line, *eol;

	assert_non_null(tok);
	assert_int_equal(tui_start(&t, &ts, &o), 0);
	assert_true(tui_sign_in(&t, "long_level", FX_PASSWORD));
	assert_true(tui_menu(&t, "Membership application"));
	TUI_WAIT(&t, "Step 1 of 7");
	tui_keys(&t, "Tab", "Right", "Right", "Right", NULL);
	TUI_WAIT(&t, "< Standing Council Member");
	s = tui_screen(&t);
	line = strstr(s, "< Standing Council Member");
	eol = strchr(line, '\n');
	if (eol)
		*eol = '\0';
	while (*line && line[strlen(line) - 1] == ' ')
		line[strlen(line) - 1] = '\0';
	fprintf(stderr, "# %s\n", line);
	assert_non_null(strstr(line, "\u2026 >"));
	assert_int_equal(line[strlen(line) - 1], '>');
	free(s);
	assert_true(tui_quit(&t));
	free(tok);
}

/* The server goes away: after r the home screen says it cannot reach
 * it, marks the status as not current, and the notices say they could
 * not be loaded instead of "No notices.". */
static void test_home_server_down(void **state)
{
	struct test_server own;
	struct tui t;
	char *tok;

	assert_int_equal(ts_start(&own, NULL), 0);
	tok = fx_register(&own, "down_home");
	assert_non_null(tok);
	assert_int_equal(tui_start(&t, &own, NULL), 0);
	assert_true(tui_sign_in(&t, "down_home", FX_PASSWORD));
	TUI_WAIT(&t, "Application not submitted");
	TUI_GONE(&t, "not current");
	ts_stop(&own);
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, "not current]");
	TUI_WAIT(&t, "Press r to try again.");
	TUI_WAIT(&t, "The notices could not be loaded.");
	{
		char *s = tui_screen(&t);

		assert_null(strstr(s, "No notices."));
		free(s);
	}
	tui_stop(&t);
	free(tok);
}

/* The same at the staff console: the counts it showed are marked as
 * what the server said before, not as current. */
static void test_staff_home_server_down(void **state)
{
	struct test_server own;
	struct tui t;

	(void)state;
	assert_int_equal(ts_start(&own, NULL), 0);
	assert_int_equal(tui_start(&t, &own, NULL), 0);
	assert_true(tui_sign_in(&t, "hq", FX_HQ_PASSWORD));
	TUI_WAIT(&t, "Bank transfers to confirm: 0");
	TUI_GONE(&t, "not current");
	ts_stop(&own);
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, "Waiting for you [as of ");
	TUI_WAIT(&t, "not current]");
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vt100_rejected_member_fixes),
		cmocka_unit_test(test_no_default_choice),
		cmocka_unit_test(test_field_stops_at_limit),
		cmocka_unit_test(test_typing_while_small),
		cmocka_unit_test(test_long_reason_wraps),
		cmocka_unit_test(test_long_level_name),
		cmocka_unit_test(test_home_server_down),
		cmocka_unit_test(test_staff_home_server_down),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
