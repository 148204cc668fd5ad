/* handoffs (migration 015): short-lived single-use phone links. Only the
 * SHA-256 of a link's token is stored. */
#ifndef ROSTERD_STORE_HANDOFFS_H
#define ROSTERD_STORE_HANDOFFS_H

#include <stdint.h>

struct db;

#define HANDOFF_HASH_LEN 32

struct handoff {
	int64_t id;
	int64_t account_id;
	char *purpose;         /* "upload_attachment" or "download" */
	char *doc;             /* download: what to download; NULL otherwise */
	int64_t application_id;/* upload: where the file goes; 0 = none */
	int64_t created_at;
	int64_t expires_at;
	int64_t used_at;       /* 0 = not used */
	char lang[3];          /* "zh", "en", or "" (the server's default) */
};

void handoff_free(struct handoff *h);

int store_handoff_insert(struct db *db, const unsigned char hash[HANDOFF_HASH_LEN],
                         int64_t account_id, const char *purpose, const char *doc,
                         int64_t application_id, int64_t expires_at, const char *lang,
                         int64_t *id);
int store_handoff_lookup(struct db *db, const unsigned char hash[HANDOFF_HASH_LEN],
                         struct handoff *out);
/* Spend the link: ST_CONFLICT when it was used already or has expired at
 * now (the check and the change are one statement, so a link is spent
 * once however many phones race for it). */
int store_handoff_use(struct db *db, int64_t id, int64_t now);

#endif
