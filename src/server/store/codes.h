/* codes: one-time codes sent by e-mail (password reset …), stored as a
 * salted hash with an expiry and an attempt counter. */
#ifndef ROSTERD_STORE_CODES_H
#define ROSTERD_STORE_CODES_H

#include <stdint.h>

struct db;

#define CODE_HASH_LEN 32
#define CODE_SALT_LEN 16

struct code_row {
	int64_t id;
	int64_t account_id;
	unsigned char hash[CODE_HASH_LEN];
	unsigned char salt[CODE_SALT_LEN];
	int64_t expires_at;
	int attempts;
};

/* Store a new code for (account, purpose); earlier unused codes of that
 * purpose stop working. */
int store_code_insert(struct db *db, int64_t account_id, const char *purpose,
                      const unsigned char hash[CODE_HASH_LEN],
                      const unsigned char salt[CODE_SALT_LEN],
                      int64_t expires_at, int64_t *id);
/* The live code: unused, unexpired at now, fewer than max_attempts tries. */
int store_code_live(struct db *db, int64_t account_id, const char *purpose,
                    int64_t now, int max_attempts, struct code_row *out);
int store_code_attempt(struct db *db, int64_t id);
/* Mark used; ST_CONFLICT when it was used already. */
int store_code_use(struct db *db, int64_t id);

#endif
