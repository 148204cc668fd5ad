/* gettext shorthands shared by roster and rosterd (text domain "roster"). */
#ifndef ROSTER_I18N_H
#define ROSTER_I18N_H

#include <libintl.h>

#define ROSTER_TEXTDOMAIN "roster"
#define N_(s) (s)

#ifdef ROSTER_THREAD_LANG
/* rosterd answers each request in the language the client asked for
 * (Accept-Language), while gettext's language is one per process: English
 * is the source language, so a thread answering in English simply skips
 * the catalogue (src/server/i18n.c). */
const char *i18n_tr(const char *msgid);
#define _(s) i18n_tr(s)
#else
#define _(s) gettext(s)
#endif

#endif
