/* The SQLite handle under a connection, for what only SQLite does (the
 * online backup of `rosterd backup`). */
#ifndef ROSTERD_DB_SQLITE_H
#define ROSTERD_DB_SQLITE_H

#include <sqlite3.h>

struct db;

/* The handle, or NULL when the connection is not SQLite's. */
sqlite3 *db_sqlite_handle(struct db *db);

#endif
