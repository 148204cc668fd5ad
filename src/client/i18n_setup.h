/* Locale and message catalogue set-up for roster. */
#ifndef ROSTER_CLIENT_I18N_SETUP_H
#define ROSTER_CLIENT_I18N_SETUP_H

#include <stdbool.h>

/* setlocale from the environment, falling back to C.UTF-8 when the
 * environment's locale is missing or not UTF-8; binds the text domain to
 * $ROSTER_LOCALEDIR or the compiled-in directory. Call first thing. */
void i18n_init_locale(void);
/* Pick the language: "zh_CN", "en" or NULL for the environment's. Chinese
 * works even where the only UTF-8 locale is C.UTF-8. */
void i18n_set_language(const char *lang);
/* The codeset is UTF-8 (wide characters can be shown). */
bool i18n_utf8(void);
/* "zh_CN" or "en": the language messages are shown in. */
const char *i18n_language(void);

#endif
