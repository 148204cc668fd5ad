/* A tiny SMTP listener on loopback for tests: accepts every message and
 * keeps it (dot-unstuffed DATA plus the envelope) in memory. */
#ifndef ROSTER_TEST_SMTP_SINK_H
#define ROSTER_TEST_SMTP_SINK_H

struct smtp_sink;

enum {
	SMTP_SINK_AUTH = 1u << 0   /* offer AUTH PLAIN (and accept any credentials) */
};

/* Listen on 127.0.0.1 on a free port (set in *port). NULL on failure.
 * The sink never offers STARTTLS. */
struct smtp_sink *smtp_sink_start(int *port);
/* The same with SMTP_SINK_* flags. */
struct smtp_sink *smtp_sink_start_ex(int *port, unsigned flags);
/* Every line clients have sent so far, CRLF-terminated (malloc'd). */
char *smtp_sink_transcript(struct smtp_sink *s);
/* Wait up to timeout_ms for the n-th (1-based) message to rcpt; returns a
 * copy of its DATA (malloc'd) or NULL on timeout. */
char *smtp_sink_wait(struct smtp_sink *s, const char *rcpt, int n, int timeout_ms);
/* Messages received so far (all recipients). */
int smtp_sink_count(struct smtp_sink *s);
void smtp_sink_stop(struct smtp_sink *s);

#endif
