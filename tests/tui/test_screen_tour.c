/* A tour of every screen with the demo at every stage (rosterd init
 * --demo-members): member and staff screens at 80x24, on xterm-256color and
 * vt100, in Chinese and English, the client machine in another time zone
 * (TZ=America/New_York). Every screen is checked for
 *   - text cut without "…" or drawn over: a known string (every message of
 *     the catalogue, and the demo's own long texts) whose start is on the
 *     screen but which goes on as something else, with no "…" and not
 *     wrapped onto the next line;
 *   - a key in the status line the terminal cannot send: on vt100 there is
 *     no PgUp/PgDn, Home/End, Insert/Delete, nor F5 and above (the VT100's
 *     PF1-PF4 send F1-F4);
 *   - English words in the Chinese interface, names and codes aside (a
 *     word next to a digit, "@", "_" or "." is a code, a login or an
 *     address; a few key names and acronyms are allowed).
 * All problems of a tour are listed before it fails. Besides, the Chinese
 * member tour checks what the content fixes promise: a paid fee-difference
 * order shows as paid and offers no payment, the difference is explained,
 * notices open from the member centre with a "More" entry, and times are
 * the association's (Asia/Shanghai), not the machine's. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "tui.h"
#include "roster/json.h"

#define PW "Member-Demo-2026"

static struct test_server ts;

/* ----- the known strings */

struct known {
	wchar_t **s;
	size_t n, cap;
};

static struct known known_zh, known_en;

static void known_add(struct known *k, const char *utf8)
{
	size_t n = mbstowcs(NULL, utf8, 0);
	wchar_t *w;

	if (n == (size_t)-1 || n < 6 || strchr(utf8, '%') || strchr(utf8, '\n') ||
	    strchr(utf8, '\t'))
		return;
	w = calloc(n + 1, sizeof *w);
	mbstowcs(w, utf8, n + 1);
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 512;
		k->s = realloc(k->s, k->cap * sizeof *k->s);
	}
	k->s[k->n++] = w;
}

/* A PO string's text: "..." pieces joined, \" \\ \n \t undone. */
static void po_append(char **acc, const char *line)
{
	const char *p = strchr(line, '"');
	size_t have = *acc ? strlen(*acc) : 0;
	char *out;

	if (!p)
		return;
	out = realloc(*acc, have + strlen(p) + 1);
	*acc = out;
	out += have;
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			*out++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
		} else {
			*out++ = *p;
		}
	}
	*out = '\0';
}

/* Every msgid (English) and msgstr (Chinese) of the merged catalogue. */
static void known_load(void)
{
	char path[512], line[4096], *id = NULL, *str = NULL, **cur = NULL;
	const char *build = getenv("ROSTER_BUILD");
	FILE *f;

	snprintf(path, sizeof path, "%s/locale/zh_CN.po", build ? build : "build/out");
	f = fopen(path, "r");
	if (!f)
		fail_msg("no catalogue at %s", path);
	for (;;) {
		bool end = !fgets(line, sizeof line, f);

		if (end || !strncmp(line, "msgid ", 6)) {
			if (id && str && *id && *str) {
				known_add(&known_en, id);
				known_add(&known_zh, str);
			}
			free(id);
			free(str);
			id = str = NULL;
			if (end)
				break;
			cur = &id;
			po_append(cur, line + 6);
		} else if (!strncmp(line, "msgstr ", 7)) {
			cur = &str;
			po_append(cur, line + 7);
		} else if (line[0] == '"' && cur) {
			po_append(cur, line);
		} else if (line[0] == '#' || line[0] == '\n') {
			cur = NULL;
		}
	}
	fclose(f);
	/* the demo's own long texts */
	static const char *const demo[] = {
		"关于开展2026年度会费缴纳工作的通知", "参与专业委员会工作，申请升为高级会员。",
		"申请表未盖章，请上传盖章后的扫描件。", "北京市海淀区中关村大街1号", "2026年学术年会征文通知",
	};
	for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
		known_add(&known_zh, demo[i]);
		known_add(&known_en, demo[i]);
	}
}

/* ----- one screen's checks */

struct tour {
	bool zh, vt100;
	bool stages;           /* the members at the other stages, not demo and staff */
	const char *name;      /* "zh_CN vt100" … */
	char *problems;        /* all found, one a line */
	int nproblems;
};

