/* gettext shorthands shared by roster and rosterd (text domain "roster"). */
#ifndef ROSTER_I18N_H
#define ROSTER_I18N_H

#include <libintl.h>

#define ROSTER_TEXTDOMAIN "roster"
#define _(s) gettext(s)
#define N_(s) (s)

#endif
