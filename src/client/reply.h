/* Reading the server's replies: tolerant field reads, the message a failed
 * reply shows, the session-ended path, the generation tags that tell a
 * stale list reply apart, and a list envelope's page numbers. */
#ifndef ROSTER_CLIENT_REPLY_H
#define ROSTER_CLIENT_REPLY_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "app.h"

/* obj[key] when it is a string, else NULL. */
const char *json_s(const cJSON *obj, const char *key);
/* obj[key] when it is an integral number, else dflt. */
long long json_ll(const cJSON *obj, const char *key, long long dflt);
/* obj[key] as text, or "" (numbers are printed, booleans are yes/no);
 * never NULL. Pointer is to obj or to buf. */
const char *json_text(const cJSON *obj, const char *key, char buf[32]);
/* The same for the value v itself (v may be NULL). */
const char *json_value_text(const cJSON *v, char buf[32]);

/* The message a failed reply should show (server's text first); caller
 * frees. */
char *reply_error_text(const struct api_reply *r);
/* The session ended: hands the reply to app_reply_error and returns true
 * (the screen is going away). */
bool reply_session_gone(struct screen *s, const struct api_reply *r);

#endif
