/* Outgoing mail. With [mail] smtp_url set, messages go out over SMTP
 * (libcurl) from a background thread so a slow mail server never holds a
 * request; otherwise each message is written to the outbox directory as
 * <outbox>/<time>-<seq>-<address>.eml (an RFC 5322 message, body in UTF-8),
 * so the newest file for an address sorts last. The log line says where each
 * message went. */
#ifndef ROSTERD_MAIL_H
#define ROSTERD_MAIL_H

/* Queue or write one plain-text message. subject and body are UTF-8.
 * Returns 0 when accepted, -1 (logged) when it could not be. */
int mail_send(const char *to, const char *subject, const char *body_utf8);

/* Start the SMTP sender (no-op with the outbox); stop it, delivering what
 * is queued within a few seconds. */
int mail_start(void);
void mail_stop(void);

#endif
