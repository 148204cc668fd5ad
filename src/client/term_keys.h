/* The keys this terminal can send. A vt100 (and anything whose terminfo
 * entry has no PgUp/PgDn) cannot send PgUp, PgDn, Shift-Tab or, in
 * practice, F-keys; every action has a letter or Ctrl-key twin, and the
 * status line names the twin there:
 *
 *	PgDn  ^F    PgUp  ^B    F2  ^S    Shift-Tab  ^P
 *
 * The loop delivers ^F and ^B as PgDn and PgUp everywhere (one meaning per
 * key), so a screen handles only the function key. */
#ifndef ROSTER_CLIENT_TERM_KEYS_H
#define ROSTER_CLIENT_TERM_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* Call after initscr(): read the terminal's key capabilities. */
void term_keys_init(void);
/* The terminal's description has PgUp and PgDn (and F-keys are taken to
 * work). */
bool term_has_pages(void);
/* help with each key name this terminal cannot send replaced by the key
 * that does the same, into out (always terminated). */
void term_keys_help(const char *help, char *out, size_t size);
/* One key name as this terminal shows it ("PgDn" or "^F"). */
const char *term_key(const char *name);

#endif
