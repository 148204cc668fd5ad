/* Kiosk mode (kiosk.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include <curses.h>

#include "kiosk.h"
#include "ui.h"
#include "widgets/dialog.h"
#include "roster/i18n.h"
#include "roster/paths.h"
#include "roster/xalloc.h"

#define SESSION_PREFIX "roster-session-"

static struct termios saved_tty;
static int saved_ok;

void kiosk_enter(void)
{
	struct termios t;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);
	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		saved_tty = t;
		saved_ok = 1;
		t.c_cc[VINTR] = _POSIX_VDISABLE;
		t.c_cc[VQUIT] = _POSIX_VDISABLE;
		t.c_cc[VSUSP] = _POSIX_VDISABLE;
#ifdef VDSUSP
		t.c_cc[VDSUSP] = _POSIX_VDISABLE;
#endif
		t.c_lflag &= ~(tcflag_t)ISIG;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
}

void kiosk_leave(void)
{
	if (saved_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	/* home, clear the screen, and clear the scrollback (E3) so the next
	 * person at the desk sees nothing of this session */
	fputs("\033[H\033[2J\033[3J", stdout);
	fflush(stdout);
}

/* ----- the session's download folder */

static char *session_dir;

const char *kiosk_session_dir(const char *download_dir)
{
	char rnd[17];
	unsigned char r[8];
	struct stat st;
	size_t i;

	if (session_dir)
		return session_dir;
	if (!download_dir || paths_make_dirs(download_dir) != 0)
		return NULL;
	randombytes_buf(r, sizeof(r));
	for (i = 0; i < sizeof(r); i++)
		snprintf(rnd + 2 * i, 3, "%02x", r[i]);
	session_dir = xasprintf("%s/" SESSION_PREFIX "%ld-%s", download_dir, (long)getpid(), rnd);
	/* 0700 whatever the umask; a name taken already is not ours */
	if (mkdir(session_dir, 0700) != 0 || chmod(session_dir, 0700) != 0 ||
	    lstat(session_dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid()) {
		xfree(&session_dir);
		return NULL;
	}
	return session_dir;
}

/* Remove the plain files in dir, then dir; sub-folders are never made
 * there, and a link is removed, not followed. */
static void wipe_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d))) {
			char *p;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			p = xasprintf("%s/%s", dir, e->d_name);
			if (unlink(p) != 0 && errno == EISDIR)
				wipe_dir(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

void kiosk_session_wipe(void)
{
	if (!session_dir)
		return;
	wipe_dir(session_dir);
	xfree(&session_dir);
}

void kiosk_sweep_stale(const char *download_dir)
{
	DIR *d = download_dir ? opendir(download_dir) : NULL;
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		char *end, *p;
		struct stat st;
		long pid;

		if (strncmp(n, SESSION_PREFIX, strlen(SESSION_PREFIX)) != 0)
			continue;
		pid = strtol(n + strlen(SESSION_PREFIX), &end, 10);
		if (end == n + strlen(SESSION_PREFIX) || *end != '-' || pid <= 0)
			continue;
		/* another kiosk's (an SSH front door runs many): still in use */
		if (kill((pid_t)pid, 0) == 0 || errno == EPERM)
			continue;
		p = xasprintf("%s/%s", download_dir, n);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid())
			wipe_dir(p);
		free(p);
	}
	closedir(d);
}

/* ----- idle */

int kiosk_warn_secs(int idle_secs)
{
	int w = idle_secs / 3;

	if (w > 15)
		w = 15;
	if (w < 1)
		w = 1;
	return w;
}

struct kiosk_warn {
	int64_t deadline; /* ms */
};

static int warn_open(struct screen *s, void *arg)
{
	struct kiosk_warn *k = s->priv;

	k->deadline = *(const int64_t *)arg;
	s->wants_tick = true;
	s->help = _("Any key: stay signed in");
	return 0;
}

static void warn_draw(struct screen *s)
{
	struct kiosk_warn *k = s->priv;
	int64_t left = (k->deadline - app_now_ms() + 999) / 1000;
	int y, x, h, w;
	char buf[200];

	if (left < 0)
		left = 0;
	dialog_frame(s->app, _("Still there?"), 3, 46, &y, &x, &h, &w);
	snprintf(buf, sizeof(buf), _("Signing out in %d seconds."), (int)left);
	ui_print(y, x, w, buf, ui_attr(UI_DIALOG) | A_BOLD);
	ui_print(y + 2, x, w, _("Press any key to stay."), ui_attr(UI_DIALOG));
}

static int warn_key(struct screen *s, wint_t k)
{
	app_close(s, 1);
	return SCR_HANDLED;
}

static bool warn_tick(struct screen *s, int64_t now)
{
	return true;
}

const struct screen_ops scr_kiosk_warn_ops = {
	.name = "kiosk-warn",
	.priv_size = sizeof(struct kiosk_warn),
	.flags = SCR_F_OVERLAY,
	.open = warn_open,
	.draw = warn_draw,
	.key = warn_key,
	.tick = warn_tick,
};
