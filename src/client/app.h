/* The application shell: a stack of screens, the event loop that polls the
 * keyboard and the network together, the title bar and the status line.
 *
 * Writing a screen
 * ----------------
 * A screen is one file under screens/ (or staff/) that ends in a
 *
 *	const struct screen_ops scr_login_ops = {
 *		.name = "login", .priv_size = sizeof(struct login),
 *		.open = login_open, .draw = login_draw, .key = login_key,
 *		.reply = login_reply, .close = login_close,
 *	};
 *
 * and is shown with app_push(app, &scr_login_ops, arg, tag). The app
 * allocates priv_size zeroed bytes (s->priv) before open() and frees them
 * after close(). Every callback but draw may be NULL.
 *
 * - open(s, arg): set up state; arg is whatever the pusher passed. Return 0,
 *   or -1 to refuse (the screen is then closed again, close() is called).
 * - draw(s): paint from state only, into stdscr, inside the body rectangle
 *   app_body(s->app, ...) gives (the app draws the title bar and the status
 *   line). Call app_cursor() to place the visible cursor. The app erases the
 *   screen before and lets curses send only what changed, so draw freely.
 * - key(s, k): a key. Printable characters and control characters arrive as
 *   themselves, curses function keys as KF(KEY_xxx) (see below). Return
 *   SCR_IGNORED to let the app try its global keys, SCR_HANDLED when nothing
 *   needs repainting, SCR_REDRAW when something does; SCR_CLOSE closes this
 *   screen (same as app_close(s, 0)); SCR_QUIT ends the program.
 * - reply(s, r): a request this screen started with app_request() finished
 *   (or failed, or was cancelled). r and everything in it belong to the app
 *   and are freed after the call. The app repaints afterwards.
 * - resume(s, tag, value): a screen this one pushed with that tag was closed
 *   with app_close(child, value) (e.g. a confirm dialog: 1 yes, 0 no).
 * - tick(s, now_ms): called about every 200 ms while the screen is open and
 *   s->wants_tick is set; return true to be repainted (spinners,
 *   countdowns, polling).
 * - close(s): free what priv holds; wipe secrets with sodium_memzero.
 *
 * ops->flags & SCR_F_OVERLAY marks a dialog: it is drawn over the screen
 * below it instead of on an empty body.
 *
 * Requests: app_request() queues an HTTP request owned by the screen; it runs
 * while the user keeps typing. Esc on a screen with a request in flight
 * cancels it (reply() then sees err == ERR_CANCELLED). Closing a screen
 * cancels its requests silently. A reply with ERR_SESSION_EXPIRED or
 * ERR_UNAUTHORIZED while signed in is delivered as well; screens that do not
 * handle it can pass it to app_reply_error(), which shows the message and,
 * for those two, signs out and returns to the welcome screen.
 */
#ifndef ROSTER_CLIENT_APP_H
#define ROSTER_CLIENT_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>
#include <cjson/cJSON.h>
#include "roster/err.h"

#include "api.h"   /* struct api_reply, struct upload_part */

struct app;
struct screen;
struct config;

/* Function keys travel as KF(KEY_UP) etc., above every Unicode code point,
 * so they can never be mistaken for a character. */
#define KF_BASE 0x200000u
#define KF(k)   ((wint_t)(KF_BASE + (unsigned)(k)))
#define IS_KF(c) ((c) >= KF_BASE)
#define KEY_CTRL(c) ((wint_t)((c) & 0x1f))
#define KEY_ESC ((wint_t)27)
/* A line break inside a bracketed paste: only a multi-line editor takes it
 * (widgets/textarea.h); it is never Enter. */
#define KEY_PASTE_NL KF(0xfffffu)

enum scr_result {
	SCR_IGNORED = 0,
	SCR_HANDLED = 1 << 0,
	SCR_REDRAW  = 1 << 1,
	SCR_CLOSE   = 1 << 2,
	SCR_QUIT    = 1 << 3,
};

#define SCR_F_OVERLAY 1u /* a dialog drawn over the screen below */

struct screen_ops {
	const char *name;
	size_t priv_size;                    /* app allocates and frees */
	unsigned flags;                      /* SCR_F_* */
	int  (*open)(struct screen *, void *arg);
	void (*draw)(struct screen *);       /* paint from state only */
	int  (*key)(struct screen *, wint_t);/* enum scr_result bits */
	void (*reply)(struct screen *, const struct api_reply *);
	void (*resume)(struct screen *, int tag, int value);
	bool (*tick)(struct screen *, int64_t now_ms);
	void (*close)(struct screen *);
	const void *data;                    /* a generic screen's declaration */
};

