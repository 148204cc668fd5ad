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

/* Seconds of warning before the idle sign-out, for an idle time. */
int kiosk_warn_secs(int idle_secs);

/* The "you will be signed out" dialog; arg is a pointer to the int64_t
 * deadline in milliseconds (app_now_ms() clock). Any key closes it. */
extern const struct screen_ops scr_kiosk_warn_ops;

#endif
