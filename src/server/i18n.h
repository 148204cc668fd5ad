/* Per-request language for rosterd (see include/roster/i18n.h). */
#ifndef ROSTERD_I18N_H
#define ROSTERD_I18N_H

#include <stdbool.h>

/* The process-wide default: true when the configured language is English. */
void i18n_default_english(bool english);
/* Pick this thread's language from an Accept-Language header (NULL or no
 * zh / en tag: the default). Call at the start of each piece of work. */
void i18n_thread_from_header(const char *accept_language);
/* Answer this thread in "en" or "zh" (anything else: the default), e.g.
 * a phone page in the language its link was made in. */
void i18n_thread_set(const char *lang);
/* "en" or "zh": the language this thread answers in. */
const char *i18n_thread_lang(void);
/* Is this thread answering in English? */
bool i18n_thread_english(void);

#endif