struct screen {
	const struct screen_ops *ops;
	struct app *app;
	void *priv;               /* ops->priv_size bytes, owned by the app */
	const char *title;        /* shown in the title bar (translated) */
	const char *help;         /* key help for the status line (translated) */
	bool wants_tick;
	int push_tag;             /* given to the parent's resume() */
	struct screen *parent;    /* the screen below when pushed */
	bool closing;
};

/* The signed-in account (NULL token when signed out). */
struct session {
	char *token;              /* bearer token; wiped when cleared */
	cJSON *account;           /* "account" object from login or GET /me */
};

/* ----- lifetime (main.c) */
struct app *app_new(const struct config *cfg);
/* Runs until a screen quits; returns the process exit status. */
int app_run(struct app *app, const struct screen_ops *first);
void app_free(struct app *app);

/* ----- screens */
struct screen *app_push(struct app *app, const struct screen_ops *ops,
                        void *arg, int tag);
/* Close s (and every screen above it); the parent's resume(tag, value)
 * runs afterwards. Safe to call from inside s's own callbacks. */
void app_close(struct screen *s, int value);
/* Close every screen and start again with ops (after sign-in or sign-out). */
struct screen *app_reset(struct app *app, const struct screen_ops *ops, void *arg);
void app_quit(struct app *app, int exit_status);
void app_redraw(struct app *app);
struct screen *app_top(struct app *app);

/* ----- drawing helpers for screens */
/* The rectangle between the title bar and the status line. */
void app_body(const struct app *app, int *y, int *x, int *h, int *w);
/* Place the visible cursor (hidden unless some draw() calls this). */
void app_cursor(struct app *app, int y, int x);
bool app_has_colour(const struct app *app);
bool app_utf8(const struct app *app);     /* may draw non-ASCII symbols */

/* ----- requests: body is a JSON object or NULL. The app prints it and,
 * because bodies carry passwords and codes, wipes the strings of body
 * (sodium_memzero) and then deletes it right away; the printed text is
 * wiped as soon as the request has been sent. Returns a request id > 0. */
int app_request(struct screen *s, int tag, const char *method,
                const char *path, cJSON *body);
/* app_request with an Idempotency-Key header: a retry with the same key
 * gets the first answer instead of doing it twice (orders, payments). */
int app_request_idem(struct screen *s, int tag, const char *method,
                     const char *path, cJSON *body, const char *key);
/* Upload with POST to path as multipart/form-data: n parts, text fields
 * and files streamed from disk (struct upload_part, api.h), with the
 * session's token and language like any request; the reply arrives like
 * any other. Returns the request id, or 0 when a file cannot be read. */
int app_upload(struct screen *s, int tag, const char *path,
               const struct upload_part *parts, size_t n);
/* Bytes of upload id sent so far and in all (0 while unknown); false when
 * it is no longer in flight. */
bool app_upload_progress(const struct screen *s, int id, int64_t *sent, int64_t *total);
void app_cancel_requests(struct screen *s);
bool app_busy(const struct screen *s);    /* a request of s is in flight */

/* A request that outlives s (fire and forget, with the session's token):
 * what a screen tells the server as it closes. Its reply is dropped; a
 * sign-out waits for it. body is taken as for app_request. */
void app_request_detached(struct screen *s, const char *method, const char *path, cJSON *body);

/* Show r's error in a dialog; on an ended session also sign out. */
void app_reply_error(struct screen *s, const struct api_reply *r);

/* ----- session */
const struct session *app_session(const struct app *app);
void app_session_set(struct app *app, const char *token, const cJSON *account);
/* Forget the token locally (the server side is the caller's business). */
void app_session_clear(struct app *app);
/* Sign in done: show the member dashboard or the staff home for the role. */
void app_enter_home(struct app *app);
/* Whether an account role (branch_staff, hq_staff, admin) is staff's. */
bool app_is_staff_role(const char *role);
/* Sign out: tell the server (fire and forget), forget the session, wipe
 * every screen and return to welcome. */
void app_sign_out(struct app *app);

const struct config *app_config(const struct app *app);
/* "zh_CN" or "en": the language messages are shown in. */
const char *app_language(void);
/* A text of a server object in the language shown: obj[key_zh] or
 * obj[key_en] (the other as fallback), then obj[key] as a string or as
 * {"zh_CN":…,"en":…}. NULL when there is none; borrowed from obj. */
const char *app_json_text(const cJSON *obj, const char *key);

int64_t app_now_ms(void);

#endif
