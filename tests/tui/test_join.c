/* Join wizard: organisation and level, the schema's form in sections with
 * 暂存 on every step, the draft back after signing in again, the pre-filled
 * form downloaded, the signed form uploaded from a file (the picker refuses
 * what is not a PDF/PNG/JPEG; in kiosk mode it stays in its folder) or by
 * phone (the screen notices by itself), review, submit and the done page. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
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

static int attachments(const cJSON *app)
{
	return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(app, "attachments"));
}

static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0, 0x3a, 0x7e, 0x9b, 0x55,
	0, 0, 0, 10, 'I', 'D', 'A', 'T', 0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1,
	0xe5, 0x27, 0xde, 0xfc, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
};

/* Through every step with the keyboard, to a submitted application. */
static void test_wizard_to_submit(void **state)
{
	char *tok = fx_register(&ts, "join_ui"), *path;
	struct tui t;
	cJSON *app;
	FILE *f;
	char head[5] = "";

	assert_non_null(tok);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "join_ui", FX_PASSWORD));
	assert_true(tui_menu(&t, "Membership application"));
	TUI_WAIT(&t, "Step 1 of 7: Organisation and level");
	/* nothing is chosen for the member: the first Right picks the first */
	tui_keys(&t, "Right", "Right", NULL);
	TUI_WAIT(&t, "< Beijing Branch >");
	tui_keys(&t, "Tab", "Right", "Right", NULL);
	TUI_WAIT(&t, "< Member, ¥300.00 a year >");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Step 2 of 7: Personal details");
	tui_type(&t, "王小明");
	/* a choice nobody made is not made for the member */
	tui_keys(&t, "Tab", NULL);
	TUI_WAIT(&t, "< choose with Left/Right >");
	tui_keys(&t, "Right", "Right", "Tab", NULL);
	TUI_WAIT(&t, "< Female >");
	tui_type(&t, "1949-12-31");
	tui_keys(&t, "Tab", "Tab", "Right", "Tab", NULL);
	TUI_WAIT(&t, "< Resident identity card >");
	tui_type(&t, "11010519491231002X");
	tui_keys(&t, "F2", NULL);
	TUI_WAIT(&t, "Draft saved at");
	/* 暂存 reached the server */
	app = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_non_null(app);
	assert_string_equal(profile_str(app, "name"), "王小明");
	assert_string_equal(profile_str(app, "gender"), "female");
	assert_int_equal((long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(app, "org_id")),
	                 (long long)fx_org_id(&ts, "BJ"));
	cJSON_Delete(app);

	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Step 3 of 7: Contact");
	/* the registration's mobile and e-mail are there; these replace them */
	tui_keys(&t, "C-u", NULL);
	tui_type(&t, "13800001234");
	tui_keys(&t, "Tab", "C-u", NULL);
	tui_type(&t, "wang@example.test");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, "北京市海淀区示例路1号");
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Step 4 of 7: Education and work");
	TUI_WAIT(&t, "< choose with Left/Right >");
	tui_keys(&t, "Right", "Right", "Right", NULL);
	TUI_WAIT(&t, "< Bachelor's degree >");
	tui_keys(&t, "Tab", "Tab", "Tab", "Tab", NULL);
	tui_type(&t, "示例研究所");
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Step 5 of 7");
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Step 6 of 7: Signed application form");

	/* the pre-filled form, saved in the download folder */
	tui_keys(&t, "d", NULL);
	TUI_WAIT(&t, "Saved to ");
	path = malloc(strlen(t.dir) + 64);
	sprintf(path, "%s/Downloads/application-form.pdf", t.dir);
	TUI_WAIT(&t, path);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 4, f), 4);
	fclose(f);
	assert_memory_equal(head, "%PDF", 4);
	free(path);

	/* the picker refuses a text file dressed as a PDF */
	assert_true(tui_put_file(&t, "fake.pdf", "not a pdf\n", 10));
	assert_true(tui_put_file(&t, "scan.png", png, sizeof(png)));
	tui_keys(&t, "f", NULL);
	TUI_WAIT(&t, "Folder: ");
	TUI_WAIT(&t, "scan.png");
	tui_keys(&t, "/", NULL);
	tui_type(&t, "fake");
	tui_keys(&t, "Enter", "Enter", NULL);
	TUI_WAIT(&t, "fake.pdf is not a PDF, PNG or JPEG file.");
	tui_keys(&t, "/", "C-u", NULL);
	tui_type(&t, "scan");
	tui_keys(&t, "Enter", "Enter", NULL);
	TUI_WAIT(&t, "Uploaded scan.png.");
	app = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_int_equal(attachments(app), 1);
	cJSON_Delete(app);

	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Step 7 of 7: Review and submit");
	TUI_WAIT(&t, "王小明");
	TUI_WAIT(&t, "110***********002X");
	TUI_GONE(&t, "11010519491231002X");
	TUI_WAIT(&t, "Beijing Branch");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Your application has been submitted.");
	TUI_WAIT(&t, "Under branch review");
	app = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_string_equal(app_str(app, "status"), "pending_branch");
	cJSON_Delete(app);
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Member centre");
	TUI_WAIT(&t, "Your application is being reviewed");
	tui_stop(&t);
	free(tok);
}

