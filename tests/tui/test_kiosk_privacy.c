/* Kiosk privacy: every sign-in gets its own private download folder
 * (0700, under the kiosk's folder), wiped on sign-out, idle sign-out and
 * exit; the next member's upload picker sees only their own folder. By
 * default a kiosk sends documents to the member's phone and saves nothing;
 * the application form goes by phone on the wizard's documents step; a
 * staff CSV export never stays on a kiosk. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "tui.h"

static struct test_server ts;
static char *tok_a, *tok_b;

/* A's paid order gets its dues receipt, issued by staff with a file. */
static int issue_a_receipt(void)
{
	const char *fields[] = { "invoice_no", "京财0011223344", NULL };
	char *hq = ts_login(&ts, "hq", "Hq-Demo-2026"), path[96];
	cJSON *list, *inv;
	struct http_reply r;
	long long order, id;
	int rc = -1;

	list = fx_call(&ts, "GET", "/api/v1/orders?status=paid", tok_a, NULL, 200);
	order = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
	        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(list, "items"), 0), "id"));
	cJSON_Delete(list);
	snprintf(path, sizeof(path), "/api/v1/orders/%lld/invoice", order);
	inv = fx_call(&ts, "POST", path, tok_a, "{\"title_type\":\"personal\",\"title\":"
	              "\"甲会员\",\"email\":\"kiosk_a@example.com\"}", 201);
	id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(inv, "id"));
	cJSON_Delete(inv);
	snprintf(path, sizeof(path), "/api/v1/review/invoices/%lld/issue", id);
	if (hq && id > 0 && http_upload(&ts, path, hq, "file", "receipt.pdf", "application/pdf",
	                                fx_pdf, fx_pdf_len, fields, &r) == 0) {
		rc = r.status == 200 ? 0 : -1;
		http_reply_free(&r);
	}
	free(hq);
	return rc;
}

static int group_setup(void **state)
{
	(void)state;
	if (ts_start(&ts, NULL) != 0)
		return -1;
	tok_a = fx_active(&ts, "kiosk_a", "甲会员");
	tok_b = fx_register(&ts, "kiosk_b");
	if (!tok_a || !tok_b)
		return -1;
	fx_draft(&ts, tok_b, "HQ", "regular", fx_profile("乙会员"));
	return issue_a_receipt();
}

static int group_teardown(void **state)
{
	(void)state;
	free(tok_a);
	free(tok_b);
	ts_stop(&ts);
	return 0;
}

/* A kiosk folder of its own, with a config file beside it. */
struct kiosk {
	char dir[300];       /* the kiosk's download folder */
	char conf[340];      /* its config file */
};

static void kiosk_make(struct kiosk *k, const char *config_text)
{
	FILE *f;
	char base[256];

	snprintf(base, sizeof(base), "%s/kioskpriv-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(base));
	snprintf(k->dir, sizeof(k->dir), "%s/desk", base);
	assert_int_equal(mkdir(k->dir, 0755), 0);
	snprintf(k->conf, sizeof(k->conf), "%s/roster.conf", base);
	f = fopen(k->conf, "w");
	assert_non_null(f);
	fputs(config_text, f);
	fclose(f);
}

/* Remove what a test left (a failed one may leave files). */
static void kiosk_remove(struct kiosk *k)
{
	char cmd[700];

	snprintf(cmd, sizeof(cmd), "rm -rf '%.300s'", k->dir);
	*strrchr(cmd, '/') = '\0';
	strcat(cmd, "'");
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", k->dir);
}

/* The session folders in the kiosk folder: how many, and the first one's
 * path into first (when not NULL). */
static int session_dirs(const struct kiosk *k, char *first, size_t len)
{
	DIR *d = opendir(k->dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "roster-session-", 15) != 0)
			continue;
		if (n++ == 0 && first)
			snprintf(first, len, "%s/%s", k->dir, e->d_name);
	}
	closedir(d);
	return n;
}

/* Every entry in the kiosk folder but "." and "..". */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* Poll until path is gone (the client wipes as the session ends). */
static bool gone(const char *path)
{
	long long t0 = tui_now_ms();
	struct stat st;

	while (tui_now_ms() - t0 < TUI_TIMEOUT_MS) {
		if (lstat(path, &st) != 0)
			return true;
		tui_settle_ms(100);
	}
	return false;
}

