/* sessions: a login's bearer token, stored only as its SHA-256. */
#ifndef ROSTERD_STORE_SESSIONS_H
#define ROSTERD_STORE_SESSIONS_H

#include <stdint.h>

struct db;

#define SESSION_HASH_LEN 32

/* A session with what the HTTP core needs of its account, from one lookup. */
struct session_row {
	int64_t id;
	int64_t account_id;
	int64_t created_at;
	int64_t last_seen_at;
	int64_t expires_at;    /* absolute end */
	char role[16];
	int64_t org_id;
	char account_status[16];
};

int store_session_insert(struct db *db, const unsigned char hash[SESSION_HASH_LEN],
                         int64_t account_id, int64_t expires_at,
                         const char *address, int64_t *id);
int store_session_lookup(struct db *db, const unsigned char hash[SESSION_HASH_LEN],
                         struct session_row *out);
int store_session_touch(struct db *db, int64_t id, int64_t now);
int store_session_delete(struct db *db, int64_t id);
/* End every session of the account except keep_id (0 = end all). */
int store_session_delete_account(struct db *db, int64_t account_id, int64_t keep_id);
/* Drop sessions past their absolute end or idle for longer than idle. */
int store_session_purge(struct db *db, int64_t now, int idle);

#endif
