/* Loading the configuration: defaults, INI file, overrides. */
#ifndef ROSTERD_CONFIG_H
#define ROSTERD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "server.h"

/* Fill cfg with the defaults. */
void config_defaults(struct config *cfg);
/* Read an INI file ([section] then key = value; '#' or ';' comments).
 * Returns 0, or -1 after writing "file:line: why" into err. */
int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen);
/* Set "section.key" to value as if read from a file. Returns 0, or -1 after
 * writing why into err. */
int config_set(struct config *cfg, const char *name, const char *value,
               char *err, size_t errlen);
/* Derive what was left unset (directories next to the database, the
 * outbox …) and check ranges. Returns 0 or -1 with err. */
int config_finish(struct config *cfg, char *err, size_t errlen);
void config_free(struct config *cfg);
/* Is item one of the comma-separated list (spaces around items allowed)? */
bool config_list_has(const char *list, const char *item);
/* The i-th known key (for documentation checks); false past the last. */
bool config_key_at(size_t i, const char **section, const char **name);
/* Print every key with its current value (passwords masked) to stdout. */
void config_dump(const struct config *cfg);

#endif
