/* Steps the TUI tests share (tui.h): signing in, opening a console entry,
 * links read off the screen, files in roster's download folder, the
 * terminal of the running test, and quitting cleanly. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tui.h"

static bool url_char(char c)
{
	return isalnum((unsigned char)c) || strchr(":/._?=&%-~", c);
}

/* Tokens of hand-off and sandbox links are 16 characters: a shorter run
 * was wrapped onto the next line. */
#define LINK_TOKEN_LEN 16

char *tui_screen_link(struct tui *t, const char *prefix)
{
	char *screen = tui_screen(t), *at = strstr(screen, prefix), *out = NULL;
	const char *line_start, *next;
	size_t col, n = 0, tok;

	if (!at)
		goto done;
	for (line_start = at; line_start > screen && line_start[-1] != '\n'; line_start--)
		;
	/* the column in characters: the QR code beside the link is drawn
	 * with three-byte block characters, one column each */
	col = 0;
	for (const char *q = line_start; q < at; q++)
		if (((unsigned char)*q & 0xc0) != 0x80)
			col++;
	while (url_char(at[n]))
		n++;
	out = strndup(at, n);
	tok = n - strlen(prefix);
	next = strchr(at, '\n');
	if (tok < LINK_TOKEN_LEN && next) {
		const char *p = next + 1, *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p), m = 0;
		char *joined;

		size_t c = 0;

		while (len && c < col) {
			/* step one character */
			do {
				p++;
				len--;
			} while (len && ((unsigned char)*p & 0xc0) == 0x80);
			c++;
		}
		if (len) {
			while (m < LINK_TOKEN_LEN - tok && url_char(p[m]))
				m++;
			joined = malloc(n + m + 1);
			memcpy(joined, out, n);
			memcpy(joined + n, p, m);
			joined[n + m] = '\0';
			free(out);
			out = joined;
		}
	}
done:
	free(screen);
	return out;
}

/* Poll until the screen shows one of texts (NULL-terminated). */
static bool wait_among(struct tui *t, const char *const *texts, int timeout_ms)
{
	long long end = tui_now_ms() + timeout_ms;

	for (;;) {
		char *screen = tui_screen(t);
		bool found = false;
		size_t i;

		for (i = 0; texts[i] && !found; i++)
			found = strstr(screen, texts[i]) != NULL;
		if (found || tui_now_ms() > end) {
			if (!found)
				fprintf(stderr, "# waited for \"%s\" or another:\n%s\n", texts[0], screen);
			free(screen);
			return found;
		}
		free(screen);
		tui_settle_ms(50);
	}
}

bool tui_wait_any(struct tui *t, const char *a, const char *b, int timeout_ms)
{
	const char *const texts[] = { a, b, NULL };

	return wait_among(t, texts, timeout_ms);
}

bool tui_sign_in(struct tui *t, const char *login, const char *password)
{
	if (!tui_wait_any(t, "Register as a new member", "注册新会员", TUI_TIMEOUT_MS))
		return false;
	tui_keys(t, "l", NULL);
	if (!tui_wait_any(t, "Username, e-mail or mobile", "用户名/邮箱/手机号", TUI_TIMEOUT_MS))
		return false;
	tui_type(t, login);
	tui_keys(t, "Tab", NULL);
	tui_type(t, password);
	tui_keys(t, "Enter", NULL);
	/* the member centre has loaded GET /me when the status shows; the
	 * staff console, its statistics */
	return wait_among(t, (const char *const[]){ "Status  ", "状态  ", "Statistics", "统计", NULL },
	                  TUI_TIMEOUT_MS);
}

bool tui_open(struct tui *t, const char *key, const char *title)
{
	tui_keys(t, key, NULL);
	return tui_wait_for(t, title, TUI_TIMEOUT_MS);
}

char *tui_download(const struct tui *t, const char *name, size_t *len)
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

bool tui_put_file(const struct tui *t, const char *name, const void *data, size_t len)
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

static struct tui current;

struct tui *tui_current(void)
{
	return &current;
}

int tui_current_teardown(void **state)
{
	(void)state;
	if (current.running)
		tui_stop(&current);
	return 0;
}

/* "#{pane_dead} #{pane_dead_status}" of roster's pane: *dead, and *status
 * (-1 while tmux has not collected it: it marks the pane dead when the
 * terminal closes and may reap the process later). */
static bool pane_state(const struct tui *t, int *dead, int *status)
{
	char cmd[200], line[64] = "";
	FILE *p;

	*dead = 0;
	*status = -1;
	snprintf(cmd, sizeof(cmd), "tmux -L %s display-message -p -t roster "
	         "'#{pane_dead} #{pane_dead_status}' 2>/dev/null", t->sock);
	p = popen(cmd, "r");
	if (!p)
		return false;
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	pclose(p);
	return sscanf(line, "%d %d", dead, status) >= 1;
}

bool tui_quit(struct tui *t)
{
	long long until = tui_now_ms() + TUI_TIMEOUT_MS;
	int dead = 0, status = -1;
	char *screen;
	bool ok;

	tui_keys(t, "C-c", NULL);
	while (pane_state(t, &dead, &status) && !dead && tui_now_ms() < until)
		tui_settle_ms(50);
	/* a moment more for the exit status, which tmux may collect late */
	if (until > tui_now_ms() + 2000)
		until = tui_now_ms() + 2000;
	while (dead && status < 0 && tui_now_ms() < until) {
		tui_settle_ms(50);
		pane_state(t, &dead, &status);
	}
	/* what a sanitizer says at exit lands on the terminal */
	screen = tui_screen(t);
	ok = dead && status <= 0 && screen && !strstr(screen, "Sanitizer") &&
	     !strstr(screen, "runtime error");
	if (!ok)
		fprintf(stderr, "# roster: dead %d, exit status %d; the screen:\n%s\n", dead, status,
		        screen ? screen : "");
	free(screen);
	return ok;
}
