/* Phone hand-off: a short-lived, single-use link whose small HTML page lets
 * a phone upload the stamped form into the member's application, or
 * download one document (POST /handoff makes it, html/handoff.c serves it).
 *
 * A link is <base URL>/h/<token>: 16 characters of Crockford base32 (80
 * random bits), upper case, short enough for a small terminal QR code. Only
 * the token's SHA-256 is stored. A link lasts HANDOFF_TTL seconds and is
 * spent by the upload or download it was made for; looking at its page
 * does not spend it.
 *
 * Documents are named "name" or "name:<id>" and come from handoff_docs[]
 * (routes/handoff.c): other parts add a line there for theirs. */
#ifndef ROSTERD_HANDOFF_H
#define ROSTERD_HANDOFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "roster/err.h"

struct db;
struct caller;

#define HANDOFF_TTL 600
#define HANDOFF_TOKEN_LEN 16

/* A document made for a download. */
struct handoff_file {
	unsigned char *data;       /* malloc'd */
	size_t len;
	const char *content_type;  /* static */
	char *name;                /* malloc'd file name, may be non-ASCII */
};
void handoff_file_free(struct handoff_file *f);

struct handoff_doc {
	const char *name;          /* "application_form", "attachment", … */
	bool takes_id;             /* written "name:<id>" */
	/* May `who` have document id? ERR_OK, or ERR_NOT_FOUND / ERR_CONFLICT
	 * (not available yet). Called when the link is made. */
	enum roster_err (*check)(struct db *db, const struct caller *who, int64_t id);
	/* Make the document for `who`: ERR_OK with out filled. */
	enum roster_err (*render)(struct db *db, const struct caller *who, int64_t id,
	                          struct handoff_file *out);
};

/* {0}-terminated (routes/handoff.c). */
extern const struct handoff_doc handoff_docs[];

/* The entry for "name" or "name:<id>" and its id (0 when it takes none);
 * NULL when unknown or malformed. */
const struct handoff_doc *handoff_doc_find(const char *doc, int64_t *id);

/* SHA-256 of a token as stored (the token is upper-cased first, so a link
 * typed by hand in lower case works too). false when it is not a token. */
bool handoff_token_hash(const char *token, unsigned char out[32]);

#endif
