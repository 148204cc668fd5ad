/* messages: the message centre (migration 013). Every change that concerns
 * a member leaves one row, its text in Chinese and English. */
#ifndef ROSTERD_STORE_MESSAGES_H
#define ROSTERD_STORE_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

struct message {
	int64_t id;
	int64_t account_id;
	char *kind;            /* "application", "order", "payment", "invoice", … */
	char *title_zh, *title_en;
	char *body_zh, *body_en;
	char *ref_type;        /* what it is about ("application", "order" …) or NULL */
	int64_t ref_id;        /* 0 = none */
	int64_t created_at;
	int64_t read_at;       /* 0 = unread */
};

void message_free(struct message *m);
void messages_free(struct message *v, size_t n);

/* Tell a member something. Every text is required (use the same text twice
 * when there is no translation); ref_type may be NULL and ref_id 0. Call
 * inside the transaction of the change it reports. */
int store_message_add(struct db *db, int64_t account_id, const char *kind,
                      const char *title_zh, const char *title_en,
                      const char *body_zh, const char *body_en,
                      const char *ref_type, int64_t ref_id);

/* A member's messages, unread first, newest first within each; a page of
 * per_page starting at offset. *total counts them all. */
int store_message_list(struct db *db, int64_t account_id, bool unread_only,
                       int offset, int per_page,
                       struct message **out, size_t *n, int64_t *total);
/* ST_NOTFOUND when it is not that member's. */
int store_message_get(struct db *db, int64_t account_id, int64_t id, struct message *out);
/* Mark read (no change when it was read already); ST_NOTFOUND when it is not
 * that member's. */
int store_message_read(struct db *db, int64_t account_id, int64_t id);
/* Mark every message read; *count (may be NULL) gets how many changed. */
int store_message_read_all(struct db *db, int64_t account_id, int *count);
/* Unread messages of a member, or -1 on error. */
int64_t store_message_unread(struct db *db, int64_t account_id);

#endif
