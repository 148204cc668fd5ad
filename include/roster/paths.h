/* Where an installed rosterd or roster finds what it ships: the data directory
 * (catalogue defaults, OpenAPI parts), the translations and the installed
 * configuration. The paths of the install prefix are compiled in; when
 * one is missing (a tree installed under DESTDIR, or moved whole), the same
 * layout is looked for beside the executable (<exe>/../share/…). */
#ifndef ROSTER_PATHS_H
#define ROSTER_PATHS_H

#include <stdbool.h>

/* The shipped data directory (share/roster). */
const char *paths_data_dir(void);
/* The translations (share/locale). */
const char *paths_locale_dir(void);
/* The installed rosterd.conf (<sysconfdir>/roster/rosterd.conf). */
const char *paths_config_file(void);
/* Is the catalogue of lang ("zh_CN") readable under dir? */
bool paths_catalogue_present(const char *dir, const char *lang);
/* mkdir -p: dir and every missing folder above it (mode 0755). 0, or -1
 * when one could not be made. */
int paths_make_dirs(const char *dir);

#endif
