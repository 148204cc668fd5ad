/* Saving what the server sends for download (PDFs, scans, CSV) into the
 * configured download folder. */
#ifndef ROSTER_CLIENT_DOWNLOAD_H
#define ROSTER_CLIENT_DOWNLOAD_H

#include <stdbool.h>

#include "app.h"

/* What a downloaded body must be to be saved. */
enum download_kind {
	DOWNLOAD_ANY,
	DOWNLOAD_PDF,             /* anything else is a bad reply */
};

/* The folder downloads go to and the upload picker starts in: the
 * configured download folder, or at a kiosk the session's own private
 * folder under it (kiosk.h; NULL when it cannot be made). */
const char *download_dir(struct app *app);
/* Whether documents may be saved on this machine: always, except at a
 * kiosk whose configuration does not say kiosk_save_local = yes; there
 * they go to the member's phone (the hand-off screen). */
bool download_saves_here(struct app *app);

/* Save the body of r as name in the download folder (created when
 * missing; path parts of name are stripped; an existing file is not
 * overwritten: "name (2).pdf" and so on). Returns true, sets *path
 * (malloc'd, the full path) and clears *why; or false and sets *why
 * (malloc'd, translated), leaving *path alone. What was there is freed. */
bool download_reply(struct app *app, const char *name, const struct api_reply *r,
                    enum download_kind kind, char **path, char **why);

#endif
