/* Inside the shell: what app.c (screens, session, requests) and
 * app_loop.c (event loop, input, drawing) share. Screens never include
 * this; they use app.h. */
#ifndef ROSTER_CLIENT_APP_INT_H
#define ROSTER_CLIENT_APP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

struct app {
	const struct config *cfg;   /* borrowed from main */
	struct api *api;
	struct screen **stack;
	size_t depth, cap;
	struct screen *grave;       /* closed screens, freed after the event */
	struct session session;
	bool dirty, quit, colour, utf8;
	bool pasting, paste_done, paste_cr; /* inside a bracketed paste */
	int exit_status;
	int cur_y, cur_x;           /* cursor wanted by this draw, -1 hidden */
	int64_t last_input_ms;      /* kiosk idle clock */
	bool warned;                /* kiosk warning is up */
	char *logout_token;         /* a sign-out waiting for detached requests */
};

/* Take the top screen off the stack: close it, park it until the event is
 * over (app_bury frees it then). */
struct screen *app_pop_one(struct app *app);
/* Free the screens closed during the event just handled. */
void app_bury(struct app *app);
/* api_run() callback: hand a finished request to its screen. */
void app_on_done(void *ctx, void *owner, const struct api_reply *r);
/* Close the signal pipe (app_free). */
void app_loop_cleanup(void);

#endif
