/* The whole member journey in one terminal: register, start the
 * application and save a draft, sign out, sign in and finish it, upload the
 * signed form, submit; the branch and the headquarters approve (through the
 * API); pay by sandbox QR code (confirmed like the payer's phone would); the
 * certificate is shown. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui.h"
#include "roster/json.h"

#define USER "journey"
#define PASS "Journey-Pass-2026"

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

/* Welcome -> terms -> account form -> created -> signed in. */
static void register_in_ui(struct tui *t)
{
	char *screen;

	TUI_WAIT(t, "Register as a new member");
	tui_keys(t, "r", NULL);
	TUI_WAIT(t, "Membership terms");
	assert_true(tui_wait_for(t, "Read to the end to accept", 3000) ||
	            tui_wait_for(t, "Press a to accept", 100));
	screen = tui_screen(t);
	if (strstr(screen, "Read to the end to accept")) {
		tui_keys(t, "End", NULL);
		TUI_WAIT(t, "Press a to accept");
	}
	free(screen);
	tui_keys(t, "a", NULL);
	TUI_WAIT(t, "Password again");
	tui_type(t, USER);
	tui_keys(t, "Tab", NULL);
	tui_type(t, "journey@example.test");
	tui_keys(t, "Tab", NULL);
	tui_type(t, "13700001111");
	tui_keys(t, "Tab", NULL);
	tui_type(t, PASS);
	tui_keys(t, "Tab", NULL);
	tui_type(t, PASS);
	/* the member type starts unchosen: the first is individual */
	tui_keys(t, "Tab", "Right", NULL);
	TUI_WAIT(t, "< Individual member >");
	tui_keys(t, "Enter", NULL);
	/* signed in and on to the application: no second sign-in */
	TUI_WAIT(t, "Step 1 of 7");
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "Member centre");
}

static void test_journey(void **state)
{
	struct tui t;
	char *tok, *link, prefix[128];
	cJSON *app, *cert, *me;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	register_in_ui(&t);

	/* a draft: organisation, level, a name; 暂存 */
	TUI_WAIT(&t, "[ Apply for membership ]");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Step 1 of 7");
	tui_keys(&t, "Right", "Right", NULL);
	TUI_WAIT(&t, "< Beijing Branch >");
	tui_keys(&t, "Tab", "Right", "Right", NULL);
	TUI_WAIT(&t, "< Member, ¥300.00 a year >");
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Step 2 of 7");
	tui_type(&t, "林一路");
	tui_keys(&t, "F2", NULL);
	TUI_WAIT(&t, "Draft saved at");
	tui_keys(&t, "Escape", NULL);

	/* sign out, sign in: the draft is there */
	TUI_WAIT(&t, "[ Continue your application ]");
	assert_true(tui_menu(&t, "Sign out"));
	TUI_WAIT(&t, "Do you want to sign out?");
	tui_keys(&t, "Enter", NULL);
	assert_true(tui_sign_in(&t, USER, PASS));
	TUI_WAIT(&t, "[ Continue your application ]");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Step 2 of 7: Personal details");
	TUI_WAIT(&t, "林一路");

	/* finish it */
	tui_keys(&t, "Tab", "Right", "Right", "Tab", NULL);
	tui_type(&t, "1949-12-31");
	tui_keys(&t, "Tab", "Tab", "Right", "Tab", NULL);
	tui_type(&t, "11010519491231002X");
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Step 3 of 7: Contact");
	/* given at registration: already there */
	TUI_WAIT(&t, "13700001111");
	TUI_WAIT(&t, "journey@example.test");
	tui_keys(&t, "Tab", "Tab", NULL);
	tui_type(&t, "北京市朝阳区示例路9号");
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Step 4 of 7");
	tui_keys(&t, "Right", "Tab", "Tab", "Tab", "Tab", NULL);
	tui_type(&t, "示例公司");
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Step 5 of 7");
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Step 6 of 7");

	/* the signed form from a file */
	assert_true(tui_put_file(&t, "signed-form.pdf", fx_pdf, fx_pdf_len));
	tui_keys(&t, "f", NULL);
	TUI_WAIT(&t, "signed-form.pdf");
	tui_keys(&t, "/", NULL);
	tui_type(&t, "signed");
	tui_keys(&t, "Enter", "Enter", NULL);
	TUI_WAIT(&t, "Uploaded signed-form.pdf.");
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Review and submit");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Your application has been submitted.");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Under branch review");

	/* the server holds the submitted application */
	tok = ts_login(&ts, USER, PASS);
	assert_non_null(tok);
	app = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(app, "status")),
	                    "pending_branch");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	                    cJSON_GetObjectItemCaseSensitive(app, "profile"), "name")), "林一路");
	cJSON_Delete(app);

	/* staff approve: the branch, then the headquarters */
	assert_int_equal(fx_decide_as(&ts, "bj_staff", fx_join_id(&ts, tok), "approve", NULL), 200);
	assert_int_equal(fx_decide_as(&ts, "hq", fx_join_id(&ts, tok), "approve", NULL), 200);
	tui_keys(&t, "r", NULL);
	TUI_WAIT(&t, "Awaiting payment");
	TUI_WAIT(&t, "[ Pay the dues ]");

	/* pay one year by QR code */
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "¥300.00");
	tui_keys(&t, "Enter", "Enter", NULL);
	TUI_WAIT(&t, "Please check the order:");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "How would you like to pay?");
	tui_keys(&t, "q", NULL);
	TUI_WAIT(&t, "The code is valid for");
	snprintf(prefix, sizeof(prefix), "%s/pay/sb/", ts.base);
	link = tui_screen_link(&t, prefix);
	assert_non_null(link);
	assert_int_equal(fx_confirm(&ts, link), 200);
	free(link);
	TUI_WAIT(&t, "Payment received. Thank you!");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Full member");
	me = fx_me_member(&ts, tok);
	assert_string_equal(json_str_or(me, "effective_status", ""), "active");
	cJSON_Delete(me);

	/* and the certificate */
	cert = fx_call(&ts, "GET", "/api/v1/certificate", tok, NULL, 200);
	assert_non_null(cert);
	assert_true(tui_menu(&t, "My certificate"));
	TUI_WAIT(&t, "MEMBERSHIP CERTIFICATE");
	TUI_WAIT(&t, "林一路");
	TUI_WAIT(&t, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cert, "member_no")));
	TUI_WAIT(&t, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cert, "cert_no")));
	TUI_WAIT(&t, "Beijing Branch");
	cJSON_Delete(cert);
	free(tok);
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_journey),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
