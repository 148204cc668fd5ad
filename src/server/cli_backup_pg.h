/* rosterd backup and restore when the database is PostgreSQL's. */
#ifndef ROSTERD_CLI_BACKUP_PG_H
#define ROSTERD_CLI_BACKUP_PG_H

#include <stdbool.h>
#include "config.h"

/* Exit statuses for the commands: 0 done, 1 failed (said on stderr). */
int backup_pg(const struct config *cfg, const char *file);
int restore_pg(const struct config *cfg, const char *file, bool force);

struct db;
/* cli_backup.c: is a serving rosterd using the database (it holds the
 * scheduler lease)? Says so on stderr, naming what, with advice. */
bool restore_in_use(struct db *db, const char *what, const char *advice);

#endif
