/* The member-side screens (one file each under screens/). */
#ifndef ROSTER_CLIENT_SCREENS_H
#define ROSTER_CLIENT_SCREENS_H

#include "app.h"

extern const struct screen_ops scr_welcome_ops;
extern const struct screen_ops scr_login_ops;
extern const struct screen_ops scr_register_ops;
extern const struct screen_ops scr_terms_ops;      /* arg: NULL; resume 1 = accepted */
extern const struct screen_ops scr_forgot_ops;     /* forgot password (signed out) */
extern const struct screen_ops scr_password_ops;   /* change password (signed in) */
extern const struct screen_ops scr_dashboard_ops;  /* member centre frame */

/* Ask "Sign out?" and sign out on yes: push from any signed-in screen. */
void scr_logout_confirm(struct screen *from);

#endif
