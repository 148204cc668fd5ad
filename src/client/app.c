/* The shell: screens, session and requests (app.h); the event loop and
 * drawing are in app_loop.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>
#include <sodium.h>

#include "api.h"
#include "app.h"
#include "format.h"
#include "app_int.h"
#include "config.h"
#include "i18n_setup.h"
#include "kiosk.h"
#include "screens/screens.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "roster/codes.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

int64_t app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct app *app_new(const struct config *cfg)
{
	struct app *app = xcalloc(1, sizeof(*app));
	struct api_options o = {
		.server = cfg->server,
		.cafile = cfg->cafile,
		.language = !strcmp(i18n_language(), "zh_CN") ? "zh-CN" : "en",
		.connect_timeout = cfg->connect_timeout,
		.low_speed_time = cfg->timeout,
	};

	app->cfg = cfg;
	app->api = api_new(&o);
	if (!app->api) {
		free(app);
		return NULL;
	}
	app->cur_y = app->cur_x = -1;
	return app;
}

const struct config *app_config(const struct app *app)
{
	return app->cfg;
}

const char *app_language(void)
{
	return i18n_language();
}

const char *app_json_text(const cJSON *obj, const char *key)
{
	bool zh = !strcmp(i18n_language(), "zh_CN");
	char k1[96], k2[96];
	const cJSON *v;

	if (!obj || strlen(key) > 80)
		return NULL;
	snprintf(k1, sizeof(k1), "%s_%s", key, zh ? "zh" : "en");
	snprintf(k2, sizeof(k2), "%s_%s", key, zh ? "en" : "zh");
	v = cJSON_GetObjectItemCaseSensitive(obj, k1);
	if (!cJSON_IsString(v) || !*v->valuestring)
		v = cJSON_GetObjectItemCaseSensitive(obj, k2);
	if (cJSON_IsString(v) && *v->valuestring)
		return v->valuestring;
	v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsObject(v)) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(v, zh ? "zh_CN" : "en");

		if (!cJSON_IsString(t))
			t = cJSON_GetObjectItemCaseSensitive(v, zh ? "zh" : "en");
		if (!cJSON_IsString(t))
			t = v->child;
		return cJSON_IsString(t) ? t->valuestring : NULL;
	}
	return NULL;
}

bool app_has_colour(const struct app *app)
{
	return app->colour;
}

bool app_utf8(const struct app *app)
{
	return app->utf8;
}

void app_redraw(struct app *app)
{
	app->dirty = true;
}

struct screen *app_top(struct app *app)
{
	return app->depth ? app->stack[app->depth - 1] : NULL;
}

void app_quit(struct app *app, int exit_status)
{
	app->quit = true;
	app->exit_status = exit_status;
}

void app_body(const struct app *app, int *y, int *x, int *h, int *w)
{
	*y = 1;
	*x = 0;
	*h = LINES - 2;
	*w = COLS;
}

void app_cursor(struct app *app, int y, int x)
{
	app->cur_y = y;
	app->cur_x = x;
}

/* ----- screen stack */

struct screen *app_push(struct app *app, const struct screen_ops *ops,
                        void *arg, int tag)
{
	struct screen *s = xcalloc(1, sizeof(*s));

	s->ops = ops;
	s->app = app;
	s->priv = xcalloc(1, ops->priv_size ? ops->priv_size : 1);
	s->push_tag = tag;
	s->parent = app_top(app);
	if (app->depth == app->cap) {
		app->cap = app->cap ? app->cap * 2 : 8;
		app->stack = xrealloc(app->stack, app->cap * sizeof(*app->stack));
	}
	app->stack[app->depth++] = s;
	app->dirty = true;
	if (ops->open && ops->open(s, arg) < 0) {
		app_close(s, -1);
		return NULL;
	}
	return s;
}

static bool on_stack(const struct app *app, const struct screen *s)
{
	size_t i;

	for (i = 0; i < app->depth; i++)
		if (app->stack[i] == s)
			return true;
	return false;
}

/* Take the top screen off: close it and park it until the event is over. */
struct screen *app_pop_one(struct app *app)
{
	struct screen *s = app->stack[--app->depth];