static void problem(struct tour *tr, const char *where, const char *fmt, ...)
{
	char msg[600], *line;
	va_list ap;
	size_t have = tr->problems ? strlen(tr->problems) : 0;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (tr->nproblems++ > 60)
		return;
	line = NULL;
	if (asprintf(&line, "  [%s] %s: %s\n", tr->name, where, msg) < 0)
		return;
	tr->problems = realloc(tr->problems, have + strlen(line) + 1);
	strcpy(tr->problems + have, line);
	free(line);
}

/* The screen as wide lines (rows of at most 200 characters). */
struct wscreen {
	wchar_t line[24][201];
	int rows;
};

static void wscreen_of(const char *text, struct wscreen *w)
{
	const char *p = text;

	memset(w, 0, sizeof *w);
	while (*p && w->rows < 24) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char buf[1024];

		snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), p);
		if (mbstowcs(w->line[w->rows], buf, 200) == (size_t)-1)
			w->line[w->rows][0] = L'\0';
		w->rows++;
		p = e ? e + 1 : p + len;
	}
}

static size_t wtrim_len(const wchar_t *s)
{
	size_t n = wcslen(s);

	while (n && s[n - 1] == L' ')
		n--;
	return n;
}

/* Does the rest of k (from j) go on at the start of the next line? */
static bool wraps(const struct wscreen *w, int row, const wchar_t *rest)
{
	const wchar_t *nx;
	size_t i;

	if (row + 1 >= w->rows)
		return false;
	while (*rest == L' ')
		rest++;
	nx = w->line[row + 1];
	while (*nx == L' ')
		nx++;
	for (i = 0; rest[i] && i < 3; i++)
		if (nx[i] != rest[i])
			return false;
	return true;
}

/* Where text is cut by the space it was given: at the right edge of the
 * screen (the line's text reaches the last columns) or at a frame. A
 * shorter text that ends in a column's padding is most often a different,
 * shorter message with the same start, so that is not counted. */
static bool stops_at(const wchar_t *L, size_t i, size_t n)
{
	if (i < n)
		return L[i] == L'│' || L[i] == L'|';
	return wcswidth(L, n) >= 78;
}

/* Known strings whose start is on the screen and then stops (a column, the
 * edge of the screen, a frame) with neither "…" nor the rest on the next
 * line: cut text. A string that goes on as other text is a variant (the
 * catalogue holds many sentences with a common start), unless that other
 * text is drawn over it: then the start of the known string is followed by
 * the stop of another one, which the same rule catches. */
static void check_cut(struct tour *tr, const char *where, const struct wscreen *w)
{
	const struct known *k = tr->zh ? &known_zh : &known_en;
	size_t minp = tr->zh ? 5 : 12;

	for (int r = 0; r < w->rows; r++) {
		const wchar_t *L = w->line[r];
		size_t n = wtrim_len(L);

		for (size_t i = 0; i < n; i++) {
			size_t best_full = 0, bad_j = 0;
			const wchar_t *bad = NULL;

			/* a string starts a word (English) or anywhere (Chinese) */
			if (L[i] == L' ' || (!tr->zh && i > 0 && iswalnum((wint_t)L[i - 1])))
				continue;
			for (size_t s = 0; s < k->n; s++) {
				const wchar_t *K = k->s[s];
				size_t j = 0;

				if (K[0] != L[i])
					continue;
				while (K[j] && i + j < n && L[i + j] == K[j])
					j++;
				while (j > 0 && K[j] && K[j - 1] == L' ')
					j--;
				if (!K[j]) {
					if (j > best_full)
						best_full = j;
					continue;
				}
				if (j < minp || !stops_at(L, i + j + (L[i + j] == L' '), n))
					continue;
				/* English cuts at a word's end look like a shorter
				 * sentence; only a cut inside a word counts there */
				if (!tr->zh && (K[j] == L' ' || !iswalnum((wint_t)K[j])))
					continue;
				if (i + j >= n && wraps(w, r, K + j))
					continue;
				if (j > bad_j) {
					bad_j = j;
					bad = K;
				}
			}
			if (bad && best_full < bad_j) {
				wchar_t shown[201];

				wcsncpy(shown, L + i, bad_j);
				shown[bad_j] = L'\0';
				problem(tr, where, "\"%ls\" is cut without \"…\" on row %d: \"%ls\"", bad,
				        r, shown);
				break;   /* one report a row */
			}
		}
	}
}

