/* TUI harness on tmux (tui.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tui.h"

long long tui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Run tmux with argv (after "tmux -L sock -f /dev/null"); collect stdout
 * into *out when out is not NULL. Returns the exit status. */
static int tmux(struct tui *t, char **out, const char *const *argv)
{
	const char *base[] = { "tmux", "-L", t->sock, "-f", "/dev/null" };
	const char *args[64];
	int p[2], status = -1;
	size_t n = 0, i;
	pid_t pid;

	for (i = 0; i < 5; i++)
		args[n++] = base[i];
	for (i = 0; argv[i] && n < 63; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], STDOUT_FILENO);
		close(p[1]);
		execvp("tmux", (char *const *)args);
		_exit(127);
	}
	close(p[1]);
	{
		char *buf = NULL, chunk[4096];
		size_t len = 0;
		ssize_t r;

		while ((r = read(p[0], chunk, sizeof(chunk))) > 0 || (r < 0 && errno == EINTR)) {
			if (r <= 0)
				continue;
			buf = realloc(buf, len + (size_t)r + 1);
			memcpy(buf + len, chunk, (size_t)r);
			len += (size_t)r;
		}
		close(p[0]);
		if (!buf)
			buf = calloc(1, 1);
		else
			buf[len] = '\0';
		if (out)
			*out = buf;
		else
			free(buf);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#define TMUX(t, out, ...) tmux((t), (out), (const char *const[]){ __VA_ARGS__, NULL })

/* 'text' quoted for sh */
static char *shq(const char *s)
{
	size_t n = strlen(s), i, j = 0;
	char *q = malloc(n * 4 + 3);

	q[j++] = '\'';
	for (i = 0; i < n; i++) {
		if (s[i] == '\'') {
			memcpy(q + j, "'\\''", 4);
			j += 4;
		} else {
			q[j++] = s[i];
		}
	}
	q[j++] = '\'';
	q[j] = '\0';
	return q;
}

static void append(char **cmd, const char *word, bool quote)
{
	char *q = quote ? shq(word) : strdup(word);
	size_t a = *cmd ? strlen(*cmd) : 0, b = strlen(q);

	*cmd = realloc(*cmd, a + b + 2);
	if (a)
		(*cmd)[a++] = ' ';
	memcpy(*cmd + a, q, b + 1);
	free(q);
}

/* Sessions still running. A failed assertion leaves a test without
 * reaching tui_stop(), so whatever is left is stopped when the test
 * program exits. Copies, not pointers: the struct tui lived on the stack of
 * the test that failed. */
#define TUI_MAX_LIVE 32
static struct {
	char sock[sizeof(((struct tui *)0)->sock)];
	char dir[sizeof(((struct tui *)0)->dir)];
} live[TUI_MAX_LIVE];

static void forget_live(const char *sock)
{
	size_t i;

	for (i = 0; i < TUI_MAX_LIVE; i++)
		if (!strcmp(live[i].sock, sock))
			live[i].sock[0] = '\0';
}

static void stop_leftovers(void)
{
	size_t i;

	for (i = 0; i < TUI_MAX_LIVE; i++)
		if (live[i].sock[0]) {
			struct tui t;

			memset(&t, 0, sizeof(t));
			/* same sizes on both sides */
			memcpy(t.sock, live[i].sock, sizeof(t.sock));
			memcpy(t.dir, live[i].dir, sizeof(t.dir));
			t.running = true;
			tui_stop(&t);
		}
}

static void remember_live(const struct tui *t)
{
	static bool hooked;
	size_t i;

	if (!hooked) {
		atexit(stop_leftovers);
		hooked = true;
	}
	for (i = 0; i < TUI_MAX_LIVE; i++)
		if (!live[i].sock[0]) {
			memcpy(live[i].sock, t->sock, sizeof(live[i].sock));
			memcpy(live[i].dir, t->dir, sizeof(live[i].dir));
			return;
		}
}

int tui_start(struct tui *t, const struct test_server *ts, const struct tui_opts *o)
{
	static int seq;
	const char *roster = getenv("ROSTER"), *localedir = getenv("ROSTER_LOCALEDIR");
	char cols[16], rows[16], env[400], *cmd = NULL, *pipe_cmd = NULL, *qpath;
	size_t i;

	memset(t, 0, sizeof(*t));
	snprintf(t->sock, sizeof(t->sock), "roster-test-%d-%d", (int)getpid(), ++seq);
	snprintf(t->dir, sizeof(t->dir), "%s/roster-tui-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(t->dir) || (!roster && !(o && o->command)))
		return -1;
	snprintf(t->bytes_path, sizeof(t->bytes_path), "%s/bytes", t->dir);
	snprintf(cols, sizeof(cols), "%d", o && o->cols ? o->cols : 80);
	snprintf(rows, sizeof(rows), "%d", o && o->rows ? o->rows : 24);

	/* a clean environment: only what roster needs, so the caller's own
	 * locale and config never leak into a test */
	append(&cmd, "exec env -i", false);
	snprintf(env, sizeof(env), "HOME=%s", t->dir);
	append(&cmd, env, true);
	append(&cmd, "PATH=/usr/bin:/bin", true);
	snprintf(env, sizeof(env), "TERM=%s", o && o->term ? o->term : "screen-256color");
	append(&cmd, env, true);
	snprintf(env, sizeof(env), "LANG=%s", o && o->lang ? o->lang : "C.UTF-8");
	append(&cmd, env, true);
	if (localedir) {
		snprintf(env, sizeof(env), "ROSTER_LOCALEDIR=%s", localedir);
		append(&cmd, env, true);
	}
	/* sanitizer settings reach roster so a SANITIZE=1 run can collect
	 * its reports */
	{
		static const char *const pass[] = { "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS" };

		for (i = 0; i < sizeof(pass) / sizeof(pass[0]); i++)
			if (getenv(pass[i])) {
				snprintf(env, sizeof(env), "%s=%s", pass[i], getenv(pass[i]));
				append(&cmd, env, true);
			}
	}
	if (o && o->command) {
		for (i = 0; o->command[i]; i++)
			append(&cmd, o->command[i], true);
	} else {
		append(&cmd, roster, true);
		append(&cmd, "--server", true);
		append(&cmd, ts ? ts->base : "http://127.0.0.1:9", true);
		for (i = 0; o && o->args && o->args[i]; i++)
			append(&cmd, o->args[i], true);
	}

	/* start idle, wire up the byte counter and keep the pane after exit,
	 * then put roster in: so not one byte goes uncounted */
	if (TMUX(t, NULL, "new-session", "-d", "-s", "roster", "-x", cols, "-y", rows,
	         "sleep 100000") != 0) {
		free(cmd);
		return -1;
	}
	t->running = true;
	remember_live(t);
	TMUX(t, NULL, "set-option", "-t", "roster", "remain-on-exit", "on");
	TMUX(t, NULL, "set-option", "-g", "status", "off");
	TMUX(t, NULL, "resize-window", "-t", "roster", "-x", cols, "-y", rows);
	qpath = shq(t->bytes_path);
	pipe_cmd = malloc(strlen(qpath) + 16);
	sprintf(pipe_cmd, "cat >> %s", qpath);
	free(qpath);
	TMUX(t, NULL, "pipe-pane", "-t", "roster", "-o", pipe_cmd);
	free(pipe_cmd);
	/* the pipe stays with the pane across the respawn */
	TMUX(t, NULL, "respawn-pane", "-k", "-t", "roster", cmd);
	free(cmd);
	return 0;
}

void tui_stop(struct tui *t)
{
	char *cmd = NULL;

	if (t->running)
		TMUX(t, NULL, "kill-server");
	t->running = false;
	forget_live(t->sock);
	if (t->dir[0]) {
		append(&cmd, "rm -rf", false);
		append(&cmd, t->dir, true);
		if (system(cmd) != 0) {
			/* leftovers in TMPDIR are harmless */
		}
		free(cmd);
		t->dir[0] = '\0';
	}
}

void tui_keys(struct tui *t, ...)
{
	const char *argv[40] = { "send-keys", "-t", "roster" };
	size_t n = 3;
	const char *k;
	va_list ap;

	va_start(ap, t);
	while ((k = va_arg(ap, const char *)) && n < 39)
		argv[n++] = k;
	va_end(ap);
	argv[n] = NULL;
	tmux(t, NULL, argv);
}

void tui_type(struct tui *t, const char *text)
{
	TMUX(t, NULL, "send-keys", "-t", "roster", "-l", "--", text);
}

void tui_paste(struct tui *t, const char *text)
{
	TMUX(t, NULL, "set-buffer", "-b", "tui", "--", text);
	/* -p: bracketed when the application asked for it */
	TMUX(t, NULL, "paste-buffer", "-p", "-b", "tui", "-t", "roster");
}

char *tui_screen(struct tui *t)
{
	char *out = NULL;

	TMUX(t, &out, "capture-pane", "-p", "-t", "roster");
	return out ? out : calloc(1, 1);
}

static bool wait_cond(struct tui *t, const char *text, bool want, int timeout_ms)
{
	long long end = tui_now_ms() + timeout_ms;
	char *s = NULL;

	for (;;) {
		bool has;

		free(s);
		s = tui_screen(t);
		has = strstr(s, text) != NULL;
		if (has == want) {
			free(s);
			return true;
		}
		if (tui_now_ms() > end)
			break;
		nap(20);
	}
	fprintf(stderr, "# timed out waiting for \"%s\" to %s; the screen:\n", text,
	        want ? "appear" : "go");
	{
		char *line = s, *nl;

		while (line && *line) {
			nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			fprintf(stderr, "# |%s\n", line);
			line = nl ? nl + 1 : NULL;
		}
	}
	free(s);
	return false;
}

bool tui_wait_for(struct tui *t, const char *text, int timeout_ms)
{
	return wait_cond(t, text, true, timeout_ms);
}

bool tui_wait_gone(struct tui *t, const char *text, int timeout_ms)
{
	return wait_cond(t, text, false, timeout_ms);
}

bool tui_cursor(struct tui *t, int *x, int *y)
{
	char *out = NULL;
	bool ok;

	TMUX(t, &out, "display-message", "-p", "-t", "roster", "#{cursor_x} #{cursor_y}");
	ok = out && sscanf(out, "%d %d", x, y) == 2;
	free(out);
	return ok;
}

void tui_resize(struct tui *t, int cols, int rows)
{
	char c[16], r[16];

	snprintf(c, sizeof(c), "%d", cols);
	snprintf(r, sizeof(r), "%d", rows);
	TMUX(t, NULL, "resize-window", "-t", "roster", "-x", c, "-y", r);
}

long tui_bytes(struct tui *t)
{
	struct stat st;

	return stat(t->bytes_path, &st) == 0 ? (long)st.st_size : 0;
}

void tui_settle(struct tui *t, int quiet_ms)
{
	long last = tui_bytes(t);
	long long since = tui_now_ms(), end = since + 5000;

	while (tui_now_ms() < end) {
		long now;

		nap(10);
		now = tui_bytes(t);
		if (now != last) {
			last = now;
			since = tui_now_ms();
		} else if (tui_now_ms() - since >= quiet_ms) {
			return;
		}
	}
}

int tui_exit_status(struct tui *t)
{
	char *out = NULL;
	int dead = 0, status = -1;

	TMUX(t, &out, "display-message", "-p", "-t", "roster", "#{pane_dead} #{pane_dead_status}");
	/* a process ended by a signal has no status: 128 then */
	if (out && sscanf(out, "%d %d", &dead, &status) >= 1 && dead)
		status = status < 0 ? 128 : status;
	else
		status = -1;
	free(out);
	return status;
}

bool tui_mail_code(const struct test_server *ts, const char *addr, char code[7])
{
	char *mail = ts_outbox_latest(ts, addr);

	code[0] = '\0';
	if (mail)
		ts_find_code(mail, code);
	free(mail);
	return code[0] != '\0';
}

int tui_pid(struct tui *t)
{
	char *out = NULL;
	int pid = -1;

	TMUX(t, &out, "display-message", "-p", "-t", "roster", "#{pane_pid}");
	if (out && sscanf(out, "%d", &pid) != 1)
		pid = -1;
	free(out);
	return pid;
}

bool tui_menu(struct tui *t, const char *label)
{
	char *screen, *at, key[8];
	const char *p = NULL;
	bool ok = false;

	if (!tui_wait_for(t, label, TUI_TIMEOUT_MS))
		return false;
	screen = tui_screen(t);
	/* the entry is the occurrence with a hotkey in front: one character
	 * standing alone before the label on its line ("  b Join a branch");
	 * the same words may also appear in other text on the screen */
	for (at = strstr(screen, label); at; at = strstr(at + 1, label)) {
		for (p = at - 1; p >= screen && *p == ' '; p--)
			;
		if (p >= screen && p < at - 1 && *p != '\n' && (unsigned char)*p < 0x80 &&
		    (p == screen || p[-1] == ' ' || p[-1] == '\n'))
			break;
		p = NULL;
	}
	if (p) {
		key[0] = *p;
		key[1] = '\0';
		TMUX(t, NULL, "send-keys", "-t", "roster", "-l", key);
		ok = true;
	} else {
		fprintf(stderr, "# no hotkey in front of \"%s\"; the screen:\n", label);
		for (at = screen; at && *at; ) {
			char *nl = strchr(at, '\n');

			if (nl)
				*nl = '\0';
			fprintf(stderr, "# |%s\n", at);
			at = nl ? nl + 1 : NULL;
		}
	}
	free(screen);
	return ok;
}

void tui_settle_ms(int ms)
{
	nap(ms);
}
