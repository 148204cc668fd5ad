/* What editing the catalogue through the API needs beyond catalogue.h:
 * switching rows on and off, the lifetime flag of levels, and the history
 * of changes (migration 051). */
#ifndef ROSTERD_STORE_CATALOGUE_EDIT_H
#define ROSTERD_STORE_CATALOGUE_EDIT_H

#include <stdbool.h>
#include <stdint.h>

struct db;

/* ST_NOTFOUND when there is no row with that code. */
int store_level_set_flags(struct db *db, const char *code, bool active, bool lifetime);
int store_org_set_active(struct db *db, const char *code, bool active);
int store_reason_set_active(struct db *db, const char *code, bool active);
/* 1 when the level is a lifetime one, 0 when not, -1 on error. */
int store_level_is_lifetime(struct db *db, int64_t level_id);
/* Every reason template, inactive ones too, by rank. fn gets borrowed text. */
struct reason_row {
	const char *code, *scope, *text_zh, *text_en;
	int rank;
	bool active;
};
int store_reason_all(struct db *db, void (*fn)(const struct reason_row *, void *), void *arg);
/* Every setting, by key. */
int store_setting_all(struct db *db, void (*fn)(const char *key, const char *value, void *),
                      void *arg);

int store_catalogue_history_add(struct db *db, int64_t actor_id, const char *object,
                                const char *object_id, const char *before, const char *after);
struct catalogue_change {
	int64_t id, at, actor_id;
	const char *actor;        /* username, or NULL */
	const char *object, *object_id, *before, *after;   /* borrowed; before may be NULL */
};
/* Newest first; object and object_id NULL = any. *total counts all. */
int store_catalogue_history_list(struct db *db, const char *object, const char *object_id,
                                 int limit, int offset,
                                 void (*fn)(const struct catalogue_change *, void *),
                                 void *arg, int64_t *total);

#endif
