/* Membership over time: the texts and records of renewal reminders, grace
 * and expiry, and the history a dues payment leaves (periods paid, and the
 * gap when a membership is renewed after it expired). Used by the scheduled
 * jobs (schedule_jobs.c), the staff's "remind now" route and settling. */
#ifndef ROSTERD_RENEWAL_H
#define ROSTERD_RENEWAL_H

#include <stdint.h>

struct db;
struct order;

/* A mail to send once the transaction that recorded it has committed. */
struct renewal_mail {
	char *to, *subject, *body;
};
void renewal_mail_send_free(struct renewal_mail *m);   /* sends when to is set */
void renewal_mail_drop(struct renewal_mail *m);        /* frees without sending */

/* Tell the member (message centre, and *mail to send after commit) that the
 * membership valid until valid_until needs renewing, as of today (both
 * YYYY-MM-DD). actor 0 = the scheduler, else the staff account (history
 * and audit record who). Inside the caller's transaction. ST_*. */
int renewal_remind(struct db *db, int64_t account_id, const char *valid_until,
                   const char *today, int64_t actor, struct renewal_mail *mail);

/* The membership valid until valid_until has ended: grace starts (history,
 * message, *mail). Inside the caller's transaction. */
int renewal_grace_begins(struct db *db, int64_t account_id, const char *valid_until,
                         struct renewal_mail *mail);
/* Grace is over: stored status expired (only from active), history,
 * message, *mail. ST_CONFLICT when the member is no longer active. */
int renewal_expire(struct db *db, int64_t account_id, const char *valid_until,
                   struct renewal_mail *mail);

/* A dues order is being settled (inside pay_settle's transaction): the
 * member becomes active (member number the first time) and valid_until
 * moves by the association's dues.validity (calendar_year: to 31 December
 * of the order's last year; from_payment: as many years as the order pays
 * from the end of the membership it extends, or from today) or, for a
 * lifetime level, to 9999-12-31. The period paid is recorded in the
 * history and, when the membership had expired, the gap before it. */
int renewal_settle_dues(struct db *db, const struct order *o);
/* The valid_until such a payment would give the member now (for quotes). */
int renewal_valid_until_after(struct db *db, int64_t account_id, int64_t level_id,
                              int year_from, int year_to, char out[11]);

/* date + days into out ("YYYY-MM-DD"); days between two dates (b - a). */
void renewal_date_add(const char *date, int days, char out[11]);
long renewal_days_between(const char *a, const char *b);

#endif
