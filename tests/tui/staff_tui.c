/* Small steps the staff console's TUI tests share (staff_tui.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "staff_tui.h"

bool st_sign_in(struct tui *t, const char *login, const char *password)
{
	if (!tui_wait_for(t, "Register as a new member", TUI_TIMEOUT_MS))
		return false;
	tui_keys(t, "l", NULL);
	if (!tui_wait_for(t, "Username, e-mail or mobile", TUI_TIMEOUT_MS))
		return false;
	tui_type(t, login);
	tui_keys(t, "Tab", NULL);
	tui_type(t, password);
	tui_keys(t, "Enter", NULL);
	return tui_wait_for(t, "Staff console", TUI_TIMEOUT_MS) &&
	       tui_wait_for(t, "Statistics", TUI_TIMEOUT_MS);
}

bool st_open(struct tui *t, const char *key, const char *title)
{
	tui_keys(t, key, NULL);
	return tui_wait_for(t, title, TUI_TIMEOUT_MS);
}

char *st_download(const struct tui *t, const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/Downloads/%s", t->dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = buf ? (size_t)n : 0;
	return buf;
}

bool st_put_file(const struct tui *t, const char *name, const void *data, size_t len)
{
	char path[512];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "%s/Downloads", t->dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/Downloads/%s", t->dir, name);
	f = fopen(path, "wb");
	if (!f)
		return false;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}
