/* broadcasts: messages staff send to a filtered set of members (migration
 * 070), sent in batches by the notify thread and resumable after a
 * restart (last_account). */
#ifndef ROSTERD_STORE_BROADCASTS_H
#define ROSTERD_STORE_BROADCASTS_H

#include <stdbool.h>
#include <stdint.h>

struct db;

struct broadcast {
	int64_t id;
	int64_t author_id;
	int64_t scope_org;       /* the author's branch, 0 = all */
	char *filter;            /* JSON {"status","level","org","expiring_before"} */
	char *title_zh, *title_en, *body_zh, *body_en;
	bool email;
	char status[16];         /* queued, sending, done, cancelled */
	int64_t matched, sent;
	int64_t last_account;    /* the batches have reached this account id */
	int64_t created_at, finished_at;   /* finished_at 0 = not yet */
};
void broadcast_free(struct broadcast *b);

int store_broadcast_insert(struct db *db, const struct broadcast *b, int64_t *id);
int store_broadcast_get(struct db *db, int64_t id, struct broadcast *out);
/* Newest first; scope_org != 0: that branch's only. fn gets each. */
int store_broadcast_list(struct db *db, int64_t scope_org, int limit, int offset,
                         void (*fn)(const struct broadcast *, void *), void *arg,
                         int64_t *total);
/* The oldest broadcast still to send: ST_OK or ST_NOTFOUND. */
int store_broadcast_next(struct db *db, struct broadcast *out);
/* One batch done: last_account from `from` to `to`, sent += n, status
 * sending (or done when finished). ST_CONFLICT when someone else moved it
 * first (the caller rolls back its batch). */
int store_broadcast_advance(struct db *db, int64_t id, int64_t from, int64_t to, int64_t n,
                            bool finished);
/* queued/sending -> cancelled: ST_CONFLICT when already done. */
int store_broadcast_cancel(struct db *db, int64_t id);

#endif
