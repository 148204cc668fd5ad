/* rosterd backup and restore when the database is PostgreSQL's. */
#ifndef ROSTERD_CLI_BACKUP_PG_H
#define ROSTERD_CLI_BACKUP_PG_H

#include <stdbool.h>
#include "config.h"

/* Exit statuses for the commands: 0 done, 1 failed (said on stderr). */
int backup_pg(const struct config *cfg, const char *file);
int restore_pg(const struct config *cfg, const char *file, bool force);

#endif