static void start_kiosk(struct tui *t, const struct kiosk *k, const char *idle)
{
	const char *args[] = { "--kiosk", "--kiosk-idle", idle, "--download-dir", k->dir,
	                       "--config", k->conf, NULL };
	struct tui_opts o = { .args = args };

	assert_int_equal(tui_start(t, &ts, &o), 0);
	TUI_WAIT(t, "Register as a new member");
}

/* Member A saves the certificate at the kiosk (the kiosk allows it); it
 * lands in a private folder. Returns the saved file's path (malloc'd) and
 * the folder in folder. */
static char *a_saves_certificate(struct tui *t, const struct kiosk *k, char *folder, size_t len)
{
	char file[700];
	struct stat st;
	int n;

	assert_true(tui_sign_in(t, "kiosk_a", FX_PASSWORD));
	assert_true(tui_menu(t, "My certificate"));
	TUI_WAIT(t, "MEMBERSHIP CERTIFICATE");
	/* the phone comes first; saving here is the second choice */
	TUI_WAIT(t, "P: get the certificate on your phone (QR code)");
	TUI_WAIT(t, "D: save it on this kiosk (removed when you sign out)");
	tui_keys(t, "d", NULL);
	TUI_WAIT(t, "Saved to ");
	TUI_WAIT(t, "roster-session-");
	assert_int_equal(session_dirs(k, folder, len), 1);
	/* a folder only this user can enter, and a file only it can read */
	assert_int_equal(stat(folder, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(entries(folder), 1);
	{
		DIR *d = opendir(folder);
		struct dirent *e;

		assert_non_null(d);
		file[0] = '\0';
		while ((e = readdir(d)))
			if (strncmp(e->d_name, "certificate-", 12) == 0)
				snprintf(file, sizeof(file), "%s/%s", folder, e->d_name);
		closedir(d);
	}
	assert_true(file[0] != '\0');
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	n = (int)st.st_size;
	assert_true(n > 100);
	return strdup(file);
}

/* B's upload picker on the wizard's documents step. */
static void b_opens_picker(struct tui *t)
{
	assert_true(tui_sign_in(t, "kiosk_b", FX_PASSWORD));
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Step 6 of 7");
	/* the key line says where D sends the form at a kiosk */
	TUI_WAIT(t, "D form to phone");
	tui_keys(t, "f", NULL);
	TUI_WAIT(t, "Folder: ");
}

/* A saves, signs out: the file and the folder are gone; B's picker shows
 * only B's own (new, empty) folder, not A's file nor what lies loose in
 * the kiosk folder. */
static void test_sign_out_wipes(void **state)
{
	struct kiosk k;
	struct tui *t = tui_current();
	char folder[600], folder_b[600], line[700], loose[400], *file, *screen;
	FILE *f;

	(void)state;
	kiosk_make(&k, "kiosk_save_local = yes\n");
	/* an earlier member's form lying loose in the shared folder */
	snprintf(loose, sizeof(loose), "%s/earlier-member-form.pdf", k.dir);
	f = fopen(loose, "wb");
	assert_non_null(f);
	fwrite(fx_pdf, 1, fx_pdf_len, f);
	fclose(f);

	start_kiosk(t, &k, "600");
	file = a_saves_certificate(t, &k, folder, sizeof(folder));
	tui_keys(t, "Escape", NULL);
	assert_true(tui_menu(t, "Sign out"));
	TUI_WAIT(t, "Do you want to sign out?");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Register as a new member");
	assert_true(gone(file));
	assert_true(gone(folder));
	assert_int_equal(session_dirs(&k, NULL, 0), 0);

	b_opens_picker(t);
	assert_int_equal(session_dirs(&k, folder_b, sizeof(folder_b)), 1);
	assert_string_not_equal(folder_b, folder);
	snprintf(line, sizeof(line), "Folder: %s", folder_b);
	TUI_WAIT(t, line);
	TUI_WAIT(t, "No PDF, PNG or JPEG files in this folder.");
	screen = tui_screen(t);
	assert_null(strstr(screen, "certificate-"));
	assert_null(strstr(screen, "earlier-member-form"));
	assert_null(strstr(screen, "../"));
	free(screen);
	/* Backspace does not leave the folder */
	tui_keys(t, "BSpace", NULL);
	TUI_WAIT(t, line);
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "Step 6 of 7");

	/* B saves the form here (second choice), and sees it in the picker */
	TUI_WAIT(t, "H  Save the application form on this kiosk");
	tui_keys(t, "h", NULL);
	TUI_WAIT(t, "Saved to ");
	tui_keys(t, "f", NULL);
	TUI_WAIT(t, line);
	TUI_WAIT(t, "application-form.pdf");
	TUI_GONE(t, "earlier-member-form");
	tui_keys(t, "Escape", NULL);

	/* the operator stops the kiosk (SIGTERM): B's folder goes too */
	assert_int_equal(kill(tui_pid(t), SIGTERM), 0);
	assert_true(gone(folder_b));
	tui_stop(t);
	/* what lay in the shared folder before is not the client's to touch */
	assert_int_equal(access(loose, F_OK), 0);
	free(file);
	kiosk_remove(&k);
}

/* The idle sign-out wipes the folder as well. */
static void test_idle_sign_out_wipes(void **state)
{
	struct kiosk k;
	struct tui *t = tui_current();
	char folder[600], *file;

	(void)state;
	kiosk_make(&k, "kiosk_save_local = yes\n");
	start_kiosk(t, &k, "12");
	file = a_saves_certificate(t, &k, folder, sizeof(folder));
	TUI_WAIT(t, "Still there?");
	TUI_WAIT(t, "Register as a new member");
	assert_true(gone(file));
	assert_true(gone(folder));
	assert_int_equal(entries(k.dir), 0);
	tui_stop(t);
	free(file);
	kiosk_remove(&k);
}

/* A folder left by a kiosk that died (its process is gone) is removed
 * when the kiosk starts again; a live one's is not. */
static void test_stale_folder_swept(void **state)
{
	struct kiosk k;
	struct tui *t = tui_current();
	char dead[400], live[400], path[460];
	FILE *f;

	(void)state;
	kiosk_make(&k, "");
	/* pid 2^22-1 is above Linux's default pid_max: no such process */
	snprintf(dead, sizeof(dead), "%s/roster-session-4194303-00ff00ff00ff00ff", k.dir);
	snprintf(live, sizeof(live), "%s/roster-session-%ld-0123456789abcdef", k.dir, (long)getpid());
	assert_int_equal(mkdir(dead, 0700), 0);
	assert_int_equal(mkdir(live, 0700), 0);
	snprintf(path, sizeof(path), "%s/voucher-X.pdf", dead);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs("%PDF-1.4\n", f);
	fclose(f);
	start_kiosk(t, &k, "600");
	assert_true(gone(dead));
	assert_int_equal(access(live, F_OK), 0);
	tui_stop(t);
	rmdir(live);
	kiosk_remove(&k);
}

/* By default a kiosk saves nothing: D gives the phone hand-off for the
 * certificate, the voucher and the application form, and the folder stays
 * empty. */
static void test_phone_by_default(void **state)
{
	struct kiosk k;
	struct tui *t = tui_current();
	char prefix[200], *link, *screen;

	(void)state;
	kiosk_make(&k, "");
	snprintf(prefix, sizeof(prefix), "%s/h/", ts.base);
	start_kiosk(t, &k, "600");
	assert_true(tui_sign_in(t, "kiosk_a", FX_PASSWORD));

	assert_true(tui_menu(t, "My certificate"));
	TUI_WAIT(t, "P: get the certificate on your phone (QR code)");
	screen = tui_screen(t);
	assert_null(strstr(screen, "D: save"));
	assert_null(strstr(screen, "this kiosk"));
	free(screen);
	tui_keys(t, "d", NULL);
	TUI_WAIT(t, "Certificate on your phone");
	TUI_WAIT(t, "Scan the code with your phone");
	link = tui_screen_link(t, prefix);
	assert_non_null(link);
	free(link);
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "MEMBERSHIP CERTIFICATE");
	tui_keys(t, "Escape", NULL);

	/* the payment voucher of the paid order */
	assert_true(tui_menu(t, "My orders"));
	TUI_WAIT(t, "Paid");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "D: payment voucher");
	tui_keys(t, "d", NULL);
	TUI_WAIT(t, "Payment voucher on your phone");
	link = tui_screen_link(t, prefix);
	assert_non_null(link);
	free(link);
	tui_keys(t, "Escape", NULL);
	TUI_GONE(t, "Payment voucher on your phone");
	tui_keys(t, "Escape", "Escape", NULL);

	/* the issued dues receipt under My invoices */
	assert_true(tui_menu(t, "My invoices"));
	TUI_WAIT(t, "Issued");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "京财0011223344");
	TUI_WAIT(t, "D: get it on your phone (QR code)");
	tui_keys(t, "d", NULL);
	TUI_WAIT(t, "The document on your phone");
	link = tui_screen_link(t, prefix);
	assert_non_null(link);
	free(link);
	tui_keys(t, "Escape", NULL);
	TUI_GONE(t, "The document on your phone");
	/* nothing was written at the kiosk */
	assert_int_equal(entries(k.dir), 0);
	tui_keys(t, "Escape", "Escape", NULL);
	assert_true(tui_menu(t, "Sign out"));
	TUI_WAIT(t, "Do you want to sign out?");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Register as a new member");

	/* the application form on the wizard's documents step */
	assert_true(tui_sign_in(t, "kiosk_b", FX_PASSWORD));
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Step 6 of 7");
	TUI_WAIT(t, "D  Get the application form filled with your details on your phone");
	screen = tui_screen(t);
	assert_null(strstr(screen, "Save the application form on this kiosk"));
	free(screen);
	tui_keys(t, "d", NULL);
	TUI_WAIT(t, "The application form on your phone");
	TUI_WAIT(t, "to download the document there.");
	link = tui_screen_link(t, prefix);
	assert_non_null(link);
	free(link);
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "Step 6 of 7");
	assert_int_equal(entries(k.dir), 0);
	tui_stop(t);
	kiosk_remove(&k);
}

