/* The phone hand-off screen: asks the server for a short-lived link
 * (POST /handoff {purpose, doc}), shows it as a QR code with the link as text
 * and a countdown, and — for an upload — polls a path every few seconds and
 * closes by itself (value 1) once landed() says the phone's file arrived.
 * Esc closes with 0. Used by the join wizard (upload the stamped form) and
 * the certificate (download it on a phone). */
#ifndef ROSTER_CLIENT_JOIN_HANDOFF_H
#define ROSTER_CLIENT_JOIN_HANDOFF_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "app.h"

struct handoff_arg {
	const char *title;     /* translated */
	const char *purpose;   /* "upload_attachment" or "download" */
	const char *doc;       /* "application_form", "certificate", … */
	const char *poll_path; /* GET this while shown (upload), or NULL */
	/* true when the polled reply shows the upload landed (borrowed ctx) */
	bool (*landed)(const cJSON *reply, void *ctx);
	void *ctx;
};

extern const struct screen_ops scr_handoff_ops;

#define HANDOFF_POLL_MS 3000

/* Seconds since the epoch from an "expires_at" value: a number of seconds,
 * or an ISO 8601 UTC text ("2026-11-29T08:10:00Z"); -1 when neither. */
long long handoff_parse_time(const cJSON *v);

#endif
