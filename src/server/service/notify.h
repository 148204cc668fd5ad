/* Telling members: the e-mails that go with decisions and with messages
 * staff send, each in the member's language (the account's, not the
 * sender's), and the background sender that delivers them.
 *
 * Nothing here sends from inside a request: notify_mail() queues the
 * e-mail in the database (member_mail, both languages) inside the caller's
 * transaction, so it leaves only if the decision commits; the sender
 * thread picks the language and address when it hands the mail to mail.c.
 * Messages about a bank transfer staff confirmed or rejected (or dues
 * recorded offline) queue theirs where they are made (pay/settle.c,
 * routes/bank_transfers.c). Broadcasts (staff messages
 * to a filtered set of members, store/broadcasts.h) are expanded by the
 * same thread in batches and resume after a restart. */
#ifndef ROSTERD_NOTIFY_H
#define ROSTERD_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

struct db;

/* Queue an e-mail to the member in both languages (texts copied). Call in
 * the transaction of the change it reports. ST_OK or ST_ERROR. */
int notify_mail(struct db *db, int64_t account_id, const char *subject_zh,
                const char *subject_en, const char *body_zh, const char *body_en);

/* Does the member read English (the account's language, else the
 * server's)? */
bool notify_member_english(struct db *db, int64_t account_id);

/* "zh" or "en" when an Accept-Language header names one of them (the
 * highest q wins), else NULL. */
const char *notify_header_language(const char *accept_language);
/* Remember the language the header names on the account (nothing when it
 * names neither). ST_OK or ST_ERROR. */
int notify_note_language(struct db *db, int64_t account_id, const char *accept_language);

/* Start and stop the sender thread (rosterd serve); notify_wake makes it
 * look at the queue now. */
int notify_start(void);
void notify_stop(void);
void notify_wake(void);

#endif
