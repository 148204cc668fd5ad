/* What db.c asks of a backend (db_sqlite.c, db_pg.c). db.c keeps the
 * statement cache, transaction depth and migrations; a backend prepares,
 * binds, steps and reads. Only the db*.c files include this. */
#ifndef ROSTERD_DB_BACKEND_H
#define ROSTERD_DB_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "roster/embed.h"
#include "store/db.h"

struct stmt_slot {
	char *sql;             /* NULL = empty slot */
	uint64_t hash;
	struct db_stmt *st;
};

struct db {
	const struct db_ops *ops;
	struct stmt_slot *slots;
	size_t nslots;         /* power of two */
	size_t used;
	int tx_depth;
	bool tx_failed;        /* an inner rollback happened */
	bool in_read;          /* a db_read_begin snapshot is open */
	bool bulk;             /* db_bulk: a failed statement fails the transaction */
	uint64_t statements;   /* run so far (db_statements) */
};

/* Every backend's statement starts with this. */
struct db_stmt {
	struct db *db;
	const char *sql;       /* the cache's copy */
	bool counted;          /* this run is counted in db->statements */
};

/* A bound value; kind is one of db_bind's letters ('d' arrives as 'i'). */
struct db_val {
	char kind;
	int64_t i;
	double f;
	const char *t;
	const void *p;
	size_t n;
};

struct db_ops {
	bool pg;
	const struct roster_blob *migrations;
	const size_t *migrations_count;
	void (*close)(struct db *db);
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	void (*finalize)(struct db_stmt *st);
	/* reset to the start, bindings kept (clear_bindings clears them) */
	void (*reset)(struct db_stmt *st);
	void (*clear_bindings)(struct db_stmt *st);
	int (*bind)(struct db_stmt *st, int idx, const struct db_val *v);
	int (*row)(struct db_stmt *st);
	int (*run)(struct db_stmt *st);
	const char *(*col_text)(struct db_stmt *st, int i);
	int64_t (*col_int)(struct db_stmt *st, int i);
	bool (*col_null)(struct db_stmt *st, int i);
	const void *(*col_blob)(struct db_stmt *st, int i, size_t *len);
	int (*col_count)(struct db_stmt *st);
	const char *(*col_name)(struct db_stmt *st, int i);
	int64_t (*last_id)(struct db *db);
	int (*changes)(struct db *db);
	int (*exec)(struct db *db, const char *sql);
	/* the outermost transaction: begin a write, commit, roll back */
	int (*tx_begin)(struct db *db);
	int (*tx_commit)(struct db *db);
	void (*tx_rollback)(struct db *db);
	/* a read snapshot: true when one was opened */
	bool (*read_begin)(struct db *db);
	void (*read_end)(struct db *db);
	/* end every statement left mid-way */
	void (*reset_busy)(struct db *db);
	/* held across store_migrate so instances migrate one at a time */
	void (*migrate_lock)(struct db *db, bool take);
};

/* Set up the common part of a newly opened connection. */
void db_base_init(struct db *db, const struct db_ops *ops);
/* Free the statement cache (before the backend closes its handle). */
void db_base_free(struct db *db);

struct db *db_sqlite_open(const char *path);
struct db *db_pg_open(const char *conninfo);

#endif
