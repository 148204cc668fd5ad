/* Files compiled into the binaries by tools/embed (see the Makefile). */
#ifndef ROSTER_EMBED_H
#define ROSTER_EMBED_H

#include <stddef.h>

struct roster_blob {
	const char *name;          /* file name without directories */
	const unsigned char *data; /* NUL-terminated for convenience */
	size_t len;                /* bytes, without the NUL */
};

/* data/common-passwords.txt and friends (libcommon) */
extern const struct roster_blob roster_embedded[];
extern const size_t roster_embedded_count;

/* src/server/store/migrations/NNN_*.sql in name order (rosterd) */
extern const struct roster_blob roster_migrations[];
extern const size_t roster_migrations_count;
/* src/server/store/migrations/pg/NNN_*.sql, the same for PostgreSQL */
extern const struct roster_blob roster_migrations_pg[];
extern const size_t roster_migrations_pg_count;

/* Find an embedded file by name; NULL when absent. */
const struct roster_blob *roster_blob_find(const struct roster_blob *set,
                                           size_t count, const char *name);

#endif
