/* Welcome: the first screen, and where sign-out and the kiosk return to. */
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "config.h"
#include "ui.h"
#include "screens/screens.h"
#include "widgets/menu.h"
#include "roster/i18n.h"

enum { W_LOGIN = 1, W_REGISTER, W_FORGOT, W_QUIT };

static const struct menu_item welcome_items[] = {
	{ N_("Sign in"), W_LOGIN, 'l' },
	{ N_("Register as a new member"), W_REGISTER, 'r' },
	{ N_("Forgot password"), W_FORGOT, 'f' },
	{ N_("Quit"), W_QUIT, 'q' },
};

struct welcome {
	struct menu menu;
};

static int welcome_open(struct screen *s, void *arg)
{
	struct welcome *w = s->priv;
	size_t n = sizeof(welcome_items) / sizeof(welcome_items[0]);

	/* a kiosk has no way out; the SSH front door's way out ends the
	 * connection */
	bool locked = app_config(s->app)->kiosk && !app_config(s->app)->may_quit;
	if (locked)
		n--;
	menu_init(&w->menu, welcome_items, n);
	s->title = _("Welcome");
	s->help = locked ? _("Up/Down choose  Enter open") : _("Up/Down choose  Enter open  q quit");
	return 0;
}

static void welcome_draw(struct screen *s)
{
	struct welcome *w = s->priv;
	int y, x, h, wd, cy = -1, cx = -1, top, mx;

	app_body(s->app, &y, &x, &h, &wd);
	top = y + (h - 12) / 2;
	ui_print_center(top, x, wd, _("Association membership"), ui_attr(UI_HEADING));
	ui_print_center(top + 2, x, wd,
	                _("Join the association, pay dues, and keep your membership up to date."),
	                ui_attr(UI_NORMAL));
	mx = x + (wd - 40) / 2;
	menu_draw(&w->menu, top + 5, mx, 40, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
	ui_print_center(y + h - 1, x, wd, app_config(s->app)->server, ui_attr(UI_DIM));
}

static int welcome_key(struct screen *s, wint_t k)
{
	struct welcome *w = s->priv;
	int id = menu_key(&w->menu, k);

	switch (id) {
	case MENU_IGNORED:
		if (k == KEY_ESC && !app_config(s->app)->kiosk)
			return SCR_QUIT;
		return SCR_IGNORED;
	case MENU_MOVED:
		return SCR_REDRAW;
	case W_LOGIN:
		app_push(s->app, &scr_login_ops, NULL, 0);
		return SCR_REDRAW;
	case W_REGISTER:
		app_push(s->app, &scr_register_ops, NULL, 0);
		return SCR_REDRAW;
	case W_FORGOT:
		app_push(s->app, &scr_forgot_ops, NULL, 0);
		return SCR_REDRAW;
	case W_QUIT:
		return app_config(s->app)->kiosk && !app_config(s->app)->may_quit ? SCR_HANDLED : SCR_QUIT;
	default:
		return SCR_IGNORED;
	}
}

const struct screen_ops scr_welcome_ops = {
	.name = "welcome",
	.priv_size = sizeof(struct welcome),
	.open = welcome_open,
	.draw = welcome_draw,
	.key = welcome_key,
};