/* Off the kiosk, the documents step offers the form by phone too. */
static void test_form_by_phone_at_home(void **state)
{
	struct tui *t = tui_current();
	char prefix[200], *link;

	(void)state;
	snprintf(prefix, sizeof(prefix), "%s/h/", ts.base);
	assert_int_equal(tui_start(t, &ts, NULL), 0);
	assert_true(tui_sign_in(t, "kiosk_b", FX_PASSWORD));
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "Step 6 of 7");
	TUI_WAIT(t, "D  Download the application form filled with your details (PDF)");
	TUI_WAIT(t, "H  Get the application form on your phone (QR code)");
	tui_keys(t, "h", NULL);
	TUI_WAIT(t, "The application form on your phone");
	link = tui_screen_link(t, prefix);
	assert_non_null(link);
	free(link);
	tui_stop(t);
}

/* Staff allowed at this kiosk still cannot leave a member list on it. */
static void test_staff_export_refused(void **state)
{
	struct kiosk k;
	struct tui *t = tui_current();

	(void)state;
	kiosk_make(&k, "kiosk_staff = yes\nkiosk_save_local = yes\n");
	start_kiosk(t, &k, "600");
	assert_true(tui_sign_in(t, "hq", "Hq-Demo-2026"));
	assert_true(tui_menu(t, "Members"));
	TUI_WAIT(t, "甲会员");
	tui_keys(t, "d", NULL);   /* d saves the CSV */
	TUI_WAIT(t, "A member list is not exported at a kiosk; use a staff workstation.");
	assert_int_equal(entries(k.dir), 0);
	tui_stop(t);
	kiosk_remove(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_sign_out_wipes, tui_current_teardown),
		cmocka_unit_test_teardown(test_idle_sign_out_wipes, tui_current_teardown),
		cmocka_unit_test_teardown(test_stale_folder_swept, tui_current_teardown),
		cmocka_unit_test_teardown(test_phone_by_default, tui_current_teardown),
		cmocka_unit_test_teardown(test_form_by_phone_at_home, tui_current_teardown),
		cmocka_unit_test_teardown(test_staff_export_refused, tui_current_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
