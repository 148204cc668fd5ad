/* A tiny SMTP listener on loopback for tests: accepts every message and
 * keeps it (dot-unstuffed DATA plus the envelope) in memory. */
#ifndef ROSTER_TEST_SMTP_SINK_H
#define ROSTER_TEST_SMTP_SINK_H

struct smtp_sink;

/* Listen on 127.0.0.1 on a free port (set in *port). NULL on failure. */
struct smtp_sink *smtp_sink_start(int *port);
/* Wait up to timeout_ms for the n-th (1-based) message to rcpt; returns a
 * copy of its DATA (malloc'd) or NULL on timeout. */
char *smtp_sink_wait(struct smtp_sink *s, const char *rcpt, int n, int timeout_ms);
/* Messages received so far (all recipients). */
int smtp_sink_count(struct smtp_sink *s);
void smtp_sink_stop(struct smtp_sink *s);

#endif
