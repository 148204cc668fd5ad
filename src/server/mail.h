/* Outgoing mail. With [mail] smtp_url set, a message is stored in the
 * mail_outbox table (through the calling thread's database connection)
 * before mail_send returns, and a sender thread of its own delivers it over
 * SMTP (libcurl) and deletes it, so no request ever waits for the mail
 * server and a message survives a failed try, a stop or a crash: it is
 * retried after 10 s, then at growing pauses up to an hour, and given up
 * (status 'failed', logged as an error) after a day. Otherwise each message
 * is written to the outbox directory as
 * <outbox>/<time>-<seq>-<address>.eml (an RFC 5322 message, body in UTF-8),
 * so the newest file for an address sorts last. The log line says where
 * each message went. */
#ifndef ROSTERD_MAIL_H
#define ROSTERD_MAIL_H

/* Queue or write one plain-text message (call it after committing what it
 * reports). subject and body are UTF-8. Returns 0 when accepted, -1
 * (logged) when it could not be. */
int mail_send(const char *to, const char *subject, const char *body_utf8);

/* Start the SMTP sender (no-op with the outbox); stop it once the message
 * it is sending is done (what waits stays queued for the next start). */
int mail_start(void);
void mail_stop(void);

#endif
