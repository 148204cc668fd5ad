/* The event loop of the shell: waits on the keyboard, the network and
 * signals at once; turns keys into screen calls; paints the title bar, the
 * screens and the status line; runs the kiosk idle clock. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>

#include "api.h"
#include "app.h"
#include "app_int.h"
#include "config.h"
#include "i18n_setup.h"
#include "kiosk.h"
#include "term_keys.h"
#include "ui.h"
#include "widgets/progress.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"

#define MIN_ROWS 24
#define MIN_COLS 80
#define TICK_MS 200
/* bracketed paste: the terminal wraps pasted text in these */
#define KEY_PASTE_START (KEY_MAX + 1)
#define KEY_PASTE_END   (KEY_MAX + 2)

/* Signals arrive through a pipe so the loop wakes up from its poll. */
static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t got_winch, got_term;

static void on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (sig == SIGWINCH)
		got_winch = 1;
	else
		got_term = 1;
	if (sig_pipe[1] >= 0 && write(sig_pipe[1], &c, 1) < 0) {
		/* the pipe is full: a wake-up is already pending */
	}
	errno = saved;
}

/* ----- drawing */

static void draw_title(struct app *app)
{
	const struct screen *top = app_top(app);
	size_t i = app->depth;

	/* a dialog has no title of its own: name the screen under it */
	while (i > 0 && !app->stack[i - 1]->title)
		i--;
	if (i > 0)
		top = app->stack[i - 1];
	char left[256], right[160];
	const char *user = json_str_or(app->session.account, "username", NULL);
	int rw;

	snprintf(left, sizeof(left), " %s%s%s", _("Roster"),
	         top && top->title ? " · " : "", top && top->title ? top->title : "");
	if (!app->utf8)
		snprintf(left, sizeof(left), " %s%s%s", _("Roster"),
		         top && top->title ? " - " : "", top && top->title ? top->title : "");
	right[0] = '\0';
	if (user)
		snprintf(right, sizeof(right), "%s%s%s ", user, app->cfg->kiosk ? "  " : "",
		         app->cfg->kiosk ? _("[kiosk]") : "");
	else if (app->cfg->kiosk)
		snprintf(right, sizeof(right), "%s ", _("[kiosk]"));
	rw = (int)utf8_width(right);
	ui_print_pad(0, 0, COLS, left, ui_attr(UI_TITLE));
	if (rw && rw < COLS / 2)
		ui_print(0, COLS - rw, rw, right, ui_attr(UI_TITLE));
}

static void draw_status(struct app *app)
{
	const struct screen *top = app_top(app);
	char help[512];
	int y = LINES - 1;

	/* the key names this terminal can send (^F where it has no PgDn) */
	term_keys_help(top && top->help ? top->help : "", help, sizeof(help));
	ui_print_pad(y, 0, COLS, help, ui_attr(UI_STATUS));
	if (top && app_busy(top)) {
		char buf[160];
		int w;

		snprintf(buf, sizeof(buf), " %s %s ", spinner_frame(app_now_ms()),
		         _("Waiting for the server... Esc cancels"));
		w = (int)utf8_width(buf);
		/* right of the key help when both fit, else instead of it */
		if ((int)utf8_width(help) + w + 1 > COLS)
			ui_print_pad(y, 0, COLS, "", ui_attr(UI_STATUS));
		if (w > COLS)
			w = COLS;
		ui_print(y, COLS - w, w, buf, ui_attr(UI_KEY));
	}
}