static bool vt100_cannot_send(const char *word)
{
	static const char *const no[] = { "PgUp", "PgDn", "PageUp", "PageDown", "Home", "End",
	                                  "Insert", "Ins", "Delete", "Del", "翻页键", NULL };

	for (int i = 0; no[i]; i++)
		if (!strcmp(word, no[i]))
			return true;
	return word[0] == 'F' && atoi(word + 1) >= 5 && atoi(word + 1) <= 24;
}

/* Keys named in the status line (the last row with text). */
static void check_keys(struct tour *tr, const char *where, const struct wscreen *w)
{
	int r = w->rows - 1;
	char line[1024], copy[1024], *save = NULL, *tok;

	if (!tr->vt100)
		return;
	while (r > 0 && !wtrim_len(w->line[r]))
		r--;
	if (wcstombs(line, w->line[r], sizeof line) == (size_t)-1)
		return;
	memcpy(copy, line, sizeof copy);
	for (tok = strtok_r(copy, " /:,()[]", &save); tok; tok = strtok_r(NULL, " /:,()[]", &save))
		if (vt100_cannot_send(tok))
			problem(tr, where, "the status line offers %s, which vt100 cannot send: \"%s\"", tok,
			        line);
}

static bool allowed_word(const char *w)
{
	static const char *const ok[] = {
		"Tab", "Enter", "Esc", "Ctrl", "Shift", "Space", "Backspace", "Up", "Down", "Left",
		"Right", "PgUp", "PgDn", "Home", "End", "QR", "PDF", "CSV", "ID", "OK", "HQ", "URL",
		"demo", "hq", "admin", "staff", "draft", "branch", "rejected", "unpaid", "grace",
		"org", "example", "http", "https", "localhost", NULL,
	};

	for (int i = 0; ok[i]; i++)
		if (!strcmp(w, ok[i]))
			return true;
	return false;
}

/* English words in the Chinese interface. */
static void check_english(struct tour *tr, const char *where, const char *text)
{
	const char *p = text;

	if (!tr->zh)
		return;
	while (*p) {
		const char *s = p;
		bool code = false;
		char word[64];

		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))) {
			p++;
			continue;
		}
		/* the run of a name, a code, an address or a key name */
		while (*p && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		              (*p >= '0' && *p <= '9') || strchr("_@.:/+-", *p))) {
			code = code || (*p >= '0' && *p <= '9') || strchr("_@.:", *p);
			p++;
		}
		if (code)
			continue;
		/* words of the run, split at - and / */
		for (const char *q = s; q < p;) {
			size_t n = 0;

			while (q < p && strchr("/+-", *q))
				q++;
			while (q + n < p && !strchr("/+-", q[n]))
				n++;
			snprintf(word, sizeof word, "%.*s", (int)(n < 63 ? n : 63), q);
			q += n;
			if (n >= 2 && !allowed_word(word) && strspn(word, (char[]){ word[0], 0 }) != n)
				problem(tr, where, "English word \"%s\" in the Chinese interface", word);
		}
	}
}

/* Line drawing that came out as the letters of the VT100 alternate
 * character set (qqqq for ─, xxxx for │). */
static void check_lines(struct tour *tr, const char *where, const char *text)
{
	static const char *const runs[] = { "qqqqq", "xxxxx", NULL };

	for (int i = 0; runs[i]; i++)
		if (strstr(text, runs[i]))
			problem(tr, where, "line drawing shown as letters (%s…)", runs[i]);
}

static void check(struct tour *tr, struct tui *t, const char *where)
{
	char *text = tui_screen(t);
	struct wscreen w;

	if (!text)
		return;
	wscreen_of(text, &w);
	check_cut(tr, where, &w);
	check_keys(tr, where, &w);
	check_english(tr, where, text);
	check_lines(tr, where, text);
	free(text);
}

/* ----- walking */

