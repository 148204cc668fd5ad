/* member_mail: e-mails to members waiting for the sender (migration 070),
 * each in both languages. */
#ifndef ROSTERD_STORE_MEMBER_MAIL_H
#define ROSTERD_STORE_MEMBER_MAIL_H

#include <stdint.h>

struct db;

int store_member_mail_add(struct db *db, int64_t account_id, const char *subject_zh,
                          const char *subject_en, const char *body_zh, const char *body_en);

/* A waiting mail with what sending it needs (strings malloc'd). */
struct member_mail {
	int64_t id;
	int64_t account_id;
	char *subject_zh, *subject_en, *body_zh, *body_en;
	char *email;           /* the account's address now */
	char *username;
	char *language;        /* "zh", "en" or NULL (the server's) */
	char *account_status;
};
void member_mail_free(struct member_mail *m);
/* The oldest waiting mail: ST_OK, ST_NOTFOUND when none. */
int store_member_mail_next(struct db *db, struct member_mail *out);
/* Mark it sent; ST_CONFLICT when another sender took it first. */
int store_member_mail_claim(struct db *db, int64_t id);

#endif
