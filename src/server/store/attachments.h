/* attachments (migration 012): files uploaded into an application, kept as
 * BLOBs in the database with their SHA-256 (see files.h for the checks made
 * before a file gets here). */
#ifndef ROSTERD_STORE_ATTACHMENTS_H
#define ROSTERD_STORE_ATTACHMENTS_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct attachment {
	int64_t id;
	int64_t application_id;
	int64_t account_id;    /* who uploaded it (the applicant) */
	char *name;            /* as uploaded, for display */
	char *content_type;    /* from the bytes */
	int64_t size;          /* bytes */
	char *sha256;          /* 64 hex digits */
	unsigned char *data;   /* store_attachment_get with data only, else NULL */
	int64_t created_at;
};

void attachment_free(struct attachment *a);
void attachments_free(struct attachment *v, size_t n);

int store_attachment_insert(struct db *db, int64_t application_id, int64_t account_id,
                            const char *name, const char *content_type,
                            const void *data, size_t size, const char *sha256,
                            int64_t *id);
/* with_data: also load the bytes. */
int store_attachment_get(struct db *db, int64_t id, int with_data, struct attachment *out);
/* An application's attachments without their bytes, oldest first. */
int store_attachment_list(struct db *db, int64_t application_id,
                          struct attachment **out, size_t *n);
int store_attachment_delete(struct db *db, int64_t id);
/* -1 on error. */
int store_attachment_count(struct db *db, int64_t application_id);

#endif