static bool loading(struct tui *t)
{
	char *s = tui_screen(t);
	bool busy = !s || strstr(s, "Loading…") || strstr(s, "加载") || strstr(s, "Working…") ||
	            strstr(s, "Sending…");

	free(s);
	return busy;
}

/* The screen has drawn what it loaded. */
static void settle(struct tui *t)
{
	long long end = tui_now_ms() + 8000;

	tui_settle(t, 80);
	while (loading(t) && tui_now_ms() < end)
		tui_settle(t, 80);
}

static char *first_row(struct tui *t)
{
	char *s = tui_screen(t), *nl;

	if (s && (nl = strchr(s, '\n')))
		*nl = '\0';
	return s;
}

static bool title_is(struct tui *t, const char *title)
{
	char *row = first_row(t);
	bool yes = row && strstr(row, title);

	free(row);
	return yes;
}

/* Press key, wait for the title row to change, check, then Escape back
 * until the title row holds home_title again. With open, also Enter on the
 * first row of a list and check that too. */
static void visit(struct tour *tr, struct tui *t, const char *key, const char *home_title,
                  bool open)
{
	char where[64];
	long long end = tui_now_ms() + 5000;

	snprintf(where, sizeof where, "key %s", key);
	tui_keys(t, key, NULL);
	while (title_is(t, home_title) && tui_now_ms() < end)
		tui_settle_ms(40);
	settle(t);
	check(tr, t, where);
	if (open) {
		snprintf(where, sizeof where, "key %s, Enter", key);
		tui_keys(t, "Enter", NULL);
		settle(t);
		check(tr, t, where);
	}
	for (int i = 0; i < 4 && !title_is(t, home_title); i++) {
		tui_keys(t, "Escape", NULL);
		end = tui_now_ms() + 1500;
		while (!title_is(t, home_title) && tui_now_ms() < end)
			tui_settle_ms(40);
	}
	if (!title_is(t, home_title))
		problem(tr, where, "Esc did not lead back to %s", home_title);
}

static int start(struct tui *t, bool zh, bool vt100)
{
	const char *roster = getenv("ROSTER");
	const char *cmd[] = { "/usr/bin/env", "TZ=America/New_York", roster, "--server", ts.base,
	                      "--lang", zh ? "zh_CN" : "en", NULL };
	struct tui_opts o = { .term = vt100 ? "vt100" : "xterm-256color", .command = cmd };

	return roster ? tui_start(t, &ts, &o) : -1;
}

/* The screen shows one of texts (NULL-terminated) within timeout_ms. */
static bool shows_any(struct tui *t, const char *const *texts, int timeout_ms)
{
	long long end = tui_now_ms() + timeout_ms;

	do {
		char *s = tui_screen(t);
		bool yes = false;

		for (int i = 0; s && texts[i] && !yes; i++)
			yes = strstr(s, texts[i]) != NULL;
		free(s);
		if (yes)
			return true;
		tui_settle_ms(60);
	} while (tui_now_ms() < end);
	{
		char *scr = tui_screen(t);

		fprintf(stderr, "# waited for \"%s\"; the screen:\n%s\n", texts[0], scr ? scr : "");
		free(scr);
	}
	return false;
}

/* tui_sign_in with more patience: four tours sign in at once on a busy
 * machine, and each sign-in is a deliberately slow password check. */
static bool sign_in(struct tui *t, const char *login, const char *password)
{
	if (!shows_any(t, (const char *const[]){ "Register as a new member", "注册新会员", NULL },
	               90000))
		return false;
	tui_keys(t, "l", NULL);
	if (!shows_any(t, (const char *const[]){ "Username, e-mail or mobile", "用户名/邮箱/手机号",
	                                         NULL }, 90000))
		return false;
	tui_type(t, login);
	tui_keys(t, "Tab", NULL);
	tui_type(t, password);
	tui_keys(t, "Enter", NULL);
	return shows_any(t, (const char *const[]){ "Status  ", "状态  ", "Statistics", "统计", NULL },
	                 90000);
}

static bool sign_out(struct tui *t)
{
	tui_keys(t, "o", NULL);
	if (!shows_any(t, (const char *const[]){ "Do you want to sign out?", "确定要退出登录吗", NULL },
	               90000))
		return false;
	tui_keys(t, "y", NULL);
	return shows_any(t, (const char *const[]){ "Register as a new member", "注册新会员", NULL },
	                 90000);
}

