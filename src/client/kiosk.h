/* Kiosk mode: a front-desk terminal nobody should be able to leave. The
 * signal keys (Ctrl-C, Ctrl-Z, Ctrl-\) are switched off in the tty and the
 * signals ignored; after the idle time the app warns, then signs out and
 * wipes every screen; on exit the screen and the scrollback are cleared. */
#ifndef ROSTER_CLIENT_KIOSK_H
#define ROSTER_CLIENT_KIOSK_H

#include <stdint.h>

#include "app.h"

/* Before curses starts: ignore the signals and disable the tty's signal
 * characters (restored by kiosk_leave). */
void kiosk_enter(void);
/* After curses ended: restore the tty and clear screen and scrollback. */
void kiosk_leave(void);

/* The session's private download folder: "roster-session-<pid>-<random>"
 * under the kiosk's download folder, made 0700 the first time it is asked
 * for and wiped by kiosk_session_wipe. Returns the path (owned here), or
 * NULL when it cannot be made. Everything a member downloads at the kiosk
 * goes there and the upload picker sees nothing else. */
const char *kiosk_session_dir(const char *download_dir);
/* The session ended (sign-out, idle sign-out, exit): remove the files in
 * the session folder and the folder itself; the next session gets a new
 * one. Nothing happens when no folder was made. */
void kiosk_session_wipe(void);
/* At start: remove the session folders left under download_dir by kiosk
 * processes that no longer run (a crash, a power cut). */
void kiosk_sweep_stale(const char *download_dir);

/* Seconds of warning before the idle sign-out, for an idle time. */
int kiosk_warn_secs(int idle_secs);

/* The "you will be signed out" dialog; arg is a pointer to the int64_t
 * deadline in milliseconds (app_now_ms() clock). Any key closes it. */
extern const struct screen_ops scr_kiosk_warn_ops;

#endif
