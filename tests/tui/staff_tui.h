/* Small steps the staff console's TUI tests share. */
#ifndef ROSTER_TUI_STAFF_TUI_H
#define ROSTER_TUI_STAFF_TUI_H

#include <stdbool.h>
#include <stddef.h>

#include "tui.h"

/* Sign in on the welcome screen as a staff login and wait for the console. */
bool st_sign_in(struct tui *t, const char *login, const char *password);
/* Open a console entry from the staff home by its hotkey and wait for the
 * screen's title. */
bool st_open(struct tui *t, const char *key, const char *title);
/* Bytes of the file roster saved into its download folder
 * (HOME/Downloads/name), malloc'd, *len set; NULL when there is none. */
char *st_download(const struct tui *t, const char *name, size_t *len);
/* Write a file into roster's download folder (for the file picker). */
bool st_put_file(const struct tui *t, const char *name, const void *data, size_t len);

#endif