/* 暂存, sign out, sign in: the draft is where it was left; leaving with
 * unsaved changes asks, and "save" saves. */
static void test_draft_restored(void **state)
{
	char *tok = fx_register(&ts, "join_draft");
	struct tui t;
	cJSON *app;

	assert_non_null(tok);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "join_draft", FX_PASSWORD));
	TUI_WAIT(&t, "[ Apply for membership ]");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Step 1 of 7");
	tui_keys(&t, "Right", "Tab", "Right", "PageDown", NULL);
	TUI_WAIT(&t, "Step 2 of 7");
	tui_type(&t, "赵六");
	tui_keys(&t, "F2", NULL);
	TUI_WAIT(&t, "Draft saved at");
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "[ Continue your application ]");
	assert_true(tui_menu(&t, "Sign out"));
	TUI_WAIT(&t, "Do you want to sign out?");
	tui_keys(&t, "Enter", NULL);

	assert_true(tui_sign_in(&t, "join_draft", FX_PASSWORD));
	TUI_WAIT(&t, "[ Continue your application ]");
	tui_keys(&t, "Enter", NULL);
	/* back on the first step still missing something, with the name */
	TUI_WAIT(&t, "Step 2 of 7: Personal details");
	TUI_WAIT(&t, "赵六");

	/* a change, then Esc: asked, saved */
	tui_keys(&t, "Tab", "Tab", NULL);
	tui_type(&t, "1985-12-31");
	/* an ID number half typed: wrong, and still kept by the draft */
	tui_keys(&t, "Tab", "Tab", "Tab", NULL);
	tui_type(&t, "1101051949");
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "Save your draft before leaving?");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Member centre");
	app = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_string_equal(profile_str(app, "name"), "赵六");
	assert_string_equal(profile_str(app, "birth_date"), "1985-12-31");
	assert_string_equal(profile_str(app, "id_number"), "1101051949");
	cJSON_Delete(app);
	tui_stop(&t);
	free(tok);
}

/* Upload by phone: the link under the QR code takes a file, and the screen
 * shows it without a key being pressed. */