	s->closing = true;
	api_cancel_owner(app->api, s, false);
	if (s->ops->close)
		s->ops->close(s);
	/* priv may hold secrets the screen forgot to wipe */
	sodium_memzero(s->priv, s->ops->priv_size ? s->ops->priv_size : 1);
	s->parent = app->grave;  /* reuse the link for the graveyard */
	app->grave = s;
	return s;
}

void app_close(struct screen *s, int value)
{
	struct app *app = s->app;
	struct screen *parent;
	int tag;

	if (s->closing || !on_stack(app, s))
		return;
	parent = s->parent;
	tag = s->push_tag;
	while (app->depth && app->stack[app->depth - 1] != s)
		app_pop_one(app);
	app_pop_one(app);
	app->dirty = true;
	if (parent && on_stack(app, parent) && parent->ops->resume)
		parent->ops->resume(parent, tag, value);
}

void app_bury(struct app *app)
{
	while (app->grave) {
		struct screen *s = app->grave;

		app->grave = s->parent;
		free(s->priv);
		free(s);
	}
}

struct screen *app_reset(struct app *app, const struct screen_ops *ops, void *arg)
{
	while (app->depth)
		app_pop_one(app);
	app->warned = false;
	return app_push(app, ops, arg, 0);
}

/* ----- session */

const struct session *app_session(const struct app *app)
{
	return &app->session;
}

void app_session_set(struct app *app, const char *token, const cJSON *account)
{
	if (token) {
		if (!app->session.token)
			kiosk_session_wipe(); /* a new sign-in: a new private folder */
		if (app->session.token) {
			sodium_memzero(app->session.token, strlen(app->session.token));
			free(app->session.token);
		}
		app->session.token = xstrdup(token);
	}
	if (account) {
		cJSON_Delete(app->session.account);
		app->session.account = cJSON_Duplicate(account, 1);
		/* the association's zone: every time from here on is shown in it */
		format_set_zone(cJSON_GetStringValue(
		                cJSON_GetObjectItemCaseSensitive(account, "timezone")));
	}
	app->dirty = true;
}

void app_session_clear(struct app *app)
{
	kiosk_session_wipe(); /* sign-out, idle sign-out and exit alike */
	if (app->session.token) {
		sodium_memzero(app->session.token, strlen(app->session.token));
		xfree(&app->session.token);
	}
	api_json_wipe_delete(app->session.account);
	app->session.account = NULL;
	app->dirty = true;
}

bool app_is_staff_role(const char *role)
{
	enum account_role r = account_role_of(role);

	return r == ACCOUNT_ROLE_BRANCH_STAFF || r == ACCOUNT_ROLE_HQ_STAFF || r == ACCOUNT_ROLE_ADMIN;
}

void app_enter_home(struct app *app)
{
	const char *role = json_str_or(app->session.account, "role", "member");

	app_reset(app, app_is_staff_role(role) ? &scr_staff_home_ops : &scr_dashboard_ops, NULL);
}

void app_sign_out(struct app *app)
{
	/* the screens close while the session still holds, so what they send
	 * on leaving (a payment code closed) goes with its token; the sign-out
	 * waits for those */
	while (app->depth)
		app_pop_one(app);
	if (app->session.token) {
		if (api_owner_busy(app->api, app)) {
			free(app->logout_token);
			app->logout_token = xstrdup(app->session.token);
		} else {
			api_start(app->api, "POST", "/auth/logout", app->session.token, NULL, app, 0);
		}
	}
	app_session_clear(app);
	app_reset(app, &scr_welcome_ops, NULL);
}

void app_request_detached(struct screen *s, const char *method, const char *path, cJSON *body)
{
	struct app *app = s->app;
	char *text = NULL;

	if (body) {
		text = json_print(body);
		api_json_wipe_delete(body);
	}
	api_start(app->api, method, path, app->session.token, text, app, 0);
}