/* One tour: every member screen of demo, the centre of each other stage
 * and what it leads to, every staff screen. Problems go to tr. */
static void tour(struct tour *tr, struct tui *t)
{
	static const char *const member_keys[] = { "a", "p", "c", "i", "y", "d", "v", "l", "m",
	                                           "t", "b", "w" };
	static const char *const lists = "ydvmt";
	static const char *const others[] = { "demo_draft", "demo_branch", "demo_rejected",
	                                      "demo_unpaid", "demo_grace" };
	static const char *const staff_keys[] = { "1", "2", "3", "4", "5", "6", "p" };
	const char *home = tr->zh ? "会员个人中心" : "Member centre";
	const char *staff_home = tr->zh ? "工作人员控制台" : "Staff console";

	if (start(t, tr->zh, tr->vt100) != 0) {
		problem(tr, "start", "roster did not start");
		return;
	}
	check(tr, t, "welcome");
	if (tr->stages) {
		/* the other stages: their centre and what its next step opens */
		for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
			char where[64];

			if ((i && !sign_out(t)) || !sign_in(t, others[i], PW)) {
				problem(tr, others[i], "could not sign in as %s", others[i]);
				return;
			}
			settle(t);
			snprintf(where, sizeof where, "member centre (%s)", others[i]);
			check(tr, t, where);
			visit(tr, t, "a", home, false);
			if (!strcmp(others[i], "demo_unpaid") || !strcmp(others[i], "demo_grace"))
				visit(tr, t, "p", home, false);
		}
		if (!tui_quit(t))
			problem(tr, "quit", "roster did not end cleanly");
		return;
	}
	if (!sign_in(t, "demo", PW)) {
		problem(tr, "sign in", "demo could not sign in");
		return;
	}
	settle(t);
	check(tr, t, "member centre (demo)");
	for (size_t i = 0; i < sizeof member_keys / sizeof member_keys[0]; i++)
		visit(tr, t, member_keys[i], home, strchr(lists, member_keys[i][0]) != NULL);
	if (!sign_out(t) || !sign_in(t, "admin", "Admin-Demo-2026")) {
		problem(tr, "staff", "could not sign in as admin");
		return;
	}
	settle(t);
	check(tr, t, "staff console");
	if (!title_is(t, staff_home))
		problem(tr, "staff console", "the title is not %s", staff_home);
	for (size_t i = 0; i < sizeof staff_keys / sizeof staff_keys[0]; i++)
		visit(tr, t, staff_keys[i], staff_home, i < 5);
	if (!tui_quit(t))
		problem(tr, "quit", "roster did not end cleanly");
}

/* The tours run at once, each in a child process with its own
 * terminal (they mostly wait for the screen), their problems written to a
 * file each; then every problem is listed and the test fails if there are
 * any. */
static void test_tours(void **state)
{
	static const struct { bool zh, vt100, stages; const char *name; } cfg[] = {
		{ true, false, false, "zh_CN xterm-256color" }, { true, true, false, "zh_CN vt100" },
		{ false, false, false, "en xterm-256color" }, { false, true, false, "en vt100" },
		/* the other stages in Chinese on vt100, as a newcomer at a kiosk */
		{ true, true, true, "zh_CN vt100 stages" },
	};
	enum { NCFG = sizeof cfg / sizeof cfg[0] };
	char dir[] = "/tmp/roster-tour-XXXXXX", path[64];
	pid_t pid[NCFG];
	int total = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (int c = 0; c < NCFG; c++) {
		pid[c] = fork();
		assert_true(pid[c] >= 0);
		if (pid[c] == 0) {
			struct tour tr = { .zh = cfg[c].zh, .vt100 = cfg[c].vt100, .stages = cfg[c].stages,
			                   .name = cfg[c].name };
			struct tui t;
			FILE *f;

			memset(&t, 0, sizeof t);
			/* not four password checks at the same moment */
			tui_settle_ms(1500 * c);
			{
				long long t0 = tui_now_ms();

				tour(&tr, &t);
				fprintf(stderr, "# screen tour %s: %.1f s\n", tr.name,
				        (double)(tui_now_ms() - t0) / 1000);
			}
			if (t.running)
				tui_stop(&t);
			snprintf(path, sizeof path, "%s/%d", dir, c);
			f = fopen(path, "w");
			if (f) {
				fprintf(f, "%d\n%s", tr.nproblems, tr.problems ? tr.problems : "");
				fclose(f);
			}
			_exit(f ? 0 : 1);
		}
	}
	for (int c = 0; c < NCFG; c++) {
		int st = 0, n = 0;
		char line[1024];
		FILE *f;

		waitpid(pid[c], &st, 0);
		snprintf(path, sizeof path, "%s/%d", dir, c);
		f = fopen(path, "r");
		if (!f || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "screen tour %s: did not finish\n", cfg[c].name);
			total++;
		} else {
			if (fgets(line, sizeof line, f))
				n = atoi(line);
			if (n)
				fprintf(stderr, "screen tour %s: %d problem(s):\n", cfg[c].name, n);
			while (fgets(line, sizeof line, f))
				fputs(line, stderr);
			total += n;
		}
		if (f)
			fclose(f);
		unlink(path);
	}
	rmdir(dir);
	if (total)
		fail_msg("the screen tours found %d problem(s) (listed above)", total);
}

