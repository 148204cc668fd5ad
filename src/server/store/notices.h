/* notices: announcements (公告动态) published by HQ staff, or by a branch's
 * officers for their branch (org_id, migration 070). */
#ifndef ROSTERD_STORE_NOTICES_H
#define ROSTERD_STORE_NOTICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

struct notice {
	int64_t id;
	char *title;
	char *body;
	char *title_en;        /* optional English version, or NULL */
	char *body_en;
	bool pinned;
	int64_t author_id;     /* 0 = none (seeded, or the author was removed) */
	int64_t org_id;        /* the branch it is from; 0 = the association */
	int64_t created_at;
	int64_t updated_at;
};

void notice_free(struct notice *n);
void notices_free(struct notice *v, size_t n);

/* Pinned first, then newest first; one page. */
int store_notice_list(struct db *db, int offset, int per_page,
                      struct notice **out, size_t *n, int64_t *total);
int store_notice_get(struct db *db, int64_t id, struct notice *out);
/* id, author_id, created_at and updated_at of `in` are ignored (org_id is
 * kept; an update never changes it). */
int store_notice_insert(struct db *db, const struct notice *in, int64_t author_id,
                        int64_t *id);
int store_notice_update(struct db *db, int64_t id, const struct notice *in);
int store_notice_delete(struct db *db, int64_t id);

/* The init step of notices: with demo (`rosterd init --demo`) a few
 * published notices in Chinese and English, unless notices exist already;
 * nothing without. ST_OK (0) or ST_ERROR (-1). */
int store_notice_seed(struct db *db, bool demo);

#endif
