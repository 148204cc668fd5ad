/* Choose a file to upload: a folder listing limited to the allowed document
 * types (PDF, PNG, JPEG, checked by extension for the listing and by the
 * file's first bytes when chosen). In kiosk mode the picker is locked to one
 * folder: no parent, no sub-folders.
 *
 *	struct file_picker_arg a = { .dir = download_dir(app), .locked = cfg->kiosk,
 *	                             .result = &me->path };
 *	app_push(app, &scr_file_picker_ops, &a, TAG_PICK);
 *
 * On a choice the picker stores the full path in *result (malloc'd, the
 * caller frees) and closes with value 1; Esc closes with 0. */
#ifndef ROSTER_CLIENT_FILE_PICKER_H
#define ROSTER_CLIENT_FILE_PICKER_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

struct file_picker_arg {
	const char *title;   /* translated, or NULL for a default */
	const char *dir;     /* folder to start in (copied) */
	bool locked;         /* stay in dir */
	char **result;       /* receives the chosen path (borrowed pointer) */
};

extern const struct screen_ops scr_file_picker_ops;

/* The MIME type of an accepted document judged by its first bytes:
 * "application/pdf", "image/png", "image/jpeg", or NULL. */
const char *file_sniff_type(const char *path);
/* The same by name (extension, any case), or NULL. */
const char *file_type_by_name(const char *name);

#endif