/* A detached request ended: a sign-out that waited for it goes now. */
static void detached_done(struct app *app)
{
	if (!app->logout_token || api_owner_busy(app->api, app))
		return;
	api_start(app->api, "POST", "/auth/logout", app->logout_token, NULL, app, 0);
	sodium_memzero(app->logout_token, strlen(app->logout_token));
	xfree(&app->logout_token);
}

/* ----- requests */

int app_request(struct screen *s, int tag, const char *method,
                const char *path, cJSON *body)
{
	struct app *app = s->app;
	char *text = NULL;

	if (body) {
		text = json_print(body);
		api_json_wipe_delete(body);
	}
	app->dirty = true;
	return api_start(app->api, method, path, app->session.token, text, s, tag);
}

int app_request_idem(struct screen *s, int tag, const char *method,
                     const char *path, cJSON *body, const char *key)
{
	int id = app_request(s, tag, method, path, body);
	char *line = xasprintf("Idempotency-Key: %s", key);

	api_add_header(s->app->api, id, line);
	free(line);
	return id;
}

int app_upload(struct screen *s, int tag, const char *path,
               const struct upload_part *parts, size_t n)
{
	struct app *app = s->app;

	app->dirty = true;
	return api_start_upload(app->api, path, app->session.token, parts, n, s, tag);
}

bool app_upload_progress(const struct screen *s, int id, int64_t *sent, int64_t *total)
{
	*sent = *total = 0;
	return api_progress(s->app->api, id, sent, total);
}

void app_cancel_requests(struct screen *s)
{
	api_cancel_owner(s->app->api, s, true);
}

bool app_busy(const struct screen *s)
{
	return api_owner_busy(s->app->api, s);
}

void app_reply_error(struct screen *s, const struct api_reply *r)
{
	struct app *app = s->app;
	char *msg;

	if (r->err == ERR_CANCELLED)
		return;
	if ((r->err == ERR_SESSION_EXPIRED || r->err == ERR_UNAUTHORIZED) &&
	    app->session.token) {
		app_session_clear(app);
		app_reset(app, &scr_welcome_ops, NULL);
		dialog_error(app, _(err_message(ERR_SESSION_EXPIRED)), 0);
		return;
	}
	if (r->err == ERR_RATE_LIMITED && r->retry_after > 0)
		msg = xasprintf(_("%s Try again in %d seconds."), r->message, r->retry_after);
	else if (r->fields && r->fields->child) {
		/* reasons the screen did not place next to a field */
		const cJSON *f;
		size_t len = strlen(r->message) + 1;

		msg = xstrdup(r->message);
		cJSON_ArrayForEach(f, r->fields) {
			if (!cJSON_IsString(f) || !f->string)
				continue;
			len += strlen(f->string) + strlen(_(f->valuestring)) + 4;
			msg = xrealloc(msg, len);
			strcat(msg, "\n");
			strcat(msg, f->string);
			strcat(msg, ": ");
			strcat(msg, _(f->valuestring));
		}
	} else if (r->cert_unverified) {
		msg = xasprintf("%s\n%s\n(%s)", r->message,
		                _("The server's certificate could not be verified; "
		                  "give its CA with --cafile."), app->cfg->server);
	} else if (r->err == ERR_NETWORK || r->err == ERR_TIMEOUT) {
		msg = xasprintf("%s\n(%s)", r->message, app->cfg->server);
	} else {
		msg = xstrdup(r->message);
	}
	dialog_error(app, msg, 0);
	free(msg);
}

void app_on_done(void *ctx, void *owner, const struct api_reply *r)
{
	struct app *app = ctx;
	struct screen *s = owner;

	if (owner == app) {
		detached_done(app); /* fire and forget */
		return;
	}
	if (!on_stack(app, s) || s->closing)
		return; /* the screen is gone */
	app->dirty = true;
	if (s->ops->reply)
		s->ops->reply(s, r);
	else if (r->err != ERR_OK)
		app_reply_error(s, r);
}

void app_free(struct app *app)
{
	if (!app)
		return;
	app_session_clear(app);
	if (app->logout_token) {
		sodium_memzero(app->logout_token, strlen(app->logout_token));
		free(app->logout_token);
	}
	api_free(app->api);
	free(app->stack);
	free(app);
	app_loop_cleanup();
}
