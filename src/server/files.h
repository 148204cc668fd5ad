/* Uploaded files: what rosterd accepts (PDF, PNG, JPEG, recognised by
 * their first bytes, never by name or declared type), their SHA-256, a
 * display name that cannot hurt, and the headers that hand a file back.
 * The bytes themselves are kept in the database (store/attachments.h). */
#ifndef ROSTERD_FILES_H
#define ROSTERD_FILES_H

#include <stddef.h>

struct resp;

/* "application/pdf", "image/png" or "image/jpeg" from the magic bytes;
 * NULL for anything else. */
const char *file_sniff(const void *data, size_t len);
/* ".pdf", ".png", ".jpg" for those types; "" otherwise. */
const char *file_ext_for(const char *content_type);

/* SHA-256 as 64 lower-case hex digits. */
void file_sha256_hex(const void *data, size_t len, char out[65]);

/* A display name from what a client sent: the last path component, no
 * control characters, at most 100 characters, with the extension of the
 * real content type (so "scan.pdf" holding PNG bytes becomes "scan.png");
 * "file.<ext>" when nothing usable is left. Caller frees. */
char *file_display_name(const char *sent, const char *content_type);

/* Send data as a download: Content-Type, and Content-Disposition: attachment
 * with an ASCII fallback filename plus filename*=UTF-8''… for the real one.
 * data is copied unless owned. */
void file_send(struct resp *resp, const char *content_type, const char *name,
               void *data, size_t len, int owned);

#endif
