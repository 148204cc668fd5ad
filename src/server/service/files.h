/* Uploaded files: what rosterd accepts (PDF, PNG, JPEG, recognised by
 * their first bytes, never by name or declared type), their SHA-256, a
 * display name that cannot hurt, and the headers that hand a file back.
 * The bytes themselves are kept in the database (store/attachments.h). */
#ifndef ROSTERD_FILES_H
#define ROSTERD_FILES_H

#include <stddef.h>

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

/* The Content-Disposition value that hands a file back as name (an ASCII
 * fallback and the UTF-8 name); malloc'd. */
char *file_disposition(const char *name);

#endif
