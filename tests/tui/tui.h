/* TUI test harness: runs the real roster in a tmux session of a given size,
 * TERM and locale (a private tmux server per test process), against a real
 * rosterd from the API harness; sends keys, polls the screen for text (never
 * fixed sleeps; a timeout fails with the screen dumped) and counts the bytes
 * roster wrote to its terminal (tmux pipe-pane). */
#ifndef ROSTER_TUI_H
#define ROSTER_TUI_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"
#include "fixture.h"

/* How long to wait for text before failing; generous because a loaded
 * machine or a sanitizer build is slow, and a passing test never waits it
 * out. */
#define TUI_TIMEOUT_MS 25000

struct tui_opts {
	int cols, rows;              /* 0: 80 x 24 */
	const char *term;            /* NULL: screen-256color (what tmux emulates) */
	const char *lang;            /* LANG; NULL: C.UTF-8 */
	const char *const *args;     /* extra roster arguments, NULL-terminated */
	/* run this argv (NULL-terminated) in the terminal instead of roster,
	 * in the same clean environment: e.g. ssh into a front door */
	const char *const *command;
};

struct tui {
	char sock[64];               /* tmux -L name */
	char dir[256];               /* temp dir: roster's HOME, the byte log */
	char bytes_path[300];        /* what roster wrote, appended by tmux */
	bool running;
};

/* Start roster against ts (--server ts->base). Returns 0 or -1. */
int tui_start(struct tui *t, const struct test_server *ts, const struct tui_opts *o);
/* Kill the tmux server and remove the temp dir. */
void tui_stop(struct tui *t);

/* tmux key names, one per argument, NULL-terminated: "Tab", "Enter",
 * "BSpace", "C-u", "Escape", "Left" … */
void tui_keys(struct tui *t, ...) __attribute__((sentinel));
/* Literal text (UTF-8, Chinese included), typed as keystrokes. */
void tui_type(struct tui *t, const char *text);
/* Paste text as the terminal does for a bracketed paste. */
void tui_paste(struct tui *t, const char *text);

/* The screen as text, one line per row (caller frees). */
char *tui_screen(struct tui *t);
/* Poll the screen until it contains text; false (with the screen printed
 * to stderr) after timeout_ms. */
bool tui_wait_for(struct tui *t, const char *text, int timeout_ms);
/* Poll until text is gone from the screen. */
bool tui_wait_gone(struct tui *t, const char *text, int timeout_ms);
/* Cursor position (0-based); false when tmux does not say. */
bool tui_cursor(struct tui *t, int *x, int *y);
/* Resize the terminal. */
void tui_resize(struct tui *t, int cols, int rows);
/* Bytes roster has written so far. */
long tui_bytes(struct tui *t);
/* Wait until the output has been quiet for quiet_ms (a repaint finished). */
void tui_settle(struct tui *t, int quiet_ms);
/* roster's process ended: its exit status (128 when a signal ended it), or
 * -1 while it runs. */
int tui_exit_status(struct tui *t);

/* The first run of six digits in the newest mail to addr (the code), into
 * code[7]; false when there is none. */
bool tui_mail_code(const struct test_server *ts, const char *addr, char code[7]);
/* Press the hotkey shown in front of a menu entry ("w Change password"):
 * menus grow, so tests find the key on the screen. False when the entry is
 * not on screen within the timeout. */
bool tui_menu(struct tui *t, const char *label);
/* roster's process id (the pane's), or -1. */
int tui_pid(struct tui *t);

/* Pause between two polls of something outside the terminal (a mail). */
void tui_settle_ms(int ms);
/* Milliseconds of a monotonic clock. */
long long tui_now_ms(void);

/* ----- steps the tests share (tui_steps.c) */

/* Sign in on the welcome screen (either language) and wait for the member
 * centre's status or the staff console's statistics. */
bool tui_sign_in(struct tui *t, const char *login, const char *password);
/* Press key (a staff console entry's hotkey) and wait for title. */
bool tui_open(struct tui *t, const char *key, const char *title);
/* Poll until the screen shows a or b (b may be NULL). */
bool tui_wait_any(struct tui *t, const char *a, const char *b, int timeout_ms);
/* A URL starting with prefix on the screen; a link wrapped onto the next
 * line (same column) is joined. malloc'd, or NULL. */
char *tui_screen_link(struct tui *t, const char *prefix);
/* Write a file into roster's download folder (HOME/Downloads, made when
 * missing), for the file picker. */
bool tui_put_file(const struct tui *t, const char *name, const void *data, size_t len);
/* Bytes of the file roster saved into its download folder (malloc'd, *len
 * set); NULL when there is none. */
char *tui_download(const struct tui *t, const char *name, size_t *len);
/* The terminal of the running test: one at a time, so that the test's
 * teardown (tui_current_teardown, for cmocka_unit_test_teardown) stops it
 * even when a failed assertion left the test half way. */
struct tui *tui_current(void);
int tui_current_teardown(void **state);
/* Quit roster with Ctrl-C and wait for it to end; true when it ended with
 * status 0 (or one tmux has not collected) and no sanitizer report on the
 * terminal. */
bool tui_quit(struct tui *t);

#define TUI_WAIT(t, text) assert_true(tui_wait_for((t), (text), TUI_TIMEOUT_MS))
#define TUI_GONE(t, text) assert_true(tui_wait_gone((t), (text), TUI_TIMEOUT_MS))

#endif