static void test_phone_upload(void **state)
{
	char *tok = fx_register(&ts, "join_phone"), *link, prefix[128];
	struct http_reply r;
	struct tui t;
	cJSON *app;

	assert_non_null(tok);
	fx_draft(&ts, tok, "HQ", "regular", fx_profile("孙七"));
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "join_phone", FX_PASSWORD));
	tui_keys(&t, "Enter", NULL);
	/* everything is filled in: the wizard opens on the documents */
	TUI_WAIT(&t, "Step 6 of 7: Signed application form");
	TUI_WAIT(&t, "None yet.");
	tui_keys(&t, "p", NULL);
	TUI_WAIT(&t, "The link works for");
	snprintf(prefix, sizeof(prefix), "%s/h/", ts.base);
	link = tui_screen_link(&t, prefix);
	assert_non_null(link);
	assert_int_equal(http_upload(&ts, strstr(link, "/h/"), NULL, "file", "photo.png",
	                             "image/png", png, sizeof(png), NULL, &r), 0);
	assert_int_equal(r.status, 200);
	http_reply_free(&r);
	TUI_WAIT(&t, "The file from your phone has arrived.");
	TUI_WAIT(&t, "photo.png");
	app = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_int_equal(attachments(app), 1);
	cJSON_Delete(app);
	/* and it can be deleted again while the application is a draft */
	tui_keys(&t, "x", NULL);
	TUI_WAIT(&t, "Delete photo.png?");
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "File deleted.");
	app = fx_call(&ts, "GET", "/api/v1/application", tok, NULL, 200);
	assert_int_equal(attachments(app), 0);
	cJSON_Delete(app);
	free(link);
	tui_stop(&t);
	free(tok);
}

/* Kiosk: the picker shows the session's own folder only, with no way up or
 * into sub-folders. */
static void test_kiosk_picker(void **state)
{
	char *tok = fx_register(&ts, "join_kiosk"), dir[400], sub[420], line[460], *p;
	const char *args[] = { "--kiosk", "--download-dir", dir, NULL };
	struct tui_opts o = { .args = args };
	struct tui t;

	assert_non_null(tok);
	fx_draft(&ts, tok, "HQ", "regular", fx_profile("周八"));
	/* the folder lives in a temp dir of its own */
	snprintf(dir, sizeof(dir), "%s/kiosk-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/private", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	p = malloc(strlen(dir) + 16);
	sprintf(p, "%s/form.pdf", dir);
	{
		FILE *f = fopen(p, "wb");

		assert_non_null(f);
		fwrite(fx_pdf, 1, fx_pdf_len, f);
		fclose(f);
	}
	assert_int_equal(tui_start(&t, &ts, &o), 0);
	assert_true(tui_sign_in(&t, "join_kiosk", FX_PASSWORD));
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Step 6 of 7");
	tui_keys(&t, "f", NULL);
	/* the session's own folder inside it: what lies in the kiosk folder
	 * (an earlier member's form) is not shown */
	snprintf(line, sizeof(line), "Folder: %s/roster-session-", dir);
	TUI_WAIT(&t, line);
	TUI_WAIT(&t, "No PDF, PNG or JPEG files in this folder.");
	TUI_GONE(&t, "form.pdf");
	{
		char *screen = tui_screen(&t);

		assert_null(strstr(screen, "../"));
		assert_null(strstr(screen, "private/"));
		free(screen);
	}
	/* Backspace does not leave the folder */
	tui_keys(&t, "BSpace", NULL);
	TUI_WAIT(&t, line);
	tui_keys(&t, "Escape", NULL);
	TUI_WAIT(&t, "Step 6 of 7");
	tui_stop(&t);
	unlink(p);
	free(p);
	rmdir(sub);
	rmdir(dir);
	free(tok);
}

/* The shared validators run as you type: a wrong ID number stops "next". */
static void test_checks_before_next(void **state)
{
	char *tok = fx_register(&ts, "join_check");
	struct tui t;

	assert_non_null(tok);
	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	assert_true(tui_sign_in(&t, "join_check", FX_PASSWORD));
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Step 1 of 7");
	tui_keys(&t, "Right", "Tab", "Right", "PageDown", NULL);
	TUI_WAIT(&t, "Step 2 of 7");
	tui_type(&t, "钱九");
	tui_keys(&t, "Tab", "Tab", NULL);
	tui_type(&t, "1990-02-30");
	tui_keys(&t, "PageDown", NULL);
	TUI_WAIT(&t, "Please correct the marked fields first.");
	TUI_WAIT(&t, "Step 2 of 7");
	tui_stop(&t);
	free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wizard_to_submit),
		cmocka_unit_test(test_draft_restored),
		cmocka_unit_test(test_phone_upload),
		cmocka_unit_test(test_kiosk_picker),
		cmocka_unit_test(test_checks_before_next),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
