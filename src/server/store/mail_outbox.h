/* mail_outbox: messages waiting for the SMTP server (see mail.h). */
#ifndef ROSTERD_STORE_MAIL_OUTBOX_H
#define ROSTERD_STORE_MAIL_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct mail_row {
	int64_t id;
	char *recipient;
	char *message;         /* the whole message, CRLF line ends */
	int attempts;          /* tries so far, this one included */
	int64_t created_at;
};
void mail_row_free(struct mail_row *r);

/* Queue a message, due now (in its own transaction, or in the caller's
 * when one is open). ST_OK or ST_ERROR. */
int store_mail_insert(struct db *db, const char *recipient, const char *message, int64_t now);
/* Take the oldest message due at now: its next_at moves to claim_until
 * and its attempts grow by one, so no other sender takes it meanwhile.
 * ST_OK (out filled), ST_NOTFOUND, ST_ERROR. */
int store_mail_claim(struct db *db, int64_t now, int64_t claim_until, struct mail_row *out);
/* Delivered: the row goes. */
int store_mail_sent(struct db *db, int64_t id);
/* Not delivered: try again at next_at. */
int store_mail_retry(struct db *db, int64_t id, int64_t next_at);
/* Given up: the row stays, status 'failed'. */
int store_mail_fail(struct db *db, int64_t id);
/* When the next queued message is due: ST_OK (*next_at set), ST_NOTFOUND. */
int store_mail_next_due(struct db *db, int64_t *next_at);

#endif