/* ----- what the content fixes promise, in Chinese */

/* "2026-12-07 04:31" of unix seconds t in Asia/Shanghai (UTC+8, no DST). */
static void shanghai(int64_t t, char out[32])
{
	time_t s = (time_t)(t + 8 * 3600);
	struct tm tm;

	gmtime_r(&s, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
}

static void test_member_content(void **state)
{
	struct tui *t = tui_current();
	cJSON *l = fx_call(&ts, "GET", "/api/v1/notices", NULL, NULL, 200);
	const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "items"), 0);
	char when[32], *title = strdup(json_str_or(first, "title", "?"));

	(void)state;
	shanghai(json_int_or(first, "created_at", 0), when);
	cJSON_Delete(l);
	assert_int_equal(start(t, true, true), 0);
	assert_true(tui_sign_in(t, "demo", PW));
	/* the home screen's notices: More opens the list, a notice opens */
	TUI_WAIT(t, "更多公告…");
	tui_keys(t, "Up", NULL);              /* from the menu's first row: More */
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "协会公告，置顶的排在前面。");
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "最新公告");
	tui_keys(t, "Up", "Up", "Up", "Up", NULL);   /* the first notice */
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, title);
	/* its time in the association's zone, not New York's */
	TUI_WAIT(t, when);
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "协会公告，置顶的排在前面。");
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "最新公告");
	/* my applications: the level change's order is paid, nothing to pay */
	tui_keys(t, "y", NULL);
	TUI_WAIT(t, "普通会员 → 高级会员");
	tui_keys(t, "Enter", NULL);
	TUI_WAIT(t, "差额订单");
	TUI_WAIT(t, "已支付");
	TUI_WAIT(t, "¥1,000.00 = 每年 ¥500.00 × 2 年");
	{
		char *s = tui_screen(t);

		assert_null(strstr(s, "支付差额"));
		assert_null(strstr(s, "待支付"));
		free(s);
	}
	tui_keys(t, "Escape", "Escape", NULL);
	TUI_WAIT(t, "最新公告");
	/* the level change screen explains the difference */
	tui_keys(t, "l", NULL);
	TUI_WAIT(t, "费用差额：¥1,000.00 = 每年 ¥500.00 × 2 年");
	tui_keys(t, "Escape", NULL);
	TUI_WAIT(t, "最新公告");
	free(title);
	assert_true(tui_quit(t));
}

static int group_setup(void **state)
{
	const char *datadir = getenv("ROSTER_DATADIR");
	const char *args[] = { "init", "--demo-members", "--data-dir", datadir ? datadir : "data", NULL };

	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	known_load();
	/* password checks of four tours at once */
	if (ts_start(&ts, (const char *const[]){ "--set", "server.offload_threads=4", NULL }) != 0)
		return -1;
	return ts_rosterd(&ts, args, NULL) == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	ts_stop(&ts);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_member_content, tui_current_teardown),
		cmocka_unit_test(test_tours),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
