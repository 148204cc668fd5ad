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

/* Save the body of r as name in the download folder (created when
 * missing; path parts of name are stripped; an existing file is not
 * overwritten: "name (2).pdf" and so on). Returns true, sets *path
 * (malloc'd, the full path) and clears *why; or false and sets *why
 * (malloc'd, translated), leaving *path alone. What was there is freed. */
bool download_reply(struct app *app, const char *name, const struct api_reply *r,
                    enum download_kind kind, char **path, char **why);

#endif
