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

/* List fetches carry a generation in their tag, so that the answer to an
 * older fetch (the filter or the page changed meanwhile) is told apart and
 * dropped: tag = REPLY_TAG(kind, gen) with kind < REPLY_TAG_KINDS. */
#define REPLY_TAG_KINDS 16
#define REPLY_TAG(kind, gen) ((kind) + REPLY_TAG_KINDS * (int)((unsigned)(gen) & 0xffffu))
#define REPLY_TAG_KIND(tag) ((tag) % REPLY_TAG_KINDS)
#define REPLY_TAG_STALE(tag, gen) \
	((unsigned)(tag) / REPLY_TAG_KINDS != ((unsigned)(gen) & 0xffffu))

/* The list envelope's page numbers into a list widget's paging fields. */
struct list;
void reply_paging(struct list *l, const cJSON *reply, long page, long per_page);
/* The filter changed: what the list shows belongs to the old one, so it is
 * emptied and the next fetch asks for page 1. */
void paging_restart(struct list *l, long *page);

#endif