static void render(struct app *app)
{
	size_t base, i;

	app->dirty = false;
	app->cur_y = app->cur_x = -1;
	erase();
	if (LINES < MIN_ROWS || COLS < MIN_COLS) {
		char buf[160];
		int y = LINES / 2 - 1;

		snprintf(buf, sizeof(buf), _("Please enlarge the terminal to at least %dx%d."),
		         MIN_COLS, MIN_ROWS);
		ui_print_center(y < 0 ? 0 : y, 0, COLS, buf, A_BOLD);
		snprintf(buf, sizeof(buf), _("Now %dx%d."), COLS, LINES);
		if (y + 1 < LINES)
			ui_print_center(y + 1, 0, COLS, buf, A_NORMAL);
		if (ui_typing() && y + 2 < LINES)
			ui_print_center(y + 2, 0, COLS, _("What you type still goes into the field."),
			                A_NORMAL);
	} else {
		draw_title(app);
		/* draw from the topmost full screen up through its dialogs */
		base = app->depth ? app->depth - 1 : 0;
		while (base > 0 && (app->stack[base]->ops->flags & SCR_F_OVERLAY))
			base--;
		for (i = base; i < app->depth; i++) {
			if (i + 1 < app->depth)
				app->cur_y = app->cur_x = -1;
			/* only the top screen's field takes keys */
			ui_set_typing(false);
			app->stack[i]->ops->draw(app->stack[i]);
		}
		draw_status(app);
	}
	if (app->cur_y >= 0) {
		move(app->cur_y, app->cur_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* ----- input */

/* A key that only changes the text of a field. */
static bool editing_key(wint_t k)
{
	if (!IS_KF(k))
		return (k >= 0x20 && k != 0x7f) || k == 0x7f || k == KEY_CTRL('h') ||
		       k == KEY_CTRL('u') || k == KEY_CTRL('k') || k == KEY_CTRL('w');
	return k == KF(KEY_BACKSPACE) || k == KF(KEY_DC) || k == KF(KEY_LEFT) ||
	       k == KF(KEY_RIGHT) || k == KF(KEY_HOME) || k == KF(KEY_END) || k == KEY_PASTE_NL;
}

/* Ctrl-F and Ctrl-B are PgDn and PgUp on every screen: the keys a
 * terminal without page keys (vt100) pages and steps with. */
static wint_t key_twin(wint_t k)
{
	if (k == KEY_CTRL('f'))
		return KF(KEY_NPAGE);
	if (k == KEY_CTRL('b'))
		return KF(KEY_PPAGE);
	return k;
}

/* Hand k to the top screen, then to the global keys; returns what the
 * screen said of it (enum scr_result). */
static int dispatch_key(struct app *app, wint_t k)
{
	struct screen *top = app_top(app);
	int r = SCR_IGNORED;

	if (!top)
		return r;
	if (LINES < MIN_ROWS || COLS < MIN_COLS) {
		if (k == KEY_CTRL('c') && !app->cfg->kiosk) {
			app_quit(app, ROSTER_EXIT_OK);
			return r;
		}
		/* nothing can be seen, but what is typed into the field that
		 * had the cursor is kept (roster(1)); a key that would act
		 * unseen (Enter, Esc, a letter on a menu) waits for room */
		if (!ui_typing() || !editing_key(k) || !top->ops->key)
			return r;
		r = top->ops->key(top, k);
		app->dirty = true;
		return r;
	}
	if (k == KEY_ESC && app_busy(top)) {
		app_cancel_requests(top);
		app->dirty = true;
		return SCR_HANDLED;
	}
	if (top->ops->key)
		r = top->ops->key(top, k);
	if (r == SCR_IGNORED) {
		switch (k) {
		case KEY_CTRL('c'):
			if (!app->cfg->kiosk)
				app_quit(app, ROSTER_EXIT_OK);
			return r;
		case KEY_CTRL('l'):
			clearok(curscr, TRUE);
			app->dirty = true;
			return r;
		case KEY_ESC:
			if (app->depth > 1)
				app_close(top, 0);
			return r;
		default:
			return r;
		}
	}
	app->dirty = true;
	if ((r & SCR_CLOSE) && !top->closing)
		app_close(top, 0);
	if (r & SCR_QUIT)
		app_quit(app, ROSTER_EXIT_OK);
	return r;
}

/* A bracketed paste goes in as typed text, but a line break arrives as
 * KEY_PASTE_NL, never as Enter, so a paste can never send a form. A screen
 * that takes it (a multi-line editor: it changed, SCR_REDRAW) gets every
 * line; anywhere else the rest of the paste after the first line is
 * dropped. "\r\n" is one line break. */
static void paste_char(struct app *app, wint_t c)
{
	bool after_cr = app->paste_cr;

	app->paste_cr = c == '\r';
	if (app->paste_done || (c == '\n' && after_cr))
		return;
	if (c == '\r' || c == '\n') {
		if (!(dispatch_key(app, KEY_PASTE_NL) & SCR_REDRAW))
			app->paste_done = true;
		return;
	}
	if (c == '\t')
		c = ' ';
	if (c < 0x20 || c == 0x7f || IS_KF(c))
		return;
	dispatch_key(app, c);
}

/* After a lone ESC: when more bytes were already waiting they are the rest
 * of an escape sequence this terminal description does not know (a
 * mismatched TERM). Swallow a CSI or SS3 sequence whole so it can never
 * act as Esc plus typed text. Returns true when one was swallowed; *next
 * gets a character read that did not belong to one. */
static bool swallow_unknown_sequence(int *next_rc, wint_t *next)
{
	wint_t ch;
	int rc = get_wch(&ch), n = 0;

	*next_rc = ERR;
	if (rc == ERR)
		return false;
	if (rc == OK && (ch == '[' || ch == 'O')) {
		/* parameters and intermediates, then one final byte */
		while ((rc = get_wch(&ch)) == OK && n++ < 32)
			if (ch >= 0x40 && ch <= 0x7e)
				break;
		return true;
	}
	*next_rc = rc;
	*next = ch;
	return false;
}

static void read_keys(struct app *app)
{
	wint_t ch;
	int rc;

	while ((rc = get_wch(&ch)) != ERR) {
		wint_t k = rc == KEY_CODE_YES ? KF(ch) : ch;

		if (rc == OK && ch == KEY_ESC) {
			int nrc;
			wint_t nch;

			if (swallow_unknown_sequence(&nrc, &nch))
				continue;
			if (nrc != ERR) {
				/* Esc then a key: deliver both */
				if (nrc == KEY_CODE_YES)
					ungetch((int)nch);
				else
					unget_wch((wchar_t)nch);
			}
		}

		app->last_input_ms = app_now_ms();
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			app->dirty = true;
			continue;
		}
		if (rc == KEY_CODE_YES && ch == KEY_PASTE_START) {
			app->pasting = true;
			app->paste_done = app->paste_cr = false;
			continue;
		}
		if (rc == KEY_CODE_YES && ch == KEY_PASTE_END) {
			app->pasting = false;
			continue;
		}
		if (app->warned) {
			/* the kiosk warning takes any key as "still here" */
			app->warned = false;
		}
		if (app->pasting)
			paste_char(app, k);
		else
			dispatch_key(app, key_twin(k));
		app_bury(app);
		if (app->quit)
			return;
	}
}

static void handle_resize(struct app *app)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	app->dirty = true;
}

/* ----- kiosk idle */

static bool something_to_lose(const struct app *app)
{
	return app->session.token || app->depth > 1;
}

static void kiosk_check(struct app *app, int64_t now)
{
	int idle_ms = app->cfg->kiosk_idle * 1000;
	int warn_ms = kiosk_warn_secs(app->cfg->kiosk_idle) * 1000;
	int64_t idle = now - app->last_input_ms;
	struct screen *top = app_top(app);

	if (!something_to_lose(app)) {
		app->last_input_ms = now;
		return;
	}
	if (idle >= idle_ms) {
		app->warned = false;
		app_sign_out(app); /* closes every screen: their close() wipes */
		app->last_input_ms = now;
		return;
	}
	if (idle >= idle_ms - warn_ms && !app->warned &&
	    !(top && top->ops == &scr_kiosk_warn_ops)) {
		int64_t deadline = app->last_input_ms + idle_ms;

		app->warned = true;
		app_push(app, &scr_kiosk_warn_ops, &deadline, 0);
	}
}

/* ----- the loop */

static void setup_signals(void)
{
	struct sigaction sa;

	if (pipe(sig_pipe) == 0) {
		fcntl(sig_pipe[0], F_SETFL, O_NONBLOCK);
		fcntl(sig_pipe[1], F_SETFL, O_NONBLOCK);
		fcntl(sig_pipe[0], F_SETFD, FD_CLOEXEC);
		fcntl(sig_pipe[1], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Ctrl-S saves and Ctrl-Q is free: neither may stop or start the output
 * (XON/XOFF), which cbreak mode leaves on. */
static void no_flow_control(void)
{
	struct termios tio;

	if (tcgetattr(STDIN_FILENO, &tio) != 0)
		return;
	tio.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0)
		def_prog_mode();
}

static void start_curses(struct app *app)
{
	const char *term = getenv("TERM");

	if (!term || !*term)
		setenv("TERM", "vt100", 1);
	set_escdelay(50);
	initscr();
	if (app->cfg->kiosk)
		raw();
	else
		cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	meta(stdscr, TRUE);
	define_key("\033[200~", KEY_PASTE_START);
	define_key("\033[201~", KEY_PASTE_END);
	/* Home and End as the common terminals send them, whatever TERM says */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[H", KEY_HOME);
	define_key("\033OH", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[F", KEY_END);
	define_key("\033OF", KEY_END);
	/* Shift-Tab as xterm and its kin send it, even where TERM (vt100)
	 * has no word for it */
	define_key("\033[Z", KEY_BTAB);
	term_keys_init();
	no_flow_control();
	app->utf8 = i18n_utf8() && !app->cfg->ascii;
	app->colour = has_colors() && !app->cfg->ascii;
	ui_set_text_utf8(i18n_utf8());
	ui_init(app->colour, app->utf8);
	/* ask for bracketed paste; terminals that do not know it ignore it */
	putp("\033[?2004h");
	fflush(stdout);
}

static void stop_curses(void)
{
	putp("\033[?2004l");
	endwin();
}

/* The terminal hung up without a SIGHUP reaching us (the line dropped):
 * stop rather than spin on a dead descriptor. */
static bool terminal_gone(void)
{
	struct pollfd pf = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&pf, 1, 0) > 0 && (pf.revents & (POLLHUP | POLLERR | POLLNVAL));
}

int app_run(struct app *app, const struct screen_ops *first)
{
	int64_t next_tick = 0;

	setup_signals();
	if (!app->cfg->kiosk) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
	}
	start_curses(app);
	app->last_input_ms = app_now_ms();
	app_push(app, first, NULL, 0);

	while (!app->quit) {
		int fds[2] = { STDIN_FILENO, sig_pipe[0] };
		short rev[2];
		int64_t now;
		int timeout = 1000;
		size_t i;

		if (app->dirty)
			render(app);
		now = app_now_ms();
		for (i = 0; i < app->depth; i++)
			if (app->stack[i]->wants_tick)
				timeout = TICK_MS;
		if (app->cfg->kiosk || api_pending(app->api))
			timeout = TICK_MS;
		api_wait(app->api, fds, sig_pipe[0] >= 0 ? 2 : 1, rev, timeout);

		if (sig_pipe[0] >= 0) {
			char buf[64];

			while (read(sig_pipe[0], buf, sizeof(buf)) > 0)
				;
		}
		if (got_winch) {
			got_winch = 0;
			handle_resize(app);
		}
		if (got_term || terminal_gone()) {
			app_quit(app, ROSTER_EXIT_OK);
			break;
		}
		read_keys(app);
		if (app->quit)
			break;
		api_run(app->api, app_on_done, app);
		app_bury(app);

		now = app_now_ms();
		if (now >= next_tick) {
			next_tick = now + TICK_MS;
			for (i = 0; i < app->depth; i++) {
				struct screen *s = app->stack[i];

				if (s->wants_tick && s->ops->tick && s->ops->tick(s, now))
					app->dirty = true;
			}
			if (app_top(app) && app_busy(app_top(app)))
				app->dirty = true; /* the spinner turns */
			if (app->cfg->kiosk)
				kiosk_check(app, now);
			app_bury(app);
		}
		if (!app->depth)
			app_quit(app, ROSTER_EXIT_OK);
	}
	while (app->depth)
		app_pop_one(app);
	app_bury(app);
	stop_curses();
	return app->exit_status;
}

void app_loop_cleanup(void)
{
	if (sig_pipe[0] >= 0) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
		sig_pipe[0] = sig_pipe[1] = -1;
	}
}
